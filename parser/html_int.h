/* What html.c (plain text) and sanitize.c (allow-listed HTML) share: the
 * table of known elements and the input's preparation for libxml2. */
#ifndef VEILLE_PARSER_HTML_INT_H
#define VEILLE_PARSER_HTML_INT_H

#include <limits.h>
#include <stddef.h>

#include "../util/buf.h"

/* Elements nested deeper than this are unwrapped (their text is kept). */
#define HTML_STACK_MAX 256
/* libxml2 takes an int size. */
#define HTML_INPUT_MAX ((size_t)INT_MAX / 2)

enum {
	T_ALLOW = 1,	/* kept by html_sanitize */
	T_DROP = 2,	/* dropped with everything inside */
	T_BLOCK = 4,	/* a word break in plain text */
	T_VOID = 8,	/* no end tag */
};

struct tag {
	const char *name;
	unsigned flags;
};

/* The elements known, sorted by name (html.c). */
extern const struct tag html_tags[];
/* Index + 1 into html_tags[], or 0 for an element we do not know. */
unsigned html_tag_find(const char *name);
/* Appends to tmp what libxml2 parses (see html.c); 0 or a BUF_E* code. */
int html_prepare(struct buf *tmp, const char *s, size_t n, int body);

static inline int html_ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

#endif
