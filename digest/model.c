/* The digest model: builders that copy every string they are given. */
#include <string.h>

#include "digest.h"
#include "../util/alloc.h"

static int push_str(char ***arr, size_t *n, const char *s)
{
	char **a;
	char *c;

	if (s == NULL)
		return -1;
	if ((c = v_strdup(s)) == NULL)
		return -1;
	a = v_reallocarray(*arr, *n + 1, sizeof(*a));
	if (a == NULL) {
		v_free(c);
		return -1;
	}
	a[(*n)++] = c;
	*arr = a;
	return 0;
}

static void free_strs(char **a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		v_free(a[i]);
	v_free(a);
}

static char *dup_or_null(const char *s, int *fail)
{
	char *c;

	if (s == NULL)
		return NULL;
	if ((c = v_strdup(s)) == NULL)
		*fail = 1;
	return c;
}

struct digest *digest_new(const char *id, const char *name,
			  enum digest_lang lang)
{
	struct digest *d = v_calloc(1, sizeof(*d));
	int fail = 0;

	if (d == NULL)
		return NULL;
	d->member.id = dup_or_null(id ? id : "", &fail);
	d->member.name = dup_or_null(name ? name : "", &fail);
	d->member.lang = lang;
	d->total = -1;
	if (fail) {
		digest_free(d);
		return NULL;
	}
	return d;
}

static void entry_release(struct digest_entry *en)
{
	size_t i;

	v_free(en->title);
	v_free(en->link);
	v_free(en->source);
	v_free(en->snippet);
	v_free(en->note);
	for (i = 0; i < en->nothers; i++) {
		v_free(en->others[i].name);
		v_free(en->others[i].link);
	}
	v_free(en->others);
}

void digest_free(struct digest *d)
{
	size_t i, j;

	if (d == NULL)
		return;
	v_free(d->member.id);
	v_free(d->member.name);
	v_free(d->member.category);
	free_strs(d->member.emails, d->member.nemails);
	free_strs(d->member.niches, d->member.nniches);
	free_strs(d->new_terms, d->nnew_terms);
	for (i = 0; i < d->nsections; i++) {
		struct digest_section *s = &d->sections[i];
		for (j = 0; j < s->nentries; j++)
			entry_release(&s->entries[j]);
		v_free(s->entries);
		v_free(s->niche);
		v_free(s->label);
		v_free(s->more);
	}
	v_free(d->sections);
	v_free(d);
}

int digest_add_email(struct digest *d, const char *addr)
{
	return push_str(&d->member.emails, &d->member.nemails, addr);
}

int digest_add_niche(struct digest *d, const char *niche)
{
	return push_str(&d->member.niches, &d->member.nniches, niche);
}

int digest_add_term(struct digest *d, const char *term)
{
	return push_str(&d->new_terms, &d->nnew_terms, term);
}

int digest_set_category(struct digest *d, const char *category)
{
	char *c = v_strdup(category);

	if (c == NULL)
		return -1;
	v_free(d->member.category);
	d->member.category = c;
	return 0;
}

struct digest_section *digest_add_section(struct digest *d, const char *niche,
					  const char *label, long count,
					  long prev_count)
{
	struct digest_section *a, *s;
	int fail = 0;

	a = v_reallocarray(d->sections, d->nsections + 1, sizeof(*a));
	if (a == NULL)
		return NULL;
	d->sections = a;
	s = &a[d->nsections];
	memset(s, 0, sizeof(*s));
	s->niche = dup_or_null(niche ? niche : "", &fail);
	s->label = dup_or_null(label ? label : (niche ? niche : ""), &fail);
	s->count = count;
	s->prev_count = prev_count;
	if (fail) {
		v_free(s->niche);
		v_free(s->label);
		return NULL;
	}
	d->nsections++;
	return s;
}

int digest_section_set_more(struct digest_section *s, const char *page)
{
	char *p = v_strdup(page);

	if (p == NULL)
		return -1;
	v_free(s->more);
	s->more = p;
	return 0;
}

struct digest_entry *digest_add_entry(struct digest_section *s,
				      const char *title, const char *link,
				      const char *source, int64_t published,
				      const char *snippet, double score)
{
	struct digest_entry *a, *en;
	int fail = 0;

	a = v_reallocarray(s->entries, s->nentries + 1, sizeof(*a));
	if (a == NULL)
		return NULL;
	s->entries = a;
	en = &a[s->nentries];
	memset(en, 0, sizeof(*en));
	en->title = dup_or_null(title ? title : "", &fail);
	en->link = dup_or_null(link, &fail);
	en->source = dup_or_null(source ? source : "", &fail);
	en->snippet = dup_or_null(snippet, &fail);
	en->published = published;
	en->score = score;
	if (fail) {
		entry_release(en);
		return NULL;
	}
	s->nentries++;
	return en;
}

int digest_entry_add_source(struct digest_entry *en, const char *name,
			    const char *link)
{
	struct digest_source *a;
	char *n, *l = NULL;

	if ((n = v_strdup(name ? name : "")) == NULL)
		return -1;
	if (link != NULL && (l = v_strdup(link)) == NULL) {
		v_free(n);
		return -1;
	}
	a = v_reallocarray(en->others, en->nothers + 1, sizeof(*a));
	if (a == NULL) {
		v_free(n);
		v_free(l);
		return -1;
	}
	a[en->nothers].name = n;
	a[en->nothers].link = l;
	en->nothers++;
	en->others = a;
	return 0;
}

long digest_total(const struct digest *d)
{
	long t = 0;
	size_t i;

	if (d->total >= 0)
		return d->total;
	for (i = 0; i < d->nsections; i++)
		t += d->sections[i].count > 0 ? d->sections[i].count : 0;
	return t;
}

int digest_entry_set_note(struct digest_entry *en, const char *note)
{
	char *n = v_strdup(note ? note : "");

	if (n == NULL)
		return -1;
	v_free(en->note);
	en->note = n;
	return 0;
}
