/* classify/: sorts items into niches (what) and sectors (where) with the
 * PCRE2 rules of the [niche NAME] and [sector NAME] sections, and says why.
 *
 * Rules are matched against accent-folded, lower-cased text (utf8_fold), so
 * a rule is written "maintenance predictive" and matches "Maintenance
 * Prédictive". Patterns are compiled once (UTF, UCP, CASELESS, JIT when
 * available) with match and depth limits: a rule that hits a limit on a
 * hostile input is reported in the result (CLASSIFY_EV_LIMIT), never fatal.
 *
 * Scoring. Each match rule counts at most once per item: its weight times
 * CLASSIFY_TITLE_FACTOR (2) when it matches the title, else its weight when
 * it matches the summary or the content. The field searched first is the
 * title, then summary, then content; the first field that matches gives the
 * evidence. A group (niche or sector) holds the item when its score reaches
 * its threshold (default 1) and none of its exclude rules matched any
 * field.
 *
 * Speed. Before any rule runs, one Aho-Corasick pass over each folded field
 * looks for literal strings derived from the patterns at compile time (a
 * rule whose condition is not met cannot match, and is not run; a search
 * starts at the first place a match can begin). Results are the same as
 * running every rule on the whole field, except on a rule that hits the
 * match or depth limit: it is searched over less text (or not at all), so
 * it may report CLASSIFY_EV_LIMIT less often.
 * VEILLE_CLASSIFY_PREFILTER=0 in the environment of classify_new() turns
 * the prefilter off (the reference the tests compare against).
 *
 * Evidence is a rule's first match in the field that counted, mapped back to
 * the original (unfolded) text. A rule that matches the empty string (a
 * co-occurrence rule made of lookaheads, "(?s)^(?=.*?(A))(?=.*?(B))") gives
 * the text of its first non-empty capture group instead.
 *
 * Ownership: classify_new() returns a new classifier, free with
 * classify_free(); it borrows nothing from the conf afterwards. A result is
 * filled by classify_item() and freed with classify_result_release(); the
 * id and pattern strings in a result are borrowed from the classifier and
 * live as long as it does. */
#ifndef VEILLE_CLASSIFY_H
#define VEILLE_CLASSIFY_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/conf.h"
#include "../util/err.h"
#include "../util/jsonw.h"

#define CLASSIFY_TITLE_FACTOR 2
/* Longest part of a field that is classified (bytes); the rest is ignored. */
#define CLASSIFY_FIELD_MAX ((size_t)1 << 20)
/* Per match attempt: backtracking steps and nesting depth. */
#define CLASSIFY_MATCH_LIMIT 1000000u
#define CLASSIFY_DEPTH_LIMIT 10000u
/* Longest matched text kept in evidence (bytes, cut on a UTF-8 boundary). */
#define CLASSIFY_EVIDENCE_MAX 200
#define CLASSIFY_WEIGHT_MAX 100

enum classify_kind { CLASSIFY_NICHE, CLASSIFY_SECTOR };

/* A [region NAME] section is a sector group whose id is this prefix and
 * NAME: its items are stored, searched and filtered as sector
 * "region:NAME" (the report and the digest read them apart). */
#define CLASSIFY_REGION_PREFIX "region:"

enum classify_field {
	CLASSIFY_TITLE,
	CLASSIFY_SUMMARY,
	CLASSIFY_CONTENT,
	CLASSIFY_ANY,
};

enum classify_ev_kind {
	CLASSIFY_EV_MATCH,	/* a match rule that scored */
	CLASSIFY_EV_EXCLUDE,	/* an exclude rule that fired */
	CLASSIFY_EV_LIMIT,	/* a rule stopped by the match or depth limit */
};

struct classify_input {
	const char *title;	/* UTF-8, any may be NULL */
	const char *summary;
	const char *content;
};

struct classify_evidence {
	enum classify_ev_kind kind;
	size_t rule;		/* index among the group's match (or exclude)
				 * rules, in file order */
	const char *pattern;	/* borrowed from the classifier */
	enum classify_field field;	/* where it matched */
	char *text;		/* matched text as written in the original
				 * (unfolded) field; owned */
	size_t offset;		/* byte offset of text in the original field */
	int weight;		/* the rule's weight */
	int points;		/* what it added to the score */
};

struct classify_group {
	const char *id;		/* borrowed */
	enum classify_kind kind;
	int score;
	double threshold;
	int in;			/* score >= threshold and no exclusion */
	struct classify_evidence *ev;
	size_t nev;
};

struct classify_result {
	/* Only the groups with at least one piece of evidence, in the order
	 * of the configuration. */
	struct classify_group *groups;
	size_t ngroups;
	size_t nlimits;		/* rules stopped by a limit */
};

struct classifier;

/* Compiles every [niche] and [sector] section of c. Each bad rule (regex
 * that does not compile, bad weight= or field=) is recorded in c->errors
 * with conf_error(), with the PCRE2 message and the offset in the pattern;
 * then NULL is returned and e says how many. NULL with e set on ENOMEM. */
struct classifier *classify_new(struct conf *c, struct err *e);
void classify_free(struct classifier *cl);

/* Scores in into out (which must be released afterwards, even on error).
 * 0, or -1 with e set (ENOMEM). The classifier is only read: several
 * threads may classify with one classifier at once (the crawl's workers
 * do), each with its own out. */
int classify_item(const struct classifier *cl, const struct classify_input *in,
		  struct classify_result *out, struct err *e);
void classify_result_release(struct classify_result *r);

/* Stable hash of the rule set (kinds, ids, thresholds, patterns, weights,
 * fields), as 16 hex digits: a changed fingerprint makes stored
 * classifications stale. Borrowed. */
const char *classify_fingerprint(const struct classifier *cl);

/* The groups of the classifier, for listings: count, id, kind, labels. */
size_t classify_ngroups(const struct classifier *cl);
const char *classify_group_id(const struct classifier *cl, size_t i);
enum classify_kind classify_group_kind(const struct classifier *cl, size_t i);
double classify_group_threshold(const struct classifier *cl, size_t i);
/* label in French, label_en in English; fall back on each other, then
 * on the id. */
const char *classify_group_label(const struct classifier *cl, size_t i,
				 int english);

const char *classify_field_name(enum classify_field f);
const char *classify_kind_name(enum classify_kind k);

/* Writes "niches": [...] and "sectors": [...] into the open object of w,
 * each entry {"niche"|"sector", "score", "threshold", "in", "evidence":
 * [{"kind","rule","pattern","field","text","offset","weight","points"}]}.
 * all = 0 keeps only the groups holding the item. */
void classify_result_jsonw(const struct classify_result *r, struct jsonw *w,
			   int all);
/* A JSON object {"fingerprint", "niches", "sectors"} of the groups holding
 * the item, appended to out: what the store keeps as evidence. */
int classify_result_json(const struct classifier *cl,
			 const struct classify_result *r, struct buf *out);

/* The evidence of one group as the store keeps it (store_set_item_niches),
 * appended to out: a JSON array of {"rule", "field", "text", "offset",
 * "points"}, "kind" added when it is not a plain match. The group, score
 * and threshold are the row's columns, and a rule is its index in the
 * rules of the row's fingerprint (`veille explain` shows the pattern):
 * a pattern copied into every row made the evidence three quarters of a
 * crawled database. 0 or a BUF_E* code. */
int classify_group_json(const struct classify_group *g, struct buf *out);

/* Appends PCRE2's version and whether JIT is available. */
int classify_version(struct buf *out);

#endif
