/* classify/: niche rules with PCRE2. */
#ifndef VEILLE_CLASSIFY_H
#define VEILLE_CLASSIFY_H

#include "../util/buf.h"

/* Appends PCRE2's version and whether JIT is available. */
int classify_version(struct buf *out);

#endif
