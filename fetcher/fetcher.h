/* fetcher/: HTTP(S) transfers with libcurl. */
#ifndef VEILLE_FETCHER_H
#define VEILLE_FETCHER_H

#include "../util/buf.h"

/* Appends a description of libcurl: version, TLS backend, protocols and
 * features. */
int fetcher_version(struct buf *out);

#endif
