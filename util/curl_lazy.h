/* libcurl, loaded when first used.
 *
 * Linking libcurl makes the dynamic loader map and relocate some thirty
 * libraries (TLS, SSH, LDAP, Kerberos, IDN, HTTP/2 ...) at every start:
 * about 5 ms, four times what the rest of a `veille search` start costs.
 * Most commands (search, show, stats, report, feeds ...) make no transfer
 * and parse no URL, so veille is not linked with libcurl: util/curl_lazy.c
 * defines the libcurl functions veille calls, and each of them loads the
 * library (dlopen of its SONAME, found at build time) on its first call and
 * forwards to it. Call sites include <curl/curl.h> and call libcurl as
 * usual, with its compile-time type checks.
 *
 * A libcurl that cannot be loaded is an installation fault, as a missing
 * shared library would be: code that can report an error calls
 * curl_lazy_load() first (the fetcher, SMTP delivery, --version); a
 * forwarding function that finds no library prints why on stderr and ends
 * the process with status 127, the status the dynamic loader uses. */
#ifndef VEILLE_UTIL_CURL_LAZY_H
#define VEILLE_UTIL_CURL_LAZY_H

#include "err.h"

/* Loads libcurl if it is not loaded yet. 0, or -1 with the reason in e:
 * "cannot load libcurl 'libcurl.so.4': <why>". Thread-safe. */
int curl_lazy_load(struct err *e);
/* The same with another library file name (tests): a failure leaves
 * nothing loaded, so a later call may still succeed. */
int curl_lazy_load_from(const char *soname, struct err *e);
/* 1 when libcurl is loaded in this process. */
int curl_lazy_loaded(void);

#endif
