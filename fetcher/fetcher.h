/* fetcher/: HTTP(S) transfers with libcurl's multi interface, in the
 * domain's words. It knows nothing of XML or SQLite: it hands bytes and HTTP
 * metadata to its caller.
 *
 * A batch of requests runs concurrently (a global and a per-host limit,
 * HTTP/2 multiplexing where offered, connections reused). Each request is
 * conditional when validators are given, polite (a real User-Agent,
 * time-outs, size caps) and safe: http and https only, redirects never leave
 * them, TLS verification always on, and a redirect from a public address to
 * a private one is refused.
 *
 *	struct fetch_request req[2] = { { .url = a }, { .url = b } };
 *	struct fetch_result res[2];
 *	if (fetch_run(NULL, req, res, 2, &e) < 0) ...
 *	for (i = 0; i < 2; i++) { ... res[i].status ...; fetch_result_release(&res[i]); }
 *
 * Ownership: requests (and every string they point to) are borrowed for the
 * duration of the call; results are filled by the call and owned by the
 * caller, who releases each with fetch_result_release().
 */
#ifndef VEILLE_FETCHER_H
#define VEILLE_FETCHER_H

#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "../util/err.h"

#define FETCH_PROJECT_URL "https://github.com/cluster-maintenance/veille"
#define FETCH_USER_AGENT "veille/" VEILLE_VERSION " (+" FETCH_PROJECT_URL ")"

#define FETCH_MAX_BYTES_DEFAULT ((size_t)16 << 20)
#define FETCH_MAX_TOTAL_DEFAULT 16
#define FETCH_MAX_PER_HOST_DEFAULT 2
/* Connections kept open between requests, at most (file descriptors). */
#define FETCH_MAX_CONNECTS 512
#define FETCH_MAX_REDIRECTS_DEFAULT 5
#define FETCH_CONNECT_TIMEOUT_DEFAULT 20	/* seconds */
#define FETCH_TIMEOUT_DEFAULT 300		/* seconds, whole transfer */
#define FETCH_LOW_SPEED_BYTES_DEFAULT 64	/* bytes per second ... */
#define FETCH_LOW_SPEED_TIME_DEFAULT 30		/* ... sustained this long */
/* All response headers together; a server sending megabytes is cut off. */
#define FETCH_MAX_HEADER_BYTES ((size_t)256 << 10)

/* Outcome of one request. Only FETCH_OK and FETCH_MOVED_PERMANENTLY carry a
 * body. */
enum fetch_status {
	FETCH_OK,		/* 200 */
	FETCH_NOT_MODIFIED,	/* 304: nothing new; validators refreshed
				 * when the server sent new ones */
	FETCH_MOVED_PERMANENTLY,/* 200 reached only through 301/308
				 * redirects: final_url is the new address */
	FETCH_GONE,		/* 410: the feed should be disabled */
	FETCH_RATE_LIMITED,	/* 429, or 503 with Retry-After: see
				 * retry_after */
	FETCH_HTTP_ERROR,	/* other 4xx/5xx (http_code), redirect loop */
	FETCH_NETWORK_ERROR,	/* DNS, refused, reset, truncated, unreadable
				 * file */
	FETCH_TIMEOUT,		/* connect, total or low-speed time-out */
	FETCH_TLS_ERROR,	/* certificate or handshake */
	FETCH_TOO_BIG,		/* body (decoded, and as sent with
				 * raw_encoding) or headers over cap */
	FETCH_REFUSED,		/* protocol or address policy (SSRF) */
	FETCH_ABORTED,		/* the caller asked to stop: its on_data,
				 * or its stop before the transfer began */
};

/* "ok", "not-modified", "moved-permanently", "gone", "rate-limited",
 * "http-error", "network-error", "timeout", "tls-error", "too-big",
 * "refused", "aborted": stable names for logs, JSON and the database. */
const char *fetch_status_name(enum fetch_status s);
/* 1 for the statuses that count as a failure of the feed (back-off). */
int fetch_status_is_error(enum fetch_status s);

/* One request. Zero-initialise and set what you need: every 0 / NULL field
 * means the default. */
struct fetch_request {
	const char *url;		/* http(s) URL; or, with allow_file, a
					 * local path or file: URL */
	const char *etag;		/* sent as If-None-Match */
	const char *last_modified;	/* sent as If-Modified-Since */
	const char *user_agent;		/* FETCH_USER_AGENT */
	size_t max_bytes;		/* FETCH_MAX_BYTES_DEFAULT, decoded size
					 * (as sent with raw_encoding) */
	long connect_timeout;		/* seconds */
	long timeout;			/* seconds, whole transfer */
	long low_speed_bytes;		/* cut off below this many bytes/s ... */
	long low_speed_time;		/* ... for this many seconds */
	int max_redirects;		/* 0: default 5; negative: none */
	/* The configuration names this source as a local file (bundled
	 * samples, tests). Never honoured for a redirect target. */
	int allow_file;
	/* Streaming: when set, the body is handed over in chunks as it
	 * arrives (decompressed) and not kept in the result. Return 0 to go
	 * on, negative to abort the transfer (FETCH_ABORTED). Chunks of a
	 * redirect response are never delivered. */
	int (*on_data)(void *arg, const char *p, size_t n);
	void *arg;
	/* The body as sent: its content coding is left for the caller to
	 * undo (fetch_decoder_new with the result's content_encoding), for
	 * instance on a thread of its own; max_bytes then caps the coded
	 * bytes, and only FETCH_ACCEPT_ENCODING_RAW is asked for. Otherwise
	 * libcurl decodes every coding it has. */
	int raw_encoding;
	/* The time this request is expected to take, seconds (its last
	 * response time); 0: unknown, counted as 1. The batch starts first
	 * the requests of the host with the most expected time left, so the
	 * longest queues do not run alone at the end. */
	double expect;
};

