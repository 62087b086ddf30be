/* Unit tests of classify/'s literal prefilter: the conditions derived from
 * pattern shapes (tests/data/prefilter/conditions.tsv), the scanner's
 * boundary and offset rules, and differential runs that classify the same
 * texts with and without the prefilter and require identical results
 * (scores, decisions, evidence and limits, as JSON). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../classify/classify.h"
#include "../../classify/classify_int.h"
#include "../../parser/parser.h"
#include "../../util/alloc.h"
#include "../../util/conf.h"
#include "tap.h"

#define CONDITIONS "tests/data/prefilter/conditions.tsv"
#define LINE_MAX_ 65536

static void test_conditions(void)
{
	FILE *f = fopen(CONDITIONS, "r");
	char *line;
	int n = 0;

	if (!f) {
		tap_skip(CONDITIONS " not found (run from the top)",
			 "prefilter conditions");
		return;
	}
	line = malloc(LINE_MAX_);
	while (line && fgets(line, LINE_MAX_, f)) {
		struct buf b = BUF_INIT;
		char *tab;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		tab = strchr(line, '\t');
		if (!tab) {
			OK(0, "conditions line without a tab: %s", line);
			continue;
		}
		*tab = '\0';
		OK(classify_pf_describe(line, &b) == 0, "describe '%s'", line);
		STREQ(buf_cstr(&b), tab + 1, "condition of '%s'", line);
		buf_release(&b);
		n++;
	}
	free(line);
	fclose(f);
	OK(n >= 80, "%d pattern shapes checked", n);
}

/* A prefilter of the given patterns; conds[i] receives pattern i's. */
static struct classify_pf *pf_of(const char *const *pats, size_t n,
				 struct classify_pf_cond *conds)
{
	struct classify_pf *pf = classify_pf_new();
	size_t i;

	if (!pf)
		return NULL;
	for (i = 0; i < n; i++)
		if (classify_pf_add(pf, pats[i], strlen(pats[i]), &conds[i]) < 0)
			goto fail;
	if (classify_pf_build(pf) < 0)
		goto fail;
	return pf;
fail:
	classify_pf_free(pf);
	return NULL;
}

/* Offset of pattern i's first set in text, or -1 when unseen. */
static long first_pos(const struct classify_pf *pf,
		      const struct classify_pf_cond *c, const char *text)
{
	uint32_t pos[64];
	long r;

	if (classify_pf_nsets(pf) > 64 || !c->n)
		return -2;
	classify_pf_scan(pf, text, strlen(text), pos);
	r = pos[c->first] == CLASSIFY_PF_UNSEEN ? -1 : (long)pos[c->first];
	return r;
}

/* The automaton's size is the trie's: many strings sharing a long
 * beginning, whose lengths add up past CLASSIFY_PF_STATES_MAX, still get
 * a working prefilter (the larger taxonomy of issue 19 is like that). */
#define SIZE_N 2000
static void test_size(void)
{
	static char text[SIZE_N][64];
	static const char *pats[SIZE_N];
	static struct classify_pf_cond conds[SIZE_N];
	static uint32_t pos[SIZE_N];
	static const char prefix[] =
		"condition monitoring of rotating machinery, case ";
	struct classify_pf *pf;
	size_t i, total = 0;

	for (i = 0; i < SIZE_N; i++) {
		snprintf(text[i], sizeof text[i], "%s%04zu", prefix, i);
		pats[i] = text[i];
		total += strlen(text[i]);
	}
	OK(total > CLASSIFY_PF_STATES_MAX,
	   "%zu bytes of strings, over the %d states allowed", total,
	   CLASSIFY_PF_STATES_MAX);
	pf = pf_of(pats, SIZE_N, conds);
	OK(pf != NULL, "prefilter of %d strings sharing their beginning built",
	   SIZE_N);
	if (!pf)
		return;
	OK(classify_pf_nsets(pf) == SIZE_N, "one set per pattern");
	classify_pf_scan(pf, text[1234], strlen(text[1234]), pos);
	OK(pos[conds[1234].first] == 0, "the string in the text is seen");
	OK(pos[conds[1235].first] == CLASSIFY_PF_UNSEEN &&
	   pos[conds[0].first] == CLASSIFY_PF_UNSEEN,
	   "the others are not: the prefilter still tells them apart");
	classify_pf_free(pf);
}

