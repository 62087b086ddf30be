/* Reading the labelled data of rules eval and rules suggest. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../classify/classify.h"
#include "../util/alloc.h"
#include "index_cli.h"
#include "rules_data.h"

#define COLS_MAX 64

int rules_read_line(FILE *f, char **line, size_t *cap)
{
	ssize_t n = getline(line, cap, f);

	if (n < 0)
		return ferror(f) ? -1 : 0;
	if ((size_t)n > RULES_LINE_MAX)
		return -1;
	if (n > 0 && (*line)[n - 1] == '\n')
		(*line)[--n] = '\0';
	if (n > 0 && (*line)[n - 1] == '\r')
		(*line)[--n] = '\0';
	return 1;
}

size_t rules_split_tabs(char *line, char **fields, size_t max)
{
	size_t n = 0;

	while (n < max) {
		char *tab = strchr(line, '\t');

		fields[n++] = line;
		if (!tab)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return n;
}

/* The next label of *p (spaces trimmed) in [*s, *s + *len); 0 at the end. */
static int next_label(const char **p, const char **s, size_t *len)
{
	const char *comma;

	if (!**p)
		return 0;
	comma = strchr(*p, ',');
	*s = *p;
	*len = comma ? (size_t)(comma - *p) : strlen(*p);
	*p = comma ? comma + 1 : *p + *len;
	while (*len && **s == ' ') {
		(*s)++;
		(*len)--;
	}
	while (*len && (*s)[*len - 1] == ' ')
		(*len)--;
	return 1;
}

int rules_has_label(const char *labels, const char *niche)
{
	size_t n = strlen(niche), len;
	const char *p = labels, *s;

	while (next_label(&p, &s, &len))
		if (len == n && !strncmp(s, niche, n))
			return 1;
	return 0;
}

static int col_of(char **names, size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], want))
			return (int)i;
	return -1;
}

/* Labels naming no niche are typos that would silently count as misses:
 * refuses them. */
static int check_labels(const struct labelled *set, const char *name,
			const struct classifier *cl)
{
	size_t i, j, len;

	for (i = 0; i < set->n; i++) {
		const char *p = set->rows[i].labels, *s;

		while (next_label(&p, &s, &len)) {
			int found = 0;

			for (j = 0; j < classify_ngroups(cl) && len; j++) {
				const char *id = classify_group_id(cl, j);

				if (classify_group_kind(cl, j) == CLASSIFY_NICHE &&
				    strlen(id) == len && !strncmp(id, s, len))
					found = 1;
			}
			if (len && !found) {
				fprintf(stderr, "veille rules: '%s': row '%s': "
					"unknown niche '%.*s'\n", name,
					set->rows[i].id, (int)(len < 128 ? len : 128), s);
				return VEILLE_USAGE;
			}
		}
	}
	return VEILLE_OK;
}

static int add_row(struct labelled *set, char **fields, int ci, int ct,
		   int cs, int cl)
{
	struct labelled_row *grown, *r;

	grown = v_reallocarray(set->rows, set->n + 1, sizeof *set->rows);
	if (!grown)
		return -1;
	set->rows = grown;
	r = &set->rows[set->n++];
	r->id = v_strdup(fields[ci]);
	r->title = v_strdup(fields[ct]);
	r->summary = v_strdup(fields[cs]);
	r->labels = v_strdup(fields[cl]);
	return r->id && r->title && r->summary && r->labels ? 0 : -1;
}

