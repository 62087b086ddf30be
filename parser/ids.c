/* Identifiers (DOI, arXiv, HAL) found in an item's strings, and the
 * completion of an item before delivery. */
#include <ctype.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/str.h"
#include "parser_int.h"

/* A copy of the n bytes at q into *out: 0, or -1 when out of memory. */
static int found(const char *q, size_t n, char **out)
{
	*out = v_strndup(q, n);
	return *out ? 0 : -1;
}

int parser_find_doi(const char *s, char **out)
{
	const char *q, *e;

	*out = NULL;
	if (!s)
		return 0;
	for (q = strstr(s, "10."); q; q = strstr(q + 1, "10.")) {
		const char *d = q + 3;
		size_t nd = 0;

		if (q > s && isalnum((unsigned char)q[-1]) && q[-1] != 'i')
			continue;
		while (isdigit((unsigned char)d[nd]))
			nd++;
		if (nd < 4 || nd > 9 || d[nd] != '/')
			continue;
		e = d + nd + 1;
		while (*e && !isspace((unsigned char)*e) && *e != '"' &&
		       *e != '<' && *e != '>')
			e++;
		while (e > d + nd + 1 && strchr(".,;)]", e[-1]))
			e--;
		if (e == d + nd + 1)
			continue;
		return found(q, (size_t)(e - q), out);
	}
	return 0;
}

static int is_new_arxiv(const char *s, size_t *len)
{
	size_t i = 0;

	while (i < 4 && isdigit((unsigned char)s[i]))
		i++;
	if (i != 4 || s[4] != '.')
		return 0;
	i = 5;
	while (isdigit((unsigned char)s[i]))
		i++;
	if (i < 9 || i > 10)
		return 0;
	*len = i;
	return 1;
}

int parser_find_arxiv_id(const char *s, char **out)
{
	const char *q = NULL, *p;
	size_t n;

	*out = NULL;
	if (!s)
		return 0;
	if ((p = strstr(s, "arxiv.org/abs/")))
		q = p + 14;
	else if ((p = strstr(s, "arxiv.org/pdf/")))
		q = p + 14;
	else if (!strncmp(s, "arXiv:", 6) || !strncmp(s, "arxiv:", 6))
		q = s + 6;
	else if (!strncmp(s, "oai:arXiv.org:", 14))
		q = s + 14;
	if (!q)
		return 0;
	if (is_new_arxiv(q, &n))
		return found(q, n, out);
	/* old style: archive(.subject)/YYMMNNN */
	p = q;
	while (*p && (islower((unsigned char)*p) || *p == '-' || *p == '.' ||
		      isupper((unsigned char)*p)))
		p++;
	if (p > q && *p == '/') {
		size_t i = 1;

		while (isdigit((unsigned char)p[i]))
			i++;
		if (i == 8)
			return found(q, (size_t)(p - q) + 8, out);
	}
	return 0;
}

int parser_find_hal_id(const char *s, char **out)
{
	static const char *const pfx[] = { "hal-", "halshs-", "tel-",
					   "inria-", "hal-cea-", "cea-" };
	const char *q;

	*out = NULL;
	if (!s)
		return 0;
	for (size_t k = 0; k < sizeof(pfx) / sizeof(pfx[0]); k++) {
		size_t pl = strlen(pfx[k]);

		for (q = strstr(s, pfx[k]); q; q = strstr(q + 1, pfx[k])) {
			size_t i = 0;

			if (q > s && isalpha((unsigned char)q[-1]))
				continue;
			while (isdigit((unsigned char)q[pl + i]))
				i++;
			if (i == 8)
				return found(q, pl + 8, out);
		}
	}
	return 0;
}

int parser_strv_add(char ***v, size_t *n, const char *s)
{
	char **nv, *d;

	if (!s || !*s)
		return 0;
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], s))
			return 0;
	if (!(d = v_strdup(s)))
		return -1;
	nv = v_reallocarray(*v, *n + 1, sizeof(*nv));
	if (!nv) {
		v_free(d);
		return -1;
	}
	nv[(*n)++] = d;
	*v = nv;
	return 0;
}

int parser_item_finish(struct feed_item *it, const char *feed_key)
{
	if (!it->id && it->link && !(it->id = v_strdup(it->link)))
		return -1;
	if (!it->id) {
		struct buf b = BUF_INIT;
		char hex[17];

		if (buf_addstr(&b, feed_key ? feed_key : "") < 0 ||
		    buf_addch(&b, '\n') < 0 ||
		    buf_addstr(&b, it->title ? it->title : "") < 0 ||
		    buf_addf(&b, "\n%lld", (long long)(it->published !=
			     FEED_NO_DATE ? it->published : it->updated)) < 0) {
			buf_release(&b);
			return -1;
		}
		str_hash_hex(b.data, b.len, hex);
		buf_release(&b);
		if (!(it->id = v_malloc(32)))
			return -1;
		memcpy(it->id, "urn:veille:", 11);
		memcpy(it->id + 11, hex, 17);
		it->flags |= FEED_ITEM_ID_SYNTHESISED;
	}
	if (!it->doi) {
		if (parser_find_doi(it->id, &it->doi) < 0)
			return -1;
		if (!it->doi && it->link && strstr(it->link, "doi.org/") &&
		    parser_find_doi(it->link, &it->doi) < 0)
			return -1;
	}
	if (!it->arxiv_id &&
	    (parser_find_arxiv_id(it->id, &it->arxiv_id) < 0 ||
	     (!it->arxiv_id &&
	      parser_find_arxiv_id(it->link, &it->arxiv_id) < 0)))
		return -1;
	if (!it->hal_id && (strstr(it->id, "hal") || strstr(it->id, "HAL")) &&
	    (parser_find_hal_id(it->id, &it->hal_id) < 0 ||
	     (!it->hal_id && parser_find_hal_id(it->link, &it->hal_id) < 0)))
		return -1;
	return 0;
}