static void test_scan(void)
{
	static const char *const pats[] = {
		"\\bai\\b", "abc|bcd", "xyzw|yz", "\\bpump",
		"(?s)^(?=.*?(\\bot\\b))(?=.*?(secur))",
	};
	static const struct {
		int pat;
		const char *text;
		long want;
		const char *why;
	} cases[] = {
		{ 0, "maintenance", -1, "ai inside a word is no \\bai\\b" },
		{ 0, "l'ai dit", 2, "ai after an apostrophe" },
		{ 0, "AI", 0, "upper case accepted" },
		{ 0, "xai", -1, "word character before" },
		{ 0, "ai_", -1, "underscore after is a word character" },
		{ 0, "ai1", -1, "digit after" },
		{ 0, "\xCE\xB1" "ai", 2, "non-ASCII letter before: kept (UCP)" },
		{ 0, "said ai", 5, "the standalone one" },
		{ 0, "zzz\xE2\x84\xAA", 0, "KELVIN SIGN: every set seen" },
		{ 0, "", -1, "empty text" },
		{ 1, "xabcd", 1, "smallest start of overlapping strings" },
		{ 2, "xyzw", 0, "a longer string ending later starts first" },
		{ 3, "pumps", 0, "no boundary needed after" },
		{ 3, "sump pump", 5, "boundary needed before" },
		{ 4, "ot security", 0, "first lookahead's set" },
	};
	struct classify_pf_cond conds[5];
	struct classify_pf *pf = pf_of(pats, 5, conds);
	size_t i;

	OK(pf != NULL, "prefilter built");
	if (!pf)
		return;
	OK(conds[0].n == 1 && conds[0].prefix, "\\bai\\b: one prefix set");
	OK(conds[4].n == 2 && !conds[4].prefix,
	   "co-occurrence rule: two sets, no prefix");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		long got = first_pos(pf, &conds[cases[i].pat], cases[i].text);

		OK(got == cases[i].want, "scan: %s (got %ld, want %ld)",
		   cases[i].why, got, cases[i].want);
	}
	classify_pf_free(pf);
}

/* ---- differential runs ---- */

struct pair {
	struct classifier *with, *without;
	struct conf conf;
};

static int pair_init(struct pair *p, const char *path, const char *text)
{
	struct err e;
	int rc;

	memset(p, 0, sizeof *p);
	conf_init(&p->conf);
	rc = path ? conf_load(&p->conf, path) :
		conf_load_string(&p->conf, "t.conf", text);
	if (rc < 0)
		return -1;
	unsetenv("VEILLE_CLASSIFY_PREFILTER");
	p->with = classify_new(&p->conf, &e);
	setenv("VEILLE_CLASSIFY_PREFILTER", "0", 1);
	p->without = classify_new(&p->conf, &e);
	unsetenv("VEILLE_CLASSIFY_PREFILTER");
	return p->with && p->without ? 0 : -1;
}

static void pair_release(struct pair *p)
{
	classify_free(p->with);
	classify_free(p->without);
	conf_release(&p->conf);
}

#define TALLY_MAX 128

struct diff {
	const char *what;
	size_t items, differ, matched;
	size_t in[TALLY_MAX];	/* items in each group, by group number */
	char first[512];
};

/* The whole result as text: every group with evidence, and the limits;
 * the groups holding the item counted in d when d is not NULL. */
static int result_text(const struct classifier *cl,
		       const struct classify_input *in, struct buf *out,
		       struct diff *d)
{
	struct classify_result r;
	struct jsonw w;
	struct err e;
	size_t i, k;
	int rc;

	buf_reset(out);
	rc = classify_item(cl, in, &r, &e);
	if (rc == 0) {
		jsonw_init(&w, out);
		jsonw_obj(&w);
		classify_result_jsonw(&r, &w, 1);
		jsonw_kint(&w, "limits", (int64_t)r.nlimits);
		jsonw_end(&w);
		rc = jsonw_error(&w);
		for (i = 0; d && i < r.ngroups; i++)
			for (k = 0; k < classify_ngroups(cl) && k < TALLY_MAX; k++)
				if (r.groups[i].in &&
				    !strcmp(classify_group_id(cl, k), r.groups[i].id))
					d->in[k]++;
	}
	classify_result_release(&r);
	return rc;
}

