/* SMTP delivery through libcurl: one transaction per member, TLS required
 * unless configured otherwise, outcome classified in the digest's words
 * (sent, transient, permanent) with the server's reply kept for the log.
 * The password goes to libcurl only; the debug callback keeps server lines
 * (HEADER_IN) and never what we send, so it cannot leak into a message. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "digest.h"
#include "../util/alloc.h"
#include "../util/str.h"

#define PASSWORD_MAX 4096

char *digest_password_load(const char *path, struct err *e)
{
	struct stat st;
	char tmp[PASSWORD_MAX + 1];
	ssize_t n;
	size_t len = 0;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		err_set(e, "cannot open password file '%s': %s", path,
			strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		err_set(e, "password file '%s' is not a regular file", path);
		return NULL;
	}
	if ((st.st_mode & 077) != 0) {
		close(fd);
		err_set(e, "password file '%s' is readable by others (mode %03o):"
			   " chmod 600 it", path, (unsigned)(st.st_mode & 0777));
		return NULL;
	}
	while (len < PASSWORD_MAX &&
	       (n = read(fd, tmp + len, PASSWORD_MAX - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			err_set(e, "cannot read password file '%s': %s", path,
				strerror(errno));
			return NULL;
		}
		len += (size_t)n;
	}
	close(fd);
	tmp[len] = '\0';
	len = strcspn(tmp, "\r\n");
	tmp[len] = '\0';
	if (len == 0) {
		err_set(e, "password file '%s' is empty", path);
		return NULL;
	}
	{
		char *p = v_strdup(tmp);
		memset(tmp, 0, sizeof(tmp));
		if (p == NULL)
			err_set(e, "out of memory");
		return p;
	}
}

struct upload {
	const char *p;
	size_t len, off;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *ud)
{
	struct upload *u = ud;
	size_t n = size * nmemb;

	if (n > u->len - u->off)
		n = u->len - u->off;
	memcpy(dst, u->p + u->off, n);
	u->off += n;
	return n;
}

/* What the debug callback needs: where the reply goes, and what we sent
 * during AUTH, so a server that repeats our credentials in a reply (which
 * is printed, logged and stored with the digest) is not believed. */
struct debug_ctx {
	struct digest_send_result *r;
	const char *password;
	int in_auth;
	char sent[4][256];	/* AUTH lines and the answers to its 334s */
	int nsent;
};

static int repeats_secret(const struct debug_ctx *d, const char *s)
{
	for (int i = 0; i < d->nsent; i++)
		if (d->sent[i][0] && strstr(s, d->sent[i]))
			return 1;
	return d->password && strlen(d->password) >= 3 &&
	       strstr(s, d->password) != NULL;
}

static void remember_sent(struct debug_ctx *d, const char *data, size_t n)
{
	const char *p = data;
	size_t k;

	while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
		n--;
	if (n >= 5 && !str_ncasecmp(data, "AUTH ", 5)) {
		d->in_auth = 1;
		/* "AUTH PLAIN <initial response>": the response is secret */
		p = memchr(data + 5, ' ', n - 5);
		if (!p)
			return;
		p++;
	} else if (!d->in_auth) {
		return;
	}
	k = n - (size_t)(p - data);
	if (k < 4 || d->nsent >= 4)
		return;
	if (k >= sizeof(d->sent[0]))
		k = sizeof(d->sent[0]) - 1;
	memcpy(d->sent[d->nsent], p, k);
	d->sent[d->nsent][k] = '\0';
	d->nsent++;
}

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size,
		    void *ud)
{
	struct debug_ctx *d = ud;
	struct digest_send_result *r = d->r;
	size_t n = size;

	(void)h;
	if (type == CURLINFO_HEADER_OUT) {
		remember_sent(d, data, size);
		return 0;
	}
	if (type == CURLINFO_HEADER_IN && !(size >= 4 && !memcmp(data, "334", 3)))
		d->in_auth = 0;
	/* QUIT's "221 Bye" would hide the reply that mattered */
	if (type != CURLINFO_HEADER_IN || (size >= 4 && memcmp(data, "221 ", 4) == 0))
		return 0;
	while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
		n--;
	if (n >= sizeof(r->reply))
		n = sizeof(r->reply) - 1;
	memcpy(r->reply, data, n);
	r->reply[n] = '\0';
	/* the reply lands in logs: nothing but printable text */
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)r->reply[i] < 0x20 || r->reply[i] == 0x7f)
			r->reply[i] = ' ';
	if (repeats_secret(d, r->reply)) {
		char code[4];

		str_copy(code, r->reply, sizeof(code));
		str_copy(r->reply, code, sizeof(r->reply));
		str_copy(r->reply + strlen(r->reply),
			 " (reply withheld: it repeats our credentials)",
			 sizeof(r->reply) - strlen(r->reply));
	}
	return 0;
}

