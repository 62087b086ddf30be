/* veille stats: what the index holds. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "../classify/classify.h"
#include "../util/jsonw.h"
#include "../util/vtime.h"
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

struct groups {
	int json;
	struct jsonw *w;
};

static int on_group(void *ctx, const struct store_group_count *c)
{
	struct groups *g = ctx;

	if (g->json) {
		jsonw_obj(g->w);
		jsonw_kstr(g->w, "name", c->name);
		jsonw_kint(g->w, "week", c->week);
		jsonw_kint(g->w, "month", c->month);
		jsonw_kint(g->w, "all", c->all);
		jsonw_end(g->w);
	} else {
		/* names come from feeds: no control sequence reaches the
		 * terminal */
		struct buf n = BUF_INIT;
		int rc = idx_clean(&n, *c->name ? c->name : "(unknown)", 0);

		if (rc == 0)
			printf("  %-28s %7lld %7lld %9lld\n", buf_cstr(&n),
			       (long long)c->week, (long long)c->month,
			       (long long)c->all);
		buf_release(&n);
		return rc < 0 ? -1 : 0;
	}
	return 0;
}

/* Items per niche, sector and feed: last week, last month, all time. */
static int group_counts(struct store *db, int json, struct jsonw *w,
			struct err *e)
{
	static const struct {
		enum store_name_kind kind;
		const char *key, *title;
	} kinds[] = {
		{ STORE_NAME_NICHE, "by_niche", "niche" },
		{ STORE_NAME_SECTOR, "by_sector", "sector" },
		{ STORE_NAME_FEED, "by_feed", "feed" },
	};
	struct groups g = { json, w };
	int64_t now = vtime_now();
	size_t k;

	for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		if (json) {
			jsonw_key(w, kinds[k].key);
			jsonw_arr(w);
		} else {
			printf("items by %-22s %7s %7s %9s\n", kinds[k].title,
			       "7 days", "30 days", "all");
		}
		if (store_group_counts(db, kinds[k].kind, now, on_group, &g, e) < 0)
			return -1;
		if (json)
			jsonw_end(w);
	}
	return 0;
}

/* The rules of the configuration: the stale count needs them. Stats works
 * without a configuration when none was named and the default file does
 * not exist (an analyst's copy of the database), and says the count is
 * unknown; a configuration that exists or was named but does not load is
 * an error, as for every command that reads it. Returns an exit status. */
static int current_rules(struct cli *cli, struct classifier **cl,
			 struct err *e)
{
	struct stat sb;
	int rc;

	*cl = NULL;
	if (!cli->config_given && stat(cli->config_path, &sb) < 0 &&
	    errno == ENOENT)
		return VEILLE_OK;
	if ((rc = cli_load_conf(cli)) != VEILLE_OK)
		return rc;
	*cl = classify_new(&cli->conf, e);
	if (!*cl) {
		for (size_t i = 0; i < cli->conf.nerrors; i++)
			fprintf(stderr, "%s\n", cli->conf.errors[i]);
		if (cli->conf.nerrors)
			return VEILLE_USAGE;
		fprintf(stderr, "veille stats: %s\n",
			e->msg[0] ? e->msg : "out of memory");
		return VEILLE_FATAL;
	}
	return VEILLE_OK;
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
	rc = current_rules(cli, &cl, &e);
	if (rc != VEILLE_OK)
		goto out;
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
	fps.current = cl ? classify_fingerprint(cl) : NULL;
	if (wk.json)
		jsonw_end(&w);
	if (group_counts(db, wk.json, &w, &e) < 0) {
		fprintf(stderr, "veille stats: %s\n", e.msg);
		rc = VEILLE_FATAL;
		goto out;
	}
	if (wk.json) {
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
		printf("stale    unknown (no configuration: '%s' not found)\n",
		       cli->config_path);
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
	"ISO weeks that saw any; then the items of each niche, sector and "
	"feed first seen in the last 7 days, the last 30 days and all told, "
	"most items first (JSON: by_niche, by_sector, by_feed, each a list "
	"of {name, week, month, all}).\n\n"
	"It also counts the items per fingerprint of the rules that classified "
	"them, and the stale ones: those classified by other rules than the "
	"current configuration's (or never), which 'veille classify' "
	"recomputes.",
	stats_opts, stats_run,
};