struct fetch_result {
	enum fetch_status status;
	long http_code;		/* last HTTP status, 0 when none */
	int moved_permanently;	/* every redirect followed was 301/308 */
	int redirects;		/* redirects followed */
	int nomem;		/* failed for want of memory here, not for
				 * anything the server did */
	char *final_url;	/* where the answer came from (v_free'd by
				 * fetch_result_release) */
	char *etag;		/* validators of the answer, NULL if none */
	char *last_modified;
	char *content_type;	/* as sent, e.g. "text/xml; charset=utf-8" */
	char *charset;		/* the charset parameter, lower-case */
	char *content_encoding;	/* with raw_encoding: Content-Encoding as
				 * sent, NULL when none */
	/* These three are set before the first on_data call, so a streaming
	 * reader can hand the transport's charset to its parser. */
	int64_t retry_after;	/* absolute time (epoch s) before which the
				 * server asked not to come back; 0 none */
	int64_t fresh_until;	/* from Cache-Control max-age or Expires: a
				 * lower bound for the next fetch; 0 none */
	uint64_t bytes;		/* body bytes taken (decompressed, unless
				 * raw_encoding), <= max_bytes */
	uint64_t wire_bytes;	/* body bytes on the wire (compressed) */
	double seconds;		/* duration of the transfer */
	double ttfb;		/* seconds from its start to the answer's
				 * first byte (connection, request, the
				 * server's think time); <= seconds */
	int connects;		/* new connections it opened (0: reused) */
	struct buf body;	/* the body, when on_data is NULL */
	char message[ERR_MSG_MAX];	/* one line naming the URL, "" when
					 * FETCH_OK / NOT_MODIFIED */
};

struct fetch_options {
	int max_total;		/* concurrent transfers, default 16 */
	int max_per_host;	/* transfers (and connections) per host at
				 * once, default 2; connections are kept
				 * open for the host's next requests */
	/* Called as soon as request i completes, in completion order, so the
	 * caller can parse and store it while the others go on. The result
	 * stays in results[i] either way. */
	void (*on_done)(void *arg, size_t i, struct fetch_result *r);
	/* Asked before each transfer starts; non-zero stops the batch: the
	 * requests not started yet end as FETCH_ABORTED ("not run"), those
	 * running finish. NULL: never. */
	int (*stop)(void *arg);
	void *arg;
};

/* Runs the n requests concurrently and fills results[0..n-1] (each must be
 * released, whatever the return). opts may be NULL. Returns 0 when every
 * request ran (each has its own status), -1 with e set when the batch itself
 * could not run (out of memory, libcurl failure). */
int fetch_run(const struct fetch_options *opts, const struct fetch_request *reqs,
	      struct fetch_result *results, size_t n, struct err *e);
/* fetch_run() for one request. */
int fetch_one(const struct fetch_request *req, struct fetch_result *res,
	      struct err *e);
void fetch_result_release(struct fetch_result *r);

/* ---- pure helpers (no network), unit-tested ---- */

/* Parses a Retry-After value, seconds ("120") or an HTTP-date, into an
 * absolute time. Returns 0 and sets *when, or -1 when unusable. */
int fetch_parse_retry_after(const char *value, int64_t now, int64_t *when);
/* Lower bound for the next fetch from Cache-Control (max-age, s-maxage
 * ignored; no-store/no-cache give none) or else Expires. Either may be
 * NULL. Returns the absolute time, or 0 when none. */
int64_t fetch_fresh_until(const char *cache_control, const char *expires,
			  int64_t now);

/* Classifies a numeric IPv4 or IPv6 address: 1 when loopback, private
 * (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), link-local
 * (169.254/16, fe80::/10), unspecified (0.0.0.0/8, ::) or IPv4-mapped one
 * of those; 0 when public; -1 when not an address.
 *
 * Test-only policy: loopback addresses listed (comma-separated) in the
 * environment variable VEILLE_TEST_PUBLIC_ADDRESSES count as public, so an
 * end-to-end test can serve a "public" feed on 127.0.0.2 that redirects to
 * 127.0.0.1 and see it refused (Linux routes all of 127/8 to lo). Only
 * 127/8 addresses can be listed: the variable can never open a real private
 * network. */
int fetch_addr_is_private(const char *ip);

