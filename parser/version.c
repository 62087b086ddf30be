/* libxml2's version. */
#include <stdlib.h>

#include <libxml/xmlversion.h>
#include <libxml/parser.h>

#include "parser.h"

int parser_version(struct buf *out)
{
	long v = strtol(xmlParserVersion, NULL, 10);

	return buf_addf(out, "libxml2 %ld.%ld.%ld (compiled with %s)", v / 10000,
			v / 100 % 100, v % 100, LIBXML_DOTTED_VERSION);
}
