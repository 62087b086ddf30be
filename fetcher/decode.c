/* Content codings undone outside libcurl: see fetch_decoder_new().
 *
 * A chain of stages, the outermost coding (the last one listed in
 * Content-Encoding) first; each stage inflates into a buffer of its own and
 * hands that to the next, the last to the sink. Only zlib's codings: gzip
 * (several members in a row too) and deflate, which servers send with the
 * zlib wrapper HTTP asks for or without it, told apart by its first two
 * bytes as libcurl does. */
#include <string.h>
#define ZLIB_CONST	/* next_in is const */
#include <zlib.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "fetcher.h"

#define STAGES_MAX 4		/* codings in one Content-Encoding */
#define STAGE_OUT 16384		/* bytes inflated per call */

enum coding { CODING_GZIP, CODING_DEFLATE };

struct stage {
	enum coding coding;
	z_stream z;
	int ready;		/* inflateInit2 done */
	int between;		/* gzip: a member ended, another may follow */
	int ended;		/* the stream ended: the rest is dropped */
	unsigned char head[2];	/* the first bytes of a stream or member */
	size_t nhead;
	unsigned char out[STAGE_OUT];
};

struct fetch_decoder {
	struct stage *st[STAGES_MAX];
	size_t n;
	size_t max_out;
	uint64_t total;
	int too_big;
	fetch_sink sink;
	void *arg;
	struct err *e;
};

static int parse_coding(const char *s, size_t n, enum coding *c, int *identity)
{
	*identity = 0;
	if ((n == 4 && !str_ncasecmp(s, "gzip", 4)) ||
	    (n == 6 && !str_ncasecmp(s, "x-gzip", 6)))
		*c = CODING_GZIP;
	else if (n == 7 && !str_ncasecmp(s, "deflate", 7))
		*c = CODING_DEFLATE;
	else if (n == 8 && !str_ncasecmp(s, "identity", 8))
		*identity = 1;
	else
		return -1;
	return 0;
}

int fetch_decoder_new(const char *content_encoding, size_t max_out,
		      struct fetch_decoder **out, struct err *e)
{
	struct fetch_decoder *d;
	enum coding codings[STAGES_MAX];
	size_t n = 0, k;
	const char *p = content_encoding ? content_encoding : "";

	*out = NULL;
	while (*p) {
		size_t len;
		int identity;
		enum coding c;

		p += strspn(p, " \t,");
		len = strcspn(p, " \t,");
		if (!len)
			break;
		if (parse_coding(p, len, &c, &identity) < 0)
			return err_set(e, "unsupported content encoding '%.*s'",
				       (int)(len > 40 ? 40 : len), p);
		if (!identity) {
			if (n == STAGES_MAX)
				return err_set(e, "%s", "more than 4 content "
					       "encodings");
			codings[n++] = c;
		}
		p += len;
	}
	d = v_calloc(1, sizeof *d);
	if (!d)
		return err_set(e, "out of memory");
	d->max_out = max_out;
	/* the last coding applied is undone first */
	for (k = 0; k < n; k++) {
		d->st[k] = v_calloc(1, sizeof *d->st[k]);
		if (!d->st[k]) {
			fetch_decoder_free(d);
			return err_set(e, "out of memory");
		}
		d->st[k]->coding = codings[n - 1 - k];
		d->n++;
	}
	*out = d;
	return 0;
}

static int emit(struct fetch_decoder *d, size_t k, const unsigned char *p,
		size_t n);

static int stage_init(struct fetch_decoder *d, struct stage *s, int bits)
{
	if (inflateInit2(&s->z, bits) != Z_OK) {
		err_set(d->e, "%s", "out of memory");
		return FETCH_DECODE_BAD;
	}
	s->ready = 1;
	return 0;
}

/* Inflates stage k's input at *p (*n bytes) until it is used up (0) or
 * the stream ends (1, *p and *n then at what follows it). */
