/* HTML from feeds to plain text, and the table of elements it shares with
 * the sanitiser (sanitize.c). html_to_text, which runs on every title and
 * summary, uses a small tokenizer of its own and libxml2's
 * entity table: it is several times faster, and its output is plain text
 * (see text_html below for why that is safe). */
#include "html.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "../util/alloc.h"
#include "../util/utf8.h"
#include "html_int.h"

/* Sorted by name for bsearch. */
const struct tag html_tags[] = {
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
#define NTAGS (sizeof(html_tags) / sizeof(html_tags[0]))

static int tag_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct tag *)e)->name);
}

unsigned html_tag_find(const char *name)
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
	t = bsearch(low, html_tags, NTAGS, sizeof(html_tags[0]), tag_cmp);
	return t ? (unsigned)(t - html_tags) + 1 : 0;
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

/* What libxml2 parses: "<body>" first, so that text before any tag is not
 * wrapped in an implied <p>; invalid UTF-8 repaired, since libxml2 would
 * take it as a hint to switch to Latin-1; NUL bytes and other control
 * characters made spaces (libxml2 would end or drop them silently, and
 * the fast path treats them as white space). */
int html_prepare(struct buf *tmp, const char *s, size_t n, int body)
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


/* ------------------------------------------------------------------ */
/* Plain text without libxml2. The output is text, escaped wherever it is
 * shown, so a tokenizer that reads a broken tag differently from a
 * browser cannot open a hole; it only has to be fast, since it runs on
 * every title and summary of every item (libxml2's HTML parser manages
 * about 50 MB/s here, this about ten times that). Tags follow HTML5's
 * tokenizer in the main: comments, bogus comments (<! <?), quoted
 * attribute values, raw text up to the end tag for script, style and the
 * other dropped elements. */

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
				if (html_ascii_lower((unsigned char)s[j + 2 + k]) !=
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
				name[k] = (char)html_ascii_lower((unsigned char)s[j + k]);
		name[k < sizeof(name) - 1 ? k : sizeof(name) - 1] = '\0';
		id = k < sizeof(name) - 1 ? html_tag_find(name) : 0;
		e = tag_end(s, n, upto);
		i = e < n ? e + 1 : n;
		if (!id)
			continue;
		if (html_tags[id - 1].flags & T_BLOCK)
			to->space = 1;
		if (!closing && (html_tags[id - 1].flags & T_DROP) &&
		    !(html_tags[id - 1].flags & T_VOID) &&
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
		if ((r = html_prepare(&tmp, html, n, 0)) < 0)
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

