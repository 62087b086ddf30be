/* veille classify: the current rules applied to the stored history, in one
 * transaction, with a report of what moved per niche and sector. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../classify/classify.h"
#include "../util/alloc.h"
#include "../util/jsonw.h"
#include "../util/log.h"
#include "../util/tzone.h"
#include "../util/vtime.h"
#include "index_cli.h"

static const struct opt classify_opts[] = {
	{ "dry-run", 'n', NULL, "compute and report the changes, write nothing" },
	{ "since", 0, "DATE", "only items first seen since DATE (or a duration: 30d)" },
	{ "all", 'a', NULL, "recompute every item, not only the stale ones" },
	{ "format", 0, "FMT", "text (default) or json" },
	{ NULL, 0, NULL, NULL },
};

/* Items classified between two writes: the SELECT that feeds them must be
 * finished before the store is written. */
#define CLASSIFY_BATCH 256

struct change {
	const char *id;		/* borrowed from the classifier or owned (gone) */
	char *owned;		/* a stored name the rules no longer have */
	enum classify_kind kind;
	int64_t added, removed;
};

struct pending {
	int64_t id;
	struct store_niche_score *v;	/* niches then sectors */
	size_t nniches, nsectors;
	struct buf *ev;
};

struct run {
	const struct classifier *cl;
	const char *fp;
	int dry;
	struct change *ch;
	size_t nch;
	int64_t examined, stale, changed, limits, last_id;
	struct pending batch[CLASSIFY_BATCH];
	size_t nbatch;
	struct err e;
};

static void pending_release(struct pending *p)
{
	size_t i;

	for (i = 0; i < p->nniches + p->nsectors; i++)
		buf_release(&p->ev[i]);
	v_free(p->ev);
	v_free(p->v);
	memset(p, 0, sizeof *p);
}

/* 1 when name is one of the comma-separated names of list. */
static int in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len == n && !memcmp(p, name, n))
			return 1;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

/* The verdict on name once the corrections of labels ("+a,-b") apply. */
static int labelled(const char *labels, const char *name, int now)
{
	const char *p = labels;
	size_t n = strlen(name);

	while (*p) {
		size_t len = strcspn(p, ",");

		if (len == n + 1 && !memcmp(p + 1, name, n))
			return p[0] == '+';
		p += len + (p[len] == ',');
	}
	return now;
}

/* Stored names the rules no longer know: each counts as removed. */
static int count_gone(struct run *r, const char *list, enum classify_kind kind)
{
	const char *p = list;
	size_t i, ng = classify_ngroups(r->cl);
	int gone = 0;

	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		struct change *c = NULL;

		for (i = 0; i < r->nch; i++)
			if (r->ch[i].kind == kind && strlen(r->ch[i].id) == len &&
			    !memcmp(r->ch[i].id, p, len))
				c = &r->ch[i];
		if (!c) {
			struct change *n = v_reallocarray(r->ch, r->nch + 1,
							  sizeof *n);
			if (!n)
				return err_set(&r->e, "out of memory");
			r->ch = n;
			c = &r->ch[r->nch];
			memset(c, 0, sizeof *c);
			c->owned = v_strndup(p, len);
			if (!c->owned)
				return err_set(&r->e, "out of memory");
			c->id = c->owned;
			c->kind = kind;
			r->nch++;
		}
		if (c - r->ch >= (ptrdiff_t)ng) {
			c->removed++;
			gone++;
		}
		p = comma ? comma + 1 : NULL;
	}
	return gone;
}

