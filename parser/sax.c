/* libxml2's SAX callbacks: each element, by where it is, its namespace and
 * its name, becomes an action or a field (the tables of map.c); text is
 * collected for the field being read and handed to fields.c at its end. */
#include <stdint.h>
#include <string.h>

#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/url.h"
#include "xml.h"

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
		xp_fail(p, "not a feed: HTML document");
	} else {
		xp_fail(p, "not a feed: XML document, root element '%s'", name);
	}
	if ((v = xp_attr_get(p, a, na, "lang", &tmp)) && *v && !p->meta.language &&
	    !(p->meta.language = v_strdup(v)))
		xp_fail_nomem(p);
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
		v = xp_attr_get(p, a, na, "type", &b);
		p->field_xhtml = v && (!strcmp(v, "xhtml") ||
				       !strcmp(v, "application/xhtml+xml"));
		v = xp_attr_get(p, a, na, "mode", &b);
		p->field_b64 = v && !strcmp(v, "base64");
	}
	buf_release(&b);
}

/* The field being read reached max_field: its text is cut there, at the
 * start of a character, and the rest of the field ignored; the item is
 * kept with the text it has (issue: one oversized field, such as an
 * inline base64 image, must not sink the feed). */
static void field_cut(struct feed_parser *p, size_t at)
{
	const unsigned char *u = (const unsigned char *)buf_cstr(&p->text);
	size_t lead;

	if (at > p->max_field)
		at = p->max_field;
	if (at > p->text.len)
		at = p->text.len;
	/* back to the start of a sequence the cut leaves incomplete */
	for (lead = at; lead > 0 && at - lead < 4 && (u[lead - 1] & 0xC0) == 0x80;)
		lead--;
	if (lead > 0 && u[lead - 1] >= 0xC0) {
		unsigned char c = u[lead - 1];
		size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;

		if (lead - 1 + need > at)
			at = lead - 1;
	}
	buf_truncate(&p->text, at);
	p->field_cut = 1;
}

/* Appends the n bytes at s with '<' and '&' (and '"' in an attribute
 * value) escaped, up to max_field: 0, or -1 when the field was cut. */
static int text_escaped(struct feed_parser *p, const xmlChar *s, size_t n,
			int attr)
{
	for (size_t i = 0; i < n; i++) {
		if (p->text.len >= p->max_field) {
			field_cut(p, p->text.len);
			return -1;
		}
		if (s[i] == '"' && attr)
			buf_addstr(&p->text, "&quot;");
		else if (s[i] == '<')
			buf_addstr(&p->text, "&lt;");
		else if (s[i] == '&')
			buf_addstr(&p->text, "&amp;");
		else
			buf_addch(&p->text, s[i]);
	}
	return 0;
}

static void raw_start(struct feed_parser *p, const xmlChar *name,
		      const xmlChar **a, int na)
{
	size_t start = p->text.len;

	if (p->failed)
		return;	/* the attribute values are freed (see xp_attr_get) */
	p->field_elems++;
	if (p->field_cut)
		return;
	if (start + strlen((const char *)name) + 2 > p->max_field) {
		field_cut(p, start);
		return;
	}
	buf_addch(&p->text, '<');
	buf_addstr(&p->text, (const char *)name);
	for (int i = 0; i < na; i++, a += 5) {
		buf_addch(&p->text, ' ');
		buf_addstr(&p->text, (const char *)a[0]);
		buf_addstr(&p->text, "=\"");
		if (text_escaped(p, a[3], (size_t)(a[4] - a[3]), 1) < 0) {
			/* no tag cut in two */
			field_cut(p, start);
			return;
		}
		buf_addch(&p->text, '"');
	}
	if (p->text.len + 1 > p->max_field)
		field_cut(p, start);
	else
		buf_addch(&p->text, '>');
	xp_text_check(p);
}

static void atom_link(struct feed_parser *p, const xmlChar **a, int na,
		      int in_item)
{
	struct buf b1 = BUF_INIT, b2 = BUF_INIT, b3 = BUF_INIT, b4 = BUF_INIT;
	const char *href = xp_attr_get(p, a, na, "href", &b1);
	const char *rel = xp_attr_get(p, a, na, "rel", &b2);
	const char *type = xp_attr_get(p, a, na, "type", &b3);

	if (!href)
		goto out;
	if (!rel || !strcmp(rel, "alternate") ||
	    !strcmp(rel, "http://www.iana.org/assignments/relation/alternate")) {
		if (in_item)
			xp_set_str(p, &p->item.link, xp_resolve(p, href));
		else if (!p->meta.link)
			p->meta.link = xp_resolve(p, href);
	} else if (!in_item && !strcmp(rel, "self") && !p->self_url) {
		if (url_resolve_checked(xp_cur_base(p), href, &p->self_url) < 0)
			xp_fail_nomem(p);
	} else if (in_item && !strcmp(rel, "enclosure")) {
		xp_add_enclosure(p, href, type, xp_attr_get(p, a, na, "length", &b4));
	} else if (in_item && !strcmp(rel, "related") &&
		   ((type && !strcmp(type, "application/pdf")) ||
		    ((type = xp_attr_get(p, a, na, "title", &b4)) &&
		     !strcmp(type, "pdf")))) {
		xp_add_enclosure(p, href, "application/pdf", NULL);
	}
out:
	buf_release(&b1);
	buf_release(&b2);
	buf_release(&b3);
	buf_release(&b4);
}


