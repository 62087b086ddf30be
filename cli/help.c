/* --help, `veille help COMMAND` and the generated part of veille(1), all
 * from the command and option tables. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void print_opts(FILE *f, const struct opt *opts)
{
	char left[64];

	for (; opts && opts->name; opts++) {
		if (opts->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s",
				 opts->short_name, opts->name, opts->arg ? " " : "",
				 opts->arg ? opts->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", opts->name,
				 opts->arg ? " " : "", opts->arg ? opts->arg : "");
		if (strlen(left) > 24)
			fprintf(f, "  %s\n  %-24s  %s\n", left, "", opts->help);
		else
			fprintf(f, "  %-24s  %s\n", left, opts->help);
	}
}

void help_main(FILE *f, const struct opt *globals)
{
	const struct command *const *c;

	fputs("usage: veille [--config FILE] [--db FILE] [-v|-q] COMMAND [ARGS]\n"
	      "\n"
	      "The technology watch of Cluster Maintenance 4.0: fetches news and\n"
	      "publication feeds, sorts them into maintenance niches, indexes them\n"
	      "for search, and writes member digests and trend reports.\n"
	      "\n"
	      "Commands:\n", f);
	for (c = cli_commands; *c; c++)
		fprintf(f, "  %-12s  %s\n", (*c)->name, (*c)->summary);
	fputs("\nOptions:\n", f);
	print_opts(f, globals);
	fputs("      --version             show versions of veille and its libraries\n"
	      "\n"
	      "'veille help COMMAND' or 'veille COMMAND --help' explains a command.\n"
	      "Exit status: 0 success, 1 some feeds or messages failed, 2 usage or\n"
	      "configuration error, 3 nothing could be done. See veille(1).\n", f);
}

void help_command(FILE *f, const struct command *cmd)
{
	const char *d = cmd->description;

	fprintf(f, "usage: veille %s%s%s%s\n\n%c%s.\n", cmd->name,
		cmd->opts ? " [OPTIONS]" : "", cmd->args ? " " : "",
		cmd->args ? cmd->args : "",
		cmd->summary[0] >= 'a' && cmd->summary[0] <= 'z' ?
			cmd->summary[0] - 'a' + 'A' : cmd->summary[0],
		cmd->summary + 1);
	if (d && *d)
		fprintf(f, "\n%s\n", d);
	if (cmd->opts) {
		fputs("\nOptions:\n", f);
		print_opts(f, cmd->opts);
	}
	fputs("\nGlobal options (--config, --db, -v, -q) are accepted too.\n", f);
}

/* roff: escape backslashes, leading dots and quotes, and hyphens. */
/* A UTF-8 character as groff's \[uXXXX], whatever the reader's input
 * encoding ("é", "—", "’"; groff reads bytes as Latin-1 unless told);
 * returns the bytes it took. */
static int roff_char(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long c;
	int n, i;

	if (p[0] >= 0xf0 && p[0] < 0xf5)
		n = 4, c = p[0] & 0x07;
	else if (p[0] >= 0xe0)
		n = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xc2)
		n = 2, c = p[0] & 0x1f;
	else
		n = 0, c = 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			break;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (n == 0 || i < n) {
		fputc('?', f);
		return 1;
	}
	fprintf(f, "\\[u%04lX]", c);
	return n;
}

static void roff(FILE *f, const char *s)
{
	int bol = 1;

	for (; *s; s++) {
		if (bol && (*s == '.' || *s == '\''))
			fputs("\\&", f);
		bol = *s == '\n';
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else if ((unsigned char)*s >= 0x80)
			s += roff_char(f, s) - 1;
		else
			fputc(*s, f);
	}
}

static void man_opts(FILE *f, const struct opt *opts)
{
	for (; opts && opts->name; opts++) {
		fputs(".TP\n", f);
		if (opts->short_name)
			fprintf(f, "\\fB\\-%c\\fR, ", opts->short_name);
		fputs("\\fB\\-\\-", f);
		roff(f, opts->name);
		fputs("\\fR", f);
		if (opts->arg) {
			fputs(" \\fI", f);
			roff(f, opts->arg);
			fputs("\\fR", f);
		}
		fputc('\n', f);
		roff(f, opts->help);
		fputs(".\n", f);
	}
}

