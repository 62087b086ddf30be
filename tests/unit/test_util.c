/* Unit tests of util/: buffers, UTF-8, folding, JSON, strings, time, URLs,
 * and the configuration reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/alloc.h"
#include "../../util/buf.h"
#include "../../util/conf.h"
#include "../../util/jsonw.h"
#include "../../util/str.h"
#include "../../util/tzone.h"
#include "../../util/url.h"
#include "../../util/utf8.h"
#include "../../util/vtime.h"
#include "tap.h"

static void test_buf(void)
{
	struct buf b;

	buf_init(&b, 8);
	OK(buf_addstr(&b, "1234") == 0, "buf: append within max");
	OK(buf_addstr(&b, "56789") == BUF_ETOOBIG, "buf: append past max fails");
	STREQ(buf_cstr(&b), "1234", "buf: failed append leaves contents");
	OK(buf_addf(&b, "%d", 5678) == BUF_ETOOBIG && b.len == 4,
	   "buf: after a failure, an append that would fit fails too");
	OK(buf_addch(&b, 'x') == BUF_ETOOBIG && b.len == 4,
	   "buf: after a failure, a single byte is not added either");
	OK(buf_error(&b) == BUF_ETOOBIG, "buf: the failure is remembered");
	buf_reset(&b);
	OK(buf_error(&b) == BUF_ETOOBIG && buf_addstr(&b, "a") == BUF_ETOOBIG &&
	   b.len == 0, "buf: reset keeps the error");
	buf_truncate(&b, 0);
	OK(buf_error(&b) == BUF_ETOOBIG, "buf: truncate keeps the error");
	buf_clear(&b);
	OK(buf_error(&b) == 0 && buf_addstr(&b, "a") == 0,
	   "buf: clear forgets the error");
	buf_fail(&b, BUF_ETOOBIG);
	buf_release(&b);
	STREQ(buf_cstr(&b), "", "buf: released buffer reads empty");
	OK(buf_error(&b) == 0, "buf: release clears the error");
	buf_init(&b, 0);
	buf_addstr(&b, "a");
	v_alloc_fail_at(1);
	buf_addstr(&b, "a longer string than the first allocation holds, "
		   "so that the buffer must grow");
	v_alloc_fail_at(0);
	OK(buf_addch(&b, 'b') == BUF_ENOMEM, "buf: appends fail after ENOMEM");
	OK(buf_error(&b) == BUF_ENOMEM && !strcmp(buf_cstr(&b), "a"),
	   "buf: an allocation failure is remembered, contents kept");
	buf_clear(&b);
	buf_fail(&b, BUF_ENOMEM);
	buf_fail(&b, BUF_ETOOBIG);
	OK(buf_error(&b) == BUF_ENOMEM, "buf: the first failure is kept");
	{
		char *d = buf_detach(&b, NULL);

		OK(d && buf_error(&b) == 0, "buf: detach forgets the error");
		v_free(d);
	}
	buf_release(&b);
}

static char *fold(const char *s)
{
	struct buf b = BUF_INIT;

	utf8_fold(&b, s, strlen(s));
	return buf_detach(&b, NULL);
}

static void test_utf8(void)
{
	struct buf b = BUF_INIT;
	char *f;

	OK(utf8_valid("maintenance pr\xc3\xa9" "dictive", 24), "utf8: valid");
	OK(!utf8_valid("\xc0\xaf", 2), "utf8: overlong rejected");
	OK(!utf8_valid("\xed\xa0\x80", 3), "utf8: surrogate rejected");
	utf8_repair(&b, "a\xffz", 3);
	STREQ(buf_cstr(&b), "a\xef\xbf\xbdz", "utf8: repair replaces with U+FFFD");
	buf_release(&b);
	f = fold("Maintenance PR\xc3\x89" "DICTIVE \xc5\x93uvre \xc3\x87" "a");
	STREQ(f, "maintenance predictive oeuvre ca", "fold: accents and case");
	v_free(f);
	OK(utf8_truncate_len("\xc3\xa9\xc3\xa9", 4, 3) == 2,
	   "utf8: truncation keeps sequences whole");
}

static void test_json(void)
{
	struct buf b = BUF_INIT;
	struct jsonw w;

	jsonw_init(&w, &b);
	jsonw_obj(&w);
	jsonw_kstr(&w, "t", "a\"b\n\x01\xff");
	jsonw_key(&w, "l");
	jsonw_arr(&w);
	jsonw_int(&w, 1);
	jsonw_int(&w, -2);
	jsonw_end(&w);
	jsonw_kstr(&w, "absent", NULL);
	jsonw_end(&w);
	OK(jsonw_error(&w) == 0, "json: no error");
	STREQ(buf_cstr(&b), "{\"t\":\"a\\\"b\\n\\u0001\\ufffd\",\"l\":[1,-2]}",
	      "json: escapes, arrays, commas");
	buf_release(&b);

	/* integers written without printf, at their limits */
	jsonw_init(&w, &b);
	jsonw_arr(&w);
	jsonw_int(&w, 0);
	jsonw_int(&w, 10);
	jsonw_int(&w, INT64_MAX);
	jsonw_int(&w, INT64_MIN);
	jsonw_end(&w);
	STREQ(buf_cstr(&b), "[0,10,9223372036854775807,-9223372036854775808]",
	      "json: integers at 0, 10 and both limits");
	buf_release(&b);

	/* what a terminal would act on is escaped, other text kept as is */
	jsonw_init(&w, &b);
	jsonw_str(&w, "\xe2\x80\xae" "exe.pdf \xe2\x81\xa6x\xe2\x81\xa9 "
		  "\xc2\x9b \xe2\x80\xa8 \xe2\x80\xa9 \xe2\x80\x8f é");
	STREQ(buf_cstr(&b), "\"\\u202eexe.pdf \\u2066x\\u2069 \\u009b \\u2028 "
	      "\\u2029 \xe2\x80\x8f é\"",
	      "json: bidi overrides and isolates, C1, line separators escaped");
	buf_release(&b);
}

