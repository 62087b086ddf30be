/* The feed parser: sniffs the format, cleans the byte stream (entities,
 * control characters, invalid UTF-8) and runs libxml2's SAX push parser,
 * turning elements into items delivered one at a time. */
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/url.h"
#include "../util/utf8.h"
#include "date.h"
#include "html.h"
#include "parser_int.h"

#define DEPTH_MAX 256
#define HEAD_MIN 1024		/* bytes looked at before choosing a route */
#define HEAD_MAX (64u << 10)
#define NS_CACHE 16
#define HTML_MAX (256u << 10)	/* bytes of an HTML page kept to find its title */
/* Entities of the internal DTD subset: how many, how long a replacement
 * text, how long a declaration is waited for across chunks, how many bytes
 * all their references may add to the document. */
#define ENT_MAX 64
#define ENT_VALUE_MAX 1024
#define ENT_DECL_MAX 4096
#define ENT_EXPANSION_MAX (1u << 20)

enum ns {
	NS_NONE, NS_ATOM, NS_RSS, NS_RDF, NS_DC, NS_DCTERMS, NS_CONTENT,
	NS_MEDIA, NS_ITUNES, NS_ARXIV, NS_OPENSEARCH, NS_OAI, NS_XHTML, NS_PRISM, NS_OTHER
};

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

enum field {
	F_NONE, F_TITLE, F_LINK, F_DESC, F_CONTENT, F_GUID, F_ID, F_PUBDATE,
	F_DCDATE, F_ISSUED, F_UPDATED, F_AUTHOR, F_CATEGORY, F_LANG, F_DOI,
	F_DCIDENT, F_OAI_ID, F_DATESTAMP, F_RESUMPTION, F_OAI_ERROR,
	F_OAI_REQUEST, F_TOTAL, F_OPML_TITLE, F_JREF, F_MEDIA_TITLE,
	F_MEDIA_DESC, F_KEYWORDS
};

/* Which field an element's text fills, by namespace and local name (NS_NONE
 * is looked up as NS_RSS). First match wins. */
struct field_map {
	unsigned char ns;
	unsigned char field;
	const char *name;
};

static const struct field_map item_map[] = {
	{ NS_RSS, F_TITLE, "title" },
	{ NS_RSS, F_LINK, "link" },
	{ NS_RSS, F_DESC, "description" },
	{ NS_RSS, F_GUID, "guid" },
	{ NS_RSS, F_PUBDATE, "pubDate" },
	{ NS_RSS, F_AUTHOR, "author" },
	{ NS_RSS, F_CATEGORY, "category" },
	{ NS_RSS, F_LANG, "language" },
	{ NS_RSS, F_CONTENT, "fullitem" },
	{ NS_ATOM, F_TITLE, "title" },
	{ NS_ATOM, F_ID, "id" },
	{ NS_ATOM, F_DESC, "summary" },
	{ NS_ATOM, F_CONTENT, "content" },
	{ NS_ATOM, F_PUBDATE, "published" },
	{ NS_ATOM, F_PUBDATE, "issued" },
	{ NS_ATOM, F_UPDATED, "updated" },
	{ NS_ATOM, F_UPDATED, "modified" },
	{ NS_DC, F_TITLE, "title" },
	{ NS_DC, F_AUTHOR, "creator" },
	{ NS_DC, F_AUTHOR, "contributor" },
	{ NS_DC, F_AUTHOR, "author" },
	{ NS_DC, F_CATEGORY, "subject" },
	{ NS_DC, F_DESC, "description" },
	{ NS_DC, F_DCDATE, "date" },
	{ NS_DC, F_DCIDENT, "identifier" },
	{ NS_DC, F_LANG, "language" },
	{ NS_DCTERMS, F_ISSUED, "issued" },
	{ NS_DCTERMS, F_ISSUED, "created" },
	{ NS_DCTERMS, F_UPDATED, "modified" },
	{ NS_DCTERMS, F_DESC, "abstract" },
	{ NS_CONTENT, F_CONTENT, "encoded" },
	{ NS_XHTML, F_CONTENT, "body" },
	{ NS_XHTML, F_CONTENT, "div" },
	{ NS_ITUNES, F_AUTHOR, "author" },
	{ NS_ITUNES, F_DESC, "summary" },
	{ NS_MEDIA, F_MEDIA_TITLE, "title" },
	{ NS_MEDIA, F_MEDIA_DESC, "description" },
	{ NS_MEDIA, F_CATEGORY, "category" },
	{ NS_MEDIA, F_KEYWORDS, "keywords" },
	{ NS_ARXIV, F_DOI, "doi" },
	{ NS_PRISM, F_DOI, "doi" },
	{ NS_ARXIV, F_JREF, "journal_ref" },
};

static const struct field_map chan_map[] = {
	{ NS_RSS, F_TITLE, "title" },
	{ NS_RSS, F_LINK, "link" },
	{ NS_RSS, F_DESC, "description" },
	{ NS_RSS, F_LANG, "language" },
	{ NS_ATOM, F_TITLE, "title" },
	{ NS_ATOM, F_DESC, "subtitle" },
	{ NS_ATOM, F_DESC, "tagline" },
	{ NS_DC, F_TITLE, "title" },
	{ NS_DC, F_LANG, "language" },
	{ NS_DC, F_DESC, "description" },
	{ NS_OPENSEARCH, F_TOTAL, "totalResults" },
};

#define MAP(m) (m), sizeof(m) / sizeof((m)[0])

enum mode { M_HEAD, M_XML, M_JSON, M_HTML, M_FAILED };

struct frame {
	char *base;		/* resolved xml:base, or the parent's */
	char *lang;
	unsigned char own_base, own_lang;
	unsigned char ns;
};

struct feed_parser {
	char *base_url, *charset;
	char *self_url;		/* Atom rel="self": the base when none is known */
	size_t max_field, max_item, max_json;
	feed_item_cb cb;
	void *ctx;
	enum mode mode;
	struct buf head;	/* the first bytes, until the route is chosen */
	struct buf body;	/* JSON document, or HTML page head */
	xmlParserCtxtPtr x;
	/* stream cleaning */
	int filter, repair;	/* filter on (ASCII-compatible); fix UTF-8 (1)
				 * or bytes windows-1252 leaves undefined (2) */
	int bom;
	const xmlChar *ns_uri[NS_CACHE];	/* see ns_of() */
	unsigned char ns_val[NS_CACHE];
	int fstate;		/* 0 text, 1 CDATA, 2 comment */
	struct buf carry, fout;
	struct conv *conv;	/* legacy charset converted here (conv.c) */
	struct buf cout;	/* its UTF-8 */
	/* elements */
	struct frame st[DEPTH_MAX];
	int depth;
	int chan_depth;		/* depth of channel/feed element, 0 = none */
	int item_depth;		/* depth of the current item, 0 = none */
	int skip_depth;		/* inside image/textinput/source: ignored */
	int author_depth;	/* inside an Atom author */
	int mgroup_depth;	/* inside an item's media:group */
	/* Media RSS title and description: the item's when it has none */
	char *media_title, *media_desc;
	int summary_from_content;	/* item.summary is the content's text */
	char **feed_authors;	/* the Atom feed's own authors */
	size_t nfeed_authors;
	int field_depth;	/* collecting text of a field */
	enum field field;
	/* Atom's content model of the field being read: type="xhtml" (or
	 * Atom 0.3's application/xhtml+xml), mode="base64" (Atom 0.3), and
	 * how many elements it holds */
	unsigned char field_xhtml, field_b64;
	int field_elems;
	int guid_link;		/* RSS guid is a permalink */
	int deleted;
	char oai_code[64];
	/* OAI-PMH: the verb's element (ListRecords...), the request's
	 * metadataPrefix, whether the record carries Dublin Core */
	char oai_verb[32];
	char oai_prefix[64];
	int oai_dc;
	struct buf text;
	struct feed meta;
	struct feed_item item;
	size_t item_bytes;
	size_t nitems;
	int opml;		/* collecting OPML outlines */
	struct opml *ol;
	char *opml_path[DEPTH_MAX];
	/* internal DTD subset: plain text entities only (see entity_decl) */
	struct entity {
		char *name, *value;	/* value already escaped for XML */
	} ents[ENT_MAX];
	int nents;
	size_t ent_out;		/* bytes references to them added */
	struct err err;
	int failed;
};

static void fail(struct feed_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct feed_parser *p, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = 1;
	va_start(ap, fmt);
	vsnprintf(p->err.msg, sizeof(p->err.msg), fmt, ap);
	va_end(ap);
	if (p->x)
		xmlStopParser(p->x);
}

static void fail_nomem(struct feed_parser *p)
{
	fail(p, "out of memory");
}

/* The field text collected so far is whole: 0, or -1 with the parse
 * failed when an append to it failed (the buffer is sticky: see buf.h),
 * so that no field is used with a piece missing. */
static int text_check(struct feed_parser *p)
{
	int rc = buf_error(&p->text);

	if (rc == BUF_ENOMEM)
		fail_nomem(p);
	else if (rc < 0)
		fail(p, "a field exceeds the limit of %zu bytes", p->max_field);
	return rc < 0 ? -1 : 0;
}

/* ---- helpers ---- */

static enum ns ns_lookup(const xmlChar *uri);

/* libxml2 interns namespace names in its dictionary, so the same pointer
 * comes back for every element: a few cached pointers save the string
 * comparisons. */
static enum ns ns_of(struct feed_parser *p, const xmlChar *uri)
{
	size_t i;

	if (!uri)
		return NS_NONE;
	for (i = 0; i < NS_CACHE && p->ns_uri[i]; i++)
		if (p->ns_uri[i] == uri)
			return (enum ns)p->ns_val[i];
	if (i == NS_CACHE)
		return ns_lookup(uri);
	p->ns_uri[i] = uri;
	p->ns_val[i] = (unsigned char)ns_lookup(uri);
	return (enum ns)p->ns_val[i];
}

static enum ns ns_lookup(const xmlChar *uri)
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

/* Attribute values are not terminated in SAX2: copies into b. NULL when
 * absent, and when out of memory (the parse then fails too). Once the parse
 * has failed, xmlStopParser() has freed the input the attribute values
 * point into: NULL then too. */
static const char *attr_get(struct feed_parser *p, const xmlChar **a, int na,
			    const char *name, struct buf *b)
{
	if (p->failed)
		return NULL;
	for (int i = 0; i < na; i++, a += 5) {
		if (strcmp((const char *)a[0], name))
			continue;
		if (a[2] && strcmp((const char *)a[2], (const char *)XML_XML_NAMESPACE) &&
		    strcmp(name, "about"))
			continue;
		buf_reset(b);
		/* without entity substitution libxml2 hands '&' in attribute
		 * values over as "&#38;" */
		for (const xmlChar *c = a[3]; c < a[4]; c++) {
			int rc;

			if (*c == '&' && a[4] - c >= 5 &&
			    !memcmp(c, "&#38;", 5)) {
				rc = buf_addch(b, '&');
				c += 4;
			} else {
				rc = buf_addch(b, *c);
			}
			if (rc < 0) {
				if (rc == BUF_ENOMEM)
					fail_nomem(p);
				return NULL;
			}
		}
		if (!utf8_valid(b->data ? b->data : "", b->len)) {
			struct buf r;
			int rc;

			buf_init(&r, b->max);
			rc = utf8_repair(&r, b->data, b->len);
			if (rc < 0) {
				buf_release(&r);
				if (rc == BUF_ENOMEM)
					fail_nomem(p);
				return NULL;
			}
			buf_release(b);
			*b = r;
		}
		return buf_cstr(b);
	}
	return NULL;
}