void help_man(FILE *f, const struct opt *globals)
{
	const struct command *const *c;

	fputs(".SH OPTIONS\n"
	      "These options are accepted before or after the command.\n", f);
	man_opts(f, globals);
	fputs(".TP\n\\fB\\-\\-version\\fR\nShow the versions of veille and of "
	      "libcurl, libxml2, SQLite and PCRE2, with FTS5 and JIT availability.\n",
	      f);
	fputs(".SH COMMANDS\n", f);
	for (c = cli_commands; *c; c++) {
		const char *d = (*c)->description, *p;

		fputs(".SS \"", f);
		roff(f, (*c)->name);
		if ((*c)->opts)
			fputs(" [OPTIONS]", f);
		if ((*c)->args) {
			fputc(' ', f);
			roff(f, (*c)->args);
		}
		fputs("\"\n", f);
		roff(f, (*c)->summary);
		fputs(".\n", f);
		while (d && *d) {
			p = strstr(d, "\n\n");
			fputs(".PP\n", f);
			if (p) {
				char para[4096];
				size_t n = (size_t)(p - d);

				if (n >= sizeof(para))
					n = sizeof(para) - 1;
				memcpy(para, d, n);
				para[n] = '\0';
				roff(f, para);
				fputc('\n', f);
				d = p + 2;
			} else {
				roff(f, d);
				fputc('\n', f);
				d = NULL;
			}
		}
		man_opts(f, (*c)->opts);
	}
}

static const char *type_name(enum conf_type t)
{
	switch (t) {
	case CT_STRING: return "text";
	case CT_URL: return "URL";
	case CT_SOURCE: return "URL or file";
	case CT_DURATION: return "duration";
	case CT_SIZE: return "size";
	case CT_INT: return "integer";
	case CT_NUMBER: return "number";
	case CT_BOOL: return "yes|no";
	case CT_LIST: return "list";
	case CT_ENUM: return "choice";
	case CT_EMAILS: return "addresses";
	case CT_RULE: return "rule";
	case CT_PATH: return "file";
	case CT_TIMEZONE: return "time zone";
	}
	return "text";
}

void help_conf(FILE *f, int man)
{
	const struct conf_schema *sc;
	const struct conf_key *k;

	if (!man)
		fputs("feeds.conf: sections and keys (see feeds.conf(5))\n", f);
	for (sc = conf_schemas; sc->type; sc++) {
		if (man) {
			fputs(".SS \"", f);
			if (sc->type[0])
				fprintf(f, "[%s%s]", sc->type, sc->named ? " NAME" : "");
			else
				fputs("Top level", f);
			fputs("\"\n", f);
			roff(f, sc->help);
			fputs(".\n", f);
		} else if (sc->type[0]) {
			fprintf(f, "\n[%s%s]  %s\n", sc->type, sc->named ? " NAME" : "",
				sc->help);
		} else {
			fprintf(f, "\nTop level: %s\n", sc->help);
		}
		for (k = sc->keys; k->name; k++) {
			const char *ty = k->type == CT_ENUM ? k->values : type_name(k->type);

			if (man) {
				fputs(".TP\n\\fB", f);
				roff(f, k->name);
				fputs("\\fR = \\fI", f);
				roff(f, ty);
				fputs("\\fR", f);
				if (k->flags & CK_REQUIRED)
					fputs(" (required)", f);
				if (k->flags & CK_REPEAT)
					fputs(" (repeatable)", f);
				fputc('\n', f);
				roff(f, k->help);
				fputs(".\n", f);
			} else {
				fprintf(f, "  %-16s %-22s %s%s%s\n", k->name, ty, k->help,
					(k->flags & CK_REQUIRED) ? " (required)" : "",
					(k->flags & CK_REPEAT) ? " (repeatable)" : "");
			}
		}
	}
}
