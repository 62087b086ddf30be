/* The policy of fetching, pure but for name resolution: status names,
 * Retry-After and cache lifetimes, address and host classification,
 * scheduling and paging URLs. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "fetcher.h"

static const char *const status_names[] = {
	"ok", "not-modified", "moved-permanently", "gone", "rate-limited",
	"http-error", "network-error", "timeout", "tls-error", "too-big",
	"refused", "aborted",
};

const char *fetch_status_name(enum fetch_status s)
{
	if ((size_t)s < sizeof status_names / sizeof status_names[0])
		return status_names[s];
	return "unknown";
}

int fetch_status_is_error(enum fetch_status s)
{
	return s != FETCH_OK && s != FETCH_NOT_MODIFIED &&
	       s != FETCH_MOVED_PERMANENTLY;
}

int fetch_parse_retry_after(const char *value, int64_t now, int64_t *when)
{
	int64_t secs;
	char tmp[128];
	time_t t;

	if (!value)
		return -1;
	while (*value == ' ' || *value == '\t')
		value++;
	str_copy(tmp, value, sizeof tmp);
	str_trim(tmp);
	if (!*tmp)
		return -1;
	if (tmp[0] >= '0' && tmp[0] <= '9') {
		/* A year is the cap: a larger delay is a server bug, and the
		 * scheduler caps it anyway. */
		if (str_to_i64(tmp, 0, 366LL * 24 * 3600, &secs) < 0)
			return -1;
		*when = now + secs;
		return 0;
	}
	t = curl_getdate(tmp, NULL);
	if (t == (time_t)-1)
		return -1;
	*when = (int64_t)t < now ? now : (int64_t)t;
	return 0;
}

/* Finds directive name in a Cache-Control list; returns its value (after
 * '=') or "" when it has none, NULL when absent. */
static const char *cc_directive(const char *cc, const char *name)
{
	size_t n = strlen(name);
	const char *p = cc;

	while (p && *p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!str_ncasecmp(p, name, n) &&
		    (p[n] == '=' || p[n] == ',' || p[n] == ' ' || !p[n]))
			return p[n] == '=' ? p + n + 1 : "";
		p = strchr(p, ',');
	}
	return NULL;
}

int64_t fetch_fresh_until(const char *cache_control, const char *expires,
			  int64_t now)
{
	const char *v;
	time_t t;

	if (cache_control) {
		if (cc_directive(cache_control, "no-store") ||
		    cc_directive(cache_control, "no-cache"))
			return 0;
		v = cc_directive(cache_control, "max-age");
		if (v) {
			char *end;
			long long age;

			if (*v == '"')
				v++;
			age = strtoll(v, &end, 10);
			if (end == v || age <= 0)
				return 0;
			if (age > 366LL * 24 * 3600)
				age = 366LL * 24 * 3600;
			return now + age;
		}
	}
	if (expires && *expires) {
		t = curl_getdate(expires, NULL);
		if (t != (time_t)-1 && (int64_t)t > now)
			return (int64_t)t;
	}
	return 0;
}

static int v4_private(const unsigned char *a)
{
	return a[0] == 127 || a[0] == 10 || a[0] == 0 ||
	       (a[0] == 172 && (a[1] & 0xf0) == 16) ||
	       (a[0] == 192 && a[1] == 168) ||
	       (a[0] == 169 && a[1] == 254) ||
	       (a[0] == 100 && (a[1] & 0xc0) == 64) || a[0] >= 224;
}

