/* Text and HTML rendering of a digest, in French or English. Every value
 * that came from a feed goes through digest_html_escape() in HTML, and only
 * http(s) links are ever emitted. */
#include <stdint.h>
#include <string.h>

#include "digest.h"
#include "../util/str.h"
#include "../util/url.h"
#include "../util/utf8.h"

#define WIDTH 76

struct words {
	const char *title, *week, *new1, *newn, *nothing, *none_body,
	    *hello, *in_niches, *prev, *new_terms, *source, *also, *unsub,
	    *archive, *why, *links, *to, *undated, *note;
	const char *const *months;
};

static const char *const months_fr[] = {
	"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre"
};
static const char *const months_en[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* French typography: a no-break space before a colon (U+00A0, in UTF-8) */
#define NBSP "\xc2\xa0"

static const struct words words_fr = {
	"Veille Maintenance 4.0", "semaine", "nouveauté", "nouveautés",
	"rien de nouveau",
	"Rien de nouveau cette semaine dans les niches que vous suivez.",
	"Bonjour", "Cette semaine dans vos niches" NBSP ":",
	"par rapport à la semaine précédente",
	"Nouveaux termes cette semaine" NBSP ":", "Source" NBSP ":",
	"Également dans" NBSP ":", "Se désabonner" NBSP ":", "Archives" NBSP ":",
	"Vous recevez ce message parce que vous êtes membre du Cluster "
	"Maintenance 4.0.",
	"Liens" NBSP ":", "au", "sans date", "Note de l’analyste" NBSP ":",
	months_fr
};
static const struct words words_en = {
	"Maintenance 4.0 watch", "week", "new item", "new items",
	"nothing new",
	"Nothing new this week in the niches you follow.",
	"Hello", "This week in your niches:", "vs. the previous week",
	"New in the watch:", "Source:", "Also:", "Unsubscribe:",
	"Archive:",
	"You receive this email as a member of Cluster Maintenance 4.0.",
	"Links:", "to", "undated", "Analyst’s note:", months_en
};

static const struct words *W(const struct digest *d)
{
	return d->member.lang == DIGEST_EN ? &words_en : &words_fr;
}

/* The analyst's note in d's language: in French, a space before : ; ! ?
 * becomes the no-break space French typography puts there. */
static int note_text(const struct digest *d, const char *note, struct buf *out)
{
	const char *p;

	for (p = note; *p; p++) {
		if (d->member.lang != DIGEST_EN && *p == ' ' && p[1] &&
		    strchr(":;!?", p[1])) {
			if (buf_addstr(out, NBSP) < 0)
				return -1;
		} else if (buf_addch(out, *p) < 0) {
			return -1;
		}
	}
	return 0;
}

int digest_html_escape(struct buf *out, const char *s)
{
	struct buf r = BUF_INIT;
	const char *p;
	int rc = 0;

	if (s == NULL)
		return 0;
	if (utf8_repair(&r, s, strlen(s)) < 0) {
		buf_release(&r);
		return -1;
	}
	for (p = buf_cstr(&r); *p && rc == 0; p++) {
		switch (*p) {
		case '&': rc = buf_addstr(out, "&amp;"); break;
		case '<': rc = buf_addstr(out, "&lt;"); break;
		case '>': rc = buf_addstr(out, "&gt;"); break;
		case '"': rc = buf_addstr(out, "&quot;"); break;
		case '\'': rc = buf_addstr(out, "&#39;"); break;
		default:
			/* control characters have no business in mail */
			rc = buf_addch(out, ((unsigned char)*p < 0x20 &&
					     *p != '\n' && *p != '\t') ? ' ' : *p);
		}
	}
	buf_release(&r);
	return rc;
}

static int link_ok(const char *u)
{
	struct err e;

	return u != NULL && url_check_http(u, &e) == 0 &&
	       strpbrk(u, " \t\r\n\"'<>") == NULL;
}

int digest_subject(const struct digest *d, struct buf *out, struct err *e)
{
	const struct words *w = W(d);
	long n = digest_total(d);
	int rc;

	if (n == 0)
		rc = buf_addf(out, "%s — %s %d%s %s", w->title, w->week,
			      d->week.week, w == &words_fr ? NBSP ":" : ":", w->nothing);
	else
		rc = buf_addf(out, "%s — %s %d%s %ld %s", w->title, w->week,
			      d->week.week, w == &words_fr ? NBSP ":" : ":", n,
			      n == 1 ? w->new1 : w->newn);
	return rc < 0 ? err_set(e, "out of memory") : 0;
}

static int date_str(const struct digest *d, const struct digest_mail *m,
		    int64_t t, struct buf *out)
{
	int y, mo, dd;
	struct err e;

	if (t == DIGEST_NO_DATE ||
	    digest_local_date(t, m->tz, &y, &mo, &dd, &e) < 0)
		return 0;
	if (d->member.lang == DIGEST_EN)
		return buf_addf(out, "%d %s %d", dd, W(d)->months[mo - 1], y);
	return buf_addf(out, "%d%s %s %d", dd, dd == 1 ? "er" : "",
			W(d)->months[mo - 1], y);
}

/* "23 to 29 November 2026"; "du 23 au 29 novembre 2026", "du 1er au 7
 * mars 2027" */
static int range_str(const struct digest *d, const struct digest_mail *m,
		     struct buf *out)
{
	int y1, m1, d1, y2, m2, d2, fr = d->member.lang != DIGEST_EN;
	const char *e1, *e2;
	struct err e;

	if (digest_local_date(d->week.start, m->tz, &y1, &m1, &d1, &e) < 0 ||
	    digest_local_date(d->week.end - 1, m->tz, &y2, &m2, &d2, &e) < 0)
		return 0;
	e1 = fr && d1 == 1 ? "er" : "";
	e2 = fr && d2 == 1 ? "er" : "";
	if (fr && buf_addstr(out, "du ") < 0)
		return -1;
	if (y1 != y2)
		return buf_addf(out, "%d%s %s %d %s %d%s %s %d", d1, e1,
				W(d)->months[m1 - 1], y1, W(d)->to, d2, e2,
				W(d)->months[m2 - 1], y2);
	if (m1 != m2)
		return buf_addf(out, "%d%s %s %s %d%s %s %d", d1, e1,
				W(d)->months[m1 - 1], W(d)->to, d2, e2,
				W(d)->months[m2 - 1], y2);
	return buf_addf(out, "%d%s %s %d%s %s %d", d1, e1, W(d)->to, d2, e2,
			W(d)->months[m2 - 1], y2);
}

static int change_str(const struct digest_section *s, struct buf *out)
{
	long diff;

	if (s->prev_count < 0)
		return 0;
	diff = s->count - s->prev_count;
	return buf_addf(out, "%s%ld", diff > 0 ? "+" : (diff == 0 ? "±" : ""),
			diff);
}

/* The snippet cut to DIGEST_SNIPPET_MAX characters at a word boundary. */
static int snippet(const char *s, struct buf *out)
{
	struct buf r = BUF_INIT;
	size_t i = 0, chars = 0, cut = 0, n;
	const char *p;
	int rc;

	if (s == NULL)
		return 0;
	if (digest_header_clean(&r, s) < 0) {	/* one line, valid UTF-8 */
		buf_release(&r);
		return -1;
	}
	p = buf_cstr(&r);
	n = r.len;
	while (i < n && chars < DIGEST_SNIPPET_MAX) {
		uint32_t cp;
		size_t k = utf8_decode(p + i, n - i, &cp);
		if (k == 0)
			k = 1;
		if (p[i] == ' ')
			cut = i;
		i += k;
		chars++;
	}
	if (i >= n) {
		rc = buf_addstr(out, str_trim(r.data ? r.data : (char *)""));
	} else {
		if (cut == 0)
			cut = i;
		r.data[cut] = '\0';
		rc = buf_addf(out, "%s…", str_trim(r.data));
	}
	buf_release(&r);
	return rc;
}

static size_t cols(const char *s, size_t n)
{
	size_t i = 0, c = 0;
	uint32_t cp;

	while (i < n) {
		size_t k = utf8_decode(s + i, n - i, &cp);
		i += k ? k : 1;
		c++;
	}
	return c;
}

/* Appends text word-wrapped to WIDTH columns, every line prefixed with
 * indent (and first with first, of the same width). */
static int wrap(struct buf *out, const char *first, const char *indent,
		const char *text)
{
	struct buf clean = BUF_INIT;
	const char *p, *w;
	size_t col, wl, wc;
	int rc = 0, empty = 1;

	if (digest_header_clean(&clean, text) < 0) {
		buf_release(&clean);
		return -1;
	}
	rc = buf_addstr(out, first);
	col = cols(first, strlen(first));
	for (p = buf_cstr(&clean); *p && rc == 0;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && *p != ' ')
			p++;
		wl = (size_t)(p - w);
		wc = cols(w, wl);
		if (!empty && col + 1 + wc > WIDTH) {
			rc = buf_addf(out, "\n%s", indent);
			col = cols(indent, strlen(indent));
			empty = 1;
		}
		if (rc == 0 && !empty) {
			rc = buf_addch(out, ' ');
			col++;
		}
		if (rc == 0)
			rc = buf_add(out, w, wl);
		col += wc;
		empty = 0;
	}
	if (rc == 0)
		rc = buf_addch(out, '\n');
	buf_release(&clean);
	return rc;
}

