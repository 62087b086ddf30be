/* Fuzz target: html_to_text, html_sanitize and html_decode_entities; their
 * output must be valid UTF-8 without NUL bytes, whatever comes in. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/html.h"
#include "../util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct buf *b)
{
	if (!utf8_valid(buf_cstr(b), b->len) || strlen(buf_cstr(b)) != b->len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf b;

	buf_init(&b, 1 << 22);
	if (html_to_text(&b, s, size) == 0)
		check(&b);
	buf_release(&b);
	if (html_sanitize(&b, s, size, "https://example.org/a/b.html") == 0) {
		check(&b);
		if (strstr(buf_cstr(&b), "<script") || strstr(buf_cstr(&b), "javascript:\""))
			abort();
	}
	buf_release(&b);
	if (html_decode_entities(&b, s, size) == 0)
		check(&b);
	buf_release(&b);
	return 0;
}
