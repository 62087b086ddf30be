/* The byte stream cleaned before libxml2 reads it: control characters
 * out, invalid UTF-8 (or bytes windows-1252 leaves undefined) repaired,
 * HTML entities and stray ampersands made XML, entities of the internal
 * DTD subset expanded when plain text, "]]>" outside CDATA escaped. Text
 * that needs none of it is copied in runs. */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLparser.h>

#include "../util/alloc.h"
#include "xml.h"

const char *xp_mem_find(const char *s, size_t n, const char *lit)
{
	size_t l = strlen(lit);

	for (size_t i = 0; i + l <= n; i++)
		if (s[i] == lit[0] && !memcmp(s + i, lit, l))
			return s + i;
	return NULL;
}

static int is_name_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':';
}

/* Handles the '&' at s[0]: returns the bytes consumed, 0 when more input is
 * needed to decide. Undeclared HTML entities become character references,
 * stray ampersands become &amp;. */
/* Appends to the cleaned output; a failure fails the whole parse, so the
 * document is never silently cut. */
static int out_add(struct feed_parser *p, struct buf *o, const void *s,
		   size_t n)
{
	int rc = buf_add(o, s, n);

	if (rc == BUF_ENOMEM)
		xp_fail_nomem(p);
	else if (rc < 0)
		xp_fail(p, "document chunk larger than %zu bytes", o->max);
	return rc;
}

/* The replacement text of a declared entity, NULL when none. */
static const char *entity_find(const struct feed_parser *p, const char *name)
{
	for (int k = 0; k < p->nents; k++)
		if (!strcmp(p->ents[k].name, name))
			return p->ents[k].value;
	return NULL;
}

/* 1 when every '&' of the n bytes at v starts a character reference or a
 * predefined entity: a replacement text that refers to no other entity,
 * so that expanding it can neither nest nor multiply (billion laughs). */
static int entity_plain(const char *v, size_t n)
{
	static const char *const pre[] = { "amp;", "lt;", "gt;", "quot;",
					   "apos;" };

	for (size_t i = 0; i < n; i++) {
		size_t j = i + 1;
		int ok = 0;

		if (v[i] == '%')
			return 0;
		if (v[i] != '&')
			continue;
		if (j < n && v[j] == '#') {
			int hex = ++j < n && (v[j] == 'x' || v[j] == 'X');
			size_t d = j += (size_t)hex;

			while (j < n && (hex ? isxdigit((unsigned char)v[j]) :
					 isdigit((unsigned char)v[j])))
				j++;
			ok = j > d && j < n && v[j] == ';';
		}
		for (size_t k = 0; !ok && k < sizeof(pre) / sizeof(pre[0]); k++)
			ok = n - j >= strlen(pre[k]) &&
			     !memcmp(v + j, pre[k], strlen(pre[k]));
		if (!ok)
			return 0;
	}
	return 1;
}

/* At s, "<!ENTITY": records a general entity of the internal DTD subset
 * whose replacement text is plain (entity_plain) and short; parameter and
 * external entities, and any other, are never read: their references stay
 * literal text. The declaration itself goes on to libxml2 unchanged.
 * Returns 0 when more input is needed to see its end, 1 otherwise. */
