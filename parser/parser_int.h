/* parser/ internals shared between the XML parser and the JSON Feed
 * reader. */
#ifndef VEILLE_PARSER_INT_H
#define VEILLE_PARSER_INT_H

#include "parser.h"

/* Completes an item before delivery: id fallback (link, then a hash of
 * feed_key, title and date, flagged), identifiers (DOI, arXiv, HAL) found in
 * its id, link, summary and content. Returns 0 or -1 on ENOMEM. */
int parser_item_finish(struct feed_item *it, const char *feed_key);
/* Identifier extraction from any string (NULL: none): each sets *out to a
 * new string, or NULL when none is found, and returns 0; -1 (and *out
 * NULL) when out of memory, which must not pass for "none". DOIs come in
 * lower case, without what a URL or a sentence adds; arXiv's own DOIs
 * (10.48550/arXiv.ID) are arXiv ids, not DOIs. arXiv and HAL ids come
 * without their version ("v2"), arXiv's old ids without the subject class
 * (math.GT/0309136 is math/0309136). */
int parser_find_doi(const char *s, char **out);
int parser_find_arxiv_id(const char *s, char **out);
int parser_find_hal_id(const char *s, char **out);
/* The DOI of a link: one that starts a path segment (doi.org/10...,
 * /doi/abs/10..., /article/10...) or a "doi=" query parameter, without
 * what the link adds to it. Same contract. */
int parser_link_doi(const char *link, char **out);
/* The first DOI a text writes as one: "doi:10...", "DOI 10...",
 * "https://doi.org/10...". Same contract. */
int parser_text_doi(const char *s, char **out);
/* url_resolve_checked() (libcurl's URL API) with a fast path for what it
 * would hand back unchanged: an absolute http(s) URL of plain characters,
 * or a path ("/a/b") against such a base. Same result and contract;
 * test_parser compares the two on every link of tests/data. resolve.c. */
int parser_url_resolve(const char *base, const char *ref, char **out);
/* 1 when s is an absolute http(s) URL that url_resolve_checked() would
 * hand back unchanged; sets *origin (may be NULL) to the length of its
 * "scheme://host". resolve.c. */
int parser_url_plain(const char *s, size_t *origin);
/* Appends s to a string vector, skipping exact duplicates. */
int parser_strv_add(char ***v, size_t *n, const char *s);

/* Reads a JSON Feed document whole; items go to cb like the XML parser's.
 * meta->format is set. Returns 0 or -1 with e set ("not a feed: ..."). */
int jsonfeed_read(const char *data, size_t len, const struct parse_opts *o,
		  struct feed *meta, feed_item_cb cb, void *ctx,
		  struct err *e);

/* Conversion of a legacy charset to UTF-8 (conv.c), a bad byte sequence
 * becoming U+FFFD instead of ending the parse. parser_conv_open() sets *c
 * to a new converter (free with parser_conv_free()) and returns 0, -1 when
 * iconv does not know the charset, -2 when out of memory. */
struct conv;
int parser_conv_open(struct conv **c, const char *charset);
/* Appends the UTF-8 of s to out; a sequence cut by the end of s waits for
 * the next call, unless final. 0 or a BUF_E* code. */
int parser_conv_run(struct conv *c, struct buf *out, const char *s, size_t n,
		    int final);
/* How many bad sequences became U+FFFD so far. */
size_t parser_conv_replaced(const struct conv *c);
void parser_conv_free(struct conv *c);

#endif