/* Whether ip (a 127/8 address) is listed in VEILLE_TEST_PUBLIC_ADDRESSES. */
static int test_public(const char *ip)
{
	const char *list = getenv("VEILLE_TEST_PUBLIC_ADDRESSES");
	size_t n = strlen(ip);
	const char *p;

	if (!list || strncmp(ip, "127.", 4) != 0)
		return 0;
	for (p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		while (len && *p == ' ')
			p++, len--;
		while (len && p[len - 1] == ' ')
			len--;
		if (len == n && !memcmp(p, ip, n))
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

static int name_is_private(const char *host)
{
	static const char *const suffixes[] = {
		".localhost", ".local", ".localdomain", ".internal", ".lan",
		".home.arpa",
	};
	size_t n = strlen(host), i;

	while (n && host[n - 1] == '.')	/* "localhost." is localhost */
		n--;
	if (!memchr(host, '.', n))
		return 1;
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		size_t k = strlen(suffixes[i]);

		if (n > k && !strncasecmp(host + n - k, suffixes[i], k))
			return 1;
	}
	return 0;
}

static int host_private(const char *url, int resolve)
{
	CURLU *u = curl_url();
	char *host = NULL, ip[INET6_ADDRSTRLEN];
	struct addrinfo hints, *res = NULL, *ai;
	size_t n;
	int priv = -1;

	if (!u || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host)
		goto out;
	n = strlen(host);
	if (host[0] == '[' && n > 2 && host[n - 1] == ']') {
		host[n - 1] = '\0';
		priv = fetch_addr_is_private(host + 1) != 0;
		goto out;
	}
	if ((priv = fetch_addr_is_private(host)) >= 0) {
		priv = priv != 0;
		goto out;
	}
	if (name_is_private(host)) {
		priv = 1;
		goto out;
	}
	priv = 0;
	if (!resolve)
		goto out;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &res) != 0)
		goto out;
	for (ai = res; ai && !priv; ai = ai->ai_next) {
		const void *a = ai->ai_family == AF_INET ?
			(const void *)&((struct sockaddr_in *)(void *)ai->ai_addr)->sin_addr :
			(const void *)&((struct sockaddr_in6 *)(void *)ai->ai_addr)->sin6_addr;

		if ((ai->ai_family == AF_INET || ai->ai_family == AF_INET6) &&
		    inet_ntop(ai->ai_family, a, ip, sizeof ip))
			priv = fetch_addr_is_private(ip) != 0;
	}
	freeaddrinfo(res);
out:
	curl_free(host);
	curl_url_cleanup(u);
	return priv;
}

int fetch_host_is_private(const char *url)
{
	return host_private(url, 1);
}

int fetch_host_is_private_name(const char *url)
{
	return host_private(url, 0);
}

int fetch_proxy_in_env(void)
{
	static const char *const vars[] = {
		"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy",
		"ALL_PROXY",
	};
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return 1;
	}
	return 0;
}

