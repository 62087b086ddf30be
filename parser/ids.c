/* Identifiers (DOI, arXiv, HAL) found in an item's strings, and the
 * completion of an item before delivery.
 *
 * DOIs are read as the DOI Handbook writes them (section 2.4 and 3.8):
 * "10." and a registrant code, "/" and a suffix of any printable
 * characters, compared without regard to ASCII case. In a URL the suffix
 * is percent-encoded and ends at the query or fragment; what follows it in
 * the path (a publisher's "/full", "/pdf", a file name) is not part of it.
 * DOIs are kept in lower case, so that equal DOIs are equal strings. */
#include <ctype.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/str.h"
#include "parser_int.h"

/* A DOI longer than this is not one (the longest registered are about
 * 300 bytes). */
#define DOI_MAX 512

/* A copy of the n bytes at q into *out: 0, or -1 when out of memory. */
static int found(const char *q, size_t n, char **out)
{
	*out = v_strndup(q, n);
	return *out ? 0 : -1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Case-insensitive search of an ASCII needle (lower case) in a long
 * text: strpbrk() looks for the two cases of its letter at anchor, one
 * rare in text ('x' of "arxiv"), and the rest is compared there. */
static const char *find_ci(const char *s, const char *needle, size_t anchor)
{
	char pick[3];
	size_t n = strlen(needle);
	const char *q;

	pick[0] = needle[anchor];
	pick[1] = (char)toupper((unsigned char)needle[anchor]);
	pick[2] = '\0';
	for (q = strpbrk(s, pick); q; q = strpbrk(q + 1, pick))
		if ((size_t)(q - s) >= anchor &&
		    !str_ncasecmp(q - anchor, needle, n))
			return q - anchor;
	return NULL;
}

/* Path segments publishers add after a DOI in their article URLs. */
static const char *const doi_tails[] = {
	"abs", "abstract", "full", "fulltext", "pdf", "epdf", "pdfdirect",
	"meta", "html", "references", "figures", "tables", "citedby",
	"metrics", "suppl", "supplemental", "download", "view", "reader",
	"toc", "info", "summary", "epub", "xml", "bibtex", "ris",
};

/* File suffixes that end a link, not a DOI. */
static const char *const doi_files[] = {
	".full.pdf", ".full.html", ".full", ".abstract", ".pdf", ".html",
	".htm", ".xml", ".epub", ".ris", ".bib", ".txt",
};

static int ends_with_ci(const char *s, size_t n, const char *sfx, size_t *at)
{
	size_t k = strlen(sfx);

	if (n <= k || str_ncasecmp(s + n - k, sfx, k))
		return 0;
	*at = n - k;
	return 1;
}

/* In d[0 .. *n), a DOI "10.R/S" (lower case, decoded) read from a link:
 * drops what the link adds after it, publishers' path segments ("/full",
 * "/pdf") and file suffixes (".pdf"). */
static void doi_trim_link(const char *d, size_t *n)
{
	const char *sl = memchr(d, '/', *n);
	size_t base = (size_t)(sl - d) + 1, at;
	int again = 1;

	while (again) {
		const char *last;
		size_t seg;

		again = 0;
		while (*n > base && d[*n - 1] == '/')
			(*n)--;
		last = d + *n;
		while (last > d + base && last[-1] != '/')
			last--;
		seg = (size_t)(d + *n - last);
		for (size_t i = 0; last > d + base &&
		     i < sizeof doi_tails / sizeof *doi_tails; i++)
			if (strlen(doi_tails[i]) == seg &&
			    !memcmp(last, doi_tails[i], seg)) {
				*n = (size_t)(last - d) - 1;
				again = 1;
				break;
			}
		for (size_t i = 0; !again && i < sizeof doi_files / sizeof *doi_files; i++)
			if (ends_with_ci(d, *n, doi_files[i], &at) && at > base) {
				*n = at;
				again = 1;
			}
	}
}

/* Registrant-specific shapes, in d[0 .. *n) (lower case): ACM's delivery
 * links carry 10.1145/<bucket>/<number>/<file>, whose DOI is
 * 10.1145/<number>; bioRxiv's and medRxiv's links add the version
 * ("v2") to the DOI. */
static void doi_registrant(char *d, size_t *n)
{
	size_t i = 8;

	if (*n > 8 && !memcmp(d, "10.1145/", 8)) {
		while (i < *n && isdigit((unsigned char)d[i]))
			i++;
		if (i < *n && d[i] == '/' && i >= 12 &&
		    isdigit((unsigned char)d[i + 1])) {
			size_t k = strcspn(d + i + 1, "/");

			if (i + 1 + k > *n)
				k = *n - i - 1;
			memmove(d + 8, d + i + 1, k);
			*n = 8 + k;
		}
	} else if (*n > 8 && !memcmp(d, "10.1101/", 8)) {
		size_t k = *n;

		while (k > 8 && isdigit((unsigned char)d[k - 1]))
			k--;
		if (k < *n && d[k - 1] == 'v' && k > 9 &&
		    isdigit((unsigned char)d[k - 2]))
			*n = k - 1;
	}
}

/* Drops trailing punctuation that a sentence or a markup puts after a DOI:
 * a closing bracket only when the DOI does not open it. */
static void doi_trim_text(const char *d, size_t *n)
{
	while (*n > 0) {
		char c = d[*n - 1];
		const char *open = c == ')' ? "(" : c == ']' ? "[" :
				   c == '}' ? "{" : NULL;

		if (strchr(".,;:'\"!?*", c) && c) {
			(*n)--;
			continue;
		}
		if (open) {
			int depth = 0;

			for (size_t i = 0; i < *n; i++)
				depth += d[i] == *open ? 1 : d[i] == c ? -1 : 0;
			if (depth < 0) {
				(*n)--;
				continue;
			}
		}
		break;
	}
}

/* Reads the DOI starting at q ("10."), up to end or a character that ends
 * it; url: inside a URL (percent-encoded, ends at '?' or '#', publisher
 * path segments and file names after it dropped). 1 and *out set, 0 when
 * q does not start a DOI, -1 when out of memory. */
static int doi_at(const char *q, int url, char **out)
{
	char d[DOI_MAX + 1];
	size_t n = 0, nd = 0, slash;
	const char *p = q + 3;

	while (isdigit((unsigned char)p[nd]) || (p[nd] == '.' && nd &&
	       isdigit((unsigned char)p[nd + 1])))
		nd++;
	if (nd < 4 || nd > 12 || !(p[nd] == '/' || (url && p[nd] == '%' &&
	    p[nd + 1] == '2' && tolower((unsigned char)p[nd + 2]) == 'f')))
		return 0;
	for (p = q; *p && n < DOI_MAX; p++) {
		int c = (unsigned char)*p;

		if (isspace(c) || c == '"' || c == '<' || c == '>' || c < 0x20 ||
		    c == 0x7f)
			break;
		if (url && (c == '?' || c == '#' || c == '&'))
			break;
		if (url && c == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			c = hexval(p[1]) * 16 + hexval(p[2]);
			p += 2;
			if (c < 0x21 || c == 0x7f)
				break;
		}
		d[n++] = (char)tolower(c);
	}
	if (n == DOI_MAX)
		return 0;
	d[n] = '\0';
	slash = (size_t)(strchr(d, '/') - d);
	if (url)
		doi_trim_link(d, &n);
	doi_trim_text(d, &n);
	doi_registrant(d, &n);
	d[n] = '\0';
	if (n <= slash + 1)
		return 0;
	/* arXiv's DataCite DOIs name an arXiv id, not a publication */
	if (!strncmp(d, "10.48550/", 9))
		return 0;
	return found(d, n, out) < 0 ? -1 : 1;
}

/* Whether the DOI at q, inside s, is part of an http(s) URL. */
static int in_url(const char *s, const char *q)
{
	const char *sp = q;

	while (sp > s && !isspace((unsigned char)sp[-1]) && sp[-1] != '"' &&
	       sp[-1] != '<' && sp[-1] != '>')
		sp--;
	return !str_ncasecmp(sp, "http://", 7) || !str_ncasecmp(sp, "https://", 8);
}

int parser_find_doi(const char *s, char **out)
{
	const char *q;

	*out = NULL;
	if (!s)
		return 0;
	for (q = strstr(s, "10."); q; q = strstr(q + 1, "10.")) {
		int rc;

		if (q > s && isalnum((unsigned char)q[-1]) && q[-1] != 'i' &&
		    q[-1] != 'I')
			continue;
		rc = doi_at(q, in_url(s, q), out);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
	}
	return 0;
}

int parser_link_doi(const char *link, char **out)
{
	const char *p, *q;

	*out = NULL;
	if (!link || !(p = strstr(link, "://")))
		return 0;
	p += 3;
	p += strcspn(p, "/?#");
	/* a path segment that starts a DOI: doi.org/10..., /doi/abs/10...,
	 * /article/10..., delivery.acm.org/10.1145/... */
	for (q = p; *q && *q != '?' && *q != '#'; q++) {
		int rc;

		if (*q != '/' || strncmp(q + 1, "10.", 3))
			continue;
		rc = doi_at(q + 1, 1, out);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
	}
	/* ...?doi=10... */
	q = p + strcspn(p, "?#");
	while (*q == '?' || *q == '&') {
		q++;
		if (!str_ncasecmp(q, "doi=", 4) && !strncmp(q + 4, "10.", 3)) {
			int rc = doi_at(q + 4, 1, out);

			return rc < 0 ? -1 : 0;
		}
		q += strcspn(q, "&#");
	}
	return 0;
}

int parser_text_doi(const char *s, char **out)
{
	static const char *const marks[] = { "doi.org/", "doi:", "doi" };
	const char *q;

	*out = NULL;
	if (!s)
		return 0;
	/* "10." is rare in text and strstr() fast: the mark is looked for
	 * just before it */
	for (q = strstr(s, "10."); q; q = strstr(q + 1, "10.")) {
		const char *m = q;

		while (m > s && m[-1] == ' ')
			m--;
		for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
			size_t ml = strlen(marks[k]);
			int rc;

			if ((size_t)(m - s) < ml ||
			    str_ncasecmp(m - ml, marks[k], ml) ||
			    (k == 2 && m == q))
				continue;
			rc = doi_at(q, k == 0 && in_url(s, m - ml), out);
			if (rc != 0)
				return rc < 0 ? -1 : 0;
		}
	}
	return 0;
}

