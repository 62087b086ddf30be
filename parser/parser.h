/* parser/: bytes to a feed with items, with libxml2. */
#ifndef VEILLE_PARSER_H
#define VEILLE_PARSER_H

#include "../util/buf.h"

/* Appends libxml2's version. */
int parser_version(struct buf *out);

#endif
