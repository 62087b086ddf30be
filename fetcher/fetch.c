/* Concurrent transfers with libcurl's multi interface, mapped to domain
 * results. The batch keeps at most max_total transfers in libcurl at once
 * and at most max_per_host per host, so that queued transfers never sit in
 * libcurl with their time-out clock running. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/vtime.h"
#include "fetcher.h"
#include "sched.h"

struct xfer {
	const struct fetch_request *req;
	struct fetch_result *res;
	size_t i;
	CURL *h;
	struct curl_slist *hdrs;
	size_t max_bytes;
	size_t header_bytes;
	int too_big;
	int aborted;
	int nomem;
	int started;		/* Content-Type taken (take_content_type) */
	int requests;		/* requests started (prereq calls) */
	int origin_private;	/* the configured address is private */
	int via_proxy;		/* a proxy may be what we connect to */
	int no_pipewait;	/* its host cannot multiplex: don't wait */
	int http1;		/* finished over HTTP/1.x */
	int refused;		/* address policy refused a redirect */
	int all_permanent;
	char refused_ip[64];
	char host[256];		/* "host:port" key for the per-host limit */
	char errbuf[CURL_ERROR_SIZE];
};

static int global_ready;

static int global_init(struct err *e)
{
	if (!global_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return err_set(e, "cannot initialise libcurl");
		global_ready = 1;
	}
	return 0;
}

static void result_init(struct fetch_result *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->body, FETCH_MAX_BYTES_DEFAULT);
	/* Until the request has run, it has failed: a batch that stops early
	 * never leaves a result looking like a success. */
	r->status = FETCH_NETWORK_ERROR;
	str_copy(r->message, "not run", sizeof r->message);
}

void fetch_result_release(struct fetch_result *r)
{
	if (!r)
		return;
	v_free(r->final_url);
	v_free(r->etag);
	v_free(r->last_modified);
	v_free(r->content_type);
	v_free(r->charset);
	v_free(r->content_encoding);
	buf_release(&r->body);
	r->final_url = r->etag = r->last_modified = NULL;
	r->content_type = r->charset = r->content_encoding = NULL;
}

static void result_msg(struct fetch_result *r, const char *url,
		       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void result_msg(struct fetch_result *r, const char *url,
		       const char *fmt, ...)
{
	struct buf b;
	va_list ap;

	buf_init(&b, 4 * ERR_MSG_MAX);
	va_start(ap, fmt);
	if (buf_addf(&b, "'%s': ", url) == 0)
		buf_vaddf(&b, fmt, ap);
	va_end(ap);
	str_copy(r->message, b.len ? buf_cstr(&b) : "out of memory",
		 sizeof r->message);
	buf_release(&b);
}

static int charset_of(const char *ct, char **out);

static char *header_dup(CURL *h, const char *name);
static const char *header_get(CURL *h, const char *name);

/* The answer's Content-Type and its charset (and, for a raw_encoding
 * request, its Content-Encoding) into the result, once: before the first
 * chunk of a streamed body (the caller's parser needs the charset before
 * the first byte), else when the transfer ends. -1 when out of memory. */
static int take_content_type(struct xfer *x)
{
	char *ct = NULL;

	if (x->started)
		return 0;
	x->started = 1;
	if (x->req->raw_encoding && header_get(x->h, "Content-Encoding") &&
	    !(x->res->content_encoding = header_dup(x->h, "Content-Encoding"))) {
		x->nomem = 1;
		return -1;
	}
	curl_easy_getinfo(x->h, CURLINFO_CONTENT_TYPE, &ct);
	if (!ct)
		return 0;
	x->res->content_type = v_strdup(ct);
	if (!x->res->content_type || charset_of(ct, &x->res->charset) < 0) {
		x->nomem = 1;
		return -1;
	}
	return 0;
}

/* Hands body bytes to the caller, or keeps them, counting the decoded size
 * against the cap. Bodies of non-2xx answers are counted but dropped. */
static int deliver(struct xfer *x, const char *p, size_t n, long code)
{
	/* bytes counts what was taken: never past the cap */
	if (n > x->max_bytes - x->res->bytes) {
		x->too_big = 1;
		return -1;
	}
	x->res->bytes += n;
	if (code / 100 != 2)
		return 0;
	if (x->req->on_data) {
		if (take_content_type(x) < 0)
			return -1;
		if (x->req->on_data(x->req->arg, p, n) < 0) {
			x->aborted = 1;
			return -1;
		}
		return 0;
	}
	if (buf_add(&x->res->body, p, n) < 0) {
		x->too_big = x->res->body.len + n > x->res->body.max;
		x->nomem = !x->too_big;
		return -1;
	}
	return 0;
}

static size_t on_write(char *p, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	size_t n = size * nmemb;
	long code = 0;

	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &code);
	return deliver(x, p, n, code) < 0 ? 0 : n;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	size_t n = size * nmemb;

	x->header_bytes += n;
	if (x->header_bytes > FETCH_MAX_HEADER_BYTES) {
		x->too_big = 1;
		return 0;
	}
	/* A status line: remember whether every redirect is permanent (a
	 * final 304 is an answer, not a redirect). */
	if (n > 12 && !memcmp(p, "HTTP/", 5)) {
		const char *sp = memchr(p, ' ', n);

		if (sp && sp + 4 <= p + n && sp[1] == '3' &&
		    !(sp[2] == '0' && (sp[3] == '1' || sp[3] == '8' ||
				       sp[3] == '4')))
			x->all_permanent = 0;
	}
	return n;
}

