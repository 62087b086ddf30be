/* veille report: the trend report of a period, from the store. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../classify/classify.h"
#include "../report/report.h"
#include "../util/alloc.h"
#include "../util/log.h"
#include "../util/str.h"
#include "../util/tzone.h"
#include "../util/vtime.h"
#include "index_cli.h"
#include "report_rows.h"

#define MAX_FILTER 64
#define WATCH_MAX 64
#define WATCH_PATTERNS_MAX 32
/* Summary characters read per item when a watch list is configured:
 * mentions are looked for in the title and this lead. */
#define WATCH_TEXT_CHARS 1000

enum { O_FROM, O_TO, O_BY, O_NICHE, O_SECTOR, O_AS_OF, O_FORMAT, O_LANG,
       O_OUTPUT, O_REGION };

static const struct opt report_opts[] = {
	{ "from", 0, "DATE", "start of the period, included (2026-01-01, 2026-W01)" },
	{ "to", 0, "DATE", "end of the period, excluded (default: the last "
	  "complete quarter)" },
	{ "by", 0, "UNIT", "week (default), month or quarter: one column per unit" },
	{ "niche", 'n', "NAME", "only this niche (repeatable)" },
	{ "sector", 0, "NAME", "only items of this sector (repeatable: any of them)" },
	{ "as-of", 0, "DATE", "only what was known then (items first seen up to "
	  "DATE, a day included)" },
	{ "format", 0, "FMT", "html (default), md, csv or json" },
	{ "lang", 0, "LANG", "fr (default) or en: labels and text" },
	{ "output", 'o', "FILE", "write there (- for standard output); default "
	  "report-YYYY-Qn.html for HTML, standard output otherwise" },
	{ "region", 0, "NAME", "only items of this region (repeatable: any of "
	  "them)" },
	{ NULL, 0, NULL, NULL },
};


/* The watch list matches folded literal words; a [watch] rule is a regex
 * for `veille check`'s sake, so its plain alternatives are taken: the
 * options after the pattern dropped, split on '|', \b and grouping removed,
 * escapes unescaped and \s read as a space. */
static char *watch_literal(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (ch == '\\' && i + 1 < n) {
			ch = s[++i];
			if (ch == 'b' || ch == 'B')
				continue;
			if (ch == 's')
				ch = ' ';
		} else if (strchr("()^$?*+", ch)) {
			continue;
		}
		if (buf_addch(&b, ch) < 0) {
			buf_release(&b);
			return NULL;
		}
	}
	if (!b.len) {
		buf_release(&b);
		return v_strdup("");
	}
	return buf_detach(&b, NULL);
}

/* The pattern of a rule value without its trailing options. */
static size_t rule_pattern_len(const char *v)
{
	size_t n = strlen(v);

	for (;;) {
		size_t end = n, start;

		while (end && v[end - 1] == ' ')
			end--;
		start = end;
		while (start && v[start - 1] != ' ')
			start--;
		if (start == 0 || (strncmp(v + start, "weight=", 7) &&
				   strncmp(v + start, "field=", 6)))
			return end;
		n = start;
	}
}

struct watch_set {
	struct report_watch_def defs[WATCH_MAX];
	char *pats[WATCH_MAX][WATCH_PATTERNS_MAX];
	size_t n;
};

static void watch_release(struct watch_set *w)
{
	size_t i, k;

	for (i = 0; i < w->n; i++)
		for (k = 0; k < w->defs[i].npatterns; k++)
			v_free(w->pats[i][k]);
}

static int watch_load(const struct conf *cf, struct watch_set *w,
		      struct err *e)
{
	size_t i, k;

	for (i = 0; i < cf->nsections; i++) {
		const struct conf_section *s = &cf->sections[i];
		struct report_watch_def *d;

		if (strcmp(s->type, "watch"))
			continue;
		if (w->n == WATCH_MAX)
			return err_set(e, "more than %d [watch] sections",
				       WATCH_MAX);
		d = &w->defs[w->n++];
		d->name = s->name;
		d->label = conf_str(s, "label", s->name);
		d->patterns = (const char *const *)w->pats[w->n - 1];
		for (k = 0; k < s->nentries; k++) {
			const char *v = s->entries[k].value, *p, *q, *end;

			if (strcmp(s->entries[k].key, "match"))
				continue;
			end = v + rule_pattern_len(v);
			for (p = v; p < end; p = q + 1) {
				char *lit;

				q = memchr(p, '|', (size_t)(end - p));
				if (!q)
					q = end;
				if (d->npatterns == WATCH_PATTERNS_MAX)
					return err_set(e, "[watch %s]: more than %d "
						       "patterns", s->name,
						       WATCH_PATTERNS_MAX);
				lit = watch_literal(p, (size_t)(q - p));
				if (!lit)
					return err_set(e, "out of memory");
				if (!*lit) {
					v_free(lit);
					continue;
				}
				w->pats[w->n - 1][d->npatterns++] = lit;
			}
		}
	}
	return 0;
}