/* Fails the parse when out of memory, so no field is lost silently. */
static char *trimdup(struct feed_parser *p, const char *s)
{
	const char *e;
	char *t;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	if (utf8_valid(s, (size_t)(e - s))) {
		t = v_strndup(s, (size_t)(e - s));
	} else {
		/* a label iconv reads as UTF-8 ("utf-8\xA2") passes invalid
		 * bytes through: no raw byte reaches an id or a link */
		struct buf b = BUF_INIT;

		t = utf8_repair(&b, s, (size_t)(e - s)) < 0 ? NULL :
		    buf_detach(&b, NULL);
		buf_release(&b);
	}
	if (!t)
		fail_nomem(p);
	return t;
}

static const char *cur_base(struct feed_parser *p)
{
	return p->depth > 0 ? p->st[p->depth - 1].base : p->base_url;
}

/* An absolute http(s) URL that the URL API hands back unchanged: a
 * lower-case scheme and host name, a path, only plain URL characters, no
 * dot segment. Not an empty host, nor one made of numbers only, which
 * curl reads as an IPv4 address and rewrites ("0x7f.1" is 127.0.0.1).
 * Sets *origin (may be NULL) to the length of "scheme://host". */
static int plain_absolute(const char *s, size_t *origin)
{
	const char *q, *h;
	int numeric = 1, lab = 0, hex = 0;

	if (!strncmp(s, "https://", 8))
		q = s + 8;
	else if (!strncmp(s, "http://", 7))
		q = s + 7;
	else
		return 0;
	for (h = q; *q && *q != '/'; q++) {
		unsigned char c = (unsigned char)*q;

		if (!islower(c) && !isdigit(c) && c != '.' && c != '-')
			return 0;
		if (c == '.') {
			lab = hex = 0;
			continue;
		}
		if (lab == 1 && c == 'x' && q[-1] == '0')
			hex = 1;
		else if (!isdigit(c) && !(hex && isxdigit(c)))
			numeric = 0;
		lab++;
	}
	if (q == h || numeric || *q != '/')
		return 0;
	if (origin)
		*origin = (size_t)(q - s);
	for (; *q; q++) {
		unsigned char c = (unsigned char)*q;

		if (c <= ' ' || c >= 0x7F || c == '"' || c == '<' || c == '>' ||
		    c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' ||
		    c == '}' || c == '#' || c == '%' || (c == '/' && q[1] == '.') ||
		    (c == '?' && !q[1]))
			return 0;
	}
	return 1;
}

int parser_url_resolve(const char *base, const char *ref, char **out)
{
	size_t ol, rl;
	char *j;

	*out = NULL;
	if (!ref)
		return 0;
	if (plain_absolute(ref, NULL))
		return (*out = v_strdup(ref)) ? 0 : -1;
	if (ref[0] == '/' && ref[1] != '/' && base && plain_absolute(base, &ol)) {
		rl = strlen(ref);
		if (!(j = v_malloc(ol + rl + 1)))
			return -1;
		memcpy(j, base, ol);
		memcpy(j + ol, ref, rl + 1);
		if (plain_absolute(j, NULL)) {
			*out = j;
			return 0;
		}
		v_free(j);
	}
	return url_resolve_checked(base, ref, out);
}

static char *resolve(struct feed_parser *p, const char *ref)
{
	char *t = trimdup(p, ref), *r;

	if (!t)
		return NULL;
	if (!*t) {
		v_free(t);
		return NULL;
	}
	if (plain_absolute(t, NULL))
		return t;	/* the common case, without the URL API's cost */
	if (parser_url_resolve(cur_base(p) ? cur_base(p) : p->self_url, t,
			       &r) < 0)
		fail_nomem(p);
	v_free(t);
	return r;
}

/* NULL for an empty field, and also when out of memory: then the whole
 * parse fails, so that no field is ever dropped silently. */
static char *to_text(struct feed_parser *p, const char *s, size_t n)
{
	struct buf b;
	char *t;
	int rc;

	buf_init(&b, p->max_field);
	rc = html_to_text(&b, s, n);
	if (rc < 0) {
		if (rc == BUF_ENOMEM)
			fail_nomem(p);
		buf_release(&b);
		return NULL;
	}
	if (b.len == 0) {
		buf_release(&b);
		return NULL;
	}
	t = buf_detach(&b, NULL);
	if (!t)
		fail_nomem(p);
	return t;
}

static void set_str(struct feed_parser *p, char **dst, char *v)
{
	if (*dst || !v) {
		v_free(v);
		return;
	}
	*dst = v;
	p->item_bytes += strlen(v);
}

static void add_enclosure(struct feed_parser *p, const char *url,
			  const char *type, const char *len)
{
	struct feed_item *it = &p->item;
	struct feed_enclosure *ne;
	char *u = url ? resolve(p, url) : NULL;

	if (!u)
		return;
	for (size_t i = 0; i < it->nenclosures; i++)
		if (!strcmp(it->enclosures[i].url, u)) {
			v_free(u);
			return;
		}
	ne = v_reallocarray(it->enclosures, it->nenclosures + 1, sizeof(*ne));
	if (!ne) {
		v_free(u);
		fail_nomem(p);
		return;
	}
	it->enclosures = ne;
	ne += it->nenclosures++;
	ne->url = u;
	ne->type = NULL;
	if (type && *type && !(ne->type = v_strdup(type)))
		fail_nomem(p);
	ne->length = -1;
	if (len && str_to_i64(len, 0, INT64_MAX, &ne->length) < 0)
		ne->length = -1;
	p->item_bytes += strlen(u);
}

/* ---- SAX callbacks ---- */

/* Element names are compared with many literals per element: the first
 * letter settles most of them. */
static int name_is(const char *n, const char *lit)
{
	return n[0] == lit[0] && !strcmp(n, lit);
}

/* The arXiv API answers with an Atom feed whose link is the query. */
static int is_arxiv_api(const struct feed_parser *p)
{
	return p->meta.link && strstr(p->meta.link, "arxiv.org/api/query");
}

/* Forgets the item delivered (or abandoned). */
static void item_end(struct feed_parser *p)
{
	feed_item_release(&p->item);
	v_free(p->media_title);
	v_free(p->media_desc);
	p->media_title = p->media_desc = NULL;
	p->summary_from_content = 0;
	p->mgroup_depth = 0;
	p->item_depth = 0;
}

static void deliver(struct feed_parser *p)
{
	struct feed_item *it = &p->item;
	const char *key = p->base_url ? p->base_url : p->meta.title;
	struct err e;

	if (it->id && strstr(it->id, "arxiv.org/api/errors")) {
		fail(p, "arxiv api error: '%s'",
		     it->summary ? it->summary : it->id);
		return;
	}
	/* A record veille cannot read is an error, not an empty item: the
	 * configuration asks for the wrong thing. */
	if (p->meta.format == FEED_FORMAT_OAI_PMH && !p->deleted &&
	    !p->oai_dc) {
		if (!strcmp(p->oai_verb, "ListIdentifiers"))
			fail(p, "oai-pmh: ListIdentifiers gives no metadata; "
			     "set verb=ListRecords&metadataPrefix=oai_dc");
		else
			fail(p, "oai-pmh: no oai_dc metadata in %s "
			     "(metadataPrefix '%s'); set metadataPrefix=oai_dc",
			     p->oai_verb[0] ? p->oai_verb : "the records",
			     p->oai_prefix[0] ? p->oai_prefix : "unknown");
		return;
	}
	if (p->deleted)
		it->flags |= FEED_ITEM_DELETED;
	if (!it->title) {
		it->title = p->media_title;
		p->media_title = NULL;
	}
	if (!it->summary || p->summary_from_content) {
		if (p->media_desc) {
			v_free(it->summary);
			it->summary = p->media_desc;
			p->media_desc = NULL;
		}
	}
	for (size_t i = 0, inherit = !it->nauthors; inherit &&
	     i < p->nfeed_authors; i++)
		if (parser_strv_add(&it->authors, &it->nauthors,
				    p->feed_authors[i]) < 0) {
			fail_nomem(p);
			return;
		}
	if (!it->language && p->st[p->depth - 1].lang &&
	    !(it->language = v_strdup(p->st[p->depth - 1].lang))) {
		fail_nomem(p);
		return;
	}
	if (parser_item_finish(it, key) < 0) {
		fail_nomem(p);
		return;
	}
	if (p->meta.format == FEED_FORMAT_ATOM && ((it->arxiv_id &&
	    it->id && strstr(it->id, "arxiv.org/abs/")) || is_arxiv_api(p)))
		p->meta.format = FEED_FORMAT_ARXIV;
	p->nitems++;
	err_clear(&e);
	if (p->cb && p->cb(p->ctx, &p->meta, it, &e) != 0) {
		fail(p, "%s", e.msg[0] ? e.msg : "stopped by the caller");
		return;
	}
}

static void root_element(struct feed_parser *p, const char *name, enum ns ns,
			 const xmlChar **a, int na)
{
	struct buf tmp = BUF_INIT;
	const char *v;

	(void)ns;
	if (!strcmp(name, "rss") || !strcmp(name, "channel")) {
		p->meta.format = FEED_FORMAT_RSS;
		if (!strcmp(name, "channel"))
			p->chan_depth = 1;
	} else if (!strcmp(name, "RDF")) {
		p->meta.format = FEED_FORMAT_RDF;
	} else if (!strcmp(name, "feed")) {
		p->meta.format = FEED_FORMAT_ATOM;
		p->chan_depth = 1;
	} else if (!strcmp(name, "OAI-PMH")) {
		p->meta.format = FEED_FORMAT_OAI_PMH;
	} else if (!strcmp(name, "opml")) {
		p->meta.format = FEED_FORMAT_OPML;
	} else if (!str_casecmp(name, "html") || !str_casecmp(name, "head") ||
		   !str_casecmp(name, "body")) {
		fail(p, "not a feed: HTML document");
	} else {
		fail(p, "not a feed: XML document, root element '%s'", name);
	}
	if ((v = attr_get(p, a, na, "lang", &tmp)) && *v && !p->meta.language &&
	    !(p->meta.language = v_strdup(v)))
		fail_nomem(p);
	buf_release(&tmp);
}

/* Starts collecting the text of p->field, an element of namespace ns with
 * attributes a. */
static void field_begin(struct feed_parser *p, enum ns ns, const xmlChar **a,
			int na)
{
	struct buf b = BUF_INIT;
	const char *v;

	p->field_depth = p->depth;
	buf_reset(&p->text);
	p->field_elems = 0;
	p->field_xhtml = p->field_b64 = 0;
	if (ns == NS_ATOM) {
		v = attr_get(p, a, na, "type", &b);
		p->field_xhtml = v && (!strcmp(v, "xhtml") ||
				       !strcmp(v, "application/xhtml+xml"));
		v = attr_get(p, a, na, "mode", &b);
		p->field_b64 = v && !strcmp(v, "base64");
	}
	buf_release(&b);
}