/* A new-scheme arXiv id at s: YYMM.NNNN (2007 to 2014) or YYMM.NNNNN
 * (from 2015), then maybe a version; *len is the id's length without it. */
static int is_new_arxiv(const char *s, size_t *len)
{
	size_t i = 0;
	int mm;

	while (i < 4 && isdigit((unsigned char)s[i]))
		i++;
	if (i != 4 || s[4] != '.')
		return 0;
	mm = (s[2] - '0') * 10 + (s[3] - '0');
	if (mm < 1 || mm > 12)
		return 0;
	i = 5;
	while (isdigit((unsigned char)s[i]))
		i++;
	if (i != (memcmp(s, "1501", 4) < 0 ? 9u : 10u))
		return 0;
	*len = i;
	return 1;
}

/* An old-scheme arXiv id at s: archive(.SC)/YYMMNNN, then maybe a
 * version. The id is archive/YYMMNNN: the subject class is not part of
 * it. 1 with *out set, 0 when none, -1 when out of memory. */
static int old_arxiv(const char *s, char **out)
{
	const char *p = s, *dot = NULL;
	size_t i = 1;

	while (islower((unsigned char)*p) || *p == '-')
		p++;
	if (p == s)
		return 0;
	if (*p == '.') {
		dot = p++;
		while (isalpha((unsigned char)*p) || *p == '-')
			p++;
	}
	if (*p != '/')
		return 0;
	while (isdigit((unsigned char)p[i]))
		i++;
	if (i != 8)
		return 0;
	{
		struct buf b = BUF_INIT;
		int rc = buf_add(&b, s, (size_t)((dot ? dot : p) - s));

		if (rc == 0)
			rc = buf_add(&b, p, 8);
		*out = rc == 0 ? buf_detach(&b, NULL) : NULL;
		buf_release(&b);
		return *out ? 1 : -1;
	}
}