static int envelope_addr(const char *s, char *out, size_t n)
{
	struct buf nm = BUF_INIT, ad = BUF_INIT;
	int rc = -1;

	if (digest_parse_address(s, &nm, &ad) == 0 && ad.len + 3 <= n) {
		out[0] = '<';
		str_copy(out + 1, buf_cstr(&ad), n - 1);
		str_copy(out + 1 + ad.len, ">", n - 1 - ad.len);
		rc = 0;
	}
	buf_release(&nm);
	buf_release(&ad);
	return rc;
}

/* 1 when the URL's host is this machine: the one place where tls = none
 * may carry a password (a local relay). */
static int loopback_url(const char *url)
{
	const char *h = strstr(url, "://");
	static const char *const hosts[] = { "127.0.0.1", "localhost",
					     "[::1]" };
	size_t i, n;

	if (h == NULL)
		return 0;
	h += 3;
	if (strchr(h, '@') != NULL)
		return 0;
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		n = strlen(hosts[i]);
		if (strncmp(h, hosts[i], n) == 0 &&
		    (h[n] == '\0' || h[n] == ':' || h[n] == '/'))
			return 1;
	}
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int64_t digest_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_reason(struct digest_send_result *r, const char *s)
{
	str_copy(r->reply, s, sizeof(r->reply));
}

static enum digest_send_status attempt(const struct digest_smtp *cfg,
				       const char *from,
				       struct curl_slist *rcpt,
				       const char *msg, size_t len,
				       long limit_ms,
				       struct digest_send_result *r)
{
	char errbuf[CURL_ERROR_SIZE];
	struct upload u = { msg, len, 0 };
	struct debug_ctx dbg;
	CURL *h;
	CURLcode rc;
	long code = 0;

	r->reply[0] = '\0';
	errbuf[0] = '\0';
	memset(&dbg, 0, sizeof(dbg));
	dbg.r = r;
	dbg.password = cfg->user ? cfg->password : NULL;
	if ((h = curl_easy_init()) == NULL) {
		set_reason(r, "cannot start libcurl");
		return DIGEST_TRANSIENT;
	}
	curl_easy_setopt(h, CURLOPT_URL, cfg->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_USE_SSL, cfg->tls == DIGEST_TLS_NONE ?
			 (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (cfg->ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, cfg->ca_file);
	if (cfg->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, cfg->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD,
				 cfg->password ? cfg->password : "");
	}
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &u);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
			 cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms
						     : 15000L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, limit_ms);
	/* seconds: the _MS form is newer than Debian 12's libcurl */
	curl_easy_setopt(h, CURLOPT_SERVER_RESPONSE_TIMEOUT,
			 cfg->response_timeout_ms > 0 ?
			 (cfg->response_timeout_ms + 999) / 1000 : 60L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, &dbg);
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(h);
	r->code = (int)code;
	if (rc == CURLE_OK)
		return DIGEST_SENT;
	if (rc == CURLE_USE_SSL_FAILED) {
		set_reason(r, "server does not offer STARTTLS and tls is "
			      "required: nothing sent");
		r->code = 0;
		return DIGEST_PERMANENT;
	}
	if (code >= 500 && code < 600)
		return DIGEST_PERMANENT;
	if (code >= 400 && code < 500) {
		r->relay_failed = code == 421;
		return DIGEST_TRANSIENT;
	}
	{
		/* keep curl's reason, and the server's last words if any */
		struct buf why = BUF_INIT;
		buf_addstr(&why, errbuf[0] ? errbuf : curl_easy_strerror(rc));
		if (r->reply[0] != '\0')
			buf_addf(&why, " (last reply: %s)", r->reply);
		set_reason(r, buf_cstr(&why));
		buf_release(&why);
	}
	switch (rc) {
	case CURLE_LOGIN_DENIED:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_SSL_CACERT_BADFILE:
		return DIGEST_PERMANENT;
	default:
		/* no answer: unreachable, timed out, connection lost */
		r->relay_failed = 1;
		return DIGEST_TRANSIENT;
	}
}

