/* What the XML parser knows of feed vocabularies: namespaces, element
 * names, and what each element does (namespace, name -> action or field),
 * outside an item and inside one. sax.c applies these; the order of a
 * table matters only in that the first rule found is the one. */
#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "../util/str.h"
#include "xml.h"

static const struct {
	const char *uri;
	enum ns ns;
} ns_table[] = {
	{ "http://www.w3.org/2005/Atom", NS_ATOM },
	{ "http://purl.org/atom/ns#", NS_ATOM },
	{ "http://purl.org/rss/1.0/", NS_RSS },
	{ "http://my.netscape.com/rdf/simple/0.9/", NS_RSS },
	{ "http://backend.userland.com/rss2", NS_RSS },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", NS_RDF },
	{ "http://purl.org/dc/elements/1.1/", NS_DC },
	{ "http://purl.org/dc/terms/", NS_DCTERMS },
	{ "http://purl.org/rss/1.0/modules/content/", NS_CONTENT },
	{ "http://search.yahoo.com/mrss/", NS_MEDIA },
	{ "http://search.yahoo.com/mrss", NS_MEDIA },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", NS_ITUNES },
	{ "http://arxiv.org/schemas/atom", NS_ARXIV },
	{ "http://a9.com/-/spec/opensearch/1.1/", NS_OPENSEARCH },
	{ "http://a9.com/-/spec/opensearchrss/1.0/", NS_OPENSEARCH },
	{ "http://www.openarchives.org/OAI/2.0/", NS_OAI },
	{ "http://prismstandard.org/namespaces/basic/2.0/", NS_PRISM },
	{ "http://prismstandard.org/namespaces/1.2/basic/", NS_PRISM },
	{ "http://prismstandard.org/namespaces/basic/3.0/", NS_PRISM },
	{ "http://www.w3.org/1999/xhtml", NS_XHTML },
};

enum ns xp_ns_lookup(const xmlChar *uri)
{
	for (size_t i = 0; i < sizeof(ns_table) / sizeof(ns_table[0]); i++)
		if (!strcmp((const char *)uri, ns_table[i].uri))
			return ns_table[i].ns;
	/* Atom 1.0 with the scheme or the case changed, as found in the wild */
	if (!str_casecmp((const char *)uri, "https://www.w3.org/2005/Atom"))
		return NS_ATOM;
	if (!str_casecmp((const char *)uri,
			 "http://www.itunes.com/DTDs/Podcast-1.0.dtd"))
		return NS_ITUNES;
	return NS_OTHER;
}

/* Indexed by enum el. */
static const char *const el_names[E_COUNT] = {
	[E_ABOUT] = "about", [E_ABSTRACT] = "abstract",
	[E_AUTHOR] = "author", [E_BODY] = "body", [E_CATEGORY] = "category",
	[E_CHANNEL] = "channel", [E_CONTENT] = "content",
	[E_CONTRIBUTOR] = "contributor", [E_CREATED] = "created",
	[E_CREATOR] = "creator", [E_DATE] = "date",
	[E_DATESTAMP] = "datestamp", [E_DESCRIPTION] = "description",
	[E_DIV] = "div", [E_DOI] = "doi", [E_ENCLOSURE] = "enclosure",
	[E_ENCODED] = "encoded", [E_ENTRY] = "entry", [E_ERROR] = "error",
	[E_FULLITEM] = "fullitem", [E_GROUP] = "group", [E_GUID] = "guid",
	[E_HEADER] = "header", [E_ID] = "id", [E_IDENTIFIER] = "identifier",
	[E_IMAGE] = "image", [E_ISSUED] = "issued", [E_ITEM] = "item",
	[E_ITEMS] = "items", [E_JOURNAL_REF] = "journal_ref",
	[E_KEYWORDS] = "keywords", [E_LANGUAGE] = "language",
	[E_LINK] = "link", [E_MODIFIED] = "modified", [E_NAME] = "name",
	[E_OUTLINE] = "outline", [E_PRIMARY_CATEGORY] = "primary_category",
	[E_PUBDATE] = "pubDate", [E_PUBLISHED] = "published",
	[E_RECORD] = "record", [E_REQUEST] = "request",
	[E_RESUMPTION_TOKEN] = "resumptionToken", [E_SOURCE] = "source",
	[E_SUBJECT] = "subject", [E_SUBTITLE] = "subtitle",
	[E_SUMMARY] = "summary", [E_TAGLINE] = "tagline",
	[E_TEXTINPUT] = "textinput", [E_THUMBNAIL] = "thumbnail",
	[E_TITLE] = "title", [E_TOTAL_RESULTS] = "totalResults",
	[E_UPDATED] = "updated",
};

