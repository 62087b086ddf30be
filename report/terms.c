/* Term extraction for emerging terms: accent-folded words and two-word
 * phrases, stop words removed. */
#include <string.h>

#include "../util/utf8.h"
#include "report.h"
#include "report_int.h"

/* Words longer than this are noise (URLs, hashes) and are skipped. */
#define WORD_MAX 40

static int is_word_byte(unsigned char c)
{
	/* Folded text is lower-case ASCII for Latin letters; other scripts'
	 * bytes (>= 0x80) are kept inside words. */
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static int all_digits(const char *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] < '0' || w[i] > '9')
			return 0;
	return 1;
}

int report_terms_folded(const char *s, size_t len, size_t phrase_len,
			int (*fn)(const char *term, size_t len, void *arg),
			void *arg)
{
	char pair[2 * WORD_MAX + 2];
	const char *prev = NULL;
	size_t i = 0, prevlen = 0;
	int rc = 0;

	while (i < len && rc == 0) {
		size_t st, wl;

		while (i < len && !is_word_byte((unsigned char)s[i])) {
			/* A phrase is two adjacent words, not two words on
			 * either side of a full stop or a comma. */
			if (s[i] != ' ' && s[i] != '-')
				prev = NULL;
			i++;
		}
		st = i;
		while (i < len && is_word_byte((unsigned char)s[i]))
			i++;
		wl = i - st;
		if (wl == 0)
			break;
		if (wl < 2 || wl > WORD_MAX || all_digits(s + st, wl) ||
		    report_stopword(s + st, wl)) {
			prev = NULL;
			continue;
		}
		rc = fn(s + st, wl, arg);
		if (rc == 0 && prev && i <= phrase_len) {
			memcpy(pair, prev, prevlen);
			pair[prevlen] = ' ';
			memcpy(pair + prevlen + 1, s + st, wl);
			rc = fn(pair, prevlen + 1 + wl, arg);
		}
		prev = s + st;
		prevlen = wl;
	}
	return rc;
}

int report_terms(const char *text, size_t n,
		 int (*fn)(const char *term, size_t len, void *arg), void *arg)
{
	struct buf f;
	int rc;

	buf_init(&f, 4 * n + 64);
	if (utf8_fold(&f, text, n) < 0) {
		buf_release(&f);
		return -1;
	}
	rc = report_terms_folded(buf_cstr(&f), f.len, f.len, fn, arg);
	buf_release(&f);
	return rc;
}

/* One word's singular: a final s dropped (not after s, u or i: "process",
 * "status", "analysis"), a final x after au, eu or ou ("reseaux",
 * "jumeaux"); words of three letters and words with digits kept. */
static size_t singular(const char *w, size_t n)
{
	size_t i;

	if (n < 4)
		return n;
	for (i = 0; i < n; i++)
		if (w[i] >= '0' && w[i] <= '9')
			return n;
	if (w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' &&
	    w[n - 2] != 'i')
		return n - 1;
	if (w[n - 1] == 'x' && n >= 5 && w[n - 2] == 'u' &&
	    (w[n - 3] == 'a' || w[n - 3] == 'e' || w[n - 3] == 'o'))
		return n - 1;
	return n;
}

size_t report_term_key(const char *t, size_t n, char *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		size_t st = i, k;

		while (i < n && t[i] != ' ')
			i++;
		k = singular(t + st, i - st);
		memcpy(out + o, t + st, k);
		o += k;
		if (i < n)
			out[o++] = t[i++];
	}
	out[o] = '\0';
	return o;
}

/* The word as a reader writes it in running text: a capital that only
 * starts a word ("Hydrogène" at the head of a title) lowered; acronyms
 * and inner capitals ("OPC", "iPhone") kept. */
static int add_word_lowered(struct buf *out, const char *w, size_t n)
{
	size_t i, head = 1;
	unsigned char c0 = (unsigned char)w[0];

	if (c0 == 0xc3 && n >= 2)
		head = 2;
	for (i = head; i < n; i++) {
		unsigned char c = (unsigned char)w[i];

		if ((c >= 'A' && c <= 'Z') ||
		    (c == 0xc3 && i + 1 < n && (unsigned char)w[i + 1] >= 0x80 &&
		     (unsigned char)w[i + 1] <= 0x9e))
			return buf_add(out, w, n);
	}
	if (c0 >= 'A' && c0 <= 'Z')
		return buf_addch(out, (char)(c0 + 32)) < 0 ? -1
		       : buf_add(out, w + 1, n - 1);
	/* À..Þ but × (U+00D7): their small letters are 0x20 further */
	if (head == 2 && (unsigned char)w[1] >= 0x80 &&
	    (unsigned char)w[1] <= 0x9e && (unsigned char)w[1] != 0x97) {
		char two[2] = { w[0], (char)((unsigned char)w[1] + 0x20) };

		return buf_add(out, two, 2) < 0 ? -1
		       : buf_add(out, w + 2, n - 2);
	}
	return buf_add(out, w, n);
}

int report_term_display(struct buf *out, const char *key, const char *title)
{
	struct buf f = BUF_INIT;
	const char *k = key;
	int rc = 0;

	while (*k && rc >= 0) {
		size_t kn = strcspn(k, " "), i = 0, n = title ? strlen(title) : 0;
		int found = 0;

		while (i < n && !found && rc >= 0) {
			size_t st;
			char sk[2 * 40 + 2];

			while (i < n && !is_word_byte((unsigned char)title[i]) &&
			       !(title[i] >= 'A' && title[i] <= 'Z'))
				i++;
			st = i;
			while (i < n && (is_word_byte((unsigned char)title[i]) ||
					 (title[i] >= 'A' && title[i] <= 'Z')))
				i++;
			if (i == st || i - st > 40)
				continue;
			buf_reset(&f);
			if (utf8_fold(&f, title + st, i - st) < 0) {
				rc = -1;
				break;
			}
			if (f.len < sizeof sk &&
			    report_term_key(buf_cstr(&f), f.len, sk) == kn &&
			    !memcmp(sk, k, kn)) {
				found = 1;
				rc = add_word_lowered(out, title + st, i - st);
			}
		}
		if (!found && rc >= 0)
			rc = buf_add(out, k, kn);
		k += kn;
		if (*k && rc >= 0) {
			rc = buf_addch(out, ' ');
			k++;
		}
	}
	buf_release(&f);
	return rc < 0 ? -1 : 0;
}
