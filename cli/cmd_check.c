/* veille check: validate the configuration and summarise it. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../classify/classify.h"
#include "../util/alloc.h"
#include "../util/str.h"

/* The names of the sections of a type, NULL-terminated (borrowed strings);
 * NULL on ENOMEM. */
static const char **section_names(const struct conf *c, const char *type)
{
	const char **v = v_calloc(conf_count(c, type) + 1, sizeof *v);
	size_t i, n = 0;

	if (!v)
		return NULL;
	for (i = 0; i < c->nsections; i++)
		if (!strcmp(c->sections[i].type, type) && c->sections[i].name)
			v[n++] = c->sections[i].name;
	return v;
}

/* Each name of the list key of s must be a [what NAME] section (or "all"
 * when allow_all). -1 on ENOMEM. */
static int check_names(struct conf *c, const struct conf_section *s,
		       const char *key, const char *what, int allow_all)
{
	const struct conf_entry *ent = conf_get_entry(s, key);
	const char **known;
	char **list;
	size_t i;

	if (!ent)
		return 0;
	known = section_names(c, what);
	list = conf_list(s, key);
	if (!known || !list) {
		v_free(known);
		conf_list_free(list);
		return -1;
	}
	for (i = 0; list[i]; i++) {
		const char *hint;

		if ((allow_all && !strcmp(list[i], "all")) || conf_find(c, what, list[i]))
			continue;
		hint = str_suggest(list[i], known);
		if (hint)
			conf_error(c, s, ent, "unknown %s '%s' (did you mean '%s'?)",
				   what, list[i], hint);
		else
			conf_error(c, s, ent, "unknown %s '%s'", what, list[i]);
	}
	v_free(known);
	conf_list_free(list);
	return 0;
}

/* Cross-references between sections: what members follow and what feeds
 * belong to must exist. */
static int check_refs(struct conf *c)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < c->nsections && rc == 0; i++) {
		const struct conf_section *s = &c->sections[i];

		if (!strcmp(s->type, "member"))
			rc = check_names(c, s, "niches", "niche", 1) < 0 ||
			     check_names(c, s, "sectors", "sector", 0) < 0 ||
			     check_names(c, s, "regions", "region", 0) < 0 ? -1 : 0;
		else if (!strcmp(s->type, "feed"))
			rc = check_names(c, s, "sectors", "sector", 0);
	}
	return rc;
}

static int check_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct classifier *cl;
	struct err e;
	const char *arg;
	size_t feeds, niches, sectors, members, nerrors;
	int o, rc;

	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0)
		;
	if (o != OPT_END) {
		opt_release(&st);
		return opt_exit(o);
	}
	if (st.nargs > 0) {
		rc = cli_usage_error(cli, "unexpected argument '%s'", st.args[0]);
		opt_release(&st);
		return rc;
	}
	opt_release(&st);
	/* Cross-references and rules are checked whatever else is wrong, so
	 * that one run lists every error, in file and line order. */
	cli_read_conf(cli, 1);
	if (cli->conf.nomem)
		return cli_conf_errors(cli);
	if (check_refs(&cli->conf) < 0) {
		fprintf(stderr, "veille check: out of memory\n");
		return VEILLE_FATAL;
	}
	cli_check_feed_urls(&cli->conf);
	nerrors = cli->conf.nerrors;
	cl = classify_new(&cli->conf, &e);
	if (!cl && cli->conf.nerrors == nerrors) {
		fprintf(stderr, "veille check: %s\n", e.msg);
		return VEILLE_FATAL;
	}
	classify_free(cl);
	rc = VEILLE_OK;
	if (cli->conf.nerrors) {
		conf_sort_errors(&cli->conf);
		rc = cli_conf_errors(cli);
	}
	if (rc != VEILLE_OK) {
		fprintf(stderr, "%s: %zu error%s\n", cli->config_path,
			cli->conf.nerrors, cli->conf.nerrors == 1 ? "" : "s");
		return rc;
	}
	feeds = conf_count(&cli->conf, "feed");
	niches = conf_count(&cli->conf, "niche");
	sectors = conf_count(&cli->conf, "sector");
	members = conf_count(&cli->conf, "member");
	printf("%s: %zu feed%s, %zu niche%s, %zu sector%s, %zu member%s, mail %s\n",
	       cli->config_path, feeds, feeds == 1 ? "" : "s", niches,
	       niches == 1 ? "" : "s", sectors, sectors == 1 ? "" : "s", members,
	       members == 1 ? "" : "s",
	       conf_find(&cli->conf, "mail", NULL) ? "configured" : "not configured");
	return VEILLE_OK;
}

const struct command cmd_check = {
	"check", NULL, "validate the configuration and summarise it",
	"Reads the configuration file and every file it includes, checks each "
	"section and key against what veille knows, and prints every error "
	"found, each with its file, line and section, then exits 2. A feed URL "
	"holding credentials (user:password@) is an error, and so is one on an "
	"internal host (loopback, private or link-local address, localhost or "
	"a single-label or local name; judged by the URL, nothing resolved) "
	"unless allow_private = yes. When all "
	"is well it prints a one-line summary and exits 0.",
	NULL, check_run,
};
