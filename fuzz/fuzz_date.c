/* Fuzz target: date_parse, including its curl_getdate fallback. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../parser/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[512];
	int64_t t;

	if (size >= sizeof(s))
		size = sizeof(s) - 1;
	memcpy(s, data, size);
	s[size] = '\0';
	/* A date it accepts is within the years the checks allow (1000-9999,
	 * give or take a zone offset). */
	if (date_parse(s, &t) == 0 && (t < -30610224000LL - 86400 || t > 253402300799LL + 86400))
		abort();
	return 0;
}