int digest_smtp_send(const struct digest_smtp *cfg, const char *from,
		     char *const *rcpts, size_t nrcpts, const char *msg,
		     size_t len, struct digest_send_result *r)
{
	struct curl_slist *list = NULL, *t;
	char env_from[320], a[320];
	int retries = cfg->retries < 0 ? 3 : cfg->retries;
	long delay = cfg->retry_delay_ms < 0 ? 5000 : cfg->retry_delay_ms;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->status = DIGEST_PERMANENT;
	if (cfg->url == NULL || (!str_startswith(cfg->url, "smtp://") &&
				 !str_startswith(cfg->url, "smtps://"))) {
		set_reason(r, "the SMTP URL must start with smtp:// or smtps://");
		return -1;
	}
	if (cfg->tls == DIGEST_TLS_NONE && cfg->user != NULL &&
	    !loopback_url(cfg->url)) {
		set_reason(r, "refusing to send the SMTP password in clear to a "
			      "server other than this machine (tls = none)");
		return -1;
	}
	if (envelope_addr(from, env_from, sizeof(env_from)) < 0) {
		set_reason(r, "invalid From address");
		return -1;
	}
	if (nrcpts == 0) {
		set_reason(r, "no recipient");
		return -1;
	}
	for (i = 0; i < nrcpts; i++) {
		if (envelope_addr(rcpts[i], a, sizeof(a)) < 0) {
			set_reason(r, "invalid recipient address");
			curl_slist_free_all(list);
			return -1;
		}
		if ((t = curl_slist_append(list, a)) == NULL) {
			set_reason(r, "out of memory");
			curl_slist_free_all(list);
			r->status = DIGEST_TRANSIENT;
			return -1;
		}
		list = t;
	}
	for (;;) {
		long limit = cfg->timeout_ms > 0 ? cfg->timeout_ms : 120000L;

		if (cfg->deadline_ms > 0) {
			int64_t left = cfg->deadline_ms - digest_clock_ms();

			if (left <= 0) {
				set_reason(r, "the run's time for the relay is spent");
				r->status = DIGEST_TRANSIENT;
				r->relay_failed = 1;
				break;
			}
			if (left < limit)
				limit = (long)left;
		}
		r->attempts++;
		r->relay_failed = 0;
		r->status = attempt(cfg, env_from, list, msg, len, limit, r);
		if (r->status != DIGEST_TRANSIENT || r->attempts > retries)
			break;
		if (cfg->deadline_ms > 0 &&
		    digest_clock_ms() + delay >= cfg->deadline_ms)
			break;
		sleep_ms(delay);
		if (delay < 3600000L)
			delay *= 2;
	}
	if (r->status != DIGEST_TRANSIENT)
		r->relay_failed = 0;
	curl_slist_free_all(list);
	return r->status == DIGEST_SENT ? 0 : -1;
}