static int count_line(struct buf *out, const struct digest *d,
		      const struct digest_section *s)
{
	struct buf t = BUF_INIT;
	int rc;

	rc = buf_addf(&t, "%s%s %ld", s->label, W(d) == &words_fr ? NBSP ":" : ":",
		      s->count);
	if (rc == 0 && s->prev_count >= 0) {
		rc = buf_addstr(&t, " (");
		if (rc == 0)
			rc = change_str(s, &t);
		if (rc == 0)
			rc = buf_addf(&t, " %s)", W(d)->prev);
	}
	if (rc == 0)
		rc = wrap(out, "  ", "    ", buf_cstr(&t));
	buf_release(&t);
	return rc;
}

/* The member's https unsubscribe URL, else the mailto one: 1 when found. */
static int unsub_url(const struct digest *d, const struct digest_mail *m,
		     struct buf *t, int *rc)
{
	int r = digest_unsubscribe_url(d, m, m->unsubscribe_https, "https://", t);

	if (r == 0)
		r = digest_unsubscribe_url(d, m, m->unsubscribe_mailto, "mailto:",
					   t);
	if (r < 0)
		*rc = -1;
	return r > 0;
}

/* The entry's date, or the word for an undated one. */
static int entry_date(const struct digest *d, const struct digest_mail *m,
		      const struct digest_entry *en, struct buf *out)
{
	if (en->published == DIGEST_NO_DATE)
		return buf_addstr(out, W(d)->undated);
	return date_str(d, m, en->published, out);
}

