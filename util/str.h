/* String helpers shared by every module. */
#ifndef VEILLE_UTIL_STR_H
#define VEILLE_UTIL_STR_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Copies src into dst (size n > 0), always terminated; returns strlen(src). */
size_t str_copy(char *dst, const char *src, size_t n);
/* Case-insensitive ASCII comparisons. */
int str_casecmp(const char *a, const char *b);
int str_ncasecmp(const char *a, const char *b, size_t n);
int str_startswith(const char *s, const char *prefix);
/* Returns s without leading and trailing ASCII white space: moves the start
 * pointer and writes a NUL at the new end (s is modified). */
char *str_trim(char *s);
/* Edit distance between a and b (bytes), capped at 100. */
int str_distance(const char *a, const char *b);
/* Returns the candidate closest to word when close enough to be a useful
 * "did you mean" suggestion, else NULL. candidates ends with NULL. */
const char *str_suggest(const char *word, const char *const *candidates);
/* Parses a decimal integer in [min, max] with nothing after it. 0 or -1. */
int str_to_i64(const char *s, int64_t min, int64_t max, int64_t *out);
/* Parses a duration: a positive integer followed by s, m, h, d or w
 * ("30m", "6h", "1d", "2w"), or several such ("1d12h"). Also y (365 days).
 * Stores seconds. 0 or -1. */
int str_to_duration(const char *s, int64_t *seconds);
/* Parses a size: an integer with an optional k, M or G suffix (binary
 * multiples, "16M" = 16 MiB) and an optional B/iB. 0 or -1. */
int str_to_size(const char *s, int64_t *bytes);
/* Parses yes/no/true/false/on/off/1/0. Returns 0 or 1, or -1. */
int str_to_bool(const char *s);
/* Appends s as one RFC 4180 CSV field (quoted when needed). */
int csv_field(struct buf *out, const char *s);
/* Stable 64-bit FNV-1a hash, and its 16-hex-digit form (17 bytes). */
uint64_t str_hash64(const void *p, size_t n);
void str_hash_hex(const void *p, size_t n, char out[17]);

#endif