static void raw_start(struct feed_parser *p, const xmlChar *name,
		      const xmlChar **a, int na)
{
	if (p->failed)
		return;	/* the attribute values are freed (see attr_get) */
	p->field_elems++;
	buf_addch(&p->text, '<');
	buf_addstr(&p->text, (const char *)name);
	for (int i = 0; i < na; i++, a += 5) {
		buf_addch(&p->text, ' ');
		buf_addstr(&p->text, (const char *)a[0]);
		buf_addstr(&p->text, "=\"");
		for (const xmlChar *c = a[3]; c < a[4]; c++) {
			if (*c == '"')
				buf_addstr(&p->text, "&quot;");
			else if (*c == '<')
				buf_addstr(&p->text, "&lt;");
			else if (*c == '&')
				buf_addstr(&p->text, "&amp;");
			else
				buf_addch(&p->text, *c);
		}
		buf_addch(&p->text, '"');
	}
	buf_addch(&p->text, '>');
	text_check(p);
}

static enum field map_find(const struct field_map *m, size_t nm,
			   enum ns ns, const char *n)
{
	if (ns == NS_NONE)
		ns = NS_RSS;
	for (size_t i = 0; i < nm; i++)
		if (m[i].ns == ns && name_is(n, m[i].name))
			return (enum field)m[i].field;
	return F_NONE;
}

/* rel: the element's depth below the item. */
static enum field item_field(struct feed_parser *p, enum ns ns,
			     const char *n, int rel)
{
	if (p->meta.format == FEED_FORMAT_OAI_PMH) {
		if (ns == NS_OAI) {
			if (name_is(n, "identifier")) return F_OAI_ID;
			if (name_is(n, "datestamp")) return F_DATESTAMP;
			return F_NONE;
		}
	} else if (p->author_depth) {
		if (rel != 2)
			return F_NONE;
	} else if (rel != 1 && !(rel == 2 && p->mgroup_depth &&
				 ns == NS_MEDIA)) {
		return F_NONE;
	}
	if (p->author_depth)
		return ns == NS_ATOM && name_is(n, "name") ? F_AUTHOR : F_NONE;
	return map_find(MAP(item_map), ns, n);
}

static enum field chan_field(enum ns ns, const char *n)
{
	return map_find(MAP(chan_map), ns, n);
}

static void atom_link(struct feed_parser *p, const xmlChar **a, int na,
		      int in_item)
{
	struct buf b1 = BUF_INIT, b2 = BUF_INIT, b3 = BUF_INIT, b4 = BUF_INIT;
	const char *href = attr_get(p, a, na, "href", &b1);
	const char *rel = attr_get(p, a, na, "rel", &b2);
	const char *type = attr_get(p, a, na, "type", &b3);

	if (!href)
		goto out;
	if (!rel || !strcmp(rel, "alternate") ||
	    !strcmp(rel, "http://www.iana.org/assignments/relation/alternate")) {
		if (in_item)
			set_str(p, &p->item.link, resolve(p, href));
		else if (!p->meta.link)
			p->meta.link = resolve(p, href);
	} else if (!in_item && !strcmp(rel, "self") && !p->self_url) {
		if (url_resolve_checked(cur_base(p), href, &p->self_url) < 0)
			fail_nomem(p);
	} else if (in_item && !strcmp(rel, "enclosure")) {
		add_enclosure(p, href, type, attr_get(p, a, na, "length", &b4));
	} else if (in_item && !strcmp(rel, "related") &&
		   ((type && !strcmp(type, "application/pdf")) ||
		    ((type = attr_get(p, a, na, "title", &b4)) &&
		     !strcmp(type, "pdf")))) {
		add_enclosure(p, href, "application/pdf", NULL);
	}
out:
	buf_release(&b1);
	buf_release(&b2);
	buf_release(&b3);
	buf_release(&b4);
}

static void opml_outline(struct feed_parser *p, const xmlChar **a, int na)
{
	struct buf t = BUF_INIT, x = BUF_INIT, h = BUF_INIT, c = BUF_INIT;
	struct buf path = BUF_INIT;
	const char *title = attr_get(p, a, na, "text", &t);
	const char *xml = attr_get(p, a, na, "xmlUrl", &x);
	const char *html = attr_get(p, a, na, "htmlUrl", &h);
	const char *cat = attr_get(p, a, na, "category", &c);
	struct opml_outline *no, *o;
	char *tt;

	if (!title || !*title)
		title = attr_get(p, a, na, "title", &t);
	tt = title ? to_text(p, title, strlen(title)) : NULL;
	if (!xml || !*xml) {
		/* a folder: its title names the outlines inside */
		p->opml_path[p->depth - 1] = tt;
		goto out;
	}
	for (int d = 0; d < p->depth - 1; d++) {
		if (!p->opml_path[d])
			continue;
		if (path.len)
			buf_addch(&path, '/');
		buf_addstr(&path, p->opml_path[d]);
	}
	if (cat && *cat) {
		if (path.len)
			buf_addch(&path, '/');
		buf_addstr(&path, cat[0] == '/' ? cat + 1 : cat);
	}
	no = v_reallocarray(p->ol->outlines, p->ol->noutlines + 1, sizeof(*no));
	if (!no) {
		v_free(tt);
		fail_nomem(p);
		goto out;
	}
	p->ol->outlines = no;
	o = &no[p->ol->noutlines];
	memset(o, 0, sizeof(*o));
	o->xml_url = resolve(p, xml);
	if (!o->xml_url) {
		v_free(tt);
		goto out;
	}
	p->ol->noutlines++;
	o->title = tt;
	o->html_url = html ? resolve(p, html) : NULL;
	o->category = path.len ? buf_detach(&path, NULL) : NULL;
out:
	buf_release(&t);
	buf_release(&x);
	buf_release(&h);
	buf_release(&c);
	buf_release(&path);
}

/* Item elements read from their attributes (links, enclosures, categories
 * as terms) or that only open a context (media:group): returns 1 when the
 * element at depth rel below the item was one. */
static int item_element(struct feed_parser *p, enum ns ns, const char *n,
			int rel, const xmlChar **a, int na)
{
	struct buf tmp = BUF_INIT, t2 = BUF_INIT, t3 = BUF_INIT;
	const char *v;
	int handled = 0;

	if (ns == NS_MEDIA && name_is(n, "group") && rel == 1) {
		p->mgroup_depth = p->depth;
		goto handled;
	}
	if (ns == NS_ITUNES && name_is(n, "category")) {
		/* nested: <itunes:category text="A"><itunes:category text="B"/> */
		if ((v = attr_get(p, a, na, "text", &tmp)) &&
		    parser_strv_add(&p->item.categories, &p->item.ncategories,
				    v) < 0)
			fail_nomem(p);
		goto handled;
	}
	if (ns == NS_MEDIA && (rel == 1 || (rel == 2 && p->mgroup_depth))) {
		if (name_is(n, "content")) {
			add_enclosure(p, attr_get(p, a, na, "url", &tmp),
				      attr_get(p, a, na, "type", &t2),
				      attr_get(p, a, na, "fileSize", &t3));
			goto handled;
		}
		if (name_is(n, "thumbnail")) {
			add_enclosure(p, attr_get(p, a, na, "url", &tmp),
				      NULL, NULL);
			goto handled;
		}
	}
	if (rel == 1 || p->meta.format == FEED_FORMAT_OAI_PMH) {
		if (ns == NS_ATOM && name_is(n, "link")) {
			atom_link(p, a, na, 1);
			goto handled;
		}
		if ((ns == NS_NONE || ns == NS_RSS) && name_is(n, "enclosure")) {
			add_enclosure(p, attr_get(p, a, na, "url", &tmp),
				      attr_get(p, a, na, "type", &t2),
				      attr_get(p, a, na, "length", &t3));
			goto handled;
		}
		if (ns == NS_ATOM && name_is(n, "category")) {
			if (!(v = attr_get(p, a, na, "term", &tmp)) || !*v)
				v = attr_get(p, a, na, "label", &tmp);
			if (v && parser_strv_add(&p->item.categories,
						 &p->item.ncategories, v) < 0)
				fail_nomem(p);
			goto handled;
		}
		if (ns == NS_ARXIV && name_is(n, "primary_category")) {
			/* the primary category goes first */
			if ((v = attr_get(p, a, na, "term", &tmp)) && *v) {
				if (parser_strv_add(&p->item.categories,
						    &p->item.ncategories, v) < 0)
					fail_nomem(p);
				else if (p->item.ncategories > 1) {
					char *last = p->item.categories[
						p->item.ncategories - 1];

					memmove(p->item.categories + 1,
						p->item.categories,
						(p->item.ncategories - 1) *
						sizeof(char *));
					p->item.categories[0] = last;
				}
			}
			goto handled;
		}
	}
	goto out;
handled:
	handled = 1;
out:
	buf_release(&tmp);
	buf_release(&t2);
	buf_release(&t3);
	return handled;
}

