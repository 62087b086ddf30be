/* veille member: a member paused or resumed from the command line, and
 * the members with their state (issue 21). The state is kept in the
 * database, over the configuration's paused key, which stays untouched. */
#include <stdio.h>
#include <string.h>

#include "../digest/digest.h"
#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/vtime.h"
#include "index_cli.h"

static const struct opt member_opts[] = {
	{ "list", 'l', NULL, "list the members and their state" },
	{ NULL, 0, NULL, NULL },
};

enum { O_LIST };

/* The names of the configured members, for "did you mean". */
static const char **member_names(const struct conf *c)
{
	const char **v = v_calloc(c->nsections + 1, sizeof *v);
	size_t i, n = 0;

	if (v == NULL)
		return NULL;
	for (i = 0; i < c->nsections; i++)
		if (!strcmp(c->sections[i].type, "member"))
			v[n++] = c->sections[i].name;
	return v;
}

static int list_members(struct cli *cli)
{
	struct store *db = NULL;
	struct err e = { "" };
	size_t i;
	int rc;

	if ((rc = idx_open(cli, STORE_READONLY, &db)) != VEILLE_OK)
		return rc;
	for (i = 0; i < cli->conf.nsections; i++) {
		const struct conf_section *m = &cli->conf.sections[i];
		int paused;
		int64_t at = 0;
		char when[16];
		struct buf b = BUF_INIT;

		if (strcmp(m->type, "member"))
			continue;
		if (store_member_state(db, m->name, &paused, &at, &e) < 0) {
			fprintf(stderr, "veille member: %s\n", e.msg);
			store_close(db);
			return VEILLE_FATAL;
		}
		idx_clean(&b, m->name, 0);
		if (paused < 0) {
			printf("%s\t%s\t(configuration)\n", buf_cstr(&b),
			       conf_bool(m, "paused", 0) ? "paused" : "active");
		} else {
			idx_date(at, when);
			printf("%s\t%s\t(veille member, %s)\n", buf_cstr(&b),
			       paused ? "paused" : "active", when);
		}
		buf_release(&b);
	}
	store_close(db);
	return cli_finish_stdout(VEILLE_OK);
}

/* The token of the member's unsubscribe links, for the service that
 * receives them to check. */
static int print_token(struct cli *cli, const char *name)
{
	struct digest_mail m;
	struct digest_smtp smtp;
	char *password = NULL, token[DIGEST_TOKEN_LEN + 1];
	struct err e = { "" };
	int rc;

	rc = digest_mail_from_conf(&cli->conf, &m, &smtp, &password, &e);
	v_free(password);
	if (rc < 0) {
		fprintf(stderr, "veille member: %s\n", e.msg);
		return VEILLE_USAGE;
	}
	if (digest_unsubscribe_token(&m, name, token) < 0) {
		fprintf(stderr, "veille member: no token without [mail] "
			"unsubscribe_secret_file\n");
		return VEILLE_USAGE;
	}
	printf("%s\n", token);
	return cli_finish_stdout(VEILLE_OK);
}

static int member_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	const char *arg, *verb = NULL, *name = NULL;
	struct store *db = NULL;
	struct err e = { "" };
	int o, rc, list = 0;

	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0)
		if (o == O_LIST)
			list = 1;
	if (o != OPT_END) {
		opt_release(&st);
		return opt_exit(o);
	}
	if (list && st.nargs == 0)
		rc = VEILLE_OK;
	else if (list || st.nargs != 2 ||
		 (strcmp(st.args[0], "pause") && strcmp(st.args[0], "resume") &&
		  strcmp(st.args[0], "token")))
		rc = cli_usage_error(cli, "use 'veille member pause ID', "
				     "'veille member resume ID', 'veille member "
				     "token ID' or 'veille member --list'");
	else {
		verb = st.args[0];
		name = st.args[1];
		rc = VEILLE_OK;
	}
	if (rc == VEILLE_OK)
		rc = cli_load_conf(cli);
	if (rc == VEILLE_OK && list) {
		opt_release(&st);
		return list_members(cli);
	}
	if (rc == VEILLE_OK && !conf_find(&cli->conf, "member", name)) {
		const char **names = member_names(&cli->conf);
		const char *hint = names ? str_suggest(name, names) : NULL;

		rc = hint ? cli_usage_error(cli, "unknown member '%s' (did you "
					    "mean '%s'?)", name, hint)
			  : cli_usage_error(cli, "unknown member '%s'", name);
		v_free(names);
	}
	if (rc == VEILLE_OK && !strcmp(verb, "token")) {
		opt_release(&st);
		return print_token(cli, name);
	}
	if (rc == VEILLE_OK &&
	    (rc = idx_open(cli, STORE_NOCREATE, &db)) == VEILLE_OK) {
		if (store_member_state_set(db, name, !strcmp(verb, "pause"),
					   idx_who(), vtime_now(), &e) < 0) {
			fprintf(stderr, "veille member: %s\n", e.msg);
			rc = VEILLE_FATAL;
		} else if (cli->verbosity >= 0) {
			printf("%s: %s\n", name, !strcmp(verb, "pause") ?
			       "paused: no digest until 'veille member resume'" :
			       "active: digests resume with the next run");
		}
		store_close(db);
	}
	opt_release(&st);
	return rc == VEILLE_OK ? cli_finish_stdout(rc) : rc;
}

const struct command cmd_member = {
	"member", "pause ID | resume ID | token ID | --list",
	"pause or resume a member's digests, print its unsubscribe token",
	"'veille member pause ID' stops the digests of [member ID] from the "
	"next run on; 'resume' starts them again. The state is recorded in "
	"the database with who ($VEILLE_USER, else $USER or $LOGNAME) and "
	"when, and wins over the member's paused key, which the command never "
	"rewrites. --list prints each configured member with its state and "
	"where it comes from (the configuration, or veille member and the "
	"day); 'digest --list' shows it too. 'veille member token ID' prints "
	"the token that the {token} of the [mail] unsubscribe URLs carries "
	"for that member (HMAC-SHA-256 of the member id, keyed by the secret "
	"of unsubscribe_secret_file), for the service that receives the "
	"unsubscribe requests to check. An unknown member exits with status "
	"2.",
	member_opts, member_run,
};
