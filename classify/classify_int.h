/* classify/ private declarations: the literal prefilter (prefilter.c).
 *
 * Most items match few rules, and PCRE2 spends nearly all of the
 * classification time proving that a rule does not match. The prefilter
 * derives from each pattern, at compile time, a condition on literal
 * strings that every match implies: a conjunction of sets, each set
 * satisfied when the text contains one of its strings. One Aho-Corasick
 * pass over a field then tells which rules can match it; the others are
 * not run. A pattern the extractor cannot read with certainty gets no
 * condition (it always runs), so decisions and evidence never change.
 *
 * A string may carry a word-boundary flag at either end (from \b next to a
 * word character): an occurrence is rejected only when the neighbouring
 * byte is an ASCII word character, so the test stays conservative around
 * non-ASCII letters.
 *
 * Ownership: classify_pf_new() returns a new prefilter, free with
 * classify_pf_free(); it borrows nothing. */
#ifndef VEILLE_CLASSIFY_INT_H
#define VEILLE_CLASSIFY_INT_H

#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"

/* Most sets of one pattern's condition, strings in one set, bytes in one
 * string: beyond them the extractor keeps what it has or gives up, which
 * only makes the condition weaker. */
#define CLASSIFY_PF_CONJ_MAX 4
#define CLASSIFY_PF_SET_MAX 256
#define CLASSIFY_PF_STR_MAX 64
/* Most automaton states (the trie of all patterns' strings, which share
 * their beginnings): past it, no prefilter. */
#define CLASSIFY_PF_STATES_MAX 60000

struct classify_pf;

/* Writes the condition derived from pattern into out as text, for tests:
 * "*" for none (always run), else sets joined by " & ", each
 * "{s1|s2|...}" with strings in the order found and \b written where a
 * boundary flag is kept; the first set is written "^{...}" when it is a
 * prefix set (see struct classify_pf_cond). 0, or a BUF_E* code. */
int classify_pf_describe(const char *pattern, struct buf *out);

/* A new, empty prefilter; NULL on ENOMEM. */
struct classify_pf *classify_pf_new(void);
void classify_pf_free(struct classify_pf *pf);

/* A pattern's condition: sets [first, first + n) must all be seen (n = 0:
 * the pattern always runs). prefix: every match begins with a string of
 * set first, so no match starts before that set's first occurrence. */
struct classify_pf_cond {
	uint32_t first, n;
	int prefix;
};

/* Adds the condition of pattern[0, plen) into c. 0, or -1 on ENOMEM. */
int classify_pf_add(struct classify_pf *pf, const char *pattern,
		    size_t plen, struct classify_pf_cond *c);

/* Builds the automaton after the last classify_pf_add(). 0, or -1 on
 * ENOMEM. Past CLASSIFY_PF_STATES_MAX every set is reported seen. */
int classify_pf_build(struct classify_pf *pf);

/* How many sets were added: the size of a pos[] array. */
size_t classify_pf_nsets(const struct classify_pf *pf);

#define CLASSIFY_PF_UNSEEN UINT32_MAX

/* Scans text[0, len) and sets pos[k], for every set k, to the smallest
 * offset where one of its strings occurs, or CLASSIFY_PF_UNSEEN. Text
 * holding a character that PCRE2's caseless matching equates with an
 * ASCII letter (U+212A KELVIN SIGN) puts every set at offset 0. */
void classify_pf_scan(const struct classify_pf *pf, const char *text,
		      size_t len, uint32_t *pos);

#endif
