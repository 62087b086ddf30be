/* The shared feed model: releasing items and feeds, format names. */
#include <string.h>

#include "../util/alloc.h"
#include "feed.h"

const char *feed_format_name(enum feed_format f)
{
	switch (f) {
	case FEED_FORMAT_RSS: return "rss";
	case FEED_FORMAT_RDF: return "rdf";
	case FEED_FORMAT_ATOM: return "atom";
	case FEED_FORMAT_JSONFEED: return "jsonfeed";
	case FEED_FORMAT_OAI_PMH: return "oai-pmh";
	case FEED_FORMAT_ARXIV: return "arxiv";
	case FEED_FORMAT_OPML: return "opml";
	case FEED_FORMAT_UNKNOWN: break;
	}
	return "unknown";
}

enum feed_date_source feed_item_date(const struct feed_item *it,
				     int64_t *date)
{
	const int pub = it->published != FEED_NO_DATE;
	const int upd = it->updated != FEED_NO_DATE;

	*date = FEED_NO_DATE;
	if (pub && !(it->flags & (FEED_ITEM_PUBLISHED_DC |
				  FEED_ITEM_PUBLISHED_OTHER))) {
		*date = it->published;
		return FEED_DATE_PUBLISHED;
	}
	if (pub && (it->flags & FEED_ITEM_PUBLISHED_DC)) {
		*date = it->published;
		return FEED_DATE_UPDATED;
	}
	if (upd && !(it->flags & FEED_ITEM_UPDATED_OTHER)) {
		*date = it->updated;
		return FEED_DATE_UPDATED;
	}
	if (pub || upd) {
		*date = pub ? it->published : it->updated;
		return FEED_DATE_OTHER;
	}
	return FEED_DATE_NONE;
}

const char *feed_date_source_name(enum feed_date_source s)
{
	switch (s) {
	case FEED_DATE_PUBLISHED: return "published";
	case FEED_DATE_UPDATED: return "updated";
	case FEED_DATE_OTHER: return "other";
	case FEED_DATE_NONE: break;
	}
	return "none";
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		v_free(v[i]);
	v_free(v);
}

void feed_item_release(struct feed_item *it)
{
	if (!it)
		return;
	v_free(it->id);
	v_free(it->title);
	v_free(it->link);
	free_strv(it->authors, it->nauthors);
	v_free(it->summary);
	v_free(it->content);
	free_strv(it->categories, it->ncategories);
	for (size_t i = 0; i < it->nenclosures; i++) {
		v_free(it->enclosures[i].url);
		v_free(it->enclosures[i].type);
	}
	v_free(it->enclosures);
	v_free(it->language);
	v_free(it->doi);
	v_free(it->arxiv_id);
	v_free(it->hal_id);
	v_free(it->journal_ref);
	memset(it, 0, sizeof(*it));
	it->published = FEED_NO_DATE;
	it->updated = FEED_NO_DATE;
}

void feed_free(struct feed *f)
{
	if (!f)
		return;
	v_free(f->title);
	v_free(f->link);
	v_free(f->description);
	v_free(f->language);
	for (size_t i = 0; i < f->nitems; i++)
		feed_item_release(&f->items[i]);
	v_free(f->items);
	v_free(f->resumption_token);
	v_free(f->warning);
	v_free(f->trimmed);
	v_free(f);
}