/* Checks each name against the sections of type; prints an error with a
 * suggestion and returns VEILLE_USAGE when one is unknown. */
static int check_names(struct cli *cli, const char *type,
		       const char *const *names, size_t n)
{
	const char *cand[256];
	size_t i, k, nc = 0;

	for (k = 0; k < cli->conf.nsections && nc < 255; k++)
		if (!strcmp(cli->conf.sections[k].type, type))
			cand[nc++] = cli->conf.sections[k].name;
	cand[nc] = NULL;
	for (i = 0; i < n; i++) {
		const char *hint;

		if (conf_find(&cli->conf, type, names[i]))
			continue;
		hint = str_suggest(names[i], cand);
		if (hint)
			return cli_usage_error(cli, "unknown %s '%s' (did you "
					       "mean '%s'?)", type, names[i], hint);
		return cli_usage_error(cli, "unknown %s '%s'", type, names[i]);
	}
	return VEILLE_OK;
}

static int write_out(const char *path, const struct buf *b, struct err *e)
{
	char tmp[4096];
	FILE *f;

	if (!strcmp(path, "-")) {
		fwrite(b->data ? b->data : "", 1, b->len, stdout);
		return 0;
	}
	/* Through a temporary file and a rename: a report cited in minutes is
	 * never left half-written. */
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
		return err_set(e, "output path '%s' too long", path);
	f = fopen(tmp, "wb");
	if (!f)
		return err_set(e, "cannot write '%s': %s", tmp, strerror(errno));
	if ((b->len && fwrite(b->data, 1, b->len, f) != b->len) ||
	    fclose(f) != 0) {
		err_set(e, "cannot write '%s': %s", tmp, strerror(errno));
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) < 0) {
		err_set(e, "cannot rename '%s': %s", tmp, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* report-2026-Q1.html for a calendar quarter, else
 * report-2026-01-01_2026-02-15.html. */
static void default_name(const struct report_params *p, const char *tz,
			 const char *ext, char *out, size_t n)
{
	int64_t qf, qt;
	int y = 0, mon = 1, d = 1, y2 = 0, mon2 = 1, d2 = 1;

	/* the zone was checked before the period was read */
	tzone_civil(tz, p->from, &y, &mon, &d, NULL, NULL, NULL);
	report_last_quarter(p->to, &qf, &qt);
	if (qf == p->from && qt == p->to) {
		snprintf(out, n, "report-%04d-Q%d.%s", y, (mon - 1) / 3 + 1, ext);
		return;
	}
	tzone_civil(tz, p->to, &y2, &mon2, &d2, NULL, NULL, NULL);
	snprintf(out, n, "report-%04d-%02d-%02d_%04d-%02d-%02d.%s", y, mon, d,
		 y2, mon2, d2, ext);
}

static int parse_date(struct cli *cli, const char *opt, const char *s,
		      int end, int64_t now, int64_t *t)
{
	if (idx_parse_when(s, end, now, tzone_of(&cli->conf), t) < 0)
		return cli_usage_error(cli, "--%s '%s': not a date (2026-01-01, "
				       "2026-W01, an RFC 3339 time or 90d)", opt, s);
	return VEILLE_OK;
}

static int report_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct report_params p;
	struct store *db = NULL;
	struct report *r = NULL, *prev = NULL;
	struct report_params pp;
	struct classifier *cl = NULL;
	struct report_niche_def nd[REPORT_NICHES_MAX];
	struct report_sector_def sd[REPORT_NICHES_MAX], rd[REPORT_NICHES_MAX];
	char *region_ids[REPORT_NICHES_MAX], *region_sel[MAX_FILTER + 1];
	const char *regions[MAX_FILTER + 1];
	size_t nregions = 0, nr = 0;
	static struct watch_set ws;
	const char *niches[MAX_FILTER + 1], *sectors[MAX_FILTER + 1];
	size_t nniches = 0, nsectors = 0, nn = 0, ns = 0, i, nerrors, nsel = 0;
	struct rows c;
	struct store_report_query q;
	struct buf out = BUF_INIT, fp = BUF_INIT;
	struct err e = { "" };
	const char *arg, *output = NULL, *from = NULL, *to = NULL, *as_of = NULL;
	enum report_format fmt = REPORT_HTML;
	int64_t now = vtime_now(), t;
	int has_from = 0, has_to = 0, o, rc = VEILLE_OK;
	char name[128];

	memset(&c, 0, sizeof c);
	memset(&ws, 0, sizeof ws);
	buf_init(&out, (size_t)1 << 30);
	report_params_init(&p);
	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0 && rc == VEILLE_OK) {
		switch (o) {
		case O_FROM:
			from = arg;
			break;
		case O_TO:
			to = arg;
			break;
		case O_BY:
			if (report_gran_parse(arg, &p.by) < 0)
				rc = cli_usage_error(cli, "--by '%s': use week, "
						     "month or quarter", arg);
			break;
		case O_NICHE:
		case O_SECTOR:
			if ((o == O_NICHE ? nniches : nsectors) == MAX_FILTER) {
				rc = cli_usage_error(cli, "more than %d --%s",
						     MAX_FILTER, report_opts[o].name);
				break;
			}
			if (o == O_NICHE)
				niches[nniches++] = arg;
			else
				sectors[nsectors++] = arg;
			break;
		case O_AS_OF:
			as_of = arg;
			break;
		case O_FORMAT:
			if (report_format_parse(arg, &fmt) < 0)
				rc = cli_usage_error(cli, "--format '%s': use html, "
						     "md, csv or json", arg);
			break;
		case O_LANG:
			if (!strcmp(arg, "fr"))
				p.lang = REPORT_FR;
			else if (!strcmp(arg, "en"))
				p.lang = REPORT_EN;
			else
				rc = cli_usage_error(cli, "--lang '%s': use fr or en",
						     arg);
			break;
		case O_OUTPUT:
			output = arg;
			break;
		case O_REGION:
			if (nregions == MAX_FILTER)
				rc = cli_usage_error(cli, "more than %d --region",
						     MAX_FILTER);
			else
				regions[nregions++] = arg;
			break;
		}
	}
	if (rc != VEILLE_OK)
		goto out;
	if (o != OPT_END) {
		rc = opt_exit(o);
		goto out;
	}
	if (st.nargs) {
		rc = cli_usage_error(cli, "unexpected argument '%s'", st.args[0]);
		goto out;
	}
	niches[nniches] = NULL;
	sectors[nsectors] = NULL;
	/* dates and periods are cut at the association's midnights */
	rc = cli_load_conf(cli);
	if (rc != VEILLE_OK)
		goto out;
	if (tzone_check(tzone_of(&cli->conf), &e) < 0) {
		rc = cli_usage_error(cli, "%s", e.msg);
		goto out;
	}
	report_zone(tzone_of(&cli->conf));
	has_from = from != NULL;
	has_to = to != NULL;
	if ((from && (rc = parse_date(cli, "from", from, 0, now, &p.from)) != VEILLE_OK) ||
	    (to && (rc = parse_date(cli, "to", to, 0, now, &p.to)) != VEILLE_OK) ||
	    (as_of && (rc = parse_date(cli, "as-of", as_of, 1, now, &p.as_of)) != VEILLE_OK))
		goto out;
	/* A day means the whole day: first seen before the next. */
	if (as_of && idx_parse_when(as_of, 0, now, tzone_of(&cli->conf), &t) == 0 &&
	    t != p.as_of)
		p.as_of--;
	if (!has_from && !has_to) {
		report_last_quarter(now, &p.from, &p.to);
	} else if (!has_to) {
		/* Up to the start of today: whole days only. */
		int64_t today;

		if (tzone_day(tzone_of(&cli->conf), now, &today, &e) < 0 ||
		    tzone_midnight(tzone_of(&cli->conf), today, &p.to, &e) < 0) {
			rc = cli_usage_error(cli, "%s", e.msg);
			goto out;
		}
	} else if (!has_from) {
		/* The quarter ending there, else the 91 days before. */
		report_last_quarter(p.to, &p.from, &t);
		if (t != p.to)
			p.from = p.to - 91 * 86400;
	}
	if (p.from >= p.to) {
		rc = cli_usage_error(cli, "empty period: --from must be before --to");
		goto out;
	}
	regions[nregions] = NULL;
	rc = check_names(cli, "niche", niches, nniches);
	if (rc == VEILLE_OK)
		rc = check_names(cli, "sector", sectors, nsectors);
	if (rc == VEILLE_OK)
		rc = check_names(cli, "region", regions, nregions);
	if (rc != VEILLE_OK)
		goto out;
	for (i = 0; i < cli->conf.nsections; i++) {
		const struct conf_section *s = &cli->conf.sections[i];

		if (!strcmp(s->type, "niche") &&
		    (!nniches || rows_list_has(s->name, niches))) {
			if (nn == REPORT_NICHES_MAX) {
				fprintf(stderr, "veille report: more than %d niches\n",
					REPORT_NICHES_MAX);
				rc = VEILLE_USAGE;
				goto out;
			}
			nd[nn].id = s->name;
			nd[nn].label_fr = conf_str(s, "label", s->name);
			nd[nn].label_en = conf_str(s, "label_en", NULL);
			nn++;
		} else if (!strcmp(s->type, "region") &&
			   nr < REPORT_NICHES_MAX) {
			/* stored as the sector "region:NAME" (classify.h) */
			region_ids[nr] = v_malloc(strlen(s->name) + 8);
			if (!region_ids[nr]) {
				rc = VEILLE_FATAL;
				goto out;
			}
			memcpy(region_ids[nr], REPORT_REGION_PREFIX, 7);
			memcpy(region_ids[nr] + 7, s->name, strlen(s->name) + 1);
			rd[nr].id = region_ids[nr];
			rd[nr].label = p.lang == REPORT_EN
					       ? conf_str(s, "label_en",
							  conf_str(s, "label", s->name))
					       : conf_str(s, "label", s->name);
			nr++;
		} else if (!strcmp(s->type, "sector") &&
			   (!nsectors || rows_list_has(s->name, sectors)) &&
			   ns < REPORT_NICHES_MAX) {
			sd[ns].id = s->name;
			sd[ns].label = conf_str(s, "label", s->name);
			ns++;
		}
	}
	if (watch_load(&cli->conf, &ws, &e) < 0) {
		fprintf(stderr, "veille report: %s\n", e.msg);
		rc = VEILLE_USAGE;
		goto out;
	}
	rc = idx_open(cli, STORE_READONLY, &db);
	if (rc != VEILLE_OK)
		goto out;
	rc = VEILLE_FATAL;
	/* The whole history before the period is read: a first sighting is a
	 * term never seen before, however long ago. */
	q.from = INT64_MIN;
	q.to = p.to;
	q.as_of = p.as_of;
	q.text_chars = p.term_text_bytes > 0 ? p.term_text_bytes : 0;
	if (ws.n && q.text_chars < WATCH_TEXT_CHARS)
		q.text_chars = WATCH_TEXT_CHARS;
	c.niches = nniches ? niches : NULL;
	c.sectors = nsectors ? sectors : NULL;
	for (i = 0; i < nregions; i++) {
		region_sel[i] = v_malloc(strlen(regions[i]) + 8);
		if (!region_sel[i]) {
			fprintf(stderr, "veille report: out of memory\n");
			goto out;
		}
		nsel = i + 1;
		memcpy(region_sel[i], REPORT_REGION_PREFIX, 7);
		memcpy(region_sel[i] + 7, regions[i], strlen(regions[i]) + 1);
	}
	region_sel[nregions] = NULL;
	c.regions = nregions ? (const char *const *)region_sel : NULL;
	p.regions = rd;
	p.nregions = nr;
	if (rows_load(db, &q, &c, &e) < 0) {
		fprintf(stderr, "veille report: %s\n", e.msg);
		goto out;
	}
	q.from = p.from;
	if (store_report_fingerprints(db, &q, &fp, &e) < 0) {
		fprintf(stderr, "veille report: %s\n", e.msg);
		goto out;
	}
	/* The stored fingerprints say which rules classified these items;
	 * when today's rules differ, the reader is told (a reclassification
	 * would change the numbers). */
	nerrors = cli->conf.nerrors;
	cl = classify_new(&cli->conf, &e);
	/* bad rules are recorded in the configuration's errors and only
	 * lose the notice; NULL without a new one is memory, and a report
	 * without the notice would pass for one whose rules are current */
	if ((!cl && cli->conf.nerrors == nerrors) ||
	    (cl && (!fp.len || strcmp(buf_cstr(&fp), classify_fingerprint(cl))) &&
	     buf_addf(&fp, fp.len ? " (%s %s)" : "%s%s",
		      fp.len ? (p.lang == REPORT_EN ? "rules now:" : "règles "
				"actuelles :") : "",
		      classify_fingerprint(cl)) < 0)) {
		fprintf(stderr, "veille report: out of memory\n");
		goto out;
	}
	p.rules_fingerprint = fp.len ? buf_cstr(&fp) : NULL;
	/* The previous report, to say what changed since: the previous
	 * period's, built from the same rows (so as known at the same date,
	 * with the same rules), not a file kept from back then. */
	pp = p;
	pp.from = report_previous_from(&p);
	pp.to = p.from;
	pp.rules_fingerprint = NULL;
	prev = report_build(&pp, nd, nn, sd, ns, ws.defs, ws.n, c.rows, c.n,
			    &e);
	if (!prev) {
		fprintf(stderr, "veille report: %s\n", e.msg);
		goto out;
	}
	p.previous = prev;
	r = report_build(&p, nd, nn, sd, ns, ws.defs, ws.n, c.rows, c.n, &e);
	if (!r || report_write(r, fmt, &out, &e) < 0) {
		fprintf(stderr, "veille report: %s\n", e.msg);
		goto out;
	}
	if (!output && fmt == REPORT_HTML) {
		default_name(&p, tzone_of(&cli->conf), "html", name, sizeof name);
		output = name;
	}
	if (write_out(output ? output : "-", &out, &e) < 0) {
		fprintf(stderr, "veille report: %s\n", e.msg);
		goto out;
	}
	if (output && strcmp(output, "-"))
		log_info("report: %lld items in the period, written to %s",
			 (long long)r->total_items, output);
	rc = cli_finish_stdout(VEILLE_OK);
out:
	opt_release(&st);
	report_free(r);
	report_free(prev);
	for (i = 0; i < nr; i++)
		v_free(region_ids[i]);
	for (i = 0; i < nsel; i++)
		v_free(region_sel[i]);
	classify_free(cl);
	store_close(db);
	watch_release(&ws);
	rows_release(&c);
	buf_release(&out);
	buf_release(&fp);
	return rc;
}

