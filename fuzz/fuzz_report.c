/* Fuzz target: the report's escaping and SVG charts with hostile labels
 * (NUL-separated: title, description, then series/niche names). Every '<'
 * of the output opens an element of ours, every value is valid UTF-8, and
 * no label can add an attribute or an element. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../report/report.h"
#include "../util/buf.h"
#include "../util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NL 6

static void check(const struct buf *b)
{
	static const char *const tags[] = {
		"svg", "title", "desc", "defs", "pattern", "line", "polyline",
		"rect", "text", "path", "g", NULL,
	};
	const char *s = buf_cstr(b);

	if (!utf8_valid(s, b->len) || strlen(s) != b->len)
		abort();
	while ((s = strchr(s, '<'))) {
		size_t n, i;

		s++;
		if (*s == '/')
			s++;
		n = strspn(s, "abcdefghijklmnopqrstuvwxyz");
		for (i = 0; tags[i]; i++)
			if (strlen(tags[i]) == n && !strncmp(tags[i], s, n))
				break;
		if (!tags[i])
			abort();
		/* inside a tag: no on* attribute, no javascript: */
		{
			const char *gt = strchr(s, '>'), *a;
			if (!gt)
				abort();
			for (a = s; a < gt; a++)
				if (*a == ' ' && a[1] == 'o' && a[2] == 'n')
					abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	const char *f[NL];
	int64_t v[8] = { 0, 3, 7, 1, 12, 5, 0, 9 };
	double pct[3] = { 12.5, NAN, -40.0 };
	int sig[3] = { 1, 0, 1 };
	struct buf b;
	size_t i, k = 0, start = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (i = 0; i <= size && k < NL; i++)
		if (copy[i] == '\0') {
			f[k++] = copy + start;
			start = i + 1;
		}
	for (; k < NL; k++)
		f[k] = "";
	buf_init(&b, 1 << 24);
	if (report_esc(&b, f[0]) == 0) {
		const char *s = buf_cstr(&b);
		if (!utf8_valid(s, b.len) || strpbrk(s, "<>\"'"))
			abort();
	}
	buf_reset(&b);
	if (report_svg_lines(&b, f[0], f[1], f[2], f[3], f + 2, 2, f + 4, 2,
			     v) == 0)
		check(&b);
	buf_reset(&b);
	if (report_svg_bars(&b, f[0], f[1], f[2], f[3], f[4], f + 3, 3, pct,
			    sig, f + 2) == 0)
		check(&b);
	buf_reset(&b);
	if (report_svg_heatmap(&b, f[0], f[1], f + 2, 2, f + 4, 2, v) == 0)
		check(&b);
	buf_reset(&b);
	if (report_svg_sparkline(&b, f[0], v, 8) == 0)
		check(&b);
	buf_release(&b);
	free(copy);
	return 0;
}
