/* veille rules test|eval: try the niche rules on text and measure them on a
 * labelled set. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../classify/classify.h"
#include "../util/alloc.h"
#include "../util/jsonw.h"
#include "../util/str.h"
#include "rules_data.h"

#define RULES_WORST_DEFAULT 10

static const struct opt rules_opts[] = {
	{ "format", 'f', "FORMAT", "json, text or tsv (test: default json; eval, suggest: default text)" },
	{ "split", 's', "NAME", "eval, suggest: only the rows whose split column is NAME" },
	{ "worst", 'n', "N", "eval: false positives and negatives shown (default 10)" },
	{ "from-db", 0, NULL, "eval: the items analysts corrected; suggest: every item (default)" },
	{ "labels", 0, "FILE", "suggest: the labelled rows of FILE (rules eval's format)" },
	{ "limit", 0, "N", "suggest: terms shown (default 30, 0 for all)" },
	{ NULL, 0, NULL, NULL }
};

enum { O_FORMAT, O_SPLIT, O_WORST, O_FROM_DB, O_LABELS, O_LIMIT };

#define RULES_SUGGEST_DEFAULT 30

struct rules_ctx {
	struct cli *cli;
	struct classifier *cl;
	int json;
	int tsv;		/* test: id, niches, sectors as id:score lists */
	const char *split;
	int64_t worst;
	int from_db;
};

static FILE *open_input(const char *path)
{
	if (!path || !strcmp(path, "-"))
		return stdin;
	return fopen(path, "r");
}

static void print_evidence_text(FILE *out, const struct classify_group *g)
{
	size_t j;

	for (j = 0; j < g->nev; j++) {
		const struct classify_evidence *ev = &g->ev[j];

		if (ev->kind == CLASSIFY_EV_LIMIT) {
			fprintf(out, "      limit  rule %zu /%s/ in %s: stopped by the "
				"match limit\n", ev->rule, ev->pattern,
				classify_field_name(ev->field));
		} else if (ev->kind == CLASSIFY_EV_EXCLUDE) {
			fprintf(out, "      exclude /%s/ in %s at %zu: \"%s\"\n",
				ev->pattern, classify_field_name(ev->field),
				ev->offset, ev->text);
		} else {
			fprintf(out, "      +%d /%s/ in %s at %zu: \"%s\"\n",
				ev->points, ev->pattern,
				classify_field_name(ev->field), ev->offset,
				ev->text);
		}
	}
}

static void print_result_text(FILE *out, const char *id,
			      const struct classify_result *r)
{
	size_t i;
	int any = 0;

	fprintf(out, "%s\n", id);
	for (i = 0; i < r->ngroups; i++) {
		const struct classify_group *g = &r->groups[i];

		fprintf(out, "  %s %s %s score %d (threshold %g)\n",
			g->in ? "IN " : "out", classify_kind_name(g->kind),
			g->id, g->score, g->threshold);
		print_evidence_text(out, g);
		any = 1;
	}
	if (!any)
		fprintf(out, "  no rule matched\n");
}

static void print_result_tsv(FILE *out, const char *id,
			     const struct classify_result *r)
{
	int kind;
	size_t i;

	fputs(id, out);
	for (kind = CLASSIFY_NICHE; kind <= CLASSIFY_SECTOR; kind++) {
		const char *sep = "";

		fputc('\t', out);
		for (i = 0; i < r->ngroups; i++) {
			const struct classify_group *g = &r->groups[i];

			if ((int)g->kind != kind || !g->in)
				continue;
			fprintf(out, "%s%s:%d", sep, g->id, g->score);
			sep = ",";
		}
	}
	fputc('\n', out);
}