/* The one line that stands for the week's backlog, never listed. */
static int backlog_str(const struct digest *d, struct buf *out)
{
	if (d->member.lang == DIGEST_EN)
		return d->backlog == 1 ?
			buf_addstr(out, "Archived, not sent: 1 earlier item (a "
				   "source's first crawl, or dated more than a "
				   "week before veille found it).") :
			buf_addf(out, "Archived, not sent: %ld earlier items (a "
				 "source's first crawl, or dated more than a "
				 "week before veille found them).", d->backlog);
	return d->backlog == 1 ?
		buf_addstr(out, "1 article plus ancien a été archivé sans être "
			   "envoyé (première collecte d’une source, ou paru "
			   "plus d’une semaine avant d’être repéré).") :
		buf_addf(out, "%ld articles plus anciens ont été archivés sans "
			 "être envoyés (première collecte d’une source, ou "
			 "parus plus d’une semaine avant d’être repérés).",
			 d->backlog);
}

/* "N more in this niche" and the URL of the niche's archive page, when
 * the section has one, archive_url is set and count exceeds the entries
 * shown: 1 when written, 0 when there is none, -1 when out of memory. */
static int more_str(const struct digest *d, const struct digest_mail *m,
		    const struct digest_section *s, struct buf *text,
		    struct buf *url)
{
	long n = s->count - (long)s->nentries;
	size_t ul;

