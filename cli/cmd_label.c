/* veille label: an analyst's corrections of the niches of an item, and the
 * corrections turned into labelled data (--list, --export). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../classify/classify.h"
#include "../util/alloc.h"
#include "../util/jsonw.h"
#include "../util/str.h"
#include "../util/vtime.h"
#include "index_cli.h"

#define LABEL_NOTE_MAX 1000

static const struct opt label_opts[] = {
	{ "note", 0, "TEXT", "why, kept with the correction" },
	{ "list", 0, NULL, "list the corrections" },
	{ "export", 0, NULL, "write the corrected items as a rules eval TSV file" },
	{ "format", 0, "FMT", "--list: text (default), tsv or json" },
	{ NULL, 0, NULL, NULL },
};

enum { O_NOTE, O_LIST, O_EXPORT, O_FORMAT };

enum label_fmt { FMT_TEXT, FMT_TSV, FMT_JSON };

struct correction {
	const char *niche;
	int verdict;
};

/* The niche ids of the classifier, for checking names and filtering. */
static int is_niche(const struct classifier *cl, const char *id)
{
	size_t i;

	for (i = 0; i < classify_ngroups(cl); i++)
		if (classify_group_kind(cl, i) == CLASSIFY_NICHE &&
		    !strcmp(classify_group_id(cl, i), id))
			return 1;
	return 0;
}

struct export {
	const struct classifier *cl;
	FILE *out;
	struct buf b;
	int64_t last;
	size_t rows;
};

static int on_export(void *ctx, const struct store_label_row *r)
{
	struct export *x = ctx;
	const char *p = r->niches;
	const char *sep = "";

	if (r->item_id == x->last)
		return 0;
	x->last = r->item_id;
	buf_reset(&x->b);
	buf_addf(&x->b, "%lld\t", (long long)r->item_id);
	idx_tsv_field(&x->b, r->feed);
	buf_addch(&x->b, '\t');
	idx_tsv_field(&x->b, r->language);
	buf_addch(&x->b, '\t');
	/* niches the taxonomy no longer has would be refused by rules eval */
	while (*p) {
		size_t n = strcspn(p, ",");
		char one[256];

		str_copy(one, p, n + 1 < sizeof one ? n + 1 : sizeof one);
		if (is_niche(x->cl, one)) {
			buf_addf(&x->b, "%s%s", sep, one);
			sep = ",";
		}
		p += n + (p[n] == ',');
	}
	buf_addch(&x->b, '\t');
	idx_tsv_field(&x->b, r->title);
	buf_addch(&x->b, '\t');
	idx_tsv_field(&x->b, r->summary);
	buf_addch(&x->b, '\n');
	if (buf_error(&x->b))
		return -1;
	fwrite(x->b.data, 1, x->b.len, x->out);
	x->rows++;
	return 0;
}

int idx_labels_export(struct store *st, const struct classifier *cl,
		      FILE *out, size_t *rows, struct err *e)
{
	struct export x;
	int rc;

	memset(&x, 0, sizeof x);
	x.cl = cl;
	x.out = out;
	buf_init(&x.b, (size_t)4 << 20);
	fputs("id\tsource\tlang\tlabels\ttitle\tsummary\n", out);
	rc = store_labels(st, 0, on_export, &x, e);
	if (rc > 0)
		rc = err_set(e, "out of memory");
	buf_release(&x.b);
	if (rows)
		*rows = x.rows;
	return rc;
}

struct list {
	enum label_fmt fmt;
	struct buf b;
	size_t n;
};

static int on_list(void *ctx, const struct store_label_row *r)
{
	struct list *l = ctx;
	char when[32];

	vtime_rfc3339(r->at, when, sizeof when);
	buf_reset(&l->b);
	if (l->fmt == FMT_JSON) {
		struct jsonw w;

		jsonw_init(&w, &l->b);
		jsonw_obj(&w);
		jsonw_kint(&w, "id", r->item_id);
		jsonw_kstr(&w, "niche", r->niche);
		jsonw_kint(&w, "verdict", r->verdict);
		jsonw_kstr(&w, "who", r->who);
		jsonw_kstr(&w, "at", when);
		jsonw_kstr(&w, "note", r->note);
		jsonw_kstr(&w, "title", r->title);
		jsonw_kstr(&w, "niches", r->niches);
		jsonw_end(&w);
		buf_addch(&l->b, '\n');
	} else if (l->fmt == FMT_TSV) {
		if (!l->n)
			fputs("id\tniche\tverdict\twho\tat\tnote\ttitle\n", stdout);
		buf_addf(&l->b, "%lld\t%s\t%c\t", (long long)r->item_id,
			 r->niche, r->verdict > 0 ? '+' : '-');
		idx_tsv_field(&l->b, r->who);
		buf_addf(&l->b, "\t%s\t", when);
		idx_tsv_field(&l->b, r->note);
		buf_addch(&l->b, '\t');
		idx_tsv_field(&l->b, r->title);
		buf_addch(&l->b, '\n');
	} else {
		buf_addf(&l->b, "#%lld ", (long long)r->item_id);
		idx_label_text(&l->b, r);
		buf_addstr(&l->b, "\n    ");
		idx_clean(&l->b, r->title ? r->title : "(no title)", 0);
		buf_addch(&l->b, '\n');
	}
	l->n++;
	if (buf_error(&l->b))
		return -1;
	fwrite(l->b.data, 1, l->b.len, stdout);
	return 0;
}