int fetch_addr_is_private(const char *ip)
{
	unsigned char a[16];

	if (!ip)
		return -1;
	if (inet_pton(AF_INET, ip, a) == 1) {
		if (test_public(ip))
			return 0;
		return v4_private(a);
	}
	if (inet_pton(AF_INET6, ip, a) == 1) {
		static const unsigned char zero[16];
		static const unsigned char mapped[12] = {
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

		if (!memcmp(a, mapped, 12))
			return v4_private(a + 12);
		if (!memcmp(a, zero, 15))	/* :: and ::1 */
			return 1;
		return (a[0] & 0xfe) == 0xfc ||		    /* fc00::/7 */
		       (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) || /* fe80::/10 */
		       a[0] == 0xff;			    /* multicast */
	}
	return -1;
}

int64_t fetch_next_due(int64_t now, int64_t interval, int64_t cap,
		       unsigned errors, int64_t retry_after,
		       int64_t fresh_until)
{
	int64_t ceiling, delay, slack, due;

	if (interval <= 0)
		interval = 3600;
	if (cap <= 0)
		cap = FETCH_BACKOFF_CAP_DEFAULT;
	ceiling = cap > interval ? cap : interval;
	delay = interval;
	while (errors-- > 0 && delay < ceiling)
		delay *= 2;
	if (delay > ceiling)
		delay = ceiling;
	slack = delay / FETCH_SLACK_DIV;
	if (slack > FETCH_SLACK_MAX)
		slack = FETCH_SLACK_MAX;
	due = now + delay - slack;
	if (fresh_until > due)
		due = fresh_until < now + ceiling ? fresh_until : now + ceiling;
	if (retry_after > due)
		due = retry_after < now + FETCH_RETRY_AFTER_MAX ?
			retry_after : now + FETCH_RETRY_AFTER_MAX;
	return due;
}

/* ---- paging URLs ---- */

static int param_is(const char *p, size_t len, const char *name)
{
	size_t n = strlen(name);

	return len >= n && !memcmp(p, name, n) && (len == n || p[n] == '=');
}

/* Rebuilds the query of u without the parameters named in drop. */
static int query_drop(CURLU *u, const char *const *drop, struct err *e)
{
	char *q = NULL;
	struct buf nq = BUF_INIT;
	const char *p;
	int rc = 0;

	if (curl_url_get(u, CURLUPART_QUERY, &q, 0) != CURLUE_OK)
		return 0;	/* no query */
	for (p = q; *p;) {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *const *d;
		int keep = len > 0;

		for (d = drop; keep && *d; d++)
			if (param_is(p, len, *d))
				keep = 0;
		if (keep && ((nq.len && buf_addch(&nq, '&') < 0) ||
			     buf_add(&nq, p, len) < 0))
			rc = err_set(e, "out of memory");
		if (!end)
			break;
		p = end + 1;
	}
	if (rc == 0 &&
	    curl_url_set(u, CURLUPART_QUERY, nq.len ? buf_cstr(&nq) : NULL, 0) !=
		    CURLUE_OK)
		rc = err_set(e, "cannot set the query");
	curl_free(q);
	buf_release(&nq);
	return rc;
}

static int query_append(CURLU *u, const char *name, const char *value,
			struct err *e)
{
	struct buf kv = BUF_INIT;
	int rc = 0;

	if (buf_addf(&kv, "%s=%s", name, value) < 0)
		rc = err_set(e, "out of memory");
	else if (curl_url_set(u, CURLUPART_QUERY, buf_cstr(&kv),
			      CURLU_APPENDQUERY | CURLU_URLENCODE) != CURLUE_OK)
		rc = err_set(e, "cannot set '%s' in the query", name);
	buf_release(&kv);
	return rc;
}

static CURLU *url_open(const char *url, struct err *e)
{
	CURLU *u = curl_url();

	if (!u) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (!url || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		err_set(e, "malformed URL '%s'", url ? url : "");
		curl_url_cleanup(u);
		return NULL;
	}
	return u;
}

static char *url_close(CURLU *u, int rc, struct err *e)
{
	char *s = NULL, *res = NULL;

	if (rc == 0) {
		if (curl_url_get(u, CURLUPART_URL, &s, 0) != CURLUE_OK)
			err_set(e, "cannot build the URL");
		else if (!(res = v_strdup(s)))
			err_set(e, "out of memory");
	}
	curl_free(s);
	curl_url_cleanup(u);
	return res;
}

char *fetch_url_set_param(const char *url, const char *name, const char *value,
			  struct err *e)
{
	const char *drop[] = { name, NULL };
	CURLU *u = url_open(url, e);
	int rc;

	if (!u)
		return NULL;
	rc = query_drop(u, drop, e);
	if (rc == 0 && value)
		rc = query_append(u, name, value, e);
	return url_close(u, rc, e);
}

char *fetch_oai_next_url(const char *base_url, const char *token,
			 struct err *e)
{
	CURLU *u = url_open(base_url, e);
	int rc = 0;

	if (!u)
		return NULL;
	if (!token || !*token)
		rc = err_set(e, "empty resumption token");
	else if (curl_url_set(u, CURLUPART_QUERY, "verb=ListRecords", 0) !=
		 CURLUE_OK)
		rc = err_set(e, "cannot set the query");
	else
		rc = query_append(u, "resumptionToken", token, e);
	return url_close(u, rc, e);
}

char *fetch_oai_from_url(const char *url, const char *from, struct err *e)
{
	static const char *const drop[] = { "verb", "from", "resumptionToken",
					     NULL };
	CURLU *u = url_open(url, e);
	char *q = NULL;
	struct buf nq = BUF_INIT;
	int rc;

	if (!u)
		return NULL;
	rc = query_drop(u, drop, e);
	/* verb first, as OAI-PMH examples write it. */
	if (rc == 0) {
		if (curl_url_get(u, CURLUPART_QUERY, &q, 0) != CURLUE_OK)
			q = NULL;
		if (buf_addstr(&nq, "verb=ListRecords") < 0 ||
		    (q && (buf_addch(&nq, '&') < 0 || buf_addstr(&nq, q) < 0)))
			rc = err_set(e, "out of memory");
		else if (curl_url_set(u, CURLUPART_QUERY, buf_cstr(&nq), 0) !=
			 CURLUE_OK)
			rc = err_set(e, "cannot set the query");
	}
	if (rc == 0 && from && *from)
		rc = query_append(u, "from", from, e);
	curl_free(q);
	buf_release(&nq);
	return url_close(u, rc, e);
}

char *fetch_arxiv_page_url(const char *url, long start, long max_results,
			   struct err *e)
{
	static const char *const drop[] = { "start", "max_results", NULL };
	char num[32];
	CURLU *u = url_open(url, e);
	int rc;

	if (!u)
		return NULL;
	if (start < 0 || max_results <= 0) {
		curl_url_cleanup(u);
		err_set(e, "invalid page start %ld, size %ld", start, max_results);
		return NULL;
	}
	rc = query_drop(u, drop, e);
	if (rc == 0) {
		snprintf(num, sizeof num, "%ld", start);
		rc = query_append(u, "start", num, e);
	}
	if (rc == 0) {
		snprintf(num, sizeof num, "%ld", max_results);
		rc = query_append(u, "max_results", num, e);
	}
	return url_close(u, rc, e);
}
