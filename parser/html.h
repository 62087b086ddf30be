/* HTML found in feeds: to plain text for titles and summaries (a fast
 * tokenizer of our own), and sanitised allow-list HTML for content
 * (libxml2's HTML parser, or a tokenizer that makes the same calls on
 * simple HTML). Neither touches the network nor recurses on
 * nesting depth. */
#ifndef VEILLE_PARSER_HTML_H
#define VEILLE_PARSER_HTML_H

#include <stddef.h>

#include "../util/buf.h"

/* Appends the plain text of an HTML fragment: tags removed, entities
 * (including HTML named entities such as &nbsp; &eacute;) decoded, white
 * space collapsed, trimmed, valid UTF-8; script, style and the like are
 * dropped with their content. Returns 0 or a BUF_E* code (the buffer is
 * then left as it was). Text without '<' skips libxml2 entirely. */
int html_to_text(struct buf *out, const char *html, size_t n);
/* Appends a sanitised copy of an HTML fragment: only allow-listed tags and
 * attributes survive; no script, style, event handlers, javascript: or
 * data: URLs; relative links resolved against base (may be NULL); only
 * http, https and mailto URLs survive. The output nests properly and
 * escapes every text. Returns 0 or a BUF_E* code. */
int html_sanitize(struct buf *out, const char *html, size_t n,
		  const char *base);
/* The same, always through libxml2's HTML parser: html_sanitize takes a
 * faster path of its own on simple HTML, and the tests compare the two. */
int html_sanitize_libxml2(struct buf *out, const char *html, size_t n,
			  const char *base);
/* Appends s with its character references decoded (HTML named entities
 * such as &eacute; and numeric ones), leaving everything else, tags
 * included, as it is; invalid UTF-8 is repaired, NUL bytes become
 * spaces. For plain-text fields
 * that publishers escaped twice: "AT&amp;amp;T" arrives from XML as
 * "AT&amp;T" and leaves as "AT&T". Returns 0 or a BUF_E* code (the
 * buffer is then left as it was). */
int html_decode_entities(struct buf *out, const char *s, size_t n);

/* Appends the text of an HTML fragment to read in a terminal: paragraphs
 * (and other blocks) apart by a blank line, a line break for <br>, list
 * items as lines starting "- ", white space collapsed; each http(s) link
 * numbered where it ends ("the report [1]") and its URL appended to links,
 * one a line, in that order. libxml2's HTML parser (no network). Returns
 * 0 or a BUF_E* code. */
int html_text_links(struct buf *out, struct buf *links, const char *html,
		    size_t n);

#endif