static void test_str(void)
{
	static const char *const cands[] = { "search", "fetch", "report", NULL };
	struct buf b = BUF_INIT;
	int64_t n;

	STREQ(str_suggest("serch", cands), "search", "suggest: one typo");
	OK(str_suggest("xyzzy", cands) == NULL, "suggest: no wild guesses");
	OK(str_to_duration("6h", &n) == 0 && n == 21600, "duration: 6h");
	OK(str_to_duration("1d12h", &n) == 0 && n == 129600, "duration: 1d12h");
	OK(str_to_duration("6 h", &n) < 0 && str_to_duration("h", &n) < 0 &&
	   str_to_duration("0d", &n) < 0, "duration: bad forms rejected");
	OK(str_to_size("16M", &n) == 0 && n == 16 << 20, "size: 16M");
	OK(str_to_size("16X", &n) < 0, "size: bad suffix");
	OK(str_to_bool("yes") == 1 && str_to_bool("off") == 0 &&
	   str_to_bool("maybe") < 0, "bool");
	csv_field(&b, "a,\"b\"");
	STREQ(buf_cstr(&b), "\"a,\"\"b\"\"\"", "csv: quoting");
	buf_release(&b);
}

static void test_time(void)
{
	char s[32];
	int64_t t;

	vtime_rfc3339(1072865695, s, sizeof(s));
	STREQ(s, "2003-12-31T10:14:55Z", "time: format");
	OK(vtime_parse_rfc3339("2003-12-31T11:14:55+01:00", &t) == 0 &&
	   t == 1072865695, "time: parse with offset");
	OK(vtime_parse_rfc3339("2026-11-01", &t) == 0 && t == 1793491200,
	   "time: date only");
	OK(vtime_parse_rfc3339("2026-13-01", &t) < 0, "time: bad month");
	vtime_rfc3339(-86400, s, sizeof(s));
	STREQ(s, "1969-12-31T00:00:00Z", "time: before the epoch");
}

