/* The full-text index's tokenizer (index/ only; never included elsewhere).
 *
 * "veille_stem" wraps FTS5's unicode61 (its arguments pass through: the
 * schema gives "remove_diacritics 2"). Each word is indexed as it is
 * (folded), and, when they differ, its stem too at the same position,
 * marked with STEM_MARK so that stems and words never meet. The stem is
 * the French Snowball stemmer's, then the English one's: one function of
 * the word, so "jumeaux"/"jumeau", "capteurs"/"capteur",
 * "bearings"/"bearing", "PLCs"/"PLC" meet whatever the item's language
 * (an item's language is often unknown or wrong; stemming twice conflates
 * a little more, which a watch's search can bear).
 *
 * A query word is searched by its stem: the words indexed with that stem,
 * or the word spelt like the stem. Phrases and NEAR match stems at their
 * positions. A prefix ("captu*") is matched against the words as they are,
 * never stemmed. A quoted string whose first byte is STEM_EXACT is
 * searched as it is written (`veille search --exact`). */
#ifndef VEILLE_INDEX_STEM_H
#define VEILLE_INDEX_STEM_H

#include <sqlite3.h>

#define STEM_TOKENIZER "veille_stem"
/* The byte before a stem in the index. */
#define STEM_MARK '\x01'
/* The first byte of an FTS5 string searched without stemming. */
#define STEM_EXACT '\x1f'

/* Registers the tokenizer on db; 0, or -1 (no FTS5, out of memory). */
int stem_register(sqlite3 *db);

/* The migration that rebuilds the index with this tokenizer. */
extern const char *const stem_migration[];

#endif