/* Called on every new connection: after the first request (a redirect is
 * under way) a public origin may not reach a private address. Checked
 * before connecting, and again in on_prereq for reused connections.
 * Through a proxy the address connected to is the proxy's: on_prereq
 * checks the target's host instead. */
static curl_socket_t on_open_socket(void *arg, curlsocktype purpose,
				    struct curl_sockaddr *a)
{
	struct xfer *x = arg;
	char ip[64] = "";

	(void)purpose;
	if (a->family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)&a->addr)->sin_addr,
			  ip, sizeof ip);
	else if (a->family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((struct sockaddr_in6 *)(void *)&a->addr)->sin6_addr, ip,
			  sizeof ip);
	if (!x->via_proxy && x->requests > 0 && !x->origin_private &&
	    fetch_addr_is_private(ip) != 0) {
		x->refused = 1;
		str_copy(x->refused_ip, ip, sizeof x->refused_ip);
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

static int on_prereq(void *arg, char *primary_ip, char *local_ip,
		     int primary_port, int local_port)
{
	struct xfer *x = arg;
	char *url = NULL;
	int priv;

	(void)local_ip, (void)primary_port, (void)local_port;
	if (x->via_proxy) {
		/* the request's own URL: the one a redirect leads to */
		curl_easy_getinfo(x->h, CURLINFO_EFFECTIVE_URL, &url);
		priv = url ? fetch_host_is_private(url) : 1;
	} else {
		priv = fetch_addr_is_private(primary_ip);
	}
	if (x->requests++ == 0) {
		x->origin_private = priv > 0;
		return CURL_PREREQFUNC_OK;
	}
	if (!x->origin_private && priv != 0) {
		x->refused = 1;
		if (x->via_proxy) {
			CURLU *u = curl_url();
			char *host = NULL;

			if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
			    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
				str_copy(x->refused_ip, host, sizeof x->refused_ip);
			curl_free(host);
			curl_url_cleanup(u);
		} else {
			str_copy(x->refused_ip, primary_ip, sizeof x->refused_ip);
		}
		return CURL_PREREQFUNC_ABORT;
	}
	return CURL_PREREQFUNC_OK;
}

static char *header_dup(CURL *h, const char *name)
{
	struct curl_header *hh;

	if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hh) != CURLHE_OK ||
	    !hh->value)
		return NULL;
	return v_strdup(hh->value);
}

