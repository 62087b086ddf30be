/* Unit tests of fetcher/decode.c: content codings undone outside libcurl
 * (gzip, several members, deflate with and without zlib's wrapper, lists
 * of codings, identity), fed whole and byte by byte; the cap on decoded
 * bytes (a "bomb"); corrupt and unsupported codings; a sink that stops. */
#include <stdlib.h>
#include <string.h>
#define ZLIB_CONST
#include <zlib.h>

#include "../../fetcher/fetcher.h"
#include "../../util/buf.h"
#include "tap.h"

/* Codes src with zlib: windowBits 15 + 16 (gzip), 15 (zlib) or -15 (raw
 * deflate), appended to out. */
static void code(struct buf *out, const char *src, size_t n, int bits)
{
	z_stream z;
	unsigned char chunk[4096];
	int zr;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	z.next_in = (const Bytef *)src;
	z.avail_in = (unsigned)n;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		zr = deflate(&z, Z_FINISH);
		buf_add(out, (const char *)chunk, sizeof chunk - z.avail_out);
	} while (zr == Z_OK);
	deflateEnd(&z);
}

struct sink {
	struct buf got;
	size_t stop_after;	/* 0: never stops */
	int calls;
};

static int to_buf(void *arg, const char *p, size_t n)
{
	struct sink *s = arg;

	s->calls++;
	buf_add(&s->got, p, n);
	return s->stop_after && s->got.len >= s->stop_after;
}

/* Decodes in (with the given coding) whole, or in pieces of step bytes;
 * returns the last push's code, the output in s. */
static int run(const char *enc, const struct buf *in, size_t step,
	       size_t max_out, struct sink *s, struct err *e)
{
	struct fetch_decoder *d;
	size_t off = 0;
	int rc = 0;

	buf_init(&s->got, 0);
	s->calls = 0;
	err_clear(e);
	if (fetch_decoder_new(enc, max_out, &d, e) < 0)
		return 1;	/* not a push code: creation refused */
	while (off < in->len && rc == 0) {
		size_t n = step && step < in->len - off ? step : in->len - off;

		rc = fetch_decoder_push(d, in->data + off, n, to_buf, s, e);
		off += n;
	}
	if (rc == 0 && fetch_decoder_bytes(d) != s->got.len)
		rc = 99;
	fetch_decoder_free(d);
	return rc;
}

static char *text(size_t n)
{
	char *t = malloc(n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		t[i] = (char)("<item>maintenance prédictive </item>\n"[i % 37]);
	t[n] = '\0';
	return t;
}

static void test_codings(void)
{
	static const struct { const char *enc; int bits; } cases[] = {
		{ "gzip", 15 + 16 }, { "x-gzip", 15 + 16 }, { "GZIP", 15 + 16 },
		{ "deflate", 15 }, { "deflate", -15 },
	};
	const size_t n = 200000;
	char *t = text(n);
	struct buf in;
	struct sink s = { BUF_INIT, 0, 0 };
	struct err e;
	size_t i, k;
	static const size_t steps[] = { 0, 1, 7, 4096 };

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_init(&in, 0);
		code(&in, t, n, cases[i].bits);
		for (k = 0; k < sizeof steps / sizeof steps[0]; k++) {
			int rc = run(cases[i].enc, &in, steps[k], (size_t)-1, &s, &e);

			OK(rc == 0 && s.got.len == n && !memcmp(s.got.data, t, n),
			   "%s (%s), %zu bytes pushed by %zu: %zu back (rc %d)",
			   cases[i].enc, cases[i].bits == -15 ? "raw" :
			   cases[i].bits == 15 ? "zlib" : "gzip", in.len,
			   steps[k] ? steps[k] : in.len, s.got.len, rc);
			buf_release(&s.got);
		}
		buf_release(&in);
	}
	free(t);
}