static int arxiv_at(const char *q, char **out)
{
	size_t n;

	if (is_new_arxiv(q, &n))
		return found(q, n, out) < 0 ? -1 : 1;
	return old_arxiv(q, out);
}

int parser_find_arxiv_id(const char *s, char **out)
{
	static const char *const marks[] = {
		"arxiv.org/abs/", "arxiv.org/pdf/", "arxiv.org/html/",
		"arxiv.org/format/", "oai:arxiv.org:", "10.48550/arxiv.",
		"arxiv:", "arxiv ",
	};
	const char *q;

	*out = NULL;
	if (!s)
		return 0;
	for (q = find_ci(s, "arxiv", 2); q; q = find_ci(q + 1, "arxiv", 2)) {
		const char *m = q;

		/* the marks that start before "arxiv" */
		if (q - s >= 4 && !str_ncasecmp(q - 4, "oai:", 4))
			m = q - 4;
		else if (q - s >= 9 && !str_ncasecmp(q - 9, "10.48550/", 9))
			m = q - 9;
		for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
			size_t ml = strlen(marks[k]);
			const char *id = m + ml;
			int rc;

			if (str_ncasecmp(m, marks[k], ml))
				continue;
			while (k >= 6 && *id == ' ')
				id++;
			rc = arxiv_at(id, out);
			if (rc != 0)
				return rc < 0 ? -1 : 0;
		}
	}
	return 0;
}

