/* veille stats: what the index holds. */
#include <stdio.h>
#include <string.h>

#include "../classify/classify.h"
#include "../util/jsonw.h"
#include "../util/str.h"
#include "index_cli.h"

static const struct opt stats_opts[] = {
	{ "weeks", 0, "N", "per-week counts for the last N weeks (default 8)" },
	{ "format", 0, "FMT", "text (default) or json" },
	{ NULL, 0, NULL, NULL },
};

struct weeks {
	int json;
	struct jsonw *w;
};

static int on_week(void *ctx, const char *week, int64_t n)
{
	struct weeks *wk = ctx;

	if (wk->json) {
		jsonw_obj(wk->w);
		jsonw_kstr(wk->w, "week", week);
		jsonw_kint(wk->w, "items", n);
		jsonw_end(wk->w);
	} else {
		printf("  %s  %lld\n", week, (long long)n);
	}
	return 0;
}

struct fps {
	int json;
	struct jsonw *w;
	const char *current;	/* NULL when the configuration has no rules */
	int64_t fresh, total;
};

static int on_fp(void *ctx, const char *fp, int64_t n)
{
	struct fps *f = ctx;
	int cur = f->current && fp && !strcmp(fp, f->current);

	f->total += n;
	if (cur)
		f->fresh = n;
	if (f->json) {
		jsonw_obj(f->w);
		jsonw_key(f->w, "fingerprint");
		if (fp)
			jsonw_str(f->w, fp);
		else
			jsonw_null(f->w);
		jsonw_kint(f->w, "items", n);
		jsonw_key(f->w, "current");
		jsonw_bool(f->w, cur);
		jsonw_end(f->w);
	} else {
		printf("  %-16s  %lld%s\n", fp ? fp : "(unclassified)", (long long)n,
		       cur ? "  (current rules)" : "");
	}
	return 0;
}

/* The rules of the configuration, when it loads: the stale count needs
 * them; stats without a configuration (or with a bad one) still works and
 * says the count is unknown. Running out of memory is not "unknown": -1
 * with e set, so that a partial answer is never printed as a whole one. */
static int current_rules(struct cli *cli, struct classifier **cl,
			 struct err *e)
{
	size_t nerrors;

	*cl = NULL;
	if (!cli->conf_loaded)
		cli_read_conf(cli, 0);
	if (cli->conf.nomem) {
		err_set(e, "out of memory reading '%s'", cli->config_path);
		return -1;
	}
	if (cli->conf.nerrors)
		return 0;
	nerrors = cli->conf.nerrors;
	*cl = classify_new(&cli->conf, e);
	/* bad rules are recorded in the configuration's errors; NULL
	 * without a new one is memory */
	if (!*cl && cli->conf.nerrors == nerrors) {
		if (!e->msg[0])
			err_set(e, "out of memory");
		return -1;
	}
	return 0;
}

static int stats_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct store *db = NULL;
	struct store_stats s;
	struct err e = { "" };
	struct buf b = BUF_INIT;
	struct jsonw w;
	struct weeks wk = { 0, &w };
	const char *arg;
	int64_t nweeks = 8;
	struct classifier *cl = NULL;
	struct fps fps = { 0, &w, NULL, 0, 0 };
	int o, rc;

	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0) {
		if (o == 0 && str_to_i64(arg, 1, 1000, &nweeks) < 0) {
			rc = cli_usage_error(cli, "--weeks '%s': not a number in 1..1000", arg);
			goto out;
		}
		if (o == 1) {
			if (!strcmp(arg, "json"))
				wk.json = 1;
			else if (strcmp(arg, "text")) {
				rc = cli_usage_error(cli, "--format '%s': use text or json", arg);
				goto out;
			}
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
	rc = idx_open(cli, STORE_READONLY, &db);
	if (rc != VEILLE_OK)
		goto out;
	if (store_stats(db, &s, &e) < 0) {
		fprintf(stderr, "veille stats: %s\n", e.msg);
		rc = VEILLE_FATAL;
		goto out;
	}
	if (wk.json) {
		jsonw_init(&w, &b);
		jsonw_obj(&w);
		jsonw_kint(&w, "items", s.items);
		jsonw_kint(&w, "stories", s.stories);
		jsonw_kint(&w, "feeds", s.feeds);
		jsonw_kint(&w, "niches", s.niches);
		jsonw_kint(&w, "members", s.members);
		jsonw_kint(&w, "digests", s.digests);
		jsonw_kint(&w, "db_bytes", s.db_bytes);
		jsonw_key(&w, "weeks");
		jsonw_arr(&w);
	} else {
		printf("items    %lld\nstories  %lld\nfeeds    %lld\nniches   %lld\n"
		       "members  %lld\ndigests  %lld\nsize     %lld bytes\n"
		       "items per week (first seen)\n",
		       (long long)s.items, (long long)s.stories, (long long)s.feeds,
		       (long long)s.niches, (long long)s.members,
		       (long long)s.digests, (long long)s.db_bytes);
	}
	if (store_week_counts(db, (int)nweeks, on_week, &wk, &e) < 0) {
		fprintf(stderr, "veille stats: %s\n", e.msg);
		rc = VEILLE_FATAL;
		goto out;
	}
	fps.json = wk.json;
	if (current_rules(cli, &cl, &e) < 0) {
		fprintf(stderr, "veille stats: %s\n", e.msg);
		rc = VEILLE_FATAL;
		goto out;
	}
	fps.current = cl ? classify_fingerprint(cl) : NULL;
	if (wk.json) {
		jsonw_end(&w);
		jsonw_key(&w, "rules");
		jsonw_arr(&w);
	} else {
		printf("items per rules fingerprint\n");
	}
	if (store_fingerprints(db, on_fp, &fps, &e) < 0) {
		fprintf(stderr, "veille stats: %s\n", e.msg);
		rc = VEILLE_FATAL;
		goto out;
	}
	if (wk.json) {
		jsonw_end(&w);
		jsonw_key(&w, "current_rules");
		if (fps.current)
			jsonw_str(&w, fps.current);
		else
			jsonw_null(&w);
		jsonw_key(&w, "stale");
		if (fps.current)
			jsonw_int(&w, fps.total - fps.fresh);
		else
			jsonw_null(&w);
		jsonw_end(&w);
		if (jsonw_error(&w) || buf_addch(&b, '\n') < 0) {
			fprintf(stderr, "veille stats: out of memory\n");
			rc = VEILLE_FATAL;
			goto out;
		}
		fwrite(b.data, 1, b.len, stdout);
	} else if (fps.current) {
		printf("stale    %lld items against the current rules %s\n",
		       (long long)(fps.total - fps.fresh), fps.current);
	} else {
		printf("stale    unknown (the configuration does not load)\n");
	}
	rc = cli_finish_stdout(VEILLE_OK);
out:
	opt_release(&st);
	store_close(db);
	classify_free(cl);
	buf_release(&b);
	return rc;
}

const struct command cmd_stats = {
	"stats", NULL, "summarise what the index holds",
	"Prints the numbers of items, stories (an article carried by several "
	"feeds counts once), feeds, niches, members and digests sent, the "
	"size of the database, and the items first seen in each of the last "
	"ISO weeks that saw any.\n\n"
	"It also counts the items per fingerprint of the rules that classified "
	"them, and the stale ones: those classified by other rules than the "
	"current configuration's (or never), which 'veille classify' "
	"recomputes.",
	stats_opts, stats_run,
};
