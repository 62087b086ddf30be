/* The option iterator shared by all commands, and configuration loading. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../classify/classify.h"
#include "../util/alloc.h"
#include "../util/log.h"
#include "../util/str.h"
#include "../util/url.h"
#include "cli.h"

const struct opt cli_global_opts[] = {
	{ "config", 'c', "FILE", "configuration file (default feeds.conf, or $VEILLE_CONFIG)" },
	{ "db", 'd', "FILE", "database file (default veille.db, or $VEILLE_DB)" },
	{ "verbose", 'v', NULL, "say more (twice for debugging output)" },
	{ "quiet", 'q', NULL, "say only errors" },
	{ "help", 'h', NULL, "show help and exit" },
	{ NULL, 0, NULL, NULL }
};

enum { G_CONFIG, G_DB, G_VERBOSE, G_QUIET, G_HELP };

/* Indexes at or above GLOBAL name global options. */
#define GLOBAL 1000

int cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "veille%s%s: ", cli->cmd ? " " : "",
		cli->cmd ? cli->cmd->name : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'veille %s%s--help'.\n",
		cli->cmd ? cli->cmd->name : "", cli->cmd ? " " : "");
	return VEILLE_USAGE;
}

void opt_init(struct opt_state *st, struct cli *cli, int argc, char **argv)
{
	memset(st, 0, sizeof(*st));
	st->cli = cli;
	st->argc = argc;
	st->argv = argv;
	st->i = 0;
	st->args = v_calloc((size_t)argc + 1, sizeof(char *));
}

void opt_release(struct opt_state *st)
{
	v_free(st->args);
	st->args = NULL;
}

int opt_exit(int o)
{
	return o == OPT_HELP ? VEILLE_OK : VEILLE_USAGE;
}

static int apply_global(struct opt_state *st, int g, const char *arg)
{
	struct cli *cli = st->cli;

	switch (g) {
	case G_CONFIG: cli->config_path = arg; cli->config_given = 1; break;
	case G_DB: cli->db_path = arg; break;
	case G_VERBOSE: cli->verbosity++; log_set_level(cli->verbosity); break;
	case G_QUIET: cli->verbosity = LOG_QUIET; log_set_level(LOG_QUIET); break;
	case G_HELP:
		if (cli->cmd)
			help_command(stdout, cli->cmd);
		else
			help_main(stdout, cli_global_opts);
		return OPT_HELP;
	}
	return 0;
}

/* Finds a long option by name in the command's table (>= 0), the global
 * table (GLOBAL + index) or nowhere (OPT_ERROR, after a message). */
static int find_long(struct opt_state *st, const char *name, size_t len)
{
	const struct opt *opts = st->cli->cmd ? st->cli->cmd->opts : NULL;
	const char *names[128], *hint;
	char word[64];
	int i, n = 0;

	for (i = 0; opts && opts[i].name; i++)
		if (strlen(opts[i].name) == len && !strncmp(opts[i].name, name, len))
			return i;
	for (i = 0; cli_global_opts[i].name; i++)
		if (strlen(cli_global_opts[i].name) == len &&
		    !strncmp(cli_global_opts[i].name, name, len))
			return GLOBAL + i;
	for (i = 0; opts && opts[i].name && n < 100; i++)
		names[n++] = opts[i].name;
	for (i = 0; cli_global_opts[i].name && n < 127; i++)
		names[n++] = cli_global_opts[i].name;
	names[n] = NULL;
	str_copy(word, name, len + 1 < sizeof(word) ? len + 1 : sizeof(word));
	hint = str_suggest(word, names);
	if (hint)
		cli_usage_error(st->cli, "unknown option '--%s' (did you mean '--%s'?)",
				word, hint);
	else
		cli_usage_error(st->cli, "unknown option '--%s'", word);
	return OPT_ERROR;
}

static int find_short(struct opt_state *st, int c)
{
	const struct opt *opts = st->cli->cmd ? st->cli->cmd->opts : NULL;
	int i;

	for (i = 0; opts && opts[i].name; i++)
		if (opts[i].short_name == c)
			return i;
	for (i = 0; cli_global_opts[i].name; i++)
		if (cli_global_opts[i].short_name == c)
			return GLOBAL + i;
	cli_usage_error(st->cli, "unknown option '-%c'", c);
	return OPT_ERROR;
}

static const struct opt *opt_at(struct opt_state *st, int k)
{
	return k >= GLOBAL ? &cli_global_opts[k - GLOBAL] : &st->cli->cmd->opts[k];
}

static int deliver(struct opt_state *st, int k, const char *arg,
		   const char **out)
{
	if (k >= GLOBAL) {
		int rc = apply_global(st, k - GLOBAL, arg);
		return rc ? rc : 1;	/* 1: keep going */
	}
	*out = arg;
	return 0;
}

