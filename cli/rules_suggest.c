/* veille rules suggest: the terms over-represented in a niche's positives
 * (report/keyness.c), those no rule of the niche matches first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../classify/classify.h"
#include "../report/report.h"
#include "../util/alloc.h"
#include "../util/jsonw.h"
#include "index_cli.h"
#include "rules_data.h"

/* Below it (p > 0.05 with one degree of freedom) a term's excess may be
 * chance: not listed. */
#define SUGGEST_G2_MIN 3.84
/* A term in a single positive says nothing of the niche. */
#define SUGGEST_MIN_DOCS 2

struct suggestion {
	const struct report_key_term *t;
	const char *rule;	/* the niche's first match rule that matches the
				 * term, borrowed from the classifier; NULL: new */
};

struct db_pass {
	struct report_keyness *k;
	const struct classifier *cl;
	const char *niche;
	int in;
	int failed;
};

/* 1 when the current rules leave a positive out of the niche, 0 when they
 * put it in (or for the rest, or on error: the mark is only a hint). */
static int missed(const struct classifier *cl, const char *niche, int in,
		  const char *title, const char *summary, const char *content)
{
	struct classify_input ci = { title, summary, content };
	struct classify_result res;
	struct err e;
	size_t i;
	int found = 0;

	if (!in)
		return 0;
	if (classify_item(cl, &ci, &res, &e) < 0) {
		classify_result_release(&res);
		return 0;
	}
	for (i = 0; i < res.ngroups; i++)
		if (res.groups[i].kind == CLASSIFY_NICHE && res.groups[i].in &&
		    !strcmp(res.groups[i].id, niche))
			found = 1;
	classify_result_release(&res);
	return !found;
}

static int on_db_item(void *ctx, const struct store_item_text *it)
{
	struct db_pass *p = ctx;

	if (rules_has_label(it->niches, p->niche) != p->in)
		return 0;
	if (report_keyness_add(p->k, it->title, it->summary, p->in,
			       missed(p->cl, p->niche, p->in, it->title,
				      it->summary, it->content)) < 0) {
		p->failed = 1;
		return 1;
	}
	return 0;
}

/* Every item of the database, its stored niches (corrections applied)
 * saying whether it is a positive: the positives in a first pass, the
 * others in a second, so that no item is held in memory. */
static int from_db(struct cli *cli, const struct classifier *cl,
		   const char *niche, struct report_keyness *k)
{
	struct store *db = NULL;
	struct db_pass p = { k, cl, niche, 1, 0 };
	struct err e = { "" };
	int rc;

	rc = idx_open(cli, STORE_READONLY, &db);
	if (rc != VEILLE_OK)
		return rc;
	for (rc = 0; rc == 0 && p.in >= 0 && !p.failed; p.in--)
		rc = store_each_stale(db, 0, 0, NULL, 0, on_db_item, &p, &e);
	store_close(db);
	if (p.failed) {
		fprintf(stderr, "veille rules: out of memory\n");
		return VEILLE_FATAL;
	}
	if (rc < 0) {
		fprintf(stderr, "veille rules: %s\n", e.msg);
		return VEILLE_FATAL;
	}
	return VEILLE_OK;
}

static int from_file(const struct rules_suggest_opts *o,
		     const struct classifier *cl, struct report_keyness *k)
{
	struct labelled set;
	FILE *f = strcmp(o->labels, "-") ? fopen(o->labels, "r") : stdin;
	size_t i;
	int rc, pass;

	if (!f) {
		fprintf(stderr, "veille rules: '%s': cannot read\n", o->labels);
		return VEILLE_FATAL;
	}
	rc = labelled_read(&set, f, o->labels, o->split, cl);
	if (f != stdin)
		fclose(f);
	for (pass = 1; rc == VEILLE_OK && pass >= 0; pass--)
		for (i = 0; i < set.n; i++) {
			const struct labelled_row *r = &set.rows[i];

			if (rules_has_label(r->labels, o->niche) != pass)
				continue;
			if (report_keyness_add(k, r->title, r->summary, pass,
					       missed(cl, o->niche, pass, r->title,
						      r->summary, NULL)) < 0) {
				fprintf(stderr, "veille rules: out of memory\n");
				rc = VEILLE_FATAL;
				break;
			}
		}
	labelled_release(&set);
	return rc;
}

/* The niche's first match rule that matches the term alone, or NULL. */
static int covering_rule(const struct classifier *cl, const char *niche,
			 const char *term, const char **rule)
{
	struct classify_input in = { term, NULL, NULL };
	struct classify_result res;
	struct err e;
	size_t i, j;
	int rc;

	*rule = NULL;
	rc = classify_item(cl, &in, &res, &e);
	for (i = 0; rc == 0 && i < res.ngroups; i++) {
		const struct classify_group *g = &res.groups[i];

		if (g->kind != CLASSIFY_NICHE || strcmp(g->id, niche))
			continue;
		for (j = 0; j < g->nev && !*rule; j++)
			if (g->ev[j].kind == CLASSIFY_EV_MATCH)
				*rule = g->ev[j].pattern;
	}
	classify_result_release(&res);
	return rc;
}

static int cmp_suggestion(const void *pa, const void *pb)
{
	const struct suggestion *a = pa, *b = pb;

	if ((a->rule != NULL) != (b->rule != NULL))
		return a->rule ? 1 : -1;
	/* terms are ranked already: keep their order */
	return a->t < b->t ? -1 : a->t > b->t;
}