/* A niche correction among the arguments: "+NICHE", or "-NICHE" with at
 * least two characters after the dash that are not only the global flags
 * -v and -q (so "-vv" stays an option). */
static int correction_arg(const char *a, struct correction *c)
{
	if (a[0] == '+' && a[1]) {
		c->niche = a + 1;
		c->verdict = 1;
		return 1;
	}
	if (a[0] != '-' || a[1] == '-' || !a[1] || !a[2] ||
	    !a[strspn(a + 1, "vq") + 1])
		return 0;
	c->niche = a + 1;
	c->verdict = -1;
	return 1;
}

/* Takes the corrections out of argv (into c, n) and leaves the options and
 * the other operands in opts (nopts), in order. */
static void split_args(int argc, char **argv, char **opts, int *nopts,
		       struct correction *c, size_t *n)
{
	int i, takes = 0;

	*nopts = 0;
	*n = 0;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!takes && correction_arg(a, &c[*n])) {
			(*n)++;
			continue;
		}
		opts[(*nopts)++] = argv[i];
		/* the value of an option that takes one is never a niche */
		takes = !takes && (!strcmp(a, "--note") || !strcmp(a, "--format") ||
				   !strcmp(a, "--config") || !strcmp(a, "--db") ||
				   !strcmp(a, "-c") || !strcmp(a, "-d"));
	}
}

static int record(struct cli *cli, int64_t id,
		  const struct correction *c, size_t n, const char *note)
{
	struct store *db = NULL;
	struct list l = { FMT_TEXT, BUF_INIT, 0 };
	struct err e = { "" };
	const char *who = idx_who();
	int64_t now = vtime_now();
	size_t i;
	int rc;

	rc = idx_open(cli, STORE_NOCREATE, &db);
	if (rc != VEILLE_OK)
		return rc;
	if (store_begin(db, &e) < 0)
		goto fail;
	for (i = 0; i < n; i++) {
		int r = store_label(db, id, c[i].niche, c[i].verdict, who, now,
				    note, &e);

		if (r < 0)
			goto fail;
		if (r == 0) {
			store_rollback(db, NULL);
			store_close(db);
			fprintf(stderr, "veille label: no item #%lld\n",
				(long long)id);
			return VEILLE_USAGE;
		}
	}
	if (store_commit(db, &e) < 0)
		goto fail;
	buf_init(&l.b, (size_t)1 << 20);
	if (store_labels(db, id, on_list, &l, &e) != 0) {
		buf_release(&l.b);
		goto fail;
	}
	buf_release(&l.b);
	store_close(db);
	return cli_finish_stdout(VEILLE_OK);
fail:
	fprintf(stderr, "veille label: %s\n", e.msg[0] ? e.msg : "out of memory");
	store_rollback(db, NULL);
	store_close(db);
	return VEILLE_FATAL;
}

static int check_niches(struct cli *cli, const struct classifier *cl,
			const struct correction *c, size_t n)
{
	const char *names[256];
	size_t i, j, k = 0;

	for (i = 0; i < classify_ngroups(cl) && k < 255; i++)
		if (classify_group_kind(cl, i) == CLASSIFY_NICHE)
			names[k++] = classify_group_id(cl, i);
	names[k] = NULL;
	for (i = 0; i < n; i++) {
		if (!is_niche(cl, c[i].niche)) {
			const char *hint = str_suggest(c[i].niche, names);

			if (hint)
				return cli_usage_error(cli, "unknown niche '%s' "
						       "(did you mean '%s'?)",
						       c[i].niche, hint);
			return cli_usage_error(cli, "unknown niche '%s'",
					       c[i].niche);
		}
		for (j = 0; j < i; j++)
			if (!strcmp(c[i].niche, c[j].niche))
				return cli_usage_error(cli, "niche '%s' is "
						       "corrected twice",
						       c[i].niche);
	}
	return VEILLE_OK;
}