static int entity_decl(struct feed_parser *p, const char *s, size_t n,
		       int final)
{
	static const char kw[] = "<!ENTITY";
	size_t i = sizeof(kw) - 1, nm, nl, v0;
	char q = 0, *name, *val;
	struct buf b = BUF_INIT;

	if (n < i)
		return final || memcmp(s, kw, n) ? 1 : 0;
	if (memcmp(s, kw, i))
		return 1;
	for (size_t j = i; j < n && j < ENT_DECL_MAX; j++) {
		if (q ? s[j] == q : (s[j] == '"' || s[j] == '\''))
			q = q ? 0 : s[j];
		else if (!q && s[j] == '>') {
			n = j;
			q = 1;
			break;
		}
	}
	if (q != 1)	/* no end seen */
		return final || n >= ENT_DECL_MAX ? 1 : 0;
	if (p->nents == ENT_MAX || !isspace((unsigned char)s[i]))
		return 1;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	for (nm = i; i < n && is_name_char((unsigned char)s[i]); i++)
		;
	nl = i - nm;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (!nl || nl > 39 || (s[i] != '"' && s[i] != '\''))
		return 1;	/* a parameter or external entity */
	q = s[i++];
	for (v0 = i; i < n && s[i] != q; i++)
		;
	if (i - v0 > ENT_VALUE_MAX || !entity_plain(s + v0, i - v0))
		return 1;
	for (i++; i < n && isspace((unsigned char)s[i]); i++)
		;
	if (i != n)
		return 1;
	if (!(name = v_strndup(s + nm, nl))) {
		xp_fail_nomem(p);
		return 1;
	}
	if (entity_find(p, name)) {
		v_free(name);	/* the first declaration binds */
		return 1;
	}
	/* its text, never markup: '<' and quotes escaped (it may be used
	 * inside an attribute value) */
	for (size_t k = v0; s[k] != q; k++) {
		const char *esc = s[k] == '<' ? "&lt;" : s[k] == '"' ? "&quot;" :
				  s[k] == '\'' ? "&apos;" : NULL;

		if (esc)
			buf_addstr(&b, esc);
		else
			buf_addch(&b, s[k]);
	}
	if (buf_error(&b) || !(val = buf_detach(&b, NULL))) {
		buf_release(&b);
		v_free(name);
		xp_fail_nomem(p);
		return 1;
	}
	p->ents[p->nents].name = name;
	p->ents[p->nents++].value = val;
	return 1;
}

static size_t fix_amp(struct feed_parser *p, struct buf *o, const char *s, size_t n, int final)
{
	size_t i = 1;
	char name[40];
	const char *v;

	if (n > 1 && s[1] == '#') {
		/* "&#X41;" is not XML (only "&#x41;" is), but it is meant */
		int hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
		size_t d0 = hex ? 3 : 2;

		for (i = d0; i < n && i < 12 && (hex ? isxdigit((unsigned char)s[i]) :
						 isdigit((unsigned char)s[i])); i++)
			;
		if (i == n && !final && i < 12)
			return 0;
		if (i < n && s[i] == ';' && i > d0) {
			if (hex) {
				out_add(p, o, "&#x", 3);
				out_add(p, o, s + 3, i + 1 - 3);
			} else {
				out_add(p, o, s, i + 1);
			}
			return i + 1;
		}
		out_add(p, o, "&amp;", 5);
		return 1;
	}
	while (i < n && i < sizeof(name) && is_name_char((unsigned char)s[i]))
		i++;
	if (i == n && !final && i < sizeof(name))
		return 0;
	if (i < n && s[i] == ';' && i > 1) {
		const htmlEntityDesc *d;

		memcpy(name, s + 1, i - 1);
		name[i - 1] = 0;
		if (!strcmp(name, "amp") || !strcmp(name, "lt") ||
		    !strcmp(name, "gt") || !strcmp(name, "quot") ||
		    !strcmp(name, "apos")) {
			out_add(p, o, s, i + 1);
			return i + 1;
		}
		if ((v = entity_find(p, name)) &&
		    p->ent_out + strlen(v) <= ENT_EXPANSION_MAX) {
			p->ent_out += strlen(v);
			out_add(p, o, v, strlen(v));
			return i + 1;
		}
		if ((d = htmlEntityLookup((const xmlChar *)name))) {
			char ref[16];
			int k = snprintf(ref, sizeof(ref), "&#%u;", d->value);

			out_add(p, o, ref, (size_t)k);
			return i + 1;
		}
	}
	out_add(p, o, "&amp;", 5);
	return 1;
}

/* Length of a valid UTF-8 sequence at s, 0 when invalid, -1 when cut. */
int xp_utf8_seq(const unsigned char *s, size_t n)
{
	int len;
	uint32_t cp;

	if (s[0] < 0xC2)
		return 0;
	len = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : s[0] < 0xF5 ? 4 : 0;
	if (!len)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	}
	cp = s[0] & (0x7F >> len);
	for (int i = 1; i < len; i++)
		cp = cp << 6 | (s[i] & 0x3F);
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF ||
	    cp == 0xFFFE || cp == 0xFFFF)
		return 0;
	return len;
}