static void compare(const struct pair *p, struct diff *d, const char *title,
		    const char *summary, const char *content)
{
	struct classify_input in = { title, summary, content };
	struct buf a = BUF_INIT, b = BUF_INIT;
	int ra = result_text(p->with, &in, &a, d);
	int rb = result_text(p->without, &in, &b, NULL);

	d->items++;
	if (ra != rb || strcmp(buf_cstr(&a), buf_cstr(&b))) {
		if (!d->differ++)
			snprintf(d->first, sizeof d->first,
				 "title '%.80s': with %.160s / without %.160s",
				 title ? title : "", buf_cstr(&a), buf_cstr(&b));
	} else if (strstr(buf_cstr(&a), "\"in\":true")) {
		d->matched++;
	}
	buf_release(&a);
	buf_release(&b);
}

static void report(const struct diff *d)
{
	OK(d->items > 0 && d->differ == 0,
	   "%s: %zu items (%zu in a group) classified alike with and without "
	   "the prefilter%s%s", d->what, d->items, d->matched,
	   d->differ ? "; first difference: " : "", d->differ ? d->first : "");
}

/* Splits a line on tabs in place; returns the number of fields. */
static size_t split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	f[n++] = line;
	while (n < max && (line = strchr(line, '\t'))) {
		*line++ = '\0';
		f[n++] = line;
	}
	return n;
}

/* A TSV file of items: title and summary are the columns so named in the
 * header, or, with no header naming them, the 2nd and 3rd. */
static void diff_tsv(const struct pair *p, const char *path, struct diff *d)
{
	FILE *f = fopen(path, "r");
	char *line = malloc(1 << 20), *fld[32];
	size_t n, i, ct = 1, cs = 2, lineno = 0;

	if (!f || !line) {
		free(line);
		if (f)
			fclose(f);
		return;
	}
	while (fgets(line, 1 << 20, f)) {
		n = split_tabs(line, fld, 32);
		if (lineno++ == 0 && n > 1 && !strcmp(fld[0], "id")) {
			for (i = 0; i < n; i++) {
				if (!strcmp(fld[i], "title"))
					ct = i;
				else if (!strcmp(fld[i], "summary"))
					cs = i;
			}
			continue;
		}
		compare(p, d, ct < n ? fld[ct] : NULL, cs < n ? fld[cs] : NULL,
			NULL);
	}
	free(line);
	fclose(f);
}

static int corpus_item(void *ctx, const struct feed *meta,
		       struct feed_item *it, struct err *e)
{
	void **c = ctx;

	(void)meta;
	(void)e;
	compare(c[0], c[1], it->title, it->summary, it->content);
	return 0;
}

