/* The route from the first bytes: a JSON Feed (read whole by jsonfeed.c),
 * an HTML page (an error naming its title), or XML, whose encoding is
 * chosen here before libxml2's push parser starts. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/utf8.h"
#include "xml.h"

static const char *skip_ws(const char *s, const char *e)
{
	while (s < e && isspace((unsigned char)*s))
		s++;
	return s;
}

static int starts_ci(const char *s, const char *e, const char *lit)
{
	size_t l = strlen(lit);

	return (size_t)(e - s) >= l && !strncasecmp(s, lit, l);
}

/* The first element-like tag after the prolog, comments and PIs. */
static int looks_html(const char *s, const char *e)
{
	for (;;) {
		s = skip_ws(s, e);
		if (starts_ci(s, e, "<!doctype html") || starts_ci(s, e, "<html"))
			return 1;
		if (starts_ci(s, e, "<?")) {
			const char *q = xp_mem_find(s, (size_t)(e - s), "?>");

			if (!q)
				return 0;
			s = q + 2;
		} else if (starts_ci(s, e, "<!--")) {
			const char *q = xp_mem_find(s, (size_t)(e - s), "-->");

			if (!q)
				return 0;
			s = q + 3;
		} else {
			return 0;
		}
	}
}

static void decl_encoding(const char *s, size_t n, char *enc, size_t encsz)
{
	const char *e = s + n, *q, *v;
	char quote;
	size_t l = 0;

	enc[0] = 0;
	s = skip_ws(s, e);
	if (!starts_ci(s, e, "<?xml"))
		return;
	q = xp_mem_find(s, (size_t)(e - s), "?>");
	if (!q)
		return;
	v = xp_mem_find(s, (size_t)(q - s), "encoding");
	if (!v)
		return;
	v += 8;
	while (v < q && (isspace((unsigned char)*v) || *v == '='))
		v++;
	if (v >= q || (*v != '"' && *v != '\''))
		return;
	quote = *v++;
	while (v + l < q && v[l] != quote && l + 1 < encsz)
		l++;
	memcpy(enc, v, l);
	enc[l] = 0;
}

/* iconv ignores punctuation and odd bytes in a name ("UT/F-8" and
 * "utf-8\xA2" are UTF-8 to it): compare letters and digits only. */
static int is_utf8_name(const char *e)
{
	char n[16];
	size_t k = 0;

	for (; *e; e++) {
		if (!isalnum((unsigned char)*e))
			continue;
		if (k + 1 >= sizeof(n))
			return 0;
		n[k++] = (char)tolower((unsigned char)*e);
	}
	n[k] = 0;
	return name_is(n, "utf8") || name_is(n, "usascii") ||
	       name_is(n, "ascii");
}

static int is_cp1252_name(const char *e)
{
	return !str_casecmp(e, "windows-1252") || !str_casecmp(e, "cp1252") ||
	       !str_casecmp(e, "x-cp1252");
}

static int is_latin_name(const char *e)
{
	return !str_casecmp(e, "iso-8859-1") || !str_casecmp(e, "latin1") ||
	       !str_casecmp(e, "windows-1252") || !str_casecmp(e, "iso-8859-15");
}

static int known_encoding(const char *e)
{
	xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(e);

	if (!h)
		return 0;
	xmlCharEncCloseFunc(h);
	return 1;
}

/* A charset libxml2 hands to iconv: neither UTF-8 and its subsets nor the
 * Latin ones the cleaner repairs itself, nor UTF-16/32, which the filter
 * does not see. */
static int needs_conv(const char *e)
{
	return e[0] && !is_utf8_name(e) && !is_latin_name(e) &&
	       !is_cp1252_name(e) && str_ncasecmp(e, "utf-", 4) &&
	       str_ncasecmp(e, "ucs", 3) && str_casecmp(e, "latin-1");
}

/* 0 when the head is not valid UTF-8 (a sequence cut at its end
 * excepted), 2 when valid with multi-byte sequences, 1 when ASCII. */
static int head_utf8(const char *s, size_t n)
{
	size_t i = 0;
	int multi = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		int l;

		if (c < 0x80) {
			i++;
			continue;
		}
		l = xp_utf8_seq((const unsigned char *)s + i, n - i);
		if (l < 0)
			break;
		if (l == 0)
			return 0;
		multi = 1;
		i += (size_t)l;
	}
	return multi ? 2 : 1;
}

/* win: how many bytes of s lie within the first HEAD_MIN bytes of the
 * input, the only ones any decision may look at (see xp_route()). */
