/* The labelled data of `veille rules eval` and `rules suggest`: a TSV file
 * whose header names the columns id, labels (comma-separated niche ids),
 * title and summary (split, source, lang and others may follow), or the
 * items an analyst corrected in the database (veille label). */
#ifndef VEILLE_CLI_RULES_DATA_H
#define VEILLE_CLI_RULES_DATA_H

#include <stdint.h>
#include <stdio.h>

#include "cli.h"

/* Longest input line; longer lines are an error, not a silent cut. */
#define RULES_LINE_MAX ((size_t)1 << 20)

struct classifier;

struct labelled_row {
	char *id, *title, *summary, *labels;	/* owned */
};

struct labelled {
	struct labelled_row *rows;
	size_t n;
};

/* Reads one line without its "\n" (and "\r"). 1, 0 at EOF, -1 when too
 * long or on a read error. */
int rules_read_line(FILE *f, char **line, size_t *cap);
/* Splits line on tabs in place; returns the number of fields (at most
 * max). */
size_t rules_split_tabs(char *line, char **fields, size_t max);
/* 1 when niche is one of the comma-separated labels (spaces around a
 * label ignored). */
int rules_has_label(const char *labels, const char *niche);

/* Reads the labelled TSV f (named name in messages) into set, keeping the
 * rows whose split column is split (NULL: every row); a label naming no
 * niche of cl is an error. Prints what is wrong ("veille rules: ...") and
 * returns a VEILLE_* code. Release set with labelled_release() whatever
 * the result. */
int labelled_read(struct labelled *set, FILE *f, const char *name,
		  const char *split, const struct classifier *cl);
/* The same from the items an analyst corrected in the database of cli
 * (veille label --export). */
int labelled_from_db(struct labelled *set, struct cli *cli,
		     const struct classifier *cl);
void labelled_release(struct labelled *set);

/* rules suggest (rules_suggest.c). */
struct rules_suggest_opts {
	const char *niche;	/* a niche of the classifier */
	const char *labels;	/* a labelled TSV file ("-": standard input),
				 * or NULL: the database's items */
	const char *split;	/* with labels: only this split, or NULL */
	int64_t limit;		/* terms printed (<= 0: all) */
	int format;		/* 0 text, 1 tsv, 2 json (one object a line) */
};
/* Prints the terms over-represented in the niche's positives against the
 * other rows (G² of document counts, at least SUGGEST_MIN_DOCS positives
 * and G² >= 3.84), those no match rule of the niche matches first, each
 * with its counts and two example titles. A VEILLE_* code; errors are
 * printed. */
int rules_suggest(struct cli *cli, const struct classifier *cl,
		  const struct rules_suggest_opts *o);

#endif
