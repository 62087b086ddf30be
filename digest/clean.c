/* Text made safe for a message's headers and links: one line of valid
 * UTF-8 without control characters, ids of letters, digits and ".-_",
 * unsubscribe URLs that need no quoting in a header. Used by the MIME
 * writer (mime.c) and the renderers (render.c). */
#include <string.h>

#include "digest.h"
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

int digest_unsubscribe_url(const struct digest *d, const char *tmpl,
			   const char *scheme, struct buf *out)
{
	struct buf u = BUF_INIT;
	const char *p, *q;
	int rc = 0;

	if (tmpl == NULL || !str_startswith(tmpl, scheme))
		return 0;
	for (p = tmpl; (q = strstr(p, "{member}")) != NULL; p = q + 8) {
		if (buf_add(&u, p, (size_t)(q - p)) < 0 ||
		    digest_safe_id(&u, d->member.id) < 0)
			rc = -1;
	}
	if (rc < 0 || buf_addstr(&u, p) < 0) {
		buf_release(&u);
		return -1;
	}
	if (url_header_ok(buf_cstr(&u)) &&
	    strpbrk(buf_cstr(&u), "\"'") == NULL)
		rc = buf_add(out, u.data, u.len) < 0 ? -1 : 1;
	buf_release(&u);
	return rc;
}
