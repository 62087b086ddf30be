/* The crawl: see pipeline.h. */
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pipeline.h"
#include "../classify/classify.h"
#include "../fetcher/fetcher.h"
#include "../parser/parser.h"
#include "../util/alloc.h"
#include "../util/jsonw.h"
#include "../util/log.h"
#include "../util/pool.h"
#include "../util/str.h"
#include "../util/vtime.h"

#define PIPE_MOVED_RUNS 3		/* permanent redirects before moving */
#define PIPE_MAX_PAGES 10
/* Items kept of one feed in one run (max_items): real feeds carry tens to
 * a few hundred; a document of half a million bare items is an accident
 * or an attack, and everything held per page grows with it. */
#define PIPE_MAX_ITEMS 5000
/* The feed state's note on a document that was not well-formed: "warning:"
 * makes it a warning in veille feeds, not an error. */
#define PIPE_WARN_CUT "warning: not well-formed (cut short?): its items " \
	"kept, its validators not, so the next run fetches it whole"
#define PIPE_ARXIV_PAGE 100
/* With workers, bytes of each body also parsed as they arrive, to stop a
 * transfer that cannot be a feed (see sniff()). */
#define PIPE_SNIFF 4096
/* last_status for a body that is not a feed (fetch statuses are >= 0). */
#define PIPE_STATUS_NOT_A_FEED 100
/* redirects = this once the stored URL follows a permanent move, so the
 * sync does not put the configured (old) URL back. */
#define PIPE_MOVED_MARK (-1)
#define REASON_REMOVED "removed from the configuration"
#define REASON_DISABLED "enabled = no in the configuration"

/* An item's niches, then its sectors, as the store takes them, with their
 * evidence as JSON: built on a worker thread when there are workers, so
 * that the main thread, which stores, only stores. */
struct scores {
	struct store_niche_score *v;
	struct buf *ev;
	size_t n, nniche;
};

struct job {
	const struct conf_section *sec;
	const char *name;
	struct store_feed_state fs;
	char *source;		/* what the configuration points at */
	char *page_url;		/* the request of this round */
	int local, oai, arxiv;
	int pages, max_pages;
	long arxiv_start, arxiv_size;
	int64_t interval;
	struct fetch_result *res;	/* this round's answer, while it runs */
	/* With workers, the page's body waits here for one of them to parse
	 * it and classify its items, and the page's state between that and
	 * the store; without, the body is parsed as it arrives (p). */
	struct buf body;
	size_t max_bytes;	/* the body's cap, decoded */
	struct feed_parser *sniff;
	struct fetch_decoder *sdec;	/* the body's beginning, for sniff */
	size_t sniffed;
	struct pool_task task;
	struct crawl *cr;
	struct feed *meta;
	int failed, not_feed;
	int64_t n0, u0;
	struct scores *cls;	/* per item, NULL: classify inline */
	struct store_item_prep *prep;	/* per item, NULL: prepare inline */
	int cls_rc;
	struct err cls_err;
	struct feed_parser *p;
	int parse_failed;
	struct err perr;
	struct feed_item *items;
	size_t nitems, cap;
	size_t max_items;	/* of this run, all pages together */
	size_t kept;		/* items of earlier pages of this run */
	size_t dropped;		/* items over max_items, left out */
	size_t republished;	/* items moved to new ids (store_republished) */
	int64_t oai_max;	/* newest OAI datestamp of this harvest */
	int pending, finished, known;
	/* for the report */
	const char *status;
	long http_code;
	uint64_t bytes;
	double seconds;
	int64_t nnew, nupd;
	char error[ERR_MSG_MAX];
};

struct crawl {
	struct conf *c;
	struct store *db;
	const struct pipe_opts *o;
	struct classifier *cl;
	struct pool *pool;
	unsigned max_queued;	/* pages waiting for a worker, at most */
	int fetch_apart;	/* this round's transfers run on a thread of
				 * their own (fetch_round) */
	struct pipe_report *rep;
	struct job *jobs;
	size_t njobs, done;
	int64_t cap;
	size_t *map;		/* request i of the round -> job */
	int fatal;
	atomic_int stop;	/* fatal, as the transfer thread reads it */
	struct err fatal_err;
};

