/* The XML parser's state and the helpers its callbacks share: failing the
 * parse, attributes, text, links (see xml.h for the other files). */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/url.h"
#include "../util/utf8.h"
#include "html.h"
#include "xml.h"

void xp_fail(struct feed_parser *p, const char *fmt, ...)
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

void xp_fail_nomem(struct feed_parser *p)
{
	xp_fail(p, "out of memory");
}

/* The field text collected so far is whole: 0, or -1 with the parse
 * failed when an append to it failed (the buffer is sticky: see buf.h),
 * so that no field is used with a piece missing. */
int xp_text_check(struct feed_parser *p)
{
	int rc = buf_error(&p->text);

	if (rc == BUF_ENOMEM)
		xp_fail_nomem(p);
	else if (rc < 0)
		xp_fail(p, "a field exceeds the limit of %zu bytes", p->max_field);
	return rc < 0 ? -1 : 0;
}

/* libxml2 interns namespace names in its dictionary, so the same pointer
 * comes back for every element: a few cached pointers save the string
 * comparisons. */
enum ns xp_ns_of(struct feed_parser *p, const xmlChar *uri)
{
	size_t i;

	if (!uri)
		return NS_NONE;
	for (i = 0; i < NS_CACHE && p->ns_uri[i]; i++)
		if (p->ns_uri[i] == uri)
			return (enum ns)p->ns_val[i];
	if (i == NS_CACHE)
		return xp_ns_lookup(uri);
	p->ns_uri[i] = uri;
	p->ns_val[i] = (unsigned char)xp_ns_lookup(uri);
	return (enum ns)p->ns_val[i];
}

/* Local names are interned in the same dictionary: the element's id is
 * looked up once per name, then found by its pointer (hashed). */
enum el xp_el_of(struct feed_parser *p, const xmlChar *name)
{
	size_t h = ((uintptr_t)name >> 3) % EL_CACHE;

	for (size_t k = 0; k < EL_CACHE; k++, h = (h + 1) % EL_CACHE) {
		if (p->el_name[h] == name)
			return (enum el)p->el_val[h];
		if (!p->el_name[h]) {
			p->el_name[h] = name;
			p->el_val[h] = (unsigned char)xp_el_lookup(
				(const char *)name);
			return (enum el)p->el_val[h];
		}
	}
	return xp_el_lookup((const char *)name);
}

/* Attribute values are not terminated in SAX2: copies into b. NULL when
 * absent, and when out of memory (the parse then fails too). Once the parse
 * has failed, xmlStopParser() has freed the input the attribute values
 * point into: NULL then too. */
const char *xp_attr_get(struct feed_parser *p, const xmlChar **a, int na,
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
		for (const xmlChar *c = a[3], *e = a[4]; c < e;) {
			const xmlChar *amp = memchr(c, '&', (size_t)(e - c));
			size_t k = amp ? (size_t)(amp - c) : (size_t)(e - c);
			int rc = buf_add(b, c, k);

			c += k;
			if (rc == 0 && c < e) {
				rc = buf_addch(b, '&');
				c += e - c >= 5 && !memcmp(c, "&#38;", 5) ? 5 : 1;
			}
			if (rc < 0) {
				if (rc == BUF_ENOMEM)
					xp_fail_nomem(p);
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
					xp_fail_nomem(p);
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
char *xp_trimdup(struct feed_parser *p, const char *s)
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
		xp_fail_nomem(p);
	return t;
}

const char *xp_cur_base(struct feed_parser *p)
{
	return p->depth > 0 ? p->st[p->depth - 1].base : p->base_url;
}

/* A link resolved against the base in scope, NULL when empty; the parse
 * fails when out of memory. */
char *xp_resolve(struct feed_parser *p, const char *ref)
{
	char *t = xp_trimdup(p, ref), *r;

	if (!t)
		return NULL;
	if (!*t) {
		v_free(t);
		return NULL;
	}
	if (parser_url_plain(t, NULL))
		return t;	/* the common case, without the URL API's cost */
	if (parser_url_resolve(xp_cur_base(p) ? xp_cur_base(p) : p->self_url, t,
			       &r) < 0)
		xp_fail_nomem(p);
	v_free(t);
	return r;
}

/* NULL for an empty field, and also when out of memory: then the whole
 * parse fails, so that no field is ever dropped silently. */
char *xp_to_text(struct feed_parser *p, const char *s, size_t n)
{
	struct buf b;
	char *t;
	int rc;

	buf_init(&b, p->max_field);
	rc = html_to_text(&b, s, n);
	if (rc < 0) {
		if (rc == BUF_ENOMEM)
			xp_fail_nomem(p);
		buf_release(&b);
		return NULL;
	}
	if (b.len == 0) {
		buf_release(&b);
		return NULL;
	}
	t = buf_detach(&b, NULL);
	if (!t)
		xp_fail_nomem(p);
	return t;
}

void xp_set_str(struct feed_parser *p, char **dst, char *v)
{
	if (*dst || !v) {
		v_free(v);
		return;
	}
	*dst = v;
	p->item_bytes += strlen(v);
}

void xp_add_enclosure(struct feed_parser *p, const char *url,
			  const char *type, const char *len)
{
	struct feed_item *it = &p->item;
	struct feed_enclosure *ne;
	char *u = url ? xp_resolve(p, url) : NULL;

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
		xp_fail_nomem(p);
		return;
	}
	it->enclosures = ne;
	ne += it->nenclosures++;
	ne->url = u;
	ne->type = NULL;
	if (type && *type && !(ne->type = v_strdup(type)))
		xp_fail_nomem(p);
	ne->length = -1;
	if (len && str_to_i64(len, 0, INT64_MAX, &ne->length) < 0)
		ne->length = -1;
	p->item_bytes += strlen(u);
}


/* The arXiv API answers with an Atom feed whose link is the query. */
int xp_is_arxiv_api(const struct feed_parser *p)
{
	return p->meta.link && strstr(p->meta.link, "arxiv.org/api/query");
}
