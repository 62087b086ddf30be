/* veille rules test|eval: try the niche rules on text and measure them on a
 * labelled set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../classify/classify.h"
#include "../util/alloc.h"
#include "../util/jsonw.h"
#include "../util/str.h"

/* Longest input line; longer lines are an error, not a silent cut. */
#define RULES_LINE_MAX ((size_t)1 << 20)
#define RULES_WORST_DEFAULT 10

static const struct opt rules_opts[] = {
	{ "format", 'f', "FORMAT", "json, text or tsv (test: default json; eval: default text)" },
	{ "split", 's', "NAME", "eval: only the rows whose split column is NAME" },
	{ "worst", 'n', "N", "eval: false positives and negatives shown (default 10)" },
	{ NULL, 0, NULL, NULL }
};

enum { O_FORMAT, O_SPLIT, O_WORST };

struct rules_ctx {
	struct cli *cli;
	struct classifier *cl;
	int json;
	int tsv;		/* test: id, niches, sectors as id:score lists */
	const char *split;
	int64_t worst;
};

static FILE *open_input(const char *path)
{
	if (!path || !strcmp(path, "-"))
		return stdin;
	return fopen(path, "r");
}

/* Reads one line without its "\n" (and "\r"). 1, 0 at EOF, -1 when too long
 * or on a read error. */
static int read_line(FILE *f, char **line, size_t *cap)
{
	ssize_t n = getline(line, cap, f);

	if (n < 0)
		return ferror(f) ? -1 : 0;
	if ((size_t)n > RULES_LINE_MAX)
		return -1;
	if (n > 0 && (*line)[n - 1] == '\n')
		(*line)[--n] = '\0';
	if (n > 0 && (*line)[n - 1] == '\r')
		(*line)[--n] = '\0';
	return 1;
}

/* Splits line on tabs in place; returns the number of fields (at most max). */
static size_t split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;

	while (n < max) {
		char *tab = strchr(line, '\t');

		fields[n++] = line;
		if (!tab)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return n;
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
	while ((r = read_line(f, &line, &cap)) > 0) {
		struct classify_input in = { NULL, NULL, NULL };
		struct classify_result res;
		size_t n;

		lineno++;
		if (!line[0])
			continue;
		n = split_tabs(line, fields, 3);
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

struct row {
	char *id;
	char *title;
	char *summary;
	char *labels;
	struct classify_result res;
};

struct tally {
	size_t tp, fp, fn;
};

static int has_label(const char *labels, const char *id)
{
	size_t n = strlen(id);
	const char *p = labels;

	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len;
		const char *s = p;

		len = comma ? (size_t)(comma - p) : strlen(p);
		while (len && (*s == ' ')) {
			s++;
			len--;
		}
		while (len && s[len - 1] == ' ')
			len--;
		if (len == n && !strncmp(s, id, n))
			return 1;
		if (!comma)
			break;
		p = comma + 1;
	}
	return 0;
}

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

static int col_of(char **names, size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], want))
			return (int)i;
	return -1;
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

static void row_free(struct row *r)
{
	v_free(r->id);
	v_free(r->title);
	v_free(r->summary);
	v_free(r->labels);
	classify_result_release(&r->res);
}

static void eval_output(struct rules_ctx *x, struct row *rows, size_t nrows,
			struct tally *t, size_t nniche, const size_t *niche_ix,
			struct miss *miss, size_t nmiss)
{
	struct tally all = { 0, 0, 0 };
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
		jsonw_kint(&w, "rows", (int64_t)nrows);
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
			const struct row *rw = &rows[miss[i].row];
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
			one.groups = (struct classify_group *)find_group(&rw->res, nid);
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
	printf("%-24s %9s %6s %6s %7s %4s %4s %4s\n", "niche", "precision",
	       "recall", "f1", "support", "tp", "fp", "fn");
	for (i = 0; i < nniche; i++) {
		double p = ratio(t[i].tp, t[i].tp + t[i].fp);
		double r = ratio(t[i].tp, t[i].tp + t[i].fn);

		if (t[i].tp + t[i].fp + t[i].fn == 0) {
			printf("%-24s %9s %6s %6s %7d %4d %4d %4d\n",
			       classify_group_id(x->cl, niche_ix[i]), "-", "-",
			       "-", 0, 0, 0, 0);
			continue;
		}
		printf("%-24s %9.3f %6.3f %6.3f %7zu %4zu %4zu %4zu\n",
		       classify_group_id(x->cl, niche_ix[i]), p, r, f1(p, r),
		       t[i].tp + t[i].fn, t[i].tp, t[i].fp, t[i].fn);
	}
	{
		double p = ratio(all.tp, all.tp + all.fp);
		double r = ratio(all.tp, all.tp + all.fn);

		printf("%-24s %9.3f %6.3f %6.3f %7zu\n", "micro", p, r,
		       f1(p, r), all.tp + all.fn);
	}
	printf("%-24s %9.3f %6.3f %6.3f\n", "macro", mp, mr, mf);
	printf("rows %zu, lowest f1 %.3f (%s)\n", nrows, minf, worst_id);
	for (int pass = 1; pass >= 0; pass--) {
		int header = 0;

		shown = 0;
		for (i = 0; i < nmiss && shown < (size_t)x->worst; i++) {
			const struct row *rw = &rows[miss[i].row];
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
			g = find_group(&rw->res, nid);
			if (g)
				print_evidence_text(stdout, g);
		}
	}
}

