/* Unit tests of fetcher/'s pure parts: Retry-After and cache lifetimes,
 * address classification, scheduling and back-off, paging URLs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../fetcher/fetcher.h"
#include "../../util/alloc.h"
#include "../../util/vtime.h"
#include "tap.h"

static const int64_t NOW = 1795900000;	/* 2026-11-28T18:26:40Z */

static void test_retry_after(void)
{
	int64_t t = 0;

	OK(fetch_parse_retry_after("120", NOW, &t) == 0 && t == NOW + 120,
	   "retry-after: seconds");
	OK(fetch_parse_retry_after("  0 ", NOW, &t) == 0 && t == NOW,
	   "retry-after: zero with blanks");
	OK(fetch_parse_retry_after("Sun, 29 Nov 2026 01:00:00 GMT", NOW, &t) == 0 &&
		   t == vtime_from_utc(2026, 11, 29, 1, 0, 0),
	   "retry-after: IMF-fixdate");
	OK(fetch_parse_retry_after("Sunday, 29-Nov-26 01:00:00 GMT", NOW, &t) == 0 &&
		   t == vtime_from_utc(2026, 11, 29, 1, 0, 0),
	   "retry-after: RFC 850 date");
	OK(fetch_parse_retry_after("Thu, 01 Jan 2015 00:00:00 GMT", NOW, &t) == 0 &&
		   t == NOW,
	   "retry-after: date in the past means now");
	OK(fetch_parse_retry_after("-5", NOW, &t) < 0, "retry-after: negative");
	OK(fetch_parse_retry_after("12abc", NOW, &t) < 0, "retry-after: junk");
	OK(fetch_parse_retry_after("", NOW, &t) < 0, "retry-after: empty");
	OK(fetch_parse_retry_after(NULL, NOW, &t) < 0, "retry-after: NULL");
	OK(fetch_parse_retry_after("99999999999", NOW, &t) < 0,
	   "retry-after: absurd delay refused");
}

static void test_fresh(void)
{
	OK(fetch_fresh_until("public, max-age=600", NULL, NOW) == NOW + 600,
	   "cache: max-age");
	OK(fetch_fresh_until("max-age=600, no-cache", NULL, NOW) == 0,
	   "cache: no-cache wins");
	OK(fetch_fresh_until("s-maxage=600", NULL, NOW) == 0,
	   "cache: s-maxage is not max-age");
	OK(fetch_fresh_until("max-age=0", "Sun, 29 Nov 2026 01:00:00 GMT", NOW) == 0,
	   "cache: max-age=0 overrides Expires");
	OK(fetch_fresh_until(NULL, "Sun, 29 Nov 2026 01:00:00 GMT", NOW) ==
		   vtime_from_utc(2026, 11, 29, 1, 0, 0),
	   "cache: Expires");
	OK(fetch_fresh_until(NULL, "0", NOW) == 0, "cache: Expires 0");
	OK(fetch_fresh_until(NULL, NULL, NOW) == 0, "cache: none");
}

