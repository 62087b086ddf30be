/* Fuzz target: the digest's MIME writer with hostile fields. The input is
 * NUL-separated fields (member name, address, From, Reply-To, unsubscribe
 * templates, section label, entry title, link, source, snippet, term).
 * Whatever they hold, the header block is CRLF lines of known headers
 * (continuations start with a space), and the HTML part carries no script,
 * no event handler and no link other than http(s)/mailto. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../digest/digest.h"
#include "../util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NF 12

static void check_headers(const char *s, size_t len)
{
	static const char *const known[] = {
		"Date", "From", "Reply-To", "To", "Subject", "Message-ID",
		"List-Id", "List-Unsubscribe", "List-Unsubscribe-Post",
		"Precedence", "Auto-Submitted", "Content-Language",
		"MIME-Version", "Content-Type", NULL,
	};
	const char *end = strstr(s, "\r\n\r\n"), *p = s;
	size_t i;

	if (!end || memchr(s, '\0', len))
		abort();
	while (p < end + 2) {
		const char *eol = strstr(p, "\r\n");
		const char *q;
		size_t n;

		for (q = p; q < eol; q++)
			if (*q == '\r' || *q == '\n')
				abort();
		if (eol - p > 998)
			abort();
		if (*p != ' ' && *p != '\t') {
			n = strcspn(p, ":");
			for (i = 0; known[i]; i++)
				if (strlen(known[i]) == n &&
				    !strncmp(known[i], p, n))
					break;
			if (!known[i])
				abort();
		}
		p = eol + 2;
	}
}

/* Tags of the rendered HTML: no script or loading element, no on*
 * attribute, href/src only http(s) or mailto schemes; values are double-quoted
 * (escaped by the renderer, so a value never holds '"'). */
static void check_html(const char *s)
{
	while ((s = strchr(s, '<'))) {
		size_t n;

		if (!strncasecmp(s, "<script", 7) || !strncasecmp(s, "<iframe", 7) ||
		    !strncasecmp(s, "<object", 7) || !strncasecmp(s, "<embed", 6) ||
		    !strncasecmp(s, "<link", 5) || !strncasecmp(s, "<img", 4))
			abort();
		s++;
		if (*s == '!' || *s == '/') {
			s++;
			continue;
		}
		s += strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789");
		for (;;) {
			const char *a, *v;

			s += strspn(s, " \n");
			if (*s == '>' || (*s == '/' && s[1] == '>'))
				break;
			a = s;
			n = strspn(s, "abcdefghijklmnopqrstuvwxyz-");
			if (n == 0 || !strncasecmp(a, "on", 2))
				abort();
			s += n;
			if (*s != '=')
				continue;
			if (s[1] != '"')
				abort();
			v = s + 2;
			if ((n == 4 && !strncmp(a, "href", 4)) ||
			    (n == 3 && !strncmp(a, "src", 3)))
				if (strncasecmp(v, "https:", 6) &&
				    strncasecmp(v, "http:", 5) &&
				    strncasecmp(v, "mailto:", 7) && *v != '#')
					abort();
			s = strchr(v, '"');
			if (!s)
				abort();
			s++;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *f[NF];
	struct digest *d = NULL;
	struct digest_section *sec;
	struct digest_entry *en;
	struct digest_mail m;
	struct buf out, html;
	struct err e = { "" };
	size_t i, k = 0, start = 0;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	for (i = 0; i <= size && k < NF; i++)
		if (copy[i] == '\0') {
			f[k++] = copy + start;
			start = i + 1;
		}
	for (; k < NF; k++)
		f[k] = (char *)"";
	buf_init(&out, DIGEST_MESSAGE_MAX * 2);
	buf_init(&html, DIGEST_MESSAGE_MAX * 2);
	d = digest_new("m1", f[0], size & 1 ? DIGEST_EN : DIGEST_FR);
	if (!d || digest_add_email(d, f[1]) < 0 ||
	    digest_week_make(2026, 48, NULL, &d->week, &e) < 0 ||
	    digest_add_term(d, f[11]) < 0)
		goto out;
	sec = digest_add_section(d, "pdm", f[6], 3, 1);
	if (!sec)
		goto out;
	en = digest_add_entry(sec, f[7], *f[8] ? f[8] : NULL, f[9],
			      1764064800, *f[10] ? f[10] : NULL, 1.0);
	if (!en || digest_entry_add_source(en, f[9], f[8]) < 0)
		goto out;
	memset(&m, 0, sizeof m);
	m.from = f[2];
	m.reply_to = *f[3] ? f[3] : NULL;
	m.unsubscribe_mailto = f[4];
	m.unsubscribe_https = f[5];
	m.archive_url = f[8];
	if (digest_message(d, &m, 1764482400, &out, &e) == 0)
		check_headers(buf_cstr(&out), out.len);
	if (digest_render_html(d, &m, &html, &e) == 0)
		check_html(buf_cstr(&html));
out:
	digest_free(d);
	buf_release(&out);
	buf_release(&html);
	free(copy);
	return 0;
}