/* Adds the category named by attribute name (then alt, when not NULL and
 * the first is absent or empty); first: put it first (arXiv's primary). */
static void attr_category(struct feed_parser *p, const xmlChar **a, int na,
			  const char *name, const char *alt, int first)
{
	struct buf tmp = BUF_INIT;
	struct feed_item *it = &p->item;
	const char *v = xp_attr_get(p, a, na, name, &tmp);

	if (alt && (!v || !*v))
		v = xp_attr_get(p, a, na, alt, &tmp);
	if (v && (*v || !alt) && (!first || *v)) {
		if (parser_strv_add(&it->categories, &it->ncategories, v) < 0) {
			xp_fail_nomem(p);
		} else if (first && it->ncategories > 1) {
			char *last = it->categories[it->ncategories - 1];

			memmove(it->categories + 1, it->categories,
				(it->ncategories - 1) * sizeof(char *));
			it->categories[0] = last;
		}
	}
	buf_release(&tmp);
}

/* An enclosure from the attributes url, type (when typ is not NULL) and
 * the length named len (when not NULL). */
static void attr_enclosure(struct feed_parser *p, const xmlChar **a, int na,
			   const char *typ, const char *len)
{
	struct buf t1 = BUF_INIT, t2 = BUF_INIT, t3 = BUF_INIT;

	xp_add_enclosure(p, xp_attr_get(p, a, na, "url", &t1),
			 typ ? xp_attr_get(p, a, na, typ, &t2) : NULL,
			 len ? xp_attr_get(p, a, na, len, &t3) : NULL);
	buf_release(&t1);
	buf_release(&t2);
	buf_release(&t3);
}

/* 1 when attribute name is present with the value val. */
static int attr_is(struct feed_parser *p, const xmlChar **a, int na,
		   const char *name, const char *val)
{
	struct buf tmp = BUF_INIT;
	const char *v = xp_attr_get(p, a, na, name, &tmp);
	int r = v && !strcmp(v, val);

	buf_release(&tmp);
	return r;
}

/* An element outside any item: the feed's fields, or an item opening. */
static void feed_start(struct feed_parser *p, enum ns ns, enum el el,
		       const char *n, const xmlChar **a, int na)
{
	const struct rule *r = xp_rule(0, ns, el);
	enum act act = r ? (enum act)r->act : A_NONE;
	struct buf tmp = BUF_INIT;
	const char *v;

	if (act == A_ITEM) {
		p->item_depth = p->depth;
		p->item_bytes = 0;
		p->deleted = 0;
		p->oai_dc = 0;
		/* ListIdentifiers: headers without records */
		if (el == E_HEADER)
			p->deleted = attr_is(p, a, na, "status", "deleted");
		if (ns == NS_RSS && (v = xp_attr_get(p, a, na, "about", &tmp)) &&
		    *v)
			xp_set_str(p, &p->item.id, xp_trimdup(p, v));
		goto out;
	}
	if (act == A_CHANNEL) {
		p->chan_depth = p->depth;
		goto out;
	}
	if (p->meta.format == FEED_FORMAT_OAI_PMH) {
		if (ns != NS_OAI)
			goto out;
		if (act != A_OAI) {
			if (p->depth == 2)
				str_copy(p->oai_verb, n, sizeof(p->oai_verb));
			goto out;
		}
		p->field = (enum field)r->field;
		if (p->field == F_RESUMPTION) {
			if ((v = xp_attr_get(p, a, na, "completeListSize", &tmp)))
				str_to_i64(v, 0, INT64_MAX, &p->meta.total_results);
		} else if (p->field == F_OAI_ERROR) {
			v = xp_attr_get(p, a, na, "code", &tmp);
			str_copy(p->oai_code, v ? v : "unknown",
				 sizeof(p->oai_code));
		} else {
			v = xp_attr_get(p, a, na, "metadataPrefix", &tmp);
			str_copy(p->oai_prefix, v ? v : "",
				 sizeof(p->oai_prefix));
		}
		p->field_depth = p->depth;
		buf_reset(&p->text);
		goto out;
	}
	switch (act) {
	case A_AUTHOR:
		/* the feed's own author; any other is skipped */
		if (p->chan_depth && p->depth == p->chan_depth + 1)
			p->author_depth = p->depth;
		else
			p->skip_depth = p->depth;
		break;
	case A_AUTHOR_NAME:
		if (p->author_depth && p->depth == p->author_depth + 1) {
			p->field = F_AUTHOR;
			p->field_depth = p->depth;
			buf_reset(&p->text);
		}
		break;
	case A_SKIP:
		p->skip_depth = p->depth;
		break;
	case A_LINK:
		if (p->depth == p->chan_depth + 1)
			atom_link(p, a, na, 0);
		break;
	case A_FIELD:
		if (p->depth == p->chan_depth + 1) {
			p->field = (enum field)r->field;
			field_begin(p, ns, a, na);
		}
		break;
	default:
		break;
	}
out:
	buf_release(&tmp);
}

