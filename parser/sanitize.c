/* html_sanitize: allow-listed HTML out of a feed's content, through
 * libxml2's HTML parser in SAX mode (no tree, so 100,000 nested elements
 * cost a counter, not a stack) or a fast path of our own on simple HTML
 * that makes the same calls. It never touches the network and sees
 * valid UTF-8 only. */
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
#include "html_int.h"
#include "parser_int.h"

/* ------------------------------------------------------------------ */
/* html_sanitize: libxml2 SAX events, allow-list, escaped output. */

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
	const char *name = html_tags[id - 1].name;
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
	id = html_tag_find(name);
	if (!id)
		return;
	if (html_tags[id - 1].flags & T_DROP) {
		/* libxml2 2.9 does not know <embed> is empty: what follows
		 * would be its content and lost with it. */
		if (!(html_tags[id - 1].flags & T_VOID))
			w->skip = w->depth;
		return;
	}
	if ((html_tags[id - 1].flags & T_ALLOW) && w->depth <= HTML_STACK_MAX)
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

		if (!(html_tags[id - 1].flags & T_VOID) && !w->err) {
			w->err = buf_addstr(w->out, "</");
			if (!w->err)
				w->err = buf_addstr(w->out, html_tags[id - 1].name);
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
		name[k++] = (char)html_ascii_lower((unsigned char)s[(*j)++]);
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
		r = html_prepare(&tmp, html, n, 1);
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