const struct command cmd_report = {
	"report", NULL, "write the trend report of a period",
	"Builds the strategy committee's trend report from the index. It "
	"opens on a summary written from its numbers, every claim with its "
	"figure: the significant rises and falls, the niches without enough "
	"history, what is new, the most covered stories, the association's "
	"region, the organisations, and what changed since the previous "
	"report (the report of the previous period built from the same "
	"database with the same --as-of: niches whose rank moved by two "
	"places or more, terms emerging then and held by as many items now). "
	"Then: items "
	"and stories per niche and period, news and publications apart; each "
	"niche's growth against the previous period and against a baseline "
	"of the four periods before, with an exact Poisson test so that small "
	"counts are not shown as surges, and niches ranked by it; emerging "
	"terms (words and two-word phrases of titles, accent-folded, stop "
	"words removed) by Dunning's log-likelihood against the baseline, and "
	"first sightings (terms never seen before, now in several sources), "
	"singular and plural counted as one, shown with two example titles, "
	"without the words of the niches' and sectors' names nor the words "
	"held by more than 5 % of the items of the whole history (and by 50 "
	"or more); the [watch] list's mentions; organisations: the watch "
	"entries most mentioned and candidates for the list (a name written "
	"with a capital in titles of three sources or more, hardly ever in "
	"lower case), with their niches and trend; the regions ([region] "
	"sections) and the association's own (the first): volume, niches, "
	"top stories and the watch entries its items mention; niche by "
	"niche and niche by sector "
	"co-occurrence; top sources, source diversity and silent feeds; top "
	"stories; and a method section with the rules fingerprint.\n\n"
	"Days, ISO weeks, months and quarters, --from, --to and --as-of "
	"dates start at midnight in the [settings] timezone (default "
	"Africa/Casablanca), the zone that cuts the digests' weeks: a "
	"report's week and niche count the items a digest's week counts.\n\n"
	"The default period is the last complete quarter (as of now), with "
	"one column per week, written as HTML to report-YYYY-Qn.html (one "
	"self-contained file with inline SVG charts, printable to A4). "
	"Markdown, CSV (tidy: period,niche,metric,value) and JSON carry the "
	"same numbers and go to standard output unless -o is given. An item "
	"counts at its own date (see DATES AND COVERAGE); an undated one, or "
	"one whose date is a claim in the future, at its first sighting. A "
	"period ended by the report's end or by --as-of before its natural "
	"end is marked partial and left out of the growth tests. A niche "
	"whose previous period or baseline starts before the coverage of "
	"the sources of its items gets \"not enough history\" (\"historique "
	"insuffisant\") instead of a growth figure and a p-value.\n\n"
	"With --as-of, only items first seen up to that date count, so the "
	"same command on the same database gives the same bytes even after "
	"later fetches. --niche restricts the report to items of those "
	"niches; --sector to items of those sectors; --region to items of "
	"those regions. Watch entries match "
	"their patterns as accent-folded words in the title and the summary's "
	"first 1000 characters (regex syntax beyond alternatives and \\b is "
	"dropped).",
	report_opts, report_run,
};
