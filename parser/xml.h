/* parser/ internals of the XML push parser, shared by its files:
 *   api.c     the public API of parser.h
 *   route.c   XML, JSON Feed or HTML, and the encoding, from the head
 *   clean.c   the byte stream cleaned before libxml2 sees it
 *   sax.c     libxml2's SAX callbacks: elements to actions and fields
 *   fields.c  a field's text into the item or the feed, item delivery
 *   parser.c  the parser's state helpers (failing, attributes, links, text)
 *   map.c     namespaces, element names and the element-to-field tables
 * Calls go down this list only, never back (mk/layers.sh fails on a
 * cycle; doc/HACKING.md, "Inside parser/"). */
#ifndef VEILLE_PARSER_XML_H
#define VEILLE_PARSER_XML_H

#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>

#include "parser_int.h"

#define DEPTH_MAX 256
#define HEAD_MIN 1024		/* bytes looked at before choosing a route */
#define HEAD_MAX (64u << 10)
#define NS_CACHE 16
#define EL_CACHE 64		/* element names cached (see xp_el_of) */
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
	NS_MEDIA, NS_ITUNES, NS_ARXIV, NS_OPENSEARCH, NS_OAI, NS_XHTML, NS_PRISM,
	NS_OTHER
};

enum field {
	F_NONE, F_TITLE, F_LINK, F_DESC, F_CONTENT, F_GUID, F_ID, F_PUBDATE,
	F_DCDATE, F_ISSUED, F_UPDATED, F_AUTHOR, F_CATEGORY, F_LANG, F_DOI,
	F_DCIDENT, F_OAI_ID, F_DATESTAMP, F_RESUMPTION, F_OAI_ERROR,
	F_OAI_REQUEST, F_TOTAL, F_OPML_TITLE, F_JREF, F_MEDIA_TITLE,
	F_MEDIA_DESC, F_KEYWORDS
};

/* The local names the parser acts on (map.c names them); E_OTHER for any
 * other. */
enum el {
	E_OTHER, E_ABOUT, E_ABSTRACT, E_AUTHOR, E_BODY, E_CATEGORY,
	E_CHANNEL, E_CONTENT, E_CONTRIBUTOR, E_CREATED, E_CREATOR, E_DATE,
	E_DATESTAMP, E_DESCRIPTION, E_DIV, E_DOI, E_ENCLOSURE, E_ENCODED,
	E_ENTRY, E_ERROR, E_FULLITEM, E_GROUP, E_GUID, E_HEADER, E_ID,
	E_IDENTIFIER, E_IMAGE, E_ISSUED, E_ITEM, E_ITEMS, E_JOURNAL_REF,
	E_KEYWORDS, E_LANGUAGE, E_LINK, E_MODIFIED, E_NAME, E_OUTLINE,
	E_PRIMARY_CATEGORY, E_PUBDATE, E_PUBLISHED, E_RECORD, E_REQUEST,
	E_RESUMPTION_TOKEN, E_SOURCE, E_SUBJECT, E_SUBTITLE, E_SUMMARY,
	E_TAGLINE, E_TEXTINPUT, E_THUMBNAIL, E_TITLE, E_TOTAL_RESULTS,
	E_UPDATED, E_COUNT
};

/* What an element does, by where it is (outside or inside an item), its
 * namespace and its name: the tables of map.c. The conditions on depth
 * are sax.c's. */
enum act {
	A_NONE,
	A_FIELD,	/* its text fills field */
	A_ITEM,		/* opens an item */
	A_CHANNEL,	/* the RSS channel */
	A_SKIP,		/* ignored with everything inside */
	A_AUTHOR,	/* an Atom author (of the feed, of the entry) */
	A_AUTHOR_NAME,	/* its name */
	A_OAI,		/* OAI-PMH's own elements (field, when not F_NONE) */
	A_OAI_HEADER,	/* an OAI-PMH record header: deleted or not */
	A_LINK,		/* Atom link */
	A_ENCLOSURE,	/* RSS enclosure */
	A_ATOM_CATEGORY,
	A_ITUNES_CATEGORY,
	A_ARXIV_PRIMARY,
	A_MEDIA_GROUP,
	A_MEDIA_CONTENT,
	A_MEDIA_THUMBNAIL
};

struct rule {
	uint16_t ns;		/* namespaces (bits 1 << enum ns) it applies to */
	unsigned char el, act, field;
};

/* The first rule for an element of namespace ns and name el, outside an
 * item (in_item 0) or inside one; NULL when none. */
const struct rule *xp_rule(int in_item, enum ns ns, enum el el);
/* Builds the index xp_rule() reads: once, before the first parse. */
void xp_rules_init(void);
enum ns xp_ns_lookup(const xmlChar *uri);
enum el xp_el_lookup(const char *name);

#define XP_DROP_BIG 1	/* the item is over max_item */
#define XP_DROP_DEEP 2	/* it nests elements deeper than DEPTH_MAX */

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
	const xmlChar *ns_uri[NS_CACHE];	/* see xp_ns_of() */
	unsigned char ns_val[NS_CACHE];
	const xmlChar *el_name[EL_CACHE];	/* see xp_el_of() */
	unsigned char el_val[EL_CACHE];
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
	/* limits: the field being read was cut at max_field; elements open
	 * beyond DEPTH_MAX; the current item is left out (XP_DROP_*); what
	 * was cut or left out so far, for the feed's note (feed.trimmed) */
	int field_cut;
	int deep;
	int item_drop;
	size_t fields_cut, items_big, items_deep, deep_ignored;
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

/* Element names are compared with many literals per element: the first
 * letter settles most of them. */
static inline int name_is(const char *n, const char *lit)
{
	return n[0] == lit[0] && !strcmp(n, lit);
}

/* parser.c */
void xp_fail(struct feed_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void xp_fail_nomem(struct feed_parser *p);
int xp_text_check(struct feed_parser *p);
enum ns xp_ns_of(struct feed_parser *p, const xmlChar *uri);
enum el xp_el_of(struct feed_parser *p, const xmlChar *name);
const char *xp_attr_get(struct feed_parser *p, const xmlChar **a, int na,
			const char *name, struct buf *b);
char *xp_trimdup(struct feed_parser *p, const char *s);
const char *xp_cur_base(struct feed_parser *p);
char *xp_resolve(struct feed_parser *p, const char *ref);
char *xp_to_text(struct feed_parser *p, const char *s, size_t n);
void xp_set_str(struct feed_parser *p, char **dst, char *v);
void xp_add_enclosure(struct feed_parser *p, const char *url,
		      const char *type, const char *len);
int xp_is_arxiv_api(const struct feed_parser *p);

/* fields.c */
void xp_item_end(struct feed_parser *p);
void xp_deliver(struct feed_parser *p);
void xp_field_decode(struct feed_parser *p);
void xp_item_text(struct feed_parser *p, const char *s, size_t n);
void xp_chan_text(struct feed_parser *p, const char *s, size_t n);
void xp_opml_outline(struct feed_parser *p, const xmlChar **a, int na);

/* sax.c: sets the callbacks of a parse */
void xp_sax_init(xmlSAXHandler *sax);

/* clean.c */
void xp_clean_init(void);
int xp_xml_feed(struct feed_parser *p, const char *s, size_t n, int final);
const char *xp_mem_find(const char *s, size_t n, const char *lit);
int xp_utf8_seq(const unsigned char *s, size_t n);

/* route.c */
int xp_route(struct feed_parser *p, int final);
void xp_html_title(struct feed_parser *p);

#endif
