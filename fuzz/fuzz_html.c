/* Fuzz target: html_to_text, html_sanitize and html_decode_entities; their
 * output must be valid UTF-8 without NUL bytes, whatever comes in, and
 * html_sanitize's fast path must give what libxml2's parser gives. */
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

static int one_of(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && !strncmp(*list, s, n))
			return 1;
	return 0;
}

/* Every '<' of sanitised output opens a tag of ours (text has &lt;): an
 * allowed name, then allowed attributes with quoted values (which hold no
 * '"'), href and src only with http, https or mailto. */
static void check_tags(const char *s)
{
	static const char *const tags[] = {
		"a", "abbr", "b", "blockquote", "br", "caption", "cite", "code",
		"dd", "del", "dl", "dt", "em", "figcaption", "figure", "h1",
		"h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
		"li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
		"strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
		"thead", "tr", "u", "ul", "var", NULL,
	};
	static const char *const attrs[] = {
		"href", "title", "src", "alt", "width", "height", "colspan",
		"rowspan", NULL,
	};

	while ((s = strchr(s, '<'))) {
		size_t n;

		s++;
		if (*s == '/')
			s++;
		n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (!one_of(s, n, tags))
			abort();
		s += n;
		while (*s == ' ') {
			const char *a = ++s, *v;

			n = strspn(s, "abcdefghijklmnopqrstuvwxyz");
			if (!one_of(a, n, attrs) || s[n] != '=' || s[n + 1] != '"')
				abort();
			v = s + n + 2;
			if ((!strncmp(a, "href", 4) || !strncmp(a, "src", 3)) &&
			    strncmp(v, "http://", 7) && strncmp(v, "https://", 8) &&
			    strncmp(v, "mailto:", 7))
				abort();
			s = strchr(v, '"');
			if (!s)
				abort();
			s++;
		}
		if (*s != '>')
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct buf b, slow;
	int rc;

	buf_init(&b, 1 << 22);
	if (html_to_text(&b, s, size) == 0)
		check(&b);
	buf_release(&b);
	rc = html_sanitize(&b, s, size, "https://example.org/a/b.html");
	if (rc == 0) {
		check(&b);
		check_tags(buf_cstr(&b));
	}
	/* differential: the fast path says what libxml2's parser says */
	buf_init(&slow, 1 << 22);
	if (html_sanitize_libxml2(&slow, s, size,
				  "https://example.org/a/b.html") != rc ||
	    slow.len != b.len || memcmp(buf_cstr(&slow), buf_cstr(&b), b.len))
		abort();
	buf_release(&slow);
	buf_release(&b);
	if (html_decode_entities(&b, s, size) == 0)
		check(&b);
	buf_release(&b);
	return 0;
}
