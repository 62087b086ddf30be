/* Unit tests of digest/: ISO weeks across time changes, RFC 2047 headers,
 * quoted-printable, header cleaning, Message-ID, rendering, password file,
 * and allocation failure at every site of building a message. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "../../digest/digest.h"
#include "../../util/alloc.h"
#include "../../util/conf.h"
#include "../../util/vtime.h"

static int64_t T(const char *s)
{
	int64_t t = 0;

	if (vtime_parse_rfc3339(s, &t) < 0)
		fprintf(stderr, "bad test time %s\n", s);
	return t;
}

static void week_is(const char *name, const char *tz, const char *start,
		    const char *end, long hours)
{
	struct digest_week w;
	struct err e = { "" };
	char a[32], b[32];

	if (digest_week_parse(name, tz, &w, &e) < 0) {
		OK(0, "%s in %s: %s", name, tz, e.msg);
		return;
	}
	vtime_rfc3339(w.start, a, sizeof(a));
	vtime_rfc3339(w.end, b, sizeof(b));
	STREQ(a, start, "%s in %s starts", name, tz);
	STREQ(b, end, "%s in %s ends", name, tz);
	OK((w.end - w.start) == hours * 3600, "%s in %s lasts %ld h (got %lld)",
	   name, tz, hours, (long long)(w.end - w.start) / 3600);
}

static void test_weeks(void)
{
	struct digest_week w;
	struct err e = { "" };
	char nm[16];
	const char *bad[] = { "2026-W54", "2027-W53", "2026-W00", "2026-48",
			      "abc", "2026-W4x", "2026-W488", "" };
	size_t i;

	week_is("2026-W48", NULL, "2026-11-22T23:00:00Z",
		"2026-11-29T23:00:00Z", 168);
	/* Ramadan: Casablanca goes from +01 to +00 on 15 February 2026 */
	week_is("2026-W07", "Africa/Casablanca", "2026-02-08T23:00:00Z",
		"2026-02-16T00:00:00Z", 169);
	/* and back to +01 on 22 March 2026 */
	week_is("2026-W12", "Africa/Casablanca", "2026-03-16T00:00:00Z",
		"2026-03-22T23:00:00Z", 167);
	week_is("2026-W13", "Europe/Paris", "2026-03-22T23:00:00Z",
		"2026-03-29T22:00:00Z", 167);
	week_is("2026-W43", "Europe/Paris", "2026-10-18T22:00:00Z",
		"2026-10-25T23:00:00Z", 169);
	week_is("2026w53", "UTC", "2026-12-28T00:00:00Z",
		"2027-01-04T00:00:00Z", 168);
	week_is("2020-W53", "UTC", "2020-12-28T00:00:00Z",
		"2021-01-04T00:00:00Z", 168);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		OK(digest_week_parse(bad[i], "UTC", &w, &e) < 0 && e.msg[0],
		   "week '%s' refused (%s)", bad[i], e.msg);
	OK(digest_week_parse("2026-W48", "Mars/Olympus_Mons", &w, &e) < 0 &&
	   strstr(e.msg, "Mars/Olympus_Mons") != NULL,
	   "unknown time zone refused (%s)", e.msg);
	OK(digest_week_parse("2026-W48", "../../etc/passwd", &w, &e) < 0,
	   "time zone path refused");

	/* Monday 00:30 in Casablanca is still Sunday in UTC */
	OK(digest_week_of(T("2026-11-29T23:30:00Z"), "Africa/Casablanca", &w,
			  &e) == 0 && w.week == 49 && w.year == 2026,
	   "instant in week 49 locally (got %d)", w.week);
	OK(digest_week_of(T("2026-11-29T23:30:00Z"), "UTC", &w, &e) == 0 &&
	   w.week == 48, "same instant in week 48 in UTC (got %d)", w.week);
	OK(digest_week_of(T("2021-01-03T12:00:00Z"), "UTC", &w, &e) == 0 &&
	   w.year == 2020 && w.week == 53, "3 January 2021 is 2020-W53");
	OK(digest_week_last_complete(T("2026-11-29T04:48:00Z"), NULL, &w,
				     &e) == 0 && w.week == 47,
	   "last complete week on Sunday 29 November is W47 (got %d)",
	   w.week);
	OK(digest_week_last_complete(T("2026-11-30T00:00:00Z"), NULL, &w,
				     &e) == 0 && w.week == 48,
	   "on Monday 01:00 local the last complete week is W48 (got %d)",
	   w.week);
	OK(digest_week_last_complete(T("2027-01-05T00:00:00Z"), "UTC", &w,
				     &e) == 0 && w.year == 2026 && w.week == 53,
	   "previous week crosses the ISO year");
	digest_week_name(&w, nm, sizeof(nm));
	STREQ(nm, "2026-W53", "week name");

	setenv("TZ", "America/New_York", 1);
	digest_week_parse("2026-W48", "Asia/Tokyo", &w, &e);
	STREQ(getenv("TZ"), "America/New_York", "TZ restored after a call");
	unsetenv("TZ");
	digest_week_parse("2026-W48", "Asia/Tokyo", &w, &e);
	OK(getenv("TZ") == NULL, "TZ left unset when it was");
}

