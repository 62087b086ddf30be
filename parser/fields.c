/* A field's text into the item or the feed, as its field means it (dates,
 * links, authors, identifiers, content sanitised), and items delivered to
 * the caller once complete. */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/utf8.h"
#include "date.h"
#include "html.h"
#include "xml.h"

/* Forgets the item delivered (or abandoned). */
void xp_item_end(struct feed_parser *p)
{
	feed_item_release(&p->item);
	v_free(p->media_title);
	v_free(p->media_desc);
	p->media_title = p->media_desc = NULL;
	p->summary_from_content = 0;
	p->mgroup_depth = 0;
	p->item_depth = 0;
	p->item_drop = 0;
}

void xp_deliver(struct feed_parser *p)
{
	struct feed_item *it = &p->item;
	const char *key = p->base_url ? p->base_url : p->meta.title;
	struct err e;

	if (it->id && strstr(it->id, "arxiv.org/api/errors")) {
		xp_fail(p, "arxiv api error: '%s'",
		     it->summary ? it->summary : it->id);
		return;
	}
	/* A record veille cannot read is an error, not an empty item: the
	 * configuration asks for the wrong thing. */
	if (p->meta.format == FEED_FORMAT_OAI_PMH && !p->deleted &&
	    !p->oai_dc) {
		if (!strcmp(p->oai_verb, "ListIdentifiers"))
			xp_fail(p, "oai-pmh: ListIdentifiers gives no metadata; "
			     "set verb=ListRecords&metadataPrefix=oai_dc");
		else
			xp_fail(p, "oai-pmh: no oai_dc metadata in %s "
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
			xp_fail_nomem(p);
			return;
		}
	if (!it->language && p->st[p->depth - 1].lang &&
	    !(it->language = v_strdup(p->st[p->depth - 1].lang))) {
		xp_fail_nomem(p);
		return;
	}
	if (parser_item_finish(it, key) < 0) {
		xp_fail_nomem(p);
		return;
	}
	if (p->meta.format == FEED_FORMAT_ATOM && ((it->arxiv_id &&
	    it->id && strstr(it->id, "arxiv.org/abs/")) || xp_is_arxiv_api(p)))
		p->meta.format = FEED_FORMAT_ARXIV;
	p->nitems++;
	err_clear(&e);
	if (p->cb && p->cb(p->ctx, &p->meta, it, &e) != 0) {
		xp_fail(p, "%s", e.msg[0] ? e.msg : "stopped by the caller");
		return;
	}
}


void xp_opml_outline(struct feed_parser *p, const xmlChar **a, int na)
{
	struct buf t = BUF_INIT, x = BUF_INIT, h = BUF_INIT, c = BUF_INIT;
	struct buf path = BUF_INIT;
	const char *title = xp_attr_get(p, a, na, "text", &t);
	const char *xml = xp_attr_get(p, a, na, "xmlUrl", &x);
	const char *html = xp_attr_get(p, a, na, "htmlUrl", &h);
	const char *cat = xp_attr_get(p, a, na, "category", &c);
	struct opml_outline *no, *o;
	char *tt;

	if (!title || !*title)
		title = xp_attr_get(p, a, na, "title", &t);
	tt = title ? xp_to_text(p, title, strlen(title)) : NULL;
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
		xp_fail_nomem(p);
		goto out;
	}
	p->ol->outlines = no;
	o = &no[p->ol->noutlines];
	memset(o, 0, sizeof(*o));
	o->xml_url = xp_resolve(p, xml);
	if (!o->xml_url) {
		v_free(tt);
		goto out;
	}
	p->ol->noutlines++;
	o->title = tt;
	o->html_url = html ? xp_resolve(p, html) : NULL;
	o->category = path.len ? buf_detach(&path, NULL) : NULL;
out:
	buf_release(&t);
	buf_release(&x);
	buf_release(&h);
	buf_release(&c);
	buf_release(&path);
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
			xp_fail_nomem(p);
			return;
		}
		t = xp_trimdup(p, v);
		v_free(v);
		if (t && parser_strv_add(&p->item.categories,
					 &p->item.ncategories, t) < 0)
			xp_fail_nomem(p);
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

