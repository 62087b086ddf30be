/* veille: the technology watch of Cluster Maintenance 4.0. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../classify/classify.h"
#include "../fetcher/fetcher.h"
#include "../index/store.h"
#include "../parser/parser.h"
#include "../util/alloc.h"
#include "../util/log.h"
#include "../util/str.h"
#include "cli.h"

#ifndef VEILLE_VERSION
#define VEILLE_VERSION "unknown"
#endif

const struct command *cli_find_command(const char *name)
{
	const struct command *const *c;

	for (c = cli_commands; *c; c++)
		if (!strcmp((*c)->name, name))
			return *c;
	return NULL;
}

static int print_version(void)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "veille %s\n", VEILLE_VERSION);
	fetcher_version(&b);
	buf_addch(&b, '\n');
	parser_version(&b);
	buf_addch(&b, '\n');
	store_version(&b);
	buf_addch(&b, '\n');
	classify_version(&b);
	buf_addch(&b, '\n');
	fputs(buf_cstr(&b), stdout);
	buf_release(&b);
	return VEILLE_OK;
}

static int unknown_command(struct cli *cli, const char *name)
{
	const char *names[64], *hint;
	int n = 0;

	while (n < 63 && cli_commands[n]) {
		names[n] = cli_commands[n]->name;
		n++;
	}
	names[n] = NULL;
	hint = str_suggest(name, names);
	if (hint)
		return cli_usage_error(cli, "unknown command '%s' (did you mean '%s'?)",
				       name, hint);
	return cli_usage_error(cli, "unknown command '%s'", name);
}

/* Recognises one global option in a (-c, --config[=X], -v, -vv, -q, ...).
 * Returns its short letter, with *val set to an attached value or NULL, or
 * -1 after printing an error. Verbosity is applied here. */
static int global_option(struct cli *cli, const char *a, const char **val)
{
	const char *names[8], *hint;
	const struct opt *o;
	int n = 0;

	*val = NULL;
	if (a[1] != '-') {
		const char *p;

		if ((a[1] == 'c' || a[1] == 'd')) {
			*val = a[2] ? a + 2 : NULL;
			return a[1];
		}
		for (p = a + 1; *p; p++) {
			if (*p == 'v')
				cli->verbosity++;
			else if (*p == 'q')
				cli->verbosity = -1;
			else if (*p == 'h')
				return 'h';
			else {
				cli_usage_error(cli, "unknown option '-%c'", *p);
				return -1;
			}
		}
		log_set_level(cli->verbosity);
		return 'v';
	}
	for (o = cli_global_opts; o->name; o++) {
		size_t len = strlen(o->name);

		names[n++] = o->name;
		if (strncmp(a + 2, o->name, len) || (a[2 + len] && a[2 + len] != '='))
			continue;
		if (a[2 + len] == '=') {
			if (!o->arg) {
				cli_usage_error(cli, "option '--%s' takes no value", o->name);
				return -1;
			}
			*val = a + 3 + len;
		}
		if (o->short_name == 'v')
			cli->verbosity++;
		else if (o->short_name == 'q')
			cli->verbosity = -1;
		log_set_level(cli->verbosity);
		return o->short_name;
	}
	names[n] = NULL;
	hint = str_suggest(a + 2, names);
	if (hint)
		cli_usage_error(cli, "unknown option '%s' (did you mean '--%s'?)", a,
				hint);
	else
		cli_usage_error(cli, "unknown option '%s'", a);
	return -1;
}

static int run(struct cli *cli, int argc, char **argv)
{
	const char *e;
	int i;

	cli->config_given = (e = getenv("VEILLE_CONFIG")) && *e;
	cli->config_path = cli->config_given ? e : "feeds.conf";
	cli->db_path = (e = getenv("VEILLE_DB")) && *e ? e : "veille.db";

	/* global options before the command */
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i], *val;
		int k;

		if (!strcmp(a, "--"))
			break;
		if (!strcmp(a, "--version"))
			return print_version();
		k = global_option(cli, a, &val);
		if (k < 0)
			return VEILLE_USAGE;
		if (k == 'h') {
			help_main(stdout, cli_global_opts);
			return VEILLE_OK;
		}
		if (val == NULL && (k == 'c' || k == 'd')) {
			if (i + 1 >= argc)
				return cli_usage_error(cli, "option '%s' needs FILE", a);
			val = argv[++i];
		}
		if (k == 'c') {
			cli->config_path = val;
			cli->config_given = 1;
		}
		else if (k == 'd')
			cli->db_path = val;
	}
	if (i >= argc) {
		help_main(stderr, cli_global_opts);
		return VEILLE_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		if (i + 1 >= argc) {
			help_main(stdout, cli_global_opts);
			return VEILLE_OK;
		}
		if (!strcmp(argv[i + 1], "--man")) {
			if (i + 2 < argc && !strcmp(argv[i + 2], "feeds.conf"))
				help_conf(stdout, 1);
			else
				help_man(stdout, cli_global_opts);
			return VEILLE_OK;
		}
		if (!strcmp(argv[i + 1], "feeds.conf")) {
			help_conf(stdout, 0);
			return VEILLE_OK;
		}
		cli->cmd = cli_find_command(argv[i + 1]);
		if (!cli->cmd)
			return unknown_command(cli, argv[i + 1]);
		help_command(stdout, cli->cmd);
		return VEILLE_OK;
	}
	cli->cmd = cli_find_command(argv[i]);
	if (!cli->cmd)
		return unknown_command(cli, argv[i]);
	return cli->cmd->run(cli, argc - i - 1, argv + i + 1);
}

int main(int argc, char **argv)
{
	struct cli cli;
	int rc;

	memset(&cli, 0, sizeof(cli));
	cli.argv0 = argv[0];
	/* libcurl is initialised (TLS included, several milliseconds) by the
	 * fetcher at its first transfer, so commands that make none, such as
	 * search, do not pay for it; the cleanup below is a no-op then. */
	rc = run(&cli, argc, argv);
	if (cli.conf_loaded)
		conf_release(&cli.conf);
	rc = cli_finish_stdout(rc);
	curl_global_cleanup();
	/* torture tests (t08xx) bound their VEILLE_ALLOC_FAIL_AT loop by the
	 * number of allocations a clean run makes */
	if (getenv("VEILLE_ALLOC_COUNT"))
		fprintf(stderr, "veille: %lu allocations\n", v_alloc_count());
	return rc;
}
