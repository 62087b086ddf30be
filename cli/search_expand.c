/* search --expand: the query's terms widened with their synonyms and
 * translations. The groups come from the configuration: each niche's
 * label and label_en (one term in French, its translation), and the
 * `terms` lines of [synonyms NICHE] sections (conf/synonyms.conf). A term
 * of the query (a word, words in a row, or a quoted phrase) that is one of
 * a group's, compared by stems, becomes "a" OR "b" OR ... of the whole
 * group; words after '-', in NEAR(), with a field: or a '*', and those
 * already in an OR, are left as they are. */
#include <string.h>

#include "../index/query.h"
#include "../util/alloc.h"
#include "../util/str.h"
#include "search_expand.h"

#define MAX_TERMS 512
#define MAX_UNITS 256

struct term {
	const char *text;	/* borrowed from the configuration */
	size_t len;
	char *key;		/* stems, space-separated */
	size_t nwords;
	int group;
};

struct terms {
	struct term t[MAX_TERMS];
	size_t n;
	int ngroups;
};

static int add_term(struct terms *ts, const char *s, size_t n, int group)
{
	struct buf k = BUF_INIT;
	struct term *t;
	size_t i;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n || ts->n == MAX_TERMS)
		return 0;
	buf_init(&k, 4096);
	if (query_stem_key(s, n, &k) < 0) {
		buf_release(&k);
		return -1;
	}
	if (!k.len) {
		buf_release(&k);
		return 0;
	}
	t = &ts->t[ts->n];
	t->key = v_strdup(buf_cstr(&k));
	buf_release(&k);
	if (!t->key)
		return -1;
	t->text = s;
	t->len = n;
	t->group = group;
	t->nwords = 1;
	for (i = 0; t->key[i]; i++)
		t->nwords += t->key[i] == ' ';
	ts->n++;
	return 0;
}

/* "a | b | c" */
static int add_group(struct terms *ts, const char *v)
{
	const char *p = v, *bar;
	int g = ts->ngroups++;

	while (p) {
		bar = strchr(p, '|');
		if (add_term(ts, p, bar ? (size_t)(bar - p) : strlen(p), g) < 0)
			return -1;
		p = bar ? bar + 1 : NULL;
	}
	return 0;
}

static int load_terms(const struct conf *c, struct terms *ts)
{
	size_t i, k;

	for (i = 0; i < c->nsections; i++) {
		const struct conf_section *s = &c->sections[i];

		if (!strcmp(s->type, "niche")) {
			const char *fr = conf_str(s, "label", NULL);
			const char *en = conf_str(s, "label_en", NULL);
			int g = ts->ngroups;

			if (!fr || !en)
				continue;
			ts->ngroups++;
			if (add_term(ts, fr, strlen(fr), g) < 0 ||
			    add_term(ts, en, strlen(en), g) < 0)
				return -1;
		} else if (!strcmp(s->type, "synonyms")) {
			for (k = 0; k < s->nentries; k++)
				if (!strcmp(s->entries[k].key, "terms") &&
				    add_group(ts, s->entries[k].value) < 0)
					return -1;
		}
	}
	return 0;
}

/* A piece of the query: a bare word (open to expansion), a quoted phrase
 * (open, as one term), or anything else (kept as written). */