static int rules_test(struct rules_ctx *x, const char *path)
{
	FILE *f = open_input(path);
	char *line = NULL, *fields[3];
	size_t cap = 0, lineno = 0;
	struct buf out = BUF_INIT;
	struct err e;
	int rc = VEILLE_OK, r;

	if (!f) {
		fprintf(stderr, "veille rules: '%s': cannot read\n", path);
		return VEILLE_FATAL;
	}
	while ((r = rules_read_line(f, &line, &cap)) > 0) {
		struct classify_input in = { NULL, NULL, NULL };
		struct classify_result res;
		size_t n;

		lineno++;
		if (!line[0])
			continue;
		n = rules_split_tabs(line, fields, 3);
		in.title = n > 1 ? fields[1] : "";
		in.summary = n > 2 ? fields[2] : "";
		if (classify_item(x->cl, &in, &res, &e) < 0) {
			classify_result_release(&res);
			fprintf(stderr, "veille rules: %s\n", e.msg);
			rc = VEILLE_FATAL;
			break;
		}
		if (x->tsv) {
			print_result_tsv(stdout, fields[0], &res);
		} else if (x->json) {
			struct jsonw w;

			buf_reset(&out);
			jsonw_init(&w, &out);
			jsonw_obj(&w);
			jsonw_kstr(&w, "id", fields[0]);
			classify_result_jsonw(&res, &w, 0);
			jsonw_end(&w);
			if (jsonw_error(&w) == 0)
				printf("%s\n", buf_cstr(&out));
		} else {
			print_result_text(stdout, fields[0], &res);
		}
		classify_result_release(&res);
	}
	if (r < 0) {
		fprintf(stderr, "veille rules: '%s': line %zu: read error or "
			"line too long\n", path ? path : "-", lineno + 1);
		rc = VEILLE_FATAL;
	}
	v_free(line);	/* getline's memory: v_free calls libc's free */
	buf_release(&out);
	if (f != stdin)
		fclose(f);
	return rc;
}

/* --- eval --------------------------------------------------------------- */

struct miss {
	size_t row;		/* index in rows */
	size_t niche;		/* classifier group index */
	int score;
	int fp;			/* 1 false positive, 0 false negative */
};

struct tally {
	size_t tp, fp, fn;
	/* the true positives and false negatives of rows without a summary
	 * (title-only): the others are the rows with one */
	size_t tp_title, fn_title;
};

static const struct classify_group *find_group(const struct classify_result *r,
					       const char *id)
{
	size_t i;

	for (i = 0; i < r->ngroups; i++)
		if (r->groups[i].kind == CLASSIFY_NICHE &&
		    !strcmp(r->groups[i].id, id))
			return &r->groups[i];
	return NULL;
}

static int cmp_miss(const void *a, const void *b)
{
	const struct miss *x = a, *y = b;

	/* False positives: the highest scores are the worst; false
	 * negatives: the lowest. Ties keep file order. */
	if (x->fp != y->fp)
		return y->fp - x->fp;
	if (x->score != y->score)
		return x->fp ? (y->score - x->score) : (x->score - y->score);
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->niche < y->niche ? -1 : x->niche > y->niche;
}

