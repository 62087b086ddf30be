/* The full-text index's tokenizer, "veille_stem": FTS5's unicode61 (case
 * and accents folded) with French and English Snowball stemming, so that
 * "jumeaux numériques" finds "jumeau numérique" and "PLCs" finds "PLC",
 * whatever the item's language. See stem.h for what is indexed. */
#include <libstemmer.h>
#include <stdint.h>
#include <string.h>

#include "../util/alloc.h"
#include "stem.h"

/* Words longer than this (in bytes, folded) are indexed as they are:
 * stemming is for words, not for identifiers or run-together junk. */
#define STEM_MAX 64

/* A direct-mapped cache of stems: words repeat (Zipf), and two Snowball
 * stemmers cost more per word than FTS5's hash; measured by bench/b20. */
#define CACHE_SLOTS 4096
#define CACHE_WORD 24

struct cache_slot {
	unsigned char wlen, slen;	/* 0: empty */
	char word[CACHE_WORD];
	char stem[CACHE_WORD];
};

struct stem_tok {
	fts5_tokenizer inner_api;	/* unicode61's methods */
	Fts5Tokenizer *inner;
	struct sb_stemmer *fr, *en;
	struct cache_slot *cache;
};

/* One xTokenize call. */
struct stem_call {
	struct stem_tok *t;
	void *ctx;
	int (*x_token)(void *, int, const char *, int, int, int);
	int flags;
	int exact;
	char buf[STEM_MAX + 2];
};

static uint32_t hash_word(const char *s, int n)
{
	uint32_t h = 2166136261u;
	int i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The stem of the folded word w (n bytes) into out (STEM_MAX + 1 bytes);
 * returns its length, or -1 (out of memory). The French stemmer first,
 * then the English one: a single function of the word, so both forms of a
 * pair reach one stem whichever language each is in. */
static int stem_word(struct stem_tok *t, const char *w, int n, char *out)
{
	const sb_symbol *s;
	int len;
	struct cache_slot *c = NULL;

	if (n <= CACHE_WORD) {
		c = &t->cache[hash_word(w, n) & (CACHE_SLOTS - 1)];
		if (c->wlen == n && !memcmp(c->word, w, (size_t)n)) {
			memcpy(out, c->stem, c->slen);
			return c->slen;
		}
	}
	s = sb_stemmer_stem(t->fr, (const sb_symbol *)w, n);
	if (!s)
		return -1;
	len = sb_stemmer_length(t->fr);
	s = sb_stemmer_stem(t->en, s, len);
	if (!s)
		return -1;
	len = sb_stemmer_length(t->en);
	if (len > STEM_MAX || len <= 0) {
		memcpy(out, w, (size_t)n);
		len = n;
	} else {
		memcpy(out, s, (size_t)len);
	}
	if (c && len <= CACHE_WORD) {
		c->wlen = (unsigned char)n;
		c->slen = (unsigned char)len;
		memcpy(c->word, w, (size_t)n);
		memcpy(c->stem, out, (size_t)len);
	}
	return len;
}

static int on_token(void *vc, int tflags, const char *tok, int n, int start,
		    int end)
{
	struct stem_call *c = vc;
	char *stem = c->buf + 1;
	int len, rc;

	if (c->exact || (c->flags & FTS5_TOKENIZE_PREFIX) || n > STEM_MAX ||
	    n <= 0)
		return c->x_token(c->ctx, tflags, tok, n, start, end);
	len = stem_word(c->t, tok, n, stem);
	if (len < 0)
		return SQLITE_NOMEM;
	c->buf[0] = STEM_MARK;
	if (c->flags & FTS5_TOKENIZE_QUERY) {
		/* the words of this stem: those indexed with it, and the
		 * word spelt like the stem, indexed alone */
		rc = c->x_token(c->ctx, tflags, c->buf, len + 1, start, end);
		if (rc == SQLITE_OK)
			rc = c->x_token(c->ctx, FTS5_TOKEN_COLOCATED, stem, len,
					start, end);
		return rc;
	}
	rc = c->x_token(c->ctx, tflags, tok, n, start, end);
	if (rc == SQLITE_OK && (len != n || memcmp(stem, tok, (size_t)n)))
		rc = c->x_token(c->ctx, FTS5_TOKEN_COLOCATED, c->buf, len + 1,
				start, end);
	return rc;
}

static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags,
			const char *text, int ntext,
			int (*x_token)(void *, int, const char *, int, int, int))
{
	struct stem_tok *t = (struct stem_tok *)p;
	struct stem_call c;

	c.t = t;
	c.ctx = ctx;
	c.x_token = x_token;
	c.flags = flags;
	c.exact = 0;
	if ((flags & FTS5_TOKENIZE_QUERY) && ntext > 0 && text[0] == STEM_EXACT) {
		c.exact = 1;
		text++;
		ntext--;
	}
	return t->inner_api.xTokenize(t->inner, &c, flags, text, ntext,
				      on_token);
}