	if (!s->more || s->picks || n <= 0 || !m->archive_url ||
	    !link_ok(m->archive_url))
		return 0;
	ul = strlen(m->archive_url);
	if (buf_addstr(url, m->archive_url) < 0 ||
	    (ul > 0 && m->archive_url[ul - 1] != '/' && buf_addch(url, '/') < 0) ||
	    buf_addstr(url, s->more) < 0)
		return -1;
	if (!link_ok(buf_cstr(url)))
		return 0;
	if (d->member.lang == DIGEST_EN)
		return buf_addf(text, "%ld more in this niche", n) < 0 ? -1 : 1;
	return buf_addf(text, "%ld autre%s dans cette niche", n,
			n == 1 ? "" : "s") < 0 ? -1 : 1;
}

static int has_entries(const struct digest *d)
{
	size_t i;

	for (i = 0; i < d->nsections; i++)
		if (d->sections[i].nentries > 0)
			return 1;
	return 0;
}

int digest_render_text(const struct digest *d, const struct digest_mail *m,
		       struct buf *out, struct err *e)
{
	const struct words *w = W(d);
	struct buf t = BUF_INIT;
	size_t i, j, k;
	int rc = 0, num = 0;

	rc |= buf_addf(&t, "%s — %s %d, ", w->title, w->week, d->week.week);
	rc |= range_str(d, m, &t);
	rc |= wrap(out, "", "", buf_cstr(&t));
	buf_reset(&t);
	rc |= buf_addch(out, '\n');
	rc |= buf_addf(&t, "%s %s,", w->hello, d->member.name);
	rc |= wrap(out, "", "", buf_cstr(&t));
	rc |= buf_addch(out, '\n');
	if (d->nsections > 0) {
		rc |= buf_addf(out, "%s\n", w->in_niches);
		for (i = 0; i < d->nsections; i++)
			if (!d->sections[i].picks)
				rc |= count_line(out, d, &d->sections[i]);
		rc |= buf_addch(out, '\n');
	}
	if (d->nnew_terms > 0) {
		buf_reset(&t);
		rc |= buf_addf(&t, "%s ", w->new_terms);
		for (i = 0; i < d->nnew_terms; i++)
			rc |= buf_addf(&t, "%s%s", i ? ", " : "", d->new_terms[i]);
		rc |= wrap(out, "", "  ", buf_cstr(&t));
		rc |= buf_addch(out, '\n');
	}
	if (d->backlog > 0) {
		buf_reset(&t);
		rc |= backlog_str(d, &t);
		rc |= wrap(out, "", "", buf_cstr(&t));
		rc |= buf_addch(out, '\n');
	}
	if (!has_entries(d)) {
		rc |= wrap(out, "", "", w->none_body);
		rc |= buf_addch(out, '\n');
	}
	for (i = 0; i < d->nsections; i++) {
		const struct digest_section *s = &d->sections[i];
		if (s->nentries == 0)
			continue;
		buf_reset(&t);
		rc |= buf_addf(&t, "== %s ==", s->label);
		rc |= wrap(out, "", "", buf_cstr(&t));
		rc |= buf_addch(out, '\n');
		for (j = 0; j < s->nentries; j++) {
			const struct digest_entry *en = &s->entries[j];
			char first[16];
			num++;
			buf_reset(&t);
			rc |= buf_addf(&t, "%d. ", num);
			str_copy(first, buf_cstr(&t), sizeof(first));
			rc |= wrap(out, first, "   ", en->title);
			if (en->note && *en->note) {
				buf_reset(&t);
				rc |= buf_addf(&t, "%s ", w->note);
				rc |= note_text(d, en->note, &t);
				rc |= wrap(out, "   ", "   ", buf_cstr(&t));
			}
			buf_reset(&t);
			rc |= buf_addf(&t, "%s %s, ", w->source, en->source);
			rc |= entry_date(d, m, en, &t);
			rc |= wrap(out, "   ", "   ", buf_cstr(&t));
			if (en->nothers > 0) {
				buf_reset(&t);
				rc |= buf_addf(&t, "%s ", w->also);
				for (k = 0; k < en->nothers; k++)
					rc |= buf_addf(&t, "%s%s", k ? ", " : "",
						 en->others[k].name);
				rc |= wrap(out, "   ", "   ", buf_cstr(&t));
			}
			if (en->snippet && *en->snippet) {
				buf_reset(&t);
				rc |= snippet(en->snippet, &t);
				rc |= wrap(out, "   ", "   ", buf_cstr(&t));
			}
			if (link_ok(en->link))
				rc |= buf_addf(out, "   %s\n", en->link);
			for (k = 0; k < en->nothers; k++)
				if (link_ok(en->others[k].link))
					rc |= buf_addf(out, "   %s\n",
						       en->others[k].link);
			rc |= buf_addch(out, '\n');
		}
		{
			struct buf u = BUF_INIT;
			int r;

			buf_reset(&t);
			r = more_str(d, m, s, &t, &u);
			if (r > 0)
				rc |= buf_addf(out, "→ %s%s\n  %s\n\n", buf_cstr(&t),
					       w == &words_fr ? NBSP ":" : ":",
					       buf_cstr(&u));
			rc |= r < 0;
			buf_release(&u);
		}
	}
	rc |= buf_addstr(out, "-- \n");
	rc |= wrap(out, "", "", w->why);
	buf_reset(&t);
	if (unsub_url(d, m, &t, &rc))
		rc |= buf_addf(out, "%s\n  %s\n", w->unsub, buf_cstr(&t));
	if (m->archive_url && link_ok(m->archive_url))
		rc |= buf_addf(out, "%s\n  %s\n", w->archive, m->archive_url);
	buf_release(&t);
	if (rc != 0)
		return err_set(e, "digest text for '%s' too large or out of memory",
			       d->member.id);
	return 0;
}

