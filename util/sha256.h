/* SHA-256 and HMAC-SHA-256, for tokens that prove a link came from us
 * (the digest's unsubscribe links). Not for passwords. */
#ifndef VEILLE_UTIL_SHA256_H
#define VEILLE_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

struct sha256 {
	uint32_t h[8];
	uint64_t len;		/* bytes hashed so far */
	unsigned char buf[64];
	size_t n;		/* bytes waiting in buf */
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t len);
void sha256_final(struct sha256 *c, unsigned char out[SHA256_LEN]);
/* HMAC-SHA-256 of msg under key (RFC 2104). */
void hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen,
		 unsigned char out[SHA256_LEN]);

#endif