static void on_start(void *ctx, const xmlChar *lname, const xmlChar *prefix,
		     const xmlChar *uri, int nns, const xmlChar **nsdecl,
		     int na, int ndef, const xmlChar **a)
{
	struct feed_parser *p = ctx;
	const char *n = (const char *)lname;
	enum ns ns = ns_of(p, uri);
	struct frame *f, *up;
	struct buf tmp = BUF_INIT;
	const char *v;
	int rel;

	(void)nns; (void)nsdecl; (void)ndef;
	if (p->failed)
		return;
	/* a bogus default namespace on RSS, none on Atom: as meant */
	if (!prefix && ((p->meta.format == FEED_FORMAT_RSS && ns == NS_OTHER) ||
			(p->meta.format == FEED_FORMAT_ATOM && ns == NS_NONE)))
		ns = p->meta.format == FEED_FORMAT_RSS ? NS_RSS : NS_ATOM;
	if (p->depth >= DEPTH_MAX)
	{
		fail(p, "elements nested deeper than 256");
		return;
	}
	f = &p->st[p->depth];
	up = p->depth ? &p->st[p->depth - 1] : NULL;
	f->base = up ? up->base : p->base_url;
	f->lang = up ? up->lang : NULL;
	f->own_base = f->own_lang = 0;
	f->ns = (unsigned char)ns;
	if ((v = attr_get(p, a, na, "base", &tmp))) {
		char *r;

		if (url_resolve_checked(f->base, v, &r) < 0)
			fail_nomem(p);
		if (r) {
			f->base = r;
			f->own_base = 1;
		}
	}
	if ((v = attr_get(p, a, na, "lang", &tmp)) && *v) {
		char *l = v_strdup(v);

		if (l) {
			f->lang = l;
			f->own_lang = 1;
		} else {
			fail_nomem(p);
		}
	}
	p->depth++;
	if (p->field_depth) {
		raw_start(p, lname, a, na);
		goto out;
	}
	if (p->depth == 1) {
		root_element(p, n, ns, a, na);
		goto out;
	}
	if (p->skip_depth)
		goto out;
	if (p->meta.format == FEED_FORMAT_OPML) {
		if (name_is(n, "title") && p->depth == 3) {
			p->field_depth = p->depth;
			p->field = F_OPML_TITLE;
			buf_reset(&p->text);
		} else if (name_is(n, "outline") && p->ol) {
			opml_outline(p, a, na);
		}
		goto out;
	}
	if (!p->item_depth) {
		if ((name_is(n, "item") && ns != NS_OTHER && ns != NS_ATOM) ||
		    (name_is(n, "entry") && ns == NS_ATOM) ||
		    (name_is(n, "record") && ns == NS_OAI) ||
		    (name_is(n, "header") && ns == NS_OAI)) {
			p->item_depth = p->depth;
			p->item_bytes = 0;
			p->deleted = 0;
			p->oai_dc = 0;
			if (name_is(n, "header")) {
				/* ListIdentifiers: headers without records */
				v = attr_get(p, a, na, "status", &tmp);
				p->deleted = v && !strcmp(v, "deleted");
			}
			if (ns == NS_RSS && (v = attr_get(p, a, na, "about", &tmp)) &&
			    *v)
				set_str(p, &p->item.id, trimdup(p, v));
			goto out;
		}
		if (name_is(n, "channel") && (ns == NS_NONE || ns == NS_RSS)) {
			p->chan_depth = p->depth;
			goto out;
		}
		if (p->meta.format == FEED_FORMAT_OAI_PMH) {
			if (ns != NS_OAI)
				goto out;
			if (name_is(n, "resumptionToken")) {
				p->field = F_RESUMPTION;
				if ((v = attr_get(p, a, na, "completeListSize", &tmp)))
					str_to_i64(v, 0, INT64_MAX, &p->meta.total_results);
			} else if (name_is(n, "error")) {
				p->field = F_OAI_ERROR;
				v = attr_get(p, a, na, "code", &tmp);
				str_copy(p->oai_code, v ? v : "unknown",
					 sizeof(p->oai_code));
			} else if (name_is(n, "request")) {
				p->field = F_OAI_REQUEST;
				v = attr_get(p, a, na, "metadataPrefix", &tmp);
				str_copy(p->oai_prefix, v ? v : "",
					 sizeof(p->oai_prefix));
			} else {
				if (p->depth == 2)
					str_copy(p->oai_verb, n,
						 sizeof(p->oai_verb));
				goto out;
			}
			p->field_depth = p->depth;
			buf_reset(&p->text);
			goto out;
		}
		if (ns == NS_ATOM && name_is(n, "author") &&
		    p->depth == p->chan_depth + 1 && p->chan_depth) {
			p->author_depth = p->depth;
			goto out;
		}
		if (p->author_depth && ns == NS_ATOM && name_is(n, "name") &&
		    p->depth == p->author_depth + 1) {
			p->field = F_AUTHOR;
			p->field_depth = p->depth;
			buf_reset(&p->text);
			goto out;
		}
		if (name_is(n, "image") || !strcasecmp(n, "textinput") ||
		    name_is(n, "items") || (ns == NS_ATOM && (name_is(n, "author")
		    || name_is(n, "contributor") || name_is(n, "source")))) {
			p->skip_depth = p->depth;
			goto out;
		}
		if (p->depth != p->chan_depth + 1)
			goto out;
		if (ns == NS_ATOM && name_is(n, "link")) {
			atom_link(p, a, na, 0);
			goto out;
		}
		p->field = chan_field(ns, n);
		if (p->field != F_NONE)
			field_begin(p, ns, a, na);
		goto out;
	}
	/* inside an item */
	rel = p->depth - p->item_depth;
	if (ns == NS_DC || ns == NS_DCTERMS)
		p->oai_dc = 1;
	if (ns == NS_ATOM && (name_is(n, "source") ||
			      name_is(n, "contributor"))) {
		p->skip_depth = p->depth;
		goto out;
	}
	if ((ns == NS_NONE || ns == NS_RSS) && name_is(n, "source") && rel == 1)
		goto out;
	if (ns == NS_ATOM && name_is(n, "author") && rel == 1) {
		p->author_depth = p->depth;
		goto out;
	}
	if (ns == NS_OAI && name_is(n, "header")) {
		v = attr_get(p, a, na, "status", &tmp);
		p->deleted = v && !strcmp(v, "deleted");
		goto out;
	}
	if (ns == NS_OAI && name_is(n, "about")) {
		p->skip_depth = p->depth;
		goto out;
	}
	if (item_element(p, ns, n, rel, a, na))
		goto out;
	p->field = item_field(p, ns, n, rel);
	if (p->field != F_NONE) {
		field_begin(p, ns, a, na);
		p->guid_link = 0;
		if (p->field == F_GUID) {
			v = attr_get(p, a, na, "isPermaLink", &tmp);
			p->guid_link = !v || !strcmp(v, "true");
		}
	}
out:
	buf_release(&tmp);
	if (p->text.len >= p->max_field)
		fail(p, "a field exceeds the limit of %zu bytes", p->max_field);
}

/* "jdoe@example.com (John Doe)", "John Doe (jdoe@example.com)" and
 * "John Doe <jdoe@example.com>" to "John Doe", in place: the item's authors
 * are names. A lone address stays. */
static void author_name(char *s)
{
	char *open = strrchr(s, '('), *lt = strrchr(s, '<'), *at;
	size_t n = strlen(s);

	if (open && n && s[n - 1] == ')' && open > s) {
		char *inner = open + 1;
		size_t k = (size_t)(s + n - 1 - inner);

		at = memchr(s, '@', (size_t)(open - s));
		if (at && !memchr(inner, '@', k) && k) {
			memmove(s, inner, k);	/* "address (Name)" */
			s[k] = '\0';
		} else if (!at && memchr(inner, '@', k)) {
			*open = '\0';		/* "Name (address)" */
		}
	} else if (lt && lt > s && n && s[n - 1] == '>' && strchr(lt, '@')) {
		*lt = '\0';			/* "Name <address>" */
	}
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	n = strspn(s, " \t");
	if (n)
		memmove(s, s + n, strlen(s + n) + 1);
}

/* Media RSS keywords: "a, b, c" become categories. */
static void add_keywords(struct feed_parser *p, const char *s)
{
	while (*s) {
		const char *e = strchr(s, ',');
		size_t k = e ? (size_t)(e - s) : strlen(s);
		char *v = v_strndup(s, k), *t;

		if (!v) {
			fail_nomem(p);
			return;
		}
		t = trimdup(p, v);
		v_free(v);
		if (t && parser_strv_add(&p->item.categories,
					 &p->item.ncategories, t) < 0)
			fail_nomem(p);
		v_free(t);
		s += k + (e != NULL);
	}
}

/* Fills an empty date slot; returns 1 when it did. */
static int set_date(struct feed_parser *p, int64_t *dst, const char *s,
		    int weak)
{
	int64_t t;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return 0;
	if (*dst != FEED_NO_DATE)
		return 0;
	if (date_parse(s, &t) == 0) {
		*dst = t;
		return 1;
	}
	if (!weak || !(p->item.flags & FEED_ITEM_DATE_UNREADABLE))
		p->item.flags |= FEED_ITEM_DATE_UNREADABLE;
	return 0;
}

static void item_text(struct feed_parser *p, const char *s, size_t n)
{
	struct feed_item *it = &p->item;
	char *v;

	switch (p->field) {
	case F_TITLE:
		set_str(p, &it->title, to_text(p, s, n));
		break;
	case F_LINK:
		set_str(p, &it->link, resolve(p, s));
		break;
	case F_DESC:
		if (p->summary_from_content && (v = to_text(p, s, n))) {
			/* a summary of its own, unlike the content's text */
			v_free(it->summary);
			it->summary = NULL;
			p->summary_from_content = 0;
			set_str(p, &it->summary, v);
			break;
		}
		set_str(p, &it->summary, to_text(p, s, n));
		break;
	case F_MEDIA_TITLE:
		if (!p->media_title)
			p->media_title = to_text(p, s, n);
		break;
	case F_MEDIA_DESC:
		if (!p->media_desc)
			p->media_desc = to_text(p, s, n);
		break;
	case F_KEYWORDS:
		add_keywords(p, s);
		break;
	case F_CONTENT: {
		struct buf b;
		int rc;

		if (it->content)
			break;
		buf_init(&b, p->max_field);
		rc = html_sanitize(&b, s, n, cur_base(p));
		if (rc == BUF_ENOMEM)
			fail_nomem(p);
		else if (rc == 0 && b.len) {
			char *c = buf_detach(&b, NULL);

			if (!c)
				fail_nomem(p);
			set_str(p, &it->content, c);
		}
		buf_release(&b);
		if (!it->summary) {
			set_str(p, &it->summary, to_text(p, s, n));
			p->summary_from_content = it->summary != NULL;
		}
		break;
	}
	case F_GUID:
	case F_ID:
	case F_OAI_ID:
		if (it->id && p->field != F_OAI_ID && p->field != F_GUID)
			break;
		v = trimdup(p, s);
		if (v && !*v) {
			v_free(v);
			break;
		}
		if (v && (p->field == F_OAI_ID || p->field == F_GUID)) {
			v_free(it->id);	/* over rdf:about */
			it->id = NULL;
		}
		set_str(p, &it->id, v);
		if (p->field == F_GUID && p->guid_link && !it->link)
			set_str(p, &it->link, resolve(p, s));
		break;
	case F_PUBDATE:
		set_date(p, &it->published, s, 0);
		break;
	case F_DCDATE:
		/* what dc:date means depends on the dialect: in OAI-PMH
		 * some date of the work, in RSS a modification date */
		if (set_date(p, &it->published, s, 1))
			it->flags |= p->meta.format == FEED_FORMAT_OAI_PMH ?
				FEED_ITEM_PUBLISHED_OTHER :
				FEED_ITEM_PUBLISHED_DC;
		break;
	case F_ISSUED:
		set_date(p, &it->published, s, 1);
		break;
	case F_DATESTAMP:
		if (set_date(p, &it->updated, s, 0))
			it->flags |= FEED_ITEM_UPDATED_OTHER;
		break;
	case F_UPDATED:
		set_date(p, &it->updated, s, 0);
		break;
	case F_AUTHOR:
		v = to_text(p, s, n);
		if (v)
			author_name(v);
		if (v && parser_strv_add(&it->authors, &it->nauthors, v) < 0)
			fail_nomem(p);
		v_free(v);
		break;
	case F_CATEGORY:
		v = to_text(p, s, n);
		if (v && parser_strv_add(&it->categories, &it->ncategories,
					 v) < 0)
			fail_nomem(p);
		v_free(v);
		break;
	case F_LANG:
		set_str(p, &it->language, trimdup(p, s));
		break;
	case F_DOI:
		if (parser_find_doi(s, &v) < 0)
			fail_nomem(p);
		set_str(p, &it->doi, v);
		break;
	case F_JREF:
		set_str(p, &it->journal_ref, to_text(p, s, n));
		break;
	case F_DCIDENT:
		v = trimdup(p, s);
		if (!v) {
			fail_nomem(p);
			return;
		}
		if ((!it->doi && parser_find_doi(v, &it->doi) < 0) ||
		    (!it->hal_id && parser_find_hal_id(v, &it->hal_id) < 0) ||
		    (!it->arxiv_id &&
		     parser_find_arxiv_id(v, &it->arxiv_id) < 0)) {
			v_free(v);
			fail_nomem(p);
			return;
		}
		if (!it->link && (!strncmp(v, "http://", 7) ||
				  !strncmp(v, "https://", 8)))
			set_str(p, &it->link, resolve(p, v));
		v_free(v);
		break;
	default:
		break;
	}
	if (p->item_bytes > p->max_item) {
		fail(p, "an item exceeds the limit of %zu bytes", p->max_item);
	}
}

