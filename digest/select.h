/* Choosing what goes into a member's digest, from the store. Kept apart
 * from digest.h, which knows nothing of the database. */
#ifndef VEILLE_DIGEST_SELECT_H
#define VEILLE_DIGEST_SELECT_H

#include <stddef.h>
#include <stdint.h>

#include "digest.h"

struct store;
struct conf;
struct conf_section;

#define DIGEST_PER_NICHE_DEFAULT 5
#define DIGEST_MAX_ITEMS_DEFAULT 30
/* Picks in one digest, at most (the oldest first). */
#define DIGEST_PICKS_MAX 10

/* Fills d with the sections of its week (d->week must be set) for the
 * member section m of configuration c:
 *  - niches: m's list ("all": every [niche] of c, in file order), one
 *    section each, labelled with the niche's label (label_en for an English
 *    digest; the id when absent), with the stories first seen that week and
 *    the week before (store_niche_counts);
 *  - entries: stories whose first item was first seen during the week
 *    (first_seen, never the item's date), in the member's niches and,
 *    when m sets sectors, in one of them (an item classified in the
 *    sector, or from a [feed] whose sectors name it); stories sent to the
 *    member in another week are left out; one entry per story, in the niche where it ranks
 *    best, listing the story's other sources;
 *  - backlog (store.h: a source's first crawl, old news) is never an
 *    entry: d->backlog counts its stories in the member's niches;
 *  - rank: niche score x (1 + 0.25 per other source, up to 4) + 0.5 x how
 *    late in the week it is dated (undated: first seen);
 *  - at most per_niche entries per niche (m, else [mail], else 5) and
 *    max_items in all (likewise, else 30), the best ranked first;
 *  - the analyst's picks (store_picks_each) come first, in a section of
 *    their own (picks = 1): those made during the week or the week after,
 *    of an item in one of the member's niches or picked for everyone,
 *    never a story the member received in another week; at most
 *    DIGEST_PICKS_MAX, outside the caps; their stories are not repeated
 *    in the niches;
 *  - d->total: the number of entries.
 * *story_ids receives a new array of the stories carried (free with
 * v_free), *nstories their number. 0, or -1 with e set. */
int digest_select(struct store *st, const struct conf *c,
		  const struct conf_section *m, struct digest *d,
		  int64_t **story_ids, size_t *nstories, struct err *e);

/* Fills d (its week and language set, no section yet) with one section,
 * niche, labelled as in digest_select, listing every story of the niche
 * first seen during the week (backlog left out, every language, no cap),
 * best niche score first: the archive page behind "N more in this
 * niche". Its count is the number of entries. 0, or -1 with e set. */
int digest_select_niche(struct store *st, const struct conf *c,
			const char *niche, struct digest *d, struct err *e);

/* The display label of niche id in lang: [niche id] label / label_en, else
 * the other one, else id itself. Borrowed from c or id. */
const char *digest_niche_label(const struct conf *c, const char *id,
			       enum digest_lang lang);

#endif
