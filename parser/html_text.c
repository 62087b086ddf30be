/* HTML content as text to read in a terminal (`veille show`): paragraphs
 * apart, list items marked, each link numbered where it stands and listed
 * at the end. libxml2's HTML parser, in SAX mode: no tree, no recursion. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlversion.h>

#include "html.h"

/* Content is stored sanitised, but a feed's may be big: as html.c. */
#define TEXT_INPUT_MAX (64u << 20)

struct walk {
	struct buf *out, *links;
	int nlinks;
	int link;		/* the number of the open <a>, 0: none */
	int skip;		/* inside script, style ...: depth */
	int space;		/* a space is owed before the next word */
	int breaks;		/* line breaks owed before the next word */
	int err;
};

static int is_block(const char *n)
{
	static const char *const blocks[] = {
		"p", "div", "section", "article", "blockquote", "pre", "ul",
		"ol", "dl", "dt", "dd", "table", "tr", "h1", "h2", "h3", "h4",
		"h5", "h6", "figure", "figcaption", "hr", "header", "footer",
		"main", "aside", "nav", NULL
	};
	size_t i;

	for (i = 0; blocks[i]; i++)
		if (!strcmp(n, blocks[i]))
			return 1;
	return 0;
}

static void owe_breaks(struct walk *w, int n)
{
	if (w->out->len && w->breaks < n)
		w->breaks = n;
}

static void put(struct walk *w, const char *s, size_t n)
{
	int rc = 0;

	if (w->err)
		return;
	if (w->breaks) {
		rc |= buf_add(w->out, "\n\n", (size_t)w->breaks);
		w->breaks = 0;
		w->space = 0;
	} else if (w->space && w->out->len) {
		rc |= buf_addch(w->out, ' ');
	}
	w->space = 0;
	rc |= buf_add(w->out, s, n);
	if (rc)
		w->err = BUF_ENOMEM;
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
	struct walk *w = ((htmlParserCtxtPtr)ctx)->_private;
	const char *n = (const char *)name;

	if (!strcmp(n, "script") || !strcmp(n, "style") ||
	    !strcmp(n, "noscript") || !strcmp(n, "template")) {
		w->skip++;
		return;
	}
	if (w->skip)
		return;
	if (!strcmp(n, "br")) {
		owe_breaks(w, 1);
	} else if (!strcmp(n, "li")) {
		owe_breaks(w, 1);
		put(w, "-", 1);
		w->space = 1;
	} else if (is_block(n)) {
		owe_breaks(w, 2);
	} else if (!strcmp(n, "a") && attrs && !w->link) {
		size_t i;

		for (i = 0; attrs[i]; i += 2) {
			const char *v = (const char *)attrs[i + 1];

			if (strcmp((const char *)attrs[i], "href") || !v ||
			    strncmp(v, "http", 4))
				continue;
			w->link = ++w->nlinks;
			if (buf_addf(w->links, "%s\n", v) < 0)
				w->err = BUF_ENOMEM;
			break;
		}
	}
}

static void on_end(void *ctx, const xmlChar *name)
{
	struct walk *w = ((htmlParserCtxtPtr)ctx)->_private;
	const char *n = (const char *)name;
	char num[24];

	if (!strcmp(n, "script") || !strcmp(n, "style") ||
	    !strcmp(n, "noscript") || !strcmp(n, "template")) {
		if (w->skip)
			w->skip--;
		return;
	}
	if (w->skip)
		return;
	if (!strcmp(n, "a") && w->link) {
		int len = snprintf(num, sizeof num, "[%d]", w->link);

		w->space = 1;
		put(w, num, (size_t)len);
		w->link = 0;
	} else if (!strcmp(n, "li")) {
		owe_breaks(w, 1);
	} else if (is_block(n)) {
		owe_breaks(w, 2);
	}
}

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
	struct walk *w = ((htmlParserCtxtPtr)ctx)->_private;
	const char *s = (const char *)ch;
	int i = 0, start;

	if (w->skip)
		return;
	while (i < len) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
		    s[i] == '\f') {
			w->space = 1;
			i++;
			continue;
		}
		start = i;
		while (i < len && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
				    s[i] == '\r' || s[i] == '\f'))
			i++;
		put(w, s + start, (size_t)(i - start));
	}
}

/* The error callback lost its const in 2.12 (as in html.c). */
#if LIBXML_VERSION >= 21200
static void on_error(void *ctx, const xmlError *e)
#else
static void on_error(void *ctx, xmlErrorPtr e)
#endif
{
	(void)ctx;
	(void)e;
}

int html_text_links(struct buf *out, struct buf *links, const char *html,
		    size_t n)
{
	struct walk w;
	htmlSAXHandler sax;
	htmlParserCtxtPtr ctxt;
	xmlDocPtr doc;

	if (n > TEXT_INPUT_MAX || n > INT32_MAX)
		return BUF_ETOOBIG;
	memset(&w, 0, sizeof w);
	w.out = out;
	w.links = links;
	ctxt = htmlNewParserCtxt();
	if (!ctxt)
		return BUF_ENOMEM;
	memset(&sax, 0, sizeof sax);
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_chars;
	sax.cdataBlock = on_chars;
	sax.serror = on_error;
	sax.initialized = XML_SAX2_MAGIC;
	memcpy(ctxt->sax, &sax, sizeof sax);
	ctxt->_private = &w;
	doc = htmlCtxtReadMemory(ctxt, html, (int)n, NULL, "UTF-8",
				 HTML_PARSE_NONET | HTML_PARSE_NOERROR |
				 HTML_PARSE_NOWARNING);
	if (doc)
		xmlFreeDoc(doc);
	htmlFreeParserCtxt(ctxt);
	return w.err;
}