/* Whether the host of url is private by name or by address: an address
 * literal as fetch_addr_is_private says; "localhost", a single-label name
 * and names under .localhost, .local, .localdomain, .internal, .lan and
 * .home.arpa; else a name that resolves here to any private address. 1
 * private, 0 public or unresolvable (a proxy may resolve what this machine
 * cannot), -1 when url has no host. Used when a proxy makes the connected
 * address the proxy's, not the target's. */
int fetch_host_is_private(const char *url);

/* The same judged by the URL alone, nothing resolved: an address literal
 * or a private name form (as above). For checking a configuration without
 * waiting on the network. */
int fetch_host_is_private_name(const char *url);

/* Whether libcurl will send requests through a proxy set in the
 * environment (http_proxy, https_proxy, all_proxy and their upper-case
 * forms, as libcurl reads them). */
int fetch_proxy_in_env(void);

#define FETCH_BACKOFF_CAP_DEFAULT (24 * 3600)
/* The longest Retry-After honoured: a longer one is cut to this. */
#define FETCH_RETRY_AFTER_MAX (14 * 24 * 3600)
/* The slack of a schedule: a feed is due when at most this part of its
 * delay remains (delay / FETCH_SLACK_DIV, at most FETCH_SLACK_MAX), so a
 * run that starts a little earlier than the one before (a clock change,
 * a longer crawl the night before, a timer's jitter) still fetches it. */
#define FETCH_SLACK_DIV 8
#define FETCH_SLACK_MAX (3 * 3600)

/* When a feed is due next. interval is the feed's schedule (seconds, > 0);
 * after `errors` consecutive failures the delay doubles per failure,
 * starting from the interval, up to max(cap, interval) (cap <= 0: one day),
 * so a dead source is retried at least once per cap and recovers by itself
 * on its first success (errors back to 0). The feed is due once the delay
 * less its slack has passed. retry_after (absolute, 0 for none) is a
 * lower bound kept exactly, up to now + FETCH_RETRY_AFTER_MAX; fresh_until
 * (0 for none) is a lower bound up to now + max(cap, interval). */
int64_t fetch_next_due(int64_t now, int64_t interval, int64_t cap,
		       unsigned errors, int64_t retry_after,
		       int64_t fresh_until);

/* Paging. Each returns a new URL (free with v_free) or NULL with e set. */
/* OAI-PMH: the next ListRecords page of base_url: its query replaced by
 * "verb=ListRecords&resumptionToken=TOKEN" (the token is exclusive). */
char *fetch_oai_next_url(const char *base_url, const char *token,
			 struct err *e);
/* OAI-PMH incremental harvest: url with verb=ListRecords and from=FROM
 * (a datestamp, "2026-11-01" or full UTC), replacing any verb, from or
 * resumptionToken already there. */
char *fetch_oai_from_url(const char *url, const char *from, struct err *e);
/* arXiv API: url with start=START and max_results=MAX set (replacing any). */
char *fetch_arxiv_page_url(const char *url, long start, long max_results,
			   struct err *e);
/* Sets name=value (URL-encoded) in url's query, dropping any other value
 * of name. value NULL only removes it. */
char *fetch_url_set_param(const char *url, const char *name, const char *value,
			  struct err *e);

/* ---- content codings undone by the caller (raw_encoding) ---- */

/* What a raw_encoding request accepts: the codings fetch_decoder_new
 * knows. */
#define FETCH_ACCEPT_ENCODING_RAW "gzip, deflate"

/* Where decoded bytes go: 0 to go on, non-zero to stop. */
typedef int (*fetch_sink)(void *arg, const char *p, size_t n);

enum {
	FETCH_DECODE_BAD = -1,		/* corrupt data, or out of memory */
	FETCH_DECODE_TOO_BIG = -2,	/* more than max_out decoded */
	FETCH_DECODE_STOPPED = -3,	/* the sink asked to stop */
};

struct fetch_decoder;

/* A decoder for a Content-Encoding value (a list, outermost last; NULL,
 * "" and "identity" pass bytes through), handing at most max_out decoded
 * bytes to its sink. 0 and *d (free with fetch_decoder_free), or -1 with e
 * set ("unsupported content encoding 'br'"). */
int fetch_decoder_new(const char *content_encoding, size_t max_out,
		      struct fetch_decoder **d, struct err *e);
/* Decodes the next n bytes of the body into sink, as they come. 0, or a
 * FETCH_DECODE_* code: BAD and TOO_BIG with e set ("bad gzip data: ...",
 * "body over N bytes": the sink has had the first max_out bytes, however
 * the body was cut into pushes), STOPPED with e untouched. Data after the
 * end of the coded stream is dropped. */
int fetch_decoder_push(struct fetch_decoder *d, const char *p, size_t n,
		       fetch_sink sink, void *arg, struct err *e);
/* Decoded bytes handed to the sink so far. */
uint64_t fetch_decoder_bytes(const struct fetch_decoder *d);
void fetch_decoder_free(struct fetch_decoder *d);

/* Appends a description of libcurl: version, TLS backend, protocols and
 * features. */
int fetcher_version(struct buf *out);

#endif
