/* A small JSON writer into a struct buf. Strings are escaped and invalid
 * UTF-8 is replaced by U+FFFD, so the output is always valid JSON whatever
 * the feed gave. Commas are placed automatically:
 *
 *	struct jsonw w;
 *	jsonw_init(&w, &buf);
 *	jsonw_obj(&w);
 *	jsonw_key(&w, "title"); jsonw_str(&w, title);
 *	jsonw_key(&w, "items"); jsonw_arr(&w); ... jsonw_end(&w);
 *	jsonw_end(&w);
 *	if (jsonw_error(&w)) ...
 *
 * Errors are sticky: after the first failed append every call is a no-op and
 * jsonw_error() returns the BUF_E* code. */
#ifndef VEILLE_UTIL_JSONW_H
#define VEILLE_UTIL_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define JSONW_DEPTH_MAX 32

struct jsonw {
	struct buf *out;	/* borrowed */
	int rc;
	int depth;
	unsigned char first[JSONW_DEPTH_MAX];
	unsigned char is_arr[JSONW_DEPTH_MAX];
	unsigned char after_key;
};

void jsonw_init(struct jsonw *w, struct buf *out);
void jsonw_obj(struct jsonw *w);
void jsonw_arr(struct jsonw *w);
void jsonw_end(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);
/* NULL writes null. */
void jsonw_str(struct jsonw *w, const char *s);
void jsonw_strn(struct jsonw *w, const char *s, size_t n);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_double(struct jsonw *w, double v);
void jsonw_bool(struct jsonw *w, int v);
void jsonw_null(struct jsonw *w);
/* Writes key and value; skips the pair when s is NULL. */
void jsonw_kstr(struct jsonw *w, const char *key, const char *s);
void jsonw_kint(struct jsonw *w, const char *key, int64_t v);
int jsonw_error(const struct jsonw *w);

/* Appends s (n bytes) as a quoted JSON string. */
int json_quote(struct buf *out, const char *s, size_t n);

#endif