static int start_xml(struct feed_parser *p, const char *s, size_t n,
		     size_t win)
{
	xmlSAXHandler sax;	/* copied by libxml2: one per parse, any thread */
	const unsigned char *u = (const unsigned char *)s;
	char enc[64];
	const char *force = NULL;
	int opts = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
		   XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

	xp_sax_init(&sax);

	p->filter = 1;
	if (n >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) ||
		       (u[0] == 0xFF && u[1] == 0xFE) ||
		       (u[0] == 0 && u[1] == '<') || (u[0] == '<' && u[1] == 0)))
	{
		p->filter = 0;	/* UTF-16: libxml2 reads it as it is */
		/* without a BOM libxml2 only spots UTF-16 before "<?" */
		if (u[0] == '<')
			force = "UTF-16LE";
		else if (u[0] == 0)
			force = "UTF-16BE";
	}
	decl_encoding(s, win, enc, sizeof(enc));
	if (p->filter) {
		if (p->bom) {
			p->repair = 1;
			force = "UTF-8";
		} else if (p->charset && known_encoding(p->charset) &&
			   !(is_latin_name(p->charset) &&
			     head_utf8(s, n < HEAD_MIN ? n : HEAD_MIN) > 1)) {
			/* the transport's charset, unless libxml2 cannot read
			 * it or it is the Latin-1 that servers send by
			 * default over UTF-8 bytes: then as if not given */
			force = p->charset;
			p->repair = is_utf8_name(force);
		} else if (enc[0] && is_latin_name(enc) &&
			   head_utf8(s, win) > 1) {
			/* UTF-8 labelled Latin-1: a common mislabel, and
			 * multi-byte UTF-8 is most unlikely in real Latin-1 */
			p->repair = 1;
			force = "UTF-8";
		} else if (enc[0]) {
			p->repair = is_utf8_name(enc);
			if (p->repair && str_casecmp(enc, "utf-8") &&
			    str_casecmp(enc, "utf8") &&
			    str_casecmp(enc, "us-ascii") &&
			    str_casecmp(enc, "ascii"))
				force = "UTF-8";	/* not through iconv */
			if (!p->repair) {
				/* an encoding libxml2 does not know would pass
				 * raw bytes through: read it as UTF-8, repaired */
				xmlCharEncodingHandlerPtr h =
					xmlFindCharEncodingHandler(enc);

				if (h)
					xmlCharEncCloseFunc(h);
				else {
					p->repair = 1;
					force = "UTF-8";
				}
			}
		} else if (head_utf8(s, win)) {
			/* the first HEAD_MIN bytes of the input only (not of
			 * s, which may follow junk): the head holds 1 to 64 KiB
			 * depending on how the input was chunked, and the
			 * guess must not depend on that */
			p->repair = 1;
		} else {
			force = "windows-1252";
		}
	}
	if (p->filter && !p->repair && needs_conv(force ? force : enc)) {
		/* libxml2 would convert it with iconv and stop at the first
		 * bad byte sequence, losing the items after it without a
		 * word: convert it here (bad bytes become U+FFFD) and give
		 * libxml2 UTF-8 */
		int rc = parser_conv_open(&p->conv, force ? force : enc);

		if (rc == -2) {
			xp_fail_nomem(p);
			return -1;
		}
		/* converted here; or a name iconv does not know, which
		 * libxml2 may still accept ("utf08") and then read
		 * differently depending on where the input ends: read as
		 * UTF-8, repaired, as for any unknown encoding */
		force = "UTF-8";
		p->repair = 1;
	}
	/* libxml2 detects UTF-16 from the first bytes given at creation */
	p->x = xmlCreatePushParserCtxt(&sax, p, p->filter ? NULL : s,
				       p->filter ? 0 : 4, p->base_url);
	if (!p->x) {
		xp_fail_nomem(p);
		return -1;
	}
	if (force) {
		xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(force);

		if (h && xmlSwitchToEncoding(p->x, h) == 0)
			opts |= XML_PARSE_IGNORE_ENC;
		else if (!p->charset)
			p->repair = 0;
	}
	if (p->filter && !p->repair &&
	    (force ? is_cp1252_name(force) : is_cp1252_name(enc)))
		p->repair = 2;
	xmlCtxtUseOptions(p->x, opts);
	p->mode = M_XML;
	return 0;
}

/* A document that is not markup, described by its kind and size, never
 * quoted: its first bytes may be anything (a secret file, a token). The
 * kind comes from the first HEAD_MIN bytes at most (s, n); the size is
 * exact when the input is whole (final), a lower bound otherwise. */
