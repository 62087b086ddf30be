/* The search syntax of `veille search`, translated into a safe SQLite FTS5
 * match expression. Pure string work: no database, unit-testable and
 * fuzzable.
 *
 * The user's syntax:
 *	word word        both words (AND); "AND" itself is accepted and ignored
 *	"exact phrase"   the words next to each other, in order
 *	a OR b           either
 *	-word, NOT word  exclude (needs at least one word that is not excluded)
 *	prefix*          words starting with prefix
 *	title:word  author:word  feed:word  summary:word  content:word
 *	                 the word in that field (field:"a phrase" and
 *	                 field:prefix* too)
 *	NEAR(a b, 10)    the words within 10 words of each other (default 10)
 *	=word  ="a phrase"  the word (phrase) as written, not stemmed
 * Case and accents never matter (the index folds them); a word matches
 * its inflected forms (the index holds stems: see stem.h). Written with
 * '=' (or every term, with QUERY_EXACT), a word or phrase must also be
 * found as written: see query_translate_flags().
 *
 * Every term of the result is a quoted FTS5 string, so no user text is ever
 * read as FTS5 syntax; the result is bound as a parameter, never pasted
 * into SQL. */
#ifndef VEILLE_INDEX_QUERY_H
#define VEILLE_INDEX_QUERY_H

#include "../util/buf.h"
#include "../util/err.h"

/* Appends the FTS5 expression for q to out. On a query it cannot
 * understand, returns -1 with a message that names the column (1-based,
 * in characters): "unbalanced quote at column 14". */
int query_translate(const char *q, struct buf *out, struct err *e);

/* Every term as written (`veille search --exact`). */
#define QUERY_EXACT 1u
/* Separators of the exact forms. */
#define QUERY_EXACT_AND '\x1e'
#define QUERY_EXACT_ALT '\x1d'
/* query_translate() with flags (QUERY_*). When exact is not NULL, it
 * receives the forms the matches must also hold as written (for
 * store_search's exact): one group per clause of the query all of whose
 * terms are to be found as written, QUERY_EXACT_AND between groups; in a
 * group, the clause's alternatives (a OR b), QUERY_EXACT_ALT between
 * them, each a word or a phrase as the user wrote it. A prefix, a term
 * of NEAR() and an exclusion are never checked as written. */
int query_translate_flags(const char *q, unsigned flags, struct buf *out,
			  struct buf *exact, struct err *e);

/* Appends to out the words of s (n bytes) folded and stemmed as the index
 * stems them, one space between: "Jumeaux numériques" and "jumeau
 * numérique" give the same key. For comparing terms (search --expand);
 * not thread-safe. 0, or -1 when out of memory. */
int query_stem_key(const char *s, size_t n, struct buf *out);

#endif