int parser_find_hal_id(const char *s, char **out)
{
	static const char *const pfx[] = { "hal-", "halshs-", "tel-",
					   "inria-", "hal-cea-", "cea-",
					   "halsde-", "hceres-", "in2p3-",
					   "insu-", "ineris-", "irsn-",
					   "pasteur-", "dumas-", "hprints-",
					   "lirmm-", "emse-", "ensl-" };
	const char *q;

	*out = NULL;
	if (!s)
		return 0;
	for (size_t k = 0; k < sizeof(pfx) / sizeof(pfx[0]); k++) {
		size_t pl = strlen(pfx[k]);

		for (q = strstr(s, pfx[k]); q; q = strstr(q + 1, pfx[k])) {
			size_t i = 0;

			if (q > s && isalnum((unsigned char)q[-1]))
				continue;
			while (isdigit((unsigned char)q[pl + i]))
				i++;
			/* the version ("v2") is not part of the id */
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

/* The identifiers an item's id, link and text name, where its elements
 * gave none: the id first, then the link, then the summary and content
 * (only DOIs and arXiv ids written as such: "doi:", "doi.org/",
 * "arXiv:"; no DOI from the text of an arXiv entry). */
static int item_ids(struct feed_item *it)
{
	const char *text[2];

	text[0] = it->summary;
	text[1] = it->content;
	if (!it->doi && (parser_link_doi(it->id, &it->doi) < 0 ||
	    (!it->doi && parser_link_doi(it->link, &it->doi) < 0)))
		return -1;
	if (!it->doi && strncmp(it->id, "http", 4) &&
	    parser_find_doi(it->id, &it->doi) < 0)
		return -1;
	if (!it->arxiv_id &&
	    (parser_find_arxiv_id(it->id, &it->arxiv_id) < 0 ||
	     (!it->arxiv_id &&
	      parser_find_arxiv_id(it->link, &it->arxiv_id) < 0)))
		return -1;
	if (!it->hal_id && (strstr(it->id, "hal") || strstr(it->id, "HAL") ||
	    (it->link && strstr(it->link, "hal."))) &&
	    (parser_find_hal_id(it->id, &it->hal_id) < 0 ||
	     (!it->hal_id && parser_find_hal_id(it->link, &it->hal_id) < 0)))
		return -1;
	for (size_t i = 0; i < 2; i++) {
		/* an arXiv entry's abstract cites other works' DOIs; its
		 * own comes in arxiv:doi */
		if (!it->doi && !it->arxiv_id &&
		    parser_text_doi(text[i], &it->doi) < 0)
			return -1;
		if (!it->arxiv_id && text[i] &&
		    parser_find_arxiv_id(text[i], &it->arxiv_id) < 0)
			return -1;
	}
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
	return item_ids(it);
}