/* ---- HTML ---- */

#define FONT "font-family:Arial,Helvetica,sans-serif;"
#define MUTED "color:#5b6470;"

static int a_href(struct buf *out, const char *url, const char *style,
		  const char *text)
{
	int rc = 0;

	if (!link_ok(url))
		return digest_html_escape(out, text);
	rc |= buf_addstr(out, "<a href=\"");
	rc |= digest_html_escape(out, url);
	rc |= buf_addf(out, "\" style=\"%s\">", style);
	rc |= digest_html_escape(out, text);
	rc |= buf_addstr(out, "</a>");
	return rc;
}

static const char html_head[] =
	"<!DOCTYPE html>\n"
	"<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, "
	"initial-scale=1\">\n"
	"<meta name=\"color-scheme\" content=\"light dark\">\n"
	"<meta name=\"supported-color-schemes\" content=\"light dark\">\n"
	"<meta name=\"x-apple-disable-message-reformatting\">\n"
	"<title>";

/* Progressive enhancement only: every basic style is inline. */
static const char html_style[] =
	"</title>\n<style>\n"
	":root { color-scheme: light dark; }\n"
	"@media (prefers-color-scheme: dark) {\n"
	"  .v-bg { background: #101418 !important; }\n"
	"  .v-card { background: #1b2129 !important; color: #e4e7eb !important; }\n"
	"  .v-card a { color: #8ab8ff !important; }\n"
	"  .v-muted { color: #a3acb8 !important; }\n"
	"  .v-box { background: #232b35 !important; }\n"
	"  .v-title { color: #8ab8ff !important; }\n"
	"}\n"
	"@media (max-width: 480px) {\n"
	"  .v-pad { padding-left: 12px !important; padding-right: 12px !important; }\n"
	"}\n"
	"</style>\n</head>\n";

/* The document up to the card's first row: head, title, body, card,
 * and the inbox preview line (hidden), both from t. */
static int html_open(const struct digest *d, struct buf *out, const char *t)
{
	int rc = 0;

	rc |= buf_addf(out, html_head, d->member.lang == DIGEST_EN ? "en" : "fr");
	rc |= digest_html_escape(out, t);
	rc |= buf_addstr(out, html_style);
	rc |= buf_addstr(out,
		"<body class=\"v-bg\" style=\"margin:0;padding:0;background:#eef1f5;\">\n"
		"<table role=\"presentation\" class=\"v-bg\" width=\"100%\" "
		"cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
		"style=\"background:#eef1f5;\">\n"
		"<tr><td align=\"center\" style=\"padding:16px 8px;\">\n"
		"<table role=\"presentation\" class=\"v-card\" width=\"100%\" "
		"cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
		"style=\"max-width:640px;width:100%;background:#ffffff;"
		"color:#1a1d21;border-radius:6px;" FONT "\">\n");
	/* the inbox preview line: the subject's numbers, hidden in the body */
	rc |= buf_addstr(out, "<tr><td style=\"display:none;max-height:0;"
			      "overflow:hidden;font-size:1px;line-height:1px;\">");
	rc |= digest_html_escape(out, t);
	rc |= buf_addstr(out, "</td></tr>\n");
	return rc;
}

