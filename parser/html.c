/* HTML from feeds to plain text and to sanitised HTML.
 * html_sanitize runs libxml2's HTML parser in SAX mode (no tree, so 100,000
 * nested elements cost a counter, not a stack); it never touches the
 * network and sees valid UTF-8 only. html_to_text, which runs on every
 * title and summary, uses a small tokenizer of its own and libxml2's
 * entity table: it is several times faster, and its output is plain text
 * (see text_html below for why that is safe). */
#include "html.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlversion.h>

#include "../util/alloc.h"
#include "../util/url.h"
#include "../util/utf8.h"
#include "parser_int.h"

/* Elements nested deeper than this are unwrapped (their text is kept). */
#define HTML_STACK_MAX 256
/* libxml2 takes an int size. */
#define HTML_INPUT_MAX ((size_t)INT_MAX / 2)

enum {
	T_ALLOW = 1,	/* kept by html_sanitize */
	T_DROP = 2,	/* dropped with everything inside */
	T_BLOCK = 4,	/* a word break in plain text */
	T_VOID = 8,	/* no end tag */
};

struct tag {
	const char *name;
	unsigned flags;
};

/* Sorted by name for bsearch. */
static const struct tag tags[] = {
	{ "a", T_ALLOW },
	{ "abbr", T_ALLOW },
	{ "address", T_BLOCK },
	{ "applet", T_DROP },
	{ "article", T_BLOCK },
	{ "aside", T_BLOCK },
	{ "b", T_ALLOW },
	{ "base", T_DROP | T_VOID },
	{ "blockquote", T_ALLOW | T_BLOCK },
	{ "br", T_ALLOW | T_BLOCK | T_VOID },
	{ "button", T_DROP },
	{ "caption", T_ALLOW | T_BLOCK },
	{ "center", T_BLOCK },
	{ "cite", T_ALLOW },
	{ "code", T_ALLOW },
	{ "dd", T_ALLOW | T_BLOCK },
	{ "del", T_ALLOW },
	{ "details", T_BLOCK },
	{ "div", T_BLOCK },
	{ "dl", T_ALLOW | T_BLOCK },
	{ "dt", T_ALLOW | T_BLOCK },
	{ "em", T_ALLOW },
	{ "embed", T_DROP | T_VOID },
	{ "figcaption", T_ALLOW | T_BLOCK },
	{ "figure", T_ALLOW | T_BLOCK },
	{ "footer", T_BLOCK },
	{ "form", T_DROP },
	{ "frame", T_DROP },
	{ "frameset", T_DROP },
	{ "h1", T_ALLOW | T_BLOCK },
	{ "h2", T_ALLOW | T_BLOCK },
	{ "h3", T_ALLOW | T_BLOCK },
	{ "h4", T_ALLOW | T_BLOCK },
	{ "h5", T_ALLOW | T_BLOCK },
	{ "h6", T_ALLOW | T_BLOCK },
	{ "head", T_DROP },
	{ "header", T_BLOCK },
	{ "hr", T_ALLOW | T_BLOCK | T_VOID },
	{ "i", T_ALLOW },
	{ "iframe", T_DROP },
	{ "img", T_ALLOW | T_VOID },
	{ "input", T_DROP | T_VOID },
	{ "ins", T_ALLOW },
	{ "kbd", T_ALLOW },
	{ "li", T_ALLOW | T_BLOCK },
	{ "link", T_DROP | T_VOID },
	{ "main", T_BLOCK },
	{ "mark", T_ALLOW },
	{ "math", 0 },	/* MathML: its text is kept, its markup not */
	{ "meta", T_DROP | T_VOID },
	{ "nav", T_BLOCK },
	{ "noembed", T_DROP },
	{ "noframes", T_DROP },
	{ "noscript", T_DROP },
	{ "object", T_DROP },
	{ "ol", T_ALLOW | T_BLOCK },
	{ "p", T_ALLOW | T_BLOCK },
	{ "param", T_DROP | T_VOID },
	{ "pre", T_ALLOW | T_BLOCK },
	{ "q", T_ALLOW },
	{ "s", T_ALLOW },
	{ "samp", T_ALLOW },
	{ "script", T_DROP },
	{ "section", T_BLOCK },
	{ "select", T_DROP },
	{ "small", T_ALLOW },
	{ "strong", T_ALLOW },
	{ "style", T_DROP },
	{ "sub", T_ALLOW },
	{ "summary", T_BLOCK },
	{ "sup", T_ALLOW },
	{ "svg", T_BLOCK },	/* likewise: text kept, never drawn */
	{ "table", T_ALLOW | T_BLOCK },
	{ "tbody", T_ALLOW | T_BLOCK },
	{ "td", T_ALLOW | T_BLOCK },
	{ "template", T_DROP },
	{ "textarea", T_DROP },
	{ "tfoot", T_ALLOW | T_BLOCK },
	{ "th", T_ALLOW | T_BLOCK },
	{ "thead", T_ALLOW | T_BLOCK },
	{ "title", T_DROP },
	{ "tr", T_ALLOW | T_BLOCK },
	{ "u", T_ALLOW },
	{ "ul", T_ALLOW | T_BLOCK },
	{ "var", T_ALLOW },
	{ "xmp", T_DROP },
};
#define NTAGS (sizeof(tags) / sizeof(tags[0]))

