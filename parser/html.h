/* HTML found in feeds, with libxml2's HTML parser: to plain text for
 * titles and summaries, and sanitised (allow-list) HTML for content. */
#ifndef VEILLE_PARSER_HTML_H
#define VEILLE_PARSER_HTML_H

#include <stddef.h>

#include "../util/buf.h"

/* Appends the plain text of an HTML fragment: tags removed, entities
 * (including HTML named entities such as &nbsp; &eacute;) decoded, white
 * space collapsed, trimmed, valid UTF-8. Returns 0 or a BUF_E* code. */
int html_to_text(struct buf *out, const char *html, size_t n);
/* Appends a sanitised copy of an HTML fragment: only allow-listed tags and
 * attributes survive; no script, style, event handlers, javascript: or
 * data: URLs; relative links resolved against base (may be NULL). */
int html_sanitize(struct buf *out, const char *html, size_t n,
		  const char *base);

#endif
