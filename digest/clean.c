/* Text made safe for a message's headers and links: one line of valid
 * UTF-8 without control characters, ids of letters, digits and ".-_",
 * unsubscribe URLs that need no quoting in a header. Used by the MIME
 * writer (mime.c) and the renderers (render.c). */
#include <stdio.h>
#include <string.h>

#include "digest.h"
#include "../util/sha256.h"
#include "../util/str.h"
#include "../util/utf8.h"

int digest_header_clean(struct buf *out, const char *s)
{
	struct buf tmp = BUF_INIT;
	const unsigned char *p;
	size_t i, n;
	int rc = 0;

	if (s == NULL)
		return 0;
	if (utf8_repair(&tmp, s, strlen(s)) < 0) {
		buf_release(&tmp);
		return -1;
	}
	p = (const unsigned char *)buf_cstr(&tmp);
	n = tmp.len;
	for (i = 0; i < n && rc == 0; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f) {
			rc = buf_addch(out, ' ');
		} else if (p[i] == 0xc2 && i + 1 < n && p[i + 1] == 0x85) {
			rc = buf_addch(out, ' ');	/* NEL */
			i++;
		} else if (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x80 &&
			   (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
			rc = buf_addch(out, ' ');	/* LS, PS */
			i += 2;
		} else {
			rc = buf_addch(out, p[i]);
		}
	}
	buf_release(&tmp);
	return rc;
}

int digest_safe_id(struct buf *out, const char *s)
{
	for (; *s; s++) {
		char c = *s;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '.' || c == '-' ||
			 c == '_';
		if (buf_addch(out, ok ? c : '_') < 0)
			return -1;
	}
	return 0;
}

/* An unsubscribe URL fit for a header: no space, no angle brackets. */
static int url_header_ok(const char *u)
{
	const unsigned char *p;

	for (p = (const unsigned char *)u; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '<' || *p == '>' ||
		    *p == ',')
			return 0;
	return 1;
}

int digest_unsubscribe_token(const struct digest_mail *m, const char *member,
			     char out[DIGEST_TOKEN_LEN + 1])
{
	unsigned char mac[SHA256_LEN];
	struct buf id = BUF_INIT;
	int i;

	out[0] = '\0';
	/* of the id as the URL carries it */
	if (!m->has_unsubscribe_key || digest_safe_id(&id, member) < 0) {
		buf_release(&id);
		return -1;
	}
	hmac_sha256(m->unsubscribe_key, sizeof m->unsubscribe_key,
		    buf_cstr(&id), id.len, mac);
	buf_release(&id);
	for (i = 0; i < DIGEST_TOKEN_LEN / 2; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
	return 0;
}

/* Appends tmpl with {member} and {token} replaced. */
static int expand(const struct digest *d, const struct digest_mail *m,
		  const char *tmpl, struct buf *u)
{
	char token[DIGEST_TOKEN_LEN + 1];
	const char *p = tmpl, *q;

	while ((q = strchr(p, '{')) != NULL) {
		if (buf_add(u, p, (size_t)(q - p)) < 0)
			return -1;
		if (str_startswith(q, "{member}")) {
			if (digest_safe_id(u, d->member.id) < 0)
				return -1;
			p = q + 8;
		} else if (str_startswith(q, "{token}") &&
			   digest_unsubscribe_token(m, d->member.id, token) == 0) {
			if (buf_addstr(u, token) < 0)
				return -1;
			p = q + 7;
		} else {
			if (buf_addch(u, '{') < 0)
				return -1;
			p = q + 1;
		}
	}
	return buf_addstr(u, p);
}

int digest_unsubscribe_url(const struct digest *d, const struct digest_mail *m,
			   const char *tmpl, const char *scheme, struct buf *out)
{
	struct buf u = BUF_INIT;
	int rc = 0;

	if (tmpl == NULL || !str_startswith(tmpl, scheme))
		return 0;
	if (expand(d, m, tmpl, &u) < 0) {
		buf_release(&u);
		return -1;
	}
	if (url_header_ok(buf_cstr(&u)) &&
	    strpbrk(buf_cstr(&u), "\"'{}") == NULL)
		rc = buf_add(out, u.data, u.len) < 0 ? -1 : 1;
	buf_release(&u);
	return rc;
}
