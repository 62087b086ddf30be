/* The rules that say whether two items can be one work, read from their
 * fields alone: the title key, generic titles, authors' family names, DOIs
 * that name no publication of their own. */
#include <ctype.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/utf8.h"
#include "store_int.h"

int store_title_key(struct buf *out, const char *title)
{
	struct buf f = BUF_INIT;
	const char *p;
	int space = 1, rc;
	size_t start = out->len;

	if (!title)
		return 0;
	rc = utf8_fold(&f, title, strlen(title));
	for (p = buf_cstr(&f); rc == 0 && *p;) {
		uint32_t cp;
		size_t n = utf8_decode(p, strlen(p), &cp);
		int sep;

		if (n == 0) {
			n = 1;
			cp = 0xfffd;
		}
		/* ASCII punctuation, Latin-1 punctuation (« » nbsp) and the
		 * General Punctuation block (curly quotes, dashes) separate
		 * words; letters of any script are kept */
		if (cp < 0x80)
			sep = !((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ||
				(cp >= 'A' && cp <= 'Z'));
		else
			sep = cp <= 0xbf || (cp >= 0x2000 && cp <= 0x206f) ||
			      cp == 0xfffd || (cp >= 0x3000 && cp <= 0x303f);
		if (sep) {
			if (!space) {
				rc = buf_addch(out, ' ');
				space = 1;
			}
		} else {
			rc = buf_add(out, p, n);
			space = 0;
		}
		p += n;
	}
	if (rc == 0 && out->len > start && out->data[out->len - 1] == ' ')
		buf_truncate(out, out->len - 1);
	buf_release(&f);
	return rc;
}

/* Words of the titles journals reuse every issue ("Guest editorial",
 * "Introduction to the special issue", "Message from the editor"), and
 * the little words around them, in title-key form. */
static const char *const generic_words[] = {
	"a", "an", "and", "the", "of", "on", "to", "in", "for", "from", "by",
	"with", "at", "our", "this", "its",
	"editorial", "editorials", "editor", "editors", "guest", "introduction",
	"introducing", "special", "issue", "issues", "section", "preface",
	"foreword", "message", "messages", "erratum", "errata", "corrigendum",
	"correction", "corrections", "retraction", "retracted", "notice",
	"expression", "concern", "call", "papers", "paper", "contents", "table",
	"front", "back", "matter", "cover", "index", "reviewers", "reviewer",
	"review", "reviews", "book", "books", "acknowledgment",
	"acknowledgments", "acknowledgement", "acknowledgements", "thanks",
	"memoriam", "obituary", "news", "letter", "letters", "reply",
	"comment", "comments", "response", "announcement", "announcements",
	"volume", "vol", "part", "board", "welcome", "conclusion",
	"conclusions", "summary", "abstracts", "proceedings", "conference",
	"workshop", "symposium", "year", "annual", "report", "highlights",
	"new", "note", "notes", "chief", "president", "presidents", "column",
	"corner", "update", "updates", "information", "authors", "author",
	"instructions", "masthead", "list", "referees", "award", "awards",
	/* French */
	"le", "la", "les", "du", "de", "des", "au", "aux", "et", "un", "une",
	"avant", "propos", "numero", "dossier", "presentation",
	"mot", "redaction", "sommaire",
};

/* Words and phrases (in title-key form, spaces around) that mark a
 * journal's recurring piece whatever else its title says: "Guest
 * Editorial: Special Issue on Digital Twins" appears in many journals. */
static const char *const generic_marks[] = {
	" editorial ", " editorials ", " erratum ", " errata ", " corrigendum ",
	" preface ", " foreword ", " retraction ", " memoriam ", " obituary ",
	" reviewers ", " masthead ", " special issue ", " special section ",
	" introduction to the ", " message from ", " issue information ",
	" table of contents ", " call for papers ", " in this issue ",
	" editor s note ", " editorial board ",
};

int store_title_generic(const char *k)
{
	char padded[512];
	int content = 0;

	if (strlen(k) + 3 <= sizeof padded) {
		padded[0] = ' ';
		memcpy(padded + 1, k, strlen(k));
		padded[strlen(k) + 1] = ' ';
		padded[strlen(k) + 2] = '\0';
		for (size_t i = 0; i < sizeof generic_marks / sizeof *generic_marks; i++)
			if (strstr(padded, generic_marks[i]))
				return 1;
	}

	while (*k && content < 2) {
		size_t n = strcspn(k, " "), i, digits = 0;
		int generic = 0;

		for (i = 0; i < n; i++)
			digits += isdigit((unsigned char)k[i]) != 0;
		if (digits == n || n == 1)
			generic = 1;
		for (i = 0; !generic && i < sizeof generic_words /
		     sizeof *generic_words; i++)
			generic = generic_words[i][0] == k[0] &&
				  !strncmp(generic_words[i], k, n) &&
				  generic_words[i][n] == '\0';
		content += !generic;
		k += n;
		while (*k == ' ')
			k++;
	}
	return content < 2;
}

/* DOI registrants whose DOIs name a preprint (arXiv, bioRxiv and medRxiv,
 * SSRN, Research Square, Preprints.org, OSF, ChemRxiv, TechRxiv,
 * Authorea) or a data set (Zenodo, figshare, Dryad, Mendeley Data): the
 * work's publisher DOI never contradicts them. */
static const char *const soft_prefixes[] = {
	"10.48550/", "10.1101/", "10.2139/", "10.21203/", "10.20944/",
	"10.31219/", "10.31222/", "10.31234/", "10.31235/", "10.26434/",
	"10.36227/", "10.22541/", "10.5281/", "10.6084/", "10.5061/",
	"10.17632/",
};

int store_doi_soft(const char *doi)
{
	for (size_t i = 0; i < sizeof soft_prefixes / sizeof *soft_prefixes; i++)
		if (!strncmp(doi, soft_prefixes[i], strlen(soft_prefixes[i])))
			return 1;
	return 0;
}

int store_dois_differ(const char *a, const char *b)
{
	if (!a || !b || !*a || !*b || store_doi_soft(a) || store_doi_soft(b))
		return 0;
	return strcmp(a, b) != 0;
}

/* The family name of one author, as a title key's last word, appended to
 * out with a space after: "Smith, John" and "John Smith" and "Smith J."
 * all give "smith". */
static int family_name(struct buf *out, const char *name, size_t n)
{
	char part[256];
	const char *comma = memchr(name, ',', n);
	struct buf k = BUF_INIT;
	const char *w, *best = NULL;
	size_t bl = 0;
	int rc;

	if (comma)
		n = (size_t)(comma - name);
	if (n >= sizeof part)
		n = sizeof part - 1;
	memcpy(part, name, n);
	part[n] = '\0';
	if (!comma) {
		/* the last word that is not initials: "J.", "JA", "J-P" */
		char *p = part + n;

		while (p > part) {
			char *e = p, *b;
			size_t up = 0, len;

			while (e > part && (e[-1] == ' ' || e[-1] == '.'))
				e--;
			b = e;
			while (b > part && b[-1] != ' ' && b[-1] != '.')
				b--;
			len = (size_t)(e - b);
			for (size_t i = 0; i < len; i++)
				up += isupper((unsigned char)b[i]) || b[i] == '-';
			if (len > 1 && !(len <= 3 && up == len)) {
				*e = '\0';
				memmove(part, b, len + 1);
				break;
			}
			p = b;
			if (p == part)
				break;
		}
	}
	rc = store_title_key(&k, part);
	for (w = buf_cstr(&k); rc == 0 && *w;) {
		size_t wl = strcspn(w, " ");

		best = w;
		bl = wl;
		w += wl;
		while (*w == ' ')
			w++;
	}
	if (rc == 0 && bl > 1) {
		rc = buf_add(out, best, bl);
		if (rc == 0)
			rc = buf_addch(out, ' ');
	}
	buf_release(&k);
	return rc;
}

/* The family names of "A; B; C" (at most 64), as " a b c ". */
static int family_names(struct buf *out, const char *authors)
{
	int rc = buf_addch(out, ' '), count = 0;

	while (rc == 0 && *authors && count++ < 64) {
		size_t n = strcspn(authors, ";");

		rc = family_name(out, authors, n);
		authors += n;
		while (*authors == ';' || *authors == ' ')
			authors++;
	}
	return rc;
}

int store_authors_agree(const char *a, const char *b)
{
	struct buf fa = BUF_INIT, fb = BUF_INIT;
	const char *w;
	int agree = 0;

	if (!a || !b || !*a || !*b)
		return -1;
	if (family_names(&fa, a) < 0 || family_names(&fb, b) < 0) {
		agree = -2;
		goto out;
	}
	if (fa.len < 3 || fb.len < 3) {
		agree = -1;
		goto out;
	}
	for (w = buf_cstr(&fa) + 1; *w && !agree;) {
		size_t wl = strcspn(w, " ");
		char word[130];

		if (wl + 2 < sizeof word) {
			word[0] = ' ';
			memcpy(word + 1, w, wl);
			word[wl + 1] = ' ';
			word[wl + 2] = '\0';
			agree = strstr(buf_cstr(&fb), word) != NULL;
		}
		w += wl;
		while (*w == ' ')
			w++;
	}
out:
	buf_release(&fa);
	buf_release(&fb);
	return agree;
}

const char *store_item_version(const struct store_item *it)
{
	int hard = it->doi && *it->doi && !store_doi_soft(it->doi);

	if (hard)
		return "published";
	if ((it->arxiv_id && *it->arxiv_id) || (it->hal_id && *it->hal_id) ||
	    (it->doi && *it->doi))
		return "preprint";
	return it->feed_kind && !strcmp(it->feed_kind, "publication") ?
	       "published" : "news";
}