static int b64val(int c)
{
	const char *t =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(t, c) : NULL;
	return p ? (int)(p - t) : -1;
}

/* Decodes every =?UTF-8?B?...?= word of a header value, dropping the
 * folding between words, into out. */
static void decode_words(const char *v, struct buf *out)
{
	const char *p = v, *q;

	while ((p = strstr(p, "=?UTF-8?B?")) != NULL) {
		unsigned acc = 0;
		int bits = 0, x;
		p += 10;
		q = strstr(p, "?=");
		if (q == NULL)
			return;
		for (; p < q; p++) {
			if ((x = b64val(*p)) < 0)
				continue;
			acc = (acc << 6) | (unsigned)x;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				buf_addch(out, (int)((acc >> bits) & 0xff));
			}
		}
		p = q + 2;
	}
}

static int max_line(const char *s)
{
	int m = 0, c = 0;

	for (; *s; s++) {
		if (*s == '\n') {
			c = 0;
			continue;
		}
		if (*s != '\r' && ++c > m)
			m = c;
	}
	return m;
}

static int bare_lf(const char *s)
{
	const char *p;

	for (p = s; (p = strchr(p, '\n')) != NULL; p++)
		if (p == s || p[-1] != '\r')
			return 1;
	return 0;
}

static void test_headers(void)
{
	struct buf b = BUF_INIT, d = BUF_INIT;
	const char *subj =
	    "Veille Maintenance 4.0 — semaine 48\xc2\xa0: 23 nouveautés, "
	    "maintenance prédictive et jumeaux numériques à l'honneur";

	digest_header_encode(&b, "Subject", "Hello world");
	STREQ(buf_cstr(&b), "Subject: Hello world\r\n", "ASCII left as is");
	buf_reset(&b);
	digest_header_encode(&b, "Subject", "é");
	STREQ(buf_cstr(&b), "Subject: =?UTF-8?B?w6k=?=\r\n", "RFC 2047 word");
	buf_reset(&b);
	digest_header_encode(&b, "Subject", "=?utf-8?q?x?=");
	STREQ(buf_cstr(&b), "Subject: =?UTF-8?B?PT91dGYtOD9xP3g/PQ==?=\r\n",
	      "encoded word in the input is encoded, not passed");
	buf_reset(&b);
	digest_header_encode(&b, "Subject", "a\r\nBcc: victim@example.org");
	STREQ(buf_cstr(&b), "Subject: a  Bcc: victim@example.org\r\n",
	      "CR LF removed from a header");
	buf_reset(&b);
	digest_header_encode(&b, "Subject", "x\xe2\x80\xa8y\xc2\x85z\x7f");
	STREQ(buf_cstr(&b), "Subject: x y z \r\n",
	      "Unicode line separators and DEL removed");
	buf_reset(&b);
	digest_header_encode(&b, "Subject", subj);
	OK(max_line(buf_cstr(&b)) <= 76, "encoded header lines <= 76 (%d)",
	   max_line(buf_cstr(&b)));
	OK(!bare_lf(buf_cstr(&b)), "folding uses CRLF");
	decode_words(buf_cstr(&b), &d);
	STREQ(buf_cstr(&d), subj, "encoded words decode to the subject");
	buf_reset(&b);
	digest_header_encode(&b, "Subject", "\xff\xfe bad");
	buf_reset(&d);
	decode_words(buf_cstr(&b), &d);
	STREQ(buf_cstr(&d), "\xef\xbf\xbd\xef\xbf\xbd bad",
	      "invalid UTF-8 repaired before encoding");
	buf_release(&b);
	buf_release(&d);
}

