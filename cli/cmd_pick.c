/* veille pick: the analyst marks items for the coming digests, with a
 * note (issue 21). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../util/jsonw.h"
#include "../util/str.h"
#include "../util/vtime.h"
#include "index_cli.h"

#define PICK_NOTE_MAX 1000

static const struct opt pick_opts[] = {
	{ "note", 0, "TEXT", "the analyst's note, shown with the item" },
	{ "all", 0, NULL, "for every member, not only those of its niches" },
	{ "remove", 0, NULL, "take the pick back" },
	{ "list", 'l', NULL, "list the picks" },
	{ "format", 0, "FMT", "--list: text (default) or json (one object per line)" },
	{ NULL, 0, NULL, NULL },
};

enum { O_NOTE, O_ALL, O_REMOVE, O_LIST, O_FORMAT };

struct list {
	int json;
	struct buf b;
};

static int on_pick(void *ctx, const struct store_pick_row *p)
{
	struct list *l = ctx;
	char when[16];

	buf_reset(&l->b);
	idx_date(p->at, when);
	if (l->json) {
		struct jsonw w;

		jsonw_init(&w, &l->b);
		jsonw_obj(&w);
		jsonw_kint(&w, "id", p->item_id);
		jsonw_kint(&w, "story", p->story_id);
		jsonw_kstr(&w, "title", p->title);
		jsonw_kstr(&w, "feed_title", p->feed_title);
		jsonw_kstr(&w, "note", p->note);
		jsonw_key(&w, "everyone");
		jsonw_bool(&w, p->everyone);
		jsonw_kstr(&w, "niches", p->niches);
		jsonw_kstr(&w, "who", p->who);
		jsonw_kstr(&w, "picked", when);
		jsonw_end(&w);
		if (jsonw_error(&w))
			return -1;
	} else {
		buf_addf(&l->b, "#%lld\t%s\t", (long long)p->item_id, when);
		idx_clean(&l->b, p->who ? p->who : "", 0);
		buf_addf(&l->b, "\t%s\t", p->everyone ? "everyone" :
			 (p->niches && *p->niches ? p->niches : "(no niche)"));
		idx_clean(&l->b, p->title ? p->title : "", 0);
		if (p->note && *p->note) {
			buf_addstr(&l->b, "\t— ");
			idx_clean(&l->b, p->note, 0);
		}
	}
	if (buf_addch(&l->b, '\n') < 0)
		return -1;
	fwrite(l->b.data, 1, l->b.len, stdout);
	return 0;
}

static int pick_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	const char *arg, *note = NULL, *format = "text";
	int o, rc, all = 0, remove = 0, list = 0, r;
	int64_t id = 0;
	struct store *db = NULL;
	struct err e = { "" };

	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0) {
		switch (o) {
		case O_NOTE: note = arg; break;
		case O_ALL: all = 1; break;
		case O_REMOVE: remove = 1; break;
		case O_LIST: list = 1; break;
		case O_FORMAT: format = arg; break;
		}
	}
	if (o != OPT_END) {
		opt_release(&st);
		return opt_exit(o);
	}
	if (strcmp(format, "text") && strcmp(format, "json"))
		rc = cli_usage_error(cli, "--format '%s': use text or json",
				     format);
	else if (list && (st.nargs || note || all || remove))
		rc = cli_usage_error(cli, "--list takes no item or other option");
	else if (!list && (st.nargs != 1 ||
			   str_to_i64(st.args[0][0] == '#' ? st.args[0] + 1 :
				      st.args[0], 1, INT64_MAX, &id) < 0))
		rc = cli_usage_error(cli, "one item number is needed (as "
				     "'veille search' prints it)");
	else if (remove && (note || all))
		rc = cli_usage_error(cli, "--remove takes no --note or --all");
	else if (note && strlen(note) > PICK_NOTE_MAX)
		rc = cli_usage_error(cli, "--note is longer than %d bytes",
				     PICK_NOTE_MAX);
	else
		rc = VEILLE_OK;
	opt_release(&st);
	if (rc != VEILLE_OK || (rc = cli_load_conf(cli)) != VEILLE_OK)
		return rc;
	if (list) {
		struct list l = { !strcmp(format, "json"), BUF_INIT };

		if ((rc = idx_open(cli, STORE_READONLY, &db)) != VEILLE_OK)
			return rc;
		r = store_picks_each(db, on_pick, &l, &e);
		buf_release(&l.b);
		store_close(db);
		if (r != 0) {
			fprintf(stderr, "veille pick: %s\n",
				r < 0 && e.msg[0] ? e.msg : "out of memory");
			return VEILLE_FATAL;
		}
		return cli_finish_stdout(VEILLE_OK);
	}
	if ((rc = idx_open(cli, STORE_NOCREATE, &db)) != VEILLE_OK)
		return rc;
	r = remove ? store_unpick(db, id, &e) :
		     store_pick(db, id, note, all, idx_who(), vtime_now(), &e);
	store_close(db);
	if (r < 0) {
		fprintf(stderr, "veille pick: %s\n", e.msg);
		return VEILLE_FATAL;
	}
	if (r == 0) {
		fprintf(stderr, remove ? "veille pick: item #%lld was not picked\n"
				       : "veille pick: no item #%lld\n",
			(long long)id);
		return VEILLE_USAGE;
	}
	if (cli->verbosity >= 0)
		printf(remove ? "#%lld: pick removed\n" :
		       all ? "#%lld: picked for every member's next digest\n" :
			     "#%lld: picked for the next digest of the members "
			     "of its niches\n", (long long)id);
	return cli_finish_stdout(VEILLE_OK);
}

const struct command cmd_pick = {
	"pick", "ID [--note TEXT] [--all] | --remove ID | --list",
	"mark an item for the coming digests",
	"Marks item ID (as 'veille search' prints it) for the coming digests: "
	"it heads them, in a section of its own (\"La sélection de "
	"l’analyste\", \"Analyst's picks\"), with the analyst's --note, for "
	"every member who follows one of the item's niches, or for every "
	"member with --all. A pick goes into the digest of the week it was "
	"made in, or of the week before when made before that week's digest "
	"was sent (the Monday run digests the week that just ended); a member "
	"receives a picked story once, never again in a later digest, and it "
	"is not repeated in the niches. At most 10 picks per digest, the "
	"oldest first, outside the digest's caps. Picking an item again "
	"replaces its note and audience; --remove takes the pick back. Who "
	"picked comes from $VEILLE_USER, else $USER or $LOGNAME. An unknown "
	"item exits with status 2.\n\n"
	"--list prints the picks: item, day picked, who, audience (the "
	"item's niches, or everyone), title and note (--format json: one "
	"object per line).",
	pick_opts, pick_run,
};