static int tag_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct tag *)e)->name);
}

/* Index + 1 into tags[], or 0 for an element we do not know. */
static unsigned tag_find(const char *name)
{
	char low[16];
	size_t i;
	const struct tag *t;

	for (i = 0; name[i]; i++) {
		if (i + 1 >= sizeof(low))
			return 0;
		low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32
							      : name[i]);
	}
	low[i] = '\0';
	t = bsearch(low, tags, NTAGS, sizeof(tags[0]), tag_cmp);
	return t ? (unsigned)(t - tags) + 1 : 0;
}

/* ------------------------------------------------------------------ */
/* Text output: white space collapsed, control characters dropped. */

struct textout {
	struct buf *out;
	size_t start;		/* where this call's output begins */
	int space;		/* a space is owed before the next character */
	int err;
};

/* Bytes that stop a run of plain text: white space and controls, and
 * 0xC2 which may start U+00A0. */
static const unsigned char text_stop[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Bytes that need escaping in HTML output: & < > " and controls. */
static const unsigned char esc_stop[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static void text_add(struct textout *to, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run;

	while (i < n && !to->err) {
		unsigned char c = u[i];

		if (c <= 0x20 || c == 0x7f) {
			to->space = 1;
			i++;
			continue;
		}
		/* U+00A0 no-break space counts as white space in text. */
		if (c == 0xc2 && i + 1 < n && u[i + 1] == 0xa0) {
			to->space = 1;
			i += 2;
			continue;
		}
		if (to->space && to->out->len > to->start)
			to->err = buf_addch(to->out, ' ');
		to->space = 0;
		/* A run goes on across single spaces between words, which
		 * are already what collapsing would write. */
		run = i + 1;
		for (;;) {
			while (run < n && !text_stop[u[run]])
				run++;
			if (run + 1 < n && u[run] == ' ' && !text_stop[u[run + 1]])
				run += 2;
			else if (run + 1 < n && u[run] == 0xc2 && u[run + 1] != 0xa0)
				run += 2;
			else
				break;
		}
		if (!to->err)
			to->err = buf_add(to->out, s + i, run - i);
		i = run;
	}
}

static void text_cp(struct textout *to, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp == 0xa0 || cp <= 0x20 || cp == 0x7f) {
		to->space = 1;
		return;
	}
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	text_add(to, u, n);
}

/* ------------------------------------------------------------------ */
/* Character references, decoded without libxml2 for the fast path and for
 * double-escaped plain text. */

/* HTML5: references to C1 controls mean windows-1252. */
static const uint16_t c1_1252[32] = {
	0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
	0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
};

/* Reads a reference at s[0] == '&'. Returns its length and the code point,
 * or 0 when it is not a complete, known reference. */
static size_t charref(const char *s, size_t n, uint32_t *cp)
{
	size_t i = 1;

	if (i < n && s[i] == '#') {
		uint64_t v = 0;
		int hex = 0, nd = 0;

		i++;
		if (i < n && (s[i] == 'x' || s[i] == 'X')) {
			hex = 1;
			i++;
		}
		for (; i < n; i++, nd++) {
			int c = (unsigned char)s[i], d;

			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
				d = (c | 0x20) - 'a' + 10;
			else
				break;
			if (v < 0x110000)
				v = v * (hex ? 16 : 10) + (uint64_t)d;
		}
		if (nd == 0)
			return 0;
		if (i < n && s[i] == ';')
			i++;
		if (v >= 0x80 && v <= 0x9f)
			v = c1_1252[v - 0x80];
		if (v == 0 || v >= 0x110000 || (v >= 0xd800 && v <= 0xdfff))
			v = 0xfffd;
		*cp = (uint32_t)v;
		return i;
	} else {
		char name[33];
		const htmlEntityDesc *e;
		size_t k = 0;

		while (i < n && k + 1 < sizeof(name) &&
		       (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') ||
			(s[i] >= '0' && s[i] <= '9')))
			name[k++] = s[i++];
		if (k == 0 || i >= n || s[i] != ';')
			return 0;
		name[k] = '\0';
		e = htmlEntityLookup((const xmlChar *)name);
		if (!e)
			return 0;
		*cp = e->value;
		return i + 1;
	}
}

/* Appends s with references decoded, as text (collapsed). */
static void text_decode(struct textout *to, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && !to->err) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t upto = amp ? (size_t)(amp - s) : n, len;
		uint32_t cp;

		text_add(to, s + i, upto - i);
		if (!amp)
			break;
		len = charref(amp, n - upto, &cp);
		if (len) {
			text_cp(to, cp);
			i = upto + len;
		} else {
			text_add(to, "&", 1);
			i = upto + 1;
		}
	}
}

