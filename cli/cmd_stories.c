/* veille stories: recomputes the stories (the items that are one work or
 * one piece of news) over the whole history. */
#include <stdio.h>
#include <unistd.h>

#include "index_cli.h"

static const struct opt stories_opts[] = {
	{ "rebuild", 0, NULL, "recompute every item's story under the current rules" },
	{ "dry-run", 'n', NULL, "say what --rebuild would change, change nothing" },
	{ NULL, 0, NULL, NULL },
};

enum { O_REBUILD, O_DRY };

static void progress(void *ctx, int64_t done, int64_t total)
{
	(void)ctx;
	fprintf(stderr, "\rveille stories: %lld/%lld items", (long long)done,
		(long long)total);
	if (done >= total)
		fputc('\n', stderr);
}

static int stories_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct store *db = NULL;
	struct store_rebuild r;
	struct err e = { "" };
	const char *arg;
	int o, rc, rebuild = 0, dry = 0;

	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0) {
		if (o == O_REBUILD)
			rebuild = 1;
		else if (o == O_DRY)
			dry = 1;
	}
	if ((rc = opt_finish_no_args(&st, o)) >= 0)
		return rc;
	if (!rebuild)
		return cli_usage_error(cli, "--rebuild is needed");
	rc = idx_open(cli, STORE_NOCREATE, &db);
	if (rc != VEILLE_OK)
		return rc;
	if (store_stories_rebuild(db, dry, isatty(2) ? progress : NULL, NULL,
				  &r, &e) < 0) {
		fprintf(stderr, "veille stories: %s\n", e.msg);
		rc = VEILLE_FATAL;
	} else {
		printf("%lld items: %lld stories before, %lld after;"
		       " %lld joined items of several stories, %lld split%s\n",
		       (long long)r.items, (long long)r.before, (long long)r.after,
		       (long long)r.joined, (long long)r.split,
		       dry ? " (dry run: nothing changed)" : "");
		rc = cli_finish_stdout(VEILLE_OK);
	}
	store_close(db);
	return rc;
}

const struct command cmd_stories = {
	"stories", NULL, "recompute the stories over the whole history",
	"An item joins the story of the same work or news when it is stored: "
	"by a shared DOI, arXiv or HAL id, by its link, or by its title (news "
	"within [settings] story_window; publications whatever the gap, unless "
	"their DOIs or authors differ). An item naming two stories by its "
	"identifiers joins them. With --rebuild, every item finds its story "
	"again, in the order items were stored, under the current rules: after "
	"an upgrade (which runs it once by itself) or a change of story_window. "
	"It is one transaction: interrupted, the stories are as before. Stories "
	"keep their id when their first item keeps it; a story a member "
	"received in a digest counts as received in whatever story its items "
	"end up, so nothing is sent twice. Says how many stories there were "
	"before and after, how many joined items of several, how many split.",
	stories_opts, stories_run,
};