static void chan_text(struct feed_parser *p, const char *s, size_t n)
{
	struct feed *m = &p->meta;

	switch (p->field) {
	case F_TITLE:
		if (!m->title)
			m->title = to_text(p, s, n);
		break;
	case F_LINK:
		if (!m->link)
			m->link = resolve(p, s);
		break;
	case F_DESC:
		if (!m->description)
			m->description = to_text(p, s, n);
		break;
	case F_LANG:
		if (!m->language)
			m->language = trimdup(p, s);
		break;
	case F_TOTAL:
		str_to_i64(s, 0, INT64_MAX, &m->total_results);
		break;
	case F_RESUMPTION: {
		char *v = trimdup(p, s);

		if (v && *v && !m->resumption_token)
			m->resumption_token = v;
		else
			v_free(v);
		break;
	}
	case F_OAI_REQUEST:
		if (!m->link)
			m->link = resolve(p, s);
		break;
	case F_OAI_ERROR:
		/* an empty harvest is a success, not an error */
		if (strcmp(p->oai_code, "noRecordsMatch")) {
			char *t = to_text(p, s, n);

			err_set(&p->err, "oai-pmh error '%s': %s", p->oai_code,
				t ? t : "no message");
			v_free(t);
			p->failed = 1;
			xmlStopParser(p->x);
		}
		break;
	case F_AUTHOR: {
		/* Atom: entries without an author inherit the feed's */
		char *v = to_text(p, s, n);

		if (v && parser_strv_add(&p->feed_authors, &p->nfeed_authors,
					 v) < 0)
			fail_nomem(p);
		v_free(v);
		break;
	}
	case F_OPML_TITLE:
		if (p->ol && !p->ol->title)
			p->ol->title = to_text(p, s, n);
		break;
	default:
		break;
	}
}

/* Decodes base64 in place (whitespace skipped, stops at '=' or a byte
 * outside the alphabet); returns the decoded length. */
static size_t b64_decode(char *s, size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789+/";
	uint32_t acc = 0;
	size_t o = 0;
	int bits = 0;

	for (size_t i = 0; i < n; i++) {
		const char *q;

		if (isspace((unsigned char)s[i]))
			continue;
		if (s[i] == '=' || !s[i] || !(q = strchr(abc, s[i])))
			break;
		acc = acc << 6 | (uint32_t)(q - abc);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			s[o++] = (char)(acc >> bits & 0xFF);
		}
	}
	return o;
}

/* Typepad wrote HTML escaped inside the xhtml div ("<div>&lt;p&gt;...");
 * on_text() escaped its '<' and '&' again. When the div holds nothing but
 * such text, from a tag to a tag, undo that: the text is HTML. */
static void typepad_unescape(struct buf *t)
{
	char *s = t->data, *in = memchr(s, '>', t->len), *end;
	size_t i, o;

	end = s + t->len;
	while (end > s && memcmp(end - 1, "<", 1))
		end--;
	if (!in || end <= in + 1)
		return;
	in++;
	end--;
	while (in < end && isspace((unsigned char)*in))
		in++;
	while (end > in && isspace((unsigned char)end[-1]))
		end--;
	if (end - in < 6 || memcmp(in, "&lt;", 4) ||
	    !(isalpha((unsigned char)in[4]) || in[4] == '/') || end[-1] != '>')
		return;
	for (i = o = (size_t)(in - s); i < (size_t)(end - s); o++) {
		size_t k = !memcmp(s + i, "&lt;", 4) ? 4 :
			   !memcmp(s + i, "&amp;", 5) ? 5 : 1;

		s[o] = k == 4 ? '<' : s[i];
		i += k;
	}
	memmove(s + o, end, (size_t)(s + t->len - end) + 1);
	t->len = o + (size_t)(s + t->len - end);
}

/* The field's text as its content model means it (see field_begin). */
static void field_decode(struct feed_parser *p)
{
	if (!p->text.len)
		return;
	if (p->field_b64 && !p->field_elems) {
		buf_truncate(&p->text, b64_decode(p->text.data, p->text.len));
		if (!utf8_valid(p->text.data, p->text.len)) {
			struct buf r;

			buf_init(&r, p->text.max);
			if (utf8_repair(&r, p->text.data, p->text.len) < 0)
				buf_fail(&p->text, BUF_ENOMEM);
			buf_reset(&p->text);
			buf_add(&p->text, buf_cstr(&r), r.len);
			buf_release(&r);
		}
	} else if (p->field_xhtml && p->field_elems == 1) {
		typepad_unescape(&p->text);
	}
}

static void on_end(void *ctx, const xmlChar *lname, const xmlChar *prefix,
		   const xmlChar *uri)
{
	struct feed_parser *p = ctx;
	struct frame *f;

	(void)prefix; (void)uri;
	if (p->depth == 0)
		return;
	if (!p->failed) {
		if (p->field_depth && p->depth > p->field_depth) {
			buf_addstr(&p->text, "</");
			buf_addstr(&p->text, (const char *)lname);
			buf_addch(&p->text, '>');
			text_check(p);
		} else if (p->field_depth == p->depth) {
			const char *s = buf_cstr(&p->text);

			if (text_check(p) == 0)
				field_decode(p);
			if (text_check(p) == 0 && p->item_depth)
				item_text(p, s, p->text.len);
			else if (text_check(p) == 0)
				chan_text(p, s, p->text.len);
			p->field_depth = 0;
			p->field = F_NONE;
			p->field_xhtml = p->field_b64 = 0;
			buf_reset(&p->text);
		} else if (p->skip_depth == p->depth) {
			p->skip_depth = 0;
		} else if (p->author_depth == p->depth) {
			p->author_depth = 0;
		} else if (p->mgroup_depth == p->depth) {
			p->mgroup_depth = 0;
		} else if (p->item_depth == p->depth) {
			deliver(p);
			item_end(p);
		}
	}
	f = &p->st[--p->depth];
	v_free(p->opml_path[p->depth]);
	p->opml_path[p->depth] = NULL;
	if (f->own_base)
		v_free(f->base);
	if (f->own_lang)
		v_free(f->lang);
	f->own_base = f->own_lang = 0;
}

static void on_text(void *ctx, const xmlChar *s, int n)
{
	struct feed_parser *p = ctx;

	if (!p->field_depth || p->failed)
		return;
	if (p->text.len + (size_t)n > p->max_field) {
		fail(p, "a field exceeds the limit of %zu bytes", p->max_field);
		return;
	}
	if (p->field_depth < p->depth) {
		/* inline markup inside a field: keep it escaped as HTML */
		for (int i = 0; i < n; i++) {
			if (s[i] == '<')
				buf_addstr(&p->text, "&lt;");
			else if (s[i] == '&')
				buf_addstr(&p->text, "&amp;");
			else
				buf_addch(&p->text, s[i]);
		}
	} else {
		buf_add(&p->text, s, (size_t)n);
	}
	text_check(p);
}

/* Only the five predefined entities exist: DTDs and internal subsets are
 * never read, so no entity can expand or reach outside. */
static xmlEntityPtr on_entity(void *ctx, const xmlChar *name)
{
	(void)ctx;
	return xmlGetPredefinedEntity(name);
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type,
			   const xmlChar *pub, const xmlChar *sys,
			   xmlChar *content)
{
	(void)ctx; (void)name; (void)type; (void)pub; (void)sys; (void)content;
}

static xmlParserInputPtr on_resolve(void *ctx, const xmlChar *pub,
				    const xmlChar *sys)
{
	(void)ctx; (void)pub; (void)sys;
	return NULL;
}

static void on_error(void *ctx, xmlErrorPtr er)
{
	struct feed_parser *p = ctx;

	if (!er || er->level < XML_ERR_ERROR)
		return;
	p->meta.not_well_formed = 1;
	if (!p->meta.warning) {
		struct buf b = BUF_INIT;
		const char *m = er->message ? er->message : "error";
		size_t l = strlen(m);

		while (l && (m[l - 1] == '\n' || m[l - 1] == ' '))
			l--;
		if (buf_addf(&b, "line %d: ", er->line) == 0 &&
		    buf_add(&b, m, l) == 0)
			p->meta.warning = buf_detach(&b, NULL);
		buf_release(&b);
	}
}

/* ---- byte stream cleaning ---- */

static const char *mem_find(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	for (size_t i = 0; i + l <= n; i++)
		if (s[i] == lit[0] && !memcmp(s + i, lit, l))
			return s + i;
	return NULL;
}

static int is_name_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':';
}

/* Handles the '&' at s[0]: returns the bytes consumed, 0 when more input is
 * needed to decide. Undeclared HTML entities become character references,
 * stray ampersands become &amp;. */
/* Appends to the cleaned output; a failure fails the whole parse, so the
 * document is never silently cut. */
static int out_add(struct feed_parser *p, struct buf *o, const void *s,
		   size_t n)
{
	int rc = buf_add(o, s, n);

	if (rc == BUF_ENOMEM)
		fail_nomem(p);
	else if (rc < 0)
		fail(p, "document chunk larger than %zu bytes", o->max);
	return rc;
}

/* The replacement text of a declared entity, NULL when none. */
static const char *entity_find(const struct feed_parser *p, const char *name)
{
	for (int k = 0; k < p->nents; k++)
		if (!strcmp(p->ents[k].name, name))
			return p->ents[k].value;
	return NULL;
}

/* 1 when every '&' of the n bytes at v starts a character reference or a
 * predefined entity: a replacement text that refers to no other entity,
 * so that expanding it can neither nest nor multiply (billion laughs). */
static int entity_plain(const char *v, size_t n)
{
	static const char *const pre[] = { "amp;", "lt;", "gt;", "quot;",
					   "apos;" };

	for (size_t i = 0; i < n; i++) {
		size_t j = i + 1;
		int ok = 0;

		if (v[i] == '%')
			return 0;
		if (v[i] != '&')
			continue;
		if (j < n && v[j] == '#') {
			int hex = ++j < n && (v[j] == 'x' || v[j] == 'X');
			size_t d = j += (size_t)hex;

			while (j < n && (hex ? isxdigit((unsigned char)v[j]) :
					 isdigit((unsigned char)v[j])))
				j++;
			ok = j > d && j < n && v[j] == ';';
		}
		for (size_t k = 0; !ok && k < sizeof(pre) / sizeof(pre[0]); k++)
			ok = n - j >= strlen(pre[k]) &&
			     !memcmp(v + j, pre[k], strlen(pre[k]));
		if (!ok)
			return 0;
	}
	return 1;
}

/* At s, "<!ENTITY": records a general entity of the internal DTD subset
 * whose replacement text is plain (entity_plain) and short; parameter and
 * external entities, and any other, are never read: their references stay
 * literal text. The declaration itself goes on to libxml2 unchanged.
 * Returns 0 when more input is needed to see its end, 1 otherwise. */
