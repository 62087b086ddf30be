/* JSON writer with automatic commas and sticky errors. */
#include "jsonw.h"

#include <math.h>
#include <string.h>

#include "utf8.h"

/* Bytes copied as they are: printable ASCII but '"' and '\\'. */
#define P16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
#define Z16 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
static const unsigned char plain[256] = {
	Z16, Z16,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* '"' */
	P16, P16,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,	/* '\\' */
	P16,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,	/* DEL */
};

/* buf_addch() without the call, for the punctuation written between
 * every key and value. */
static inline int addch(struct buf *b, char c)
{
	if (b->len + 2 <= b->cap && b->len < b->max && !b->err) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return buf_addch(b, c);
}

int json_quote(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, start = 0, k;
	uint32_t cp;
	int rc = addch(out, '"');

	while (rc == 0 && i < n) {
		unsigned char c;
		char esc[7];

		while (i < n && plain[(unsigned char)s[i]])
			i++;
		if (i == n)
			break;
		c = (unsigned char)s[i];
		/* the common two-byte sequences (Latin letters: U+00C0 and
		 * up), which need no check beyond their shape */
		if (c >= 0xC3 && c <= 0xDF && i + 1 < n &&
		    ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
			i += 2;
			continue;
		}
		if (c >= 0x80) {
			k = utf8_decode(s + i, n - i, &cp);
			/* U+2028/2029 are escaped so the output is also valid JS,
			 * C1 controls (U+0080..U+009F, CSI among them) and the
			 * bidirectional overrides and isolates (U+202A..U+202E,
			 * U+2066..U+2069) so that JSON shown on a terminal
			 * carries no raw escape and no reversed text */
			if (k && cp != 0x2028 && cp != 0x2029 && cp > 0x9F &&
			    !(cp >= 0x202A && cp <= 0x202E) &&
			    !(cp >= 0x2066 && cp <= 0x2069)) {
				i += k;
				continue;
			}
			if ((rc = buf_add(out, s + start, i - start)) < 0)
				break;
			if (k && cp <= 0x9F) {
				esc[0] = '\\'; esc[1] = 'u'; esc[2] = '0';
				esc[3] = '0'; esc[4] = hex[cp >> 4];
				esc[5] = hex[cp & 15]; esc[6] = '\0';
				rc = buf_addstr(out, esc);
				i += k;
			} else if (k) {
				esc[0] = '\\'; esc[1] = 'u';
				esc[2] = hex[(cp >> 12) & 15];
				esc[3] = hex[(cp >> 8) & 15];
				esc[4] = hex[(cp >> 4) & 15];
				esc[5] = hex[cp & 15]; esc[6] = '\0';
				rc = buf_addstr(out, esc);
				i += k;
			} else {
				rc = buf_addstr(out, "\\ufffd");
				i++;
			}
			start = i;
			continue;
		}
		if ((rc = buf_add(out, s + start, i - start)) < 0)
			break;
		switch (c) {
		case '"': rc = buf_addstr(out, "\\\""); break;
		case '\\': rc = buf_addstr(out, "\\\\"); break;
		case '\n': rc = buf_addstr(out, "\\n"); break;
		case '\r': rc = buf_addstr(out, "\\r"); break;
		case '\t': rc = buf_addstr(out, "\\t"); break;
		default:
			esc[0] = '\\'; esc[1] = 'u'; esc[2] = '0'; esc[3] = '0';
			esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
			rc = buf_add(out, esc, 6);
		}
		i++;
		start = i;
	}
	if (rc == 0)
		rc = buf_add(out, s + start, i - start);
	if (rc == 0)
		rc = addch(out, '"');
	return rc;
}

void jsonw_init(struct jsonw *w, struct buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

static void sep(struct jsonw *w)
{
	if (w->rc)
		return;
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0) {
		if (!w->first[w->depth - 1])
			w->rc = addch(w->out, ',');
		w->first[w->depth - 1] = 0;
	}
}

static void open_container(struct jsonw *w, int c)
{
	sep(w);
	if (w->rc)
		return;
	if (w->depth >= JSONW_DEPTH_MAX) {
		w->rc = BUF_ETOOBIG;
		return;
	}
	w->is_arr[w->depth] = c == '[';
	w->first[w->depth++] = 1;
	w->rc = addch(w->out, (char)c);
}

void jsonw_obj(struct jsonw *w) { open_container(w, '{'); }
void jsonw_arr(struct jsonw *w) { open_container(w, '['); }

void jsonw_end(struct jsonw *w)
{
	if (w->rc || w->depth == 0)
		return;
	w->depth--;
	/* the closing bracket matches the opening one */
	w->rc = addch(w->out, w->is_arr[w->depth] ? ']' : '}');
}

void jsonw_key(struct jsonw *w, const char *key)
{
	sep(w);
	if (w->rc)
		return;
	w->rc = json_quote(w->out, key, strlen(key));
	if (!w->rc)
		w->rc = addch(w->out, ':');
	w->after_key = 1;
}

void jsonw_strn(struct jsonw *w, const char *s, size_t n)
{
	sep(w);
	if (!w->rc)
		w->rc = json_quote(w->out, s, n);
}

void jsonw_str(struct jsonw *w, const char *s)
{
	if (!s) {
		jsonw_null(w);
		return;
	}
	jsonw_strn(w, s, strlen(s));
}

void jsonw_int(struct jsonw *w, int64_t v)
{
	/* by hand: printf's machinery was most of the cost of the evidence
	 * JSON the classifier writes for every item (offsets and counts) */
	char d[24], *p = d + sizeof d;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	sep(w);
	if (w->rc)
		return;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	w->rc = buf_add(w->out, p, (size_t)(d + sizeof d - p));
}

void jsonw_double(struct jsonw *w, double v)
{
	sep(w);
	if (w->rc)
		return;
	if (!isfinite(v))
		w->rc = buf_addstr(w->out, "null");
	else
		w->rc = buf_addf(w->out, "%.6g", v);
}

void jsonw_bool(struct jsonw *w, int v)
{
	sep(w);
	if (!w->rc)
		w->rc = buf_addstr(w->out, v ? "true" : "false");
}

void jsonw_null(struct jsonw *w)
{
	sep(w);
	if (!w->rc)
		w->rc = buf_addstr(w->out, "null");
}

void jsonw_kstr(struct jsonw *w, const char *key, const char *s)
{
	if (!s)
		return;
	jsonw_key(w, key);
	jsonw_str(w, s);
}

void jsonw_kint(struct jsonw *w, const char *key, int64_t v)
{
	jsonw_key(w, key);
	jsonw_int(w, v);
}

int jsonw_error(const struct jsonw *w)
{
	if (w->rc)
		return w->rc;
	return w->depth ? BUF_ETOOBIG : 0;
}