static int rules_eval(struct rules_ctx *x, const char *path)
{
	FILE *f;
	char *line = NULL, *fields[64], *names[64];
	size_t cap = 0, nnames = 0, lineno = 1, nrows = 0, i, j, nniche = 0;
	size_t nmiss = 0, ncl = classify_ngroups(x->cl);
	int ci, ct, cs, cl_, csplit, r, rc = VEILLE_OK;
	struct row *rows = NULL;
	struct tally *t = NULL;
	size_t *niche_ix = NULL;
	struct miss *miss = NULL;
	struct err e;

	if (!path) {
		fprintf(stderr, "veille rules: eval needs a labelled FILE.tsv\n");
		return VEILLE_USAGE;
	}
	f = open_input(path);
	if (!f) {
		fprintf(stderr, "veille rules: '%s': cannot read\n", path);
		return VEILLE_FATAL;
	}
	r = read_line(f, &line, &cap);
	if (r <= 0) {
		fprintf(stderr, "veille rules: '%s': no header line\n", path);
		rc = VEILLE_USAGE;
		goto out;
	}
	nnames = split_tabs(line, fields, 64);
	for (i = 0; i < nnames; i++)
		names[i] = v_strdup(fields[i]);
	nnames = i;
	for (i = 0; i < nnames; i++)
		if (!names[i])
			goto nomem;
	ci = col_of(names, nnames, "id");
	cl_ = col_of(names, nnames, "labels");
	ct = col_of(names, nnames, "title");
	cs = col_of(names, nnames, "summary");
	csplit = col_of(names, nnames, "split");
	if (ci < 0 || cl_ < 0 || ct < 0 || cs < 0) {
		fprintf(stderr, "veille rules: '%s': the header needs the columns "
			"id, labels, title and summary\n", path);
		rc = VEILLE_USAGE;
		goto out;
	}
	if (x->split && csplit < 0) {
		fprintf(stderr, "veille rules: '%s': no 'split' column\n", path);
		rc = VEILLE_USAGE;
		goto out;
	}
	niche_ix = v_calloc(ncl ? ncl : 1, sizeof *niche_ix);
	t = v_calloc(ncl ? ncl : 1, sizeof *t);
	if (!niche_ix || !t)
		goto nomem;
	for (i = 0; i < ncl; i++)
		if (classify_group_kind(x->cl, i) == CLASSIFY_NICHE)
			niche_ix[nniche++] = i;
	while ((r = read_line(f, &line, &cap)) > 0) {
		struct classify_input in = { NULL, NULL, NULL };
		struct row *rw, *grown;
		size_t n;

		lineno++;
		if (!line[0])
			continue;
		n = split_tabs(line, fields, 64);
		if (n < nnames) {
			fprintf(stderr, "veille rules: '%s': line %zu: %zu "
				"columns, the header has %zu\n", path, lineno, n,
				nnames);
			rc = VEILLE_USAGE;
			goto out;
		}
		if (x->split && strcmp(fields[csplit], x->split))
			continue;
		grown = v_reallocarray(rows, nrows + 1, sizeof *rows);
		if (!grown)
			goto nomem;
		rows = grown;
		rw = &rows[nrows++];
		memset(rw, 0, sizeof *rw);
		rw->id = v_strdup(fields[ci]);
		rw->title = v_strdup(fields[ct]);
		rw->summary = v_strdup(fields[cs]);
		rw->labels = v_strdup(fields[cl_]);
		if (!rw->id || !rw->title || !rw->summary || !rw->labels)
			goto nomem;
		in.title = rw->title;
		in.summary = rw->summary;
		if (classify_item(x->cl, &in, &rw->res, &e) < 0) {
			fprintf(stderr, "veille rules: %s\n", e.msg);
			rc = VEILLE_FATAL;
			goto out;
		}
		for (j = 0; j < nniche; j++) {
			const char *nid = classify_group_id(x->cl, niche_ix[j]);
			const struct classify_group *g = find_group(&rw->res, nid);
			int pred = g && g->in, want = has_label(rw->labels, nid);

			if (pred && want) {
				t[j].tp++;
				continue;
			}
			if (pred == want)
				continue;
			if (pred)
				t[j].fp++;
			else
				t[j].fn++;
			{
				struct miss *m = v_reallocarray(miss, nmiss + 1,
								sizeof *miss);

				if (!m)
					goto nomem;
				miss = m;
				miss[nmiss].row = nrows - 1;
				miss[nmiss].niche = niche_ix[j];
				miss[nmiss].score = g ? g->score : 0;
				miss[nmiss].fp = pred;
				nmiss++;
			}
		}
	}
	if (r < 0) {
		fprintf(stderr, "veille rules: '%s': line %zu: read error or "
			"line too long\n", path, lineno + 1);
		rc = VEILLE_FATAL;
		goto out;
	}
	/* Labels naming no niche are typos that would silently count as
	 * misses: refuse them. */
	for (i = 0; i < nrows; i++) {
		char *p = rows[i].labels;

		while (*p) {
			char *comma = strchr(p, ',');
			char one[128];
			size_t len = comma ? (size_t)(comma - p) : strlen(p);
			int found = 0;

			while (len && *p == ' ') {
				p++;
				len--;
			}
			while (len && p[len - 1] == ' ')
				len--;
			if (len >= sizeof one)
				len = sizeof one - 1;
			memcpy(one, p, len);
			one[len] = '\0';
			for (j = 0; j < nniche; j++)
				if (!strcmp(one, classify_group_id(x->cl, niche_ix[j])))
					found = 1;
			if (len && !found) {
				fprintf(stderr, "veille rules: '%s': row '%s': "
					"unknown niche '%s'\n", path,
					rows[i].id, one);
				rc = VEILLE_USAGE;
				goto out;
			}
			if (!comma)
				break;
			p = comma + 1;
		}
	}
	eval_output(x, rows, nrows, t, nniche, niche_ix, miss, nmiss);
	goto out;
nomem:
	fprintf(stderr, "veille rules: out of memory\n");
	rc = VEILLE_FATAL;
out:
	for (i = 0; i < nrows; i++)
		row_free(&rows[i]);
	for (i = 0; i < nnames; i++)
		v_free(names[i]);
	v_free(rows);
	v_free(t);
	v_free(niche_ix);
	v_free(miss);
	v_free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

static int rules_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct rules_ctx x;
	const char *arg, *format = NULL, *sub, *file;
	struct err e;
	int o, rc;

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
			if (str_to_i64(arg, 0, 10000, &x.worst) < 0) {
				opt_release(&st);
				return cli_usage_error(cli, "--worst '%s' is not "
						       "a number from 0 to 10000",
						       arg);
			}
			break;
		}
	}
	if (o != OPT_END) {
		opt_release(&st);
		return opt_exit(o);
	}
	if (st.nargs < 1 || st.nargs > 2) {
		opt_release(&st);
		return cli_usage_error(cli, "expected 'test [FILE|-]' or "
				       "'eval FILE.tsv'");
	}
	sub = st.args[0];
	file = st.nargs > 1 ? st.args[1] : NULL;
	if (strcmp(sub, "test") && strcmp(sub, "eval")) {
		rc = cli_usage_error(cli, "unknown subcommand '%s' (expected "
				     "test or eval)", sub);
		opt_release(&st);
		return rc;
	}
	if (format && strcmp(format, "json") && strcmp(format, "text") &&
	    (strcmp(format, "tsv") || strcmp(sub, "test"))) {
		rc = cli_usage_error(cli, "--format '%s' is not json or text%s",
				     format, strcmp(sub, "test") ? "" : " or tsv");
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
	if (!strcmp(sub, "test"))
		rc = rules_test(&x, file);
	else
		rc = rules_eval(&x, file);
	classify_free(x.cl);
	opt_release(&st);
	return cli_finish_stdout(rc);
}

const struct command cmd_rules = {
	"rules", "test [FILE|-] | eval FILE.tsv",
	"try the niche rules on text, measure them on a labelled set",
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
	"average leaves out niches neither labelled nor predicted), and the "
	"worst false positives (highest scores) and false negatives (lowest "
	"scores) with their evidence. --split NAME keeps the rows whose split "
	"column is NAME (train or test).\n\n"
	"Rules are matched on accent-folded lower-case text; a match in the "
	"title counts twice its weight, and each rule counts at most once per "
	"item.",
	rules_opts, rules_run,
};