static void print_text(struct buf *b, const struct suggestion *s, size_t rank,
		       int64_t nin, int64_t nout)
{
	size_t j;

	buf_addf(b, "%4zu %-7s ", rank, s->rule ? "covered" : "NEW");
	idx_clean(b, s->t->term, 0);
	buf_addf(b, "  G\u00b2 %.1f, in niche %lld/%lld (the rules miss %lld), "
		 "elsewhere %lld/%lld", s->t->g2, (long long)s->t->in,
		 (long long)nin, (long long)s->t->in_marked,
		 (long long)s->t->out, (long long)nout);
	if (s->rule) {
		buf_addstr(b, ", by /");
		idx_clean(b, s->rule, 0);
		buf_addch(b, '/');
	}
	buf_addch(b, '\n');
	for (j = 0; j < 2 && s->t->example[j]; j++) {
		buf_addstr(b, "             e.g. ");
		idx_clean(b, s->t->example[j], 0);
		buf_addch(b, '\n');
	}
}

static void print_tsv(struct buf *b, const struct suggestion *s)
{
	idx_tsv_field(b, s->t->term);
	buf_addf(b, "\t%d\t%.2f\t%lld\t%lld\t%lld\t", s->rule != NULL,
		 s->t->g2, (long long)s->t->in, (long long)s->t->in_marked,
		 (long long)s->t->out);
	idx_tsv_field(b, s->rule);
	buf_addch(b, '\t');
	idx_tsv_field(b, s->t->example[0]);
	buf_addch(b, '\t');
	idx_tsv_field(b, s->t->example[1]);
	buf_addch(b, '\n');
}

static void print_json(struct buf *b, const struct suggestion *s, int64_t nin,
		       int64_t nout)
{
	struct jsonw w;
	size_t j;

	jsonw_init(&w, b);
	jsonw_obj(&w);
	jsonw_kstr(&w, "term", s->t->term);
	jsonw_key(&w, "covered");
	jsonw_bool(&w, s->rule != NULL);
	jsonw_kstr(&w, "rule", s->rule);
	jsonw_key(&w, "g2");
	jsonw_double(&w, s->t->g2);
	jsonw_kint(&w, "in", s->t->in);
	jsonw_kint(&w, "in_docs", nin);
	jsonw_kint(&w, "missed", s->t->in_marked);
	jsonw_kint(&w, "out", s->t->out);
	jsonw_kint(&w, "out_docs", nout);
	jsonw_key(&w, "examples");
	jsonw_arr(&w);
	for (j = 0; j < 2 && s->t->example[j]; j++)
		jsonw_str(&w, s->t->example[j]);
	jsonw_end(&w);
	jsonw_end(&w);
	buf_addch(b, '\n');
}

int rules_suggest(struct cli *cli, const struct classifier *cl,
		  const struct rules_suggest_opts *o)
{
	struct report_keyness *k = report_keyness_new();
	const struct report_key_term *terms;
	struct suggestion *sg = NULL;
	struct buf b = BUF_INIT;
	size_t n, i, ns = 0, nnew = 0, shown;
	int64_t nin, nout;
	int rc;

	if (!k) {
		fprintf(stderr, "veille rules: out of memory\n");
		return VEILLE_FATAL;
	}
	rc = o->labels ? from_file(o, cl, k) : from_db(cli, cl, o->niche, k);
	if (rc != VEILLE_OK)
		goto out;
	report_keyness_docs(k, &nin, &nout);
	if (report_keyness_rank(k, SUGGEST_MIN_DOCS, &terms, &n) < 0 ||
	    !(sg = v_calloc(n + 1, sizeof *sg)))
		goto nomem;
	for (i = 0; i < n && terms[i].g2 >= SUGGEST_G2_MIN; i++) {
		sg[i].t = &terms[i];
		if (covering_rule(cl, o->niche, terms[i].term, &sg[i].rule) < 0)
			goto nomem;
		nnew += !sg[i].rule;
	}
	ns = i;
	/* the new terms first, then the covered ones, each by G² */
	qsort(sg, ns, sizeof *sg, cmp_suggestion);
	buf_init(&b, (size_t)16 << 20);
	if (o->format == 0)
		buf_addf(&b, "niche %s: %lld positive%s, %lld other%s (%s); %zu "
			 "term%s over-represented, %zu that no rule of the "
			 "niche matches (NEW), listed first\n", o->niche,
			 (long long)nin, nin == 1 ? "" : "s", (long long)nout,
			 nout == 1 ? "" : "s", o->labels ? o->labels : "database",
			 ns, ns == 1 ? "" : "s", nnew);
	else if (o->format == 1)
		buf_addstr(&b, "term\tcovered\tg2\tin\tmissed\tout\trule\t"
			   "example1\texample2\n");
	for (i = 0, shown = 0; i < ns && (o->limit <= 0 ||
					  shown < (size_t)o->limit); i++) {
		shown++;
		if (o->format == 0)
			print_text(&b, &sg[i], shown, nin, nout);
		else if (o->format == 1)
			print_tsv(&b, &sg[i]);
		else
			print_json(&b, &sg[i], nin, nout);
	}
	if (buf_error(&b))
		goto nomem;
	fwrite(b.data, 1, b.len, stdout);
	goto out;
nomem:
	fprintf(stderr, "veille rules: out of memory\n");
	rc = VEILLE_FATAL;
out:
	buf_release(&b);
	v_free(sg);
	report_keyness_free(k);
	return rc;
}