char *pipe_source(const char *config_path, const char *url)
{
	struct buf b = BUF_INIT;
	const char *slash;

	if (str_startswith(url, "http://") || str_startswith(url, "https://") ||
	    str_startswith(url, "file:") || url[0] == '/' || !config_path ||
	    !(slash = strrchr(config_path, '/')))
		return v_strdup(url);
	if (buf_add(&b, config_path, (size_t)(slash - config_path) + 1) < 0 ||
	    buf_addstr(&b, url) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static int is_local(const char *url)
{
	return !(str_startswith(url, "http://") || str_startswith(url, "https://"));
}

int pipe_check_names(const struct conf *c, const char *const *names,
		     size_t n, struct err *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!conf_find(c, "feed", names[i]))
			return err_set(e, "no feed '%s' in the configuration",
				       names[i]);
	return 0;
}

static int listed(const struct pipe_opts *o, const char *name)
{
	size_t i;

	for (i = 0; i < o->nnames; i++)
		if (!strcmp(o->names[i], name))
			return 1;
	return 0;
}

static int set_str(char **dst, const char *v)
{
	char *d = NULL;

	if (v && !(d = v_strdup(v)))
		return -1;
	v_free(*dst);
	*dst = d;
	return 0;
}

/* ---- sync: the configuration's feeds into the database ---- */

struct names {
	char **v;
	size_t n;
	int oom;
};

static int collect_removed(void *ctx, const struct store_feed_row *r)
{
	struct names *nm = ((void **)ctx)[0];
	const struct conf *c = ((void **)ctx)[1];
	char **v;

	if (conf_find(c, "feed", r->fs->name) || r->fs->disabled_reason)
		return 0;
	v = v_reallocarray(nm->v, nm->n + 1, sizeof *v);
	if (!v || !(v[nm->n] = v_strdup(r->fs->name))) {
		if (v)
			nm->v = v;
		nm->oom = 1;
		return 1;
	}
	nm->v = v;
	nm->n++;
	return 0;
}

static int set_disabled(struct store *db, const char *name, const char *reason,
			struct err *e)
{
	struct store_feed_state fs;
	int rc = store_feed_get(db, name, &fs, e);

	if (rc <= 0)
		return rc;
	if (set_str(&fs.disabled_reason, reason) < 0)
		rc = err_set(e, "out of memory");
	else
		rc = store_feed_update(db, &fs, e);
	store_feed_state_release(&fs);
	return rc;
}

static int sync_feeds(struct crawl *cr, struct err *e)
{
	struct names nm = { NULL, 0, 0 };
	void *ctx[2] = { &nm, cr->c };
	size_t i;
	int rc = 0;

	if (store_begin(cr->db, e) < 0)
		return -1;
	for (i = 0; i < cr->c->nsections && rc == 0; i++) {
		const struct conf_section *s = &cr->c->sections[i];
		struct store_feed_state fs;
		const char *url, *kind, *lang, *reason;
		int64_t id;
		int found, changed, caught_up;

		if (strcmp(s->type, "feed"))
			continue;
		url = conf_str(s, "url", "");
		kind = conf_str(s, "kind", "news");
		lang = conf_str(s, "language", NULL);
		found = store_feed_get(cr->db, s->name, &fs, e);
		if (found < 0) {
			rc = -1;
			break;
		}
		/* What the configuration said last time: a feed moved by
		 * the server is fetched from its new address until the
		 * operator edits its url (to the new one or to another). */
		changed = found && strcmp(fs.configured_url ? fs.configured_url :
					  fs.url, url);
		caught_up = changed && fs.redirects == PIPE_MOVED_MARK &&
			    !strcmp(fs.url, url);
		if (store_feed_ensure(cr->db, s->name, url, kind, lang, &id, e) < 0) {
			store_feed_state_release(&fs);
			rc = -1;
			break;
		}
		if (!found)
			rc = store_feed_get(cr->db, s->name, &fs, e) < 0 ? -1 : 0;
		if (rc < 0)
			break;
		reason = fs.disabled_reason;
		if (caught_up) {
			fs.redirects = 0;	/* the operator caught up */
		} else if (changed) {
			if (!cr->o->quiet)
				fprintf(stderr, "fetch '%s': url changed in the configuration, now %s\n",
					s->name, url);
			set_str(&fs.etag, NULL);
			set_str(&fs.last_modified, NULL);
			set_str(&fs.oai_datestamp, NULL);
			fs.redirects = 0;
			fs.next_due = 0;
		}
		if (!conf_bool(s, "enabled", 1)) {
			if (!reason && set_str(&fs.disabled_reason, REASON_DISABLED) < 0)
				rc = err_set(e, "out of memory");
		} else if (reason && (!strcmp(reason, REASON_DISABLED) ||
				      !strcmp(reason, REASON_REMOVED) ||
				      listed(cr->o, s->name))) {
			set_str(&fs.disabled_reason, NULL);
			if (listed(cr->o, s->name))
				fs.consecutive_errors = 0;
		}
		if (rc == 0)
			rc = store_feed_update(cr->db, &fs, e);
		store_feed_state_release(&fs);
	}
	if (rc == 0) {
		rc = store_feed_list(cr->db, cr->o->now, collect_removed, ctx, e);
		if (nm.oom)
			rc = err_set(e, "out of memory");
	}
	for (i = 0; i < nm.n; i++) {
		if (rc == 0)
			rc = set_disabled(cr->db, nm.v[i], REASON_REMOVED, e);
		v_free(nm.v[i]);
	}
	v_free(nm.v);
	if (rc < 0) {
		store_rollback(cr->db, NULL);
		return -1;
	}
	return store_commit(cr->db, e);
}

/* ---- streaming: fetcher -> parser ---- */

static int on_item(void *ctx, const struct feed *meta, struct feed_item *it,
		   struct err *e)
{
	struct job *j = ctx;

	(void)meta;
	/* over the cap, the item is left to the parser, which frees it */
	if (j->kept + j->nitems >= j->max_items) {
		j->dropped++;
		return 0;
	}
	if (j->nitems == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 16;
		struct feed_item *v = v_reallocarray(j->items, cap, sizeof *v);

		if (!v) {
			err_set(e, "out of memory");
			return -1;
		}
		j->items = v;
		j->cap = cap;
	}
	j->items[j->nitems++] = *it;
	memset(it, 0, sizeof *it);
	return 0;
}

static int start_parser(struct job *j)
{
	struct parse_opts po;

	memset(&po, 0, sizeof po);
	po.base_url = j->local ? NULL : j->page_url;
	/* The transport's charset comes before the XML declaration's (a
	 * server that says ISO-8859-1 over a document claiming UTF-8 is
	 * usually right about the bytes it sends). */
	po.charset = j->res ? j->res->charset : NULL;
	j->p = feed_parser_new(&po, on_item, j);
	if (!j->p) {
		j->parse_failed = 1;
		err_set(&j->perr, "out of memory");
		return -1;
	}
	return 0;
}

static int skip_item(void *ctx, const struct feed *meta, struct feed_item *it,
		     struct err *e)
{
	(void)ctx;
	(void)meta;
	(void)it;
	(void)e;
	return 0;
}

static int sniff_sink(void *arg, const char *p, size_t n)
{
	struct job *j = arg;
	size_t k = n < PIPE_SNIFF - j->sniffed ? n : PIPE_SNIFF - j->sniffed;

	j->sniffed += k;
	if (feed_parser_push(j->sniff, p, k, &j->perr) < 0) {
		j->parse_failed = 1;
		return -1;
	}
	return j->sniffed >= PIPE_SNIFF;
}

static void sniff_end(struct job *j)
{
	feed_parser_free(j->sniff);
	fetch_decoder_free(j->sdec);
	j->sniff = NULL;
	j->sdec = NULL;
}

/* With workers, the first PIPE_SNIFF bytes of a body (decoded: the body
 * comes as sent, see raw_encoding) also go through a parser here, whose
 * items are dropped: a body that cannot be a feed (plain text, XML of
 * another kind) stops its transfer at once, as when pages are parsed as
 * they arrive. -1 then, with perr set. A coding that cannot be undone
 * only ends the sniffing: the worker says what is wrong with it. */
static int sniff(struct job *j, const char *p, size_t n)
{
	struct parse_opts po;
	struct err e;
	int rc;

	if (j->sniffed >= PIPE_SNIFF)
		return 0;
	if (!j->sniff) {
		memset(&po, 0, sizeof po);
		po.charset = j->res ? j->res->charset : NULL;
		j->sniff = feed_parser_new(&po, skip_item, NULL);
		if (!j->sniff || fetch_decoder_new(j->res ? j->res->content_encoding :
						   NULL, SIZE_MAX, &j->sdec, &e) < 0) {
			j->sniffed = PIPE_SNIFF;	/* the worker will tell */
			sniff_end(j);
			return 0;
		}
	}
	rc = fetch_decoder_push(j->sdec, p, n, sniff_sink, j, &e);
	if (rc == FETCH_DECODE_BAD || rc == FETCH_DECODE_TOO_BIG)
		j->sniffed = PIPE_SNIFF;
	if (j->parse_failed || j->sniffed >= PIPE_SNIFF)
		sniff_end(j);
	return j->parse_failed ? -1 : 0;
}

static int on_data(void *arg, const char *p, size_t n)
{
	struct job *j = arg;

	if (j->parse_failed)
		return -1;
	if (j->cr->pool) {
		if (sniff(j, p, n) < 0)
			return -1;
		if (buf_add(&j->body, p, n) < 0) {
			j->parse_failed = 1;
			err_set(&j->perr, "out of memory");
			return -1;
		}
		return 0;
	}
	if (!j->p && start_parser(j) < 0)
		return -1;
	if (feed_parser_push(j->p, p, n, &j->perr) < 0) {
		j->parse_failed = 1;
		return -1;
	}
	return 0;
}

/* The page's items, and their array: kept for the next page, a thousand
 * feeds' arrays would hold 10 MiB in b40's crawl. */
static void drop_items(struct job *j)
{
	size_t i;

	for (i = 0; i < j->nitems; i++)
		feed_item_release(&j->items[i]);
	v_free(j->items);
	j->items = NULL;
	j->nitems = j->cap = 0;
}

/* ---- storing one completed page ---- */

static void scores_release(struct scores *sc)
{
	size_t i;

	for (i = 0; i < sc->n; i++)
		buf_release(&sc->ev[i]);
	v_free(sc->ev);
	v_free(sc->v);
	memset(sc, 0, sizeof *sc);
}

/* The groups of res an item is in, niches first; -1 when out of memory. */
static int scores_build(const struct classify_result *res, struct scores *sc)
{
	size_t i;
	int pass;

	memset(sc, 0, sizeof *sc);
	if (!res->ngroups)
		return 0;
	sc->v = v_calloc(res->ngroups, sizeof *sc->v);
	sc->ev = v_calloc(res->ngroups, sizeof *sc->ev);
	if (!sc->v || !sc->ev)
		goto nomem;
	for (pass = 0; pass < 2; pass++) {
		enum classify_kind kind = pass ? CLASSIFY_SECTOR : CLASSIFY_NICHE;

		for (i = 0; i < res->ngroups; i++) {
			const struct classify_group *g = &res->groups[i];

			if (!g->in || g->kind != kind)
				continue;
			buf_init(&sc->ev[sc->n], (size_t)1 << 20);
			if (classify_group_json(g, &sc->ev[sc->n]) < 0) {
				buf_release(&sc->ev[sc->n]);
				goto nomem;
			}
			sc->v[sc->n].niche = g->id;
			sc->v[sc->n].score = g->score;
			sc->v[sc->n].evidence_json = buf_cstr(&sc->ev[sc->n]);
			sc->n++;
		}
		if (!pass)
			sc->nniche = sc->n;
	}
	return 0;
nomem:
	scores_release(sc);
	return -1;
}

/* Classifies an item, or takes what a worker made of it (pre, then ours
 * to release), and stores its niches and sectors with the rules
 * fingerprint (as `veille classify` does for stored items). */
static int classify_store(struct crawl *cr, int64_t item_id,
			  const struct feed_item *it, struct scores *pre,
			  struct err *e)
{
	struct classify_input in = { it->title, it->summary, it->content };
	struct classify_result res;
	struct scores sc;
	int rc = 0;

	if (pre) {
		sc = *pre;
		memset(pre, 0, sizeof *pre);
	} else {
		memset(&res, 0, sizeof res);
		rc = classify_item(cr->cl, &in, &res, e);
		if (rc == 0 && scores_build(&res, &sc) < 0)
			rc = err_set(e, "out of memory");
		classify_result_release(&res);
		if (rc < 0)
			return rc;
	}
	rc = store_set_item_niches(cr->db, item_id, sc.v, sc.nniche,
				   classify_fingerprint(cr->cl), e);
	if (rc == 0)
		rc = store_set_item_sectors(cr->db, item_id,
					    sc.v ? sc.v + sc.nniche : NULL,
					    sc.n - sc.nniche, e);
	scores_release(&sc);
	return rc;
}

static int store_items(struct crawl *cr, struct job *j, struct err *e)
{
	size_t i;

	for (i = 0; i < j->nitems; i++) {
		const struct feed_item *it = &j->items[i];
		struct store_item_prep own, *p;
		int64_t id = 0, d;
		int status = 0, rc;

		if (j->prep) {
			p = &j->prep[i];
		} else {
			/* the keys only for an item new or changed */
			if (store_item_prepare(it, 0, &own) < 0)
				return err_set(e, "out of memory");
			p = &own;
		}
		/* classified below when new or changed: the fingerprint goes
		 * with the item's row */
		p->rules_fp = classify_fingerprint(cr->cl);
		rc = store_upsert_prepared(cr->db, j->fs.id, it, p, cr->o->now,
					   &status, &id, e);
		if (!j->prep)
			store_item_prep_release(&own);
		if (rc < 0)
			return -1;
		d = it->updated != FEED_NO_DATE ? it->updated : it->published;
		if (d != FEED_NO_DATE && d > j->oai_max)
			j->oai_max = d;
		if (status == STORE_ITEM_NEW)
			j->nnew++;
		else if (status == STORE_ITEM_UPDATED)
			j->nupd++;
		else if (status == STORE_ITEM_UNCHANGED)
			j->known = 1;
		if ((status == STORE_ITEM_NEW || status == STORE_ITEM_UPDATED) &&
		    classify_store(cr, id, it, j->cls ? &j->cls[i] : NULL, e) < 0)
			return -1;
	}
	return 0;
}

static long query_long(const char *url, const char *key, long def)
{
	const char *q = strchr(url, '?');
	size_t kl = strlen(key);
	int64_t v;
	char tmp[24];

	while (q) {
		q++;
		if (!strncmp(q, key, kl) && q[kl] == '=') {
			size_t n = strcspn(q + kl + 1, "&#");

			if (n < sizeof tmp) {
				memcpy(tmp, q + kl + 1, n);
				tmp[n] = 0;
				if (str_to_i64(tmp, 1, 100000, &v) == 0)
					return (long)v;
			}
			return def;
		}
		q = strchr(q, '&');
	}
	return def;
}

/* An arXiv API answer to a feed not configured as one: its first page was
 * the configured URL as it is, so the harvest goes on from there, by the
 * URL's page size, else by the size of the page the API chose. */
static void arxiv_detected(struct job *j, size_t got)
{
	j->arxiv = 1;
	j->arxiv_start = query_long(j->source, "start", 0);
	j->arxiv_size = query_long(j->source, "max_results",
				   got > 0 ? (long)got : PIPE_ARXIV_PAGE);
}

/* Decides the next page of an OAI-PMH or arXiv harvest (sets page_url and
 * pending) from the page just parsed. */
static int next_page(struct job *j, const struct feed *meta, size_t got,
		     struct err *e)
{
	char *u = NULL;

	if (j->pages >= j->max_pages || j->local)
		return 0;
	if (j->oai && meta->resumption_token && meta->resumption_token[0]) {
		u = fetch_oai_next_url(j->source, meta->resumption_token, e);
		if (!u)
			return -1;
	} else if (j->arxiv && !j->known && got > 0 &&
		   (long)got >= j->arxiv_size &&
		   (meta->total_results < 0 ||
		    j->arxiv_start + (long)got < meta->total_results)) {
		j->arxiv_start += (long)got;
		u = fetch_arxiv_page_url(j->source, j->arxiv_start,
					 j->arxiv_size, e);
		if (!u)
			return -1;
	}
	if (u) {
		v_free(j->page_url);
		j->page_url = u;
		j->pending = 1;
	}
	return 0;
}

static void when(int64_t t, char out[32])
{
	vtime_rfc3339(t, out, 32);
}

static void report_failure(struct job *j,
			   const struct fetch_result *r)
{
	char t[32];

	if (r && r->status == FETCH_RATE_LIMITED && r->retry_after > 0) {
		when(r->retry_after, t);
		snprintf(j->error, sizeof j->error, "HTTP %ld, retry after %s%s",
			 r->http_code, t,
			 r->retry_after > j->fs.next_due ?
			 " (beyond the 14-day ceiling: tried earlier)" : "");
	}
	/* Printed even with -q: under cron these lines are the mail. */
	progress_done();
	when(j->fs.next_due, t);
	fprintf(stderr, "fetch '%s': %s (next try %s)\n", j->name, j->error, t);
}

/* One request of j completed: parse what remains, store the page in its
 * own transaction with the feed's new state. */
static void page_store(struct crawl *cr, struct job *j);

static struct job *job_of(struct pool_task *t)
{
	return (struct job *)(void *)((char *)t - offsetof(struct job, task));
}

static int parser_sink(void *arg, const char *p, size_t n)
{
	struct job *j = arg;

	if (feed_parser_push(j->p, p, n, &j->perr) < 0) {
		j->parse_failed = 1;
		return -1;
	}
	return 0;
}

/* A body kept whole (with workers), decoded into the parser. When its
 * coding cannot be undone or it decodes past its cap, the fetch result
 * says so, as it would have had libcurl decoded it. */
static void parse_body(struct job *j)
{
	struct fetch_result *r = j->res;
	struct fetch_decoder *d;
	struct err e;
	int rc;

	err_clear(&e);
	rc = fetch_decoder_new(r->content_encoding, j->max_bytes, &d, &e);
	if (rc == 0) {
		rc = fetch_decoder_push(d, j->body.data, j->body.len,
					parser_sink, j, &e);
		r->bytes = fetch_decoder_bytes(d);
		fetch_decoder_free(d);
	}
	if (rc < 0 && rc != FETCH_DECODE_STOPPED) {
		struct buf b;

		r->status = rc == FETCH_DECODE_TOO_BIG ? FETCH_TOO_BIG :
			    FETCH_NETWORK_ERROR;
		buf_init(&b, 4 * sizeof r->message);
		if (buf_addf(&b, "'%s': %s", j->page_url, e.msg) < 0)
			buf_addstr(&b, e.msg);
		str_copy(r->message, buf_cstr(&b), sizeof r->message);
		buf_release(&b);
	}
}

/* The page's first half, on a worker when there are workers: the body
 * parsed (or its parse finished) and the verdict on the page. */
static void page_parse(struct job *j)
{
	struct fetch_result *r = j->res;
	struct feed *meta = NULL;
	int failed = 0, not_feed = 0;

	sniff_end(j);	/* a body shorter than PIPE_SNIFF */
	if (r->status == FETCH_OK || r->status == FETCH_MOVED_PERMANENTLY) {
		if (!j->p)
			start_parser(j);
		if (!j->parse_failed && j->body.len)
			parse_body(j);
		/* (a coding that failed is an error of the fetch, below) */
		if (!j->parse_failed && !fetch_status_is_error(r->status) &&
		    feed_parser_finish(j->p, &meta, &j->perr) < 0)
			j->parse_failed = 1;
		if (j->parse_failed)
			not_feed = 1;
	} else if (r->status == FETCH_ABORTED && j->parse_failed) {
		not_feed = 1;
	}
	buf_release(&j->body);
	if (not_feed) {
		struct buf b;

		failed = 1;
		j->status = "not-a-feed";
		/* cut to the field by str_copy, not lost when long */
		buf_init(&b, 4 * sizeof j->error);
		if (buf_addf(&b, "%s: %s%s", j->page_url,
			     str_startswith(j->perr.msg, "not a feed") ? "" :
			     "not a feed: ", j->perr.msg) < 0)
			buf_addstr(&b, "not a feed");
		str_copy(j->error, buf_cstr(&b), sizeof j->error);
		buf_release(&b);
	} else if (fetch_status_is_error(r->status)) {
		failed = 1;
		j->status = fetch_status_name(r->status);
		str_copy(j->error, r->message[0] ? r->message : j->status,
			 sizeof j->error);
	}
	feed_parser_free(j->p);
	j->p = NULL;
	j->meta = meta;
	j->failed = failed;
	j->not_feed = not_feed;
}

/* What the workers made of the page's items: their store keys and
 * their classification. */
static void release_work(struct job *j)
{
	size_t i;

	for (i = 0; i < j->nitems; i++) {
		if (j->prep)
			store_item_prep_release(&j->prep[i]);
		if (j->cls)
			scores_release(&j->cls[i]);
	}
	v_free(j->prep);
	v_free(j->cls);
	j->prep = NULL;
	j->cls = NULL;
	j->cls_rc = 0;
}

/* On a worker: the page parsed, what the store derives from each item
 * prepared, in j->prep, and every item classified, in j->cls (either
 * left NULL when out of memory: then done while stored). */
static void work_page(struct pool_task *t)
{
	struct job *j = job_of(t);
	struct classify_result res;
	size_t i;

	page_parse(j);
	if (j->failed || !j->meta || !j->nitems)
		return;
	if ((j->prep = v_calloc(j->nitems, sizeof *j->prep)) != NULL)
		for (i = 0; i < j->nitems; i++)
			if (!(j->items[i].flags & FEED_ITEM_DELETED) &&
			    store_item_prepare(&j->items[i], 1, &j->prep[i]) < 0) {
				release_work(j);	/* prepared while stored */
				break;
			}
	if (!(j->cls = v_calloc(j->nitems, sizeof *j->cls)))
		return;
	for (i = 0; i < j->nitems && j->cls_rc == 0; i++) {
		const struct feed_item *it = &j->items[i];
		struct classify_input in = { it->title, it->summary, it->content };

		if (it->flags & FEED_ITEM_DELETED)
			continue;
		memset(&res, 0, sizeof res);
		j->cls_rc = classify_item(j->cr->cl, &in, &res, &j->cls_err);
		if (j->cls_rc == 0 && scores_build(&res, &j->cls[i]) < 0)
			j->cls_rc = err_set(&j->cls_err, "out of memory");
		classify_result_release(&res);
	}
}

/* Stores the pages the workers have parsed and classified; with wait,
 * until none is left. */
static void drain(struct crawl *cr, int wait)
{
	struct pool_task *t;

	if (!cr->pool)
		return;
	while ((t = pool_take(cr->pool, wait)) != NULL)
		page_store(cr, job_of(t));
}

static void page_done(struct crawl *cr, struct job *j, struct fetch_result *r)
{
	j->n0 = j->nnew;
	j->u0 = j->nupd;
	j->pending = 0;
	j->pages++;
	j->seconds += r->seconds;
	j->http_code = r->http_code;
	j->status = fetch_status_name(r->status);
	if (cr->pool) {
		j->task.run = work_page;
		/* bounded: slow workers or stores hold back the transfers
		 * rather than pile up pages in memory */
		if (cr->fetch_apart)
			pool_wait_room(cr->pool, cr->max_queued);
		else
			while (pool_outstanding(cr->pool) >= cr->max_queued)
				page_store(cr, job_of(pool_take(cr->pool, 1)));
		pool_submit(cr->pool, &j->task);
		if (!cr->fetch_apart)
			drain(cr, 0);
		return;
	}
	page_parse(j);
	page_store(cr, j);
}

/* The page's second half, on the main thread: items, niches and the
 * feed's state in one transaction. */
static void page_store(struct crawl *cr, struct job *j)
{
	struct fetch_result *r = j->res;
	struct feed *meta = j->meta;
	struct err e;
	int failed = j->failed, not_feed = j->not_feed;
	size_t got = j->nitems;
	struct store_feed_state *fs = &j->fs;
	int64_t retry = 0, fresh = 0, n0 = j->n0, u0 = j->u0;

	j->meta = NULL;
	if (cr->fatal)
		goto out;
	if (j->cls_rc < 0) {
		e = j->cls_err;
		goto fatal;
	}
	if (store_begin(cr->db, &e) < 0)
		goto fatal;
	if (!failed && meta) {
		if (j->oai == 0 && meta->format == FEED_FORMAT_OAI_PMH)
			j->oai = 1;
		if (j->arxiv == 0 && meta->format == FEED_FORMAT_ARXIV)
			arxiv_detected(j, got);
		/* a whole document: what left it is known (index/republish.c) */
		if (j->pages == 1 && !j->oai && !j->arxiv && !j->dropped &&
		    !meta->not_well_formed &&
		    store_republished(cr->db, fs->id, j->items, j->nitems,
				      &j->republished, &e) < 0)
			goto rollback;
		if (store_items(cr, j, &e) < 0)
			goto rollback;
		j->kept += got;
		/* the feed's own title as it gives it now (a harvest's first
		 * page: arXiv titles each page by its query) */
		if (meta->title && *meta->title && j->pages == 1 &&
		    (!fs->title || strcmp(fs->title, meta->title)) &&
		    set_str(&fs->title, meta->title) < 0)
			goto oom;
		if (next_page(j, meta, got, &e) < 0) {
			failed = 1;
			str_copy(j->error, e.msg, sizeof j->error);
		}
	}
	fs->last_fetch = cr->o->now;
	fs->last_status = not_feed ? PIPE_STATUS_NOT_A_FEED : (int)r->status;
	fs->http_code = (int)r->http_code;
	if (r->bytes || r->status == FETCH_OK)
		fs->bytes = (int64_t)r->bytes;
	if (failed) {
		fs->consecutive_errors++;
		if (set_str(&fs->last_error, j->error) < 0)
			goto oom;
		if (r->status == FETCH_GONE) {
			char t[32], reason[160];

			when(cr->o->now, t);
			snprintf(reason, sizeof reason,
				 "gone (HTTP 410) since %s; fetch --feed %s to re-enable",
				 t, j->name);
			if (set_str(&fs->disabled_reason, reason) < 0)
				goto oom;
		}
		retry = r->retry_after;
	} else {
		/* A document cut short (a close-delimited body, a truncated
		 * stream) parses as not well-formed with the items before the
		 * cut: they are kept, but its validators are not, or the next
		 * run's 304 would make the loss permanent. */
		int cut = meta && meta->not_well_formed;

		fs->consecutive_errors = 0;
		fs->last_success = cr->o->now;
		if (set_str(&fs->last_error, cut ? PIPE_WARN_CUT : NULL) < 0)
			goto oom;
		fresh = r->fresh_until;
		if (cut) {
			if (set_str(&fs->etag, NULL) < 0 ||
			    set_str(&fs->last_modified, NULL) < 0)
				goto oom;
		} else if (j->pages == 1 && !j->oai && !j->arxiv) {
			/* A 200 replaces both validators; a 304 refreshes the
			 * ones it sent. */
			if (r->status != FETCH_NOT_MODIFIED || r->etag)
				if (set_str(&fs->etag, r->etag) < 0)
					goto oom;
			if (r->status != FETCH_NOT_MODIFIED || r->last_modified)
				if (set_str(&fs->last_modified, r->last_modified) < 0)
					goto oom;
		}
		/* A 304 reached through 301/308 is a move too. */
		if ((r->status == FETCH_MOVED_PERMANENTLY ||
		     (r->status == FETCH_NOT_MODIFIED && r->moved_permanently &&
		      r->redirects > 0)) && r->final_url &&
		    fs->redirects != PIPE_MOVED_MARK) {
			fs->redirects = (fs->redirects > 0 ? fs->redirects : 0) + 1;
			if (fs->redirects >= PIPE_MOVED_RUNS && !j->local) {
				if (store_feed_move(cr->db, fs->id, r->final_url,
						    &e) < 0)
					goto rollback;
				fs->redirects = PIPE_MOVED_MARK;
				progress_done();
				fprintf(stderr, "fetch '%s': moved permanently %d runs in a row; "
					"now fetched from %s: update its url in the configuration\n",
					j->name, PIPE_MOVED_RUNS, r->final_url);
			}
		} else if (r->redirects == 0 && fs->redirects > 0) {
			fs->redirects = 0;
		}
		if (j->oai && !j->pending && j->oai_max > 0) {
			char d[32];

			when(j->oai_max, d);
			d[10] = 0;	/* day granularity: every repository has it */
			if (set_str(&fs->oai_datestamp, d) < 0)
				goto oom;
		}
	}
	fs->next_due = fetch_next_due(cr->o->now, j->interval, cr->cap,
				      (unsigned)fs->consecutive_errors, retry,
				      fresh);
	if (store_feed_update(cr->db, fs, &e) < 0)
		goto rollback;
	if (store_commit(cr->db, &e) < 0)
		goto fatal;
	goto out;
oom:
	err_set(&e, "out of memory");
rollback:
	store_rollback(cr->db, NULL);
fatal:
	cr->fatal = 1;
	atomic_store(&cr->stop, 1);
	cr->fatal_err = e;
	failed = 1;
	j->pending = 0;
out:
	feed_free(meta);
	release_work(j);
	drop_items(j);
	j->parse_failed = 0;
	if (failed) {
		j->pending = 0;
		if (!cr->fatal)
			report_failure(j, r);
	}
	if (!j->pending) {
		j->finished = 1;
		cr->done++;
		if (j->dropped && !failed && !cr->fatal) {
			/* printed even with -q: under cron these lines are
			 * the mail */
			progress_done();
			fprintf(stderr, "fetch '%s': kept the first %zu items; "
				"%zu more over max_items left out\n", j->name,
				j->kept, j->dropped);
		}
		if (j->republished && !failed && !cr->fatal) {
			progress_done();
			fprintf(stderr, "fetch '%s': %zu item%s republished under "
				"new ids\n", j->name, j->republished,
				j->republished == 1 ? "" : "s");
		}
		if (failed)
			cr->rep->failed++;
		else if (r->status == FETCH_NOT_MODIFIED)
			cr->rep->not_modified++;
		else
			cr->rep->ok++;
		if (failed && !j->error[0])
			str_copy(j->error, j->status, sizeof j->error);
	}
	cr->rep->items_new += j->nnew - n0;
	cr->rep->items_updated += j->nupd - u0;
	cr->rep->bytes += r->bytes;
	j->bytes += r->bytes;
	progress_update("fetch: %zu/%zu feeds, %lld new items, %zu errors",
			cr->done, cr->njobs, (long long)cr->rep->items_new,
			cr->rep->failed);
}

/* Nothing more is fetched once the store has failed: it could not be
 * stored, and servers are spared requests for nothing. */
static int stop_fetching(void *arg)
{
	struct crawl *cr = arg;

	return atomic_load(&cr->stop);
}

static void on_done(void *arg, size_t i, struct fetch_result *r)
{
	struct crawl *cr = arg;

	page_done(cr, &cr->jobs[cr->map[i]], r);
	if (!cr->fetch_apart)
		drain(cr, 0);
}

struct fetch_apart {
	struct crawl *cr;
	const struct fetch_options *fo;
	const struct fetch_request *reqs;
	struct fetch_result *res;
	size_t n;
	int rc;
	struct err e;
};

static void *fetch_main(void *arg)
{
	struct fetch_apart *f = arg;

	f->rc = fetch_run(f->fo, f->reqs, f->res, f->n, &f->e);
	pool_unhold(f->cr->pool);
	return NULL;
}

/* One round of requests, each page stored as it comes. With workers the
 * transfers run on a thread of their own, which hands each page to a
 * worker: libcurl reads no socket while a page is stored in its callback,
 * so on one thread the stores would wait for answers and the transfers for
 * stores. The main thread stores (the only one to touch the database). */
static int fetch_round(struct crawl *cr, const struct fetch_options *fo,
		       const struct fetch_request *reqs,
		       struct fetch_result *res, size_t n, struct err *e)
{
	struct fetch_apart f = { .cr = cr, .fo = fo, .reqs = reqs, .res = res,
				 .n = n };
	struct pool_task *t;
	pthread_t th;
	int rc;

	if (cr->pool) {
		pool_hold(cr->pool);
		cr->fetch_apart = 1;
		if (pthread_create(&th, NULL, fetch_main, &f) == 0) {
			while ((t = pool_take(cr->pool, 1)) != NULL)
				page_store(cr, job_of(t));
			pthread_join(th, NULL);
			cr->fetch_apart = 0;
			if (f.rc < 0)
				*e = f.e;
			return f.rc;
		}
		cr->fetch_apart = 0;
		pool_unhold(cr->pool);
	}
	/* transfers and stores take turns */
	rc = fetch_run(fo, reqs, res, n, e);
	drain(cr, 1);
	return rc;
}

/* ---- the crawl ---- */

static int is_due(const struct crawl *cr, const struct store_feed_state *fs)
{
	if (listed(cr->o, fs->name))
		return 1;
	if (cr->o->nnames)
		return 0;
	if (fs->disabled_reason)
		return 0;
	return cr->o->all || fs->next_due <= cr->o->now;
}

static int prepare_jobs(struct crawl *cr, struct err *e)
{
	size_t i, n = conf_count(cr->c, "feed");

	cr->jobs = v_calloc(n ? n : 1, sizeof *cr->jobs);
	if (!cr->jobs)
		return err_set(e, "out of memory");
	for (i = 0; i < cr->c->nsections; i++) {
		const struct conf_section *s = &cr->c->sections[i];
		struct job *j = &cr->jobs[cr->njobs];
		const struct conf_section *set = conf_find(cr->c, "settings",
							   NULL);
		const char *fmt;
		int found;

		if (strcmp(s->type, "feed"))
			continue;
		found = store_feed_get(cr->db, s->name, &j->fs, e);
		if (found < 0)
			return -1;
		if (!found || !is_due(cr, &j->fs)) {
			store_feed_state_release(&j->fs);
			continue;
		}
		/* Counted now, so release_jobs() frees it on any error below. */
		cr->njobs++;
		j->cr = cr;
		j->sec = s;
		j->name = s->name;
		fmt = conf_str(s, "format", "auto");
		j->oai = !strcmp(fmt, "oai-pmh") || j->fs.oai_datestamp;
		j->arxiv = !strcmp(fmt, "arxiv");
		j->max_items = (size_t)conf_int(s, "max_items",
			conf_int(set, "max_items", PIPE_MAX_ITEMS));
		j->max_pages = (int)conf_int(s, "max_pages", PIPE_MAX_PAGES);
		if (j->max_pages < 1)
			j->max_pages = 1;
		j->interval = conf_duration(s, "every",
					    strcmp(conf_str(s, "kind", "news"), "news") ?
					    86400 : 6 * 3600);
		if (j->interval <= 0)
			j->interval = 6 * 3600;
		j->source = pipe_source(cr->o->config_path, j->fs.url);
		if (!j->source)
			return err_set(e, "out of memory");
		j->local = is_local(j->source);
		err_clear(e);
		/* A local file is read whole: no paging, no from=. */
		if (j->local)
			j->page_url = v_strdup(j->source);
		else if (j->oai && j->fs.oai_datestamp)
			j->page_url = fetch_oai_from_url(j->source,
							 j->fs.oai_datestamp, e);
		else if (j->arxiv) {
			j->arxiv_size = query_long(j->source, "max_results",
						   PIPE_ARXIV_PAGE);
			/* Newest first, so a harvest can stop at the first
			 * page holding a known paper. */
			if (!strstr(j->source, "sortBy=")) {
				char *u = fetch_url_set_param(j->source, "sortBy",
							      "submittedDate", e);
				char *u2 = u ? fetch_url_set_param(u, "sortOrder",
								   "descending", e) : NULL;

				v_free(u);
				if (!u2)
					return -1;
				v_free(j->source);
				j->source = u2;
			}
			j->page_url = fetch_arxiv_page_url(j->source, 0,
							   j->arxiv_size, e);
		} else
			j->page_url = v_strdup(j->source);
		if (!j->page_url && strcmp(e->msg, "out of memory")) {
			/* The paging URL cannot be built from this one: fetch
			 * it as it is and let the fetch say what is wrong. */
			j->page_url = v_strdup(j->source);
		}
		if (!j->page_url)
			return err_set(e, "out of memory");
		j->pending = 1;
	}
	return 0;
}

static void release_jobs(struct crawl *cr)
{
	size_t i;

	for (i = 0; i < cr->njobs; i++) {
		struct job *j = &cr->jobs[i];

		feed_parser_free(j->p);
		sniff_end(j);
		buf_release(&j->body);
		drop_items(j);
		v_free(j->source);
		v_free(j->page_url);
		store_feed_state_release(&j->fs);
	}
	v_free(cr->jobs);
	v_free(cr->map);
}

static int run_rounds(struct crawl *cr, struct err *e)
{
	const struct conf_section *set = conf_find(cr->c, "settings", NULL);
	struct fetch_options fo;
	struct fetch_request *reqs = NULL;
	struct fetch_result *res = NULL;
	size_t i, n;
	int rc = 0;

	memset(&fo, 0, sizeof fo);
	fo.max_total = cr->o->jobs ? cr->o->jobs : (int)conf_int(set, "jobs", 16);
	fo.max_per_host = (int)conf_int(set, "per_host", 2);
	fo.on_done = on_done;
	fo.stop = stop_fetching;
	fo.arg = cr;
	reqs = v_calloc(cr->njobs ? cr->njobs : 1, sizeof *reqs);
	res = v_calloc(cr->njobs ? cr->njobs : 1, sizeof *res);
	cr->map = v_calloc(cr->njobs ? cr->njobs : 1, sizeof *cr->map);
	if (!reqs || !res || !cr->map) {
		v_free(reqs);
		v_free(res);
		return err_set(e, "out of memory");
	}
	for (;;) {
		n = 0;
		for (i = 0; i < cr->njobs && !cr->fatal; i++) {
			struct job *j = &cr->jobs[i];
			const struct conf_section *s = j->sec;
			struct fetch_request *q = &reqs[n];

			if (!j->pending)
				continue;
			memset(q, 0, sizeof *q);
			q->url = j->page_url;
			if (j->pages == 0 && !j->oai && !j->arxiv) {
				q->etag = j->fs.etag;
				q->last_modified = j->fs.last_modified;
			}
			q->user_agent = conf_str(s, "user_agent",
						 conf_str(set, "user_agent", NULL));
			q->max_bytes = (size_t)conf_size(s, "max_size",
				conf_size(set, "max_size", (int64_t)FETCH_MAX_BYTES_DEFAULT));
			q->timeout = (long)conf_duration(set, "timeout", 60);
			q->connect_timeout = (long)conf_duration(set, "connect_timeout", 15);
			q->allow_file = j->local;
			q->on_data = on_data;
			q->arg = j;
			/* with workers, they undo the content coding */
			q->raw_encoding = cr->pool != NULL;
			j->max_bytes = q->max_bytes;
			/* the fetcher stops a body at max_bytes */
			buf_init(&j->body, q->max_bytes + 1);
			j->sniffed = 0;
			cr->map[n++] = i;
		}
		if (n == 0)
			break;
		memset(res, 0, n * sizeof *res);
		for (i = 0; i < n; i++)
			cr->jobs[cr->map[i]].res = &res[i];
		/* every page of the round stored before its answer goes */
		rc = fetch_round(cr, &fo, reqs, res, n, e);
		for (i = 0; i < n; i++) {
			cr->jobs[cr->map[i]].res = NULL;
			fetch_result_release(&res[i]);
		}
		if (rc < 0)
			break;
	}
	v_free(reqs);
	v_free(res);
	return rc;
}

static int report(struct crawl *cr)
{
	struct pipe_report *rep = cr->rep;
	struct jsonw w;
	size_t i;
	char t[32];

	jsonw_init(&w, &rep->json);
	jsonw_obj(&w);
	when(cr->o->now, t);
	jsonw_kstr(&w, "time", t);
	jsonw_kint(&w, "due", (int64_t)rep->due);
	jsonw_kint(&w, "ok", (int64_t)rep->ok);
	jsonw_kint(&w, "not_modified", (int64_t)rep->not_modified);
	jsonw_kint(&w, "failed", (int64_t)rep->failed);
	jsonw_kint(&w, "items_new", rep->items_new);
	jsonw_kint(&w, "items_updated", rep->items_updated);
	jsonw_kint(&w, "bytes", (int64_t)rep->bytes);
	jsonw_key(&w, "feeds");
	jsonw_arr(&w);
	for (i = 0; i < cr->njobs; i++) {
		const struct job *j = &cr->jobs[i];

		jsonw_obj(&w);
		jsonw_kstr(&w, "name", j->name);
		jsonw_kstr(&w, "status", j->status ? j->status : "not-run");
		jsonw_kint(&w, "http_code", j->http_code);
		jsonw_kint(&w, "bytes", (int64_t)j->bytes);
		jsonw_kint(&w, "pages", j->pages);
		jsonw_kint(&w, "items_new", j->nnew);
		jsonw_kint(&w, "items_updated", j->nupd);
		jsonw_key(&w, "seconds");
		jsonw_double(&w, j->seconds);
		when(j->fs.next_due, t);
		jsonw_kstr(&w, "next_due", t);
		jsonw_key(&w, "error");
		if (j->error[0])
			jsonw_str(&w, j->error);
		else
			jsonw_null(&w);
		jsonw_end(&w);
	}
	jsonw_end(&w);
	jsonw_end(&w);
	if (jsonw_error(&w) || buf_addch(&rep->json, '\n') < 0)
		return -1;
	return buf_addf(&rep->summary,
		 "fetch: %zu feed%s due, %zu ok, %zu not modified, %zu failed, "
		 "%lld new item%s, %lld updated, %llu bytes",
		 rep->due, rep->due == 1 ? "" : "s", rep->ok, rep->not_modified,
		 rep->failed, (long long)rep->items_new,
		 rep->items_new == 1 ? "" : "s", (long long)rep->items_updated,
		 (unsigned long long)rep->bytes);
}

int pipe_crawl(struct conf *c, struct store *db, const struct pipe_opts *o,
	       struct pipe_report *rep, struct err *e)
{
	struct crawl cr;
	int rc;

	memset(rep, 0, sizeof *rep);
	buf_init(&rep->json, (size_t)64 << 20);
	buf_init(&rep->summary, 4096);
	memset(&cr, 0, sizeof cr);
	atomic_init(&cr.stop, 0);
	cr.c = c;
	cr.db = db;
	cr.o = o;
	cr.rep = rep;
	cr.cap = conf_duration(conf_find(c, "settings", NULL), "max_backoff",
			       FETCH_BACKOFF_CAP_DEFAULT);
	cr.cl = classify_new(c, e);
	if (!cr.cl)
		return c->nerrors ? PIPE_CONFIG : PIPE_FATAL;
	/* Without workers, items are classified while they are stored, and
	 * only those new or changed; workers classify every item of a page
	 * (whether it changed is known only when it is stored), on cores
	 * that would otherwise wait. */
	if (o->threads)
		feed_parser_init();
	if (o->threads && !(cr.pool = pool_new(o->threads, e))) {
		classify_free(cr.cl);
		return PIPE_FATAL;
	}
	cr.max_queued = 2 * o->threads;
	if (sync_feeds(&cr, e) < 0 || prepare_jobs(&cr, e) < 0) {
		rc = PIPE_FATAL;
		goto out;
	}
	rep->due = cr.njobs;
	/* with cores to spare, the writer does not stop for checkpoints;
	 * without that thread it does, as any writer */
	if (o->threads) {
		struct err ce = { "" };

		if (store_checkpoint_aside(db, &ce) < 0)
			log_info("fetch: checkpoints stay in the main thread: %s",
				 ce.msg);
	}
	progress_update("fetch: 0/%zu feeds", cr.njobs);
	if (run_rounds(&cr, e) < 0) {
		rc = PIPE_FATAL;
		goto out;
	}
	if (cr.fatal) {
		*e = cr.fatal_err;
		rc = PIPE_FATAL;
		goto out;
	}
	if (report(&cr) < 0) {
		/* Everything is stored; only the report could not be made. */
		err_set(e, "out of memory writing the run report");
		rc = PIPE_FATAL;
		goto out;
	}
	rc = PIPE_OK;
out:
	store_checkpoint_stop(db);
	pool_free(cr.pool);
	release_jobs(&cr);
	classify_free(cr.cl);
	return rc;
}

void pipe_report_release(struct pipe_report *rep)
{
	buf_release(&rep->json);
	buf_release(&rep->summary);
}
