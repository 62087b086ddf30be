/* Fuzz target: the content-coding decoder (fetcher/decode.c), which takes
 * a server's bytes as they come off the wire.
 *
 * The first byte chooses a Content-Encoding and a cap on decoded bytes,
 * the second where the body is split in two pushes, the third after how
 * many bytes the sink asks to stop (0: never). The rest is the body, fed
 * (1) as it is, and (2) compressed by zlib in the chosen coding, which
 * must decode back to the body when it fits the cap. For (1):
 * - every push returns 0 or a FETCH_DECODE_* code, a message with BAD
 *   and TOO_BIG;
 * - the sink never receives more than the cap, nor anything after it
 *   asked to stop, and fetch_decoder_bytes() counts what it received;
 * - one push or two give the same result and the same bytes (when a
 *   sink stops, one's bytes begin the other's). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../fetcher/fetcher.h"
#include "../util/alloc.h"
#include "../util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const codings[] = {
	"gzip", "x-gzip", "deflate", "identity", "", "deflate, gzip",
	"gzip, gzip", "GZIP", " gzip ,identity",
};
#define NCODINGS (sizeof codings / sizeof codings[0])

struct sink {
	struct buf out;
	size_t stop_after;	/* 0: never stop */
	int stopped;
};

static int sink(void *arg, const char *p, size_t n)
{
	struct sink *s = arg;

	if (s->stopped || n == 0)
		abort();	/* called after stopping, or for nothing */
	if (buf_add(&s->out, p, n) < 0)
		abort();
	if (s->stop_after && s->out.len >= s->stop_after) {
		s->stopped = 1;
		return 1;
	}
	return 0;
}

/* Decodes body in pushes cut at `cut`; returns the first non-zero code
 * (or 0), the decoded bytes in s->out. */
static int decode(const char *coding, size_t cap, const uint8_t *body,
		  size_t n, size_t cut, struct sink *s)
{
	struct fetch_decoder *d;
	struct err e;
	size_t parts[2][2] = { { 0, cut }, { cut, n - cut } };
	size_t k;
	int rc = 0;

	if (fetch_decoder_new(coding, cap, &d, &e) < 0)
		abort();	/* every coding of the table is known */
	for (k = 0; k < 2 && rc == 0; k++) {
		e.msg[0] = '\0';
		rc = fetch_decoder_push(d, (const char *)body + parts[k][0],
					parts[k][1], sink, s, &e);
		if (rc != 0 && rc != FETCH_DECODE_BAD &&
		    rc != FETCH_DECODE_TOO_BIG && rc != FETCH_DECODE_STOPPED)
			abort();
		if ((rc == FETCH_DECODE_BAD || rc == FETCH_DECODE_TOO_BIG) &&
		    !e.msg[0])
			abort();	/* an error says what it is */
		if (rc == FETCH_DECODE_STOPPED && !s->stopped)
			abort();
	}
	if (s->out.len > cap)
		abort();
	if (fetch_decoder_bytes(d) != s->out.len)
		abort();
	fetch_decoder_free(d);
	return rc;
}

/* body compressed as the single coding named (gzip or deflate: with
 * zlib's wrapper) into out; -1 when zlib cannot. */
static int compress_as(int gzip, const uint8_t *body, size_t n,
		       struct buf *out)
{
	z_stream z;
	unsigned char chunk[4096];
	int rc;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
			 gzip ? 31 : 15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	z.next_in = (unsigned char *)(uintptr_t)body;
	z.avail_in = (uInt)n;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		rc = deflate(&z, Z_FINISH);
		if (rc == Z_STREAM_ERROR ||
		    buf_add(out, (const char *)chunk,
			    sizeof chunk - z.avail_out) < 0) {
			deflateEnd(&z);
			return -1;
		}
	} while (rc != Z_STREAM_END);
	deflateEnd(&z);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sink whole, split;
	struct buf z;
	const char *coding;
	size_t cap, cut, n;
	int rw, rs, stopped;

	if (size < 3)
		return 0;
	coding = codings[data[0] % NCODINGS];
	/* small caps too, so that bombs and the cap's edge are reached */
	cap = (size_t)1 << (6 + (data[0] / NCODINGS) % 12);
	n = size - 3;
	cut = n ? (size_t)data[1] * n / 255 : 0;
	memset(&whole, 0, sizeof whole);
	memset(&split, 0, sizeof split);
	whole.stop_after = split.stop_after = (size_t)data[2] * 16;
	buf_init(&whole.out, BUF_MAX_DEFAULT);
	buf_init(&split.out, BUF_MAX_DEFAULT);

	rw = decode(coding, cap, data + 3, n, 0, &whole);
	rs = decode(coding, cap, data + 3, n, cut, &split);
	/* a sink that stops may have been handed more in one call than in
	 * two, or stop before an error the other run meets: then only one
	 * output begins the other */
	stopped = rw == FETCH_DECODE_STOPPED || rs == FETCH_DECODE_STOPPED;
	if ((!stopped && (rw != rs || whole.out.len != split.out.len)) ||
	    memcmp(buf_cstr(&whole.out), buf_cstr(&split.out),
		   whole.out.len < split.out.len ? whole.out.len :
						   split.out.len) != 0)
		abort();
	if ((!strcmp(coding, "identity") || !*coding) && rw == 0 &&
	    (whole.out.len != n || memcmp(buf_cstr(&whole.out), data + 3, n)))
		abort();
	buf_release(&whole.out);
	buf_release(&split.out);

	/* the body compressed: it decodes back, whole or cut where said */
	if (strcmp(coding, "gzip") && strcmp(coding, "deflate"))
		return 0;
	buf_init(&z, BUF_MAX_DEFAULT);
	memset(&whole, 0, sizeof whole);
	buf_init(&whole.out, BUF_MAX_DEFAULT);
	if (compress_as(!strcmp(coding, "gzip"), data + 3, n, &z) == 0) {
		cut = z.len ? (size_t)data[1] * z.len / 255 : 0;
		rw = decode(coding, cap, (const uint8_t *)buf_cstr(&z), z.len,
			    cut, &whole);
		if (n <= cap ? rw != 0 || whole.out.len != n ||
			       memcmp(buf_cstr(&whole.out), data + 3, n)
			     : rw != FETCH_DECODE_TOO_BIG)
			abort();
	}
	buf_release(&whole.out);
	buf_release(&z);
	return 0;
}
