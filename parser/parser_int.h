/* parser/ internals shared between the XML parser and the JSON Feed
 * reader. */
#ifndef VEILLE_PARSER_INT_H
#define VEILLE_PARSER_INT_H

#include "parser.h"

/* Completes an item before delivery: id fallback (link, then a hash of
 * feed_key, title and date, flagged), identifiers (DOI, arXiv, HAL) found in
 * its id and link. Returns 0 or -1 on ENOMEM. */
int parser_item_finish(struct feed_item *it, const char *feed_key);
/* Identifier extraction from any string; each returns a new string or
 * NULL when none is found. */
char *parser_find_doi(const char *s);
char *parser_find_arxiv_id(const char *s);
char *parser_find_hal_id(const char *s);
/* url_resolve() (libcurl's URL API) with a fast path for what it would
 * hand back unchanged: an absolute http(s) URL of plain characters, or a
 * path ("/a/b") against such a base. Same result, a new string or NULL;
 * test_parser compares the two on every link of tests/data. */
char *parser_url_resolve(const char *base, const char *ref);
/* Appends s to a string vector, skipping exact duplicates. */
int parser_strv_add(char ***v, size_t *n, const char *s);

/* Reads a JSON Feed document whole; items go to cb like the XML parser's.
 * meta->format is set. Returns 0 or -1 with e set ("not a feed: ..."). */
int jsonfeed_read(const char *data, size_t len, const struct parse_opts *o,
		  struct feed *meta, feed_item_cb cb, void *ctx,
		  struct err *e);

#endif
