/* veille stats: what the index holds. */
#include <stdio.h>
#include <string.h>

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
	if (wk.json) {
		jsonw_end(&w);
		jsonw_end(&w);
		buf_addch(&b, '\n');
		fwrite(b.data, 1, b.len, stdout);
	}
	rc = cli_finish_stdout(VEILLE_OK);
out:
	opt_release(&st);
	store_close(db);
	buf_release(&b);
	return rc;
}

const struct command cmd_stats = {
	"stats", NULL, "summarise what the index holds",
	"Prints the numbers of items, stories (an article carried by several "
	"feeds counts once), feeds, niches, members and digests sent, the "
	"size of the database, and the items first seen in each of the last "
	"ISO weeks that saw any.",
	stats_opts, stats_run,
};