/* A section's heading. */
static int html_h2(struct buf *out, const char *label)
{
	int rc = 0;

	rc |= buf_addstr(out, "<tr><td class=\"v-pad\" style=\"padding:16px 24px 0 24px;\">\n"
			      "<h2 style=\"margin:0;font-size:18px;line-height:1.3;"
			      "border-bottom:2px solid #0b5cab;padding-bottom:4px;" FONT "\">");
	rc |= digest_html_escape(out, label);
	rc |= buf_addstr(out, "</h2>\n</td></tr>\n");
	return rc;
}

/* One entry: title and link, the analyst's note, source, date, other
 * sources, snippet. */
static int html_entry(const struct digest *d, const struct digest_mail *m,
		      const struct digest_entry *en, struct buf *out)
{
	const struct words *w = W(d);
	struct buf t = BUF_INIT;
	size_t k;
	int rc = 0;

	rc |= buf_addstr(out, "<tr><td class=\"v-pad\" style=\"padding:10px 24px;\">\n"
			      "<p style=\"margin:0;font-size:16px;line-height:1.35;"
			      "font-weight:bold;\">");
	rc |= a_href(out, en->link, "color:#0b5cab;text-decoration:none;",
		     en->title);
	rc |= buf_addstr(out, "</p>\n");
	if (en->note && *en->note) {
		rc |= buf_addstr(out, "<p style=\"margin:4px 0 0 0;"
				      "font-size:14px;font-style:italic;\">");
		rc |= digest_html_escape(out, w->note);
		rc |= buf_addch(out, ' ');
		buf_reset(&t);
		rc |= note_text(d, en->note, &t);
		rc |= digest_html_escape(out, buf_cstr(&t));
		rc |= buf_addstr(out, "</p>\n");
	}
	rc |= buf_addstr(out, "<p class=\"v-muted\" style=\"margin:2px 0 0 0;"
			      "font-size:13px;" MUTED "\">");
	rc |= digest_html_escape(out, en->source);
	buf_reset(&t);
	rc |= entry_date(d, m, en, &t);
	rc |= buf_addstr(out, " · ");
	rc |= digest_html_escape(out, buf_cstr(&t));
	if (en->nothers > 0) {
		rc |= buf_addstr(out, "<br>");
		rc |= digest_html_escape(out, w->also);
		rc |= buf_addch(out, ' ');
		for (k = 0; k < en->nothers; k++) {
			if (k)
				rc |= buf_addstr(out, ", ");
			rc |= a_href(out, en->others[k].link,
				     "color:inherit;",
				     en->others[k].name);
		}
	}
	rc |= buf_addstr(out, "</p>\n");
	if (en->snippet && *en->snippet) {
		buf_reset(&t);
		rc |= snippet(en->snippet, &t);
		rc |= buf_addstr(out, "<p style=\"margin:6px 0 0 0;font-size:14px;"
				      "line-height:1.45;\">");
		rc |= digest_html_escape(out, buf_cstr(&t));
		rc |= buf_addstr(out, "</p>\n");
	}
	rc |= buf_addstr(out, "</td></tr>\n");
	buf_release(&t);
	return rc;
}

/* The footer's row (unsubscribe when member, the archive) and the end of
 * the document. */
static int html_close(const struct digest *d, const struct digest_mail *m,
		      struct buf *out, int member)
{
	const struct words *w = W(d);
	struct buf t = BUF_INIT;
	int rc = 0;