static int match_at(const char *s, size_t n, const char *lit, int *cut)
{
	size_t l = strlen(lit);

	*cut = 0;
	if (n < l) {
		if (!memcmp(s, lit, n))
			*cut = 1;
		return 0;
	}
	return !memcmp(s, lit, l);
}

/* Bytes that end a run of plain copying, per state (text, CDATA,
 * comment) and per UTF-8 repair off/on. */
static unsigned char stops[3][3][256];

static void stops_init(void)
{
	for (int st = 0; st < 3; st++)
		for (int r = 0; r < 3; r++) {
			unsigned char *t = stops[st][r];

			for (int c = 0; c < 0x20; c++)
				t[c] = c != '\t' && c != '\n' && c != '\r';
			for (int c = 0x80; c < 0x100; c++)
				t[c] = r == 1;
			if (r == 2)
				t[0x81] = t[0x8D] = t[0x8F] = t[0x90] = t[0x9D] = 1;
			t['&'] = t['<'] = st == 0;
			t[']'] = st == 0 || st == 1;
			t['-'] = st == 2;
		}
}

/* The markers that move the cleaner between text (0), CDATA (1) and
 * comment (2): inside CDATA and comments, '&' and '<' are not markup. */
static const struct {
	int from, to;
	const char *lit;
} markers[] = {
	{ 0, 1, "<![CDATA[" },
	{ 0, 2, "<!--" },
	{ 1, 0, "]]>" },
	{ 2, 0, "-->" },
};

/* Returns 1 + the index of the marker of state st found at s, or 0; sets
 * *cut when s ends inside a possible marker (wait for more input). */
static size_t marker_at(int st, const char *s, size_t n, int *cut)
{
	size_t m;
	int c;

	*cut = 0;
	for (m = 0; m < sizeof(markers) / sizeof(markers[0]); m++) {
		if (markers[m].from != st || s[0] != markers[m].lit[0])
			continue;
		if (match_at(s, n, markers[m].lit, &c))
			return m + 1;
		*cut |= c;
	}
	return 0;
}

/* 1 when "&lt;" and the like (or "&#NNN;") starts s[0] == '&': what
 * fix_amp() would copy unchanged; sets *len. */
static int plain_ref(const char *s, size_t n, size_t *len)
{
	size_t i = 1;

	if (n > 2 && s[1] == '#') {
		for (i = 2; i < n && i < 11 && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i > 2 && i < n && s[i] == ';') {
			*len = i + 1;
			return 1;
		}
		return 0;
	}
	if (n >= 4 && s[2] == 't' && s[3] == ';' && (s[1] == 'l' || s[1] == 'g')) {
		*len = 4;
		return 1;
	}
	if (n >= 5 && !memcmp(s + 1, "amp;", 4)) {
		*len = 5;
		return 1;
	}
	if (n >= 6 && (!memcmp(s + 1, "quot;", 5) || !memcmp(s + 1, "apos;", 5))) {
		*len = 6;
		return 1;
	}
	return 0;
}

/* End of the run from s[i] that clean() copies as it is: bytes the stop
 * table lets through, and also what the slow path would copy unchanged
 * anyway (a '<' that opens no CDATA section nor comment, a valid UTF-8
 * sequence, a predefined or numeric reference), so that the common text
 * is one copy. */
static size_t plain_run(const struct feed_parser *p, const unsigned char *stop,
			const char *s, size_t i, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t run = i, len;

	for (;;) {
		unsigned char c;

		while (run < n && !stop[u[run]])
			run++;
		if (run >= n)
			return run;
		c = u[run];
		if (p->fstate == 0 && c == '<' && run + 1 < n && s[run + 1] != '!') {
			run++;
		} else if (c >= 0x80 && p->repair == 1) {
			/* two bytes from C2 on are valid whatever they hold */
			int l = c >= 0xC2 && c <= 0xDF && run + 1 < n &&
				(u[run + 1] & 0xC0) == 0x80 ? 2 :
				xp_utf8_seq(u + run, n - run);

			if (l <= 0)
				return run;
			run += (size_t)l;
		} else if (p->fstate == 0 && c == '&' &&
			   plain_ref(s + run, n - run, &len)) {
			run += len;
		} else {
			return run;
		}
	}
}

