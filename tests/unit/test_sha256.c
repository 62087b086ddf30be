/* util/sha256.c against the published vectors: FIPS 180-4's examples
 * (and the million a's of its test set) and RFC 4231's HMAC cases 1, 2 and
 * 6 (a key longer than a block). */
#include <stdio.h>
#include <string.h>

#include "../../util/sha256.h"
#include "tap.h"

static const char *hex(const unsigned char d[SHA256_LEN])
{
	static char s[2 * SHA256_LEN + 1];
	int i;

	for (i = 0; i < SHA256_LEN; i++)
		snprintf(s + 2 * i, 3, "%02x", d[i]);
	return s;
}

static const char *sha(const char *m)
{
	struct sha256 c;
	unsigned char d[SHA256_LEN];

	sha256_init(&c);
	sha256_update(&c, m, strlen(m));
	sha256_final(&c, d);
	return hex(d);
}

int main(void)
{
	unsigned char d[SHA256_LEN], key[131];
	char a[1000];
	struct sha256 c;
	int i;

	STREQ(sha(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	      "SHA-256 of the empty string");
	STREQ(sha("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	      "SHA-256 of abc");
	STREQ(sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
	      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	      "SHA-256 of 448 bits (two blocks of padding)");
	memset(a, 'a', sizeof a);
	sha256_init(&c);
	for (i = 0; i < 1000; i++)
		sha256_update(&c, a, sizeof a);
	sha256_final(&c, d);
	STREQ(hex(d), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	      "SHA-256 of a million a's, in pieces");
	memset(key, 0x0b, 20);
	hmac_sha256(key, 20, "Hi There", 8, d);
	STREQ(hex(d), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	      "HMAC-SHA-256, RFC 4231 case 1");
	hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, d);
	STREQ(hex(d), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	      "HMAC-SHA-256, RFC 4231 case 2");
	memset(key, 0xaa, sizeof key);
	hmac_sha256(key, sizeof key,
		    "Test Using Larger Than Block-Size Key - Hash Key First", 54, d);
	STREQ(hex(d), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	      "HMAC-SHA-256, RFC 4231 case 6 (key longer than a block)");
	return tap_done();
}