	rc |= buf_addstr(out, "<tr><td class=\"v-pad v-muted\" style=\"padding:20px 24px;"
			      "font-size:12px;line-height:1.5;" MUTED
			      "border-top:1px solid #d8dde3;\">");
	if (member)
		rc |= digest_html_escape(out, w->why);
	buf_reset(&t);
	if (member && unsub_url(d, m, &t, &rc)) {
		/* a mailto: is not an http(s) link: written here, escaped */
		rc |= buf_addstr(out, "<br><a href=\"");
		rc |= digest_html_escape(out, buf_cstr(&t));
		rc |= buf_addf(out, "\" style=\"color:inherit;\">%s</a>",
			       d->member.lang == DIGEST_EN ? "Unsubscribe" :
							     "Se désabonner");
	}
	if (m->archive_url && link_ok(m->archive_url)) {
		if (member)
			rc |= buf_addstr(out, " · ");
		rc |= a_href(out, m->archive_url, "color:inherit;",
			     d->member.lang == DIGEST_EN ? "Archive" : "Archives");
	}
	rc |= buf_addstr(out, "</td></tr>\n</table>\n</td></tr>\n</table>\n</body>\n</html>\n");
	buf_release(&t);
	return rc;
}

int digest_render_html(const struct digest *d, const struct digest_mail *m,
		       struct buf *out, struct err *e)
{
	const struct words *w = W(d);
	struct buf t = BUF_INIT;
	size_t i, j;
	int rc = 0;

	rc |= digest_subject(d, &t, e);
	rc |= html_open(d, out, buf_cstr(&t));
	/* header */
	rc |= buf_addstr(out, "<tr><td class=\"v-pad\" style=\"padding:20px 24px "
			      "8px 24px;\">\n<h1 class=\"v-title\" style=\"margin:0;font-size:22px;"
			      "line-height:1.3;color:#0b5cab;" FONT "\">");
	rc |= digest_html_escape(out, w->title);
	rc |= buf_addf(out, "</h1>\n<p class=\"v-muted\" style=\"margin:4px 0 0 0;"
			    "font-size:14px;" MUTED "\">%s %d · ",
		       d->member.lang == DIGEST_EN ? "Week" : "Semaine",
		       d->week.week);
	buf_reset(&t);
	rc |= range_str(d, m, &t);
	rc |= digest_html_escape(out, buf_cstr(&t));
	rc |= buf_addstr(out, "</p>\n<p style=\"margin:12px 0 0 0;font-size:15px;\">");
	buf_reset(&t);
	rc |= buf_addf(&t, "%s %s,", w->hello, d->member.name);
	rc |= digest_html_escape(out, buf_cstr(&t));
	rc |= buf_addstr(out, "</p>\n</td></tr>\n");
	/* numbers */
	if (d->nsections > 0) {
		rc |= buf_addstr(out, "<tr><td class=\"v-pad\" style=\"padding:8px 24px;\">\n"
				      "<table role=\"presentation\" class=\"v-box\" width=\"100%\" "
				      "cellpadding=\"6\" cellspacing=\"0\" border=\"0\" "
				      "style=\"background:#f3f6fa;border-radius:4px;font-size:14px;\">\n"
				      "<tr><td colspan=\"3\" style=\"font-weight:bold;\">");
		rc |= digest_html_escape(out, w->in_niches);
		rc |= buf_addstr(out, "</td></tr>\n");
		for (i = 0; i < d->nsections; i++) {
			const struct digest_section *s = &d->sections[i];
			if (s->picks)
				continue;
			rc |= buf_addstr(out, "<tr><td>");
			rc |= digest_html_escape(out, s->label);
			rc |= buf_addf(out, "</td><td align=\"right\" "
					    "style=\"font-weight:bold;\">%ld</td>"
					    "<td align=\"right\" class=\"v-muted\" "
					    "style=\"" MUTED "white-space:nowrap;\">",
				       s->count);
			buf_reset(&t);
			rc |= change_str(s, &t);
			rc |= digest_html_escape(out, buf_cstr(&t));
			rc |= buf_addstr(out, "</td></tr>\n");
		}
		rc |= buf_addstr(out, "</table>\n</td></tr>\n");
	}
	if (d->nnew_terms > 0) {
		rc |= buf_addstr(out, "<tr><td class=\"v-pad\" style=\"padding:4px 24px;"
				      "font-size:14px;\"><strong>");
		rc |= digest_html_escape(out, w->new_terms);
		rc |= buf_addstr(out, "</strong> ");
		for (i = 0; i < d->nnew_terms; i++) {
			if (i)
				rc |= buf_addstr(out, ", ");
			rc |= digest_html_escape(out, d->new_terms[i]);
		}
		rc |= buf_addstr(out, "</td></tr>\n");
	}
	if (d->backlog > 0) {
		rc |= buf_addstr(out, "<tr><td class=\"v-pad v-muted\" "
				      "style=\"padding:4px 24px;font-size:13px;"
				      MUTED "\">");
		buf_reset(&t);
		rc |= backlog_str(d, &t);
		rc |= digest_html_escape(out, buf_cstr(&t));
		rc |= buf_addstr(out, "</td></tr>\n");
	}
	if (!has_entries(d)) {
		rc |= buf_addstr(out, "<tr><td class=\"v-pad\" style=\"padding:16px 24px;"
				      "font-size:15px;\">");
		rc |= digest_html_escape(out, w->none_body);
		rc |= buf_addstr(out, "</td></tr>\n");
	}
	for (i = 0; i < d->nsections; i++) {
		const struct digest_section *s = &d->sections[i];
		struct buf u = BUF_INIT;
		int r;

		if (s->nentries == 0)
			continue;
		rc |= html_h2(out, s->label);
		for (j = 0; j < s->nentries; j++)
			rc |= html_entry(d, m, &s->entries[j], out);
		buf_reset(&t);
		if ((r = more_str(d, m, s, &t, &u)) > 0) {
			rc |= buf_addstr(out, "<tr><td class=\"v-pad\" style=\"padding:4px 24px 10px 24px;"
					      "font-size:14px;\">");
			rc |= a_href(out, buf_cstr(&u), "color:#0b5cab;", buf_cstr(&t));
			rc |= buf_addstr(out, " →</td></tr>\n");
		}
		rc |= r < 0;
		buf_release(&u);
	}
	rc |= html_close(d, m, out, 1);
	buf_release(&t);
	if (rc != 0)
		return err_set(e, "digest HTML for '%s' too large or out of memory",
			       d->member.id);
	return 0;
}