static const char *header_get(CURL *h, const char *name)
{
	struct curl_header *hh;

	if (curl_easy_header(h, name, 0, CURLH_HEADER, -1, &hh) != CURLHE_OK)
		return NULL;
	return hh->value;
}

/* The charset parameter of a Content-Type, lower-cased, unquoted, into
 * *out (NULL when there is none or it is unusable). -1 on ENOMEM. */
static int charset_of(const char *ct, char **out)
{
	const char *p = ct;
	char *cs;
	size_t n, i;

	*out = NULL;
	while (p && (p = strchr(p, ';'))) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!str_ncasecmp(p, "charset=", 8)) {
			p += 8;
			if (*p == '"')
				p++;
			n = strcspn(p, "\"; \t");
			if (!n || n > 64)
				return 0;
			if (!(cs = v_strndup(p, n)))
				return -1;
			for (i = 0; cs[i]; i++)
				if (cs[i] >= 'A' && cs[i] <= 'Z')
					cs[i] = (char)(cs[i] - 'A' + 'a');
			*out = cs;
			return 0;
		}
	}
	return 0;
}

static void host_key(const char *url, char *out, size_t n)
{
	const char *p = strstr(url, "://");
	size_t len;

	p = p ? p + 3 : url;
	len = strcspn(p, "/?#");
	if (len >= n)
		len = n - 1;
	memcpy(out, p, len);
	out[len] = '\0';
}

static int easy_setup(struct xfer *x, struct err *e)
{
	const struct fetch_request *r = x->req;
	CURL *h = curl_easy_init();
	int redirs = r->max_redirects == 0 ? FETCH_MAX_REDIRECTS_DEFAULT :
		     r->max_redirects < 0 ? 0 : r->max_redirects;
	CURLcode c = CURLE_OK;

	if (!h)
		return err_set(e, "out of memory");
	x->h = h;
	x->all_permanent = 1;
	x->via_proxy = fetch_proxy_in_env();
	if (r->etag && *r->etag) {
		struct buf b = BUF_INIT;
		struct curl_slist *l;

		if (strpbrk(r->etag, "\r\n") || buf_addf(&b, "If-None-Match: %s", r->etag) < 0 ||
		    !(l = curl_slist_append(x->hdrs, buf_cstr(&b)))) {
			buf_release(&b);
			return err_set(e, "invalid or unstorable ETag");
		}
		x->hdrs = l;
		buf_release(&b);
	}
	if (r->last_modified && *r->last_modified) {
		time_t t = curl_getdate(r->last_modified, NULL);

		if (t != (time_t)-1) {
			c |= curl_easy_setopt(h, CURLOPT_TIMECONDITION,
					      (long)CURL_TIMECOND_IFMODSINCE);
			c |= curl_easy_setopt(h, CURLOPT_TIMEVALUE_LARGE,
					      (curl_off_t)t);
		}
	}
	/* Setting errors are all "unknown option" or out of memory: OR-ing
	 * them keeps this readable, and any failure is reported once. */
	c |= curl_easy_setopt(h, CURLOPT_URL, r->url);
	c |= curl_easy_setopt(h, CURLOPT_PRIVATE, x);
	c |= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
	c |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	c |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	c |= curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	c |= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	c |= curl_easy_setopt(h, CURLOPT_MAXREDIRS, (long)redirs);
	c |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	c |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (r->raw_encoding) {
		c |= curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING,
				      FETCH_ACCEPT_ENCODING_RAW);
		c |= curl_easy_setopt(h, CURLOPT_HTTP_CONTENT_DECODING, 0L);
	} else {
		c |= curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	}
	c |= curl_easy_setopt(h, CURLOPT_HTTP_VERSION,
			      (long)CURL_HTTP_VERSION_2TLS);
	/* Waiting to see whether the first connection multiplexes is worth
	 * it only where HTTP/2 may be negotiated (TLS) and the host was not
	 * seen answering over HTTP/1.x in this run: else the second request
	 * to a host would leave only once the first answer began. */
	if (!x->no_pipewait && !strncasecmp(r->url, "https:", 6))
		c |= curl_easy_setopt(h, CURLOPT_PIPEWAIT, 1L);
	c |= curl_easy_setopt(h, CURLOPT_USERAGENT,
			      r->user_agent ? r->user_agent : FETCH_USER_AGENT);
	c |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
			      r->connect_timeout > 0 ? r->connect_timeout :
			      (long)FETCH_CONNECT_TIMEOUT_DEFAULT);
	c |= curl_easy_setopt(h, CURLOPT_TIMEOUT,
			      r->timeout > 0 ? r->timeout :
			      (long)FETCH_TIMEOUT_DEFAULT);
	c |= curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT,
			      r->low_speed_bytes > 0 ? r->low_speed_bytes :
			      (long)FETCH_LOW_SPEED_BYTES_DEFAULT);
	c |= curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
			      r->low_speed_time > 0 ? r->low_speed_time :
			      (long)FETCH_LOW_SPEED_TIME_DEFAULT);
	c |= curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
			      (curl_off_t)x->max_bytes);
	c |= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
	c |= curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
	c |= curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	c |= curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
	c |= curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
	c |= curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, x);
	c |= curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, on_prereq);
	c |= curl_easy_setopt(h, CURLOPT_PREREQDATA, x);
	if (x->hdrs)
		c |= curl_easy_setopt(h, CURLOPT_HTTPHEADER, x->hdrs);
	if (c != CURLE_OK)
		return err_set(e, "cannot configure the transfer of '%s'", r->url);
	return 0;
}

