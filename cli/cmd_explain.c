/* veille explain: why a stored item is (or is not) in each niche and
 * sector, by the current rules, next to what the store holds. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../classify/classify.h"
#include "../util/alloc.h"
#include "../util/jsonw.h"
#include "../util/str.h"
#include "index_cli.h"

static const struct opt explain_opts[] = {
	{ "format", 0, "FMT", "text (default) or json" },
	{ NULL, 0, NULL, NULL },
};

/* Bytes of context shown on each side of a match, cut at a word. */
#define EXPLAIN_CONTEXT 60
/* Longest pattern shown in text (the JSON has it whole). */
#define EXPLAIN_PATTERN_MAX 70

struct stored {
	struct buf names;	/* "name score, ..." for text */
	struct jsonw *w;
};

struct explain {
	int json, tty;
	int found;
	int64_t id;
	char *field[3];		/* title, summary, content: owned copies */
	char *feed;
	int64_t date, claimed, first_seen;	/* as store_item has them */
	char date_source[16];
	struct buf b;
	struct jsonw w;
	struct err e;
};

static int on_item(void *ctx, const struct store_item *it)
{
	struct explain *x = ctx;

	x->found = 1;
	x->field[0] = it->title ? v_strdup(it->title) : NULL;
	x->field[1] = it->summary ? v_strdup(it->summary) : NULL;
	x->field[2] = it->content ? v_strdup(it->content) : NULL;
	x->feed = it->feed ? v_strdup(it->feed) : NULL;
	x->date = it->date;
	x->claimed = it->claimed_date;
	x->first_seen = it->first_seen;
	str_copy(x->date_source, it->date_source ? it->date_source : "none",
		 sizeof x->date_source);
	if ((it->title && !x->field[0]) || (it->summary && !x->field[1]) ||
	    (it->content && !x->field[2]) || (it->feed && !x->feed))
		return err_set(&x->e, "out of memory");
	return 0;
}

static int utf8_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* The context around [off, off + len) of s: start and end offsets, cut at
 * a space when one is near, never inside a UTF-8 sequence. */
static void context(const char *s, size_t off, size_t len, size_t *a, size_t *z)
{
	size_t n = strlen(s), i;

	if (off > n)
		off = n;
	if (off + len > n)
		len = n - off;
	*a = off > EXPLAIN_CONTEXT ? off - EXPLAIN_CONTEXT : 0;
	if (*a > 0) {
		for (i = *a; i < off && s[i] != ' '; i++)
			;
		if (i < off)
			*a = i + 1;
		while (*a < off && utf8_cont((unsigned char)s[*a]))
			(*a)++;
	}
	*z = off + len + EXPLAIN_CONTEXT < n ? off + len + EXPLAIN_CONTEXT : n;
	if (*z < n) {
		for (i = *z; i > off + len && s[i] != ' '; i--)
			;
		if (i > off + len)
			*z = i;
		while (*z > off + len && utf8_cont((unsigned char)s[*z]))
			(*z)--;
	}
}

static int add_clean(struct buf *b, const char *s, size_t n)
{
	char *t = v_strndup(s, n);
	int rc;

	if (!t) {
		buf_fail(b, BUF_ENOMEM);
		return -1;
	}
	rc = idx_clean(b, t, 0);
	v_free(t);
	return rc;
}

static const char *field_text(const struct explain *x, enum classify_field f)
{
	switch (f) {
	case CLASSIFY_TITLE: return x->field[0];
	case CLASSIFY_SUMMARY: return x->field[1];
	case CLASSIFY_CONTENT: return x->field[2];
	case CLASSIFY_ANY: break;
	}
	return NULL;
}