static void tok_delete(Fts5Tokenizer *p)
{
	struct stem_tok *t = (struct stem_tok *)p;

	if (!t)
		return;
	if (t->inner)
		t->inner_api.xDelete(t->inner);
	if (t->fr)
		sb_stemmer_delete(t->fr);
	if (t->en)
		sb_stemmer_delete(t->en);
	v_free(t->cache);
	v_free(t);
}

/* Arguments after the name go to unicode61 as they are (the schema gives
 * "remove_diacritics 2"). */
static int tok_create(void *api_v, const char **argv, int argc,
		      Fts5Tokenizer **out)
{
	fts5_api *api = api_v;
	struct stem_tok *t = v_calloc(1, sizeof *t);
	void *udata = NULL;
	int rc;

	*out = NULL;
	if (!t)
		return SQLITE_NOMEM;
	rc = api->xFindTokenizer(api, "unicode61", &udata, &t->inner_api);
	if (rc == SQLITE_OK)
		rc = t->inner_api.xCreate(udata, argv, argc, &t->inner);
	if (rc == SQLITE_OK) {
		t->fr = sb_stemmer_new("french", "UTF_8");
		t->en = sb_stemmer_new("english", "UTF_8");
		t->cache = v_calloc(CACHE_SLOTS, sizeof *t->cache);
		if (!t->fr || !t->en || !t->cache)
			rc = SQLITE_NOMEM;
	}
	if (rc != SQLITE_OK) {
		tok_delete((Fts5Tokenizer *)t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

int stem_register(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s = NULL;
	fts5_tokenizer tok = { tok_create, tok_delete, tok_tokenize };

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	if (!api || api->iVersion < 2)
		return -1;
	return api->xCreateTokenizer(api, STEM_TOKENIZER, api, &tok, NULL) ==
	       SQLITE_OK ? 0 : -1;
}

/* 10 -> 11: the full-text index stems (issue 22). The table is made again
 * with the new tokenizer, with schema4's tuning, and every item indexed
 * except those still waiting in fts_pending (the next flush indexes them;
 * 'rebuild' would index them twice). The triggers name the table and stay. */
const char *const stem_migration[] = {
	"DROP TABLE items_fts;"
	"CREATE VIRTUAL TABLE items_fts USING fts5(title, summary, content,"
	" authors, feed, content='items_fts_src', content_rowid='id',"
	" tokenize='" STEM_TOKENIZER " remove_diacritics 2', prefix='2 3');"
	"INSERT INTO items_fts(items_fts, rank) VALUES ('hashsize', 8388608);"
	"INSERT INTO items_fts(items_fts, rank) VALUES ('automerge', 8);"
	"INSERT INTO items_fts(rowid, title, summary, content, authors, feed)"
	" SELECT id, title, summary, content, authors, feed FROM items_fts_src"
	" WHERE id NOT IN (SELECT id FROM fts_pending) ORDER BY id;",
	NULL,
};