static double ratio(size_t a, size_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

static double f1(double p, double r)
{
	return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

/* The rows of the eval and the rules' verdict on each. */
struct evalset {
	const struct labelled *set;
	struct classify_result *res;
};

static void recall_json(struct jsonw *w, const char *key, size_t tp, size_t fn)
{
	char k[48];

	snprintf(k, sizeof k, "recall_%s", key);
	jsonw_key(w, k);
	if (tp + fn)
		jsonw_double(w, ratio(tp, tp + fn));
	else
		jsonw_null(w);
	snprintf(k, sizeof k, "support_%s", key);
	jsonw_kint(w, k, (int64_t)(tp + fn));
}

/* "0.500/2": recall and support, or "-/0". */
static const char *recall_text(char *out, size_t n, size_t tp, size_t fn)
{
	if (tp + fn)
		snprintf(out, n, "%.3f/%zu", ratio(tp, tp + fn), tp + fn);
	else
		snprintf(out, n, "-/0");
	return out;
}

static void eval_output(struct rules_ctx *x, const struct evalset *es,
			struct tally *t, size_t nniche, const size_t *niche_ix,
			struct miss *miss, size_t nmiss)
{
	const struct labelled_row *rows = es->set->rows;
	struct tally all = { 0, 0, 0, 0, 0 };
	double mp = 0, mr = 0, mf = 0, minf = 1;
	size_t i, counted = 0, shown;
	const char *worst_id = "";
	struct buf b = BUF_INIT;
	struct jsonw w;

	for (i = 0; i < nniche; i++) {
		double p = ratio(t[i].tp, t[i].tp + t[i].fp);
		double r = ratio(t[i].tp, t[i].tp + t[i].fn);

		all.tp += t[i].tp;
		all.fp += t[i].fp;
		all.fn += t[i].fn;
		all.tp_title += t[i].tp_title;
		all.fn_title += t[i].fn_title;
		/* A niche nobody labelled and nothing predicted says nothing
		 * about the rules: leave it out of the macro average. */
		if (t[i].tp + t[i].fp + t[i].fn == 0)
			continue;
		counted++;
		mp += p;
		mr += r;
		mf += f1(p, r);
		if (f1(p, r) < minf) {
			minf = f1(p, r);
			worst_id = classify_group_id(x->cl, niche_ix[i]);
		}
	}
	if (counted) {
		mp /= (double)counted;
		mr /= (double)counted;
		mf /= (double)counted;
	} else {
		minf = 0;
	}
	qsort(miss, nmiss, sizeof *miss, cmp_miss);
	if (x->json) {
		jsonw_init(&w, &b);
		jsonw_obj(&w);
		jsonw_kstr(&w, "fingerprint", classify_fingerprint(x->cl));
		jsonw_kint(&w, "rows", (int64_t)es->set->n);
		jsonw_key(&w, "niches");
		jsonw_arr(&w);
		for (i = 0; i < nniche; i++) {
			double p = ratio(t[i].tp, t[i].tp + t[i].fp);
			double r = ratio(t[i].tp, t[i].tp + t[i].fn);

			jsonw_obj(&w);
			jsonw_kstr(&w, "niche", classify_group_id(x->cl, niche_ix[i]));
			jsonw_key(&w, "precision"); jsonw_double(&w, p);
			jsonw_key(&w, "recall"); jsonw_double(&w, r);
			jsonw_key(&w, "f1"); jsonw_double(&w, f1(p, r));
			jsonw_kint(&w, "support", (int64_t)(t[i].tp + t[i].fn));
			jsonw_kint(&w, "tp", (int64_t)t[i].tp);
			jsonw_kint(&w, "fp", (int64_t)t[i].fp);
			jsonw_kint(&w, "fn", (int64_t)t[i].fn);
			recall_json(&w, "title_only", t[i].tp_title, t[i].fn_title);
			recall_json(&w, "with_summary", t[i].tp - t[i].tp_title,
				    t[i].fn - t[i].fn_title);
			jsonw_end(&w);
		}
		jsonw_end(&w);
		jsonw_key(&w, "micro");
		jsonw_obj(&w);
		{
			double p = ratio(all.tp, all.tp + all.fp);
			double r = ratio(all.tp, all.tp + all.fn);

			jsonw_key(&w, "precision"); jsonw_double(&w, p);
			jsonw_key(&w, "recall"); jsonw_double(&w, r);
			jsonw_key(&w, "f1"); jsonw_double(&w, f1(p, r));
			recall_json(&w, "title_only", all.tp_title, all.fn_title);
			recall_json(&w, "with_summary", all.tp - all.tp_title,
				    all.fn - all.fn_title);
		}
		jsonw_end(&w);
		jsonw_key(&w, "macro");
		jsonw_obj(&w);
		jsonw_key(&w, "precision"); jsonw_double(&w, mp);
		jsonw_key(&w, "recall"); jsonw_double(&w, mr);
		jsonw_key(&w, "f1"); jsonw_double(&w, mf);
		jsonw_key(&w, "min_f1"); jsonw_double(&w, minf);
		jsonw_kstr(&w, "min_niche", worst_id);
		jsonw_end(&w);
		jsonw_key(&w, "errors");
		jsonw_arr(&w);
		for (i = 0, shown = 0; i < nmiss; i++) {
			const struct labelled_row *rw = &rows[miss[i].row];
			const char *nid = classify_group_id(x->cl, miss[i].niche);
			struct classify_result one;

			if (shown >= (size_t)x->worst * 2)
				break;
			shown++;
			jsonw_obj(&w);
			jsonw_kstr(&w, "id", rw->id);
			jsonw_kstr(&w, "error", miss[i].fp ? "false positive" :
				   "false negative");
			jsonw_kstr(&w, "niche", nid);
			jsonw_kint(&w, "score", miss[i].score);
			jsonw_kstr(&w, "title", rw->title);
			/* Evidence of that niche only. */
			memset(&one, 0, sizeof one);
			one.groups = (struct classify_group *)
				find_group(&es->res[miss[i].row], nid);
			one.ngroups = one.groups ? 1 : 0;
			classify_result_jsonw(&one, &w, 1);
			jsonw_end(&w);
		}
		jsonw_end(&w);
		jsonw_end(&w);
		if (!jsonw_error(&w))
			printf("%s\n", buf_cstr(&b));
		buf_release(&b);
		return;
	}
	printf("%-24s %9s %6s %6s %7s %4s %4s %4s %10s %12s\n", "niche",
	       "precision", "recall", "f1", "support", "tp", "fp", "fn",
	       "title-only", "with-summary");
	for (i = 0; i < nniche; i++) {
		double p = ratio(t[i].tp, t[i].tp + t[i].fp);
		double r = ratio(t[i].tp, t[i].tp + t[i].fn);
		char rt[32], rs[32];

		recall_text(rt, sizeof rt, t[i].tp_title, t[i].fn_title);
		recall_text(rs, sizeof rs, t[i].tp - t[i].tp_title,
			    t[i].fn - t[i].fn_title);
		if (t[i].tp + t[i].fp + t[i].fn == 0) {
			printf("%-24s %9s %6s %6s %7d %4d %4d %4d %10s %12s\n",
			       classify_group_id(x->cl, niche_ix[i]), "-", "-",
			       "-", 0, 0, 0, 0, rt, rs);
			continue;
		}
		printf("%-24s %9.3f %6.3f %6.3f %7zu %4zu %4zu %4zu %10s %12s\n",
		       classify_group_id(x->cl, niche_ix[i]), p, r, f1(p, r),
		       t[i].tp + t[i].fn, t[i].tp, t[i].fp, t[i].fn, rt, rs);
	}
	{
		double p = ratio(all.tp, all.tp + all.fp);
		double r = ratio(all.tp, all.tp + all.fn);
		char rt[32], rs[32];

		printf("%-24s %9.3f %6.3f %6.3f %7zu %14s %10s %12s\n", "micro",
		       p, r, f1(p, r), all.tp + all.fn, "",
		       recall_text(rt, sizeof rt, all.tp_title, all.fn_title),
		       recall_text(rs, sizeof rs, all.tp - all.tp_title,
				   all.fn - all.fn_title));
	}
	printf("%-24s %9.3f %6.3f %6.3f\n", "macro", mp, mr, mf);
	printf("rows %zu, lowest f1 %.3f (%s)\n", es->set->n, minf, worst_id);
	printf("title-only, with-summary: recall/support on the rows without "
	       "and with a summary\n");
	for (int pass = 1; pass >= 0; pass--) {
		int header = 0;

		shown = 0;
		for (i = 0; i < nmiss && shown < (size_t)x->worst; i++) {
			const struct labelled_row *rw = &rows[miss[i].row];
			const char *nid = classify_group_id(x->cl, miss[i].niche);
			const struct classify_group *g;

			if (miss[i].fp != pass)
				continue;
			if (!header) {
				printf("\n%s:\n", pass ? "false positives" :
				       "false negatives");
				header = 1;
			}
			shown++;
			printf("  %s %s score %d: %s\n", rw->id, nid,
			       miss[i].score, rw->title);
			g = find_group(&es->res[miss[i].row], nid);
			if (g)
				print_evidence_text(stdout, g);
		}
	}
}

static int add_miss(struct miss **miss, size_t *nmiss, size_t row,
		    size_t niche, int score, int fp)
{
	struct miss *m = v_reallocarray(*miss, *nmiss + 1, sizeof **miss);

	if (!m)
		return -1;
	*miss = m;
	m[*nmiss].row = row;
	m[*nmiss].niche = niche;
	m[*nmiss].score = score;
	m[*nmiss].fp = fp;
	(*nmiss)++;
	return 0;
}

static int rules_eval(struct rules_ctx *x, const struct labelled *set)
{
	size_t i, j, nniche = 0, nmiss = 0, ncl = classify_ngroups(x->cl);
	struct evalset es = { set, NULL };
	struct tally *t = NULL;
	size_t *niche_ix = NULL;
	struct miss *miss = NULL;
	struct err e;
	int rc = VEILLE_OK;

	es.res = v_calloc(set->n + 1, sizeof *es.res);
	niche_ix = v_calloc(ncl ? ncl : 1, sizeof *niche_ix);
	t = v_calloc(ncl ? ncl : 1, sizeof *t);
	if (!es.res || !niche_ix || !t)
		goto nomem;
	for (i = 0; i < ncl; i++)
		if (classify_group_kind(x->cl, i) == CLASSIFY_NICHE)
			niche_ix[nniche++] = i;
	for (i = 0; i < set->n; i++) {
		const struct labelled_row *rw = &set->rows[i];
		struct classify_input in = { rw->title, rw->summary, NULL };
		int title_only = !rw->summary[0];

		if (classify_item(x->cl, &in, &es.res[i], &e) < 0) {
			fprintf(stderr, "veille rules: %s\n", e.msg);
			rc = VEILLE_FATAL;
			goto out;
		}
		for (j = 0; j < nniche; j++) {
			const char *nid = classify_group_id(x->cl, niche_ix[j]);
			const struct classify_group *g = find_group(&es.res[i], nid);
			int pred = g && g->in;
			int want = rules_has_label(rw->labels, nid);

			if (pred && want) {
				t[j].tp++;
				t[j].tp_title += (size_t)title_only;
				continue;
			}
			if (pred == want)
				continue;
			if (pred) {
				t[j].fp++;
			} else {
				t[j].fn++;
				t[j].fn_title += (size_t)title_only;
			}
			if (add_miss(&miss, &nmiss, i, niche_ix[j],
				     g ? g->score : 0, pred) < 0)
				goto nomem;
		}
	}
	eval_output(x, &es, t, nniche, niche_ix, miss, nmiss);
	goto out;
nomem:
	fprintf(stderr, "veille rules: out of memory\n");
	rc = VEILLE_FATAL;
out:
	for (i = 0; es.res && i < set->n; i++)
		classify_result_release(&es.res[i]);
	v_free(es.res);
	v_free(t);
	v_free(niche_ix);
	v_free(miss);
	return rc;
}

/* The labelled rows of eval and suggest: FILE, or the database. */
static int load_labelled(struct rules_ctx *x, const char *path,
			 struct labelled *set)
{
	FILE *f;
	int rc;

	if (x->from_db)
		return labelled_from_db(set, x->cli, x->cl);
	f = open_input(path);
	if (!f) {
		fprintf(stderr, "veille rules: '%s': cannot read\n", path);
		return VEILLE_FATAL;
	}
	rc = labelled_read(set, f, path, x->split, x->cl);
	if (f != stdin)
		fclose(f);
	return rc;
}
/* Checks the operands and options against the subcommand. */
static int rules_check(struct cli *cli, const struct opt_state *st,
		       const char *format, const struct rules_ctx *x,
		       const char *labels, int limit_set)
{
	const char *sub = st->args[0];
	int test = !strcmp(sub, "test"), eval = !strcmp(sub, "eval");
	int suggest = !strcmp(sub, "suggest");

	if (!test && !eval && !suggest)
		return cli_usage_error(cli, "unknown subcommand '%s' (expected "
				       "test, eval or suggest)", sub);
	if (format && strcmp(format, "json") && strcmp(format, "text") &&
	    (strcmp(format, "tsv") || eval))
		return cli_usage_error(cli, "--format '%s' is not json or text%s",
				       format, eval ? "" : " or tsv");
	if (suggest && st->nargs != 2)
		return cli_usage_error(cli, "expected 'suggest NICHE'");
	if (suggest && labels && x->from_db)
		return cli_usage_error(cli, "suggest: --labels or --from-db, "
				       "not both");
	if (eval && (st->nargs == 2) == x->from_db)
		return cli_usage_error(cli, "expected 'eval FILE.tsv' or "
				       "'eval --from-db'");
	if ((labels || limit_set) && !suggest)
		return cli_usage_error(cli, "--labels and --limit are for "
				       "suggest");
	if (x->from_db && test)
		return cli_usage_error(cli, "--from-db is for eval and suggest");
	return VEILLE_OK;
}

/* The niche of 'suggest NICHE', checked against the taxonomy. */
static int suggest_niche(struct cli *cli, const struct classifier *cl,
			 const char *niche)
{
	size_t i;

	for (i = 0; i < classify_ngroups(cl); i++)
		if (classify_group_kind(cl, i) == CLASSIFY_NICHE &&
		    !strcmp(classify_group_id(cl, i), niche))
			return VEILLE_OK;
	return cli_usage_error(cli, "unknown niche '%s'", niche);
}

static int rules_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct rules_ctx x;
	struct rules_suggest_opts so = { NULL, NULL, NULL,
					 RULES_SUGGEST_DEFAULT, 0 };
	const char *arg, *format = NULL, *sub, *file;
	struct labelled set = { NULL, 0 };
	struct err e;
	int o, rc, limit_set = 0;

	memset(&x, 0, sizeof x);
	x.cli = cli;
	x.worst = RULES_WORST_DEFAULT;
	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0) {
		switch (o) {
		case O_FORMAT:
			format = arg;
			break;
		case O_SPLIT:
			x.split = arg;
			break;
		case O_WORST:
		case O_LIMIT:
			if (str_to_i64(arg, 0, o == O_WORST ? 10000 : INT32_MAX,
				       o == O_WORST ? &x.worst : &so.limit) < 0) {
				opt_release(&st);
				return cli_usage_error(cli, "--%s '%s' is not a "
						       "number from 0 to %d",
						       rules_opts[o].name, arg,
						       o == O_WORST ? 10000 :
						       INT32_MAX);
			}
			limit_set |= o == O_LIMIT;
			break;
		case O_FROM_DB:
			x.from_db = 1;
			break;
		case O_LABELS:
			so.labels = arg;
			break;
		}
	}
	if (o != OPT_END) {
		opt_release(&st);
		return opt_exit(o);
	}
	if (st.nargs < 1 || st.nargs > 2) {
		opt_release(&st);
		return cli_usage_error(cli, "expected 'test [FILE|-]', "
				       "'eval FILE.tsv|--from-db' or "
				       "'suggest NICHE'");
	}
	sub = st.args[0];
	file = st.nargs > 1 ? st.args[1] : NULL;
	rc = rules_check(cli, &st, format, &x, so.labels, limit_set);
	if (rc != VEILLE_OK) {
		opt_release(&st);
		return rc;
	}
	x.json = format ? !strcmp(format, "json") : !strcmp(sub, "test");
	x.tsv = format && !strcmp(format, "tsv");
	rc = cli_load_conf(cli);
	if (rc != VEILLE_OK) {
		opt_release(&st);
		return rc;
	}
	x.cl = classify_new(&cli->conf, &e);
	if (!x.cl) {
		size_t i;

		for (i = 0; i < cli->conf.nerrors; i++)
			fprintf(stderr, "%s\n", cli->conf.errors[i]);
		fprintf(stderr, "veille rules: %s\n", e.msg);
		opt_release(&st);
		return cli->conf.nerrors ? VEILLE_USAGE : VEILLE_FATAL;
	}
	if (!strcmp(sub, "test")) {
		rc = rules_test(&x, file);
	} else if (!strcmp(sub, "eval")) {
		rc = load_labelled(&x, file, &set);
		if (rc == VEILLE_OK)
			rc = rules_eval(&x, &set);
		labelled_release(&set);
	} else {
		so.niche = file;
		so.split = x.split;
		so.format = x.tsv ? 1 : x.json ? 2 : 0;
		rc = suggest_niche(cli, x.cl, so.niche);
		if (rc == VEILLE_OK)
			rc = rules_suggest(cli, x.cl, &so);
	}
	classify_free(x.cl);
	opt_release(&st);
	return cli_finish_stdout(rc);
}

