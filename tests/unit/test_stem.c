/* Unit tests of the stemming tokenizer (index/stem.c) on a bare FTS5
 * table in memory: which French and English forms meet, that phrases,
 * NEAR and prefixes keep their meaning, snippets mark the words of the
 * text, and veille_exact() keeps the forms as written. Then the exact
 * forms that query_translate_flags() hands over. */
#include <stdio.h>
#include <string.h>

#include "../../index/query.h"
#include "../../index/stem.h"
#include "tap.h"

static sqlite3 *db;

static const char *const docs[] = {
	/* 1 */ "Safran généralise ses jumeaux numériques",
	/* 2 */ "Un jumeau numérique pour la ligne",
	/* 3 */ "Les capteurs de vibration",
	/* 4 */ "Un capteur sans fil",
	/* 5 */ "Remaining useful life of rolling bearings",
	/* 6 */ "A bearing fault",
	/* 7 */ "Programming PLCs safely",
	/* 8 */ "One PLC per line",
	/* 9 */ "numériques et jumeaux, pas dans l'ordre",
};

/* The rowids matching m, as "1,2". */
static const char *hits(const char *m, const char *exact)
{
	static char out[128];
	sqlite3_stmt *s;
	size_t n = 0;

	out[0] = 0;
	if (sqlite3_prepare_v2(db, exact ? "SELECT rowid FROM t WHERE t MATCH ?1"
			       " AND veille_exact(t, ?2) ORDER BY rowid"
			       : "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid",
			       -1, &s, NULL) != SQLITE_OK)
		return sqlite3_errmsg(db);
	sqlite3_bind_text(s, 1, m, -1, SQLITE_STATIC);
	if (exact)
		sqlite3_bind_text(s, 2, exact, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW && n + 8 < sizeof out)
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%lld", n ? "," : "",
				      (long long)sqlite3_column_int64(s, 0));
	sqlite3_finalize(s);
	return out;
}

static const struct { const char *match, *exact, *want; } cases[] = {
	/* French plurals and inflections, both ways */
	{ "\"jumeau numérique\"", NULL, "1,2" },
	{ "\"jumeaux numériques\"", NULL, "1,2" },
	{ "jumeaux AND numériques", NULL, "1,2,9" },
	{ "capteurs", NULL, "3,4" },
	{ "capteur", NULL, "3,4" },
	/* English */
	{ "bearings", NULL, "5,6" },
	{ "bearing", NULL, "5,6" },
	{ "PLCs", NULL, "7,8" },
	{ "plc", NULL, "7,8" },
	/* a phrase keeps its order, NEAR its distance */
	{ "\"numérique jumeau\"", NULL, "" },
	{ "NEAR(jumeau numériques, 0)", NULL, "1,2" },
	{ "NEAR(jumeau numériques, 1)", NULL, "1,2,9" },
	{ "NEAR(rolling bearing, 0)", NULL, "5" },
	{ "NEAR(remaining bearing, 2)", NULL, "" },
	/* prefixes: the start of the words, cut to their stem */
	{ "capt*", NULL, "3,4" },
	{ "capteurs*", NULL, "3,4" },
	{ "jumeaux*", NULL, "1,2,9" },
	{ "bea*", NULL, "5,6" },
	/* forms as written */
	{ "capteurs", "capteurs", "3" },
	{ "capteur", "capteur", "4" },
	{ "\"jumeaux numériques\"", "jumeaux numériques", "1" },
	{ "bearing OR plc", "bearing\x1dplc", "6,8" },
	{ "bearing AND fault", "bearing\x1e" "fault", "6" },
	{ "bearings", "BEARINGS", "5" },
};

int main(void)
{
	static const char *const forms[][2] = {
		{ "=capteurs", "capteurs" },
		{ "=\"jumeaux numériques\" ligne", "jumeaux numériques" },
		{ "=a OR =b =c", "a\x1d" "b\x1e" "c" },
		{ "=a OR b", "" },
		{ "=a* b", "" },
		{ "-=a b", "" },
		{ "NEAR(=a =b) c", "" },
		{ "title:=Jumeaux", "Jumeaux" },
	};
	char *err = NULL;
	size_t i;
	sqlite3_stmt *s;

	OK(sqlite3_open(":memory:", &db) == SQLITE_OK && stem_register(db) == 0,
	   "tokenizer registered");
	OK(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='"
			STEM_TOKENIZER " remove_diacritics 2', prefix='2 3')",
			NULL, NULL, &err) == SQLITE_OK, "table: %s", err ? err : "");
	sqlite3_free(err);
	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		if (sqlite3_prepare_v2(db, "INSERT INTO t(rowid, x) VALUES (?1, ?2)",
				       -1, &s, NULL) != SQLITE_OK)
			break;
		sqlite3_bind_int64(s, 1, (sqlite3_int64)i + 1);
		sqlite3_bind_text(s, 2, docs[i], -1, SQLITE_STATIC);
		OK(sqlite3_step(s) == SQLITE_DONE, "doc %zu indexed", i + 1);
		sqlite3_finalize(s);
	}
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		STREQ(hits(cases[i].match, cases[i].exact), cases[i].want,
		      "[%s] exact [%s]", cases[i].match,
		      cases[i].exact ? cases[i].exact : "");

	/* snippets mark the words of the text, found by their stems */
	if (sqlite3_prepare_v2(db, "SELECT highlight(t, 0, '[', ']') FROM t"
			       " WHERE t MATCH 'jumeau' AND rowid = 1", -1, &s,
			       NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		STREQ((const char *)sqlite3_column_text(s, 0),
		      "Safran généralise ses [jumeaux] numériques", "highlight");
	else
		OK(0, "highlight: %s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	sqlite3_close(db);

	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		struct buf m = BUF_INIT, x = BUF_INIT;
		struct err e = { "" };

		OK(query_translate_flags(forms[i][0], 0, &m, &x, &e) == 0,
		   "[%s] translated (%s)", forms[i][0], e.msg);
		STREQ(buf_cstr(&x), forms[i][1], "[%s] forms as written",
		      forms[i][0]);
		buf_release(&m);
		buf_release(&x);
	}
	{
		struct buf m = BUF_INIT, x = BUF_INIT;
		struct err e = { "" };

		OK(query_translate_flags("a \"b c\" d* NEAR(e f)", QUERY_EXACT,
					 &m, &x, &e) == 0, "--exact translated");
		STREQ(buf_cstr(&x), "a\x1e" "b c", "--exact: words and phrases");
		STREQ(buf_cstr(&m), "\"a\" AND \"b c\" AND \"d\"* AND "
		      "NEAR(\"e\" \"f\", 10)", "--exact: the same match");
		buf_release(&m);
		buf_release(&x);
	}
	return tap_done();
}