int labelled_read(struct labelled *set, FILE *f, const char *name,
		  const char *split, const struct classifier *cl)
{
	char *line = NULL, *fields[COLS_MAX], *names[COLS_MAX];
	size_t cap = 0, nnames = 0, lineno = 1, i;
	int ci, ct, cs, cl_, csplit, r, rc = VEILLE_OK;

	set->rows = NULL;
	set->n = 0;
	r = rules_read_line(f, &line, &cap);
	if (r <= 0) {
		fprintf(stderr, "veille rules: '%s': no header line\n", name);
		v_free(line);	/* getline's memory: v_free is free */
		return VEILLE_USAGE;
	}
	nnames = rules_split_tabs(line, fields, COLS_MAX);
	for (i = 0; i < nnames; i++)
		names[i] = v_strdup(fields[i]);
	for (i = 0; i < nnames; i++)
		if (!names[i])
			goto nomem;
	ci = col_of(names, nnames, "id");
	cl_ = col_of(names, nnames, "labels");
	ct = col_of(names, nnames, "title");
	cs = col_of(names, nnames, "summary");
	csplit = col_of(names, nnames, "split");
	if (ci < 0 || cl_ < 0 || ct < 0 || cs < 0) {
		fprintf(stderr, "veille rules: '%s': the header needs the columns "
			"id, labels, title and summary\n", name);
		rc = VEILLE_USAGE;
		goto out;
	}
	if (split && csplit < 0) {
		fprintf(stderr, "veille rules: '%s': no 'split' column\n", name);
		rc = VEILLE_USAGE;
		goto out;
	}
	while ((r = rules_read_line(f, &line, &cap)) > 0) {
		size_t n;

		lineno++;
		if (!line[0])
			continue;
		n = rules_split_tabs(line, fields, COLS_MAX);
		if (n < nnames) {
			fprintf(stderr, "veille rules: '%s': line %zu: %zu "
				"columns, the header has %zu\n", name, lineno, n,
				nnames);
			rc = VEILLE_USAGE;
			goto out;
		}
		if (split && strcmp(fields[csplit], split))
			continue;
		if (add_row(set, fields, ci, ct, cs, cl_) < 0)
			goto nomem;
	}
	if (r < 0) {
		fprintf(stderr, "veille rules: '%s': line %zu: read error or "
			"line too long\n", name, lineno + 1);
		rc = VEILLE_FATAL;
		goto out;
	}
	rc = check_labels(set, name, cl);
	goto out;
nomem:
	fprintf(stderr, "veille rules: out of memory\n");
	rc = VEILLE_FATAL;
out:
	for (i = 0; i < nnames; i++)
		v_free(names[i]);
	v_free(line);	/* getline's memory: v_free is free */
	return rc;
}

int labelled_from_db(struct labelled *set, struct cli *cli,
		     const struct classifier *cl)
{
	struct store *db = NULL;
	struct err e = { "" };
	char *text = NULL;
	size_t len = 0;
	FILE *mem, *in;
	int rc;

	set->rows = NULL;
	set->n = 0;
	rc = idx_open(cli, STORE_READONLY, &db);
	if (rc != VEILLE_OK)
		return rc;
	/* the export's own format, read back as a file is: what
	 * --from-db measures is what 'veille label --export' writes */
	mem = open_memstream(&text, &len);
	if (!mem) {
		store_close(db);
		fprintf(stderr, "veille rules: out of memory\n");
		return VEILLE_FATAL;
	}
	rc = idx_labels_export(db, cl, mem, NULL, &e);
	store_close(db);
	if (fclose(mem) != 0 || rc < 0) {
		fprintf(stderr, "veille rules: %s\n", e.msg[0] ? e.msg :
			"out of memory");
		v_free(text);	/* open_memstream's memory */
		return VEILLE_FATAL;
	}
	in = fmemopen(text, len, "r");
	if (!in) {
		v_free(text);
		fprintf(stderr, "veille rules: out of memory\n");
		return VEILLE_FATAL;
	}
	rc = labelled_read(set, in, "database", NULL, cl);
	fclose(in);
	v_free(text);	/* open_memstream's memory */
	return rc;
}

void labelled_release(struct labelled *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		v_free(set->rows[i].id);
		v_free(set->rows[i].title);
		v_free(set->rows[i].summary);
		v_free(set->rows[i].labels);
	}
	v_free(set->rows);
	set->rows = NULL;
	set->n = 0;
}
