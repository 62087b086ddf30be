/* The feed model shared by the pipeline: what parser/ produces and
 * classify/, index/, digest/ and report/ consume. Plain C structs with
 * owned strings; no libxml2 type appears here.
 *
 * Ownership: a struct feed owns everything it points to; free it with
 * feed_free(). Items handed to a callback are borrowed for the call. */
#ifndef VEILLE_PARSER_FEED_H
#define VEILLE_PARSER_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "../util/err.h"

/* A date that is absent or unreadable. */
#define FEED_NO_DATE INT64_MIN

enum feed_format {
	FEED_FORMAT_UNKNOWN = 0,
	FEED_FORMAT_RSS,	/* RSS 0.9x and 2.0 */
	FEED_FORMAT_RDF,	/* RSS 1.0 / 0.90 (RDF) */
	FEED_FORMAT_ATOM,	/* Atom 1.0 and 0.3 */
	FEED_FORMAT_JSONFEED,	/* JSON Feed 1.0 and 1.1 */
	FEED_FORMAT_OAI_PMH,	/* OAI-PMH responses (oai_dc) */
	FEED_FORMAT_ARXIV,	/* arXiv API Atom */
	FEED_FORMAT_OPML,	/* OPML subscription lists */
};

/* Short name used in JSON output: "rss", "rdf", "atom", "jsonfeed",
 * "oai-pmh", "arxiv", "opml", "unknown". */
const char *feed_format_name(enum feed_format f);

/* Item flags. */
#define FEED_ITEM_DATE_UNREADABLE 1u	/* a date was given but not understood */
#define FEED_ITEM_DELETED 2u		/* OAI-PMH deleted record */
#define FEED_ITEM_ID_SYNTHESISED 4u	/* no id nor link: hash of feed, title, date */
/* Where a date slot's value came from, when the slot's name says less
 * than the truth (see feed_item_date()). */
#define FEED_ITEM_PUBLISHED_DC 8u	/* published is RSS dc:date */
#define FEED_ITEM_PUBLISHED_OTHER 16u	/* published is OAI-PMH dc:date */
#define FEED_ITEM_UPDATED_OTHER 32u	/* updated is an OAI-PMH datestamp */

struct feed_enclosure {
	char *url;
	char *type;
	int64_t length;		/* -1 when unknown */
};

struct feed_item {
	char *id;		/* guid / atom:id / OAI identifier / link / hash */
	char *title;		/* plain UTF-8 text */
	char *link;		/* absolute http(s) URL, or NULL */
	int64_t published;	/* seconds since the epoch (UTC) or FEED_NO_DATE */
	int64_t updated;	/* same */
	char **authors;		/* plain text names */
	size_t nauthors;
	char *summary;		/* plain UTF-8 text */
	char *content;		/* sanitised HTML */
	char **categories;
	size_t ncategories;
	struct feed_enclosure *enclosures;
	size_t nenclosures;
	char *language;
	char *doi;		/* "10.1234/abc", lower-cased prefix, no URL */
	char *arxiv_id;		/* "2401.01234" or "math/0601001", no version */
	char *hal_id;		/* "hal-01234567" */
	char *journal_ref;	/* arXiv journal reference, or NULL */
	unsigned flags;		/* FEED_ITEM_* */
};

struct feed {
	enum feed_format format;
	char *title;
	char *link;
	char *description;
	char *language;
	struct feed_item *items;
	size_t nitems;
	char *resumption_token;	/* OAI-PMH: next page, or NULL when done */
	int64_t total_results;	/* arXiv/OAI when given, else -1 */
	int not_well_formed;	/* recovered from XML errors */
	char *warning;		/* first recovered error, for the user */
	/* what the limits cut or left out, with the other items kept
	 * ("1 item over the 4194304-byte limit left out"), or NULL */
	char *trimmed;
};

/* What an item's date is: the first of its publication date, its
 * modification date (Atom updated, RSS dc:date, dcterms:modified, JSON Feed
 * date_modified) and any other date its dialect carries (OAI-PMH dc:date,
 * then the record's datestamp). FEED_DATE_NONE: the item is undated,
 * whatever the time it was fetched. */
enum feed_date_source {
	FEED_DATE_NONE = 0,
	FEED_DATE_PUBLISHED,
	FEED_DATE_UPDATED,
	FEED_DATE_OTHER,
};

/* Sets *date to the item's date (FEED_NO_DATE when undated) and returns
 * where it came from. */
enum feed_date_source feed_item_date(const struct feed_item *it,
				     int64_t *date);
/* "published", "updated", "other", "none". */
const char *feed_date_source_name(enum feed_date_source s);

void feed_item_release(struct feed_item *it);
void feed_free(struct feed *f);

#endif