/* An element inside an item, rel levels below it. */
static void item_start(struct feed_parser *p, enum ns ns, enum el el,
		       const xmlChar **a, int na)
{
	const struct rule *r = xp_rule(1, ns, el);
	int rel = p->depth - p->item_depth;
	int oai = p->meta.format == FEED_FORMAT_OAI_PMH;
	/* where an element read from its attributes counts */
	int top = rel == 1 || oai;
	int media = rel == 1 || (rel == 2 && p->mgroup_depth);
	enum field f = F_NONE;

	if (ns == NS_DC || ns == NS_DCTERMS)
		p->oai_dc = 1;
	if (!r)
		return;
	switch ((enum act)r->act) {
	case A_SKIP:
		p->skip_depth = p->depth;
		break;
	case A_AUTHOR:
		if (rel == 1)
			p->author_depth = p->depth;
		break;
	case A_OAI_HEADER:
		p->deleted = attr_is(p, a, na, "status", "deleted");
		break;
	case A_MEDIA_GROUP:
		if (rel == 1)
			p->mgroup_depth = p->depth;
		break;
	case A_ITUNES_CATEGORY:
		/* nested: <itunes:category text="A"><itunes:category text="B"/> */
		attr_category(p, a, na, "text", NULL, 0);
		break;
	case A_MEDIA_CONTENT:
		if (media)
			attr_enclosure(p, a, na, "type", "fileSize");
		break;
	case A_MEDIA_THUMBNAIL:
		if (media)
			attr_enclosure(p, a, na, NULL, NULL);
		break;
	case A_LINK:
		if (top)
			atom_link(p, a, na, 1);
		break;
	case A_ENCLOSURE:
		if (top)
			attr_enclosure(p, a, na, "type", "length");
		break;
	case A_ATOM_CATEGORY:
		if (top)
			attr_category(p, a, na, "term", "label", 0);
		break;
	case A_ARXIV_PRIMARY:
		/* the primary category goes first */
		if (top)
			attr_category(p, a, na, "term", NULL, 1);
		break;
	case A_OAI:
		if (oai)
			f = (enum field)r->field;
		break;
	case A_AUTHOR_NAME:
		if (p->author_depth && (oai || rel == 2))
			f = F_AUTHOR;
		break;
	case A_FIELD:
		if (!p->author_depth && (oai || rel == 1 || (rel == 2 &&
		    p->mgroup_depth && ns == NS_MEDIA)))
			f = (enum field)r->field;
		break;
	default:
		break;
	}
	if (f == F_NONE)
		return;
	p->field = f;
	field_begin(p, ns, a, na);
	p->guid_link = 0;
	if (f == F_GUID) {
		struct buf tmp = BUF_INIT;
		const char *v = xp_attr_get(p, a, na, "isPermaLink", &tmp);

		p->guid_link = !v || !strcmp(v, "true");
		buf_release(&tmp);
	}
}

