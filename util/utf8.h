/* UTF-8 helpers: validation, repair, and the accent-folding used by the
 * classifier, story merging and search so that "Maintenance Prédictive",
 * "MAINTENANCE PREDICTIVE" and "maintenance predictive" compare equal. */
#ifndef VEILLE_UTIL_UTF8_H
#define VEILLE_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Decodes one code point from s (at most n bytes). Returns its length in
 * bytes (1..4) and stores it in *cp, or returns 0 for an invalid or
 * truncated sequence (overlongs, surrogates and > U+10FFFF are invalid). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Appends the UTF-8 encoding of cp. */
int utf8_encode(struct buf *b, uint32_t cp);
/* 1 when the n bytes are valid UTF-8. */
int utf8_valid(const char *s, size_t n);
/* Appends s with every invalid sequence replaced by U+FFFD. */
int utf8_repair(struct buf *out, const char *s, size_t n);
/* Appends the folded form of s: lower case, accents removed from Latin
 * letters (é -> e, ç -> c, œ -> oe, ß -> ss), other code points lowercased
 * where simple and kept otherwise; invalid bytes become U+FFFD. */
int utf8_fold(struct buf *out, const char *s, size_t n);
/* Length of the longest prefix of s (at most max bytes) that does not cut a
 * UTF-8 sequence in two. */
size_t utf8_truncate_len(const char *s, size_t len, size_t max);

#endif
