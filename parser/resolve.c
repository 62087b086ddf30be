/* Links resolved against a base: parser_url_resolve() (see parser_int.h),
 * used by the XML parser, the HTML sanitiser and the JSON Feed reader. */
#include <ctype.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/url.h"
#include "parser_int.h"

/* An absolute http(s) URL that the URL API hands back unchanged: a
 * lower-case scheme and host name, a path, only plain URL characters, no
 * dot segment. Not an empty host, nor one made of numbers only, which
 * curl reads as an IPv4 address and rewrites ("0x7f.1" is 127.0.0.1).
 * Sets *origin (may be NULL) to the length of "scheme://host". */
int parser_url_plain(const char *s, size_t *origin)
{
	const char *q, *h;
	int numeric = 1, lab = 0, hex = 0;

	if (!strncmp(s, "https://", 8))
		q = s + 8;
	else if (!strncmp(s, "http://", 7))
		q = s + 7;
	else
		return 0;
	for (h = q; *q && *q != '/'; q++) {
		unsigned char c = (unsigned char)*q;

		if (!islower(c) && !isdigit(c) && c != '.' && c != '-')
			return 0;
		if (c == '.') {
			lab = hex = 0;
			continue;
		}
		if (lab == 1 && c == 'x' && q[-1] == '0')
			hex = 1;
		else if (!isdigit(c) && !(hex && isxdigit(c)))
			numeric = 0;
		lab++;
	}
	if (q == h || numeric || *q != '/')
		return 0;
	if (origin)
		*origin = (size_t)(q - s);
	for (; *q; q++) {
		unsigned char c = (unsigned char)*q;

		if (c <= ' ' || c >= 0x7F || c == '"' || c == '<' || c == '>' ||
		    c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' ||
		    c == '}' || c == '#' || c == '%' || (c == '/' && q[1] == '.') ||
		    (c == '?' && !q[1]))
			return 0;
	}
	return 1;
}

int parser_url_resolve(const char *base, const char *ref, char **out)
{
	size_t ol, rl;
	char *j;

	*out = NULL;
	if (!ref)
		return 0;
	if (parser_url_plain(ref, NULL))
		return (*out = v_strdup(ref)) ? 0 : -1;
	if (ref[0] == '/' && ref[1] != '/' && base && parser_url_plain(base, &ol)) {
		rl = strlen(ref);
		if (!(j = v_malloc(ol + rl + 1)))
			return -1;
		memcpy(j, base, ol);
		memcpy(j + ol, ref, rl + 1);
		if (parser_url_plain(j, NULL)) {
			*out = j;
			return 0;
		}
		v_free(j);
	}
	return url_resolve_checked(base, ref, out);
}