static void classify_http(struct xfer *x, int64_t now)
{
	struct fetch_result *r = x->res;
	const char *url = r->final_url ? r->final_url : x->req->url;
	const char *ra;
	char code[32];

	snprintf(code, sizeof code, "HTTP %ld", r->http_code);
	if (r->http_code / 100 == 2) {
		r->status = r->redirects > 0 && x->all_permanent ?
			    FETCH_MOVED_PERMANENTLY : FETCH_OK;
	} else if (r->http_code == 304 &&
		   !(x->req->etag && *x->req->etag) &&
		   !(x->req->last_modified && *x->req->last_modified)) {
		/* taken as "not modified" it would keep a feed never read */
		r->status = FETCH_HTTP_ERROR;
		result_msg(r, url, "%s to a request that was not conditional",
			   code);
	} else if (r->http_code == 304) {
		r->status = FETCH_NOT_MODIFIED;
	} else if (r->http_code == 410) {
		r->status = FETCH_GONE;
		result_msg(r, url, "%s, gone", code);
	} else if (r->http_code == 429 || r->http_code == 503) {
		ra = header_get(x->h, "Retry-After");
		if (ra && fetch_parse_retry_after(ra, now, &r->retry_after) == 0) {
			char when[32];

			vtime_rfc3339(r->retry_after, when, sizeof when);
			r->status = FETCH_RATE_LIMITED;
			result_msg(r, url, "%s, retry after %s", code, when);
		} else {
			r->status = r->http_code == 429 ? FETCH_RATE_LIMITED :
				    FETCH_HTTP_ERROR;
			result_msg(r, url, "%s", code);
		}
	} else {
		r->status = FETCH_HTTP_ERROR;
		result_msg(r, url, "%s", code);
	}
	r->moved_permanently = r->redirects > 0 && x->all_permanent;
}

