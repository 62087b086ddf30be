/* The full-text index's tokenizer, "veille_stem": FTS5's unicode61 (case
 * and accents folded) with French and English Snowball stemming, so that
 * "jumeaux numériques" finds "jumeau numérique" and "PLCs" finds "PLC",
 * whatever the item's language. See stem.h for what is indexed. */
#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/utf8.h"
#include "query.h"
#include "stem.h"

/* Words longer than this (in bytes, folded) are indexed as they are:
 * stemming is for words, not for identifiers or run-together junk. */
#define STEM_MAX 64

/* A direct-mapped cache of stems: words repeat (Zipf), and two Snowball
 * stemmers cost more per word than FTS5's hash; measured by bench/b20. */
#define CACHE_SLOTS 4096
#define CACHE_WORD 24

struct cache_slot {
	uint32_t hash;
	unsigned char wlen, slen;	/* 0: empty */
	char word[CACHE_WORD];
	char stem[CACHE_WORD];
};

struct stem_tok {
	fts5_tokenizer inner_api;	/* unicode61's methods */
	Fts5Tokenizer *inner;
	struct sb_stemmer *fr, *en;
	struct cache_slot *cache;
	int nostem;		/* VEILLE_NO_STEM: unicode61 alone */
};

/* One xTokenize call. */
struct stem_call {
	struct stem_tok *t;
	void *ctx;
	int (*x_token)(void *, int, const char *, int, int, int);
	int flags;
	char buf[STEM_MAX + 1];
};

