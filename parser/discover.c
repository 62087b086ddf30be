/* Feed discovery in HTML pages with libxml2's forgiving HTML parser. */
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/url.h"
#include "discover.h"

/* Bounds what a hostile page can make us keep. */
#define DISCOVER_MAX_LINKS 256

static const char *const feed_types[] = {
	"application/rss+xml", "application/atom+xml", "application/feed+json",
	NULL,
};

static char *attr(xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = v_strdup((const char *)v);
	xmlFree(v);
	return s;
}

/* Whether the space-separated rel list holds "alternate". */
static int rel_alternate(const char *rel)
{
	const char *p = rel;

	while (p && *p) {
		size_t n;

		p += strspn(p, " \t\r\n\f");
		n = strcspn(p, " \t\r\n\f");
		if (n == 9 && !str_ncasecmp(p, "alternate", 9))
			return 1;
		p += n;
	}
	return 0;
}

/* The feed type of a type attribute (parameters ignored), or NULL. */
static const char *feed_type(const char *type)
{
	const char *const *t;
	size_t n;

	if (!type)
		return NULL;
	type += strspn(type, " \t");
	n = strcspn(type, "; \t");
	for (t = feed_types; *t; t++)
		if (strlen(*t) == n && !str_ncasecmp(type, *t, n))
			return *t;
	return NULL;
}

struct walk {
	const char *base;
	struct parser_feed_links *out;
	int rc;
	struct err *e;
};

static int add_link(struct walk *w, const char *url, const char *type,
		    const char *title)
{
	struct parser_feed_links *l = w->out;
	struct parser_feed_link *v;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].url, url))
			return 0;
	if (l->n >= DISCOVER_MAX_LINKS)
		return 0;
	v = v_reallocarray(l->v, l->n + 1, sizeof *v);
	if (!v)
		return err_set(w->e, "out of memory");
	l->v = v;
	v[l->n].url = v_strdup(url);
	v[l->n].type = v_strdup(type);
	v[l->n].title = title && *title ? v_strdup(title) : NULL;
	if (!v[l->n].url || !v[l->n].type || (title && *title && !v[l->n].title)) {
		v_free(v[l->n].url);
		v_free(v[l->n].type);
		v_free(v[l->n].title);
		return err_set(w->e, "out of memory");
	}
	l->n++;
	return 0;
}

static void walk(struct walk *w, xmlNode *n, int depth)
{
	/* Links live in <head> or near the top; deep trees are not worth
	 * the stack. */
	for (; n && w->rc == 0 && depth < 64; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!xmlStrcasecmp(n->name, (const xmlChar *)"link")) {
			char *rel = attr(n, "rel"), *type = attr(n, "type");
			char *href = attr(n, "href"), *title = attr(n, "title");
			const char *ft = feed_type(type);

			if (ft && rel && href && rel_alternate(rel)) {
				char *abs = NULL;

				if (url_resolve_checked(w->base, href, &abs) < 0)
					w->rc = err_set(w->e, "out of memory");
				else if (abs && (!str_ncasecmp(abs, "http:", 5) ||
						 !str_ncasecmp(abs, "https:", 6)))
					w->rc = add_link(w, abs, ft, title);
				v_free(abs);
			}
			v_free(rel);
			v_free(type);
			v_free(href);
			v_free(title);
		}
		walk(w, n->children, depth + 1);
	}
}

static xmlNode *find_base(xmlNode *n, int depth)
{
	xmlNode *found;

	for (; n && depth < 8; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!xmlStrcasecmp(n->name, (const xmlChar *)"base") &&
		    xmlHasProp(n, (const xmlChar *)"href"))
			return n;
		if ((found = find_base(n->children, depth + 1)))
			return found;
	}
	return NULL;
}

int parser_discover_feeds(const char *html, size_t len, const char *page_url,
			  struct parser_feed_links *out, struct err *e)
{
	htmlDocPtr doc;
	struct walk w;
	xmlNode *b;
	char *base_href = NULL, *base = NULL;

	if (len == 0)
		return 0;
	if (len > (size_t)0x7fffffff)
		return err_set(e, "page too large");
	doc = htmlReadMemory(html, (int)len, page_url, NULL,
			     HTML_PARSE_NONET | HTML_PARSE_NOERROR |
				     HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
	if (!doc)
		return err_set(e, "cannot parse the page '%s' as HTML",
			       page_url ? page_url : "");
	b = find_base(xmlDocGetRootElement(doc), 0);
	if (b && (base_href = attr(b, "href")) &&
	    url_resolve_checked(page_url, base_href, &base) < 0) {
		v_free(base_href);
		xmlFreeDoc(doc);
		return err_set(e, "out of memory");
	}
	w.base = base ? base : page_url;
	w.out = out;
	w.rc = 0;
	w.e = e;
	walk(&w, xmlDocGetRootElement(doc), 0);
	v_free(base_href);
	v_free(base);
	xmlFreeDoc(doc);
	return w.rc;
}

void parser_feed_links_release(struct parser_feed_links *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		v_free(l->v[i].url);
		v_free(l->v[i].type);
		v_free(l->v[i].title);
	}
	v_free(l->v);
	l->v = NULL;
	l->n = 0;
}
