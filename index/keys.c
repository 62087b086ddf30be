/* The hash keys that find stories: of a title key (store_key) and of a
 * canonical link (canon_key). The SQL functions veille_hash and
 * veille_canon_key (store.c) compute the same in statements. */
#include <stdint.h>
#include <string.h>

#include "../util/str.h"
#include "store_int.h"

int64_t store_key(const char *s)
{
	return (int64_t)str_hash64(s, strlen(s));
}

/* The story key of a canonical link: the hash of its host in the top 20
 * bits, the whole link's below. The links of one site (most of a feed's
 * items) sit side by side in items_canon_hash, so storing a feed writes a
 * few pages of that index, not one per item (schema 6). Matches are
 * confirmed on the link, as for any hash. */
int64_t canon_key(const char *canon)
{
	const uint64_t low = ((uint64_t)1 << 44) - 1;
	const char *h = strstr(canon, "://");
	uint64_t host, all = str_hash64(canon, strlen(canon));

	h = h ? h + 3 : canon;
	host = str_hash64(h, strcspn(h, "/?#"));
	return (int64_t)((host & ~low) | (all & low));
}