static void diff_file(const struct pair *p, const char *path, struct diff *d)
{
	FILE *f = fopen(path, "rb");
	struct feed_parser *fp;
	struct feed *meta = NULL;
	void *ctx[2] = { (void *)p, d };
	char chunk[65536];
	size_t n;
	struct err e;

	if (!f)
		return;
	fp = feed_parser_new(NULL, corpus_item, ctx);
	while (fp && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (feed_parser_push(fp, chunk, n, &e) < 0)
			break;
	if (fp && !ferror(f) && feed_parser_finish(fp, &meta, &e) == 0)
		feed_free(meta);
	feed_parser_free(fp);
	fclose(f);
}

/* Every file of the shared corpus, one folder deep. */
static void diff_corpus(const struct pair *p, const char *top, struct diff *d)
{
	DIR *dt = opendir(top), *ds;
	struct dirent *a, *b;
	char sub[4096], path[4096];
	struct stat st;

	if (!dt)
		return;
	while ((a = readdir(dt))) {
		if (a->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(sub, sizeof sub, "%s/%s", top,
				     a->d_name) >= sizeof sub)
			continue;
		if (stat(sub, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		if (!(ds = opendir(sub)))
			continue;
		while ((b = readdir(ds))) {
			if (b->d_name[0] == '.')
				continue;
			if ((size_t)snprintf(path, sizeof path, "%s/%s", sub,
					     b->d_name) >= sizeof path)
				continue;
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
				diff_file(p, path, d);
		}
		closedir(ds);
	}
	closedir(dt);
}

/* Deterministic text from the words of the patterns, glued with the
 * characters the prefilter treats specially: boundaries (_, digits,
 * apostrophes, hyphens), upper case, non-ASCII letters, the KELVIN SIGN,
 * U+017F, invalid bytes and line breaks. */
static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

struct vocab {
	char **w;
	size_t n, cap;
};

static void vocab_add_words(struct vocab *v, const char *pat)
{
	const char *s = pat;

	while (*s) {
		const char *t = s;
		char **g;

		while ((*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9') ||
		       *t == '\'' || *t == '-')
			t++;
		if (t - s >= 2) {
			if (v->n == v->cap) {
				v->cap = v->cap * 2 + 64;
				g = realloc(v->w, v->cap * sizeof *g);
				if (!g)
					return;
				v->w = g;
			}
			v->w[v->n++] = strndup(s, (size_t)(t - s));
		}
		s = *t ? t + 1 : t;
	}
}

static void gen_text(const struct vocab *v, struct buf *b, size_t words)
{
	static const char *const seps[] = {
		" ", " ", " ", " ", ", ", "-", "'", "_", "1", ". ", "\n",
		"\xC3\xA9", "\xC3\x89", "\xCE\xB1", "\xE2\x84\xAA", "\xC5\xBF",
		"\xC3", " (", ") ", "/", " de ", " des ", " les ", " and ",
		" of ", " the ",
	};
	size_t i, k;

	buf_reset(b);
	for (i = 0; i < words && v->n; i++) {
		const char *w = v->w[rnd((uint32_t)v->n)];
		size_t at = b->len;

		if (rnd(8) == 0)
			buf_addch(b, 'a' + (int)rnd(26));
		if (strchr(w, 'k') && rnd(3) == 0)	/* k as KELVIN SIGN */
			for (k = 0; w[k]; k++)
				if (w[k] == 'k')
					buf_addstr(b, "\xE2\x84\xAA");
				else
					buf_addch(b, w[k]);
		else
			buf_addstr(b, w);
		if (rnd(6) == 0)
			buf_addch(b, 's');
		if (rnd(10) == 0)	/* upper case, all or first letter */
			for (k = at; k < b->len; k++)
				if (b->data[k] >= 'a' && b->data[k] <= 'z' &&
				    (k == at || rnd(2)))
					b->data[k] = (char)(b->data[k] - 32);
		buf_addstr(b, seps[rnd(sizeof seps / sizeof seps[0])]);
	}
}

static void diff_generated(const struct pair *p, const struct vocab *v,
			   size_t count, struct diff *d)
{
	struct buf t = BUF_INIT, s = BUF_INIT, c = BUF_INIT;
	size_t i;

	for (i = 0; i < count; i++) {
		gen_text(v, &t, 1 + rnd(12));
		gen_text(v, &s, rnd(60));
		gen_text(v, &c, rnd(4) ? 0 : rnd(80));
		compare(p, d, buf_cstr(&t), i % 7 ? buf_cstr(&s) : NULL,
			c.len ? buf_cstr(&c) : NULL);
	}
	buf_release(&t);
	buf_release(&s);
	buf_release(&c);
}

static void vocab_free(struct vocab *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->w[i]);
	free(v->w);
}

static void vocab_of_conf(struct vocab *v, const struct conf *c)
{
	size_t i, j;

	for (i = 0; i < c->nsections; i++)
		for (j = 0; j < c->sections[i].nentries; j++)
			if (!strcmp(c->sections[i].entries[j].key, "match") ||
			    !strcmp(c->sections[i].entries[j].key, "exclude"))
				vocab_add_words(v, c->sections[i].entries[j].value);
}

/* The shipped rules on the labelled set, the classify test items, the
 * shared corpus and generated text; CLASSIFY_DIFF_TSV names one more TSV
 * file (the bench items, for instance). */
static void test_shipped(void)
{
	struct pair p;
	struct vocab v = { NULL, 0, 0 };
	const char *extra = getenv("CLASSIFY_DIFF_TSV");
	struct diff d;

	if (pair_init(&p, "feeds.conf", NULL) < 0) {
		tap_skip("feeds.conf does not load (run from the top)",
			 "shipped rules with and without the prefilter");
		pair_release(&p);
		return;
	}
	memset(&d, 0, sizeof d);
	d.what = "tests/data/rules-eval.tsv";
	diff_tsv(&p, "tests/data/rules-eval.tsv", &d);
	report(&d);
	memset(&d, 0, sizeof d);
	d.what = "tests/data/classify/items.tsv";
	diff_tsv(&p, "tests/data/classify/items.tsv", &d);
	report(&d);
	memset(&d, 0, sizeof d);
	d.what = "../shared/corpus";
	diff_corpus(&p, "../shared/corpus", &d);
	if (d.items)
		report(&d);
	else
		tap_skip("../shared/corpus absent", "corpus items with and "
			 "without the prefilter");
	memset(&d, 0, sizeof d);
	d.what = "generated text";
	vocab_of_conf(&v, &p.conf);
	diff_generated(&p, &v, 2000, &d);
	report(&d);
	if (extra) {
		memset(&d, 0, sizeof d);
		d.what = extra;
		diff_tsv(&p, extra, &d);
		report(&d);
	}
	vocab_free(&v);
	pair_release(&p);
}

/* Every pattern shape of the conditions file that PCRE2 compiles, as a
 * rule, on text made of those patterns' words. */
static void test_shapes(void)
{
	FILE *f = fopen(CONDITIONS, "r");
	struct buf conf = BUF_INIT, one = BUF_INIT;
	struct vocab v = { NULL, 0, 0 };
	char *line = malloc(LINE_MAX_), *shape[TALLY_MAX];
	struct pair p;
	struct diff d;
	struct buf cond = BUF_INIT;
	int n = 0, filtered = 0, k;

	if (!f || !line) {
		free(line);
		if (f)
			fclose(f);
		tap_skip(CONDITIONS " not found (run from the top)",
			 "pattern shapes with and without the prefilter");
		return;
	}
	while (fgets(line, LINE_MAX_, f)) {
		struct pair q;
		char *tab;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !(tab = strchr(line, '\t')))
			continue;
		*tab = '\0';
		buf_reset(&one);
		buf_addf(&one, "[niche p%d]\nmatch = %s\n", n, line);
		if (n < TALLY_MAX && pair_init(&q, NULL, buf_cstr(&one)) == 0) {
			shape[n] = strdup(line);
			buf_addstr(&conf, buf_cstr(&one));
			vocab_add_words(&v, line);
			n++;
		}
		pair_release(&q);
	}
	free(line);
	fclose(f);
	/* the words alone are too long to meet the short patterns */
	vocab_add_words(&v, "ab bc xa xy ai ia ot foo bar");
	OK(n >= 60, "%d pattern shapes compile as rules", n);
	if (pair_init(&p, NULL, buf_cstr(&conf)) == 0) {
		memset(&d, 0, sizeof d);
		d.what = "pattern shapes on generated text";
		diff_generated(&p, &v, 2000, &d);
		report(&d);
		/* the test means something only if rules with a condition
		 * both matched and missed */
		for (k = 0; k < n && k < TALLY_MAX; k++) {
			buf_reset(&cond);
			classify_pf_describe(shape[k], &cond);
			if (strcmp(buf_cstr(&cond), "*") && d.in[k] > 0 &&
			    d.in[k] < d.items)
				filtered++;
		}
		OK(filtered >= 35, "shapes: %d rules with a condition both "
		   "matched and missed", filtered);
	} else {
		OK(0, "the shapes compile together");
	}
	pair_release(&p);
	vocab_free(&v);
	buf_release(&conf);
	buf_release(&one);
	buf_release(&cond);
	for (k = 0; k < n && k < TALLY_MAX; k++)
		free(shape[k]);
}

int main(void)
{
	test_conditions();
	test_scan();
	test_size();
	test_shapes();
	test_shipped();
	return tap_done();
}
