/* A small MIME writer for the digest: headers cleaned of control
 * characters and RFC 2047-encoded by us (never passing "=?" from a feed
 * through), quoted-printable bodies with lines <= 76, CRLF everywhere. */
#include <string.h>

#include "digest.h"
#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/utf8.h"
#include "../util/vtime.h"

#define LINE_MAX_MIME 76
/* bytes of UTF-8 per encoded word: 36 -> 48 base64 chars -> 60 per word */
#define EW_BYTES 36

static int needs_encoding(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return 1;
	return strstr(s, "=?") != NULL;
}

static int base64(struct buf *out, const unsigned char *p, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;
	char q[4];

	for (i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		q[0] = tab[(v >> 18) & 63];
		q[1] = tab[(v >> 12) & 63];
		q[2] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? tab[v & 63] : '=';
		if (buf_add(out, q, 4) < 0)
			return -1;
	}
	return 0;
}

/* Appends s (clean UTF-8) as encoded words separated by folding. */
static int encoded_words(struct buf *out, const char *s)
{
	size_t n = strlen(s), off = 0, k;
	int first = 1;

	while (off < n || first) {
		k = utf8_truncate_len(s + off, n - off, EW_BYTES);
		if (k == 0 && off < n)
			k = 1;
		if (!first && buf_addstr(out, "\r\n ") < 0)
			return -1;
		if (buf_addstr(out, "=?UTF-8?B?") < 0 ||
		    base64(out, (const unsigned char *)s + off, k) < 0 ||
		    buf_addstr(out, "?=") < 0)
			return -1;
		off += k;
		first = 0;
	}
	return 0;
}

/* Plain ASCII folded at spaces so lines stay short when they can. */
static int folded_ascii(struct buf *out, const char *s, size_t col)
{
	const char *p = s, *sp;
	size_t w;

	while (*p) {
		sp = strchr(p + 1, ' ');
		w = sp ? (size_t)(sp - p) : strlen(p);
		if (col + w > LINE_MAX_MIME && col > 1 && *p == ' ') {
			if (buf_addstr(out, "\r\n") < 0)
				return -1;
			col = 0;
		}
		if (buf_add(out, p, w) < 0)
			return -1;
		col += w;
		p += w;
	}
	return 0;
}

int digest_header_encode(struct buf *out, const char *name, const char *value)
{
	struct buf v = BUF_INIT;
	int rc;

	if (digest_header_clean(&v, value) < 0 || buf_addstr(out, name) < 0 ||
	    buf_addstr(out, ": ") < 0) {
		buf_release(&v);
		return -1;
	}
	if (needs_encoding(buf_cstr(&v)))
		rc = encoded_words(out, buf_cstr(&v));
	else
		rc = folded_ascii(out, buf_cstr(&v), strlen(name) + 2);
	if (rc == 0)
		rc = buf_addstr(out, "\r\n");
	buf_release(&v);
	return rc;
}

int digest_qp_encode(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, col = 0;
	char tok[4];
	size_t tl;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int eol_next = i + 1 >= n || s[i + 1] == '\n' ||
			       (s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n');

		if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
			continue;
		if (c == '\n') {
			if (buf_addstr(out, "\r\n") < 0)
				return -1;
			col = 0;
			continue;
		}
		/* "From " at a line start is mangled by some mailboxes, and a
		 * lone dot ends SMTP data on broken relays: encode both */
		if ((c >= 33 && c <= 126 && c != '=' &&
		     !(col == 0 && (c == '.' ||
				    (c == 'F' && n - i >= 5 &&
				     memcmp(s + i, "From ", 5) == 0)))) ||
		    ((c == ' ' || c == '\t') && !eol_next)) {
			tok[0] = (char)c;
			tl = 1;
		} else {
			tok[0] = '=';
			tok[1] = hex[c >> 4];
			tok[2] = hex[c & 15];
			tl = 3;
		}
		/* keep one column for the soft break's "=" */
		if (col + tl > LINE_MAX_MIME - 1 &&
		    !(eol_next && col + tl <= LINE_MAX_MIME)) {
			if (buf_addstr(out, "=\r\n") < 0)
				return -1;
			col = 0;
			if (tl == 1 && (c == '.' || c == 'F')) {
				tok[0] = '=';
				tok[1] = hex[c >> 4];
				tok[2] = hex[c & 15];
				tl = 3;
			}
		}
		if (buf_add(out, tok, tl) < 0)
			return -1;
		col += tl;
	}
	if (col > 0 && buf_addstr(out, "\r\n") < 0)
		return -1;
	return 0;
}

static int addr_ok(const char *a)
{
	const char *at = strchr(a, '@');
	const unsigned char *p;

	if (at == NULL || at == a || at[1] == '\0' || strchr(at + 1, '@'))
		return 0;
	for (p = (const unsigned char *)a; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("<>()[],;:\\\"", *p))
			return 0;
	return 1;
}