static void test_url(void)
{
	struct err e;
	char *u;

	OK(url_check_http("https://export.arxiv.org/api/query?x=1", &e) == 0,
	   "url: https accepted");
	OK(url_check_http("ftp://example.org/", &e) < 0 &&
	   strstr(e.msg, "unsupported scheme"), "url: ftp refused");
	OK(url_check_http("http//broken", &e) < 0, "url: malformed refused");
	u = url_resolve("https://example.org/blog/feed.xml", "../post/1?a=b");
	STREQ(u, "https://example.org/post/1?a=b", "url: relative resolved");
	v_free(u);
	u = url_resolve("https://example.org/", "javascript:alert(1)");
	OK(u == NULL, "url: javascript: dropped");
	v_free(u);
	/* running out of memory is not "no URL": every allocation of a
	 * resolution made to fail in turn gives -1 or the same result */
	{
		int rc, bad = 0, n;

		for (n = 1; n < 10; n++) {
			v_alloc_fail_at((unsigned long)n);
			rc = url_resolve_checked("https://example.org/a/",
						 "b?c=d", &u);
			v_alloc_fail_at(0);
			if (rc == 0 ? !u || strcmp(u, "https://example.org/a/b?c=d")
				    : rc != -1 || u != NULL)
				bad = n;
			v_free(u);
		}
		OK(!bad, "url: allocation failure %d is -1, never no URL", bad);
		v_alloc_fail_at(1);
		rc = url_resolve_checked(NULL, "mailto:a@example.org", &u);
		v_alloc_fail_at(0);
		OK(rc == -1 && !u, "url: mailto allocation failure is -1");
		v_free(u);
		for (bad = 0, n = 1; n < 10; n++) {
			v_alloc_fail_at((unsigned long)n);
			rc = url_canonical_checked("https://www.example.org/a/?id=3", &u);
			v_alloc_fail_at(0);
			if (rc == 0 ? !u || strcmp(u, "http://example.org/a?id=3")
				    : rc != -1 || u != NULL)
				bad = n;
			v_free(u);
		}
		OK(!bad, "url: canonical, allocation failure %d is -1, never no URL",
		   bad);
	}
	u = url_canonical("HTTPS://WWW.Example.org:443/a/b/?utm_source=x&id=3&fbclid=y#top");
	STREQ(u, "http://example.org/a/b?id=3", "url: canonical form");
	v_free(u);
}

static void test_conf(void)
{
	struct conf c;
	const struct conf_section *s;
	char **list;

	conf_init(&c);
	OK(conf_load_string(&c, "t.conf",
			    "# comment\n[feed a]\nurl = samples/a.xml\nevery = 6h\n"
			    "[niche x]\nmatch = foo\nmatch = bar weight=2\n"
			    "[member m]\nname = M\nemail = a@b.org, c@d.org\nniches = x\n") == 0,
	   "conf: valid file loads");
	s = conf_find(&c, "feed", "a");
	OK(s && conf_duration(s, "every", 0) == 21600, "conf: typed duration");
	s = conf_find(&c, "member", "m");
	list = conf_list(s, "email");
	OK(list && list[0] && list[1] && !list[2] && !strcmp(list[1], "c@d.org"),
	   "conf: list split and trimmed");
	conf_list_free(list);
	conf_release(&c);

	conf_init(&c);
	OK(conf_load_string(&c, "t.conf", "[feed a]\nurll = x\n[feed a]\nurl = y\n") < 0 &&
	   c.nerrors == 3, "conf: all errors collected (%zu)", c.nerrors);
	if (c.nerrors > 1)
		STREQ(c.errors[1], "t.conf:2: [feed a]: unknown key 'urll' (did you mean 'url'?)",
		      "conf: error names file, line, section and key");
	conf_release(&c);
}

/* The association's zone: which key, and local days across Morocco's
 * Ramadan clock changes of 2027 (7 February back to UTC+0, 14 March
 * forward to UTC+1). */