static void ev_text(struct explain *x, const struct classify_evidence *ev)
{
	struct buf *b = &x->b;
	const char *s = field_text(x, ev->field);
	size_t len = ev->text ? strlen(ev->text) : 0, a, z, plen;

	plen = strlen(ev->pattern);
	buf_addf(b, "  %s rule %zu /", ev->kind == CLASSIFY_EV_EXCLUDE ? "exclude" :
		 ev->kind == CLASSIFY_EV_LIMIT ? "limit" : "match", ev->rule);
	add_clean(b, ev->pattern, plen > EXPLAIN_PATTERN_MAX ? EXPLAIN_PATTERN_MAX : plen);
	buf_addstr(b, plen > EXPLAIN_PATTERN_MAX ? "\u2026/" : "/");
	if (ev->kind == CLASSIFY_EV_LIMIT) {
		buf_addf(b, " in %s: stopped by the match or depth limit\n",
			 classify_field_name(ev->field));
		return;
	}
	buf_addf(b, " in %s at %zu: \"", classify_field_name(ev->field), ev->offset);
	idx_clean(b, ev->text, 0);
	buf_addch(b, '"');
	if (ev->kind == CLASSIFY_EV_MATCH) {
		if (ev->points != ev->weight)
			buf_addf(b, " weight %d \u00d7%d = +%d", ev->weight,
				 ev->points / (ev->weight ? ev->weight : 1), ev->points);
		else
			buf_addf(b, " weight %d = +%d", ev->weight, ev->points);
	}
	buf_addch(b, '\n');
	if (!s || !len)
		return;
	context(s, ev->offset, len, &a, &z);
	buf_addstr(b, "      ");
	if (a > 0)
		buf_addstr(b, "\u2026");
	add_clean(b, s + a, ev->offset - a);
	/* our own escapes only: the feed's text went through idx_clean */
	buf_addstr(b, x->tty ? "\x1b[1m" : "[");
	add_clean(b, s + ev->offset, len);
	buf_addstr(b, x->tty ? "\x1b[22m" : "]");
	add_clean(b, s + ev->offset + len, z - ev->offset - len);
	if (z < strlen(s))
		buf_addstr(b, "\u2026");
	buf_addch(b, '\n');
}

static void ev_json(struct explain *x, const struct classify_evidence *ev)
{
	static const char *const kinds[] = { "match", "exclude", "limit" };
	struct jsonw *w = &x->w;
	const char *s = field_text(x, ev->field);
	size_t len = ev->text ? strlen(ev->text) : 0, a, z;

	jsonw_obj(w);
	jsonw_kstr(w, "kind", kinds[ev->kind]);
	jsonw_kint(w, "rule", (int64_t)ev->rule);
	jsonw_kstr(w, "pattern", ev->pattern);
	jsonw_kstr(w, "field", classify_field_name(ev->field));
	if (ev->kind != CLASSIFY_EV_LIMIT) {
		jsonw_kstr(w, "text", ev->text);
		jsonw_kint(w, "offset", (int64_t)ev->offset);
		if (s && len) {
			context(s, ev->offset, len, &a, &z);
			jsonw_key(w, "before");
			jsonw_strn(w, s + a, ev->offset - a);
			jsonw_key(w, "after");
			jsonw_strn(w, s + ev->offset + len, z - ev->offset - len);
		}
	}
	if (ev->kind == CLASSIFY_EV_MATCH) {
		jsonw_kint(w, "weight", ev->weight);
		jsonw_kint(w, "points", ev->points);
	}
	jsonw_end(w);
}

static const struct classify_group *find_group(const struct classify_result *r,
					       const char *id,
					       enum classify_kind kind)
{
	size_t i;

	for (i = 0; i < r->ngroups; i++)
		if (r->groups[i].kind == kind && !strcmp(r->groups[i].id, id))
			return &r->groups[i];
	return NULL;
}

/* Every group of kind: the ones with evidence in full, the others on one
 * line (text) or with an empty evidence list (json). */
static void groups(struct explain *x, const struct classifier *cl,
		   const struct classify_result *r, enum classify_kind kind)
{
	size_t i, j, nomatch = 0;
	const char *kname = classify_kind_name(kind);

	if (x->json) {
		jsonw_key(&x->w, kind == CLASSIFY_NICHE ? "niches" : "sectors");
		jsonw_arr(&x->w);
	}
	for (i = 0; i < classify_ngroups(cl); i++) {
		const char *id = classify_group_id(cl, i);
		const struct classify_group *g;

		if (classify_group_kind(cl, i) != kind)
			continue;
		g = find_group(r, id, kind);
		if (x->json) {
			jsonw_obj(&x->w);
			jsonw_kstr(&x->w, kname, id);
			jsonw_kstr(&x->w, "label", classify_group_label(cl, i, 0));
			jsonw_kint(&x->w, "score", g ? g->score : 0);
			jsonw_key(&x->w, "threshold");
			jsonw_double(&x->w, classify_group_threshold(cl, i));
			jsonw_key(&x->w, "in");
			jsonw_bool(&x->w, g && g->in);
			jsonw_key(&x->w, "evidence");
			jsonw_arr(&x->w);
			for (j = 0; g && j < g->nev; j++)
				ev_json(x, &g->ev[j]);
			jsonw_end(&x->w);
			jsonw_end(&x->w);
			continue;
		}
		if (!g) {
			nomatch++;
			continue;
		}
		buf_addf(&x->b, "%s %s: %s, score %d, threshold %g\n", kname, id,
			 g->in ? "IN" : "out", g->score, g->threshold);
		for (j = 0; j < g->nev; j++)
			ev_text(x, &g->ev[j]);
	}
	if (x->json) {
		jsonw_end(&x->w);
		return;
	}
	if (!nomatch)
		return;
	buf_addf(&x->b, "%ss without a match:", kname);
	for (i = 0; i < classify_ngroups(cl); i++)
		if (classify_group_kind(cl, i) == kind &&
		    !find_group(r, classify_group_id(cl, i), kind))
			buf_addf(&x->b, " %s", classify_group_id(cl, i));
	buf_addch(&x->b, '\n');
}

