/* Allocation wrappers: every allocation in veille goes through these so that
 * tests can make the Nth allocation fail (VEILLE_ALLOC_FAIL_AT=N) and check
 * that each failure ends in a clean error, never a crash or a leak.
 * They return NULL on failure like malloc(3); they never abort. */
#ifndef VEILLE_UTIL_ALLOC_H
#define VEILLE_UTIL_ALLOC_H

#include <stddef.h>

void *v_malloc(size_t n);
void *v_calloc(size_t nmemb, size_t size);
void *v_realloc(void *p, size_t n);
/* Overflow-checked realloc of an array of nmemb elements of size bytes. */
void *v_reallocarray(void *p, size_t nmemb, size_t size);
char *v_strdup(const char *s);
/* Copies at most n bytes of s and terminates the copy. */
char *v_strndup(const char *s, size_t n);
void v_free(void *p);

/* Fault injection: the allocation numbered at (1-based) and every one after
 * it fail when sticky is set, or only that one otherwise. at == 0 disables.
 * Read once from VEILLE_ALLOC_FAIL_AT at first use as well. */
void v_alloc_fail_at(unsigned long at);
/* Number of allocations made so far (for torture loops). */
unsigned long v_alloc_count(void);

#endif