int html_decode_entities(struct buf *out, const char *s, size_t n)
{
	struct buf tmp = BUF_INIT;
	size_t i = 0, start = out->len;
	int r = 0;

	if (!utf8_valid(s, n) || memchr(s, '\0', n)) {
		if (utf8_valid(s, n))
			r = buf_add(&tmp, s, n);
		else
			r = utf8_repair(&tmp, s, n);
		if (r < 0)
			goto done;
		for (i = 0; i < tmp.len; i++)
			if (tmp.data[i] == '\0')
				tmp.data[i] = ' ';
		i = 0;
		s = buf_cstr(&tmp);
		n = tmp.len;
	}
	while (i < n && r == 0) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t upto = amp ? (size_t)(amp - s) : n, len;
		uint32_t cp;

		if ((r = buf_add(out, s + i, upto - i)) < 0 || !amp)
			break;
		len = charref(amp, n - upto, &cp);
		if (len) {
			r = utf8_encode(out, cp);
			i = upto + len;
		} else {
			r = buf_addch(out, '&');
			i = upto + 1;
		}
	}
done:
	buf_release(&tmp);
	if (r < 0)
		buf_truncate(out, start);
	return r;
}

/* ------------------------------------------------------------------ */
/* html_sanitize: libxml2 SAX events, allow-list, escaped output. */

/* html_sanitize's walk over libxml2's SAX events. */
struct walk {
	struct buf *out;
	const char *base;
	size_t depth;
	size_t skip;		/* depth of the dropped element we are in */
	unsigned char stack[HTML_STACK_MAX + 1];	/* tag emitted, by depth */
	int err;
};

static void out_escaped(struct walk *w, const char *s, size_t n, int attr)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, from = 0;

	while (!w->err) {
		const char *rep;

		while (i < n && !esc_stop[u[i]])
			i++;
		if (i >= n)
			break;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = attr ? "&quot;" : "\""; break;
		/* Control characters other than white space have no place
		 * in HTML output: a space, as in text. */
		default: rep = " "; break;
		}
		w->err = buf_add(w->out, s + from, i - from);
		if (!w->err)
			w->err = buf_addstr(w->out, rep);
		from = ++i;
	}
	if (!w->err)
		w->err = buf_add(w->out, s + from, n - from);
}

/* Browsers drop tabs and newlines anywhere in a URL and spaces and
 * controls around it, so "jav&#x09;ascript:" is javascript: to them: do
 * the same before judging the scheme. *url is a new absolute URL or NULL;
 * -1 when out of memory. */
static int clean_url(const char *base, const char *v, char **url)
{
	char tmp[4096];
	size_t n = 0, end = 0;

	*url = NULL;
	while (*v && (unsigned char)*v <= 0x20)
		v++;
	for (; *v; v++) {
		if (*v == '\t' || *v == '\n' || *v == '\r')
			continue;
		if (n + 1 >= sizeof(tmp))
			return 0;
		tmp[n++] = *v;
		if ((unsigned char)*v > 0x20)
			end = n;
	}
	if (end == 0)
		return 0;
	tmp[end] = '\0';
	return parser_url_resolve(base, tmp, url);
}

static int attr_allowed(const char *tag, const char *attr)
{
	if (strcmp(tag, "a") == 0)
		return !strcmp(attr, "href") || !strcmp(attr, "title");
	if (strcmp(tag, "img") == 0)
		return !strcmp(attr, "src") || !strcmp(attr, "alt") ||
		       !strcmp(attr, "width") || !strcmp(attr, "height");
	if (strcmp(tag, "td") == 0 || strcmp(tag, "th") == 0)
		return !strcmp(attr, "colspan") || !strcmp(attr, "rowspan");
	return 0;
}

static int attr_is_url(const char *attr)
{
	return !strcmp(attr, "href") || !strcmp(attr, "src");
}

/* Only small integers for sizes and spans: nothing for CSS to hide in. */
static int attr_value_ok(const char *attr, const char *v)
{
	size_t i;

	if (strcmp(attr, "width") && strcmp(attr, "height") &&
	    strcmp(attr, "colspan") && strcmp(attr, "rowspan"))
		return 1;
	for (i = 0; v[i]; i++)
		if (v[i] < '0' || v[i] > '9' || i >= 5)
			return 0;
	return i > 0;
}

