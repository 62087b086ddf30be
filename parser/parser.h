/* parser/: bytes to a feed with items, with libxml2 (SAX, push mode) and,
 * for JSON Feed, SQLite's JSON functions.
 *
 * The format is detected from the content. Input is pushed in chunks of any
 * size (the fetcher's write callback) and items are delivered one by one,
 * so memory is bounded by the limits below, not by the document. */
#ifndef VEILLE_PARSER_H
#define VEILLE_PARSER_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/err.h"
#include "feed.h"

struct parse_opts {
	const char *base_url;	/* the document's URL, for relative links; may be NULL */
	const char *charset;	/* transport charset (Content-Type); may be NULL */
	size_t max_field;	/* bytes per text field; 0 = 1 MiB */
	size_t max_item;	/* bytes per item, all fields; 0 = 4 MiB */
	size_t max_json;	/* bytes of a JSON Feed document (read whole); 0 = 32 MiB */
};

struct feed_parser;

/* Called once per item. meta holds the feed's fields seen so far (format,
 * title, link, ...; no items), borrowed for the call. The item is borrowed
 * too: to keep its contents, copy the struct and clear the original
 * (memset to 0); whatever is left is released after the call. A non-zero
 * return stops the parse: feed_parser_push/finish then fail with the
 * message the callback put in e (or "stopped by the caller"). */
typedef int (*feed_item_cb)(void *ctx, const struct feed *meta,
			    struct feed_item *it, struct err *e);

/* Readies libxml2 for parsers on several threads: call once, on the main
 * thread, before the first parser starts on another (libxml2 sets up its
 * shared state on first use, and not safely from two threads at once). */
void feed_parser_init(void);

/* Returns a new parser (free with feed_parser_free()), or NULL on ENOMEM.
 * o may be NULL; its strings are copied. */
struct feed_parser *feed_parser_new(const struct parse_opts *o,
				    feed_item_cb on_item, void *ctx);
/* Feeds n bytes. Returns 0, or -1 with e set when the input cannot be a feed
 * (not a feed, a limit exceeded, an error response); no later call helps. */
int feed_parser_push(struct feed_parser *p, const char *buf, size_t n,
		     struct err *e);
/* Ends the input. On success returns 0 and stores in *meta a new struct
 * feed (free with feed_free()) holding the feed's fields, no items, the
 * OAI-PMH resumption token, not_well_formed and the first warning. */
int feed_parser_finish(struct feed_parser *p, struct feed **meta,
		       struct err *e);
void feed_parser_free(struct feed_parser *p);
/* The format as far as the input pushed so far tells: FEED_FORMAT_UNKNOWN
 * until the root element is read (or the document is seen to be JSON);
 * Atom may still become arXiv later. */
enum feed_format feed_parser_format(const struct feed_parser *p);

/* Parses a whole document and collects every item: returns 0 and a new
 * feed in *out (free with feed_free()), or -1 with e set. */
int feed_parse(const char *data, size_t len, const struct parse_opts *o,
	       struct feed **out, struct err *e);

/* OPML subscription lists. */
struct opml_outline {
	char *title;		/* text or title attribute, plain text */
	char *xml_url;		/* the feed, resolved; never NULL */
	char *html_url;		/* the site, or NULL */
	char *category;		/* enclosing outlines' titles joined with '/',
				   then the category attribute; or NULL */
};

struct opml {
	char *title;
	struct opml_outline *outlines;
	size_t noutlines;
};

/* Parses an OPML 1.0/2.0 document: returns 0 and a new list in *out (free
 * with opml_free()), or -1 with e set (including "not an OPML document"). */
int opml_parse(const char *data, size_t len, const struct parse_opts *o,
	       struct opml **out, struct err *e);
void opml_free(struct opml *l);

/* Appends libxml2's version. */
int parser_version(struct buf *out);

#endif