static int on_item(void *ctx, const struct store_item_text *it)
{
	struct run *r = ctx;
	struct classify_input in = { it->title, it->summary, it->content };
	struct classify_result res;
	struct pending *p = &r->batch[r->nbatch];
	size_t i, j, ng = classify_ngroups(r->cl);
	int changed = 0, rc;

	r->last_id = it->id;
	r->examined++;
	if (!it->rules_fp || strcmp(it->rules_fp, r->fp))
		r->stale++;
	memset(&res, 0, sizeof res);
	rc = classify_item(r->cl, &in, &res, &r->e);
	if (rc == 0 && !r->dry) {
		p->id = it->id;
		if (res.ngroups) {
			p->v = v_calloc(res.ngroups, sizeof *p->v);
			p->ev = v_calloc(res.ngroups, sizeof *p->ev);
			if (!p->v || !p->ev)
				rc = err_set(&r->e, "out of memory");
		}
	}
	r->limits += (int64_t)res.nlimits;
	/* the result lists groups in configuration order, as r->ch does */
	for (i = 0, j = 0; rc == 0 && i < ng; i++) {
		const struct classify_group *g = NULL;
		struct change *c = &r->ch[i];
		int was, now;

		while (j < res.ngroups && (res.groups[j].kind != c->kind ||
					   strcmp(res.groups[j].id, c->id)))
			j++;
		if (j < res.ngroups)
			g = &res.groups[j];
		else
			j = 0;
		now = g && g->in;
		/* the store applies the analysts' corrections to what is
		 * written: compare like with like */
		if (c->kind == CLASSIFY_NICHE && *it->labels)
			now = labelled(it->labels, c->id, now);
		was = in_list(c->kind == CLASSIFY_NICHE ? it->niches : it->sectors,
			      c->id);
		if (now && !was)
			c->added++;
		if (was && !now)
			c->removed++;
		changed |= was != now;
		if (!g || !g->in || r->dry)
			continue;
		if (c->kind == CLASSIFY_NICHE) {
			/* niches first: move a sector already stored behind */
			size_t k = p->nniches + p->nsectors;

			if (p->nsectors) {
				p->v[k] = p->v[p->nniches];
				p->ev[k] = p->ev[p->nniches];
			}
			k = p->nniches++;
			buf_init(&p->ev[k], (size_t)1 << 20);
			p->v[k].niche = g->id;
		} else {
			size_t k = p->nniches + p->nsectors++;

			buf_init(&p->ev[k], (size_t)1 << 20);
			p->v[k].niche = g->id;
		}
	}
	/* evidence once the order is settled (buffers moved above are
	 * still empty) */
	for (i = 0; rc == 0 && !r->dry && i < p->nniches + p->nsectors; i++) {
		for (j = 0; j < res.ngroups; j++)
			if (res.groups[j].id == p->v[i].niche &&
			    res.groups[j].kind == (i < p->nniches ? CLASSIFY_NICHE
							       : CLASSIFY_SECTOR))
				break;
		p->v[i].score = res.groups[j].score;
		if (classify_group_json(&res.groups[j], &p->ev[i]) < 0)
			rc = err_set(&r->e, "out of memory");
		p->v[i].evidence_json = buf_cstr(&p->ev[i]);
	}
	if (rc == 0 && (rc = count_gone(r, it->niches, CLASSIFY_NICHE)) > 0)
		changed = 1;
	if (rc >= 0 && (rc = count_gone(r, it->sectors, CLASSIFY_SECTOR)) > 0)
		changed = 1;
	classify_result_release(&res);
	if (rc < 0) {
		pending_release(p);
		return -1;
	}
	r->changed += changed;
	if (!r->dry)
		r->nbatch++;
	if (r->examined % 1000 == 0)
		progress_update("classify: %lld items", (long long)r->examined);
	return r->nbatch == CLASSIFY_BATCH ? 1 : 0;
}

static int write_batch(struct run *r, struct store *db)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < r->nbatch; i++) {
		struct pending *p = &r->batch[i];

		if (rc == 0)
			rc = store_set_item_niches(db, p->id, p->v, p->nniches,
						   r->fp, &r->e);
		if (rc == 0)
			rc = store_set_item_sectors(db, p->id,
						    p->v ? p->v + p->nniches : NULL,
						    p->nsectors, &r->e);
		pending_release(p);
	}
	r->nbatch = 0;
	return rc;
}

static void report_text(const struct run *r)
{
	size_t i, shown = 0;

	printf("rules %s: %lld item%s examined, %lld stale, %lld changed%s\n",
	       r->fp, (long long)r->examined, r->examined == 1 ? "" : "s",
	       (long long)r->stale, (long long)r->changed,
	       r->dry ? " (dry run: nothing written)" : "");
	for (i = 0; i < r->nch; i++) {
		const struct change *c = &r->ch[i];

		if (!c->added && !c->removed)
			continue;
		printf("%s%s: +%lld \u2212%lld item%s\n",
		       c->kind == CLASSIFY_SECTOR ? "sector " : "", c->id,
		       (long long)c->added, (long long)c->removed,
		       c->added + c->removed == 1 ? "" : "s");
		shown++;
	}
	if (!shown)
		printf("no niche or sector changed\n");
}

static int report_json(const struct run *r)
{
	struct buf b = BUF_INIT;
	struct jsonw w;
	size_t i;
	int rc;

	jsonw_init(&w, &b);
	jsonw_obj(&w);
	jsonw_kstr(&w, "fingerprint", r->fp);
	jsonw_key(&w, "dry_run");
	jsonw_bool(&w, r->dry);
	jsonw_kint(&w, "examined", r->examined);
	jsonw_kint(&w, "stale", r->stale);
	jsonw_kint(&w, "changed", r->changed);
	jsonw_kint(&w, "limits", r->limits);
	jsonw_key(&w, "changes");
	jsonw_arr(&w);
	for (i = 0; i < r->nch; i++) {
		const struct change *c = &r->ch[i];

		if (!c->added && !c->removed)
			continue;
		jsonw_obj(&w);
		jsonw_kstr(&w, classify_kind_name(c->kind), c->id);
		jsonw_kint(&w, "added", c->added);
		jsonw_kint(&w, "removed", c->removed);
		jsonw_end(&w);
	}
	jsonw_end(&w);
	jsonw_end(&w);
	buf_addch(&b, '\n');
	rc = jsonw_error(&w);
	if (rc == 0)
		fwrite(b.data, 1, b.len, stdout);
	buf_release(&b);
	return rc;
}

