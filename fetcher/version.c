/* libcurl's version and what it was built with. */
#include <curl/curl.h>

#include "fetcher.h"

int fetcher_version(struct buf *out)
{
	const curl_version_info_data *v;
	const char *const *p;
	int rc;

	v = curl_version_info(CURLVERSION_NOW);
	rc = buf_addf(out, "libcurl %s (%s%s%s%s%s)", v->version,
		      v->ssl_version ? v->ssl_version : "no TLS",
		      (v->features & CURL_VERSION_LIBZ) ? ", zlib" : "",
		      (v->features & CURL_VERSION_BROTLI) ? ", brotli" : "",
		      (v->features & CURL_VERSION_ZSTD) ? ", zstd" : "",
		      (v->features & CURL_VERSION_HTTP2) ? ", HTTP/2" : "");
	if (rc == 0)
		rc = buf_addstr(out, "\n  protocols:");
	for (p = v->protocols; rc == 0 && p && *p; p++)
		rc = buf_addf(out, " %s", *p);
	return rc;
}
