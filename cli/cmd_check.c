/* veille check: validate the configuration and summarise it. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../classify/classify.h"

static int check_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct classifier *cl;
	struct err e;
	const char *arg;
	size_t feeds, niches, sectors, members;
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
	rc = cli_load_conf(cli);
	if (rc == VEILLE_OK) {
		/* The rules are only compiled on a valid configuration: their
		 * errors come after the others, in the same form. */
		cl = classify_new(&cli->conf, &e);
		if (!cl && cli->conf.nerrors == 0) {
			fprintf(stderr, "veille check: %s\n", e.msg);
			return VEILLE_FATAL;
		}
		if (!cl) {
			size_t i;

			for (i = 0; i < cli->conf.nerrors; i++)
				fprintf(stderr, "%s\n", cli->conf.errors[i]);
			rc = VEILLE_USAGE;
		}
		classify_free(cl);
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
	"found, each with its file, line and section, then exits 2. When all "
	"is well it prints a one-line summary and exits 0.",
	NULL, check_run,
};
