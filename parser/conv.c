/* Charset conversion to UTF-8 ahead of libxml2, for the multi-byte and
 * legacy charsets libxml2 would hand to iconv itself: libxml2 stops the
 * whole parse at the first byte sequence iconv rejects, and every item after
 * it is lost without an error. Here a bad sequence becomes U+FFFD and the
 * parse goes on. */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "parser_int.h"

#define TAIL_MAX 8	/* longer than any charset's longest sequence */

struct conv {
	iconv_t cd;
	char tail[TAIL_MAX];	/* a sequence cut by the end of a chunk */
	size_t ntail;
	size_t replaced;
	struct buf join;	/* tail + next chunk */
};

/* Labels read as their superset, as browsers do (WHATWG Encoding): a page
 * labelled gb2312 is nearly always GBK, and its GBK characters are not
 * errors. */
static const char *superset(const char *name)
{
	static const struct {
		const char *label, *as;
	} map[] = {
		{ "gb2312", "GB18030" }, { "gbk", "GB18030" },
		{ "x-gbk", "GB18030" }, { "csgb2312", "GB18030" },
		{ "gb_2312-80", "GB18030" }, { "chinese", "GB18030" },
		{ "shift_jis", "CP932" }, { "shift-jis", "CP932" },
		{ "sjis", "CP932" }, { "x-sjis", "CP932" },
		{ "ms_kanji", "CP932" }, { "windows-31j", "CP932" },
		{ "euc-kr", "CP949" }, { "ks_c_5601-1987", "CP949" },
		{ "big5", "BIG5-HKSCS" }, { "x-x-big5", "BIG5-HKSCS" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!str_casecmp(name, map[i].label))
			return map[i].as;
	return name;
}

int parser_conv_open(struct conv **c, const char *charset)
{
	iconv_t cd;

	*c = NULL;
	cd = iconv_open("UTF-8", superset(charset));
	if (cd == (iconv_t)-1)
		return errno == ENOMEM ? -2 : -1;
	if (!(*c = v_calloc(1, sizeof(**c)))) {
		iconv_close(cd);
		return -2;
	}
	(*c)->cd = cd;
	buf_init(&(*c)->join, BUF_MAX_DEFAULT);
	return 0;
}

static int put_fffd(struct conv *c, struct buf *out)
{
	c->replaced++;
	/* a stateful charset (ISO-2022-*) starts again from its initial
	 * state after a bad sequence */
	iconv(c->cd, NULL, NULL, NULL, NULL);
	return buf_add(out, "\xEF\xBF\xBD", 3);
}

int parser_conv_run(struct conv *c, struct buf *out, const char *s, size_t n,
		    int final)
{
	char obuf[4096], *in, *o;
	size_t inleft, oleft, r;
	int rc = 0;

	if (c->ntail) {
		buf_reset(&c->join);
		if ((rc = buf_add(&c->join, c->tail, c->ntail)) < 0 ||
		    (rc = buf_add(&c->join, s, n)) < 0)
			return rc;
		s = c->join.data;
		n = c->join.len;
		c->ntail = 0;
	}
	in = (char *)s;
	inleft = n;
	while (inleft && rc == 0) {
		o = obuf;
		oleft = sizeof(obuf);
		r = iconv(c->cd, &in, &inleft, &o, &oleft);
		if (o > obuf)
			rc = buf_add(out, obuf, (size_t)(o - obuf));
		if (r != (size_t)-1 || rc < 0 || errno == E2BIG)
			continue;
		if (errno == EINVAL && !final && inleft < TAIL_MAX) {
			memcpy(c->tail, in, inleft);
			c->ntail = inleft;
			break;
		}
		/* EILSEQ, or a sequence cut by the end of the document:
		 * one byte is replaced, and conversion resumes after it */
		rc = put_fffd(c, out);
		in++;
		inleft--;
	}
	if (final && rc == 0) {
		o = obuf;
		oleft = sizeof(obuf);
		iconv(c->cd, NULL, NULL, &o, &oleft);
		if (o > obuf)
			rc = buf_add(out, obuf, (size_t)(o - obuf));
	}
	return rc;
}

size_t parser_conv_replaced(const struct conv *c)
{
	return c ? c->replaced : 0;
}

void parser_conv_free(struct conv *c)
{
	if (!c)
		return;
	iconv_close(c->cd);
	buf_release(&c->join);
	v_free(c);
}