int digest_parse_address(const char *s, struct buf *name, struct buf *addr)
{
	struct buf c = BUF_INIT;
	const char *lt, *gt, *v;
	char *t;
	int rc = -1;

	if (s == NULL || digest_header_clean(&c, s) < 0)
		goto out;
	v = buf_cstr(&c);
	lt = strrchr(v, '<');
	gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt) {
		char *nm = v_strndup(v, (size_t)(lt - v));
		char *ad = v_strndup(lt + 1, (size_t)(gt - lt - 1));
		if (nm && ad) {
			t = str_trim(nm);
			if (t[0] == '"' && strlen(t) >= 2 &&
			    t[strlen(t) - 1] == '"') {
				t[strlen(t) - 1] = '\0';
				t++;
			}
			if (addr_ok(str_trim(ad)) &&
			    buf_addstr(name, t) == 0 &&
			    buf_addstr(addr, str_trim(ad)) == 0)
				rc = 0;
		}
		v_free(nm);
		v_free(ad);
	} else {
		char *ad = v_strdup(v);
		if (ad && addr_ok(str_trim(ad)) &&
		    buf_addstr(addr, str_trim(ad)) == 0)
			rc = 0;
		v_free(ad);
	}
out:
	buf_release(&c);
	return rc;
}

/* Appends a display name as a quoted string or as encoded words. */
static int phrase(struct buf *out, const char *name)
{
	const char *p;

	if (needs_encoding(name))
		return encoded_words(out, name);
	if (buf_addch(out, '"') < 0)
		return -1;
	for (p = name; *p; p++)
		if ((*p == '"' || *p == '\\') && buf_addch(out, '\\') < 0)
			return -1;
		else if (buf_addch(out, *p) < 0)
			return -1;
	return buf_addch(out, '"');
}

static int address_header(struct buf *out, const char *hname,
			  const char *name, char *const *addrs, size_t n)
{
	struct buf nm = BUF_INIT;
	size_t i;
	int rc = buf_addf(out, "%s: ", hname);

	if (rc == 0)
		rc = digest_header_clean(&nm, name);
	for (i = 0; i < n && rc == 0; i++) {
		if (!addr_ok(addrs[i])) {
			rc = -1;
			break;
		}
		if (i > 0)
			rc = buf_addstr(out, ",\r\n ");
		if (rc == 0 && nm.len > 0)
			rc = phrase(out, buf_cstr(&nm)) < 0 ||
			     buf_addstr(out, "\r\n <") < 0 ? -1 : 0;
		else if (rc == 0)
			rc = buf_addch(out, '<');
		if (rc == 0)
			rc = buf_addf(out, "%s>", addrs[i]);
	}
	if (rc == 0)
		rc = buf_addstr(out, "\r\n");
	buf_release(&nm);
	return rc;
}


int digest_message_id(const struct digest *d, const char *from,
		      struct buf *out, struct err *e)
{
	struct buf nm = BUF_INIT, ad = BUF_INIT;
	char wk[16];
	const char *dom;
	int rc = 0;

	if (digest_parse_address(from, &nm, &ad) < 0) {
		rc = err_set(e, "invalid From address '%s'", from ? from : "");
		goto out;
	}
	dom = strchr(buf_cstr(&ad), '@') + 1;
	digest_week_name(&d->week, wk, sizeof(wk));
	if (buf_addf(out, "<veille-%s-", wk) < 0 ||
	    digest_safe_id(out, d->member.id) < 0 || buf_addch(out, '@') < 0 ||
	    digest_safe_id(out, dom) < 0 || buf_addch(out, '>') < 0)
		rc = err_set(e, "out of memory");
out:
	buf_release(&nm);
	buf_release(&ad);
	return rc;
}

static int date_header(struct buf *out, int64_t now)
{
	static const char *const days[] = { "Thu", "Fri", "Sat", "Sun",
					    "Mon", "Tue", "Wed" };
	static const char *const mons[] = { "Jan", "Feb", "Mar", "Apr", "May",
					    "Jun", "Jul", "Aug", "Sep", "Oct",
					    "Nov", "Dec" };
	int y, mo, d, h, mi, s;
	int64_t dd = now >= 0 ? now / 86400 : (now - 86399) / 86400;
	int wd = (int)(dd % 7);

	if (wd < 0)
		wd += 7;
	vtime_to_utc(now, &y, &mo, &d, &h, &mi, &s);
	return buf_addf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
			days[wd], d, mons[mo - 1], y, h, mi, s);
}

static int part(struct buf *out, const char *boundary, const char *type,
		const struct buf *body)
{
	if (buf_addf(out, "--%s\r\nContent-Type: %s; charset=utf-8\r\n"
			  "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
		     boundary, type) < 0)
		return -1;
	return digest_qp_encode(out, buf_cstr(body), body->len);
}

