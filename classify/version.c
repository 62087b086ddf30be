/* PCRE2's version and JIT support. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "classify.h"

int classify_version(struct buf *out)
{
	char ver[64] = "";
	uint32_t jit = 0;

	pcre2_config(PCRE2_CONFIG_VERSION, ver);
	pcre2_config(PCRE2_CONFIG_JIT, &jit);
	return buf_addf(out, "PCRE2 %s (JIT %s)", ver,
			jit ? "available" : "not available");
}