static int entity_decl(struct feed_parser *p, const char *s, size_t n,
		       int final)
{
	static const char kw[] = "<!ENTITY";
	size_t i = sizeof(kw) - 1, nm, nl, v0;
	char q = 0, *name, *val;
	struct buf b = BUF_INIT;

	if (n < i)
		return final || memcmp(s, kw, n) ? 1 : 0;
	if (memcmp(s, kw, i))
		return 1;
	for (size_t j = i; j < n && j < ENT_DECL_MAX; j++) {
		if (q ? s[j] == q : (s[j] == '"' || s[j] == '\''))
			q = q ? 0 : s[j];
		else if (!q && s[j] == '>') {
			n = j;
			q = 1;
			break;
		}
	}
	if (q != 1)	/* no end seen */
		return final || n >= ENT_DECL_MAX ? 1 : 0;
	if (p->nents == ENT_MAX || !isspace((unsigned char)s[i]))
		return 1;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	for (nm = i; i < n && is_name_char((unsigned char)s[i]); i++)
		;
	nl = i - nm;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (!nl || nl > 39 || (s[i] != '"' && s[i] != '\''))
		return 1;	/* a parameter or external entity */
	q = s[i++];
	for (v0 = i; i < n && s[i] != q; i++)
		;
	if (i - v0 > ENT_VALUE_MAX || !entity_plain(s + v0, i - v0))
		return 1;
	for (i++; i < n && isspace((unsigned char)s[i]); i++)
		;
	if (i != n)
		return 1;
	if (!(name = v_strndup(s + nm, nl))) {
		fail_nomem(p);
		return 1;
	}
	if (entity_find(p, name)) {
		v_free(name);	/* the first declaration binds */
		return 1;
	}
	/* its text, never markup: '<' and quotes escaped (it may be used
	 * inside an attribute value) */
	for (size_t k = v0; s[k] != q; k++) {
		const char *esc = s[k] == '<' ? "&lt;" : s[k] == '"' ? "&quot;" :
				  s[k] == '\'' ? "&apos;" : NULL;

		if (esc)
			buf_addstr(&b, esc);
		else
			buf_addch(&b, s[k]);
	}
	if (buf_error(&b) || !(val = buf_detach(&b, NULL))) {
		buf_release(&b);
		v_free(name);
		fail_nomem(p);
		return 1;
	}
	p->ents[p->nents].name = name;
	p->ents[p->nents++].value = val;
	return 1;
}

static size_t fix_amp(struct feed_parser *p, struct buf *o, const char *s, size_t n, int final)
{
	size_t i = 1;
	char name[40];
	const char *v;

	if (n > 1 && s[1] == '#') {
		/* "&#X41;" is not XML (only "&#x41;" is), but it is meant */
		int hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
		size_t d0 = hex ? 3 : 2;

		for (i = d0; i < n && i < 12 && (hex ? isxdigit((unsigned char)s[i]) :
						 isdigit((unsigned char)s[i])); i++)
			;
		if (i == n && !final && i < 12)
			return 0;
		if (i < n && s[i] == ';' && i > d0) {
			if (hex) {
				out_add(p, o, "&#x", 3);
				out_add(p, o, s + 3, i + 1 - 3);
			} else {
				out_add(p, o, s, i + 1);
			}
			return i + 1;
		}
		out_add(p, o, "&amp;", 5);
		return 1;
	}
	while (i < n && i < sizeof(name) && is_name_char((unsigned char)s[i]))
		i++;
	if (i == n && !final && i < sizeof(name))
		return 0;
	if (i < n && s[i] == ';' && i > 1) {
		const htmlEntityDesc *d;

		memcpy(name, s + 1, i - 1);
		name[i - 1] = 0;
		if (!strcmp(name, "amp") || !strcmp(name, "lt") ||
		    !strcmp(name, "gt") || !strcmp(name, "quot") ||
		    !strcmp(name, "apos")) {
			out_add(p, o, s, i + 1);
			return i + 1;
		}
		if ((v = entity_find(p, name)) &&
		    p->ent_out + strlen(v) <= ENT_EXPANSION_MAX) {
			p->ent_out += strlen(v);
			out_add(p, o, v, strlen(v));
			return i + 1;
		}
		if ((d = htmlEntityLookup((const xmlChar *)name))) {
			char ref[16];
			int k = snprintf(ref, sizeof(ref), "&#%u;", d->value);

			out_add(p, o, ref, (size_t)k);
			return i + 1;
		}
	}
	out_add(p, o, "&amp;", 5);
	return 1;
}

/* Length of a valid UTF-8 sequence at s, 0 when invalid, -1 when cut. */
static int utf8_seq(const unsigned char *s, size_t n)
{
	int len;
	uint32_t cp;

	if (s[0] < 0xC2)
		return 0;
	len = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : s[0] < 0xF5 ? 4 : 0;
	if (!len)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	}
	cp = s[0] & (0x7F >> len);
	for (int i = 1; i < len; i++)
		cp = cp << 6 | (s[i] & 0x3F);
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF ||
	    cp == 0xFFFE || cp == 0xFFFF)
		return 0;
	return len;
}

static int match_at(const char *s, size_t n, const char *lit, int *cut)
{
	size_t l = strlen(lit);

	*cut = 0;
	if (n < l) {
		if (!memcmp(s, lit, n))
			*cut = 1;
		return 0;
	}
	return !memcmp(s, lit, l);
}

/* Bytes that end a run of plain copying, per state (text, CDATA,
 * comment) and per UTF-8 repair off/on. */
static unsigned char stops[3][3][256];
static pthread_once_t stops_once = PTHREAD_ONCE_INIT;

static void stops_init(void)
{
	for (int st = 0; st < 3; st++)
		for (int r = 0; r < 3; r++) {
			unsigned char *t = stops[st][r];

			for (int c = 0; c < 0x20; c++)
				t[c] = c != '\t' && c != '\n' && c != '\r';
			for (int c = 0x80; c < 0x100; c++)
				t[c] = r == 1;
			if (r == 2)
				t[0x81] = t[0x8D] = t[0x8F] = t[0x90] = t[0x9D] = 1;
			t['&'] = t['<'] = st == 0;
			t[']'] = st == 0 || st == 1;
			t['-'] = st == 2;
		}
}

/* The markers that move the cleaner between text (0), CDATA (1) and
 * comment (2): inside CDATA and comments, '&' and '<' are not markup. */
static const struct {
	int from, to;
	const char *lit;
} markers[] = {
	{ 0, 1, "<![CDATA[" },
	{ 0, 2, "<!--" },
	{ 1, 0, "]]>" },
	{ 2, 0, "-->" },
};

/* Returns 1 + the index of the marker of state st found at s, or 0; sets
 * *cut when s ends inside a possible marker (wait for more input). */
static size_t marker_at(int st, const char *s, size_t n, int *cut)
{
	size_t m;
	int c;

	*cut = 0;
	for (m = 0; m < sizeof(markers) / sizeof(markers[0]); m++) {
		if (markers[m].from != st || s[0] != markers[m].lit[0])
			continue;
		if (match_at(s, n, markers[m].lit, &c))
			return m + 1;
		*cut |= c;
	}
	return 0;
}

/* 1 when "&lt;" and the like (or "&#NNN;") starts s[0] == '&': what
 * fix_amp() would copy unchanged; sets *len. */
static int plain_ref(const char *s, size_t n, size_t *len)
{
	size_t i = 1;

	if (n > 2 && s[1] == '#') {
		for (i = 2; i < n && i < 11 && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i > 2 && i < n && s[i] == ';') {
			*len = i + 1;
			return 1;
		}
		return 0;
	}
	if (n >= 4 && s[2] == 't' && s[3] == ';' && (s[1] == 'l' || s[1] == 'g')) {
		*len = 4;
		return 1;
	}
	if (n >= 5 && !memcmp(s + 1, "amp;", 4)) {
		*len = 5;
		return 1;
	}
	if (n >= 6 && (!memcmp(s + 1, "quot;", 5) || !memcmp(s + 1, "apos;", 5))) {
		*len = 6;
		return 1;
	}
	return 0;
}

/* End of the run from s[i] that clean() copies as it is: bytes the stop
 * table lets through, and also what the slow path would copy unchanged
 * anyway (a '<' that opens no CDATA section nor comment, a valid UTF-8
 * sequence, a predefined or numeric reference), so that the common text
 * is one copy. */
static size_t plain_run(const struct feed_parser *p, const unsigned char *stop,
			const char *s, size_t i, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t run = i, len;

	for (;;) {
		unsigned char c;

		while (run < n && !stop[u[run]])
			run++;
		if (run >= n)
			return run;
		c = u[run];
		if (p->fstate == 0 && c == '<' && run + 1 < n && s[run + 1] != '!') {
			run++;
		} else if (c >= 0x80 && p->repair == 1) {
			int l = utf8_seq(u + run, n - run);

			if (l <= 0)
				return run;
			run += (size_t)l;
		} else if (p->fstate == 0 && c == '&' &&
			   plain_ref(s + run, n - run, &len)) {
			run += len;
		} else {
			return run;
		}
	}
}

/* Cleans s into o; returns the number of bytes consumed (the rest waits
 * for more input). */
static size_t clean(struct feed_parser *p, struct buf *o, const char *s,
		    size_t n, int final)
{
	size_t i = 0, run, k;
	int cut;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		const unsigned char *stop = stops[p->fstate][p->repair];

		run = plain_run(p, stop, s, i, n);
		c = run < n ? (unsigned char)s[run] : 0;
		if (run > i && out_add(p, o, s + i, run - i) < 0)
			return n;
		i = run;
		if (i == n)
			break;
		if (c < 0x20) {
			if (c == '\t' || c == '\n' || c == '\r')
				out_add(p, o, &c, 1);
			i++;
		} else if (c >= 0x80 && p->repair == 2) {
			/* undefined in windows-1252: libxml2's converter would
			 * stop there and drop the rest of the document */
			out_add(p, o, "?", 1);
			i++;
		} else if (c >= 0x80) {
			int l = utf8_seq((const unsigned char *)s + i, n - i);

			if (l < 0 && !final)
				return i;
			if (l <= 0) {
				out_add(p, o, "\xEF\xBF\xBD", 3);
				i++;
			} else {
				out_add(p, o, s + i, (size_t)l);
				i += (size_t)l;
			}
		} else if (c == '&' && p->fstate == 0) {
			size_t used = fix_amp(p, o, s + i, n - i, final);

			if (!used)
				return i;
			i += used;
		} else if (c == ']' && p->fstate == 0) {
			/* "]]>" outside CDATA is an error that libxml2's push
			 * parser recovers from differently depending on where
			 * the chunk ends: give it the text it means */
			if (match_at(s + i, n - i, "]]>", &cut)) {
				out_add(p, o, "]]&gt;", 6);
				i += 3;
			} else if (cut && !final) {
				return i;
			} else {
				out_add(p, o, "]", 1);
				i++;
			}
		} else if (c == '<' && p->fstate == 0 &&
			   !entity_decl(p, s + i, n - i, final)) {
			return i;	/* a declaration cut by the chunk end */
		} else if ((k = marker_at(p->fstate, s + i, n - i, &cut)) > 0) {
			/* a CDATA section or comment opens or closes */
			p->fstate = markers[k - 1].to;
			out_add(p, o, s + i, strlen(markers[k - 1].lit));
			i += strlen(markers[k - 1].lit);
		} else if (cut && !final) {
			return i;	/* a marker may be cut by the chunk end */
		} else {
			out_add(p, o, &c, 1);
			i++;
		}
	}
	return i;
}