static void emit_start(struct walk *w, unsigned id, const xmlChar **atts)
{
	const char *name = tags[id - 1].name;
	size_t mark = w->out->len;
	int have_src = 0;
	size_t k;

	w->err = buf_addch(w->out, '<');
	if (!w->err)
		w->err = buf_addstr(w->out, name);
	for (k = 0; atts && atts[k] && !w->err; k += 2) {
		const char *a = (const char *)atts[k];
		const char *v = atts[k + 1] ? (const char *)atts[k + 1] : "";
		char *url = NULL;
		size_t j;
		char low[16];

		for (j = 0; a[j] && j + 1 < sizeof(low); j++)
			low[j] = (char)(a[j] >= 'A' && a[j] <= 'Z' ? a[j] + 32 : a[j]);
		if (a[j])
			continue;
		low[j] = '\0';
		if (!attr_allowed(name, low) || !attr_value_ok(low, v))
			continue;
		if (attr_is_url(low)) {
			if (clean_url(w->base, v, &url) < 0) {
				w->err = BUF_ENOMEM;
				break;
			}
			if (!url)
				continue;
			v = url;
			if (!strcmp(low, "src"))
				have_src = 1;
		}
		w->err = buf_addch(w->out, ' ');
		if (!w->err)
			w->err = buf_addstr(w->out, low);
		if (!w->err)
			w->err = buf_addstr(w->out, "=\"");
		if (!w->err)
			out_escaped(w, v, strlen(v), 1);
		if (!w->err)
			w->err = buf_addch(w->out, '"');
		v_free(url);
	}
	if (!w->err)
		w->err = buf_addch(w->out, '>');
	/* An image without a usable source is nothing. */
	if (!w->err && !strcmp(name, "img") && !have_src) {
		buf_truncate(w->out, mark);
		id = 0;
	}
	if (w->depth <= HTML_STACK_MAX)
		w->stack[w->depth] = (unsigned char)(w->err ? 0 : id);
}

static void walk_start(struct walk *w, const char *name, const xmlChar **atts)
{
	unsigned id;

	w->depth++;
	if (w->depth <= HTML_STACK_MAX)
		w->stack[w->depth] = 0;
	if (w->skip || w->err)
		return;
	id = tag_find(name);
	if (!id)
		return;
	if (tags[id - 1].flags & T_DROP) {
		/* libxml2 2.9 does not know <embed> is empty: what follows
		 * would be its content and lost with it. */
		if (!(tags[id - 1].flags & T_VOID))
			w->skip = w->depth;
		return;
	}
	if ((tags[id - 1].flags & T_ALLOW) && w->depth <= HTML_STACK_MAX)
		emit_start(w, id, atts);
}

static void sax_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
	walk_start(((xmlParserCtxtPtr)ctx)->_private, (const char *)name, atts);
}

static void end_elem(struct walk *w)
{
	if (w->depth == 0)
		return;
	if (w->skip) {
		if (w->depth == w->skip)
			w->skip = 0;
		w->depth--;
		return;
	}
	if (w->depth <= HTML_STACK_MAX && w->stack[w->depth]) {
		unsigned id = w->stack[w->depth];

		if (!(tags[id - 1].flags & T_VOID) && !w->err) {
			w->err = buf_addstr(w->out, "</");
			if (!w->err)
				w->err = buf_addstr(w->out, tags[id - 1].name);
			if (!w->err)
				w->err = buf_addch(w->out, '>');
		}
		w->stack[w->depth] = 0;
	}
	w->depth--;
}

static void sax_end(void *ctx, const xmlChar *name)
{
	(void)name;
	end_elem(((xmlParserCtxtPtr)ctx)->_private);
}

static void walk_chars(struct walk *w, const char *s, size_t len)
{
	if (w->skip || w->err || len == 0)
		return;
	out_escaped(w, s, len, 0);
}

static void sax_chars(void *ctx, const xmlChar *s, int len)
{
	if (len > 0)
		walk_chars(((xmlParserCtxtPtr)ctx)->_private,
			   (const char *)s, (size_t)len);
}

/* The error callback lost its const in 2.12. */
#if LIBXML_VERSION >= 21200
static void sax_quiet(void *ctx, const xmlError *e)
#else
static void sax_quiet(void *ctx, xmlErrorPtr e)
#endif
{
	(void)ctx;
	(void)e;
}

/* What libxml2 parses: "<body>" first, so that text before any tag is not
 * wrapped in an implied <p>; invalid UTF-8 repaired, since libxml2 would
 * take it as a hint to switch to Latin-1; NUL bytes and other control
 * characters made spaces (libxml2 would end or drop them silently, and
 * the fast path treats them as white space). */
static int prepare(struct buf *tmp, const char *s, size_t n, int body)
{
	int r;
	size_t i, from;

	if (body && (r = buf_addstr(tmp, "<body>")) < 0)
		return r;
	from = tmp->len;
	if (utf8_valid(s, n))
		r = buf_add(tmp, s, n);
	else
		r = utf8_repair(tmp, s, n);
	if (r < 0)
		return r;
	for (i = from; i < tmp->len; i++) {
		unsigned char c = (unsigned char)tmp->data[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0x7f)
			tmp->data[i] = ' ';
	}
	return 0;
}