static int label_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct classifier *cl = NULL;
	struct correction *c = v_calloc((size_t)argc + 1, sizeof *c);
	char **args = v_calloc((size_t)argc + 1, sizeof *args);
	const char *arg, *note = NULL, *format = NULL;
	int o, rc, nargs, list = 0, export = 0;
	enum label_fmt fmt = FMT_TEXT;
	size_t n = 0;
	int64_t id = 0;
	struct err e = { "" };

	if (!c || !args) {
		v_free(c);
		v_free(args);
		fprintf(stderr, "veille label: out of memory\n");
		return VEILLE_FATAL;
	}
	split_args(argc, argv, args, &nargs, c, &n);
	opt_init(&st, cli, nargs, args);
	while ((o = opt_next(&st, &arg)) >= 0) {
		switch (o) {
		case O_NOTE: note = arg; break;
		case O_LIST: list = 1; break;
		case O_EXPORT: export = 1; break;
		case O_FORMAT: format = arg; break;
		}
	}
	if (o != OPT_END) {
		rc = opt_exit(o);
		goto out;
	}
	if (format && !strcmp(format, "tsv"))
		fmt = FMT_TSV;
	else if (format && !strcmp(format, "json"))
		fmt = FMT_JSON;
	else if (format && strcmp(format, "text")) {
		rc = cli_usage_error(cli, "--format '%s': use text, tsv or json",
				     format);
		goto out;
	}
	if (list + export > 1 || ((list || export) && (st.nargs || n || note))) {
		rc = cli_usage_error(cli, "--list and --export take no item, "
				     "correction or note, and not each other");
		goto out;
	}
	if (format && !list) {
		rc = cli_usage_error(cli, "--format is for --list");
		goto out;
	}
	if (note && strlen(note) > LABEL_NOTE_MAX) {
		rc = cli_usage_error(cli, "--note is longer than %d bytes",
				     LABEL_NOTE_MAX);
		goto out;
	}
	if (!list && !export) {
		if (st.nargs < 1 ||
		    str_to_i64(st.args[0][0] == '#' ? st.args[0] + 1 : st.args[0],
			       1, INT64_MAX, &id) < 0) {
			rc = cli_usage_error(cli, "an item number is needed (as "
					     "'veille search' prints it)");
			goto out;
		}
		if (st.nargs > 1) {
			rc = cli_usage_error(cli, "'%s' is not a correction "
					     "(+NICHE or -NICHE)", st.args[1]);
			goto out;
		}
		if (!n) {
			rc = cli_usage_error(cli, "no correction: give +NICHE "
					     "or -NICHE");
			goto out;
		}
	}
	rc = cli_load_rules(cli, &cl);
	if (rc != VEILLE_OK)
		goto out;
	if (list || export) {
		struct store *db = NULL;
		struct list l = { fmt, BUF_INIT, 0 };

		rc = idx_open(cli, STORE_READONLY, &db);
		if (rc != VEILLE_OK)
			goto out;
		buf_init(&l.b, (size_t)4 << 20);
		o = export ? idx_labels_export(db, cl, stdout, NULL, &e) :
		    store_labels(db, 0, on_list, &l, &e);
		if (o != 0) {
			fprintf(stderr, "veille label: %s\n",
				o < 0 && e.msg[0] ? e.msg : "out of memory");
			rc = VEILLE_FATAL;
		} else {
			rc = cli_finish_stdout(VEILLE_OK);
		}
		buf_release(&l.b);
		store_close(db);
		goto out;
	}
	rc = check_niches(cli, cl, c, n);
	if (rc == VEILLE_OK)
		rc = record(cli, id, c, n, note);
out:
	classify_free(cl);
	opt_release(&st);
	v_free(c);
	v_free(args);
	return rc;
}

const struct command cmd_label = {
	"label", "ID +NICHE|-NICHE... | --list | --export",
	"correct the niches of an item",
	"Records an analyst's correction of item ID (as 'veille search' prints "
	"it): +NICHE puts the item in NICHE, -NICHE takes it out, whatever the "
	"rules say. Corrections win over the rules everywhere the niches are "
	"used (search --niche, digests, reports, show) and are kept when the "
	"item is classified again ('veille classify', or a changed item at the "
	"next fetch); 'veille explain' shows them beside the rules' own "
	"verdict. A niche added by a correction ranks with the item's best "
	"niche score (at least 1). A new correction of the same item and niche "
	"replaces the old one. Who corrected comes from $VEILLE_USER, else "
	"$USER or $LOGNAME; when, from the clock ($VEILLE_NOW); --note TEXT "
	"says why. The item and its corrections are kept by 'veille prune'. "
	"An unknown niche or item exits with status 2, nothing recorded. A "
	"word of two or more letters after a single dash is a niche to take "
	"out (write --config and --db in their long form before it).\n\n"
	"--list prints every correction: item, niche with + or -, who, when, "
	"note and title (--format tsv: one row each, with a header; json: one "
	"object per line). --export writes the corrected items in the "
	"labelled format of 'veille rules eval' (columns id, source, lang, "
	"labels, title, summary; labels is the item's whole niche set as "
	"stored, corrections applied, limited to the niches of the "
	"configuration); 'veille rules eval --from-db' measures the rules on "
	"the same rows directly.",
	label_opts, label_run,
};