static void test_addr(void)
{
	static const struct { const char *ip; int want; } cases[] = {
		{ "127.0.0.1", 1 }, { "127.9.9.9", 1 }, { "10.1.2.3", 1 },
		{ "172.16.0.1", 1 }, { "172.31.255.255", 1 }, { "172.32.0.1", 0 },
		{ "192.168.1.1", 1 }, { "192.169.1.1", 0 }, { "169.254.169.254", 1 },
		{ "0.0.0.0", 1 }, { "100.64.0.1", 1 }, { "8.8.8.8", 0 },
		{ "93.184.216.34", 0 }, { "::1", 1 }, { "::", 1 }, { "fe80::1", 1 },
		{ "febf::1", 1 }, { "fec0::1", 0 }, { "fc00::1", 1 }, { "fd12::1", 1 },
		{ "2001:db8::1", 0 }, { "::ffff:10.0.0.1", 1 },
		{ "::ffff:8.8.8.8", 0 }, { "example.org", -1 }, { "", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		OK(fetch_addr_is_private(cases[i].ip) == cases[i].want,
		   "address '%s' is %s", cases[i].ip,
		   cases[i].want == 1 ? "private" : cases[i].want ? "invalid" : "public");
	setenv("VEILLE_TEST_PUBLIC_ADDRESSES", "127.0.0.2, 10.0.0.1", 1);
	OK(fetch_addr_is_private("127.0.0.2") == 0,
	   "test policy: listed loopback is public");
	OK(fetch_addr_is_private("127.0.0.1") == 1,
	   "test policy: unlisted loopback stays private");
	OK(fetch_addr_is_private("10.0.0.1") == 1,
	   "test policy: cannot open a real private range");
	unsetenv("VEILLE_TEST_PUBLIC_ADDRESSES");
	OK(fetch_addr_is_private("127.0.0.2") == 1, "test policy: off by default");
}

/* The host of a redirect target, as seen through a proxy: literals and
 * internal names without any lookup, public names by what they resolve
 * to (none resolve here but localhost's). */
static void test_host(void)
{
	OK(fetch_host_is_private("http://127.0.0.1:8080/x") == 1, "host: IPv4 loopback");
	OK(fetch_host_is_private("http://[::1]/x") == 1, "host: IPv6 literal");
	OK(fetch_host_is_private("http://169.254.169.254/latest/") == 1,
	   "host: link-local metadata address");
	OK(fetch_host_is_private("http://10.1.2.3/") == 1, "host: private range");
	OK(fetch_host_is_private("http://localhost/") == 1, "host: localhost");
	OK(fetch_host_is_private("http://LOCALHOST./") == 1, "host: localhost, any case, root dot");
	OK(fetch_host_is_private("http://api.localhost/") == 1, "host: under .localhost");
	OK(fetch_host_is_private("http://intranet/") == 1, "host: a single label");
	OK(fetch_host_is_private("http://db.corp.internal/") == 1, "host: under .internal");
	OK(fetch_host_is_private("http://printer.local/") == 1, "host: under .local");
	OK(fetch_host_is_private("http://93.184.215.14/") == 0, "host: public literal");
	OK(fetch_host_is_private("http://feeds.example.invalid/") == 0,
	   "host: a public name that does not resolve here is left to the proxy");
	OK(fetch_host_is_private("not a url") == -1, "host: no host");
	setenv("VEILLE_TEST_PUBLIC_ADDRESSES", "127.0.0.2", 1);
	OK(fetch_host_is_private("http://127.0.0.2/") == 0, "host: test policy applies");
	unsetenv("VEILLE_TEST_PUBLIC_ADDRESSES");
	/* judged by the URL alone (veille check): "localhost." resolves, but
	 * a public-looking name is never looked up */
	OK(fetch_host_is_private_name("http://172.20.0.1/") == 1, "name only: 172.16/12");
	OK(fetch_host_is_private_name("http://[fd12::1]/") == 1, "name only: fc00::/7");
	OK(fetch_host_is_private_name("http://localhost:6379/") == 1, "name only: localhost");
	OK(fetch_host_is_private_name("http://172.32.0.1/") == 0, "name only: 172.32 is public");
	OK(fetch_host_is_private_name("https://example.org/") == 0, "name only: public name");
}

static void test_schedule(void)
{
	const int64_t H = 3600, D = 86400, M = 60;

	/* due once the delay less its slack (an eighth, at most 3 h) has
	 * passed */
	OK(fetch_next_due(NOW, 6 * H, 0, 0, 0, 0) == NOW + 6 * H - 45 * M,
	   "schedule: interval less an eighth when healthy");
	OK(fetch_next_due(NOW, 6 * H, 0, 1, 0, 0) == NOW + 12 * H - 90 * M,
	   "schedule: one error doubles");
	OK(fetch_next_due(NOW, 6 * H, 0, 2, 0, 0) == NOW + D - 3 * H,
	   "schedule: two errors, 4x");
	OK(fetch_next_due(NOW, 6 * H, 0, 40, 0, 0) == NOW + D - 3 * H,
	   "schedule: capped at a day, never dead");
	OK(fetch_next_due(NOW, 6 * H, 0, 4000000000u, 0, 0) == NOW + D - 3 * H,
	   "schedule: huge error count does not overflow");
	OK(fetch_next_due(NOW, H, 4 * H, 10, 0, 0) == NOW + 4 * H - 30 * M,
	   "schedule: custom cap");
	OK(fetch_next_due(NOW, 2 * D, 0, 3, 0, 0) == NOW + 2 * D - 3 * H,
	   "schedule: interval beyond the cap is kept, slack at most 3 h");
	/* a daily feed crawled at 02:00 is due again at 02:00 the next day
	 * even when that comes 23 h later (clock moved forward) */
	OK(fetch_next_due(NOW, D, 0, 0, 0, 0) <= NOW + 23 * H,
	   "schedule: a daily feed is due 23 h later");
	OK(fetch_next_due(NOW, 6 * H, 0, 0, NOW + 10 * H, 0) == NOW + 10 * H,
	   "schedule: Retry-After is a lower bound, kept exactly");
	OK(fetch_next_due(NOW, 6 * H, 0, 0, NOW + 60, 0) == NOW + 6 * H - 45 * M,
	   "schedule: short Retry-After does not hasten");
	OK(fetch_next_due(NOW, 6 * H, 0, 0, NOW + 3 * D, 0) == NOW + 3 * D,
	   "schedule: a Retry-After of 3 days beyond the back-off cap is kept");
	OK(fetch_next_due(NOW, 6 * H, 0, 5, NOW + 3 * D, 0) == NOW + 3 * D,
	   "schedule: Retry-After kept after errors too");
	OK(fetch_next_due(NOW, 6 * H, 0, 0, NOW + 60 * D, 0) ==
	   NOW + FETCH_RETRY_AFTER_MAX,
	   "schedule: Retry-After capped at its ceiling");
	OK(fetch_next_due(NOW, 6 * H, 0, 0, 0, NOW + 8 * H) == NOW + 8 * H,
	   "schedule: max-age is a lower bound");
	OK(fetch_next_due(NOW, 6 * H, 0, 0, 0, NOW + 9 * D) == NOW + D,
	   "schedule: max-age capped");
	OK(fetch_next_due(NOW, 0, 0, 0, 0, 0) > NOW,
	   "schedule: a zero interval still moves forward");
}

static void url_case(char *got, const char *want, const char *what)
{
	STREQ(got ? got : "(null)", want, "%s", what);
	v_free(got);
}

static void test_paging(void)
{
	struct err e = { "" };
	char *u;

	url_case(fetch_oai_next_url("https://hal.science/oai/hal?verb=ListRecords&metadataPrefix=oai_dc&set=x",
				    "abc/12+3=&x", &e),
		 "https://hal.science/oai/hal?verb=ListRecords&resumptionToken=abc%2f12%2b3%3d%26x",
		 "oai: resumption token replaces the query, encoded");
	u = fetch_oai_next_url("https://hal.science/oai/hal", "", &e);
	OK(!u && strstr(e.msg, "empty"), "oai: empty token refused (%s)", e.msg);
	url_case(fetch_oai_from_url("https://hal.science/oai/hal?metadataPrefix=oai_dc&verb=Identify&from=2020-01-01",
				    "2026-11-01", &e),
		 "https://hal.science/oai/hal?verb=ListRecords&metadataPrefix=oai_dc&from=2026-11-01",
		 "oai: incremental from= replaces verb and from");
	url_case(fetch_oai_from_url("https://x.org/oai?metadataPrefix=oai_dc&resumptionToken=t",
				    "2026-11-01T00:00:00Z", &e),
		 "https://x.org/oai?verb=ListRecords&metadataPrefix=oai_dc&from=2026-11-01T00%3a00%3a00Z",
		 "oai: from= drops a resumption token");
	url_case(fetch_arxiv_page_url("https://export.arxiv.org/api/query?search_query=all:%22predictive+maintenance%22&start=0&max_results=10&sortBy=submittedDate",
				      200, 100, &e),
		 "https://export.arxiv.org/api/query?search_query=all:%22predictive+maintenance%22&sortBy=submittedDate&start=200&max_results=100",
		 "arxiv: start and max_results replaced, rest kept");
	u = fetch_arxiv_page_url("https://export.arxiv.org/api/query", -1, 10, &e);
	OK(!u, "arxiv: negative start refused");
	url_case(fetch_url_set_param("http://a.org/f?startx=1&start=2", "start", NULL, &e),
		 "http://a.org/f?startx=1", "set_param: removal matches whole names");
	u = fetch_arxiv_page_url("not a url", 0, 10, &e);
	OK(!u && strstr(e.msg, "malformed"), "paging: malformed URL (%s)", e.msg);
}

static void test_names(void)
{
	STREQ(fetch_status_name(FETCH_NOT_MODIFIED), "not-modified", "status name");
	STREQ(fetch_status_name(FETCH_ABORTED), "aborted", "last status name");
	OK(!fetch_status_is_error(FETCH_MOVED_PERMANENTLY) &&
		   fetch_status_is_error(FETCH_RATE_LIMITED),
	   "status error classes");
}

int main(void)
{
	test_retry_after();
	test_fresh();
	test_addr();
	test_host();
	test_schedule();
	test_paging();
	test_names();
	return tap_done();
}
