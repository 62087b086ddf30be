/* Fuzz target: the feeds.conf reader and validator. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf c;
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';	/* the reader stops at a NUL like a C string */
	conf_init(&c);
	conf_load_string(&c, "fuzz.conf", text);
	conf_release(&c);
	free(text);
	return 0;
}
