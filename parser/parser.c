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

/* ---- identifiers and item completion ---- */

/* A copy of the n bytes at q into *out: 0, or -1 when out of memory. */
static int found(const char *q, size_t n, char **out)
{
	*out = v_strndup(q, n);
	return *out ? 0 : -1;
}

int parser_find_doi(const char *s, char **out)
{
	const char *q, *e;

	*out = NULL;
	if (!s)
		return 0;
	for (q = strstr(s, "10."); q; q = strstr(q + 1, "10.")) {
		const char *d = q + 3;
		size_t nd = 0;

		if (q > s && isalnum((unsigned char)q[-1]) && q[-1] != 'i')
			continue;
		while (isdigit((unsigned char)d[nd]))
			nd++;
		if (nd < 4 || nd > 9 || d[nd] != '/')
			continue;
		e = d + nd + 1;
		while (*e && !isspace((unsigned char)*e) && *e != '"' &&
		       *e != '<' && *e != '>')
			e++;
		while (e > d + nd + 1 && strchr(".,;)]", e[-1]))
			e--;
		if (e == d + nd + 1)
			continue;
		return found(q, (size_t)(e - q), out);
	}
	return 0;
}

static int is_new_arxiv(const char *s, size_t *len)
{
	size_t i = 0;

	while (i < 4 && isdigit((unsigned char)s[i]))
		i++;
	if (i != 4 || s[4] != '.')
		return 0;
	i = 5;
	while (isdigit((unsigned char)s[i]))
		i++;
	if (i < 9 || i > 10)
		return 0;
	*len = i;
	return 1;
}

int parser_find_arxiv_id(const char *s, char **out)
{
	const char *q = NULL, *p;
	size_t n;

	*out = NULL;
	if (!s)
		return 0;
	if ((p = strstr(s, "arxiv.org/abs/")))
		q = p + 14;
	else if ((p = strstr(s, "arxiv.org/pdf/")))
		q = p + 14;
	else if (!strncmp(s, "arXiv:", 6) || !strncmp(s, "arxiv:", 6))
		q = s + 6;
	else if (!strncmp(s, "oai:arXiv.org:", 14))
		q = s + 14;
	if (!q)
		return 0;
	if (is_new_arxiv(q, &n))
		return found(q, n, out);
	/* old style: archive(.subject)/YYMMNNN */
	p = q;
	while (*p && (islower((unsigned char)*p) || *p == '-' || *p == '.' ||
		      isupper((unsigned char)*p)))
		p++;
	if (p > q && *p == '/') {
		size_t i = 1;

		while (isdigit((unsigned char)p[i]))
			i++;
		if (i == 8)
			return found(q, (size_t)(p - q) + 8, out);
	}
	return 0;
}

int parser_find_hal_id(const char *s, char **out)
{
	static const char *const pfx[] = { "hal-", "halshs-", "tel-",
					   "inria-", "hal-cea-", "cea-" };
	const char *q;

	*out = NULL;
	if (!s)
		return 0;
	for (size_t k = 0; k < sizeof(pfx) / sizeof(pfx[0]); k++) {
		size_t pl = strlen(pfx[k]);

		for (q = strstr(s, pfx[k]); q; q = strstr(q + 1, pfx[k])) {
			size_t i = 0;

			if (q > s && isalpha((unsigned char)q[-1]))
				continue;
			while (isdigit((unsigned char)q[pl + i]))
				i++;
			if (i == 8)
				return found(q, pl + 8, out);
		}
	}
	return 0;
}

int parser_strv_add(char ***v, size_t *n, const char *s)
{
	char **nv, *d;

	if (!s || !*s)
		return 0;
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], s))
			return 0;
	if (!(d = v_strdup(s)))
		return -1;
	nv = v_reallocarray(*v, *n + 1, sizeof(*nv));
	if (!nv) {
		v_free(d);
		return -1;
	}
	nv[(*n)++] = d;
	*v = nv;
	return 0;
}

int parser_item_finish(struct feed_item *it, const char *feed_key)
{
	if (!it->id && it->link && !(it->id = v_strdup(it->link)))
		return -1;
	if (!it->id) {
		struct buf b = BUF_INIT;
		char hex[17];

		if (buf_addstr(&b, feed_key ? feed_key : "") < 0 ||
		    buf_addch(&b, '\n') < 0 ||
		    buf_addstr(&b, it->title ? it->title : "") < 0 ||
		    buf_addf(&b, "\n%lld", (long long)(it->published !=
			     FEED_NO_DATE ? it->published : it->updated)) < 0) {
			buf_release(&b);
			return -1;
		}
		str_hash_hex(b.data, b.len, hex);
		buf_release(&b);
		if (!(it->id = v_malloc(32)))
			return -1;
		memcpy(it->id, "urn:veille:", 11);
		memcpy(it->id + 11, hex, 17);
		it->flags |= FEED_ITEM_ID_SYNTHESISED;
	}
	if (!it->doi) {
		if (parser_find_doi(it->id, &it->doi) < 0)
			return -1;
		if (!it->doi && it->link && strstr(it->link, "doi.org/") &&
		    parser_find_doi(it->link, &it->doi) < 0)
			return -1;
	}
	if (!it->arxiv_id &&
	    (parser_find_arxiv_id(it->id, &it->arxiv_id) < 0 ||
	     (!it->arxiv_id &&
	      parser_find_arxiv_id(it->link, &it->arxiv_id) < 0)))
		return -1;
	if (!it->hal_id && (strstr(it->id, "hal") || strstr(it->id, "HAL")) &&
	    (parser_find_hal_id(it->id, &it->hal_id) < 0 ||
	     (!it->hal_id && parser_find_hal_id(it->link, &it->hal_id) < 0)))
		return -1;
	return 0;
}

/* ---- helpers ---- */

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