static int run_sax(struct walk *w, const char *html, size_t n)
{
	htmlSAXHandler sax;
	htmlParserCtxtPtr ctxt;
	xmlDocPtr doc;

	if (n > HTML_INPUT_MAX)
		return BUF_ETOOBIG;
	ctxt = htmlNewParserCtxt();
	if (!ctxt)
		return BUF_ENOMEM;
	memset(&sax, 0, sizeof(sax));
	sax.startElement = sax_start;
	sax.endElement = sax_end;
	sax.characters = sax_chars;
	sax.cdataBlock = sax_chars;
	sax.ignorableWhitespace = sax_chars;
	sax.serror = sax_quiet;
	/* SAX2 magic makes libxml2 report errors to serror (silenced) rather
	 * than print them; the HTML parser still calls startElement. */
	sax.initialized = XML_SAX2_MAGIC;
	memcpy(ctxt->sax, &sax, sizeof(sax));
	ctxt->_private = w;
	doc = htmlCtxtReadMemory(ctxt, html, (int)n, NULL, "UTF-8",
				 HTML_PARSE_NONET | HTML_PARSE_NOERROR |
				 HTML_PARSE_NOWARNING);
	if (doc)
		xmlFreeDoc(doc);
	htmlFreeParserCtxt(ctxt);
	return w->err;
}

/* ------------------------------------------------------------------ */
/* html_sanitize's fast path. libxml2's HTML parser manages about 50 MB/s
 * and content is most of a feed's bytes, but most content is simple:
 * known elements, quoted attributes, references that decode. On such
 * input this tokenizer makes the very calls on the walk that libxml2's
 * parser makes (start, end and text events, the implied html and body,
 * the auto-closing of an open element by a new one, read from libxml2's
 * own table); on anything else it gives up and libxml2 parses. The unit
 * test test_html_fast and the fuzz target html check that both paths
 * give the same output. */

static int ascii_lower(int c);

/* Sorted for bsearch; body is the parent of everything. */
static const char *const fast_names[] = {
	"a", "abbr", "b", "blockquote", "body", "br", "cite", "code", "dd",
	"del", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
	"h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
	"ol", "p", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
	"u", "ul", "var",
};
#define NFAST (sizeof(fast_names) / sizeof(fast_names[0]))
#define FAST_BODY 4
#define FAST_DEPTH 128
#define FAST_ATTS 16

/* [new][open]: 1 when a start tag new ends the open element, 2 when
 * unknown (the same element, which the table lookup cannot answer). */
static unsigned char fast_closes[NFAST][NFAST];
static pthread_once_t fast_once = PTHREAD_ONCE_INIT;

static void fast_init(void)
{
	for (size_t i = 0; i < NFAST; i++)
		for (size_t j = 0; j < NFAST; j++) {
			xmlNode n;

			memset(&n, 0, sizeof(n));
			n.type = XML_ELEMENT_NODE;
			n.name = (const xmlChar *)fast_names[i];
			/* htmlAutoCloseTag(name, elem) is libxml2's
			 * htmlCheckAutoClose(elem's name, name) for an
			 * element without children */
			fast_closes[i][j] = i == j ? 2 :
				htmlAutoCloseTag(NULL, (const xmlChar *)
						 fast_names[j], &n) != 0;
		}
}

static int fast_cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

static int fast_void(const char *name)
{
	return !strcmp(name, "br") || !strcmp(name, "hr") ||
	       !strcmp(name, "img");
}

/* Bytes that end a run of text: markup, controls (libxml2 drops some,
 * keeps others), and 0xEF, which may start U+FFFE or U+FFFF (dropped). */