static void test_tzone(void)
{
	struct conf c;
	struct err e = { "" };
	int64_t t, d;
	int y, mon, day, h, mi;

	conf_init(&c);
	OK(conf_load_string(&c, "t.conf", "[mail]\nsmtp = smtp://x\nfrom = a@b.org\n"
			    "timezone = UTC\n") == 0 && !strcmp(tzone_of(&c), "UTC"),
	   "tzone: [mail] timezone read when [settings] has none");
	conf_release(&c);
	conf_init(&c);
	OK(conf_load_string(&c, "t.conf", "[settings]\ntimezone = Europe/Paris\n") == 0 &&
	   !strcmp(tzone_of(&c), "Europe/Paris"), "tzone: [settings] timezone");
	conf_release(&c);
	conf_init(&c);
	OK(conf_load_string(&c, "t.conf", "[settings]\njobs = 2\n") == 0 &&
	   !strcmp(tzone_of(&c), "Africa/Casablanca"), "tzone: the default");
	conf_release(&c);
	conf_init(&c);
	OK(conf_load_string(&c, "t.conf", "[settings]\ntimezone = Europe/Paris\n"
			    "[mail]\nsmtp = smtp://x\nfrom = a@b.org\n"
			    "timezone = UTC\n") < 0 && c.nerrors == 1,
	   "tzone: two different zones are an error");
	conf_release(&c);
	if (tzone_check("Africa/Casablanca", &e) < 0) {
		tap_skip("tzdata not installed", "tzone: local days");
		return;
	}
	OK(tzone_check("Mars/Olympus", &e) < 0 &&
	   !strcmp(e.msg, "unknown time zone 'Mars/Olympus'"), "tzone: unknown zone");
	d = vtime_days_from_civil(2027, 2, 1);
	OK(tzone_midnight("Africa/Casablanca", d, &t, &e) == 0 &&
	   t == vtime_from_utc(2027, 1, 31, 23, 0, 0), "tzone: midnight at UTC+1");
	d = vtime_days_from_civil(2027, 2, 8);
	OK(tzone_midnight("Africa/Casablanca", d, &t, &e) == 0 &&
	   t == vtime_from_utc(2027, 2, 8, 0, 0, 0), "tzone: midnight at UTC+0");
	d = vtime_days_from_civil(2027, 3, 15);
	OK(tzone_midnight("Africa/Casablanca", d, &t, &e) == 0 &&
	   t == vtime_from_utc(2027, 3, 14, 23, 0, 0), "tzone: midnight at UTC+1 again");
	OK(tzone_civil("Africa/Casablanca", vtime_from_utc(2027, 3, 14, 23, 30, 0),
		       &y, &mon, &day, &h, &mi, &e) == 0 && y == 2027 && mon == 3 &&
	   day == 15 && h == 0 && mi == 30, "tzone: Sunday 23:30 UTC is Monday 00:30");
	OK(tzone_day("Africa/Casablanca", vtime_from_utc(2027, 2, 7, 23, 30, 0), &d,
		     &e) == 0 && d == vtime_days_from_civil(2027, 2, 7),
	   "tzone: and still Sunday at UTC+0");
}

static void test_alloc_failure(void)
{
	struct conf c;
	unsigned long i, total;
	int clean = 1;
	const char *text = "[feed a]\nurl = a.xml\n[niche x]\nmatch = foo\n";

	v_alloc_fail_at(0);
	conf_init(&c);
	conf_load_string(&c, "t.conf", text);
	conf_release(&c);
	total = v_alloc_count();
	for (i = 1; i <= total; i++) {
		v_alloc_fail_at(i);
		conf_init(&c);
		if (conf_load_string(&c, "t.conf", text) == 0 && v_alloc_count() >= i)
			clean = 0;	/* a failed allocation went unnoticed */
		conf_release(&c);
	}
	v_alloc_fail_at(0);
	OK(clean, "conf: each of %lu allocation failures is reported", total);
}

int main(void)
{
	test_buf();
	test_utf8();
	test_json();
	test_str();
	test_time();
	test_url();
	test_conf();
	test_tzone();
	test_alloc_failure();
	return tap_done();
}