static void test_lists(void)
{
	struct buf in, twice;
	struct sink s = { BUF_INIT, 0, 0 };
	struct err e;
	size_t k;
	int rc;

	/* two gzip members in a row are one body */
	buf_init(&in, 0);
	code(&in, "first half, ", 12, 15 + 16);
	code(&in, "second half", 11, 15 + 16);
	for (k = 0; k < 4; k++) {
		rc = run("gzip", &in, k, (size_t)-1, &s, &e);
		OK(rc == 0 && s.got.len == 23 &&
		   !memcmp(s.got.data, "first half, second half", 23),
		   "two gzip members, pushed by %zu: both decoded", k);
		buf_release(&s.got);
	}
	/* bytes after the end of the stream are dropped, as libcurl does */
	buf_add(&in, "\0\0garbage", 9);
	rc = run("gzip", &in, 3, (size_t)-1, &s, &e);
	OK(rc == 0 && s.got.len == 23, "trailing bytes after gzip: dropped");
	buf_release(&s.got);
	buf_release(&in);

	/* "deflate, gzip": gzip applied last, so undone first */
	buf_init(&in, 0);
	buf_init(&twice, 0);
	code(&in, "stacked codings", 15, 15);
	code(&twice, in.data, in.len, 15 + 16);
	rc = run("deflate, gzip", &twice, 5, (size_t)-1, &s, &e);
	OK(rc == 0 && s.got.len == 15 && !memcmp(s.got.data, "stacked codings", 15),
	   "deflate then gzip: undone in reverse order");
	buf_release(&s.got);
	rc = run("gzip, deflate", &twice, 0, (size_t)-1, &s, &e);
	OK(rc == FETCH_DECODE_BAD && strstr(e.msg, "deflate"),
	   "codings in the wrong order: bad data (%s)", e.msg);
	buf_release(&s.got);
	buf_release(&in);
	buf_release(&twice);

	/* an empty body in bare deflate is two bytes: the stream's end */
	buf_init(&in, 0);
	code(&in, "", 0, -15);
	rc = run("deflate", &in, 0, (size_t)-1, &s, &e);
	OK(rc == 0 && in.len == 2 && s.got.len == 0,
	   "empty bare deflate (%zu bytes): nothing, no error (rc %d, %s)",
	   in.len, rc, e.msg);
	buf_release(&s.got);
	buf_release(&in);

	/* identity, empty, NULL: bytes as they are */
	buf_init(&in, 0);
	buf_addstr(&in, "<rss/>");
	rc = run(NULL, &in, 2, (size_t)-1, &s, &e);
	OK(rc == 0 && s.got.len == 6 && !memcmp(s.got.data, "<rss/>", 6),
	   "no coding: passed through");
	buf_release(&s.got);
	rc = run("identity", &in, 0, (size_t)-1, &s, &e);
	OK(rc == 0 && s.got.len == 6, "identity: passed through");
	buf_release(&s.got);
	buf_release(&in);
}

static void test_refused(void)
{
	struct fetch_decoder *d = NULL;
	struct buf in;
	struct sink s = { BUF_INIT, 0, 0 };
	struct err e;
	int rc;

	err_clear(&e);
	OK(fetch_decoder_new("br", 100, &d, &e) < 0 && !d &&
	   !strcmp(e.msg, "unsupported content encoding 'br'"),
	   "br: refused by name (%s)", e.msg);
	OK(fetch_decoder_new("gzip, gzip, gzip, gzip, gzip", 100, &d, &e) < 0 &&
	   strstr(e.msg, "more than 4"), "five codings: refused");
	OK(fetch_decoder_new("gzip;q=1", 100, &d, &e) < 0,
	   "a coding with parameters: refused");

	buf_init(&in, 0);
	buf_addstr(&in, "this is not gzip at all, just text");
	rc = run("gzip", &in, 0, (size_t)-1, &s, &e);
	OK(rc == FETCH_DECODE_BAD && !strncmp(e.msg, "bad gzip data: ", 15) &&
	   s.got.len == 0, "text sent as gzip: bad data (%s)", e.msg);
	buf_release(&s.got);
	buf_release(&in);

	/* raw deflate whose first block has type 3, which does not exist */
	buf_init(&in, 0);
	code(&in, "0123456789abcdef", 16, -15);
	in.data[0] = (char)0x07;
	rc = run("deflate", &in, 0, (size_t)-1, &s, &e);
	OK(rc == FETCH_DECODE_BAD && strstr(e.msg, "deflate"),
	   "corrupt deflate block: bad data (%s)", e.msg);
	buf_release(&s.got);
	buf_release(&in);
}

static void test_caps(void)
{
	const size_t n = 8u << 20;	/* 8 MiB of zeros: 8 KiB of gzip */
	char *zeros = calloc(1, n);
	struct buf in;
	struct sink s = { BUF_INIT, 0, 0 };
	struct err e;
	int rc;

	buf_init(&in, 0);
	code(&in, zeros, n, 15 + 16);
	OK(in.len < n / 100, "bomb: %zu bytes of gzip", in.len);
	/* the sink gets the first million bytes, however the body comes */
	rc = run("gzip", &in, 0, 1000000, &s, &e);
	OK(rc == FETCH_DECODE_TOO_BIG && s.got.len == 1000000 &&
	   !strcmp(e.msg, "body over 1000000 bytes"),
	   "bomb: stopped at the cap, %zu bytes out (%s)", s.got.len, e.msg);
	buf_release(&s.got);
	rc = run("gzip", &in, 7, 1000000, &s, &e);
	OK(rc == FETCH_DECODE_TOO_BIG && s.got.len == 1000000,
	   "bomb pushed by 7 bytes: the same million bytes out (%zu)",
	   s.got.len);
	buf_release(&s.got);
	rc = run("gzip", &in, 0, n, &s, &e);
	OK(rc == 0 && s.got.len == n, "exactly at the cap: whole");
	buf_release(&s.got);

	/* a sink that has seen enough stops the decoding */
	s.stop_after = 5000;
	rc = run("gzip", &in, 0, (size_t)-1, &s, &e);
	OK(rc == FETCH_DECODE_STOPPED && s.got.len >= 5000 && s.got.len < 65536,
	   "sink stops: decoding stops (%zu bytes)", s.got.len);
	buf_release(&s.got);
	buf_release(&in);
	free(zeros);
}

int main(void)
{
	test_codings();
	test_lists();
	test_refused();
	test_caps();
	return tap_done();
}