static const unsigned char fast_stop[256] = {
	['\0'] = 1, [1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1, [6] = 1,
	[7] = 1, [8] = 1, [11] = 1, [12] = 1, [13] = 1, [14] = 1, [15] = 1,
	[16] = 1, [17] = 1, [18] = 1, [19] = 1, [20] = 1, [21] = 1, [22] = 1,
	[23] = 1, [24] = 1, [25] = 1, [26] = 1, [27] = 1, [28] = 1, [29] = 1,
	[30] = 1, [31] = 1, ['&'] = 1, ['<'] = 1, [0x7f] = 1, [0xef] = 1,
};

static int fast_letter(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int fast_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int fast_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static size_t fast_utf8(uint32_t v, char *u)
{
	if (v < 0x80) {
		u[0] = (char)v;
		return 1;
	}
	if (v < 0x800) {
		u[0] = (char)(0xc0 | (v >> 6));
		u[1] = (char)(0x80 | (v & 0x3f));
		return 2;
	}
	if (v < 0x10000) {
		u[0] = (char)(0xe0 | (v >> 12));
		u[1] = (char)(0x80 | ((v >> 6) & 0x3f));
		u[2] = (char)(0x80 | (v & 0x3f));
		return 3;
	}
	u[0] = (char)(0xf0 | (v >> 18));
	u[1] = (char)(0x80 | ((v >> 12) & 0x3f));
	u[2] = (char)(0x80 | ((v >> 6) & 0x3f));
	u[3] = (char)(0x80 | (v & 0x3f));
	return 4;
}

/* The reference at s[0] == '&' when libxml2 would decode it for sure (a
 * known name or a number, ';' ended, a character XML allows): returns its
 * length and stores its UTF-8 in u (*ulen); 0 otherwise. */
static size_t fast_ref(const char *s, size_t n, char *u, size_t *ulen)
{
	uint32_t v = 0;
	size_t i = 1, nd = 0;

	if (i < n && s[i] == '#') {
		int hex = 0;

		i++;
		if (i < n && (s[i] == 'x' || s[i] == 'X')) {
			hex = 1;
			i++;
		}
		for (; i < n && nd < 7; i++, nd++) {
			int c = (unsigned char)s[i], d;

			if (fast_digit(c))
				d = c - '0';
			else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
				d = (c | 0x20) - 'a' + 10;
			else
				break;
			v = v * (hex ? 16u : 10u) + (uint32_t)d;
		}
		if (nd == 0 || i >= n || s[i] != ';')
			return 0;
		if (!(v == 0x9 || v == 0xa || v == 0xd ||
		      (v >= 0x20 && v <= 0xd7ff) ||
		      (v >= 0xe000 && v <= 0xfffd) ||
		      (v >= 0x10000 && v <= 0x10ffff)))
			return 0;
	} else {
		char name[33];
		size_t k = 0;
		const htmlEntityDesc *e;

		while (i < n && k + 1 < sizeof(name) &&
		       (fast_letter((unsigned char)s[i]) ||
			(k > 0 && fast_digit((unsigned char)s[i]))))
			name[k++] = s[i++];
		if (k == 0 || i >= n || s[i] != ';')
			return 0;
		name[k] = '\0';
		e = htmlEntityLookup((const xmlChar *)name);
		if (!e || e->value == 0)
			return 0;
		v = e->value;
	}
	*ulen = fast_utf8(v, u);
	return i + 1;
}

/* U+FFFE or U+FFFF at s[0] == 0xEF. */
static int fast_nonchar(const unsigned char *u, size_t n)
{
	return n >= 3 && u[1] == 0xbf && (u[2] == 0xbe || u[2] == 0xbf);
}

/* Reads a tag or attribute name at s[*j], lower-cased into name: returns
 * 0 when there is none or it is too long. */
static int fast_name(const char *s, size_t n, size_t *j, char *name,
		     size_t cap, int dash)
{
	size_t k = 0;

	if (*j >= n || !fast_letter((unsigned char)s[*j]))
		return 0;
	while (*j < n && (fast_letter((unsigned char)s[*j]) ||
			  fast_digit((unsigned char)s[*j]) ||
			  (dash && s[*j] == '-'))) {
		if (k + 1 >= cap)
			return 0;
		name[k++] = (char)ascii_lower((unsigned char)s[(*j)++]);
	}
	name[k] = '\0';
	return 1;
}

/* Returns 1 when done (the walk has had every event), 0 to leave the
 * input to libxml2 (the walk and its output are then to be reset). */
static int fast_sanitize(struct walk *w, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char st[FAST_DEPTH];
	const xmlChar *atts[2 * FAST_ATTS + 1];
	char abuf[8192], name[16], u8[4];
	size_t d = 0, i = 0, ulen;

	pthread_once(&fast_once, fast_init);
	walk_start(w, "html", NULL);
	walk_start(w, "body", NULL);
	st[d++] = FAST_BODY;
	while (i < n) {
		size_t from = i, j, na = 0, al = 0, len;
		const char *const *f;
		int closing, selfclose = 0;
		unsigned id;

		for (;;) {
			while (i < n && !fast_stop[u[i]])
				i++;
			if (i < n && u[i] == 0xef && !fast_nonchar(u + i, n - i))
				i++;	/* the run goes on */
			else
				break;
		}
		if (i > from)
			walk_chars(w, s + from, i - from);
		if (i >= n)
			break;
		if (u[i] == '&') {
			if (!(len = fast_ref(s + i, n - i, u8, &ulen)))
				return 0;
			walk_chars(w, u8, ulen);
			i += len;
			continue;
		}
		if (u[i] != '<')
			return 0;
		j = i + 1;
		closing = j < n && s[j] == '/';
		if (closing)
			j++;
		if (!fast_name(s, n, &j, name, sizeof(name), 0))
			return 0;
		f = bsearch(name, fast_names, NFAST, sizeof(fast_names[0]),
			    fast_cmp);
		if (!f || (id = (unsigned)(f - fast_names)) == FAST_BODY)
			return 0;
		if (closing) {
			if (j >= n || s[j] != '>' || d < 2 || st[d - 1] != id)
				return 0;
			end_elem(w);
			d--;
			i = j + 1;
			continue;
		}
		for (;;) {
			char an[64];
			size_t k;

			if (j >= n)
				return 0;
			if (s[j] == '>') {
				j++;
				break;
			}
			if (s[j] == '/' && j + 1 < n && s[j + 1] == '>') {
				j += 2;
				selfclose = 1;
				break;
			}
			if (!fast_blank((unsigned char)s[j]))
				return 0;
			while (j < n && fast_blank((unsigned char)s[j]))
				j++;
			if (j < n && (s[j] == '>' || s[j] == '/'))
				continue;
			if (na == FAST_ATTS ||
			    !fast_name(s, n, &j, an, sizeof(an), 1))
				return 0;
			for (k = 0; k < na; k++)
				if (!strcmp((const char *)atts[2 * k], an))
					return 0;
			len = strlen(an) + 1;
			if (al + len > sizeof(abuf))
				return 0;
			memcpy(abuf + al, an, len);
			atts[2 * na] = (const xmlChar *)(abuf + al);
			atts[2 * na + 1] = NULL;
			al += len;
			if (j < n && s[j] == '=') {
				char q;

				j++;
				if (j >= n || (s[j] != '"' && s[j] != '\''))
					return 0;
				q = s[j++];
				atts[2 * na + 1] = (const xmlChar *)(abuf + al);
				while (j < n && s[j] != q) {
					const char *c = s + j;

					if (u[j] == '&') {
						if (!(len = fast_ref(c, n - j, u8, &ulen)))
							return 0;
						c = u8;
					} else if (fast_stop[u[j]] && u[j] != '<' &&
						   (u[j] != 0xef ||
						    fast_nonchar(u + j, n - j))) {
						return 0;
					} else {
						len = ulen = 1;
					}
					if (al + ulen >= sizeof(abuf))
						return 0;
					memcpy(abuf + al, c, ulen);
					al += ulen;
					j += len;
				}
				if (j >= n)
					return 0;
				j++;
				abuf[al++] = '\0';
			}
			na++;
		}
		atts[2 * na] = NULL;
		/* libxml2 lets a new element end the open one it may not be
		 * inside of (a <p> ends an open <p>, a <ul> ends a <p>) */
		while (fast_closes[id][st[d - 1]]) {
			if (fast_closes[id][st[d - 1]] == 2 || d < 2)
				return 0;
			end_elem(w);
			d--;
		}
		if (d == FAST_DEPTH)
			return 0;
		walk_start(w, name, na ? atts : NULL);
		st[d++] = (unsigned char)id;
		if (selfclose || fast_void(name)) {
			end_elem(w);
			d--;
		}
		i = j;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* Plain text without libxml2. The output is text, escaped wherever it is
 * shown, so a tokenizer that reads a broken tag differently from a
 * browser cannot open a hole; it only has to be fast, since it runs on
 * every title and summary of every item (libxml2's HTML parser manages
 * about 50 MB/s here, this about ten times that). Tags follow HTML5's
 * tokenizer in the main: comments, bogus comments (<! <?), quoted
 * attribute values, raw text up to the end tag for script, style and the
 * other dropped elements. */

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int is_name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == ':';
}

/* Offset of the '>' that ends the tag starting at s[i] == '<', skipping
 * quoted attribute values, or n when the tag never ends. */
static size_t tag_end(const char *s, size_t n, size_t i)
{
	char q = 0;

	for (i++; i < n; i++) {
		if (q) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			/* Quotes count only where a value starts. */
			if (s[i - 1] == '=' || s[i - 1] == ' ')
				q = s[i];
		} else if (s[i] == '>') {
			return i;
		}
	}
	return n;
}

/* Offset just past the end tag "</name ...>" at or after i, or n. */
static size_t skip_to_end_tag(const char *s, size_t n, size_t i,
			      const char *name, size_t len)
{
	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);
		size_t k, j;

		if (!lt)
			return n;
		j = (size_t)(lt - s);
		if (j + 2 + len <= n && s[j + 1] == '/') {
			for (k = 0; k < len; k++)
				if (ascii_lower((unsigned char)s[j + 2 + k]) !=
				    name[k])
					break;
			if (k == len && (j + 2 + len == n ||
					 !is_name_char((unsigned char)s[j + 2 + len]))) {
				size_t e = tag_end(s, n, j);

				return e < n ? e + 1 : n;
			}
		}
		i = j + 1;
	}
	return n;
}