struct unit {
	const char *p;
	size_t n;
	int open;
	int phrase;
	char *key;
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t split(const char *q, struct unit *u)
{
	size_t n = 0;
	int near = 0;

	while (*q && n < MAX_UNITS) {
		const char *s;

		while (is_space(*q))
			q++;
		if (!*q)
			break;
		s = q;
		if (*q == '"') {
			q++;
			while (*q && *q != '"')
				q++;
			if (*q)
				q++;
			while (*q && !is_space(*q))
				q++;
		} else {
			while (*q && !is_space(*q)) {
				if (*q == '"') {
					q++;
					while (*q && *q != '"')
						q++;
					if (!*q)
						break;
				}
				q++;
			}
		}
		u[n].p = s;
		u[n].n = (size_t)(q - s);
		u[n].key = NULL;
		u[n].phrase = *s == '"' && u[n].n >= 2 && s[u[n].n - 1] == '"';
		if (!strncmp(s, "NEAR(", 5))
			near = 1;
		u[n].open = !near && (u[n].phrase ||
				      (!memchr(s, ':', u[n].n) &&
				       !memchr(s, '*', u[n].n) &&
				       !memchr(s, '"', u[n].n) && *s != '-' &&
				       *s != '=' && !(u[n].n == 2 && !memcmp(s, "OR", 2)) &&
				       !(u[n].n == 3 && (!memcmp(s, "AND", 3) ||
							 !memcmp(s, "NOT", 3)))));
		if (near && memchr(s, ')', u[n].n))
			near = 0;
		n++;
	}
	return n;
}

static int is_or(const struct unit *u, size_t n, size_t i)
{
	return i < n && u[i].n == 2 && !memcmp(u[i].p, "OR", 2);
}

/* Appends, quoted and joined by OR, the terms of every group holding a
 * term of this key (a term in several groups joins them), each key once. */
static int put_groups(struct buf *out, const struct terms *ts, const char *key)
{
	size_t i, j, l;
	int first = 1, rc = 0;

	for (i = 0; i < ts->n && rc == 0; i++) {
		int in = 0, seen = 0;

		for (j = 0; j < ts->n && !in; j++)
			in = ts->t[j].group == ts->t[i].group &&
			     !strcmp(ts->t[j].key, key);
		for (j = 0; j < i && in && !seen; j++) {
			int jin = 0;

			for (l = 0; l < ts->n && !jin; l++)
				jin = ts->t[l].group == ts->t[j].group &&
				      !strcmp(ts->t[l].key, key);
			seen = jin && !strcmp(ts->t[j].key, ts->t[i].key);
		}
		if (!in || seen)
			continue;
		if (!first)
			rc |= buf_addstr(out, " OR ");
		first = 0;
		rc |= buf_addch(out, '"');
		for (j = 0; j < ts->t[i].len; j++)
			rc |= buf_addch(out, ts->t[i].text[j] == '"' ? ' '
							       : ts->t[i].text[j]);
		rc |= buf_addch(out, '"');
	}
	return rc;
}

int search_expand(const struct conf *c, const char *q, struct buf *out,
		  int *expanded)
{
	static struct terms ts;
	struct unit u[MAX_UNITS];
	struct buf k = BUF_INIT;
	size_t n = 0, i, j, w;
	int rc = 0;

	*expanded = 0;
	memset(&ts, 0, sizeof ts);
	if (load_terms(c, &ts) < 0)
		goto nomem;
	n = split(q, u);
	buf_init(&k, 1 << 16);
	for (i = 0; i < n; i++) {
		if (!u[i].open)
			continue;
		buf_reset(&k);
		if (query_stem_key(u[i].phrase ? u[i].p + 1 : u[i].p,
				   u[i].phrase ? u[i].n - 2 : u[i].n, &k) < 0 ||
		    !(u[i].key = v_strdup(buf_cstr(&k))))
			goto nomem;
	}
	for (i = 0; i < n && rc == 0; ) {
		const struct term *best = NULL;
		size_t span = 1;

		/* the longest term starting here; a unit in an OR stays */
		if (u[i].open && !is_or(u, n, i + 1) && !(i && is_or(u, n, i - 1))) {
			for (j = 0; j < ts.n; j++) {
				const struct term *t = &ts.t[j];
				size_t take = u[i].phrase ? 1 : t->nwords;

				if ((best && t->nwords <= best->nwords) ||
				    i + take > n)
					continue;
				buf_reset(&k);
				for (w = 0; w < take; w++) {
					if (!u[i + w].open || (w && u[i + w].phrase) ||
					    (take > 1 && u[i + w].phrase) ||
					    (w && buf_addch(&k, ' ') < 0) ||
					    buf_addstr(&k, u[i + w].key) < 0)
						break;
				}
				if (w == take && !strcmp(buf_cstr(&k), t->key) &&
				    !is_or(u, n, i + take)) {
					best = t;
					span = take;
				}
			}
		}
		if (out->len)
			rc |= buf_addch(out, ' ');
		if (best) {
			rc |= put_groups(out, &ts, best->key);
			*expanded = 1;
		} else {
			rc |= buf_add(out, u[i].p, u[i].n);
		}
		i += span;
	}
	for (i = 0; i < n; i++)
		v_free(u[i].key);
	for (i = 0; i < ts.n; i++)
		v_free(ts.t[i].key);
	buf_release(&k);
	return rc ? -1 : 0;
nomem:
	for (i = 0; i < n; i++)
		v_free(u[i].key);
	for (i = 0; i < ts.n; i++)
		v_free(ts.t[i].key);
	buf_release(&k);
	return -1;
}
