/* html_to_text() and html_sanitize() against tests/data/html/: NAME.in is
 * an input fragment; NAME.text the plain text expected from it and
 * NAME.html the sanitised HTML (base https://example.org/post.html). Either
 * may be absent; a new case is a new file. One trailing newline is ignored
 * in every file so that editors may add one. Generated hostile inputs
 * (100,000 nested elements, allocation failures) are built here. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../parser/html.h"
#include "../../util/alloc.h"
#include "../../util/utf8.h"
#include "tap.h"

#define DIR_HTML "tests/data/html"
#define BASE "https://example.org/post.html"

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t cap = 0, len = 0, got;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			char *q = realloc(p, cap = cap * 2 + 8192);

			if (!q) {
				free(p);
				fclose(f);
				return NULL;
			}
			p = q;
		}
		got = fread(p + len, 1, cap - len - 1, f);
		len += got;
	} while (got > 0);
	fclose(f);
	if (len && p[len - 1] == '\n')
		len--;
	p[len] = '\0';
	*n = len;
	return p;
}

/* Every tag in sanitised output is on the allow-list, with allowed
 * attributes only, and every URL is http, https or mailto. */
static int check_safe(const char *s, const char **why)
{
	static const char *const ok_tags[] = {
		"a", "abbr", "b", "blockquote", "br", "caption", "cite", "code",
		"dd", "del", "dl", "dt", "em", "figcaption", "figure", "h1",
		"h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
		"li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
		"strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
		"thead", "tr", "u", "ul", "var", NULL,
	};
	static const char *const ok_attrs[] = {
		"href", "title", "src", "alt", "width", "height", "colspan",
		"rowspan", NULL,
	};
	const char *p = s;

	while ((p = strchr(p, '<'))) {
		char name[32];
		size_t k = 0;
		int i, found = 0;

		p++;
		if (*p == '/')
			p++;
		while (isalnum((unsigned char)*p) && k + 1 < sizeof(name))
			name[k++] = *p++;
		name[k] = '\0';
		for (i = 0; ok_tags[i]; i++)
			found |= !strcmp(ok_tags[i], name);
		if (!found) {
			*why = "tag not on the allow-list";
			return 0;
		}
		while (*p == ' ') {
			char attr[32];
			const char *v;

			k = 0;
			p++;
			while (isalpha((unsigned char)*p) && k + 1 < sizeof(attr))
				attr[k++] = *p++;
			attr[k] = '\0';
			for (i = 0, found = 0; ok_attrs[i]; i++)
				found |= !strcmp(ok_attrs[i], attr);
			if (!found || p[0] != '=' || p[1] != '"') {
				*why = "attribute not allowed or not quoted";
				return 0;
			}
			v = p + 2;
			if ((!strcmp(attr, "href") || !strcmp(attr, "src")) &&
			    strncmp(v, "http://", 7) && strncmp(v, "https://", 8) &&
			    strncmp(v, "mailto:", 7)) {
				*why = "URL scheme not allowed";
				return 0;
			}
			p = strchr(v, '"');
			if (!p) {
				*why = "unterminated attribute";
				return 0;
			}
			p++;
		}
		if (*p != '>') {
			*why = "tag not closed";
			return 0;
		}
	}
	return 1;
}