static void on_start(void *ctx, const xmlChar *lname, const xmlChar *prefix,
		     const xmlChar *uri, int nns, const xmlChar **nsdecl,
		     int na, int ndef, const xmlChar **a)
{
	struct feed_parser *p = ctx;
	const char *n = (const char *)lname;
	enum ns ns = xp_ns_of(p, uri);
	struct frame *f, *up;
	struct buf tmp = BUF_INIT;
	const char *v;

	(void)nns; (void)nsdecl; (void)ndef;
	if (p->failed)
		return;
	/* a bogus default namespace on RSS, none on Atom: as meant */
	if (!prefix && ((p->meta.format == FEED_FORMAT_RSS && ns == NS_OTHER) ||
			(p->meta.format == FEED_FORMAT_ATOM && ns == NS_NONE)))
		ns = p->meta.format == FEED_FORMAT_RSS ? NS_RSS : NS_ATOM;
	if (p->depth >= DEPTH_MAX || p->deep) {
		/* what is nested deeper is ignored, and the item that holds
		 * it left out (see xp_deliver) */
		p->deep++;
		if (p->item_depth)
			p->item_drop |= XP_DROP_DEEP;
		else
			p->deep_ignored++;
		return;
	}
	f = &p->st[p->depth];
	up = p->depth ? &p->st[p->depth - 1] : NULL;
	f->base = up ? up->base : p->base_url;
	f->lang = up ? up->lang : NULL;
	f->own_base = f->own_lang = 0;
	f->ns = (unsigned char)ns;
	if ((v = xp_attr_get(p, a, na, "base", &tmp))) {
		char *r;

		if (url_resolve_checked(f->base, v, &r) < 0)
			xp_fail_nomem(p);
		if (r) {
			f->base = r;
			f->own_base = 1;
		}
	}
	if ((v = xp_attr_get(p, a, na, "lang", &tmp)) && *v) {
		char *l = v_strdup(v);

		if (l) {
			f->lang = l;
			f->own_lang = 1;
		} else {
			xp_fail_nomem(p);
		}
	}
	buf_release(&tmp);
	p->depth++;
	if (p->field_depth)
		raw_start(p, lname, a, na);
	else if (p->depth == 1)
		root_element(p, n, ns, a, na);
	else if (p->skip_depth)
		;
	else if (p->meta.format == FEED_FORMAT_OPML) {
		enum el el = xp_el_of(p, lname);

		if (el == E_TITLE && p->depth == 3) {
			p->field_depth = p->depth;
			p->field = F_OPML_TITLE;
			buf_reset(&p->text);
		} else if (el == E_OUTLINE && p->ol) {
			xp_opml_outline(p, a, na);
		}
	} else if (!p->item_depth)
		feed_start(p, ns, xp_el_of(p, lname), n, a, na);
	else
		item_start(p, ns, xp_el_of(p, lname), a, na);
}

static void on_end(void *ctx, const xmlChar *lname, const xmlChar *prefix,
		   const xmlChar *uri)
{
	struct feed_parser *p = ctx;
	struct frame *f;

	(void)prefix; (void)uri;
	if (p->deep) {
		p->deep--;	/* nested too deep: no frame (see on_start) */
		return;
	}
	if (p->depth == 0)
		return;
	if (!p->failed) {
		if (p->field_depth && p->depth > p->field_depth) {
			size_t l = strlen((const char *)lname) + 3;

			if (p->field_cut) {
				;
			} else if (p->text.len + l > p->max_field) {
				field_cut(p, p->text.len);
			} else {
				buf_addstr(&p->text, "</");
				buf_addstr(&p->text, (const char *)lname);
				buf_addch(&p->text, '>');
				xp_text_check(p);
			}
		} else if (p->field_depth == p->depth) {
			const char *s = buf_cstr(&p->text);

			if (xp_text_check(p) == 0)
				xp_field_decode(p);
			if (xp_text_check(p) == 0 && p->item_depth)
				xp_item_text(p, s, p->text.len);
			else if (xp_text_check(p) == 0)
				xp_chan_text(p, s, p->text.len);
			if (p->field_cut)
				p->fields_cut++;
			p->field_cut = 0;
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
			/* an item too large or too deep is left out, and the
			 * others kept (counted for the feed's warning) */
			if (p->item_drop & XP_DROP_DEEP)
				p->items_deep++;
			else if (p->item_drop)
				p->items_big++;
			else
				xp_deliver(p);
			xp_item_end(p);
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

	if (!p->field_depth || p->failed || p->field_cut || p->deep)
		return;
	if (p->field_depth < p->depth) {
		/* inline markup inside a field: keep it escaped as HTML */
		text_escaped(p, s, (size_t)n, 0);
	} else if (p->text.len + (size_t)n > p->max_field) {
		buf_add(&p->text, s, p->max_field - p->text.len);
		field_cut(p, p->max_field);
	} else {
		buf_add(&p->text, s, (size_t)n);
	}
	xp_text_check(p);
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

void xp_sax_init(xmlSAXHandler *sax)
{
	memset(sax, 0, sizeof(*sax));
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = on_start;
	sax->endElementNs = on_end;
	sax->characters = on_text;
	sax->cdataBlock = on_text;
	sax->getEntity = on_entity;
	sax->entityDecl = on_entity_decl;
	sax->resolveEntity = on_resolve;
	sax->serror = on_error;
}