int opt_next(struct opt_state *st, const char **arg)
{
	*arg = NULL;
	if (!st->args) {
		fprintf(stderr, "veille: out of memory\n");
		return OPT_ERROR;
	}
	for (;;) {
		const struct opt *o;
		const char *a, *val = NULL;
		int k, rc;

		if (st->cluster && *st->cluster) {
			int c = (unsigned char)*st->cluster++;

			k = find_short(st, c);
			if (k == OPT_ERROR)
				return k;
			o = opt_at(st, k);
			if (o->arg) {
				if (*st->cluster) {
					val = st->cluster;
				} else if (st->i < st->argc) {
					val = st->argv[st->i++];
				} else {
					cli_usage_error(st->cli, "option '-%c' needs %s",
							c, o->arg);
					return OPT_ERROR;
				}
				st->cluster = NULL;
			}
			rc = deliver(st, k, val, arg);
			if (rc == 0)
				return k;
			if (rc < 0)
				return rc;
			continue;
		}
		st->cluster = NULL;
		if (st->i >= st->argc)
			return OPT_END;
		a = st->argv[st->i++];
		if (st->no_more_opts || a[0] != '-' || !a[1]) {
			st->args[st->nargs++] = (char *)(uintptr_t)a;
			continue;
		}
		if (!strcmp(a, "--")) {
			st->no_more_opts = 1;
			continue;
		}
		if (a[1] != '-') {
			st->cluster = a + 1;
			continue;
		}
		{
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);

			k = find_long(st, name, len);
			if (k == OPT_ERROR)
				return k;
			o = opt_at(st, k);
			if (o->arg) {
				if (eq) {
					val = eq + 1;
				} else if (st->i < st->argc) {
					val = st->argv[st->i++];
				} else {
					cli_usage_error(st->cli, "option '--%s' needs %s",
							o->name, o->arg);
					return OPT_ERROR;
				}
			} else if (eq) {
				cli_usage_error(st->cli, "option '--%s' takes no value",
						o->name);
				return OPT_ERROR;
			}
			rc = deliver(st, k, val, arg);
			if (rc == 0)
				return k;
			if (rc < 0)
				return rc;
		}
	}
}

/* The shared files of an installed veille, PREFIX/share/veille/ for a
 * binary in PREFIX/bin, found from the running executable so that a staged
 * (DESTDIR) or moved installation reads its own; NULL when the binary is
 * not in a bin folder (a build tree). */
static const char *shared_dir(void)
{
	static const char share[] = "/share/veille/";
	static char dir[4096];
	ssize_t n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	char *slash;

	if (n <= 0 || (size_t)n >= sizeof(dir) - sizeof(share))
		return NULL;
	dir[n] = 0;
	if (!(slash = strrchr(dir, '/')))
		return NULL;
	*slash = 0;
	if (!(slash = strrchr(dir, '/')) || strcmp(slash, "/bin"))
		return NULL;
	memcpy(slash, share, sizeof(share));
	return dir;
}

int cli_read_conf(struct cli *cli, int check_urls)
{
	conf_init(&cli->conf);
	cli->conf.datadir = shared_dir();
	if (check_urls)
		cli->conf.check_url = url_check_http;
	cli->conf_loaded = 1;
	return conf_load(&cli->conf, cli->config_path);
}

int cli_conf_errors(struct cli *cli)
{
	size_t i;

	for (i = 0; i < cli->conf.nerrors; i++)
		fprintf(stderr, "%s\n", cli->conf.errors[i]);
	if (cli->conf.nomem) {
		if (!cli->conf.nerrors)
			fprintf(stderr, "veille: out of memory reading '%s'\n",
				cli->config_path);
		return VEILLE_FATAL;
	}
	return VEILLE_USAGE;
}

int cli_load_conf(struct cli *cli)
{
	if (cli->conf_loaded || cli_read_conf(cli, 1) == 0)
		return VEILLE_OK;
	return cli_conf_errors(cli);
}

int cli_load_rules(struct cli *cli, struct classifier **cl)
{
	struct err e = { "" };
	size_t i;
	int rc = cli_load_conf(cli);

	*cl = NULL;
	if (rc != VEILLE_OK)
		return rc;
	*cl = classify_new(&cli->conf, &e);
	if (*cl)
		return VEILLE_OK;
	for (i = 0; i < cli->conf.nerrors; i++)
		fprintf(stderr, "%s\n", cli->conf.errors[i]);
	if (!cli->conf.nerrors)
		fprintf(stderr, "veille %s: %s\n", cli->cmd ? cli->cmd->name : "",
			e.msg);
	return cli->conf.nerrors ? VEILLE_USAGE : VEILLE_FATAL;
}

int cli_finish_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "veille: error writing to standard output\n");
		return rc == VEILLE_OK ? VEILLE_FATAL : rc;
	}
	return rc;
}

int opt_finish_no_args(struct opt_state *st, int o)
{
	int rc = -1;

	if (o != OPT_END)
		rc = opt_exit(o);
	else if (st->nargs)
		rc = cli_usage_error(st->cli, "unexpected argument '%s'",
				     st->args[0]);
	opt_release(st);
	return rc;
}