static int xml_feed(struct feed_parser *p, const char *s, size_t n, int final)
{
	int rc;

	if (p->conv) {
		buf_reset(&p->cout);
		if (parser_conv_run(p->conv, &p->cout, s, n, final) < 0) {
			fail_nomem(p);
			return -1;
		}
		s = p->cout.data ? p->cout.data : "";
		n = p->cout.len;
	}
	if (!p->filter) {
		rc = xmlParseChunk(p->x, s, (int)n, final);
	} else {
		size_t used;

		buf_reset(&p->fout);
		if (p->carry.len) {
			if (buf_add(&p->carry, s, n) < 0) {
				fail_nomem(p);
				return -1;
			}
			s = p->carry.data;
			n = p->carry.len;
		}
		used = clean(p, &p->fout, s, n, final);
		if (used < n) {
			struct buf rest = BUF_INIT;

			if (buf_add(&rest, s + used, n - used) < 0) {
				fail_nomem(p);
				return -1;
			}
			buf_release(&p->carry);
			p->carry = rest;
		} else {
			buf_reset(&p->carry);
		}
		rc = xmlParseChunk(p->x, p->fout.data ? p->fout.data : "",
				   (int)p->fout.len, final);
	}
	(void)rc;
	return p->failed ? -1 : 0;
}

/* ---- routing ---- */

static const char *skip_ws(const char *s, const char *e)
{
	while (s < e && isspace((unsigned char)*s))
		s++;
	return s;
}

static int starts_ci(const char *s, const char *e, const char *lit)
{
	size_t l = strlen(lit);

	return (size_t)(e - s) >= l && !strncasecmp(s, lit, l);
}

/* The first element-like tag after the prolog, comments and PIs. */
static int looks_html(const char *s, const char *e)
{
	for (;;) {
		s = skip_ws(s, e);
		if (starts_ci(s, e, "<!doctype html") || starts_ci(s, e, "<html"))
			return 1;
		if (starts_ci(s, e, "<?")) {
			const char *q = mem_find(s, (size_t)(e - s), "?>");

			if (!q)
				return 0;
			s = q + 2;
		} else if (starts_ci(s, e, "<!--")) {
			const char *q = mem_find(s, (size_t)(e - s), "-->");

			if (!q)
				return 0;
			s = q + 3;
		} else {
			return 0;
		}
	}
}

static void decl_encoding(const char *s, size_t n, char *enc, size_t encsz)
{
	const char *e = s + n, *q, *v;
	char quote;
	size_t l = 0;

	enc[0] = 0;
	s = skip_ws(s, e);
	if (!starts_ci(s, e, "<?xml"))
		return;
	q = mem_find(s, (size_t)(e - s), "?>");
	if (!q)
		return;
	v = mem_find(s, (size_t)(q - s), "encoding");
	if (!v)
		return;
	v += 8;
	while (v < q && (isspace((unsigned char)*v) || *v == '='))
		v++;
	if (v >= q || (*v != '"' && *v != '\''))
		return;
	quote = *v++;
	while (v + l < q && v[l] != quote && l + 1 < encsz)
		l++;
	memcpy(enc, v, l);
	enc[l] = 0;
}

/* iconv ignores punctuation and odd bytes in a name ("UT/F-8" and
 * "utf-8\xA2" are UTF-8 to it): compare letters and digits only. */
static int is_utf8_name(const char *e)
{
	char n[16];
	size_t k = 0;

	for (; *e; e++) {
		if (!isalnum((unsigned char)*e))
			continue;
		if (k + 1 >= sizeof(n))
			return 0;
		n[k++] = (char)tolower((unsigned char)*e);
	}
	n[k] = 0;
	return name_is(n, "utf8") || name_is(n, "usascii") ||
	       name_is(n, "ascii");
}

static int is_cp1252_name(const char *e)
{
	return !str_casecmp(e, "windows-1252") || !str_casecmp(e, "cp1252") ||
	       !str_casecmp(e, "x-cp1252");
}

static int is_latin_name(const char *e)
{
	return !str_casecmp(e, "iso-8859-1") || !str_casecmp(e, "latin1") ||
	       !str_casecmp(e, "windows-1252") || !str_casecmp(e, "iso-8859-15");
}

static int known_encoding(const char *e)
{
	xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(e);

	if (!h)
		return 0;
	xmlCharEncCloseFunc(h);
	return 1;
}

/* A charset libxml2 hands to iconv: neither UTF-8 and its subsets nor the
 * Latin ones the cleaner repairs itself, nor UTF-16/32, which the filter
 * does not see. */
static int needs_conv(const char *e)
{
	return e[0] && !is_utf8_name(e) && !is_latin_name(e) &&
	       !is_cp1252_name(e) && str_ncasecmp(e, "utf-", 4) &&
	       str_ncasecmp(e, "ucs", 3) && str_casecmp(e, "latin-1");
}

/* 0 when the head is not valid UTF-8 (a sequence cut at its end
 * excepted), 2 when valid with multi-byte sequences, 1 when ASCII. */
static int head_utf8(const char *s, size_t n)
{
	size_t i = 0;
	int multi = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		int l;

		if (c < 0x80) {
			i++;
			continue;
		}
		l = utf8_seq((const unsigned char *)s + i, n - i);
		if (l < 0)
			break;
		if (l == 0)
			return 0;
		multi = 1;
		i += (size_t)l;
	}
	return multi ? 2 : 1;
}

/* win: how many bytes of s lie within the first HEAD_MIN bytes of the
 * input, the only ones any decision may look at (see route()). */
static int start_xml(struct feed_parser *p, const char *s, size_t n,
		     size_t win)
{
	xmlSAXHandler sax;	/* copied by libxml2: one per parse, any thread */
	const unsigned char *u = (const unsigned char *)s;
	char enc[64];
	const char *force = NULL;
	int opts = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
		   XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.getEntity = on_entity;
	sax.entityDecl = on_entity_decl;
	sax.resolveEntity = on_resolve;
	sax.serror = on_error;

	p->filter = 1;
	if (n >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) ||
		       (u[0] == 0xFF && u[1] == 0xFE) ||
		       (u[0] == 0 && u[1] == '<') || (u[0] == '<' && u[1] == 0)))
	{
		p->filter = 0;	/* UTF-16: libxml2 reads it as it is */
		/* without a BOM libxml2 only spots UTF-16 before "<?" */
		if (u[0] == '<')
			force = "UTF-16LE";
		else if (u[0] == 0)
			force = "UTF-16BE";
	}
	decl_encoding(s, win, enc, sizeof(enc));
	if (p->filter) {
		if (p->bom) {
			p->repair = 1;
			force = "UTF-8";
		} else if (p->charset && known_encoding(p->charset) &&
			   !(is_latin_name(p->charset) &&
			     head_utf8(s, n < HEAD_MIN ? n : HEAD_MIN) > 1)) {
			/* the transport's charset, unless libxml2 cannot read
			 * it or it is the Latin-1 that servers send by
			 * default over UTF-8 bytes: then as if not given */
			force = p->charset;
			p->repair = is_utf8_name(force);
		} else if (enc[0] && is_latin_name(enc) &&
			   head_utf8(s, win) > 1) {
			/* UTF-8 labelled Latin-1: a common mislabel, and
			 * multi-byte UTF-8 is most unlikely in real Latin-1 */
			p->repair = 1;
			force = "UTF-8";
		} else if (enc[0]) {
			p->repair = is_utf8_name(enc);
			if (p->repair && str_casecmp(enc, "utf-8") &&
			    str_casecmp(enc, "utf8") &&
			    str_casecmp(enc, "us-ascii") &&
			    str_casecmp(enc, "ascii"))
				force = "UTF-8";	/* not through iconv */
			if (!p->repair) {
				/* an encoding libxml2 does not know would pass
				 * raw bytes through: read it as UTF-8, repaired */
				xmlCharEncodingHandlerPtr h =
					xmlFindCharEncodingHandler(enc);

				if (h)
					xmlCharEncCloseFunc(h);
				else {
					p->repair = 1;
					force = "UTF-8";
				}
			}
		} else if (head_utf8(s, win)) {
			/* the first HEAD_MIN bytes of the input only (not of
			 * s, which may follow junk): the head holds 1 to 64 KiB
			 * depending on how the input was chunked, and the
			 * guess must not depend on that */
			p->repair = 1;
		} else {
			force = "windows-1252";
		}
	}
	if (p->filter && !p->repair && needs_conv(force ? force : enc)) {
		/* libxml2 would convert it with iconv and stop at the first
		 * bad byte sequence, losing the items after it without a
		 * word: convert it here (bad bytes become U+FFFD) and give
		 * libxml2 UTF-8 */
		int rc = parser_conv_open(&p->conv, force ? force : enc);

		if (rc == -2) {
			fail_nomem(p);
			return -1;
		}
		/* converted here; or a name iconv does not know, which
		 * libxml2 may still accept ("utf08") and then read
		 * differently depending on where the input ends: read as
		 * UTF-8, repaired, as for any unknown encoding */
		force = "UTF-8";
		p->repair = 1;
	}
	/* libxml2 detects UTF-16 from the first bytes given at creation */
	p->x = xmlCreatePushParserCtxt(&sax, p, p->filter ? NULL : s,
				       p->filter ? 0 : 4, p->base_url);
	if (!p->x) {
		fail_nomem(p);
		return -1;
	}
	if (force) {
		xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(force);

		if (h && xmlSwitchToEncoding(p->x, h) == 0)
			opts |= XML_PARSE_IGNORE_ENC;
		else if (!p->charset)
			p->repair = 0;
	}
	if (p->filter && !p->repair &&
	    (force ? is_cp1252_name(force) : is_cp1252_name(enc)))
		p->repair = 2;
	xmlCtxtUseOptions(p->x, opts);
	p->mode = M_XML;
	return 0;
}

static void text_excerpt(struct feed_parser *p, const char *s, size_t n,
			 const char *what)
{
	struct buf b = BUF_INIT;
	size_t l = 0;

	while (l < n && l < 40 && s[l] != '\n' && s[l] != '\r')
		l++;
	l = utf8_truncate_len(s, l, 40);
	if (utf8_repair(&b, s, l) < 0)
		buf_reset(&b);
	err_set(&p->err, "not a feed: %s, starting '%s'", what, buf_cstr(&b));
	buf_release(&b);
	p->failed = 1;
	p->mode = M_FAILED;
}

/* Chooses the route from the head (at least HEAD_MIN bytes, or all). */
static int route(struct feed_parser *p, int final)
{
	const char *s = p->head.data ? p->head.data : "", *e = s + p->head.len;
	const char *b = s;
	/* decisions look at the first HEAD_MIN bytes only: the head holds 1
	 * to 64 KiB depending on the chunking, and the route must not */
	const char *se = e - s > HEAD_MIN ? s + HEAD_MIN : e;
	const unsigned char *u = (const unsigned char *)s;
	int utf16 = p->head.len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) ||
					 (u[0] == 0xFF && u[1] == 0xFE) ||
					 (u[0] == 0 && u[1] == '<') ||
					 (u[0] == '<' && u[1] == 0));

	if (!utf16) {
		if (e - b >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3))
			b += 3;
		b = skip_ws(b, e);
		if (b == e && final) {
			p->failed = 1;
			p->mode = M_FAILED;
			return err_set(&p->err, "not a feed: empty document");
		}
		if (*b == '{' || *b == '[') {
			p->mode = M_JSON;
			buf_init(&p->body, p->max_json);
			if (buf_add(&p->body, b, (size_t)(e - b)) < 0)
				return err_set(&p->err, "not a feed: JSON "
					       "document larger than %zu bytes",
					       p->max_json);
			return 0;
		}
		if (looks_html(b, se > b ? se : b)) {
			p->mode = M_HTML;
			buf_init(&p->body, HTML_MAX);
			buf_add(&p->body, b, (size_t)(e - b));
			return 0;
		}
		if (*b != '<') {
			/* junk before the document (a PHP warning): skip it */
			const char *q = se > b ? mem_find(b, (size_t)(se - b),
							  "<?xml") : NULL;

			if (!q) {
				text_excerpt(p, b, (size_t)(e - b),
					     "text document");
				return -1;
			}
			b = q;
			p->meta.not_well_formed = 1;
			if (!p->meta.warning)
				p->meta.warning = v_strdup("text before the "
							   "XML declaration "
							   "ignored");
		} else {
			b = s;
		}
	}
	if (!utf16 && e - b >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) {
		p->bom = 1;
		b += 3;
	}
	if (start_xml(p, b, (size_t)(e - b), se > b ? (size_t)(se - b) : 0) < 0)
		return -1;
	if (!p->filter) {
		if ((size_t)(e - b) < 4)
			return -1;
		b += 4;
	}
	return xml_feed(p, b, (size_t)(e - b), final);
}