const struct command cmd_rules = {
	"rules", "test [FILE|-] | eval FILE.tsv|--from-db | suggest NICHE",
	"try the niche rules on text, measure them on labelled data, find terms",
	"rules test reads lines \"id<TAB>title<TAB>summary\" from FILE or "
	"standard input and prints, for each, one JSON object {\"id\", "
	"\"niches\", \"sectors\"} listing the niches and sectors the item "
	"falls in, with their score and evidence: each rule that matched, the "
	"field, the matched text as written and its byte offset. "
	"--format text prints the same for people, with the groups that "
	"scored below their threshold; --format tsv prints one line per item: "
	"id, then niches and then sectors as comma-separated id:score lists, "
	"handy to diff the effect of a rule change.\n\n"
	"rules eval reads a labelled TSV file whose header names at least the "
	"columns id, labels (comma-separated niche ids, empty for none), title "
	"and summary, classifies every row and prints precision, recall, F1 "
	"and support per niche, the micro and macro averages (the macro "
	"average leaves out niches neither labelled nor predicted), the recall "
	"on the rows without a summary (title-only) apart from the rows with "
	"one, as recall/support (JSON: recall_title_only, support_title_only, "
	"recall_with_summary, support_with_summary; null recall without "
	"support), and the worst false positives (highest scores) and false "
	"negatives (lowest scores) with their evidence. --split NAME keeps the "
	"rows whose split column is NAME (train or test). --from-db reads, "
	"instead of a file, the items analysts corrected ('veille label'), "
	"each labelled with its niches as stored, corrections applied: the "
	"rows 'veille label --export' writes.\n\n"
	"rules suggest NICHE lists the words and two-word phrases (of the "
	"title and summary, accent-folded, French and English stop words left "
	"out) that NICHE's positives hold more often than the other rows, by "
	"Dunning's log-likelihood G\u00b2 on the numbers of rows holding them "
	"(at least 2 positives and G\u00b2 of at least 3.84, p < 0.05): first "
	"the terms that no match rule of NICHE matches (NEW), then the covered "
	"ones with the rule that matches them, each by G\u00b2, with the "
	"number of positives and of other rows holding it, how many of those "
	"positives the current rules leave out of NICHE, and two example "
	"titles: what a curator reads to add a term. The positives are the "
	"rows labelled NICHE of --labels FILE (rules eval's format, --split "
	"applies), or with --from-db (the default) the database's items in "
	"NICHE as stored, analysts' corrections winning. --limit N shows the "
	"first N (default 30, 0 for all); --format tsv prints term, covered "
	"(0 or 1), g2, in, missed, out, rule, example1, example2 under a "
	"header, json one object per line.\n\n"
	"Rules are matched on accent-folded lower-case text; a match in the "
	"title counts twice its weight, and each rule counts at most once per "
	"item.",
	rules_opts, rules_run,
};