static int hexv(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void qp_decode(const char *s, struct buf *out)
{
	for (; *s; s++) {
		if (*s == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 2;
		} else if (*s == '=' && hexv(s[1]) >= 0 && hexv(s[2]) >= 0) {
			buf_addch(out, hexv(s[1]) * 16 + hexv(s[2]));
			s += 2;
		} else if (*s == '\r' && s[1] == '\n') {
			buf_addch(out, '\n');
			s++;
		} else {
			buf_addch(out, *s);
		}
	}
}

static void qp_is(const char *in, const char *want, const char *what)
{
	struct buf b = BUF_INIT, d = BUF_INIT;

	digest_qp_encode(&b, in, strlen(in));
	if (want)
		STREQ(buf_cstr(&b), want, "QP: %s", what);
	OK(max_line(buf_cstr(&b)) <= 76 && !bare_lf(buf_cstr(&b)),
	   "QP lines <= 76 with CRLF: %s (%d)", what, max_line(buf_cstr(&b)));
	qp_decode(buf_cstr(&b), &d);
	{
		/* the encoder ends the body with a line break */
		struct buf w = BUF_INIT;
		const char *c;
		for (c = in; *c; c++)
			if (*c != '\r')
				buf_addch(&w, *c);
		if (w.len && w.data[w.len - 1] != '\n')
			buf_addch(&w, '\n');
		STREQ(buf_cstr(&d), buf_cstr(&w), "QP round trip: %s", what);
		buf_release(&w);
	}
	buf_release(&b);
	buf_release(&d);
}

static void test_qp(void)
{
	char longl[400], mixed[400];
	size_t i;

	qp_is("café\n", "caf=C3=A9\r\n", "accent");
	qp_is("a=b\n", "a=3Db\r\n", "equals sign");
	qp_is("x \n", "x=20\r\n", "trailing space");
	qp_is("From here\n", "=46rom here\r\n", "From at line start");
	qp_is(".\n", "=2E\r\n", "lone dot");
	qp_is("a\r\nb\n", "a\r\nb\r\n", "CRLF input");
	for (i = 0; i < sizeof(longl) - 1; i++)
		longl[i] = 'a';
	longl[sizeof(longl) - 1] = '\0';
	qp_is(longl, NULL, "long line");
	for (i = 0; i + 2 < sizeof(mixed) - 1; i += 2) {
		mixed[i] = (char)0xc3;
		mixed[i + 1] = (char)0xa9;
	}
	mixed[i] = '\0';
	qp_is(mixed, NULL, "long line of escapes");
	qp_is("exactly seventy-six characters on this line, ending in a "
	      "space ..........x \n", NULL, "space at the soft break");
}

static struct digest *sample(enum digest_lang lang, const char *title,
			     const char *link)
{
	struct digest *d = digest_new("acme", "Acme Maintenance é", lang);
	struct digest_section *s;
	struct digest_entry *en;
	struct err e;

	if (d == NULL)
		return NULL;
	if (digest_add_email(d, "veille@acme.example") < 0 ||
	    digest_week_parse("2026-W48", NULL, &d->week, &e) < 0 ||
	    (s = digest_add_section(d, "pdm", "Maintenance prédictive", 23,
				    20)) == NULL ||
	    (en = digest_add_entry(s, title, link, "Feed <One>",
				   T("2026-11-25T10:00:00Z"),
				   "A rather long summary that goes on and on "
				   "about vibration analysis, bearings and "
				   "remaining useful life estimation.",
				   2.5)) == NULL ||
	    digest_entry_add_source(en, "Other feed", "https://other.example/a")
		< 0) {
		digest_free(d);
		return NULL;
	}
	return d;
}

static const struct digest_mail mail = {
	"Cluster Maintenance 4.0 <veille@cluster-maintenance.example>",
	NULL, "mailto:unsubscribe@cluster-maintenance.example",
	"https://cluster-maintenance.example/unsub?m=acme",
	"https://cluster-maintenance.example/archive/", NULL, { 0 }, 0
};

static void test_message(void)
{
	struct digest *d = sample(DIGEST_FR, "<script>alert(1)</script> & co",
				  "javascript:alert(1)");
	struct buf b = BUF_INIT, t = BUF_INIT;
	struct err e = { "" };

	if (d == NULL) {
		OK(0, "sample digest");
		return;
	}
	digest_message_id(d, mail.from, &b, &e);
	STREQ(buf_cstr(&b), "<veille-2026-W48-acme@cluster-maintenance.example>",
	      "Message-ID from member, week and From domain");
	buf_reset(&b);
	digest_subject(d, &b, &e);
	STREQ(buf_cstr(&b), "Veille Maintenance 4.0 — semaine 48\xc2\xa0: 23 nouveautés",
	      "French subject");
	buf_reset(&b);
	d->member.lang = DIGEST_EN;
	d->total = 1;
	digest_subject(d, &b, &e);
	STREQ(buf_cstr(&b), "Maintenance 4.0 watch — week 48: 1 new item",
	      "English subject, singular");
	d->member.lang = DIGEST_FR;
	d->total = -1;

	buf_reset(&b);
	OK(digest_render_html(d, &mail, &b, &e) == 0, "HTML renders");
	OK(strstr(buf_cstr(&b), "<script") == NULL, "no script in HTML");
	OK(strstr(buf_cstr(&b), "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co")
	   != NULL, "hostile title escaped");
	OK(strstr(buf_cstr(&b), "javascript:") == NULL,
	   "javascript: link not emitted");
	OK(strstr(buf_cstr(&b), "href=\"https://other.example/a\"") != NULL,
	   "other source linked");
	OK(strstr(buf_cstr(&b), "Feed &lt;One&gt;") != NULL,
	   "source name escaped");
	OK(strstr(buf_cstr(&b), "+3") != NULL, "change from last week shown");
	OK(strstr(buf_cstr(&b), "Nouveaux termes cette semaine") == NULL,
	   "no new-terms line when there are none");
	OK(strstr(buf_cstr(&b), "src=") == NULL &&
	   strstr(buf_cstr(&b), "url(") == NULL &&
	   strstr(buf_cstr(&b), "@import") == NULL,
	   "nothing fetched from outside");

	buf_reset(&b);
	OK(digest_render_text(d, &mail, &b, &e) == 0, "text renders");
	OK(max_line(buf_cstr(&b)) <= 76, "text lines <= 76 columns (bytes %d)",
	   max_line(buf_cstr(&b)));
	OK(strstr(buf_cstr(&b), "25 novembre 2026") != NULL, "French date");
	OK(strstr(buf_cstr(&b), "du 23 au 29 novembre 2026") != NULL,
	   "week range");
	{
		struct digest_week w0 = d->week;

		/* 2027-W09: Monday 1 March to Sunday 7 March */
		OK(digest_week_make(2027, 9, "Africa/Casablanca", &d->week, &e) == 0,
		   "week 2027-W09");
		buf_reset(&b);
		digest_render_text(d, &mail, &b, &e);
		OK(strstr(buf_cstr(&b), "du 1er au 7 mars 2027") != NULL,
		   "French range: the first of the month is 1er");
		d->week = w0;
	}

	digest_add_term(d, "jumeau numérique");
	buf_reset(&b);
	digest_render_text(d, &mail, &b, &e);
	OK(strstr(buf_cstr(&b), "Nouveaux termes cette semaine\xc2\xa0: jumeau numérique")
	   != NULL, "new-terms line when given");

	buf_reset(&b);
	OK(digest_message(d, &mail, T("2026-11-30T06:00:00Z"), &b, &e) == 0,
	   "message builds (%s)", e.msg);
	OK(strstr(buf_cstr(&b), "Date: Mon, 30 Nov 2026 06:00:00 +0000\r\n")
	   != NULL, "Date header");
	OK(strstr(buf_cstr(&b), "List-Unsubscribe-Post: "
				"List-Unsubscribe=One-Click\r\n") != NULL,
	   "one-click unsubscribe with an https URL");
	OK(strstr(buf_cstr(&b), "Precedence: bulk\r\n") != NULL &&
	   strstr(buf_cstr(&b), "MIME-Version: 1.0\r\n") != NULL &&
	   strstr(buf_cstr(&b), "Auto-Submitted: auto-generated\r\n") != NULL,
	   "bulk headers");
	OK(!bare_lf(buf_cstr(&b)), "message uses CRLF only");
	OK(max_line(buf_cstr(&b)) <= 78, "message lines <= 78 (%d)",
	   max_line(buf_cstr(&b)));
	buf_reset(&t);
	digest_message(d, &mail, T("2026-11-30T06:00:00Z"), &t, &e);
	STREQ(buf_cstr(&t), buf_cstr(&b), "message is reproducible");

	buf_reset(&b);
	digest_free(d);
	d = sample(DIGEST_EN, "t", "https://x.example/");
	v_free(d->member.emails[0]);
	d->member.emails[0] = v_strdup("a@b.example>\r\nBcc: <evil@example");
	OK(digest_message(d, &mail, 0, &b, &e) < 0,
	   "address with CR LF refused (%s)", e.msg);
	digest_free(d);
	buf_release(&b);
	buf_release(&t);
}

static void test_unsubscribe(void)
{
	struct digest *d = digest_new("acme co<x>", "A", DIGEST_FR);
	struct digest_mail m = mail;
	struct buf b = BUF_INIT;
	char t1[DIGEST_TOKEN_LEN + 1], t2[DIGEST_TOKEN_LEN + 1];

	OK(digest_unsubscribe_url(d, &m, "https://x.example/u?m={member}&k={member}",
				  "https://", &b) == 1,
	   "unsubscribe URL made");
	STREQ(buf_cstr(&b), "https://x.example/u?m=acme_co_x_&k=acme_co_x_",
	      "member id substituted, reduced to safe characters");
	buf_reset(&b);
	OK(digest_unsubscribe_url(d, &m, "https://x.example/u?a=1>\r\nBcc: x",
				  "https://", &b) == 0 && b.len == 0,
	   "URL that would break a header refused");
	OK(digest_unsubscribe_url(d, &m, "http://x.example/u", "https://", &b) == 0,
	   "one-click needs https");
	OK(digest_unsubscribe_url(d, &m, "javascript:alert(1)", "mailto:", &b) == 0,
	   "mailto must be mailto");
	OK(digest_unsubscribe_url(d, &m, "https://x.example/u/{token}", "https://",
				  &b) == 0 && b.len == 0,
	   "no URL with a {token} left when there is no secret");
	OK(digest_unsubscribe_token(&m, "acme", t1) < 0, "no token without a key");
	memset(m.unsubscribe_key, 7, sizeof m.unsubscribe_key);
	m.has_unsubscribe_key = 1;
	OK(digest_unsubscribe_token(&m, "acme", t1) == 0 &&
	   digest_unsubscribe_token(&m, "acmf", t2) == 0 &&
	   strlen(t1) == DIGEST_TOKEN_LEN && strcmp(t1, t2) != 0,
	   "a token per member, %d hex digits", DIGEST_TOKEN_LEN);
	OK(digest_unsubscribe_url(d, &m, "https://x.example/u/{member}/{token}",
				  "https://", &b) == 1,
	   "URL with a token made");
	OK(digest_unsubscribe_token(&m, "acme co<x>", t1) == 0 &&
	   digest_unsubscribe_token(&m, "acme_co_x_", t2) == 0 &&
	   strcmp(t1, t2) == 0, "the token is of the id as the URL carries it");
	OK(strstr(buf_cstr(&b), t1) != NULL,
	   "the token is the member's: %s", buf_cstr(&b));
	buf_release(&b);
	digest_free(d);
}

static void test_conf(void)
{
	struct conf c;
	struct digest_mail m;
	struct digest_smtp s;
	struct digest *d;
	struct err e = { "" };
	char *pw = NULL;
	const char *text =
	    "[mail]\nsmtp = smtp://127.0.0.1:2525\ntls = none\n"
	    "from = Veille <veille@cluster.example>\nuser = veille\n"
	    "timezone = Europe/Paris\n"
	    "unsubscribe = mailto:unsub@cluster.example\n"
	    "unsubscribe = https://cluster.example/u?m={member}\n"
	    "[member acme]\nname = Acme\nemail = a@acme.example, b@acme.example\n"
	    "category = entreprise\nniches = pdm, cmms\nlanguage = en\n";

	conf_init(&c);
	if (conf_load_string(&c, "test.conf", text) < 0) {
		OK(0, "test configuration loads: %s",
		   c.nerrors ? c.errors[0] : "?");
		conf_release(&c);
		return;
	}
	unsetenv("VEILLE_SMTP_PASSWORD");
	OK(digest_mail_from_conf(&c, &m, &s, &pw, &e) < 0 &&
	   strstr(e.msg, "no password") != NULL,
	   "a user without a password is an error (%s)", e.msg);
	setenv("VEILLE_SMTP_PASSWORD", "pw", 1);
	OK(digest_mail_from_conf(&c, &m, &s, &pw, &e) == 0, "[mail] read (%s)",
	   e.msg);
	STREQ(s.password ? s.password : "(null)", "pw",
	      "password from VEILLE_SMTP_PASSWORD");
	OK(s.tls == DIGEST_TLS_NONE && m.unsubscribe_mailto &&
	   m.unsubscribe_https && strcmp(m.tz, "Europe/Paris") == 0,
	   "tls, unsubscribe URLs and time zone read");
	unsetenv("VEILLE_SMTP_PASSWORD");
	v_free(pw);
	d = digest_member_from_conf(conf_find(&c, "member", "acme"), &e);
	OK(d && d->member.nemails == 2 && d->member.nniches == 2 &&
	   d->member.lang == DIGEST_EN &&
	   strcmp(d->member.emails[1], "b@acme.example") == 0 &&
	   strcmp(d->member.category, "entreprise") == 0,
	   "member read from its section");
	digest_free(d);
	conf_release(&c);
}

static void test_empty(void)
{
	struct digest *d = digest_new("m", "M", DIGEST_EN);
	struct buf b = BUF_INIT;
	struct err e;

	digest_week_parse("2026-W48", NULL, &d->week, &e);
	digest_add_section(d, "pdm", "Predictive maintenance", 0, 2);
	digest_subject(d, &b, &e);
	STREQ(buf_cstr(&b), "Maintenance 4.0 watch — week 48: nothing new",
	      "empty subject");
	buf_reset(&b);
	digest_render_text(d, &mail, &b, &e);
	OK(strstr(buf_cstr(&b), "Nothing new this week") != NULL,
	   "nothing-new text");
	buf_reset(&b);
	digest_render_html(d, &mail, &b, &e);
	OK(strstr(buf_cstr(&b), "Nothing new this week") != NULL,
	   "nothing-new HTML");
	buf_release(&b);
	digest_free(d);
}

static void test_password(void)
{
	char path[] = "/tmp/veille-pass-XXXXXX";
	struct err e = { "" };
	char *p;
	int fd = mkstemp(path);

	if (fd < 0) {
		tap_skip("mkstemp failed", "password file");
		return;
	}
	if (write(fd, "s3cret\n", 7) != 7)
		OK(0, "write password file");
	close(fd);
	chmod(path, 0644);
	p = digest_password_load(path, &e);
	OK(p == NULL && strstr(e.msg, "readable by others") != NULL,
	   "mode 0644 refused (%s)", e.msg);
	v_free(p);
	chmod(path, 0600);
	p = digest_password_load(path, &e);
	STREQ(p ? p : "(null)", "s3cret", "mode 0600 read, newline dropped");
	v_free(p);
	unlink(path);
}

static void test_smtp_refusals(void)
{
	struct digest_smtp s = { "smtp://mail.example.org:25", DIGEST_TLS_NONE,
				 "veille", "pw", NULL, 1000, 1000, 0, 0, 0, 0 };
	struct digest_send_result r;
	char *rcpt[] = { (char *)"a@example.org" };

	OK(digest_smtp_send(&s, "v@example.org", rcpt, 1, "x", 1, &r) < 0 &&
	   r.attempts == 0 && strstr(r.reply, "in clear") != NULL,
	   "no password in clear to a remote server (%s)", r.reply);
	s.url = "http://mail.example.org/";
	OK(digest_smtp_send(&s, "v@example.org", rcpt, 1, "x", 1, &r) < 0 &&
	   r.attempts == 0, "only smtp:// and smtps:// (%s)", r.reply);
	s.url = "smtp://127.0.0.1.example.org:25";
	OK(digest_smtp_send(&s, "v@example.org", rcpt, 1, "x", 1, &r) < 0 &&
	   r.attempts == 0, "a look-alike of loopback is not loopback");
	s.url = "smtp://127.0.0.1:1";
	s.user = NULL;
	rcpt[0] = (char *)"a@example.org>\r\nRCPT TO:<b@example.org";
	OK(digest_smtp_send(&s, "v@example.org", rcpt, 1, "x", 1, &r) < 0 &&
	   r.attempts == 0, "recipient with CR LF refused before connecting");
}

/* Every allocation of building a digest and its message made to fail in
 * turn: each must end in an error (none silently dropping text), without
 * a crash, and without a leak under the sanitizer build. */
static void test_alloc_failure(void)
{
	unsigned long i, n, silent = 0;
	struct buf b;
	struct err e;
	struct digest *d;
	int rc;

	v_alloc_fail_at(0);
	buf_init(&b, DIGEST_MESSAGE_MAX);
	d = sample(DIGEST_FR, "Titre é", "https://x.example/");
	rc = d ? digest_message(d, &mail, 0, &b, &e) : -1;
	n = v_alloc_count();
	digest_free(d);
	buf_release(&b);
	OK(rc == 0 && n > 50, "a clean run makes %lu allocations", n);
	for (i = 1; i <= n; i++) {
		buf_init(&b, DIGEST_MESSAGE_MAX);
		v_alloc_fail_at(i);
		d = sample(DIGEST_FR, "Titre é", "https://x.example/");
		rc = d ? digest_message(d, &mail, 0, &b, &e) : -1;
		v_alloc_fail_at(0);
		if (rc == 0) {
			if (silent++ == 0)
				OK(0, "allocation %lu failed silently", i);
		}
		digest_free(d);
		buf_release(&b);
	}
	OK(silent == 0, "each of %lu allocation failures ends in an error "
	   "(%lu silent)", n, silent);
}

int main(void)
{
	test_weeks();
	test_headers();
	test_qp();
	test_message();
	test_empty();
	test_unsubscribe();
	test_conf();
	test_password();
	test_smtp_refusals();
	test_alloc_failure();
	return tap_done();
}