/* Cleans s into o; returns the number of bytes consumed (the rest waits
 * for more input). */
static size_t clean(struct feed_parser *p, struct buf *o, const char *s,
		    size_t n, int final)
{
	size_t i = 0, run, k;
	int cut;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		const unsigned char *stop = stops[p->fstate][p->repair];

		run = plain_run(p, stop, s, i, n);
		c = run < n ? (unsigned char)s[run] : 0;
		if (run > i && out_add(p, o, s + i, run - i) < 0)
			return n;
		i = run;
		if (i == n)
			break;
		if (c < 0x20) {
			if (c == '\t' || c == '\n' || c == '\r')
				out_add(p, o, &c, 1);
			i++;
		} else if (c >= 0x80 && p->repair == 2) {
			/* undefined in windows-1252: libxml2's converter would
			 * stop there and drop the rest of the document */
			out_add(p, o, "?", 1);
			i++;
		} else if (c >= 0x80) {
			int l = xp_utf8_seq((const unsigned char *)s + i, n - i);

			if (l < 0 && !final)
				return i;
			if (l <= 0) {
				out_add(p, o, "\xEF\xBF\xBD", 3);
				i++;
			} else {
				out_add(p, o, s + i, (size_t)l);
				i += (size_t)l;
			}
		} else if (c == '&' && p->fstate == 0) {
			size_t used = fix_amp(p, o, s + i, n - i, final);

			if (!used)
				return i;
			i += used;
		} else if (c == ']' && p->fstate == 0) {
			/* "]]>" outside CDATA is an error that libxml2's push
			 * parser recovers from differently depending on where
			 * the chunk ends: give it the text it means */
			if (match_at(s + i, n - i, "]]>", &cut)) {
				out_add(p, o, "]]&gt;", 6);
				i += 3;
			} else if (cut && !final) {
				return i;
			} else {
				out_add(p, o, "]", 1);
				i++;
			}
		} else if (c == '<' && p->fstate == 0 &&
			   !entity_decl(p, s + i, n - i, final)) {
			return i;	/* a declaration cut by the chunk end */
		} else if ((k = marker_at(p->fstate, s + i, n - i, &cut)) > 0) {
			/* a CDATA section or comment opens or closes */
			p->fstate = markers[k - 1].to;
			out_add(p, o, s + i, strlen(markers[k - 1].lit));
			i += strlen(markers[k - 1].lit);
		} else if (cut && !final) {
			return i;	/* a marker may be cut by the chunk end */
		} else {
			out_add(p, o, &c, 1);
			i++;
		}
	}
	return i;
}

int xp_xml_feed(struct feed_parser *p, const char *s, size_t n, int final)
{
	int rc;

	if (p->conv) {
		buf_reset(&p->cout);
		if (parser_conv_run(p->conv, &p->cout, s, n, final) < 0) {
			xp_fail_nomem(p);
			return -1;
		}
		s = p->cout.data ? p->cout.data : "";
		n = p->cout.len;
	}
	if (!p->filter) {
		rc = xmlParseChunk(p->x, s, (int)n, final);
	} else {
		size_t used;

		buf_reset(&p->fout);
		if (p->carry.len) {
			if (buf_add(&p->carry, s, n) < 0) {
				xp_fail_nomem(p);
				return -1;
			}
			s = p->carry.data;
			n = p->carry.len;
		}
		used = clean(p, &p->fout, s, n, final);
		if (used < n) {
			struct buf rest = BUF_INIT;

			if (buf_add(&rest, s + used, n - used) < 0) {
				xp_fail_nomem(p);
				return -1;
			}
			buf_release(&p->carry);
			p->carry = rest;
		} else {
			buf_reset(&p->carry);
		}
		rc = xmlParseChunk(p->x, p->fout.data ? p->fout.data : "",
				   (int)p->fout.len, final);
	}
	(void)rc;
	return p->failed ? -1 : 0;
}


/* The stop tables, built once for every parser of the process. */
void xp_clean_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, stops_init);
}