static int on_stored(void *ctx, const struct store_niche_score *ns)
{
	struct stored *s = ctx;

	if (s->w) {
		jsonw_obj(s->w);
		jsonw_kstr(s->w, "name", ns->niche);
		jsonw_key(s->w, "score");
		jsonw_double(s->w, ns->score);
		/* as veille show: the classifier's JSON, kept as a string */
		jsonw_kstr(s->w, "evidence", ns->evidence_json);
		jsonw_end(s->w);
		return 0;
	}
	if (s->names.len)
		buf_addstr(&s->names, ", ");
	idx_clean(&s->names, ns->niche, 0);
	buf_addf(&s->names, " %g", ns->score);
	return 0;
}

/* An analyst's correction, which wins over the rules shown below it. */
static int on_label(void *ctx, const struct store_label_row *r)
{
	struct explain *x = ctx;

	if (x->json) {
		idx_label_json(&x->w, r);
		return 0;
	}
	buf_addstr(&x->b, "  corrected ");
	idx_label_text(&x->b, r);
	buf_addch(&x->b, '\n');
	return 0;
}

/* The niches and sectors of the store, and the rules that decided them. */
static int stored(struct explain *x, struct store *db, const char *fp)
{
	struct buf sfp = BUF_INIT;
	struct stored s = { BUF_INIT, x->json ? &x->w : NULL };
	int have, i, rc = -1;

	have = store_item_rules(db, x->id, &sfp, &x->e);
	if (have < 0)
		goto out;
	if (x->json) {
		jsonw_key(&x->w, "stored");
		jsonw_obj(&x->w);
		jsonw_key(&x->w, "fingerprint");
		if (have)
			jsonw_str(&x->w, buf_cstr(&sfp));
		else
			jsonw_null(&x->w);
		jsonw_key(&x->w, "stale");
		jsonw_bool(&x->w, !have || strcmp(buf_cstr(&sfp), fp));
	} else if (!have) {
		buf_addstr(&x->b, "stored     never classified\n");
	} else {
		buf_addstr(&x->b, "stored     by rules ");
		idx_clean(&x->b, buf_cstr(&sfp), 0);
		buf_addstr(&x->b, strcmp(buf_cstr(&sfp), fp) ?
			   " (stale: run veille classify)\n" : " (current)\n");
	}
	for (i = 0; i < 2; i++) {
		if (x->json) {
			jsonw_key(&x->w, i ? "sectors" : "niches");
			jsonw_arr(&x->w);
		}
		buf_reset(&s.names);
		if ((i ? store_item_sectors : store_item_niches)(db, x->id, on_stored,
								   &s, &x->e) < 0)
			goto out;
		if (buf_error(&s.names))
			buf_fail(&x->b, buf_error(&s.names));
		if (x->json)
			jsonw_end(&x->w);
		else
			buf_addf(&x->b, "  %s %s\n", i ? "sectors" : "niches ",
				 s.names.len ? buf_cstr(&s.names) : "none");
	}
	if (x->json) {
		jsonw_key(&x->w, "corrections");
		jsonw_arr(&x->w);
	}
	if (store_labels(db, x->id, on_label, x, &x->e) != 0)
		goto out;
	if (x->json) {
		jsonw_end(&x->w);
		jsonw_end(&x->w);
	}
	rc = 0;
out:
	buf_release(&sfp);
	buf_release(&s.names);
	return rc;
}