static void html_title(struct feed_parser *p)
{
	const char *s = buf_cstr(&p->body), *e = s + p->body.len, *q, *t;

	for (q = s; q < e; q++) {
		if (*q != '<' || !starts_ci(q, e, "<title"))
			continue;
		if (!(t = memchr(q, '>', (size_t)(e - q))))
			break;
		t++;
		for (q = t; q < e && !starts_ci(q, e, "</title"); q++)
			;
		if (q == e)
			break;
		{
			char *v = to_text(p, t, (size_t)(q - t));

			if (v) {
				err_set(&p->err, "not a feed: HTML document, "
					"title '%s'", v);
				v_free(v);
				return;
			}
		}
		break;
	}
	err_set(&p->err, "not a feed: HTML document");
}

/* ---- public API ---- */

/* libxml2 reports conversion errors ("encoding error : input conversion
 * failed") through its generic handler, which prints to stderr: only cli/
 * prints, and the parse records them as not_well_formed already. */
static void xml_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void feed_parser_init(void)
{
	xmlInitParser();
}

struct feed_parser *feed_parser_new(const struct parse_opts *o,
				    feed_item_cb on_item, void *ctx)
{
	struct feed_parser *p = v_calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	xmlSetGenericErrorFunc(NULL, xml_quiet);
	p->max_field = o && o->max_field ? o->max_field : (size_t)1 << 20;
	p->max_item = o && o->max_item ? o->max_item : (size_t)4 << 20;
	p->max_json = o && o->max_json ? o->max_json : (size_t)32 << 20;
	if ((o && o->base_url && !(p->base_url = v_strdup(o->base_url))) ||
	    (o && o->charset && !(p->charset = v_strdup(o->charset)))) {
		feed_parser_free(p);
		return NULL;
	}
	p->cb = on_item;
	p->ctx = ctx;
	buf_init(&p->head, HEAD_MAX);
	buf_init(&p->text, p->max_field + 64);
	buf_init(&p->fout, BUF_MAX_DEFAULT);
	buf_init(&p->carry, 4096);
	buf_init(&p->cout, BUF_MAX_DEFAULT);
	p->meta.total_results = -1;
	feed_item_release(&p->item);
	pthread_once(&stops_once, stops_init);
	return p;
}

int feed_parser_push(struct feed_parser *p, const char *s, size_t n,
		     struct err *e)
{
	if (p->failed)
		goto failed;
	switch (p->mode) {
	case M_HEAD: {
		/* the route is chosen on the first 1 to 64 KiB */
		size_t k = n < HEAD_MAX - p->head.len ? n :
			   HEAD_MAX - p->head.len;

		if (buf_add(&p->head, s, k) < 0) {
			fail_nomem(p);
			goto failed;
		}
		if (p->head.len < HEAD_MIN)
			return 0;
		if (route(p, 0) < 0)
			goto failed;
		buf_release(&p->head);
		if (k < n)
			return feed_parser_push(p, s + k, n - k, e);
		return 0;
	}
	case M_XML:
		while (n > 0) {
			size_t k = n > (1u << 20) ? (1u << 20) : n;

			if (xml_feed(p, s, k, 0) < 0)
				goto failed;
			s += k;
			n -= k;
		}
		return 0;
	case M_JSON:
		if (buf_add(&p->body, s, n) < 0) {
			p->failed = 1;
			err_set(&p->err, "JSON document larger than %zu bytes",
				p->max_json);
			goto failed;
		}
		return 0;
	case M_HTML:
		if (p->body.len < HTML_MAX)
			buf_add(&p->body, s, n < HTML_MAX - p->body.len ? n :
				HTML_MAX - p->body.len);
		return 0;
	case M_FAILED:
		break;
	}
failed:
	if (e)
		*e = p->err;
	return -1;
}

int feed_parser_finish(struct feed_parser *p, struct feed **meta,
		       struct err *e)
{
	struct feed *m;

	*meta = NULL;
	if (p->failed)
		goto failed;
	if (p->mode == M_HEAD) {
		if (route(p, 1) < 0)
			goto failed;
		buf_release(&p->head);
		if (p->mode == M_XML)
			goto done;
	}
	if (p->mode == M_XML) {
		if (xml_feed(p, "", 0, 1) < 0)
			goto failed;
	} else if (p->mode == M_JSON) {
		/* the base, or every relative link of a JSON Feed is dropped */
		struct parse_opts jo = { p->base_url, NULL, 0, 0, 0 };

		if (jsonfeed_read(p->body.data, p->body.len, &jo, &p->meta,
				  p->cb, p->ctx, &p->err) < 0) {
			p->failed = 1;
			goto failed;
		}
		goto out;
	} else if (p->mode == M_HTML) {
		html_title(p);
		p->failed = 1;
		goto failed;
	}
done:
	if (!p->failed && parser_conv_replaced(p->conv)) {
		/* not well-formed (XML wants valid bytes), but every item
		 * is kept: say so, as libxml2's own recovered errors are */
		struct buf w = BUF_INIT;

		p->meta.not_well_formed = 1;
		if (!p->meta.warning &&
		    (buf_addf(&w, "%zu byte sequence%s invalid in the "
			      "document's charset replaced by U+FFFD",
			      parser_conv_replaced(p->conv),
			      parser_conv_replaced(p->conv) > 1 ? "s" : "") < 0 ||
		     !(p->meta.warning = buf_detach(&w, NULL)))) {
			buf_release(&w);
			fail_nomem(p);
		}
	}
	if (p->failed)
		goto failed;
	if (p->meta.format == FEED_FORMAT_ATOM && is_arxiv_api(p))
		p->meta.format = FEED_FORMAT_ARXIV;
	if (p->meta.format == FEED_FORMAT_UNKNOWN) {
		fail(p, "not a feed: unreadable XML (%s)", p->meta.warning ?
		     p->meta.warning : "no root element");
		goto failed;
	}
out:
	m = v_calloc(1, sizeof(*m));
	if (!m) {
		fail_nomem(p);
		goto failed;
	}
	*m = p->meta;
	memset(&p->meta, 0, sizeof(p->meta));
	*meta = m;
	return 0;
failed:
	if (e)
		*e = p->err;
	return -1;
}

void feed_parser_free(struct feed_parser *p)
{
	if (!p)
		return;
	if (p->x) {
		if (p->x->myDoc)
			xmlFreeDoc(p->x->myDoc);
		xmlFreeParserCtxt(p->x);
	}
	while (p->depth > 0) {
		struct frame *f = &p->st[--p->depth];

		if (f->own_base)
			v_free(f->base);
		if (f->own_lang)
			v_free(f->lang);
		v_free(p->opml_path[p->depth]);
	}
	opml_free(p->ol);
	for (size_t i = 0; i < p->nfeed_authors; i++)
		v_free(p->feed_authors[i]);
	v_free(p->feed_authors);
	item_end(p);
	v_free(p->meta.title);
	v_free(p->meta.link);
	v_free(p->meta.description);
	v_free(p->meta.language);
	v_free(p->meta.resumption_token);
	v_free(p->meta.warning);
	for (int k = 0; k < p->nents; k++) {
		v_free(p->ents[k].name);
		v_free(p->ents[k].value);
	}
	buf_release(&p->head);
	buf_release(&p->body);
	buf_release(&p->text);
	buf_release(&p->fout);
	buf_release(&p->carry);
	buf_release(&p->cout);
	parser_conv_free(p->conv);
	v_free(p->base_url);
	v_free(p->self_url);
	v_free(p->charset);
	v_free(p);
}

enum feed_format feed_parser_format(const struct feed_parser *p)
{
	return p->mode == M_JSON ? FEED_FORMAT_JSONFEED : p->meta.format;
}

struct collect {
	struct feed_item *items;
	size_t n, cap;
};

static int collect_item(void *ctx, const struct feed *meta,
			struct feed_item *it, struct err *e)
{
	struct collect *c = ctx;

	(void)meta;
	if (c->n == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 16;
		struct feed_item *ni = v_reallocarray(c->items, nc, sizeof(*ni));

		if (!ni)
			return err_set(e, "out of memory");
		c->items = ni;
		c->cap = nc;
	}
	c->items[c->n++] = *it;
	memset(it, 0, sizeof(*it));
	return 0;
}

int feed_parse(const char *data, size_t len, const struct parse_opts *o,
	       struct feed **out, struct err *e)
{
	struct collect c = { NULL, 0, 0 };
	struct feed_parser *p = feed_parser_new(o, collect_item, &c);
	int rc;

	*out = NULL;
	if (!p)
		return err_set(e, "out of memory");
	rc = feed_parser_push(p, data, len, e);
	if (rc == 0)
		rc = feed_parser_finish(p, out, e);
	feed_parser_free(p);
	if (rc < 0) {
		for (size_t i = 0; i < c.n; i++)
			feed_item_release(&c.items[i]);
		v_free(c.items);
		return -1;
	}
	(*out)->items = c.items;
	(*out)->nitems = c.n;
	return 0;
}

void opml_free(struct opml *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->noutlines; i++) {
		v_free(l->outlines[i].title);
		v_free(l->outlines[i].xml_url);
		v_free(l->outlines[i].html_url);
		v_free(l->outlines[i].category);
	}
	v_free(l->outlines);
	v_free(l->title);
	v_free(l);
}

int opml_parse(const char *data, size_t len, const struct parse_opts *o,
	       struct opml **out, struct err *e)
{
	struct feed_parser *p = feed_parser_new(o, NULL, NULL);
	struct feed *meta = NULL;
	int rc = -1;

	*out = NULL;
	if (!p || !(p->ol = v_calloc(1, sizeof(*p->ol)))) {
		feed_parser_free(p);
		return err_set(e, "out of memory");
	}
	if (feed_parser_push(p, data, len, e) == 0 &&
	    feed_parser_finish(p, &meta, e) == 0) {
		if (meta->format != FEED_FORMAT_OPML) {
			err_set(e, "not an OPML document: %s",
				feed_format_name(meta->format));
		} else {
			*out = p->ol;
			p->ol = NULL;
			rc = 0;
		}
	}
	feed_free(meta);
	feed_parser_free(p);
	return rc;
}
