/* Unit tests of feed discovery: every tests/data/discover/NAME.html is
 * parsed as the page http://example.org/blog/post.html and the feeds found
 * (url TAB type TAB title, one per line) must equal NAME.expected. A new
 * case is a new pair of files. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "../../parser/discover.h"
#include "../../util/alloc.h"
#include "../../util/buf.h"
#include "tap.h"

#define DIR_DATA "tests/data/discover"
#define PAGE_URL "http://example.org/blog/post.html"

static int slurp(const char *path, struct buf *b)
{
	char chunk[4096];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_add(b, chunk, n) < 0)
			break;
	fclose(f);
	return 0;
}

static void run_case(const char *name)
{
	struct buf html = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
	struct parser_feed_links links = { NULL, 0 };
	struct err e = { "" };
	char path[512];
	size_t i;
	int rc;

	snprintf(path, sizeof path, "%s/%s.html", DIR_DATA, name);
	slurp(path, &html);
	snprintf(path, sizeof path, "%s/%s.expected", DIR_DATA, name);
	if (slurp(path, &want) < 0) {
		OK(0, "discover %s: missing %s", name, path);
		goto out;
	}
	rc = parser_discover_feeds(buf_cstr(&html), html.len, PAGE_URL, &links, &e);
	OK(rc == 0, "discover %s: parses (%s)", name, e.msg);
	for (i = 0; i < links.n; i++)
		buf_addf(&got, "%s\t%s\t%s\n", links.v[i].url, links.v[i].type,
			 links.v[i].title ? links.v[i].title : "");
	STREQ(buf_cstr(&got), buf_cstr(&want), "discover %s: feeds found", name);
out:
	parser_feed_links_release(&links);
	buf_release(&html);
	buf_release(&want);
	buf_release(&got);
}

static void test_many_links(void)
{
	struct buf html = BUF_INIT;
	struct parser_feed_links links = { NULL, 0 };
	struct err e = { "" };
	int i, rc;

	for (i = 0; i < 1000; i++)
		buf_addf(&html, "<link rel=alternate type=application/rss+xml href=/f%d>", i);
	rc = parser_discover_feeds(buf_cstr(&html), html.len, PAGE_URL, &links, &e);
	OK(rc == 0 && links.n == 256,
	   "discover: a page with 1000 feed links keeps 256 (got %zu)", links.n);
	parser_feed_links_release(&links);
	rc = parser_discover_feeds("", 0, PAGE_URL, &links, &e);
	OK(rc == 0 && links.n == 0, "discover: an empty page has no feeds");
	buf_release(&html);
}

int main(void)
{
	DIR *d = opendir(DIR_DATA);
	struct dirent *de;
	int cases = 0;

	if (!d) {
		tap_skip("run from the top of the repository", "discover data");
		return tap_done();
	}
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		char name[256];

		if (n > 5 && n < sizeof name && !strcmp(de->d_name + n - 5, ".html")) {
			memcpy(name, de->d_name, n - 5);
			name[n - 5] = '\0';
			run_case(name);
			cases++;
		}
	}
	closedir(d);
	OK(cases >= 4, "discover: %d data cases found", cases);
	test_many_links();
	return tap_done();
}