void xp_item_text(struct feed_parser *p, const char *s, size_t n)
{
	struct feed_item *it = &p->item;
	char *v;

	switch (p->field) {
	case F_TITLE:
		xp_set_str(p, &it->title, xp_to_text(p, s, n));
		break;
	case F_LINK:
		xp_set_str(p, &it->link, xp_resolve(p, s));
		break;
	case F_DESC:
		if (p->summary_from_content && (v = xp_to_text(p, s, n))) {
			/* a summary of its own, unlike the content's text */
			v_free(it->summary);
			it->summary = NULL;
			p->summary_from_content = 0;
			xp_set_str(p, &it->summary, v);
			break;
		}
		xp_set_str(p, &it->summary, xp_to_text(p, s, n));
		break;
	case F_MEDIA_TITLE:
		if (!p->media_title)
			p->media_title = xp_to_text(p, s, n);
		break;
	case F_MEDIA_DESC:
		if (!p->media_desc)
			p->media_desc = xp_to_text(p, s, n);
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
		rc = html_sanitize(&b, s, n, xp_cur_base(p));
		if (rc == BUF_ENOMEM)
			xp_fail_nomem(p);
		else if (rc == 0 && b.len) {
			char *c = buf_detach(&b, NULL);

			if (!c)
				xp_fail_nomem(p);
			xp_set_str(p, &it->content, c);
		}
		buf_release(&b);
		if (!it->summary) {
			xp_set_str(p, &it->summary, xp_to_text(p, s, n));
			p->summary_from_content = it->summary != NULL;
		}
		break;
	}
	case F_GUID:
	case F_ID:
	case F_OAI_ID:
		if (it->id && p->field != F_OAI_ID && p->field != F_GUID)
			break;
		v = xp_trimdup(p, s);
		if (v && !*v) {
			v_free(v);
			break;
		}
		if (v && (p->field == F_OAI_ID || p->field == F_GUID)) {
			v_free(it->id);	/* over rdf:about */
			it->id = NULL;
		}
		xp_set_str(p, &it->id, v);
		if (p->field == F_GUID && p->guid_link && !it->link)
			xp_set_str(p, &it->link, xp_resolve(p, s));
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
		v = xp_to_text(p, s, n);
		if (v)
			author_name(v);
		if (v && parser_strv_add(&it->authors, &it->nauthors, v) < 0)
			xp_fail_nomem(p);
		v_free(v);
		break;
	case F_CATEGORY:
		v = xp_to_text(p, s, n);
		if (v && parser_strv_add(&it->categories, &it->ncategories,
					 v) < 0)
			xp_fail_nomem(p);
		v_free(v);
		break;
	case F_LANG:
		xp_set_str(p, &it->language, xp_trimdup(p, s));
		break;
	case F_DOI:
		if (parser_find_doi(s, &v) < 0)
			xp_fail_nomem(p);
		xp_set_str(p, &it->doi, v);
		break;
	case F_JREF:
		xp_set_str(p, &it->journal_ref, xp_to_text(p, s, n));
		break;
	case F_DCIDENT:
		v = xp_trimdup(p, s);
		if (!v) {
			xp_fail_nomem(p);
			return;
		}
		if ((!it->doi && parser_find_doi(v, &it->doi) < 0) ||
		    (!it->hal_id && parser_find_hal_id(v, &it->hal_id) < 0) ||
		    (!it->arxiv_id &&
		     parser_find_arxiv_id(v, &it->arxiv_id) < 0)) {
			v_free(v);
			xp_fail_nomem(p);
			return;
		}
		if (!it->link && (!strncmp(v, "http://", 7) ||
				  !strncmp(v, "https://", 8)))
			xp_set_str(p, &it->link, xp_resolve(p, v));
		v_free(v);
		break;
	default:
		break;
	}
	if (p->item_bytes > p->max_item)
		p->item_drop |= XP_DROP_BIG;
}

void xp_chan_text(struct feed_parser *p, const char *s, size_t n)
{
	struct feed *m = &p->meta;

	switch (p->field) {
	case F_TITLE:
		if (!m->title)
			m->title = xp_to_text(p, s, n);
		break;
	case F_LINK:
		if (!m->link)
			m->link = xp_resolve(p, s);
		break;
	case F_DESC:
		if (!m->description)
			m->description = xp_to_text(p, s, n);
		break;
	case F_LANG:
		if (!m->language)
			m->language = xp_trimdup(p, s);
		break;
	case F_TOTAL:
		str_to_i64(s, 0, INT64_MAX, &m->total_results);
		break;
	case F_RESUMPTION: {
		char *v = xp_trimdup(p, s);

		if (v && *v && !m->resumption_token)
			m->resumption_token = v;
		else
			v_free(v);
		break;
	}
	case F_OAI_REQUEST:
		if (!m->link)
			m->link = xp_resolve(p, s);
		break;
	case F_OAI_ERROR:
		/* an empty harvest is a success, not an error */
		if (strcmp(p->oai_code, "noRecordsMatch")) {
			char *t = xp_to_text(p, s, n);

			err_set(&p->err, "oai-pmh error '%s': %s", p->oai_code,
				t ? t : "no message");
			v_free(t);
			p->failed = 1;
			xmlStopParser(p->x);
		}
		break;
	case F_AUTHOR: {
		/* Atom: entries without an author inherit the feed's */
		char *v = xp_to_text(p, s, n);

		if (v && parser_strv_add(&p->feed_authors, &p->nfeed_authors,
					 v) < 0)
			xp_fail_nomem(p);
		v_free(v);
		break;
	}
	case F_OPML_TITLE:
		if (p->ol && !p->ol->title)
			p->ol->title = xp_to_text(p, s, n);
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
void xp_field_decode(struct feed_parser *p)
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

