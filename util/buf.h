/* Growable byte buffers with a hard maximum size.
 *
 * A struct buf always holds a NUL-terminated string once anything has been
 * added (data may be NULL while empty: use buf_cstr() to read it). Every
 * buffer has a maximum: an append that would exceed it fails with
 * BUF_ETOOBIG and leaves the buffer unchanged, so a hostile input can never
 * grow memory without bound. Functions return 0 on success and a negative
 * BUF_E* code on failure.
 *
 *	struct buf b;
 *	buf_init(&b, 1 << 20);
 *	if (buf_addf(&b, "%s=%d", key, n) < 0) ...
 *	puts(buf_cstr(&b));
 *	buf_release(&b);
 */
#ifndef VEILLE_UTIL_BUF_H
#define VEILLE_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define BUF_ENOMEM  (-1)
#define BUF_ETOOBIG (-2)

/* Default maximum used by BUF_INIT: 64 MiB. */
#define BUF_MAX_DEFAULT ((size_t)64 << 20)

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
	/* The code of the first append or grow that failed, 0 when none.
	 * Sticky: once set, every append fails with it and changes nothing,
	 * and buf_reset() and buf_truncate() keep it; only buf_clear(),
	 * buf_release() and buf_detach() forget it. A writer may append
	 * without checking each call and check buf_error() once before
	 * using the text, so that a missing piece is never taken for the
	 * whole. */
	int err;
};

#define BUF_INIT { NULL, 0, 0, BUF_MAX_DEFAULT, 0 }

void buf_init(struct buf *b, size_t max);
/* Frees the memory; the buffer can be used again (empty, same maximum). */
void buf_release(struct buf *b);
/* Empties the buffer, keeping its memory and its error (see err). */
void buf_reset(struct buf *b);
/* Empties the buffer and forgets its error: for a scratch buffer reused
 * once the failure has been dealt with. */
void buf_clear(struct buf *b);
/* Ensures room for n more bytes (plus the terminating NUL). */
int buf_grow(struct buf *b, size_t n);
int buf_add(struct buf *b, const void *p, size_t n);
int buf_addstr(struct buf *b, const char *s);
int buf_addch(struct buf *b, int c);
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Shortens the buffer to len bytes (no-op when already shorter). */
void buf_truncate(struct buf *b, size_t len);
/* See struct buf's err: 0 or the first failure's BUF_E* code. */
int buf_error(const struct buf *b);
/* Records a failure found outside the buffer (a scratch copy that could
 * not be made), as if an append had failed with code. */
void buf_fail(struct buf *b, int code);
/* Returns the contents as a C string; "" when empty. Borrowed. */
const char *buf_cstr(const struct buf *b);
/* Hands the memory to the caller (free with v_free()); the buffer is left
 * empty (and its error cleared). Returns a new empty string when the buffer is empty, NULL on ENOMEM. */
char *buf_detach(struct buf *b, size_t *len);

#endif
