/* URLs through libcurl's URL API (curl_url): checking, resolving relative
 * links and canonicalising for duplicate detection. Only the URL API, which
 * is pure string work (no network): the parser and the store use it, so it
 * lives below them, and no libcurl type appears in this header. */
#ifndef VEILLE_UTIL_URL_H
#define VEILLE_UTIL_URL_H

#include "err.h"

/* 0 when url is an absolute http or https URL with a host, else -1 with the
 * reason in e ("unsupported scheme 'ftp'", "malformed URL"). */
int url_check_http(const char *url, struct err *e);
/* 1 when url carries a user name or password (user:pass@host), else 0
 * (also for a URL that does not parse). */
int url_has_credentials(const char *url);
/* Resolves ref against base (either may be NULL). Returns a new string (free
 * with v_free) holding an absolute URL whose scheme is http, https or
 * mailto, or NULL when ref cannot be resolved to one of those. */
char *url_resolve(const char *base, const char *ref);
/* The same, telling "no URL" from running out of memory, which a caller
 * must not take for "no URL" (a field would be dropped silently): returns
 * 0 with *out a new string (free with v_free), or NULL when ref does not
 * resolve; -1 with *out NULL when out of memory. */
int url_resolve_checked(const char *base, const char *ref, char **out);
/* Canonical form for "same article" detection: lower-case scheme and host,
 * default port dropped, fragment dropped, tracking parameters (utm_*,
 * fbclid, gclid, mc_cid, mc_eid, ...) removed, remaining parameters kept in
 * order, trailing slash of the path removed, "www." dropped, http and https
 * treated alike. Returns a new string or NULL when url is not http(s). */
char *url_canonical(const char *url);
/* The same, telling "not http(s)" (0, *out NULL) from running out of
 * memory (-1, *out NULL); 0 with *out a new string otherwise. */
int url_canonical_checked(const char *url, char **out);

#endif
