/* The full-text index's tokenizer (index/ only; never included elsewhere).
 *
 * "veille_stem" wraps FTS5's unicode61 (its arguments pass through: the
 * schema gives "remove_diacritics 2") and indexes each word by its stem:
 * the French Snowball stemmer's, then the English one's. One function of
 * the word, so "jumeaux"/"jumeau", "capteurs"/"capteur",
 * "bearings"/"bearing", "PLCs"/"PLC" meet whatever the item's language
 * (often unknown or wrong); stemming twice conflates a little more, which
 * a watch's search can bear. Only stems are indexed: indexing the words
 * too made indexing 35% slower (bench/b20), the stems alone 3%.
 *
 * A query word is stemmed alike, so phrases and NEAR match stems in place
 * and snippets mark the words of the text. A prefix ("captu*") is cut
 * where it stops agreeing with its own stem ("capteurs*" is "capteur*").
 * Forms as written are checked after the match by veille_exact(), an
 * auxiliary function over the row's text (`veille search --exact`). */
#ifndef VEILLE_INDEX_STEM_H
#define VEILLE_INDEX_STEM_H

#include <sqlite3.h>

#define STEM_TOKENIZER "veille_stem"

/* Registers the tokenizer and veille_exact(items_fts, forms) on db; 0, or
 * -1 (no FTS5, out of memory). */
int stem_register(sqlite3 *db);

/* The migration that rebuilds the index with this tokenizer. */
extern const char *const stem_migration[];

#endif