int digest_message(const struct digest *d, const struct digest_mail *m,
		   int64_t now, struct buf *out, struct err *e)
{
	struct buf text, html, subj = BUF_INIT, fn = BUF_INIT, fa = BUF_INIT;
	struct buf mid = BUF_INIT, rn = BUF_INIT, ra = BUF_INIT;
	struct buf um = BUF_INIT, uh = BUF_INIT;
	char boundary[64], hx[17];
	const char *dom;
	char *fromaddr;
	int rc = -1, mailto_ok, https_ok;
	uint64_t h;

	buf_init(&text, DIGEST_MESSAGE_MAX);
	buf_init(&html, DIGEST_MESSAGE_MAX);
	if (d->member.nemails == 0) {
		err_set(e, "member '%s' has no address", d->member.id);
		goto out;
	}
	if (digest_parse_address(m->from, &fn, &fa) < 0) {
		err_set(e, "invalid From address '%s'", m->from ? m->from : "");
		goto out;
	}
	if (m->reply_to && digest_parse_address(m->reply_to, &rn, &ra) < 0) {
		err_set(e, "invalid Reply-To address '%s'", m->reply_to);
		goto out;
	}
	if (digest_render_text(d, m, &text, e) < 0 ||
	    digest_render_html(d, m, &html, e) < 0 ||
	    digest_subject(d, &subj, e) < 0 ||
	    digest_message_id(d, m->from, &mid, e) < 0)
		goto out;
	h = str_hash64(text.data, text.len) ^
	    (str_hash64(html.data, html.len) * 31);
	str_hash_hex(&h, sizeof(h), hx);
	/* "=_" cannot occur in quoted-printable output */
	str_copy(boundary, "=_veille_", sizeof(boundary));
	str_copy(boundary + 9, hx, sizeof(boundary) - 9);
	dom = strchr(buf_cstr(&fa), '@') + 1;
	fromaddr = fa.data;

	if (date_header(out, now) < 0 ||
	    address_header(out, "From", buf_cstr(&fn), &fromaddr, 1) < 0)
		goto nomem;
	if (m->reply_to) {
		char *r = ra.data;
		if (address_header(out, "Reply-To", buf_cstr(&rn), &r, 1) < 0)
			goto nomem;
	}
	if (address_header(out, "To", d->member.name, d->member.emails,
			   d->member.nemails) < 0) {
		err_set(e, "invalid address for member '%s'", d->member.id);
		goto out;
	}
	if (digest_header_encode(out, "Subject", buf_cstr(&subj)) < 0 ||
	    buf_addf(out, "Message-ID: %s\r\n", buf_cstr(&mid)) < 0 ||
	    buf_addstr(out, "List-Id: Veille Maintenance 4.0 <veille.") < 0)
		goto nomem;
	if (digest_safe_id(out, dom) < 0 || buf_addstr(out, ">\r\n") < 0)
		goto nomem;
	mailto_ok = digest_unsubscribe_url(d, m, m->unsubscribe_mailto, "mailto:",
					   &um);
	https_ok = digest_unsubscribe_url(d, m, m->unsubscribe_https, "https://",
					  &uh);
	if (mailto_ok < 0 || https_ok < 0)
		goto nomem;
	if (mailto_ok || https_ok) {
		if (buf_addstr(out, "List-Unsubscribe: ") < 0 ||
		    (mailto_ok && buf_addf(out, "<%s>", buf_cstr(&um)) < 0) ||
		    (https_ok && buf_addf(out, "%s<%s>",
					  mailto_ok ? ",\r\n " : "",
					  buf_cstr(&uh)) < 0) ||
		    buf_addstr(out, "\r\n") < 0)
			goto nomem;
		if (https_ok && buf_addstr(out, "List-Unsubscribe-Post: "
						"List-Unsubscribe=One-Click\r\n") < 0)
			goto nomem;
	}
	if (buf_addf(out, "Precedence: bulk\r\nAuto-Submitted: auto-generated\r\n"
			  "Content-Language: %s\r\nMIME-Version: 1.0\r\n"
			  "Content-Type: multipart/alternative;\r\n"
			  " boundary=\"%s\"\r\n\r\n"
			  "This is a message in MIME format.\r\n\r\n",
		     d->member.lang == DIGEST_EN ? "en" : "fr", boundary) < 0 ||
	    part(out, boundary, "text/plain", &text) < 0 ||
	    buf_addstr(out, "\r\n") < 0 ||
	    part(out, boundary, "text/html", &html) < 0 ||
	    buf_addf(out, "\r\n--%s--\r\n", boundary) < 0)
		goto nomem;
	rc = 0;
	goto out;
nomem:
	err_set(e, "message for member '%s' too large or out of memory",
		d->member.id);
out:
	buf_release(&text);
	buf_release(&html);
	buf_release(&subj);
	buf_release(&fn);
	buf_release(&fa);
	buf_release(&rn);
	buf_release(&ra);
	buf_release(&mid);
	buf_release(&um);
	buf_release(&uh);
	return rc;
}
