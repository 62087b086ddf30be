/* A bad byte sequence in a multi-byte legacy charset (GB2312, Shift_JIS,
 * EUC-KR, Big5) becomes U+FFFD and every item is kept, whatever the chunk
 * boundaries: libxml2, converting through iconv itself, stopped the parse
 * there and lost the items after it without a word. */
#include <stdio.h>
#include <string.h>

#include "../../parser/parser.h"
#include "../../parser/parser_int.h"
#include "../../util/alloc.h"
#include "../../util/buf.h"
#include "tap.h"

struct titles {
	struct buf all;		/* titles joined by '|' */
	size_t n;
};

static int keep_title(void *ctx, const struct feed *meta,
		      struct feed_item *it, struct err *e)
{
	struct titles *t = ctx;

	(void)meta; (void)e;
	t->n++;
	buf_addstr(&t->all, it->title ? it->title : "(none)");
	buf_addch(&t->all, '|');
	return 0;
}

/* Parses doc in chunks of the given size (0: whole); the titles go to t. */
static int parse_chunks(const char *doc, size_t len, size_t chunk,
			struct titles *t, struct feed **meta)
{
	struct feed_parser *p = feed_parser_new(NULL, keep_title, t);
	struct err e;
	size_t i;
	int rc = 0;

	*meta = NULL;
	if (!p)
		return -1;
	if (!chunk)
		chunk = len;
	for (i = 0; i < len && rc == 0; i += chunk)
		rc = feed_parser_push(p, doc + i,
				      len - i < chunk ? len - i : chunk, &e);
	if (rc == 0)
		rc = feed_parser_finish(p, meta, &e);
	if (rc)
		printf("# error: %s\n", e.msg);
	feed_parser_free(p);
	return rc;
}

static void check_charset(const char *charset, const char *good,
			  const char *bad, const char *good_utf8)
{
	char doc[1024], want[256];
	size_t len, chunk;
	int same = 1, flagged = 1;

	len = (size_t)snprintf(doc, sizeof(doc),
		"<?xml version=\"1.0\" encoding=\"%s\"?>\n"
		"<rss version=\"2.0\"><channel><title>t</title>\n"
		"<item><title>%s 1</title><guid>g1</guid></item>\n"
		"<item><title>%s%s%s 2</title><guid>g2</guid></item>\n"
		"<item><title>%s 3</title><guid>g3</guid></item>\n"
		"</channel></rss>\n", charset, good, good, bad, good, good);
	snprintf(want, sizeof(want), "%s 1|%s\xEF\xBF\xBD%s 2|%s 3|",
		 good_utf8, good_utf8, good_utf8, good_utf8);
	for (chunk = 0; chunk <= 9; chunk++) {
		struct titles t = { BUF_INIT, 0 };
		struct feed *meta;
		int rc = parse_chunks(doc, len, chunk, &t, &meta);

		if (rc || t.n != 3 || strcmp(buf_cstr(&t.all), want)) {
			same = 0;
			printf("# %s, chunk %zu: rc %d, %zu items '%s'\n", charset,
			       chunk, rc, t.n, buf_cstr(&t.all));
		}
		if (!meta || !meta->not_well_formed || !meta->warning ||
		    !strstr(meta->warning, "U+FFFD"))
			flagged = 0;
		feed_free(meta);
		buf_release(&t.all);
	}
	OK(same, "%s: a bad byte sequence is U+FFFD, all 3 items kept, "
	   "whole and in chunks of 1..9 bytes", charset);
	OK(flagged, "%s: the feed is reported not well-formed, with why",
	   charset);
}

/* A valid document gives the same text as before, and no warning. */
static void check_clean(void)
{
	static const char doc[] =
		"<?xml version=\"1.0\" encoding=\"gb2312\"?>\n"
		"<rss version=\"2.0\"><channel><title>t</title>\n"
		"<item><title>\xD6\xD0\xCE\xC4</title><guid>g1</guid></item>\n"
		"</channel></rss>\n";
	struct titles t = { BUF_INIT, 0 };
	struct feed *meta;
	int rc = parse_chunks(doc, sizeof(doc) - 1, 0, &t, &meta);

	OK(rc == 0 && !strcmp(buf_cstr(&t.all), "\xE4\xB8\xAD\xE6\x96\x87|") &&
	   meta && !meta->not_well_formed,
	   "gb2312: a valid document is read as before, without warning");
	feed_free(meta);
	buf_release(&t.all);
}

int main(void)
{
	/* "中" in GB2312 and in Big5, "日" in Shift_JIS, "한" in EUC-KR */
	check_charset("gb2312", "\xD6\xD0", "\xFF", "\xE4\xB8\xAD");
	check_charset("GBK", "\xD6\xD0", "\x80", "\xE4\xB8\xAD");
	check_charset("Shift_JIS", "\x93\xFA", "\xA0", "\xE6\x97\xA5");
	check_charset("EUC-KR", "\xC7\xD1", "\xFF", "\xED\x95\x9C");
	check_charset("Big5", "\xA4\xA4", "\xFF", "\xE4\xB8\xAD");
	check_clean();
	return tap_done();
}