static void finish(struct xfer *x, CURLcode rc)
{
	struct fetch_result *r = x->res;
	const char *url = x->req->url;
	char *eff = NULL, *redir = NULL;
	long code = 0, nredir = 0;
	curl_off_t us = 0, wire = 0, first = 0;
	long conns = 0;
	int64_t now = vtime_now();

	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(x->h, CURLINFO_REDIRECT_COUNT, &nredir);
	curl_easy_getinfo(x->h, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(x->h, CURLINFO_TOTAL_TIME_T, &us);
	curl_easy_getinfo(x->h, CURLINFO_SIZE_DOWNLOAD_T, &wire);
	curl_easy_getinfo(x->h, CURLINFO_STARTTRANSFER_TIME_T, &first);
	curl_easy_getinfo(x->h, CURLINFO_NUM_CONNECTS, &conns);
	r->http_code = code;
	r->redirects = (int)nredir;
	r->seconds = (double)us / 1e6;
	r->ttfb = first > 0 && first <= us ? (double)first / 1e6 : r->seconds;
	r->connects = (int)conns;
	r->wire_bytes = (uint64_t)wire;
	r->final_url = v_strdup(eff ? eff : url);
	r->message[0] = '\0';
	if (!r->final_url)
		x->nomem = 1;

	if (x->nomem) {
		r->status = FETCH_NETWORK_ERROR;
		r->nomem = 1;
		result_msg(r, url, "%s", "out of memory");
	} else if (x->aborted) {
		r->status = FETCH_ABORTED;
		result_msg(r, url, "%s", "aborted by the reader");
	} else if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		r->status = FETCH_TOO_BIG;
		if (x->header_bytes > FETCH_MAX_HEADER_BYTES)
			result_msg(r, url, "headers over %zu bytes",
				   FETCH_MAX_HEADER_BYTES);
		else
			result_msg(r, url, "body over %zu bytes", x->max_bytes);
	} else if (x->refused) {
		r->status = FETCH_REFUSED;
		result_msg(r, url, "redirect to private address '%s' refused",
			   x->refused_ip);
	} else if (rc == CURLE_UNSUPPORTED_PROTOCOL) {
		/* libcurl gives no redirect URL for a scheme it cannot
		 * parse (javascript:, data:): the Location header names it */
		struct curl_header *loc;
		const char *target;

		curl_easy_getinfo(x->h, CURLINFO_REDIRECT_URL, &redir);
		target = redir;
		/* the request it counted never happened: the Location is
		 * in the answer before it */
		if (!target && nredir > 0 &&
		    curl_easy_header(x->h, "Location", 0, CURLH_HEADER,
				     (int)nredir - 1, &loc) == CURLHE_OK)
			target = loc->value;
		if (!target && nredir > 0)
			target = eff;
		r->status = FETCH_REFUSED;
		if (target) {
			result_msg(r, url, "redirect to '%.200s' refused (only http "
				   "and https)", target);
		} else if (!str_ncasecmp(url, "http://", 7) ||
			   !str_ncasecmp(url, "https://", 8)) {
			/* an http(s) URL, no redirect: libcurl says this of
			 * an answer without a valid status line */
			r->status = FETCH_NETWORK_ERROR;
			result_msg(r, url, "the server's answer is not HTTP: no "
				   "status line (HTTP/0.9) or a malformed one (%s)",
				   *x->errbuf ? x->errbuf : curl_easy_strerror(rc));
		} else {
			result_msg(r, url, "%s", "unsupported protocol (only http "
				   "and https)");
		}
	} else if (rc == CURLE_OUT_OF_MEMORY && !x->started && !*x->errbuf) {
		/* libcurl refuses a header line over 100 KiB with this code
		 * before veille sees the line */
		r->status = FETCH_TOO_BIG;
		result_msg(r, url, "%s", "a response header line over 100 KiB "
			   "(or libcurl out of memory)");
	} else if (rc == CURLE_TOO_MANY_REDIRECTS) {
		r->status = FETCH_HTTP_ERROR;
		result_msg(r, url, "%s", "too many redirects (loop?)");
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		r->status = FETCH_TIMEOUT;
		result_msg(r, url, "timed out: %s", x->errbuf);
	} else if (rc == CURLE_PEER_FAILED_VERIFICATION ||
		   rc == CURLE_SSL_CONNECT_ERROR ||
		   rc == CURLE_SSL_CERTPROBLEM || rc == CURLE_SSL_CIPHER ||
		   rc == CURLE_SSL_CACERT_BADFILE ||
		   rc == CURLE_SSL_ISSUER_ERROR) {
		r->status = FETCH_TLS_ERROR;
		result_msg(r, url, "TLS: %s",
			   *x->errbuf ? x->errbuf : curl_easy_strerror(rc));
	} else if (rc == CURLE_PARTIAL_FILE) {
		r->status = FETCH_NETWORK_ERROR;
		result_msg(r, url, "%s", "truncated body (connection closed early)");
	} else if (rc != CURLE_OK) {
		r->status = FETCH_NETWORK_ERROR;
		result_msg(r, url, "%s",
			   *x->errbuf ? x->errbuf : curl_easy_strerror(rc));
	} else {
		classify_http(x, now);
	}
	if (r->status == FETCH_OK || r->status == FETCH_MOVED_PERMANENTLY ||
	    r->status == FETCH_NOT_MODIFIED) {
		r->etag = header_dup(x->h, "ETag");
		r->last_modified = header_dup(x->h, "Last-Modified");
		r->fresh_until = fetch_fresh_until(header_get(x->h, "Cache-Control"),
						   header_get(x->h, "Expires"),
						   now);
		/* A validator lost to memory would silently turn the next fetch
		 * unconditional: report the transfer as failed instead. */
		if ((!r->etag && header_get(x->h, "ETag")) ||
		    (!r->last_modified && header_get(x->h, "Last-Modified")) ||
		    (r->status != FETCH_NOT_MODIFIED && take_content_type(x) < 0)) {
			r->status = FETCH_NETWORK_ERROR;
			result_msg(r, url, "%s", "out of memory");
		}
	}
}

