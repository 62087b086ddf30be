/* Item rows of the trend report, read from the store. */
#include <stdint.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "report_rows.h"

/* Strings of all rows together (titles, links, summaries' leads). */
#define ARENA_MAX ((size_t)2 << 30)

/* The rows and the bytes they point into: strings are copied into blocks
 * that never move (no realloc of hundreds of megabytes, no copy at the
 * peak), and sources, niches and sectors, which repeat a lot, are
 * interned. */
#define BLOCK_BYTES ((size_t)8 << 20)

struct block {
	struct block *next;
	size_t used, size;
	char data[];
};

struct intern_ent {
	uint64_t h;
	const char *s;
};

int rows_list_has(const char *list, const char *const *names)
{
	const char *p = list, *q;
	size_t i, len;

	if (!list)
		return 0;
	for (; *p; p = *q ? q + 1 : q) {
		q = strchr(p, ',');
		if (!q)
			q = p + strlen(p);
		len = (size_t)(q - p);
		for (i = 0; names[i]; i++)
			if (strlen(names[i]) == len && !memcmp(names[i], p, len))
				return 1;
	}
	return 0;
}

static const char *arena_addn(struct rows *c, const char *s, size_t n)
{
	struct block *b = c->blocks;
	char *out;

	if (!b || b->size - b->used < n + 1) {
		size_t size = n + 1 > BLOCK_BYTES ? n + 1 : BLOCK_BYTES;

		if (c->bytes > ARENA_MAX - size) {
			c->oom = 1;
			return NULL;
		}
		b = v_malloc(sizeof *b + size);
		if (!b) {
			c->oom = 1;
			return NULL;
		}
		b->next = c->blocks;
		b->used = 0;
		b->size = size;
		c->blocks = b;
		c->bytes += size;
	}
	out = b->data + b->used;
	memcpy(out, s, n);
	out[n] = '\0';
	b->used += n + 1;
	return out;
}

static const char *arena_add(struct rows *c, const char *s)
{
	return s ? arena_addn(c, s, strlen(s)) : NULL;
}

static void arena_free(struct rows *c)
{
	struct block *b, *next;

	for (b = c->blocks; b; b = next) {
		next = b->next;
		v_free(b);
	}
	c->blocks = NULL;
}

static const char *intern(struct rows *c, const char *s)
{
	size_t i, len;
	uint64_t h;

	if (!s)
		return NULL;
	if (c->in * 2 >= c->icap) {
		size_t ncap = c->icap ? c->icap * 2 : 256, k;
		struct intern_ent *t = v_calloc(ncap, sizeof *t);

		if (!t) {
			c->oom = 1;
			return NULL;
		}
		for (k = 0; k < c->icap; k++) {
			if (!c->intern[k].s)
				continue;
			i = (size_t)c->intern[k].h & (ncap - 1);
			while (t[i].s)
				i = (i + 1) & (ncap - 1);
			t[i] = c->intern[k];
		}
		v_free(c->intern);
		c->intern = t;
		c->icap = ncap;
	}
	len = strlen(s);
	h = str_hash64(s, len);
	h ^= h >> 31;
	for (i = (size_t)h & (c->icap - 1); c->intern[i].s;
	     i = (i + 1) & (c->icap - 1))
		if (c->intern[i].h == h && !strcmp(c->intern[i].s, s))
			return c->intern[i].s;
	c->intern[i].s = arena_addn(c, s, len);
	if (!c->intern[i].s)
		return NULL;
	c->intern[i].h = h;
	c->in++;
	return c->intern[i].s;
}

static int on_row(void *ctx, const struct store_report_row *r)
{
	struct rows *c = ctx;
	struct report_row *row;

	if (c->sectors && !rows_list_has(r->sectors, c->sectors))
		return 0;
	if (c->niches && !rows_list_has(r->niches, c->niches))
		return 0;
	if (c->regions && !rows_list_has(r->sectors, c->regions))
		return 0;
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 4096;
		struct report_row *nr = v_reallocarray(c->rows, ncap, sizeof *nr);

		if (!nr) {
			c->oom = 1;
			return 1;
		}
		c->rows = nr;
		c->cap = ncap;
	}
	row = &c->rows[c->n++];
	memset(row, 0, sizeof *row);
	row->date = r->date;
	row->seen = r->first_seen;
	row->covered = r->covered;
	row->kind = r->publication ? REPORT_PUBLICATION : REPORT_NEWS;
	row->story = r->story_id;
	row->score = r->score;
	row->niches = intern(c, r->niches);
	row->sectors = intern(c, r->sectors);
	row->source = intern(c, r->feed_title);
	row->title = arena_add(c, r->title);
	row->link = arena_add(c, r->link);
	row->text = arena_add(c, r->text);
	return c->oom;
}

int rows_load(struct store *db, const struct store_report_query *q,
	      struct rows *c, struct err *e)
{
	if (store_report_rows(db, q, on_row, c, e) != 0) {
		if (c->oom)
			err_set(e, "out of memory reading %zu items", c->n);
		return -1;
	}
	return 0;
}

void rows_release(struct rows *c)
{
	v_free(c->rows);
	v_free(c->intern);
	arena_free(c);
	memset(c, 0, sizeof *c);
}