static void text_html(struct textout *to, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && !to->err) {
		const char *lt = memchr(s + i, '<', n - i);
		size_t upto = lt ? (size_t)(lt - s) : n, j, e, k;
		int closing;
		char name[16];
		unsigned id;

		if (upto > i) {
			if (memchr(s + i, '&', upto - i))
				text_decode(to, s + i, upto - i);
			else
				text_add(to, s + i, upto - i);
		}
		if (!lt)
			break;
		j = upto + 1;
		if (j + 2 < n && s[j] == '!' && s[j + 1] == '-' && s[j + 2] == '-') {
			/* A comment ends at "-->" (or nowhere). */
			const char *c = s + j + 3;
			size_t left = n - (j + 3);

			i = n;
			while (left >= 3) {
				const char *d = memchr(c, '-', left - 2);

				if (!d)
					break;
				if (d[1] == '-' && d[2] == '>') {
					i = (size_t)(d - s) + 3;
					break;
				}
				left -= (size_t)(d - c) + 1;
				c = d + 1;
			}
			continue;
		}
		if (j < n && (s[j] == '!' || s[j] == '?')) {
			const char *gt = memchr(s + j, '>', n - j);

			i = gt ? (size_t)(gt - s) + 1 : n;
			continue;
		}
		closing = j < n && s[j] == '/';
		if (closing)
			j++;
		if (j >= n || !((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z')) {
			/* "a < b": a '<' that opens no tag is text. */
			if (closing && j < n && s[j] == '>') {
				i = j + 1;	/* "</>" is nothing */
				continue;
			}
			text_add(to, "<", 1);
			i = upto + 1;
			continue;
		}
		for (k = 0; j + k < n && is_name_char((unsigned char)s[j + k]); k++)
			if (k < sizeof(name) - 1)
				name[k] = (char)ascii_lower((unsigned char)s[j + k]);
		name[k < sizeof(name) - 1 ? k : sizeof(name) - 1] = '\0';
		id = k < sizeof(name) - 1 ? tag_find(name) : 0;
		e = tag_end(s, n, upto);
		i = e < n ? e + 1 : n;
		if (!id)
			continue;
		if (tags[id - 1].flags & T_BLOCK)
			to->space = 1;
		if (!closing && (tags[id - 1].flags & T_DROP) &&
		    !(tags[id - 1].flags & T_VOID) &&
		    !(e > upto && s[e - 1] == '/'))
			i = skip_to_end_tag(s, n, i, name, k);
	}
}

int html_to_text(struct buf *out, const char *html, size_t n)
{
	struct textout to;
	struct buf tmp = BUF_INIT;
	int r = 0;

	if (!html || n == 0)
		return 0;
	to.out = out;
	to.start = out->len;
	to.space = 0;
	to.err = 0;
	if (!utf8_valid(html, n) || memchr(html, '\0', n)) {
		if ((r = prepare(&tmp, html, n, 0)) < 0)
			goto done;
		html = buf_cstr(&tmp);
		n = tmp.len;
	}
	if (memchr(html, '<', n))
		text_html(&to, html, n);
	else if (memchr(html, '&', n))
		text_decode(&to, html, n);
	else
		text_add(&to, html, n);
	r = to.err;
done:
	buf_release(&tmp);
	if (r < 0)
		buf_truncate(out, to.start);
	return r;
}

static int sanitize(struct buf *out, const char *html, size_t n,
		    const char *base, int fast)
{
	struct walk *w;
	struct buf tmp = BUF_INIT;
	size_t start = out->len;
	int r;

	if (!html || n == 0)
		return 0;
	w = v_calloc(1, sizeof(*w));
	if (!w)
		return BUF_ENOMEM;
	w->out = out;
	w->base = base;
	if (!memchr(html, '<', n)) {
		/* Text without tags needs no parser: decode references,
		 * escape (which also turns control characters into spaces). */
		r = html_decode_entities(&tmp, html, n);
		if (r == 0)
			out_escaped(w, buf_cstr(&tmp), tmp.len, 0);
		if (r == 0)
			r = w->err;
	} else if (fast && utf8_valid(html, n) && fast_sanitize(w, html, n)) {
		r = w->err;
		while (r == 0 && w->depth > 0) {
			end_elem(w);
			r = w->err;
		}
	} else {
		if (fast) {
			/* what the fast path wrote before giving up */
			buf_truncate(out, start);
			memset(w, 0, sizeof(*w));
			w->out = out;
			w->base = base;
		}
		r = prepare(&tmp, html, n, 1);
		if (r == 0)
			r = run_sax(w, buf_cstr(&tmp), tmp.len);
		/* Close what libxml2 left open, so the output nests. */
		while (r == 0 && w->depth > 0) {
			end_elem(w);
			r = w->err;
		}
	}
	buf_release(&tmp);
	v_free(w);
	if (r < 0)
		buf_truncate(out, start);
	return r;
}

int html_sanitize(struct buf *out, const char *html, size_t n,
		  const char *base)
{
	return sanitize(out, html, n, base, 1);
}

int html_sanitize_libxml2(struct buf *out, const char *html, size_t n,
			  const char *base)
{
	return sanitize(out, html, n, base, 0);
}