static void run_file_cases(void)
{
	DIR *d = opendir(DIR_HTML);
	struct dirent *e;
	int ncases = 0, ntext = 0, nhtml = 0;

	if (!d) {
		OK(0, "open %s", DIR_HTML);
		return;
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name), n, wn;
		char path[512], *in, *want;
		const char *why = "";
		struct buf b, slow;

		if (len < 4 || strcmp(e->d_name + len - 3, ".in"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", DIR_HTML, e->d_name);
		in = slurp(path, &n);
		if (!in) {
			OK(0, "read %s", path);
			continue;
		}
		ncases++;
		len -= 3;

		buf_init(&b, 1 << 20);
		OK(html_to_text(&b, in, n) == 0, "%.*s: html_to_text", (int)len,
		   e->d_name);
		OK(utf8_valid(buf_cstr(&b), b.len) &&
			   strlen(buf_cstr(&b)) == b.len,
		   "%.*s: text is valid UTF-8 without NUL", (int)len, e->d_name);
		snprintf(path, sizeof(path), "%s/%.*s.text", DIR_HTML, (int)len,
			 e->d_name);
		if ((want = slurp(path, &wn))) {
			STREQ(buf_cstr(&b), want, "%.*s: text", (int)len,
			      e->d_name);
			free(want);
			ntext++;
		}
		buf_release(&b);

		OK(html_sanitize(&b, in, n, BASE) == 0, "%.*s: html_sanitize",
		   (int)len, e->d_name);
		OK(utf8_valid(buf_cstr(&b), b.len) &&
			   strlen(buf_cstr(&b)) == b.len,
		   "%.*s: sanitised HTML is valid UTF-8 without NUL", (int)len,
		   e->d_name);
		OK(check_safe(buf_cstr(&b), &why), "%.*s: sanitised HTML is safe%s%s",
		   (int)len, e->d_name, *why ? ": " : "", why);
		snprintf(path, sizeof(path), "%s/%.*s.html", DIR_HTML, (int)len,
			 e->d_name);
		if ((want = slurp(path, &wn))) {
			STREQ(buf_cstr(&b), want, "%.*s: sanitised", (int)len,
			      e->d_name);
			free(want);
			nhtml++;
		}
		/* the fast path and libxml2's parser agree, byte for byte */
		buf_init(&slow, 1 << 20);
		OK(html_sanitize_libxml2(&slow, in, n, BASE) == 0,
		   "%.*s: html_sanitize_libxml2", (int)len, e->d_name);
		STREQ(buf_cstr(&b), buf_cstr(&slow),
		      "%.*s: fast path as libxml2", (int)len, e->d_name);
		buf_release(&slow);
		buf_release(&b);
		free(in);
	}
	closedir(d);
	OK(ncases >= 30 && ntext >= 20 && nhtml >= 20,
	   "html cases found: %d inputs, %d texts, %d sanitised", ncases, ntext,
	   nhtml);
}

/* Counts non-overlapping occurrences. */
static size_t count(const char *s, const char *what)
{
	size_t c = 0, n = strlen(what);

	while ((s = strstr(s, what))) {
		c++;
		s += n;
	}
	return c;
}

static void test_deep_nesting(void)
{
	const size_t depth = 100000;
	struct buf in, out;
	size_t i;

	buf_init(&in, 64 << 20);
	buf_init(&out, 64 << 20);
	for (i = 0; i < depth; i++)
		buf_addstr(&in, "<div><b>");
	buf_addstr(&in, "fond");
	OK(in.len == depth * 8 + 4, "built 100000 nested div+b");
	OK(html_to_text(&out, in.data, in.len) == 0, "deep: html_to_text");
	STREQ(buf_cstr(&out), "fond", "deep: text is the innermost text");
	buf_reset(&out);
	OK(html_sanitize(&out, in.data, in.len, NULL) == 0,
	   "deep: html_sanitize");
	OK(strstr(buf_cstr(&out), "fond") != NULL, "deep: text kept");
	OK(count(buf_cstr(&out), "<b>") == count(buf_cstr(&out), "</b>"),
	   "deep: every <b> closed (%zu)", count(buf_cstr(&out), "<b>"));
	buf_release(&in);
	buf_release(&out);
}

static void test_decode_entities(void)
{
	static const char *const cases[][2] = {
		{ "AT&amp;T", "AT&T" },
		{ "R&eacute;seau &lt;b&gt; &#8211; fin", "Réseau <b> – fin" },
		{ "no entity here", "no entity here" },
		{ "&bogus; & &amp", "&bogus; & &amp" },
		{ "&#0;&#xD800;&#x110000;", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = BUF_INIT;

		OK(html_decode_entities(&b, cases[i][0], strlen(cases[i][0])) == 0,
		   "decode '%s'", cases[i][0]);
		STREQ(buf_cstr(&b), cases[i][1], "decode '%s'", cases[i][0]);
		buf_release(&b);
	}
	{
		struct buf b = BUF_INIT;

		OK(html_decode_entities(&b, "a\0b&amp;\xff", 9) == 0 &&
			   b.len == strlen(buf_cstr(&b)),
		   "decode: NUL bytes do not survive");
		STREQ(buf_cstr(&b), "a b&\xef\xbf\xbd",
		      "decode: NUL a space, invalid byte U+FFFD");
		buf_release(&b);
	}
	{
		/* Twice escaped, as KCRW's titles: XML gives "&amp;amp;". */
		struct buf b1 = BUF_INIT, b2 = BUF_INIT;
		const char *s = "Left, Right &amp;amp; Center";

		html_decode_entities(&b1, s, strlen(s));
		html_decode_entities(&b2, b1.data, b1.len);
		STREQ(buf_cstr(&b2), "Left, Right & Center",
		      "two decodings undo a double escape");
		buf_release(&b1);
		buf_release(&b2);
	}
}

static void test_limits(void)
{
	struct buf b;
	const char *s = "<p>une phrase assez longue pour le tampon</p>";

	buf_init(&b, 16);
	buf_addstr(&b, "keep");
	OK(html_to_text(&b, s, strlen(s)) == BUF_ETOOBIG,
	   "text past the buffer maximum fails");
	STREQ(buf_cstr(&b), "keep", "failed html_to_text leaves the buffer");
	OK(html_sanitize(&b, s, strlen(s), NULL) == BUF_ETOOBIG,
	   "sanitise past the buffer maximum fails");
	STREQ(buf_cstr(&b), "keep", "failed html_sanitize leaves the buffer");
	OK(html_to_text(&b, "abc def ghi jkl mno", 19) == BUF_ETOOBIG,
	   "fast path past the maximum fails");
	STREQ(buf_cstr(&b), "keep", "failed fast path leaves the buffer");
	buf_release(&b);
}

/* Each allocation of ours made to fail in turn: a clean error, never a
 * crash, a leak (under ASan) or a half-written buffer. */
static void test_alloc_failures(void)
{
	const char *s = "<p>x <a href=\"/rel\">l</a> &eacute; <img src=\"i.png\">"
			"<b>caf\xe9</b></p>";
	unsigned long at;
	int failed = 0, bad = 0;

	for (at = 1; at < 60; at++) {
		struct buf b = BUF_INIT;
		unsigned long before = v_alloc_count();
		int r;

		v_alloc_fail_at(before + at);
		r = html_sanitize(&b, s, strlen(s), BASE);
		v_alloc_fail_at(0);
		if (r < 0) {
			failed++;
			bad |= b.len != 0;
		}
		buf_release(&b);
		b = (struct buf)BUF_INIT;
		v_alloc_fail_at(v_alloc_count() + at);
		r = html_to_text(&b, s, strlen(s));
		v_alloc_fail_at(0);
		if (r < 0) {
			failed++;
			bad |= b.len != 0;
		}
		buf_release(&b);
	}
	OK(failed > 0, "allocation failures reached the HTML code (%d)", failed);
	OK(!bad, "failed calls left no partial output");
}

int main(void)
{
	run_file_cases();
	test_deep_nesting();
	test_decode_entities();
	test_limits();
	test_alloc_failures();
	return tap_done();
}
