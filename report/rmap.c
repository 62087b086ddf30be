/* Small hash maps for the report's aggregation: sources and terms by
 * string, stories by id, each interned once, so the pass over rows stays
 * linear. */
#include <string.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "report_int.h"

void rmap_init(struct rmap *m)
{
	m->ents = NULL;
	m->cap = m->n = 0;
}

void rmap_release(struct rmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		v_free(m->ents[i].key);
	v_free(m->ents);
	rmap_init(m);
}

/* The first slot to probe for x in a table of cap (a power of two): x
 * mixed so that its high bits count too, or linear probing degrades. */
static size_t home(uint64_t x, size_t cap)
{
	x *= UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(x ^ (x >> 29)) & (cap - 1);
}

static struct rmap_ent *slot(struct rmap_ent *ents, size_t cap, uint64_t h,
			     const char *key, size_t len)
{
	/* FNV's low bits cluster on short similar keys ("w12", "w13") */
	size_t i = home(h ^ (h >> 32), cap);

	while (ents[i].used && !(ents[i].h == h && ents[i].len == len &&
				 memcmp(rmap_key(&ents[i]), key, len) == 0))
		i = (i + 1) & (cap - 1);
	return &ents[i];
}

static int grow(struct rmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64, i;
	struct rmap_ent *ne = v_calloc(ncap, sizeof *ne);

	if (!ne)
		return -1;
	for (i = 0; i < m->cap; i++)
		if (m->ents[i].used)
			*slot(ne, ncap, m->ents[i].h, rmap_key(&m->ents[i]),
			      m->ents[i].len) = m->ents[i];
	v_free(m->ents);
	m->ents = ne;
	m->cap = ncap;
	return 0;
}

const struct rmap_ent *rmap_get(const struct rmap *m, const char *key,
				size_t len)
{
	const struct rmap_ent *en;

	if (!m->cap)
		return NULL;
	en = slot(m->ents, m->cap, str_hash64(key, len), key, len);
	return en->used ? en : NULL;
}

struct rmap_ent *rmap_put(struct rmap *m, const char *key, size_t len,
			  size_t fresh, int *added)
{
	uint64_t h = str_hash64(key, len);
	struct rmap_ent *en;

	*added = 0;
	if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
		return NULL;
	en = slot(m->ents, m->cap, h, key, len);
	if (en->used)
		return en;
	if (len > RMAP_INLINE) {
		if (len > UINT32_MAX)
			return NULL;
		en->key = v_strndup(key, len);
		if (!en->key)
			return NULL;
	} else {
		memcpy(en->inl, key, len);
		en->inl[len] = '\0';
	}
	en->used = 1;
	en->len = (uint32_t)len;
	en->h = h;
	en->val = fresh;
	m->n++;
	*added = 1;
	return en;
}

void imap_init(struct imap *m)
{
	m->ents = NULL;
	m->cap = m->n = 0;
}

void imap_release(struct imap *m)
{
	v_free(m->ents);
	imap_init(m);
}

static struct imap_ent *islot(struct imap_ent *ents, size_t cap, int64_t key)
{
	size_t i = home((uint64_t)key, cap);

	while (ents[i].key && ents[i].key != key)
		i = (i + 1) & (cap - 1);
	return &ents[i];
}

const struct imap_ent *imap_get(const struct imap *m, int64_t key)
{
	const struct imap_ent *en;

	if (key == 0 || !m->cap)
		return NULL;
	en = islot(m->ents, m->cap, key);
	return en->key == key ? en : NULL;
}

struct imap_ent *imap_put(struct imap *m, int64_t key, size_t fresh,
			  int *added)
{
	struct imap_ent *en;

	*added = 0;
	if (key == 0)
		return NULL;
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 64, i;
		struct imap_ent *ne = v_calloc(ncap, sizeof *ne);

		if (!ne)
			return NULL;
		for (i = 0; i < m->cap; i++)
			if (m->ents[i].key)
				*islot(ne, ncap, m->ents[i].key) = m->ents[i];
		v_free(m->ents);
		m->ents = ne;
		m->cap = ncap;
	}
	en = islot(m->ents, m->cap, key);
	if (en->key)
		return en;
	en->key = key;
	en->val = fresh;
	m->n++;
	*added = 1;
	return en;
}