int digest_render_niche_html(const struct digest *d,
			     const struct digest_mail *m, struct buf *out,
			     struct err *e)
{
	const struct words *w = W(d);
	const struct digest_section *s = d->nsections ? &d->sections[0] : NULL;
	const char *label = s ? s->label : "";
	long n = s ? s->count : 0;
	struct buf t = BUF_INIT;
	size_t j;
	int rc = 0;

	rc |= buf_addf(&t, "%s — %s — %s %d", w->title, label, w->week,
		       d->week.week);
	rc |= html_open(d, out, buf_cstr(&t));
	rc |= buf_addstr(out, "<tr><td class=\"v-pad\" style=\"padding:20px 24px "
			      "8px 24px;\">\n<h1 class=\"v-title\" style=\"margin:0;font-size:22px;"
			      "line-height:1.3;color:#0b5cab;" FONT "\">");
	rc |= digest_html_escape(out, label);
	rc |= buf_addf(out, "</h1>\n<p class=\"v-muted\" style=\"margin:4px 0 0 0;"
			    "font-size:14px;" MUTED "\">%s · %s %d · ",
		       w->title, d->member.lang == DIGEST_EN ? "Week" : "Semaine",
		       d->week.week);
	buf_reset(&t);
	rc |= range_str(d, m, &t);
	rc |= digest_html_escape(out, buf_cstr(&t));
	rc |= buf_addstr(out, "</p>\n<p style=\"margin:12px 0 0 0;font-size:15px;\">");
	if (d->member.lang == DIGEST_EN)
		rc |= buf_addf(out, "%ld stor%s first seen this week.", n,
			       n == 1 ? "y" : "ies");
	else
		rc |= buf_addf(out, "%ld sujet%s apparu%s cette semaine.", n,
			       n == 1 ? "" : "s", n == 1 ? "" : "s");
	rc |= buf_addstr(out, "</p>\n</td></tr>\n");
	for (j = 0; s && j < s->nentries; j++)
		rc |= html_entry(d, m, &s->entries[j], out);
	rc |= html_close(d, m, out, 0);
	buf_release(&t);
	if (rc != 0)
		return err_set(e, "niche page '%s' too large or out of memory",
			       label);
	return 0;
}