/* A configured local source: "file:" URL or a path without a scheme. */
static int is_local(const char *url)
{
	return !str_ncasecmp(url, "file:", 5) || !strstr(url, "://");
}

static void fetch_local(struct xfer *x)
{
	struct fetch_result *r = x->res;
	const char *url = x->req->url;
	char *path = NULL, *host = NULL;
	char chunk[16384];
	FILE *f = NULL;
	size_t n;
	int64_t t0 = vtime_now();

	if (!str_ncasecmp(url, "file:", 5)) {
		CURLU *u = curl_url();

		if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
		    curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) ==
			    CURLUE_OK) {
			if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
			    *host && str_casecmp(host, "localhost")) {
				curl_free(path);
				path = NULL;
			}
		}
		curl_free(host);
		curl_url_cleanup(u);
		if (!path) {
			r->status = FETCH_REFUSED;
			result_msg(r, url, "%s", "not a local file URL");
			return;
		}
		f = fopen(path, "rb");
		curl_free(path);
	} else {
		f = fopen(url, "rb");
	}
	r->final_url = v_strdup(url);
	r->message[0] = '\0';
	if (!f) {
		r->status = FETCH_NETWORK_ERROR;
		result_msg(r, url, "cannot read: %s", strerror(errno));
		return;
	}
	r->status = FETCH_OK;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		r->wire_bytes += n;
		if (deliver(x, chunk, n, 200) < 0)
			break;
	}
	if (x->aborted) {
		r->status = FETCH_ABORTED;
		result_msg(r, url, "%s", "aborted by the reader");
	} else if (x->nomem || !r->final_url) {
		r->status = FETCH_NETWORK_ERROR;
		r->nomem = 1;
		result_msg(r, url, "%s", "out of memory");
	} else if (x->too_big) {
		r->status = FETCH_TOO_BIG;
		result_msg(r, url, "%s", "body over the size limit");
	} else if (ferror(f)) {
		r->status = FETCH_NETWORK_ERROR;
		result_msg(r, url, "read error: %s", strerror(errno));
	}
	fclose(f);
	r->seconds = (double)(vtime_now() - t0);
}

