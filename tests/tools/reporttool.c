/* Builds a trend report from a synthetic history file through the report/
 * API and writes report.html, report.md, report.csv, report.json (and each
 * chart alone as chart-N.svg) into a folder, for the end-to-end tests.
 *
 * usage: reporttool FIXTURE OUTDIR --from DATE --to DATE [--by G]
 *        [--baseline N] [--as-of DATE] [--lang en] [--generated TEXT]
 *        [--fingerprint TEXT] [--term-text BYTES]
 *
 * FIXTURE is tab-separated, one item a line:
 *	date niches sectors source kind story score title link text
 * (kind: news|publication; dates RFC 3339 or YYYY-MM-DD; an optional 11th
 * field is the first-seen date, a 12th the source's coverage start), and
 * definition lines:
 *	#niche ID LABEL_FR LABEL_EN
 *	#sector ID LABEL
 *	#watch NAME LABEL PATTERN|PATTERN...
 * Other lines starting with # are comments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../report/report.h"
#include "../../util/alloc.h"
#include "../../util/str.h"
#include "../../util/vtime.h"

#define MAXF 12

static int split(char *line, char **f)
{
	int n = 0;
	char *s = line, *t;

	while (n < MAXF) {
		f[n++] = s;
		t = strchr(s, '\t');
		if (!t)
			break;
		*t = '\0';
		s = t + 1;
	}
	return n;
}

static int write_file(const char *dir, const char *name, const char *s,
		      size_t n)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "wb");
	if (!fp || fwrite(s, 1, n, fp) != n || fclose(fp) != 0) {
		fprintf(stderr, "reporttool: cannot write '%s'\n", path);
		return -1;
	}
	return 0;
}

static int parse_date(const char *s, int64_t *t)
{
	if (vtime_parse_rfc3339(s, t) < 0) {
		fprintf(stderr, "reporttool: bad date '%s'\n", s);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct report_niche_def nd[REPORT_NICHES_MAX];
	static struct report_sector_def sd[REPORT_NICHES_MAX];
	static struct report_watch_def wd[32];
	static const char *pats[32][16];
	struct report_params p;
	struct report_row *rows = NULL;
	size_t nrows = 0, cap = 0, nn = 0, ns = 0, nw = 0;
	char *data, *line, *save = NULL;
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct err e;
	struct report *r, *prev;
	struct report_params pp;
	FILE *fp;
	char tmp[65536];
	size_t got;
	int i, rc = 0;
	static const char *const names[] = { "report.html", "report.md",
					     "report.csv", "report.json" };

	if (argc < 3) {
		fprintf(stderr, "usage: reporttool FIXTURE OUTDIR --from DATE "
				"--to DATE [options]\n");
		return 2;
	}
	report_params_init(&p);
	for (i = 3; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int64_t x;

		if (!v)
			return 2;
		i++;
		if (strcmp(o, "--from") == 0) {
			if (parse_date(v, &p.from) < 0)
				return 2;
		} else if (strcmp(o, "--to") == 0) {
			if (parse_date(v, &p.to) < 0)
				return 2;
		} else if (strcmp(o, "--as-of") == 0) {
			if (parse_date(v, &p.as_of) < 0)
				return 2;
		} else if (strcmp(o, "--by") == 0) {
			if (report_gran_parse(v, &p.by) < 0)
				return 2;
		} else if (strcmp(o, "--baseline") == 0) {
			if (str_to_i64(v, 1, 100, &x) < 0)
				return 2;
			p.baseline_periods = (int)x;
		} else if (strcmp(o, "--term-text") == 0) {
			if (str_to_i64(v, 0, 65536, &x) < 0)
				return 2;
			p.term_text_bytes = (int)x;
		} else if (strcmp(o, "--lang") == 0) {
			p.lang = strcmp(v, "en") == 0 ? REPORT_EN : REPORT_FR;
		} else if (strcmp(o, "--generated") == 0) {
			p.generated = v;
		} else if (strcmp(o, "--fingerprint") == 0) {
			p.rules_fingerprint = v;
		} else {
			fprintf(stderr, "reporttool: unknown option '%s'\n", o);
			return 2;
		}
	}
	fp = fopen(argv[1], "rb");
	if (!fp) {
		fprintf(stderr, "reporttool: cannot open '%s'\n", argv[1]);
		return 2;
	}
	/* Benchmark histories are large: up to 1 GiB. */
	buf_init(&in, (size_t)1 << 30);
	while ((got = fread(tmp, 1, sizeof tmp, fp)) > 0)
		if (buf_add(&in, tmp, got) < 0) {
			fprintf(stderr, "reporttool: '%s' too large\n", argv[1]);
			return 3;
		}
	fclose(fp);
	data = buf_detach(&in, NULL);
	if (!data)
		return 3;
	for (line = strtok_r(data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[MAXF];
		int n = split(line, f);

		if (strcmp(f[0], "#niche") == 0 && n >= 3 &&
		    nn < REPORT_NICHES_MAX) {
			nd[nn].id = f[1];
			nd[nn].label_fr = f[2];
			nd[nn].label_en = n >= 4 ? f[3] : NULL;
			nn++;
		} else if (strcmp(f[0], "#sector") == 0 && n >= 3 &&
			   ns < REPORT_NICHES_MAX) {
			sd[ns].id = f[1];
			sd[ns].label = f[2];
			ns++;
		} else if (strcmp(f[0], "#watch") == 0 && n >= 4 && nw < 32) {
			char *s = f[3], *bar;
			size_t k = 0;

			while (s && k < 16) {
				bar = strchr(s, '|');
				if (bar)
					*bar = '\0';
				pats[nw][k++] = s;
				s = bar ? bar + 1 : NULL;
			}
			wd[nw].name = f[1];
			wd[nw].label = f[2];
			wd[nw].patterns = pats[nw];
			wd[nw].npatterns = k;
			nw++;
		} else if (f[0][0] == '#' || n < 10) {
			continue;
		} else {
			struct report_row *row;

			if (nrows == cap) {
				struct report_row *nr;

				cap = cap ? cap * 2 : 1024;
				nr = v_reallocarray(rows, cap, sizeof *nr);
				if (!nr)
					return 3;
				rows = nr;
			}
			row = &rows[nrows++];
			memset(row, 0, sizeof *row);
			if (parse_date(f[0], &row->date) < 0)
				return 2;
			if (n >= 11 && *f[10] && parse_date(f[10], &row->seen) < 0)
				return 2;
			if (n >= 12 && *f[11] &&
			    parse_date(f[11], &row->covered) < 0)
				return 2;
			row->niches = f[1];
			row->sectors = f[2];
			row->source = f[3];
			row->kind = strcmp(f[4], "publication") == 0
					    ? REPORT_PUBLICATION : REPORT_NEWS;
			row->story = strtoll(f[5], NULL, 10);
			row->score = strtod(f[6], NULL);
			row->title = f[7];
			row->link = f[8];
			row->text = f[9];
		}
	}
	/* the previous report, as veille report builds it */
	pp = p;
	pp.from = report_previous_from(&p);
	pp.to = p.from;
	pp.rules_fingerprint = NULL;
	prev = report_build(&pp, nd, nn, sd, ns, wd, nw, rows, nrows, &e);
	p.previous = prev;
	r = prev ? report_build(&p, nd, nn, sd, ns, wd, nw, rows, nrows, &e)
		 : NULL;
	report_free(prev);
	if (!r) {
		fprintf(stderr, "reporttool: %s\n", e.msg);
		return 3;
	}
	for (i = 0; i < 4 && rc == 0; i++) {
		buf_reset(&out);
		if (report_write(r, (enum report_format)i, &out, &e) < 0) {
			fprintf(stderr, "reporttool: %s\n", e.msg);
			rc = 3;
		} else if (write_file(argv[2], names[i], buf_cstr(&out),
				      out.len) < 0) {
			rc = 3;
		}
		if (i == 0 && rc == 0) {
			/* Each chart alone, for per-chart screenshots. */
			const char *s = buf_cstr(&out), *st, *en;
			int k = 0;

			while ((st = strstr(s, "<svg xmlns=\"http://www.w3.org/"
					       "2000/svg\" class=\"chart")) &&
			       (en = strstr(st, "</svg>"))) {
				char name[32];

				en += 6;
				snprintf(name, sizeof name, "chart-%d.svg", ++k);
				if (write_file(argv[2], name, st,
					       (size_t)(en - st)) < 0)
					rc = 3;
				s = en;
			}
		}
	}
	report_free(r);
	buf_release(&out);
	v_free(rows);
	v_free(data);
	return rc;
}
