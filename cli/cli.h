/* The command layer: global options, the command table, and the option
 * iterator shared by every command. One table per command drives the
 * parsing of its options, its --help and its part of veille(1). */
#ifndef VEILLE_CLI_H
#define VEILLE_CLI_H

#include <stdio.h>

#include "../util/conf.h"

/* Exit codes of veille(1); only main() exits. */
enum veille_exit {
	VEILLE_OK = 0,		/* success */
	VEILLE_PARTIAL = 1,	/* done, but some feeds or messages failed */
	VEILLE_USAGE = 2,	/* usage or configuration error */
	VEILLE_FATAL = 3,	/* nothing could be done */
};

struct opt {
	const char *name;	/* long name, without "--"; NULL ends a table */
	int short_name;		/* 'n' for -n, or 0 */
	const char *arg;	/* NULL for a flag, else the argument's name */
	const char *help;	/* one line */
};

struct cli;

struct command {
	const char *name;
	const char *args;	/* after [OPTIONS] in the synopsis: "QUERY..." */
	const char *summary;	/* one line, no full stop */
	const char *description;	/* paragraphs separated by "\n\n" */
	const struct opt *opts;	/* may be NULL */
	int (*run)(struct cli *cli, int argc, char **argv);
};

struct cli {
	const char *argv0;
	const char *config_path;	/* --config, VEILLE_CONFIG, feeds.conf */
	int config_given;		/* by --config or VEILLE_CONFIG */
	const char *db_path;		/* --db, VEILLE_DB, veille.db */
	int verbosity;			/* -1 quiet, 0, 1 -v, 2 -vv */
	const struct command *cmd;
	struct conf conf;
	int conf_loaded;
};

/* The commands, in the order of --help, ending with NULL. */
extern const struct command *const cli_commands[];
extern const struct opt cli_global_opts[];

const struct command *cli_find_command(const char *name);

/* Option iteration. opt_next() returns the index in cmd->opts of the next
 * option and sets *arg to its argument (or NULL); it applies the global
 * options itself (--config, --db, -v, -q). Operands are gathered, in order,
 * in st->args / st->nargs (options and operands may be mixed; "--" ends the
 * options). Returns OPT_END when done, OPT_HELP after printing the command's
 * help (the command then returns VEILLE_OK), OPT_ERROR after printing an
 * error (the command then returns VEILLE_USAGE).
 *
 *	struct opt_state st;
 *	const char *arg;
 *	int o;
 *	opt_init(&st, cli, argc, argv);
 *	while ((o = opt_next(&st, &arg)) >= 0)
 *		switch (o) { case 0: ... }
 *	if (o != OPT_END) return opt_exit(o);
 *	... st.args[0 .. st.nargs-1] ...
 *	opt_release(&st);
 */
#define OPT_END (-1)
#define OPT_HELP (-2)
#define OPT_ERROR (-3)

struct opt_state {
	struct cli *cli;
	int argc;
	char **argv;
	int i;
	char **args;
	int nargs;
	const char *cluster;	/* rest of "-abc" */
	int no_more_opts;
};

void opt_init(struct opt_state *st, struct cli *cli, int argc, char **argv);
int opt_next(struct opt_state *st, const char **arg);
void opt_release(struct opt_state *st);
/* VEILLE_OK for OPT_HELP, VEILLE_USAGE otherwise. */
int opt_exit(int o);
/* The end of a command's option loop (o: opt_next's last return) for a
 * command that takes no operand: releases st and returns -1 to go on, or
 * the exit status (help shown, a bad option, an operand). */
int opt_finish_no_args(struct opt_state *st, int o);
/* Prints "veille CMD: msg" and the usage hint; returns VEILLE_USAGE. */
int cli_usage_error(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));


/* Loads and validates the configuration once; prints every error and
 * returns VEILLE_USAGE on failure, VEILLE_OK otherwise. */
int cli_load_conf(struct cli *cli);
/* The two halves of cli_load_conf(), for a command that adds errors of its
 * own before printing them, or reads the configuration only for what it
 * can use: reads the configuration (once: call only when cli->conf_loaded
 * is 0; URLs are checked with check_urls, which loads libcurl), returning
 * 0 or -1 when it has errors; prints cli->conf's errors and returns
 * VEILLE_USAGE, or VEILLE_FATAL when memory ran out. */
int cli_read_conf(struct cli *cli, int check_urls);
int cli_conf_errors(struct cli *cli);

struct classifier;
/* cli_load_conf(), then the niche and sector rules compiled into *cl (free
 * with classify_free()); prints every error and returns VEILLE_USAGE (a
 * bad rule) or VEILLE_FATAL, VEILLE_OK otherwise. */
int cli_load_rules(struct cli *cli, struct classifier **cl);

/* Help output; globals: the options every command takes
 * (cli_global_opts). */
void help_main(FILE *f, const struct opt *globals);
void help_command(FILE *f, const struct command *cmd);
/* The COMMANDS and OPTIONS sections of veille(1) in roff. */
void help_man(FILE *f, const struct opt *globals);
/* The sections and keys of feeds.conf, as text or (man) roff. */
void help_conf(FILE *f, int man);

/* Flushes stdout and reports a write error (full disk, closed pipe). */
int cli_finish_stdout(int rc);

/* 1 with the reason in why when `check` and `import` refuse url as a
 * feed's: credentials in it, or an internal host (by its literal address
 * or name, nothing resolved) unless allow_private = yes in feed (may be
 * NULL) or [settings]; else 0. */
int cli_feed_url_refused(const struct conf *c, const struct conf_section *feed,
			 const char *url, char *why, size_t n);
/* A configuration error for every [feed] whose url is refused so. */
void cli_check_feed_urls(struct conf *c);

#endif