enum el xp_el_lookup(const char *name)
{
	for (int e = 1; e < E_COUNT; e++)
		if (name_is(name, el_names[e]))
			return (enum el)e;
	/* RSS 0.91's textInput, in any case */
	if (!strcasecmp(name, "textinput"))
		return E_TEXTINPUT;
	return E_OTHER;
}

#define B(n) (1u << (n))
#define RSS (B(NS_NONE) | B(NS_RSS))	/* no namespace is RSS's */
#define ANY 0xFFFFu
#define ATOM B(NS_ATOM)
#define DC B(NS_DC)
#define DCT B(NS_DCTERMS)
#define OAI B(NS_OAI)
#define MEDIA B(NS_MEDIA)
#define ITUNES B(NS_ITUNES)
#define ARXIV B(NS_ARXIV)

/* Outside an item: the feed's own elements. A_AUTHOR, A_AUTHOR_NAME and
 * A_SKIP apply at any depth, A_LINK and A_FIELD to children of the
 * channel (or feed) only; A_OAI in OAI-PMH documents only. */
static const struct rule feed_rules[] = {
	{ (uint16_t)(ANY & ~B(NS_OTHER) & ~ATOM), E_ITEM, A_ITEM, 0 },
	{ ATOM, E_ENTRY, A_ITEM, 0 },
	{ OAI, E_RECORD, A_ITEM, 0 },
	{ OAI, E_HEADER, A_ITEM, 0 },	/* ListIdentifiers: no record */
	{ RSS, E_CHANNEL, A_CHANNEL, 0 },
	{ OAI, E_RESUMPTION_TOKEN, A_OAI, F_RESUMPTION },
	{ OAI, E_ERROR, A_OAI, F_OAI_ERROR },
	{ OAI, E_REQUEST, A_OAI, F_OAI_REQUEST },
	{ ATOM, E_AUTHOR, A_AUTHOR, 0 },
	{ ATOM, E_NAME, A_AUTHOR_NAME, F_AUTHOR },
	{ ANY, E_IMAGE, A_SKIP, 0 },
	{ ANY, E_TEXTINPUT, A_SKIP, 0 },
	{ ANY, E_ITEMS, A_SKIP, 0 },
	{ ATOM, E_CONTRIBUTOR, A_SKIP, 0 },
	{ ATOM, E_SOURCE, A_SKIP, 0 },
	{ ATOM, E_LINK, A_LINK, 0 },
	{ RSS, E_TITLE, A_FIELD, F_TITLE },
	{ RSS, E_LINK, A_FIELD, F_LINK },
	{ RSS, E_DESCRIPTION, A_FIELD, F_DESC },
	{ RSS, E_LANGUAGE, A_FIELD, F_LANG },
	{ ATOM, E_TITLE, A_FIELD, F_TITLE },
	{ ATOM, E_SUBTITLE, A_FIELD, F_DESC },
	{ ATOM, E_TAGLINE, A_FIELD, F_DESC },
	{ DC, E_TITLE, A_FIELD, F_TITLE },
	{ DC, E_LANGUAGE, A_FIELD, F_LANG },
	{ DC, E_DESCRIPTION, A_FIELD, F_DESC },
	{ B(NS_OPENSEARCH), E_TOTAL_RESULTS, A_FIELD, F_TOTAL },
};

/* Inside an item. Element rules read attributes or open a context; their
 * depth conditions are sax.c's. A_FIELD applies to the item's children
 * (and to a media:group's), anywhere in an OAI-PMH record. */
