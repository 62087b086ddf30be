/* Fuzz target: the feed parser, differential. The first two bytes pick a
 * chunking; the rest is the document. It is parsed whole (feed_parse) and
 * pushed in chunks of varying sizes (1 to 256 bytes, from a small
 * generator seeded by those bytes): both must agree on success and on the
 * items (ids, titles, links), since the fetcher pushes whatever the network
 * hands over. Every text comes out valid UTF-8 without NUL bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/parser.h"
#include "../util/alloc.h"
#include "../util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	char *ids[64];
	char *titles[64];
	size_t n;
	size_t total;
};

static void valid(const char *s)
{
	if (s && !utf8_valid(s, strlen(s)))
		abort();
}

static int keep(void *ctx, const struct feed *meta, struct feed_item *it,
		struct err *e)
{
	struct seen *s = ctx;

	(void)meta;
	(void)e;
	if (!it->id)
		abort();
	valid(it->id);
	valid(it->title);
	valid(it->summary);
	valid(it->content);
	valid(it->link);
	if (s->n < 64) {
		s->ids[s->n] = it->id;
		s->titles[s->n] = it->title;
		it->id = NULL;
		it->title = NULL;
		s->n++;
	}
	s->total++;
	return 0;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct feed_parser *p;
	struct feed *whole = NULL, *meta = NULL;
	struct seen s;
	struct err e;
	uint32_t r;
	size_t off = 0, i;
	int rc_whole, rc = 0;

	if (size < 2)
		return 0;
	r = (uint32_t)data[0] << 8 | data[1];
	data += 2;
	size -= 2;
	rc_whole = feed_parse((const char *)data, size, NULL, &whole, &e);
	memset(&s, 0, sizeof s);
	p = feed_parser_new(NULL, keep, &s);
	if (!p) {
		feed_free(whole);
		return 0;
	}
	while (off < size && rc == 0) {
		size_t n;

		r = r * 1103515245u + 12345u;
		n = 1 + (r >> 16) % 256;
		if (n > size - off)
			n = size - off;
		rc = feed_parser_push(p, (const char *)data + off, n, &e);
		off += n;
	}
	if (rc == 0)
		rc = feed_parser_finish(p, &meta, &e);
	if ((rc == 0) != (rc_whole == 0))
		abort();
	if (rc == 0 && rc_whole == 0) {
		if (!whole || !meta || whole->nitems != s.total)
			abort();
		for (i = 0; i < s.n; i++)
			if (!same(whole->items[i].id, s.ids[i]) ||
			    !same(whole->items[i].title, s.titles[i]))
				abort();
		valid(meta->title);
		valid(meta->link);
	}
	for (i = 0; i < s.n; i++) {
		v_free(s.ids[i]);
		v_free(s.titles[i]);
	}
	feed_free(meta);
	feed_free(whole);
	feed_parser_free(p);
	return 0;
}