static int explain_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct explain x;
	struct store *db = NULL;
	struct classifier *cl = NULL;
	struct classify_result res;
	struct classify_input in;
	const char *arg, *fp;
	int o, rc;
	size_t i;

	memset(&x, 0, sizeof x);
	memset(&res, 0, sizeof res);
	buf_init(&x.b, 64 << 20);
	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0) {
		if (!strcmp(arg, "json"))
			x.json = 1;
		else if (strcmp(arg, "text")) {
			rc = cli_usage_error(cli, "--format '%s': use text or json", arg);
			goto out;
		}
	}
	if (o != OPT_END) {
		rc = opt_exit(o);
		goto out;
	}
	if (st.nargs != 1 || str_to_i64(st.args[0][0] == '#' ? st.args[0] + 1
					: st.args[0], 1, INT64_MAX, &x.id) < 0) {
		rc = cli_usage_error(cli, "an item number is needed (as 'veille "
				     "search' prints it)");
		goto out;
	}
	rc = cli_load_rules(cli, &cl);
	if (rc != VEILLE_OK)
		goto out;
	fp = classify_fingerprint(cl);
	rc = idx_open(cli, STORE_READONLY, &db);
	if (rc != VEILLE_OK)
		goto out;
	o = store_get_item(db, x.id, on_item, &x, &x.e);
	if (o == 0) {
		fprintf(stderr, "veille explain: no item #%lld\n", (long long)x.id);
		rc = VEILLE_PARTIAL;
		goto out;
	}
	in.title = x.field[0];
	in.summary = x.field[1];
	in.content = x.field[2];
	if (o < 0 || classify_item(cl, &in, &res, &x.e) < 0)
		goto fail;
	x.tty = !x.json && isatty(STDOUT_FILENO);
	if (x.json) {
		jsonw_init(&x.w, &x.b);
		jsonw_obj(&x.w);
		jsonw_kint(&x.w, "id", x.id);
		jsonw_kstr(&x.w, "feed", x.feed);
		jsonw_kstr(&x.w, "title", x.field[0]);
		idx_item_date_json(&x.w, x.date, x.date_source, x.claimed,
				   x.first_seen);
		jsonw_kstr(&x.w, "fingerprint", fp);
	} else {
		buf_addf(&x.b, "item       #%lld ", (long long)x.id);
		idx_clean(&x.b, x.field[0] ? x.field[0] : "(no title)", 0);
		buf_addstr(&x.b, "\nfeed       ");
		idx_clean(&x.b, x.feed, 0);
		buf_addstr(&x.b, "\ndate       ");
		idx_item_date(&x.b, x.date, x.date_source, x.claimed);
		buf_addf(&x.b, "\nrules      %s (current)\n", fp);
	}
	if (stored(&x, db, fp) < 0)
		goto fail;
	if (!x.json)
		buf_addstr(&x.b, "by the current rules\n");
	groups(&x, cl, &res, CLASSIFY_NICHE);
	groups(&x, cl, &res, CLASSIFY_SECTOR);
	if (x.json) {
		jsonw_kint(&x.w, "limits", (int64_t)res.nlimits);
		jsonw_end(&x.w);
		buf_addch(&x.b, '\n');
		if (jsonw_error(&x.w)) {
			err_set(&x.e, "output too large or out of memory");
			goto fail;
		}
	}
	/* every append above is unchecked: one check for them all */
	if (buf_error(&x.b)) {
		err_set(&x.e, buf_error(&x.b) == BUF_ENOMEM ? "out of memory" :
			"output too large");
		goto fail;
	}
	fwrite(x.b.data, 1, x.b.len, stdout);
	rc = cli_finish_stdout(VEILLE_OK);
	goto out;
fail:
	fprintf(stderr, "veille explain: %s\n", x.e.msg);
	rc = VEILLE_FATAL;
out:
	classify_result_release(&res);
	for (i = 0; i < 3; i++)
		v_free(x.field[i]);
	v_free(x.feed);
	store_close(db);
	classify_free(cl);
	buf_release(&x.b);
	opt_release(&st);
	return rc;
}

const struct command cmd_explain = {
	"explain", "ID", "show why an item is in each niche and sector",
	"Runs the current rules on the stored text of item ID (as 'veille "
	"search' prints it) and prints, for each niche and sector that any rule "
	"matched, its score, its threshold and whether it holds the item, then "
	"each match rule that scored (field, matched text, offset in the field, "
	"weight, points; a match in the title counts twice) with the words "
	"around it, and each exclusion that fired. The groups no rule matched "
	"are listed on one line.\n\n"
	"It also shows what the database holds for the item: its niches and "
	"sectors and the fingerprint of the rules that computed them, marked "
	"stale when the rules changed since (run 'veille classify'), and the "
	"analysts' corrections ('veille label': niche, who, when, note), which "
	"win over the rules: the stored niches are the rules' verdict with the "
	"corrections applied. On a "
	"terminal the matched text is in bold; escape sequences in the feed's "
	"text are never passed through.",
	explain_opts, explain_run,
};
