/* Fuzz target: the feed parser, pushed in two chunks split where the first
 * byte says, so that chunk boundaries fall everywhere (entities, UTF-8
 * sequences, CDATA ends, the routing head). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int drop(void *ctx, const struct feed *meta, struct feed_item *it,
		struct err *e)
{
	(void)ctx; (void)meta; (void)e;
	if (!it->id)
		abort();	/* every item has an id */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct feed_parser *p;
	struct feed *meta = NULL;
	struct err e;
	size_t cut;

	if (size == 0)
		return 0;
	cut = size > 1 ? (size_t)data[0] * (size - 1) / 255 : 0;
	data++;
	size--;
	p = feed_parser_new(NULL, drop, NULL);
	if (!p)
		return 0;
	if (feed_parser_push(p, (const char *)data, cut, &e) == 0 &&
	    feed_parser_push(p, (const char *)data + cut, size - cut, &e) == 0 &&
	    feed_parser_finish(p, &meta, &e) == 0 && !meta)
		abort();
	feed_free(meta);
	feed_parser_free(p);
	return 0;
}