static int inflate_some(struct fetch_decoder *d, size_t k,
			const unsigned char **p, size_t *n)
{
	struct stage *s = d->st[k];
	int rc, zr;

	s->z.next_in = *p;
	for (;;) {
		s->z.avail_in = *n > 1u << 30 ? 1u << 30 : (unsigned)*n;
		s->z.next_out = s->out;
		s->z.avail_out = sizeof s->out;
		zr = inflate(&s->z, Z_NO_FLUSH);
		*n -= (size_t)(s->z.next_in - *p);
		*p = s->z.next_in;
		if (s->z.next_out > s->out &&
		    (rc = emit(d, k + 1, s->out, (size_t)(s->z.next_out - s->out))) < 0)
			return rc;
		if (zr == Z_STREAM_END)
			return 1;
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			if (zr == Z_MEM_ERROR)
				err_set(d->e, "%s", "out of memory");
			else
				err_set(d->e, "bad %s data: %s",
					s->coding == CODING_GZIP ? "gzip" : "deflate",
					s->z.msg ? s->z.msg : "corrupt stream");
			return FETCH_DECODE_BAD;
		}
		/* done when the input is used up and zlib had room to
		 * spare (else more output may be pending); Z_BUF_ERROR: no
		 * progress possible without more input */
		if ((*n == 0 && s->z.avail_out > 0) || zr == Z_BUF_ERROR)
			return 0;
	}
}

/* Stage k's input: n more bytes. Two states wait for two bytes before
 * inflating: a deflate stream's start (zlib's wrapper or none: "deflate"
 * is zlib's format in HTTP, but servers also send bare deflate data; a
 * zlib header is a multiple of 31 with method 8) and the end of a gzip
 * member (another member may follow; anything else after the end is
 * dropped, as libcurl does). */
static int stage_push(struct fetch_decoder *d, size_t k,
		      const unsigned char *p, size_t n)
{
	struct stage *s = d->st[k];
	int rc;

	for (;;) {
		if (s->ended)
			return 0;
		if (s->between || (!s->ready && s->coding == CODING_DEFLATE)) {
			unsigned char h[2];
			const unsigned char *hp = h;
			size_t hn = 2;

			while (s->nhead < 2 && n > 0) {
				s->head[s->nhead++] = *p++;
				n--;
			}
			if (s->nhead < 2)
				return 0;
			memcpy(h, s->head, 2);
			s->nhead = 0;
			if (s->between) {
				s->between = 0;
				if (h[0] != 0x1f || h[1] != 0x8b) {
					s->ended = 1;
					return 0;
				}
				inflateReset(&s->z);
			} else if ((rc = stage_init(d, s, (h[0] & 0x0f) == 8 &&
						    ((h[0] << 8) | h[1]) % 31 == 0 ?
						    15 : -15)) < 0) {
				return rc;
			}
			/* (two bytes end an empty bare deflate stream) */
			if ((rc = inflate_some(d, k, &hp, &hn)) < 0)
				return rc;
		} else {
			if (!s->ready && (rc = stage_init(d, s, 15 + 16)) < 0)
				return rc;
			if (n == 0)
				return 0;
			if ((rc = inflate_some(d, k, &p, &n)) <= 0)
				return rc;
		}
		if (rc == 1) {
			if (s->coding == CODING_GZIP)
				s->between = 1;
			else
				s->ended = 1;
		}
	}
}

/* Hands n decoded bytes to stage k, or to the sink after the last. */
static int emit(struct fetch_decoder *d, size_t k, const unsigned char *p,
		size_t n)
{
	size_t room;

	if (k < d->n)
		return stage_push(d, k, p, n);
	room = d->max_out - d->total;
	/* the sink gets the first max_out bytes however the body was cut
	 * into pushes, then the error */
	if (n > room) {
		d->too_big = 1;
		if (room > 0) {
			d->total += room;
			if (d->sink(d->arg, (const char *)p, room) != 0)
				return FETCH_DECODE_STOPPED;
		}
		err_set(d->e, "body over %zu bytes", d->max_out);
		return FETCH_DECODE_TOO_BIG;
	}
	d->total += n;
	if (d->sink(d->arg, (const char *)p, n) != 0)
		return FETCH_DECODE_STOPPED;
	return 0;
}

int fetch_decoder_push(struct fetch_decoder *d, const char *p, size_t n,
		       fetch_sink sink, void *arg, struct err *e)
{
	if (d->too_big) {
		err_set(e, "body over %zu bytes", d->max_out);
		return FETCH_DECODE_TOO_BIG;
	}
	if (!n)
		return 0;
	d->sink = sink;
	d->arg = arg;
	d->e = e;
	return emit(d, 0, (const unsigned char *)p, n);
}

uint64_t fetch_decoder_bytes(const struct fetch_decoder *d)
{
	return d ? d->total : 0;
}

void fetch_decoder_free(struct fetch_decoder *d)
{
	size_t k;

	if (!d)
		return;
	for (k = 0; k < d->n; k++) {
		if (d->st[k]->ready)
			inflateEnd(&d->st[k]->z);
		v_free(d->st[k]);
	}
	v_free(d);
}
