/* veille backup, prune and optimize: upkeep of the database. */
#include <stdio.h>
#include <string.h>

#include "../util/str.h"
#include "../util/vtime.h"
#include "index_cli.h"

/* Parses no options beyond the globals; returns the operands' count or a
 * negative exit code. */
static int plain_args(struct cli *cli, struct opt_state *st, int argc,
		      char **argv)
{
	const char *arg;
	int o;

	opt_init(st, cli, argc, argv);
	while ((o = opt_next(st, &arg)) >= 0)
		;
	if (o != OPT_END)
		return -opt_exit(o) - 100;
	return st->nargs;
}

static int backup_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct store *db = NULL;
	struct err e = { "" };
	int n, rc;

	n = plain_args(cli, &st, argc, argv);
	if (n < 0) {
		opt_release(&st);
		return -(n + 100);
	}
	if (n != 1) {
		opt_release(&st);
		return cli_usage_error(cli, "one backup file name is needed");
	}
	rc = idx_open(cli, STORE_NOCREATE, &db);
	if (rc == VEILLE_OK && store_backup(db, st.args[0], &e) < 0) {
		fprintf(stderr, "veille backup: %s\n", e.msg);
		rc = VEILLE_FATAL;
	}
	store_close(db);
	opt_release(&st);
	return rc;
}

const struct command cmd_backup = {
	"backup", "FILE", "copy the database safely, even during a crawl",
	"Copies the database to FILE with SQLite's online backup: the copy is "
	"consistent even while 'veille fetch' writes, and the writer is only "
	"paused for short steps. The copy is written beside FILE and renamed "
	"into place when complete, so FILE is never a half copy.",
	NULL, backup_run,
};

static const struct opt prune_opts[] = {
	{ "older-than", 0, "AGE", "remove items first seen more than AGE ago (2y, 26w, 90d)" },
	{ NULL, 0, NULL, NULL },
};

static int prune_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct store *db = NULL;
	struct err e = { "" };
	const char *arg, *age = NULL;
	int64_t secs, removed;
	int o, rc;

	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0)
		age = arg;
	if (o != OPT_END) {
		opt_release(&st);
		return opt_exit(o);
	}
	if (st.nargs) {
		rc = cli_usage_error(cli, "unexpected argument '%s'", st.args[0]);
		opt_release(&st);
		return rc;
	}
	opt_release(&st);
	if (!age)
		return cli_usage_error(cli, "--older-than is needed (for example 2y)");
	if (str_to_duration(age, &secs) < 0)
		return cli_usage_error(cli, "--older-than '%s': not an age (2y, 26w, 90d)",
				       age);
	rc = idx_open(cli, STORE_NOCREATE, &db);
	if (rc != VEILLE_OK)
		return rc;
	if (store_prune(db, vtime_now() - secs, &removed, &e) < 0) {
		fprintf(stderr, "veille prune: %s\n", e.msg);
		rc = VEILLE_FATAL;
	} else {
		printf("%lld item%s removed\n", (long long)removed,
		       removed == 1 ? "" : "s");
		rc = cli_finish_stdout(VEILLE_OK);
	}
	store_close(db);
	return rc;
}

const struct command cmd_prune = {
	"prune", NULL, "remove old items",
	"Removes the items first seen more than AGE ago, with their niches and "
	"their place in the full-text index, and the stories left empty. "
	"Stories that a member received in a digest are kept, so a digest "
	"can always be explained, and so are the items an analyst corrected "
	"('veille label'): they are the labelled data the rules are measured "
	"on.",
	prune_opts, prune_run,
};

static const struct opt optimize_opts[] = {
	{ "vacuum", 0, NULL, "also rewrite the file to reclaim free space (slow)" },
	{ NULL, 0, NULL, NULL },
};

static int optimize_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct store *db = NULL;
	struct err e = { "" };
	const char *arg;
	int o, rc, vacuum = 0;

	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0)
		vacuum = 1;
	if ((rc = opt_finish_no_args(&st, o)) >= 0)
		return rc;
	rc = idx_open(cli, STORE_NOCREATE, &db);
	if (rc != VEILLE_OK)
		return rc;
	if (store_optimize(db, vacuum, &e) < 0) {
		fprintf(stderr, "veille optimize: %s\n", e.msg);
		rc = VEILLE_FATAL;
	}
	store_close(db);
	return rc;
}

const struct command cmd_optimize = {
	"optimize", NULL, "compact the full-text index and refresh statistics",
	"Merges the full-text index into one segment (FTS5 optimize), refreshes "
	"the query planner's statistics (ANALYZE, PRAGMA optimize) and, with "
	"--vacuum, rewrites the file to give free pages back.",
	optimize_opts, optimize_run,
};