/* 1 when a transfer of this run to host ended over HTTP/1.x. */
static int host_is_http1(const struct xfer *xs, size_t n, const char *host)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (xs[i].http1 && !strcmp(xs[i].host, host))
			return 1;
	return 0;
}

static void done(const struct fetch_options *o, struct xfer *x)
{
	if (o && o->on_done)
		o->on_done(o->arg, x->i, x->res);
}

static void xfer_release(struct xfer *x)
{
	if (x->h)
		curl_easy_cleanup(x->h);
	curl_slist_free_all(x->hdrs);
	x->h = NULL;
	x->hdrs = NULL;
}

int fetch_run(const struct fetch_options *opts, const struct fetch_request *reqs,
	      struct fetch_result *results, size_t n, struct err *e)
{
	int max_total = opts && opts->max_total > 0 ? opts->max_total :
			FETCH_MAX_TOTAL_DEFAULT;
	int per_host = opts && opts->max_per_host > 0 ? opts->max_per_host :
		       FETCH_MAX_PER_HOST_DEFAULT;
	struct xfer *xs;
	struct fetch_sched hs;
	const char **keys;
	double *expect;
	struct err se;
	CURLM *m = NULL;
	size_t i, next = 0, left = 0, conns;
	int running = 0, rc = 0, active = 0, ended;