static int is_word_byte(char c)
{
	unsigned char u = (unsigned char)c;

	return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
	       (u >= 'A' && u <= 'Z');
}

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
	uint32_t h = 0;
	struct cache_slot *c = NULL;

	if (n <= CACHE_WORD) {
		h = hash_word(w, n);
		c = &t->cache[h & (CACHE_SLOTS - 1)];
		if (c->hash == h && c->wlen == n && !memcmp(c->word, w, (size_t)n)) {
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
		c->hash = h;
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
	int len, k;

	if (c->t->nostem || n > STEM_MAX || n <= 0)
		return c->x_token(c->ctx, tflags, tok, n, start, end);
	len = stem_word(c->t, tok, n, c->buf);
	if (len < 0)
		return SQLITE_NOMEM;
	if (c->flags & FTS5_TOKENIZE_PREFIX) {
		/* the prefix as far as it agrees with its stem: "capteurs*"
		 * is "capteur*", which the stems of capteurs and capteurses
		 * start with */
		for (k = 0; k < len && k < n && c->buf[k] == tok[k]; k++)
			;
		if (k == 0)
			return c->x_token(c->ctx, tflags, tok, n, start, end);
		return c->x_token(c->ctx, tflags, tok, k, start, end);
	}
	return c->x_token(c->ctx, tflags, c->buf, len, start, end);
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
		/* for bench/b20 only: the same index and searches as
		 * before stemming, to compare veille with itself */
		t->nostem = getenv("VEILLE_NO_STEM") != NULL;
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

/* veille_exact(items_fts, forms): 1 when the row holds the forms as
 * written (query_translate_flags()'s exact), words folded as unicode61
 * folds them, a phrase's words in a row in one column. */
struct exact_fn {
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
};

/* The words of a text, each ending with a NUL, and where each starts. */
struct words {
	struct buf text;
	size_t *off;
	size_t n, cap;
};

static int add_word(void *ctx, int tflags, const char *w, int n, int start,
		    int end)
{
	struct words *ws = ctx;

	(void)start;
	(void)end;
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (ws->n == ws->cap) {
		size_t cap = ws->cap ? 2 * ws->cap : 64;
		size_t *off = v_reallocarray(ws->off, cap, sizeof *off);

		if (!off)
			return SQLITE_NOMEM;
		ws->off = off;
		ws->cap = cap;
	}
	ws->off[ws->n++] = ws->text.len;
	if (buf_add(&ws->text, w, (size_t)n) < 0 || buf_addch(&ws->text, 0) < 0)
		return SQLITE_NOMEM;
	return SQLITE_OK;
}

static int words_read(struct exact_fn *f, struct words *ws, const char *s,
		      int n)
{
	buf_reset(&ws->text);
	ws->n = 0;
	return f->api.xTokenize(f->tok, ws, FTS5_TOKENIZE_DOCUMENT, s, n,
				add_word);
}

static const char *word_at(const struct words *ws, size_t i)
{
	return ws->text.data + ws->off[i];
}

/* 1 when the words of p are in a row in c. */
static int has_run(const struct words *c, const struct words *p)
{
	size_t i, j;

	if (!p->n)
		return 1;
	for (i = 0; i + p->n <= c->n; i++) {
		for (j = 0; j < p->n; j++)
			if (strcmp(word_at(c, i + j), word_at(p, j)))
				break;
		if (j == p->n)
			return 1;
	}
	return 0;
}

static void fn_exact(const Fts5ExtensionApi *api, Fts5Context *fts,
		     sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	struct exact_fn *f = api->xUserData(fts);
	struct words cols[8], alt;
	const char *spec, *p, *q;
	int ncols, i, rc = SQLITE_OK, ok = 1;

	if (nval != 1) {
		sqlite3_result_error(ctx, "veille_exact: one argument", -1);
		return;
	}
	spec = (const char *)sqlite3_value_text(val[0]);
	ncols = api->xColumnCount(fts);
	if (ncols > 8)
		ncols = 8;
	memset(cols, 0, sizeof cols);
	memset(&alt, 0, sizeof alt);
	for (i = 0; i < ncols; i++)
		buf_init(&cols[i].text, 1u << 30);
	buf_init(&alt.text, 1u << 20);
	for (i = 0; i < ncols && rc == SQLITE_OK; i++) {
		const char *z = NULL;
		int nz = 0;

		rc = api->xColumnText(fts, i, &z, &nz);
		if (rc == SQLITE_OK && z)
			rc = words_read(f, &cols[i], z, nz);
	}
	/* each group: one of its alternatives somewhere */
	for (p = spec ? spec : ""; *p && ok && rc == SQLITE_OK; ) {
		int found = 0;

		for (;;) {
			q = p + strcspn(p, "\x1d\x1e");
			if (!found) {
				rc = words_read(f, &alt, p, (int)(q - p));
				for (i = 0; i < ncols && rc == SQLITE_OK &&
				     !found; i++)
					found = has_run(&cols[i], &alt);
			}
			p = *q ? q + 1 : q;
			if (*q != QUERY_EXACT_ALT)
				break;
		}
		ok = found;
	}
	for (i = 0; i < ncols; i++) {
		buf_release(&cols[i].text);
		v_free(cols[i].off);
	}
	buf_release(&alt.text);
	v_free(alt.off);
	if (rc != SQLITE_OK)
		sqlite3_result_error_code(ctx, rc);
	else
		sqlite3_result_int(ctx, ok);
}

static void fn_exact_free(void *p)
{
	struct exact_fn *f = p;

	if (f && f->tok)
		f->api.xDelete(f->tok);
	v_free(f);
}

static int exact_register(fts5_api *api)
{
	static const char *const args[] = { "remove_diacritics", "2" };
	struct exact_fn *f = v_calloc(1, sizeof *f);
	void *udata = NULL;

	if (!f)
		return -1;
	if (api->xFindTokenizer(api, "unicode61", &udata, &f->api) != SQLITE_OK ||
	    f->api.xCreate(udata, (const char **)args, 2, &f->tok) != SQLITE_OK) {
		fn_exact_free(f);
		return -1;
	}
	return api->xCreateFunction(api, "veille_exact", f, fn_exact,
				    fn_exact_free) == SQLITE_OK ? 0 : -1;
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
	if (api->xCreateTokenizer(api, STEM_TOKENIZER, api, &tok, NULL) !=
	    SQLITE_OK)
		return -1;
	return exact_register(api);
}

/* For query_stem_key(): one pair of stemmers, made at the first call. */
static struct stem_tok key_tok;

int query_stem_key(const char *s, size_t n, struct buf *out)
{
	struct buf f = BUF_INIT;
	char stem[STEM_MAX + 1];
	size_t i = 0, start;
	int rc = 0, len;

	if (!key_tok.fr) {
		key_tok.fr = sb_stemmer_new("french", "UTF_8");
		key_tok.en = sb_stemmer_new("english", "UTF_8");
		key_tok.cache = v_calloc(CACHE_SLOTS, sizeof *key_tok.cache);
		if (!key_tok.fr || !key_tok.en || !key_tok.cache)
			return -1;
	}
	buf_init(&f, 1 << 16);
	if (utf8_fold(&f, s, n) < 0) {
		buf_release(&f);
		return -1;
	}
	/* words: letters and digits (bytes >= 0x80: letters of other
	 * scripts), as unicode61 splits them */
	while (i < f.len && rc == 0) {
		while (i < f.len && !is_word_byte(f.data[i]))
			i++;
		start = i;
		while (i < f.len && is_word_byte(f.data[i]))
			i++;
		if (i == start)
			break;
		if (i - start > STEM_MAX) {
			rc = buf_add(out, f.data + start, i - start);
		} else {
			len = stem_word(&key_tok, f.data + start, (int)(i - start),
					stem);
			rc = len < 0 ? -1 : buf_add(out, stem, (size_t)len);
		}
		if (rc == 0)
			rc = buf_addch(out, ' ');
	}
	if (rc == 0 && out->len && out->data[out->len - 1] == ' ')
		buf_truncate(out, out->len - 1);
	buf_release(&f);
	return rc;
}

/* 13 -> 14: the full-text index stems (issue 22). The table is made again
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