static const struct rule item_rules[] = {
	{ ATOM, E_SOURCE, A_SKIP, 0 },
	{ ATOM, E_CONTRIBUTOR, A_SKIP, 0 },
	{ OAI, E_ABOUT, A_SKIP, 0 },
	{ ATOM, E_AUTHOR, A_AUTHOR, 0 },
	{ ATOM, E_NAME, A_AUTHOR_NAME, F_AUTHOR },
	{ OAI, E_HEADER, A_OAI_HEADER, 0 },
	{ OAI, E_IDENTIFIER, A_OAI, F_OAI_ID },
	{ OAI, E_DATESTAMP, A_OAI, F_DATESTAMP },
	{ MEDIA, E_GROUP, A_MEDIA_GROUP, 0 },
	{ MEDIA, E_CONTENT, A_MEDIA_CONTENT, 0 },
	{ MEDIA, E_THUMBNAIL, A_MEDIA_THUMBNAIL, 0 },
	{ ITUNES, E_CATEGORY, A_ITUNES_CATEGORY, 0 },
	{ ATOM, E_LINK, A_LINK, 0 },
	{ RSS, E_ENCLOSURE, A_ENCLOSURE, 0 },
	{ ATOM, E_CATEGORY, A_ATOM_CATEGORY, 0 },
	{ ARXIV, E_PRIMARY_CATEGORY, A_ARXIV_PRIMARY, 0 },
	{ RSS, E_TITLE, A_FIELD, F_TITLE },
	{ RSS, E_LINK, A_FIELD, F_LINK },
	{ RSS, E_DESCRIPTION, A_FIELD, F_DESC },
	{ RSS, E_GUID, A_FIELD, F_GUID },
	{ RSS, E_PUBDATE, A_FIELD, F_PUBDATE },
	{ RSS, E_AUTHOR, A_FIELD, F_AUTHOR },
	{ RSS, E_CATEGORY, A_FIELD, F_CATEGORY },
	{ RSS, E_LANGUAGE, A_FIELD, F_LANG },
	{ RSS, E_FULLITEM, A_FIELD, F_CONTENT },
	{ ATOM, E_TITLE, A_FIELD, F_TITLE },
	{ ATOM, E_ID, A_FIELD, F_ID },
	{ ATOM, E_SUMMARY, A_FIELD, F_DESC },
	{ ATOM, E_CONTENT, A_FIELD, F_CONTENT },
	{ ATOM, E_PUBLISHED, A_FIELD, F_PUBDATE },
	{ ATOM, E_ISSUED, A_FIELD, F_PUBDATE },
	{ ATOM, E_UPDATED, A_FIELD, F_UPDATED },
	{ ATOM, E_MODIFIED, A_FIELD, F_UPDATED },
	{ DC, E_TITLE, A_FIELD, F_TITLE },
	{ DC, E_CREATOR, A_FIELD, F_AUTHOR },
	{ DC, E_CONTRIBUTOR, A_FIELD, F_AUTHOR },
	{ DC, E_AUTHOR, A_FIELD, F_AUTHOR },
	{ DC, E_SUBJECT, A_FIELD, F_CATEGORY },
	{ DC, E_DESCRIPTION, A_FIELD, F_DESC },
	{ DC, E_DATE, A_FIELD, F_DCDATE },
	{ DC, E_IDENTIFIER, A_FIELD, F_DCIDENT },
	{ DC, E_LANGUAGE, A_FIELD, F_LANG },
	{ DCT, E_ISSUED, A_FIELD, F_ISSUED },
	{ DCT, E_CREATED, A_FIELD, F_ISSUED },
	{ DCT, E_MODIFIED, A_FIELD, F_UPDATED },
	{ DCT, E_ABSTRACT, A_FIELD, F_DESC },
	{ B(NS_CONTENT), E_ENCODED, A_FIELD, F_CONTENT },
	{ B(NS_XHTML), E_BODY, A_FIELD, F_CONTENT },
	{ B(NS_XHTML), E_DIV, A_FIELD, F_CONTENT },
	{ ITUNES, E_AUTHOR, A_FIELD, F_AUTHOR },
	{ ITUNES, E_SUMMARY, A_FIELD, F_DESC },
	{ MEDIA, E_TITLE, A_FIELD, F_MEDIA_TITLE },
	{ MEDIA, E_DESCRIPTION, A_FIELD, F_MEDIA_DESC },
	{ MEDIA, E_CATEGORY, A_FIELD, F_CATEGORY },
	{ MEDIA, E_KEYWORDS, A_FIELD, F_KEYWORDS },
	{ ARXIV, E_DOI, A_FIELD, F_DOI },
	{ B(NS_PRISM), E_DOI, A_FIELD, F_DOI },
	{ ARXIV, E_JOURNAL_REF, A_FIELD, F_JREF },
};

/* Index + 1 of the first rule, by place, element and namespace: built
 * once, so that finding an element's rule is one look. */
static unsigned char rule_index[2][E_COUNT][NS_OTHER + 1];

static void rule_index_init(void)
{
	for (int in = 0; in < 2; in++) {
		const struct rule *r = in ? item_rules : feed_rules;
		size_t n = in ? sizeof(item_rules) / sizeof(item_rules[0]) :
			   sizeof(feed_rules) / sizeof(feed_rules[0]);

		for (size_t i = n; i-- > 0;)
			for (int ns = 0; ns <= NS_OTHER; ns++)
				if (r[i].ns & B(ns))
					rule_index[in][r[i].el][ns] =
						(unsigned char)(i + 1);
	}
}

void xp_rules_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, rule_index_init);
}

const struct rule *xp_rule(int in_item, enum ns ns, enum el el)
{
	unsigned k = rule_index[in_item != 0][el][ns];

	if (el == E_OTHER || !k)
		return NULL;
	return in_item ? &item_rules[k - 1] : &feed_rules[k - 1];
}