static int classify_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct store *db = NULL;
	struct classifier *cl = NULL;
	struct run r;
	const char *arg;
	int64_t since = 0;
	const char *since_arg = NULL;
	int o, rc, json = 0, all = 0, began = 0;
	size_t i;

	memset(&r, 0, sizeof r);
	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0) {
		if (o == 0)
			r.dry = 1;
		else if (o == 1)
			since_arg = arg;
		else if (o == 2)
			all = 1;
		else if (o == 3 && !strcmp(arg, "json"))
			json = 1;
		else if (o == 3 && strcmp(arg, "text")) {
			rc = cli_usage_error(cli, "--format '%s': use text or json", arg);
			goto out;
		}
	}
	if (o != OPT_END) {
		rc = opt_exit(o);
		goto out;
	}
	if (st.nargs) {
		rc = cli_usage_error(cli, "unexpected argument '%s'", st.args[0]);
		goto out;
	}
	rc = cli_load_conf(cli);
	if (rc != VEILLE_OK)
		goto out;
	if (since_arg && (tzone_check(tzone_of(&cli->conf), &r.e) < 0 ||
			  idx_parse_when(since_arg, 0, vtime_now(),
					 tzone_of(&cli->conf), &since) < 0)) {
		rc = cli_usage_error(cli, "--since '%s': not a date, week or "
				     "duration%s%s", since_arg,
				     r.e.msg[0] ? ": " : "", r.e.msg);
		goto out;
	}
	cl = classify_new(&cli->conf, &r.e);
	if (!cl) {
		for (i = 0; i < cli->conf.nerrors; i++)
			fprintf(stderr, "%s\n", cli->conf.errors[i]);
		if (!cli->conf.nerrors)
			fprintf(stderr, "veille classify: %s\n", r.e.msg);
		rc = cli->conf.nerrors ? VEILLE_USAGE : VEILLE_FATAL;
		goto out;
	}
	r.cl = cl;
	r.fp = classify_fingerprint(cl);
	r.nch = classify_ngroups(cl);
	r.ch = v_calloc(r.nch ? r.nch : 1, sizeof *r.ch);
	if (!r.ch) {
		fprintf(stderr, "veille classify: out of memory\n");
		rc = VEILLE_FATAL;
		goto out;
	}
	for (i = 0; i < r.nch; i++) {
		r.ch[i].id = classify_group_id(cl, i);
		r.ch[i].kind = classify_group_kind(cl, i);
	}
	/* a dry run opens the file read-only: nothing can be written */
	rc = idx_open(cli, r.dry ? STORE_READONLY | STORE_NOCREATE : STORE_NOCREATE,
		      &db);
	if (rc != VEILLE_OK)
		goto out;
	if (!r.dry) {
		if (store_begin(db, &r.e) < 0)
			goto fail;
		began = 1;
	}
	for (;;) {
		int64_t before = r.examined;

		rc = store_each_stale(db, since, r.last_id, all ? NULL : r.fp,
				      CLASSIFY_BATCH, on_item, &r, &r.e);
		if (rc < 0)
			goto fail;
		if (!r.dry && write_batch(&r, db) < 0)
			goto fail;
		if (r.examined - before < CLASSIFY_BATCH)
			break;
	}
	if (began && store_commit(db, &r.e) < 0)
		goto fail;
	began = 0;
	progress_done();
	if (r.limits)
		fprintf(stderr, "veille classify: %lld rule run%s stopped by the match"
			" or depth limit (see veille explain)\n", (long long)r.limits,
			r.limits == 1 ? "" : "s");
	if (json ? report_json(&r) < 0 : (report_text(&r), 0)) {
		fprintf(stderr, "veille classify: out of memory\n");
		rc = VEILLE_FATAL;
		goto out;
	}
	rc = cli_finish_stdout(VEILLE_OK);
	goto out;
fail:
	progress_done();
	fprintf(stderr, "veille classify: %s\n", r.e.msg);
	rc = VEILLE_FATAL;
out:
	if (began)
		store_rollback(db, NULL);
	for (i = 0; i < r.nbatch; i++)
		pending_release(&r.batch[i]);
	for (i = 0; i < r.nch; i++)
		v_free(r.ch[i].owned);
	v_free(r.ch);
	store_close(db);
	classify_free(cl);
	opt_release(&st);
	return rc;
}

const struct command cmd_classify = {
	"classify", NULL, "apply the current rules to the stored items",
	"Re-applies the [niche] and [sector] rules of the configuration to the "
	"items of the database, in one transaction, and stores each item's "
	"niches, sectors, evidence and the fingerprint of the rules. Only the "
	"items classified with other rules (stale) are recomputed, unless --all "
	"is given.\n\n"
	"Prints the fingerprint of the current rules, the numbers of items "
	"examined, stale and changed, then per niche and sector the items that "
	"entered and left it (\"predictive-maintenance: +42 -3 items\", with a minus sign U+2212). "
	"--dry-run opens the database read-only and prints the same report.",
	classify_opts, classify_run,
};
