/* Fuzz target: OPML import. Whatever comes in, each outline has a feed URL
 * that is an absolute http(s) URL and text fields that are valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/parser.h"
#include "../util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void valid(const char *s)
{
	if (s && (!utf8_valid(s, strlen(s))))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_opts o;
	struct opml *l = NULL;
	struct err e;
	size_t i;

	memset(&o, 0, sizeof o);
	o.base_url = "https://example.org/subs/list.opml";
	if (opml_parse((const char *)data, size, &o, &l, &e) < 0)
		return 0;
	valid(l->title);
	for (i = 0; i < l->noutlines; i++) {
		const struct opml_outline *ol = &l->outlines[i];

		if (!ol->xml_url || (strncmp(ol->xml_url, "http://", 7) &&
				     strncmp(ol->xml_url, "https://", 8)))
			abort();
		valid(ol->title);
		valid(ol->xml_url);
		valid(ol->html_url);
		valid(ol->category);
	}
	opml_free(l);
	return 0;
}
