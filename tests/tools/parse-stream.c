/* Streams feed documents through the push parser in 64 KiB chunks without
 * printing them, for memory tests and the parse benchmark:
 *	parse-stream FILE...	parses each file
 *	parse-stream --gen MB	parses a generated RSS document of MB MiB
 * Prints "files N items N failed N maxrss_kb N" and exits 1 if any failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "../../parser/parser.h"
#include "../../util/str.h"

static size_t nitems;

static int count(void *ctx, const struct feed *meta, struct feed_item *it,
		 struct err *e)
{
	(void)ctx; (void)meta; (void)it; (void)e;
	nitems++;
	return 0;
}

static int gen(size_t mb)
{
	struct feed_parser *p = feed_parser_new(NULL, count, NULL);
	struct feed *meta = NULL;
	struct err e;
	char item[2048];
	size_t total = 0, want = mb << 20, k = 0;
	int rc = 0;
	static const char head[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
		"<rss version=\"2.0\"><channel><title>Generated</title>"
		"<link>https://example.com/</link>";

	if (!p || feed_parser_push(p, head, sizeof(head) - 1, &e) < 0) {
		feed_parser_free(p);
		return -1;
	}
	while (total < want && rc == 0) {
		int n = snprintf(item, sizeof(item),
			"<item><title>Maintenance pr&#233;dictive %zu &amp; "
			"vibrations</title><link>https://example.com/a/%zu</link>"
			"<guid>https://example.com/a/%zu</guid><pubDate>Mon, 02 "
			"Jun 2025 10:00:00 +0100</pubDate><description><![CDATA["
			"<p>Analyse <b>vibratoire</b> des roulements, "
			"thermographie&nbsp;infrarouge et GMAO.</p>]]>"
			"</description><category>maintenance</category></item>",
			k, k, k);
		k++;
		rc = feed_parser_push(p, item, (size_t)n, &e);
		total += (size_t)n;
	}
	if (rc == 0)
		rc = feed_parser_push(p, "</channel></rss>", 16, &e);
	if (rc == 0)
		rc = feed_parser_finish(p, &meta, &e);
	if (rc < 0)
		fprintf(stderr, "parse-stream: %s\n", e.msg);
	feed_free(meta);
	feed_parser_free(p);
	return rc;
}

static int one(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct feed_parser *p;
	struct feed *meta = NULL;
	struct err e;
	static char chunk[65536];
	size_t n;
	int rc = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	p = feed_parser_new(NULL, count, NULL);
	if (!p) {
		fclose(f);
		return -1;
	}
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = feed_parser_push(p, chunk, n, &e);
	if (rc == 0)
		rc = feed_parser_finish(p, &meta, &e);
	feed_free(meta);
	feed_parser_free(p);
	fclose(f);
	return rc;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	size_t failed = 0, files = 0;
	int64_t mb;

	if (argc == 3 && !strcmp(argv[1], "--gen")) {
		if (str_to_i64(argv[2], 1, 4096, &mb) < 0)
			return 2;
		failed += gen((size_t)mb) < 0;
		files = 1;
	} else {
		for (int i = 1; i < argc; i++, files++)
			failed += one(argv[i]) < 0;
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("files %zu items %zu failed %zu maxrss_kb %ld\n", files, nitems,
	       failed, ru.ru_maxrss);
	return failed ? 1 : 0;
}