	for (i = 0; i < n; i++)
		result_init(&results[i]);
	if (global_init(e) < 0)
		return -1;
	xs = v_calloc(n ? n : 1, sizeof *xs);
	if (!xs)
		return err_set(e, "out of memory");
	for (i = 0; i < n; i++) {
		xs[i].req = &reqs[i];
		xs[i].res = &results[i];
		xs[i].i = i;
		xs[i].max_bytes = reqs[i].max_bytes ? reqs[i].max_bytes :
				  FETCH_MAX_BYTES_DEFAULT;
		if (!reqs[i].on_data)
			results[i].body.max = xs[i].max_bytes;
		host_key(reqs[i].url ? reqs[i].url : "", xs[i].host,
			 sizeof xs[i].host);
	}
	memset(&hs, 0, sizeof hs);
	keys = v_calloc(n ? n : 1, sizeof *keys);
	expect = v_calloc(n ? n : 1, sizeof *expect);
	rc = keys && expect ? 0 : -1;
	for (i = 0; i < n && rc == 0; i++) {
		keys[i] = xs[i].host;
		expect[i] = reqs[i].expect;
	}
	if (rc == 0)
		rc = fetch_sched_init(&hs, keys, expect, n, per_host);
	v_free(keys);
	v_free(expect);
	if (rc < 0) {
		fetch_sched_release(&hs);
		v_free(xs);
		return err_set(e, "out of memory");
	}
	/* Local files and unusable URLs are answered at once. */
	for (i = 0; i < n; i++) {
		const char *url = reqs[i].url;

		if (!url || !*url) {
			results[i].status = FETCH_REFUSED;
			result_msg(&results[i], "", "%s", "no URL");
		} else if (reqs[i].allow_file && is_local(url)) {
			fetch_local(&xs[i]);
		} else {
			left++;
			continue;
		}
		fetch_sched_done(&hs, i, -1);
		done(opts, &xs[i]);
		xs[i].res = NULL;	/* marks it finished */
	}
	m = curl_multi_init();
	if (!m) {
		fetch_sched_release(&hs);
		v_free(xs);
		return err_set(e, "out of memory");
	}
	curl_multi_setopt(m, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	/* Transfers at once are this loop's to limit (max_total, per_host);
	 * connections, open or idle, are libcurl's: room for every host's
	 * connections, so a host's next request reuses one whatever the order
	 * of the list (at max_total connections libcurl closed an idle one
	 * for each new one, and with hosts interleaved that was the one
	 * needed next). At most per_host connections to a host. */
	conns = hs.nhosts * (size_t)per_host;
	if (conns < (size_t)max_total * 2)
		conns = (size_t)max_total * 2;
	if (conns > FETCH_MAX_CONNECTS)
		conns = FETCH_MAX_CONNECTS;
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)conns);
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)per_host);
	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)conns);

	while (left > 0 && rc == 0) {
		CURLMsg *msg;
		int q;

		/* The caller gave up (its store failed): what has not started
		 * never will. */
		if (opts && opts->stop && next < n && opts->stop(opts->arg)) {
			for (i = next; i < n; i++) {
				struct xfer *x = &xs[i];

				if (!x->res || x->h)
					continue;
				x->res->status = FETCH_ABORTED;
				result_msg(x->res, x->req->url, "%s",
					   "not run: the batch was stopped");
				fetch_sched_done(&hs, i, -1);
				done(opts, x);
				x->res = NULL;
				left--;
			}
			next = n;
		}
		/* Start what the limits allow, longest host queue first. */
		while (active < max_total &&
		       (i = fetch_sched_pick(&hs, next)) < n) {
			struct xfer *x = &xs[i];

			x->no_pipewait = host_is_http1(xs, n, x->host);
			se.msg[0] = '\0';
			if (easy_setup(x, &se) < 0 ||
			    curl_multi_add_handle(m, x->h) != CURLM_OK) {
				/* Report it as this request's failure and go on. */
				x->res->status = FETCH_NETWORK_ERROR;
				result_msg(x->res, x->req->url, "%s",
					   *se.msg ? se.msg : "cannot start");
				xfer_release(x);
				fetch_sched_done(&hs, i, -1);
				done(opts, x);
				x->res = NULL;
				left--;
				continue;
			}
			fetch_sched_start(&hs, i);
			active++;
		}
		while (next < n && !xs[next].res)
			next++;
		if (curl_multi_perform(m, &running) != CURLM_OK) {
			rc = err_set(e, "libcurl multi failure");
			break;
		}
		ended = 0;
		while ((msg = curl_multi_info_read(m, &q))) {
			struct xfer *x;
			char *priv = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
					  &priv);
			x = (struct xfer *)(void *)priv;
			{
				long v = 0;

				curl_easy_getinfo(x->h, CURLINFO_HTTP_VERSION, &v);
				x->http1 = v == CURL_HTTP_VERSION_1_0 ||
					   v == CURL_HTTP_VERSION_1_1;
			}
			finish(x, msg->data.result);
			fetch_sched_done(&hs, x->i, x->res->http_code > 0 ?
					 x->res->seconds : -1);
			curl_multi_remove_handle(m, x->h);
			xfer_release(x);
			active--;
			left--;
			ended++;
			done(opts, x);
			x->res = NULL;
		}
		/* A transfer that ended frees a slot: fill it before waiting,
		 * or the next transfer of its host waits for whatever ends
		 * next (a whole slow answer) */
		if (!ended && left > 0 && running > 0 &&
		    curl_multi_poll(m, NULL, 0, 1000, NULL) != CURLM_OK)
			rc = err_set(e, "libcurl poll failure");
	}
	for (i = 0; i < n; i++) {
		if (xs[i].h) {
			curl_multi_remove_handle(m, xs[i].h);
			xfer_release(&xs[i]);
		}
	}
	curl_multi_cleanup(m);
	fetch_sched_release(&hs);
	v_free(xs);
	return rc;
}

int fetch_one(const struct fetch_request *req, struct fetch_result *res,
	      struct err *e)
{
	return fetch_run(NULL, req, res, 1, e);
}
