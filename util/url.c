/* URL checking, resolution and canonicalisation with curl_url. */
#include "url.h"

#include <curl/curl.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "str.h"
#include "utf8.h"

static int scheme_ok(const char *scheme, int allow_mailto)
{
	return !str_casecmp(scheme, "http") || !str_casecmp(scheme, "https") ||
	       (allow_mailto && !str_casecmp(scheme, "mailto"));
}

int url_check_http(const char *url, struct err *e)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	int rc = -1;

	if (!u)
		return err_set(e, "out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		err_set(e, "malformed URL '%s'", url);
	} else if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
		   !scheme_ok(scheme, 0)) {
		err_set(e, "unsupported scheme '%s' in '%s' (only http and https)",
			scheme ? scheme : "", url);
	} else if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
		   !*host) {
		err_set(e, "no host in URL '%s'", url);
	} else {
		rc = 0;
	}
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return rc;
}

int url_has_credentials(const char *url)
{
	CURLU *u = curl_url();
	char *user = NULL, *pass = NULL;
	int rc;

	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		return 0;
	}
	rc = (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK && user) ||
	     (curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK && pass);
	curl_free(user);
	curl_free(pass);
	curl_url_cleanup(u);
	return rc;
}

/* A URL is text for everything after us (HTML, JSON, SQL): one with
 * invalid UTF-8 (curl passes raw bytes of a host name through) or control
 * characters is no URL. Takes s; returns it or NULL. */
static char *clean_or_null(char *s)
{
	const unsigned char *p;

	if (!s)
		return NULL;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			break;
	if (*p || !utf8_valid(s, strlen(s))) {
		v_free(s);
		return NULL;
	}
	return s;
}

/* -1 for running out of memory, 0 for any other failure or success. */
static int oom(CURLUcode rc)
{
	return rc == CURLUE_OUT_OF_MEMORY ? -1 : 0;
}

int url_resolve_checked(const char *base, const char *ref, char **out)
{
	CURLU *u;
	CURLUcode rc;
	char *full = NULL, *scheme = NULL, *res = NULL;
	int ret = 0;

	*out = NULL;
	if (!ref)
		return 0;
	while (*ref == ' ' || *ref == '\t' || *ref == '\n' || *ref == '\r')
		ref++;
	if (!*ref)
		return 0;
	if (!str_ncasecmp(ref, "mailto:", 7)) {
		if (!(res = v_strdup(ref)))
			return -1;
		*out = clean_or_null(res);
		return 0;
	}
	u = curl_url();
	if (!u)
		return -1;
	if (base && *base &&
	    (rc = curl_url_set(u, CURLUPART_URL, base,
			       CURLU_NON_SUPPORT_SCHEME)) != CURLUE_OK) {
		curl_url_cleanup(u);
		if (oom(rc) < 0)
			return -1;
		u = curl_url();
		if (!u)
			return -1;
	}
	rc = curl_url_set(u, CURLUPART_URL, ref,
			  CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE);
	if (rc == CURLUE_OK)
		rc = curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
	if (rc == CURLUE_OK && scheme_ok(scheme, 1))
		rc = curl_url_get(u, CURLUPART_URL, &full, 0);
	if (oom(rc) < 0)
		ret = -1;
	else if (full && !(res = v_strdup(full)))
		ret = -1;
	curl_free(scheme);
	curl_free(full);
	curl_url_cleanup(u);
	*out = clean_or_null(res);
	return ret;
}

char *url_resolve(const char *base, const char *ref)
{
	char *r;

	url_resolve_checked(base, ref, &r);
	return r;
}

static int tracking_param(const char *p, size_t n)
{
	static const char *const names[] = {
		"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid",
		"yclid", "igshid", "_hsenc", "_hsmi", "mkt_tok", "ref_src",
		"cmpid", "xtor", NULL
	};
	size_t k = 0;
	int i;

	while (k < n && p[k] != '=')
		k++;
	if (k >= 4 && !str_ncasecmp(p, "utm_", 4))
		return 1;
	for (i = 0; names[i]; i++)
		if (strlen(names[i]) == k && !str_ncasecmp(p, names[i], k))
			return 1;
	return 0;
}

int url_canonical_checked(const char *url, char **out)
{
	CURLU *u = curl_url();
	CURLUcode rc;
	char *scheme = NULL, *host = NULL, *path = NULL, *query = NULL;
	char *port = NULL;
	struct buf b = BUF_INIT;
	const char *h;
	size_t plen;
	int ret = -1;

	*out = NULL;
	if (!u)
		return -1;
	rc = curl_url_set(u, CURLUPART_URL, url, 0);
	if (rc == CURLUE_OK)
		rc = curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
	if (rc == CURLUE_OK && !scheme_ok(scheme, 0)) {
		ret = 0;
		goto out;
	}
	if (rc == CURLUE_OK)
		rc = curl_url_get(u, CURLUPART_HOST, &host, 0);
	if (rc != CURLUE_OK) {
		ret = oom(rc);
		goto out;
	}
	/* each NULL when absent (the port when it is the default) */
	if (oom(curl_url_get(u, CURLUPART_PORT, &port, 0)) < 0 ||
	    oom(curl_url_get(u, CURLUPART_PATH, &path, 0)) < 0 ||
	    oom(curl_url_get(u, CURLUPART_QUERY, &query, 0)) < 0)
		goto out;

	h = host;
	if (!str_ncasecmp(h, "www.", 4))
		h += 4;
	/* http and https are the same article */
	if (buf_addstr(&b, "http://") < 0)
		goto out;
	for (; *h; h++)
		if (buf_addch(&b, *h >= 'A' && *h <= 'Z' ? *h - 'A' + 'a' : *h) < 0)
			goto out;
	if (port && strcmp(port, "80") && strcmp(port, "443") &&
	    buf_addf(&b, ":%s", port) < 0)
		goto out;
	plen = path ? strlen(path) : 0;
	while (plen > 1 && path[plen - 1] == '/')
		plen--;
	if ((plen > 1 || (plen == 1 && path[0] != '/')) &&
	    buf_add(&b, path, plen) < 0)
		goto out;
	if (query) {
		const char *p = query;
		int first = 1;

		while (*p) {
			size_t n = strcspn(p, "&");
			if (n && !tracking_param(p, n)) {
				if (buf_addch(&b, first ? '?' : '&') < 0 ||
				    buf_add(&b, p, n) < 0)
					goto out;
				first = 0;
			}
			p += n;
			if (*p)
				p++;
		}
	}
	if ((*out = buf_detach(&b, NULL)))
		ret = 0;
out:
	buf_release(&b);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(u);
	return ret;
}

char *url_canonical(const char *url)
{
	char *r;

	url_canonical_checked(url, &r);
	return r;
}
