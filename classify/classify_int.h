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
/* Most automaton states (all patterns' strings): past it, no prefilter. */
#define CLASSIFY_PF_STATES_MAX 60000

struct classify_pf;

/* Writes the condition derived from pattern into out as text, for tests:
 * "*" for none (always run), else sets joined by " & ", each
 * "{s1|s2|...}" with strings in the order found and \b written where a
 * boundary flag is kept. 0, or a BUF_E* code. */
int classify_pf_describe(const char *pattern, struct buf *out);

/* A new, empty prefilter; NULL on ENOMEM. */
struct classify_pf *classify_pf_new(void);
void classify_pf_free(struct classify_pf *pf);

/* Adds pattern's condition; *first and *n receive the numbers of its sets
 * (n = 0: the pattern always runs). 0, or -1 on ENOMEM. */
int classify_pf_add(struct classify_pf *pf, const char *pattern,
		    uint32_t *first, uint32_t *n);

/* Builds the automaton after the last classify_pf_add(). 0, or -1 on
 * ENOMEM. Past CLASSIFY_PF_STATES_MAX every set is reported seen. */
int classify_pf_build(struct classify_pf *pf);

/* How many sets were added: the size of a seen[] array. */
size_t classify_pf_nsets(const struct classify_pf *pf);

/* Scans text[0, len) and sets seen[k] to 1 for every set k one of whose
 * strings occurs (others to 0). Text holding a character that PCRE2's
 * caseless matching equates with an ASCII letter (U+212A KELVIN SIGN)
 * marks every set seen. */
void classify_pf_scan(const struct classify_pf *pf, const char *text,
		      size_t len, uint8_t *seen);

#endif
