/* The public API of parser.h: a parser's life (new, push, finish, free),
 * whole documents (feed_parse) and OPML lists. */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "../util/alloc.h"
#include "xml.h"

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
	xp_clean_init();
	xp_rules_init();
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
			xp_fail_nomem(p);
			goto failed;
		}
		if (p->head.len < HEAD_MIN)
			return 0;
		if (xp_route(p, 0) < 0)
			goto failed;
		buf_release(&p->head);
		if (k < n)
			return feed_parser_push(p, s + k, n - k, e);
		return 0;
	}
	case M_XML:
		while (n > 0) {
			size_t k = n > (1u << 20) ? (1u << 20) : n;

			if (xp_xml_feed(p, s, k, 0) < 0)
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

/* Sets meta.trimmed to what the limits cut or left out, if anything:
 * 0, or -1 with the parse failed when out of memory. */
static int trim_note(struct feed_parser *p)
{
	struct buf b = BUF_INIT;
	const char *sep = "";

	if (p->items_big) {
		buf_addf(&b, "%zu item%s over the %zu-byte limit left out",
			 p->items_big, p->items_big > 1 ? "s" : "", p->max_item);
		sep = "; ";
	}
	if (p->items_deep) {
		buf_addf(&b, "%s%zu item%s nesting elements deeper than %d "
			 "left out", sep, p->items_deep,
			 p->items_deep > 1 ? "s" : "", DEPTH_MAX);
		sep = "; ";
	}
	if (p->fields_cut) {
		buf_addf(&b, "%s%zu field%s cut at the %zu-byte limit", sep,
			 p->fields_cut, p->fields_cut > 1 ? "s" : "",
			 p->max_field);
		sep = "; ";
	}
	if (p->deep_ignored)
		buf_addf(&b, "%selements nested deeper than %d ignored", sep,
			 DEPTH_MAX);
	if (!b.len && !buf_error(&b))
		return 0;
	if (buf_error(&b) || !(p->meta.trimmed = buf_detach(&b, NULL))) {
		buf_release(&b);
		xp_fail_nomem(p);
		return -1;
	}
	return 0;
}

int feed_parser_finish(struct feed_parser *p, struct feed **meta,
		       struct err *e)
{
	struct feed *m;

	*meta = NULL;
	if (p->failed)
		goto failed;
	if (p->mode == M_HEAD) {
		if (xp_route(p, 1) < 0)
			goto failed;
		buf_release(&p->head);
		if (p->mode == M_XML)
			goto done;
	}
	if (p->mode == M_XML) {
		if (xp_xml_feed(p, "", 0, 1) < 0)
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
		xp_html_title(p);
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
			xp_fail_nomem(p);
		}
	}
	if (p->failed || trim_note(p) < 0)
		goto failed;
	if (p->meta.format == FEED_FORMAT_ATOM && xp_is_arxiv_api(p))
		p->meta.format = FEED_FORMAT_ARXIV;
	if (p->meta.format == FEED_FORMAT_UNKNOWN) {
		xp_fail(p, "not a feed: unreadable XML (%s)", p->meta.warning ?
		     p->meta.warning : "no root element");
		goto failed;
	}
out:
	m = v_calloc(1, sizeof(*m));
	if (!m) {
		xp_fail_nomem(p);
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
	xp_item_end(p);
	v_free(p->meta.title);
	v_free(p->meta.link);
	v_free(p->meta.description);
	v_free(p->meta.language);
	v_free(p->meta.resumption_token);
	v_free(p->meta.warning);
	v_free(p->meta.trimmed);
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
