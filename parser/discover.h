/* Feed discovery: the feeds an HTML page advertises with
 * <link rel="alternate" type="application/rss+xml|application/atom+xml|
 * application/feed+json" href="...">. */
#ifndef VEILLE_PARSER_DISCOVER_H
#define VEILLE_PARSER_DISCOVER_H

#include <stddef.h>

#include "../util/err.h"

struct parser_feed_link {
	char *url;	/* absolute http(s) URL */
	char *type;	/* "application/rss+xml", ... (lower-case) */
	char *title;	/* NULL when the link has none */
};

struct parser_feed_links {
	struct parser_feed_link *v;
	size_t n;
};

/* Parses html (len bytes, untrusted; libxml2's HTML parser, no network)
 * and appends to out every advertised feed, in document order, with href
 * resolved against <base href> or else page_url; duplicates and links that
 * do not resolve to http(s) are skipped. out must be zeroed before the first
 * call; release it with parser_feed_links_release(). Returns 0, or -1 with e
 * set (out of memory, unparsable document). */
int parser_discover_feeds(const char *html, size_t len, const char *page_url,
			  struct parser_feed_links *out, struct err *e);
void parser_feed_links_release(struct parser_feed_links *l);

#endif