static void not_markup(struct feed_parser *p, const char *s, size_t n,
		       int final)
{
	static const struct {
		const char *magic;
		size_t len;
		const char *kind;
	} magic[] = {
		{ "%PDF-", 5, "PDF document" },
		{ "\x89PNG", 4, "PNG image" },
		{ "\xFF\xD8\xFF", 3, "JPEG image" },
		{ "GIF8", 4, "GIF image" },
		{ "PK\x03\x04", 4, "ZIP archive" },
		{ "\x1F\x8B", 2, "gzip data" },
	};
	const char *kind = NULL;

	if (n > HEAD_MIN)
		n = HEAD_MIN;
	for (size_t k = 0; !kind && k < sizeof(magic) / sizeof(magic[0]); k++)
		if (n >= magic[k].len && !memcmp(s, magic[k].magic, magic[k].len))
			kind = magic[k].kind;
	if (!kind)
		kind = memchr(s, '\0', n) || !head_utf8(s, n) ? "binary data" :
		       "text document";
	if (final)
		err_set(&p->err, "not a feed: %s (%zu bytes)", kind,
			p->head.len);
	else
		err_set(&p->err, "not a feed: %s (%zu bytes or more)", kind,
			p->head.len < HEAD_MIN ? p->head.len : (size_t)HEAD_MIN);
	p->failed = 1;
	p->mode = M_FAILED;
}

/* Chooses the route from the head (at least HEAD_MIN bytes, or all). */
int xp_route(struct feed_parser *p, int final)
{
	const char *s = p->head.data ? p->head.data : "", *e = s + p->head.len;
	const char *b = s;
	/* decisions look at the first HEAD_MIN bytes only: the head holds 1
	 * to 64 KiB depending on the chunking, and the route must not */
	const char *se = e - s > HEAD_MIN ? s + HEAD_MIN : e;
	const unsigned char *u = (const unsigned char *)s;
	int utf16 = p->head.len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) ||
					 (u[0] == 0xFF && u[1] == 0xFE) ||
					 (u[0] == 0 && u[1] == '<') ||
					 (u[0] == '<' && u[1] == 0));

	if (!utf16) {
		if (e - b >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3))
			b += 3;
		b = skip_ws(b, e);
		if (b == e && final) {
			p->failed = 1;
			p->mode = M_FAILED;
			return err_set(&p->err, "not a feed: empty document");
		}
		if (*b == '{' || *b == '[') {
			p->mode = M_JSON;
			buf_init(&p->body, p->max_json);
			if (buf_add(&p->body, b, (size_t)(e - b)) < 0)
				return err_set(&p->err, "not a feed: JSON "
					       "document larger than %zu bytes",
					       p->max_json);
			return 0;
		}
		if (looks_html(b, se > b ? se : b)) {
			p->mode = M_HTML;
			buf_init(&p->body, HTML_MAX);
			buf_add(&p->body, b, (size_t)(e - b));
			return 0;
		}
		if (*b != '<') {
			/* junk before the document (a PHP warning): skip it */
			const char *q = se > b ? xp_mem_find(b, (size_t)(se - b),
							  "<?xml") : NULL;

			if (!q) {
				not_markup(p, b, (size_t)(e - b), final);
				return -1;
			}
			b = q;
			p->meta.not_well_formed = 1;
			if (!p->meta.warning)
				p->meta.warning = v_strdup("text before the "
							   "XML declaration "
							   "ignored");
		} else {
			b = s;
		}
	}
	if (!utf16 && e - b >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) {
		p->bom = 1;
		b += 3;
	}
	if (start_xml(p, b, (size_t)(e - b), se > b ? (size_t)(se - b) : 0) < 0)
		return -1;
	if (!p->filter) {
		if ((size_t)(e - b) < 4)
			return -1;
		b += 4;
	}
	return xp_xml_feed(p, b, (size_t)(e - b), final);
}

void xp_html_title(struct feed_parser *p)
{
	const char *s = buf_cstr(&p->body), *e = s + p->body.len, *q, *t;

	for (q = s; q < e; q++) {
		if (*q != '<' || !starts_ci(q, e, "<title"))
			continue;
		if (!(t = memchr(q, '>', (size_t)(e - q))))
			break;
		t++;
		for (q = t; q < e && !starts_ci(q, e, "</title"); q++)
			;
		if (q == e)
			break;
		{
			char *v = xp_to_text(p, t, (size_t)(q - t));

			if (v) {
				err_set(&p->err, "not a feed: HTML document, "
					"title '%s'", v);
				v_free(v);
				return;
			}
		}
		break;
	}
	err_set(&p->err, "not a feed: HTML document");
}

