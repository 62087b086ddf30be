/* Allocation wrappers with a countdown for fault injection (curl-style torture). */
#include "alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Atomic: the crawl's worker threads allocate too. The environment is read
 * at the first allocation, which happens in main() before any thread. */
static atomic_ulong alloc_count;
static unsigned long alloc_fail_at;
static int alloc_env_read;

static int should_fail(void)
{
	if (!alloc_env_read) {
		const char *s = getenv("VEILLE_ALLOC_FAIL_AT");
		alloc_env_read = 1;
		if (s && *s)
			alloc_fail_at = strtoul(s, NULL, 10);
	}
	return atomic_fetch_add(&alloc_count, 1) + 1 == alloc_fail_at &&
	       alloc_fail_at;
}

void v_alloc_fail_at(unsigned long at)
{
	alloc_env_read = 1;
	alloc_fail_at = at;
	atomic_store(&alloc_count, 0);
}

unsigned long v_alloc_count(void)
{
	return atomic_load(&alloc_count);
}

void *v_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *v_calloc(size_t nmemb, size_t size)
{
	if (should_fail())
		return NULL;
	if (!nmemb || !size)
		nmemb = size = 1;
	return calloc(nmemb, size);
}

void *v_realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

void *v_reallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		return NULL;
	return v_realloc(p, nmemb * size);
}

char *v_strndup(const char *s, size_t n)
{
	size_t len = 0;
	char *d;

	while (len < n && s[len])
		len++;
	d = v_malloc(len + 1);
	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *v_strdup(const char *s)
{
	return v_strndup(s, SIZE_MAX);
}

void v_free(void *p)
{
	free(p);
}
