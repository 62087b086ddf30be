/* The weekly member digest: ISO weeks in the association's time zone, a
 * plain model of one member's digest, its text and HTML rendering, the MIME
 * message, and SMTP delivery through libcurl.
 *
 * This header knows nothing of the database: the caller (the `digest`
 * command) selects entries from index/ and fills a struct digest with the
 * builder functions below. Every string handed to a builder is copied; a
 * struct digest owns all its memory: free it with digest_free().
 *
 * The message is written by our own small MIME writer rather than libcurl's
 * curl_mime_* API: that keeps --dry-run/--out output byte-identical to what
 * is sent, makes every header testable without a server, and lets us control
 * encoded words and line lengths exactly. libcurl only carries the bytes. */
#ifndef VEILLE_DIGEST_DIGEST_H
#define VEILLE_DIGEST_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "../util/err.h"
#include "../util/tzone.h"

const char *digest_version(void);

/* ---- ISO weeks in an IANA time zone -------------------------------- */

#define DIGEST_TZ_DEFAULT TZONE_DEFAULT

/* An ISO week: Monday 00:00 local time (start, included) to the next
 * Monday 00:00 local time (end, excluded), as epoch seconds. Across a
 * daylight-saving or Ramadan change a week lasts 167 or 169 hours. */
struct digest_week {
	int year;	/* ISO year (may differ from the calendar year) */
	int week;	/* 1..53 */
	int64_t start;
	int64_t end;
};

/* tz: IANA name ("Europe/Paris"); NULL or "" means DIGEST_TZ_DEFAULT.
 * These read the system tz database by switching TZ for the duration of
 * the call and restoring it: not for use from several threads at once.
 * Each returns 0, or -1 with the reason in e (unknown time zone, bad week). */
int digest_week_make(int year, int week, const char *tz,
		     struct digest_week *w, struct err *e);
/* Parses "2026-W48" (also "2026-w48", "2026W48"). */
int digest_week_parse(const char *s, const char *tz, struct digest_week *w,
		      struct err *e);
/* The week containing instant t. */
int digest_week_of(int64_t t, const char *tz, struct digest_week *w,
		   struct err *e);
/* The last week that ended at or before now (the default digest week). */
int digest_week_last_complete(int64_t now, const char *tz,
			      struct digest_week *w, struct err *e);
/* The week before w. */
int digest_week_previous(const struct digest_week *w, const char *tz,
			 struct digest_week *prev, struct err *e);
/* Writes "2026-W48" (needs 9 bytes; 16 is safe). */
void digest_week_name(const struct digest_week *w, char *out, size_t n);
/* Local civil date of t in tz. 0 or -1. */
int digest_local_date(int64_t t, const char *tz, int *y, int *mon, int *day,
		      struct err *e);

/* ---- The model ------------------------------------------------------ */

enum digest_lang { DIGEST_FR, DIGEST_EN };

struct digest_source {
	char *name;
	char *link;		/* may be NULL */
};

struct digest_entry {
	char *title;
	char *link;		/* may be NULL; only http(s) is ever emitted */
	char *source;		/* feed name */
	struct digest_source *others;	/* the same story elsewhere */
	size_t nothers;
	int64_t published;	/* the item's date; DIGEST_NO_DATE: undated */
	char *snippet;		/* plain text; cut to DIGEST_SNIPPET_MAX */
	char *note;		/* the analyst's note of a pick; may be NULL */
	double score;
};

#define DIGEST_NO_DATE INT64_MIN
#define DIGEST_SNIPPET_MAX 300	/* characters shown of a summary */

struct digest_section {
	char *niche;		/* id */
	char *label;		/* display name */
	long count;		/* items this week */
	long prev_count;	/* items the week before; -1 when unknown */
	int picks;		/* the analyst's picks (veille pick), not a
				 * niche: no counts, shown first */
	char *more;		/* the archive page of the niche's whole
				 * week, relative to [mail] archive_url
				 * ("niches/2026-W48-pm.fr.html"): "N more
				 * in this niche" links to it when count
				 * exceeds nentries; NULL: none */
	struct digest_entry *entries;
	size_t nentries;
};

struct digest_member {
	char *id;
	char *name;
	char **emails;
	size_t nemails;
	char *category;		/* may be NULL */
	enum digest_lang lang;
	char **niches;
	size_t nniches;
};

struct digest {
	struct digest_member member;
	struct digest_week week;
	struct digest_section *sections;
	size_t nsections;
	char **new_terms;	/* "new in the watch"; omitted when none */
	size_t nnew_terms;
	long total;		/* items in the subject; -1: sum of counts */
	long backlog;		/* stories of the week that are backlog
				 * (a source's first crawl, or old news):
				 * counted in one line, never listed */
};

/* Returns a new empty digest for member id/name in language lang, or NULL
 * when out of memory. Free with digest_free(). */
struct digest *digest_new(const char *id, const char *name,
			  enum digest_lang lang);
void digest_free(struct digest *d);
int digest_add_email(struct digest *d, const char *addr);
int digest_add_niche(struct digest *d, const char *niche);
int digest_set_category(struct digest *d, const char *category);
int digest_add_term(struct digest *d, const char *term);
/* Adds a section; returns it (owned by d) or NULL when out of memory. */
struct digest_section *digest_add_section(struct digest *d, const char *niche,
					  const char *label, long count,
					  long prev_count);
/* Adds an entry (strings copied; link, snippet may be NULL); returns it
 * (owned by the section) or NULL when out of memory. */
struct digest_entry *digest_add_entry(struct digest_section *s,
				      const char *title, const char *link,
				      const char *source, int64_t published,
				      const char *snippet, double score);
int digest_entry_add_source(struct digest_entry *en, const char *name,
			    const char *link);
/* Sets the section's archive page (copied; see more). 0, or -1 when out
 * of memory. */
int digest_section_set_more(struct digest_section *s, const char *page);
/* Sets the entry's note (copied). 0, or -1 when out of memory. */
int digest_entry_set_note(struct digest_entry *en, const char *note);
/* Number of items announced: d->total, or the sum of the section counts. */
long digest_total(const struct digest *d);

/* ---- Mail settings -------------------------------------------------- */

struct digest_mail {
	const char *from;		/* "Name <addr@domain>" or "addr@domain" */
	const char *reply_to;		/* may be NULL */
	/* "{member}" in these is replaced by the member id (reduced to
	 * [A-Za-z0-9._-]), so one-click unsubscribe knows who clicked, and
	 * "{token}" by the member's token */
	const char *unsubscribe_mailto;	/* "mailto:..." or NULL */
	const char *unsubscribe_https;	/* "https://..." or NULL */
	const char *archive_url;	/* may be NULL */
	const char *tz;			/* NULL: DIGEST_TZ_DEFAULT */
	/* "{token}" in the unsubscribe URLs: a keyed hash of the member id
	 * (digest_unsubscribe_token), so that a link cannot be forged for
	 * another member; the key is SHA-256 of the secret file's content */
	unsigned char unsubscribe_key[32];
	int has_unsubscribe_key;
};

/* ---- Rendering (render.c) ------------------------------------------- */

/* Each appends to out and returns 0, or -1 with e set. */
int digest_subject(const struct digest *d, struct buf *out, struct err *e);
/* text/plain, lines of at most 76 columns except a lone long URL. */
int digest_render_text(const struct digest *d, const struct digest_mail *m,
		       struct buf *out, struct err *e);
/* A complete HTML document for mail clients: tables, inline CSS, no
 * script, nothing fetched from outside. */
int digest_render_html(const struct digest *d, const struct digest_mail *m,
		       struct buf *out, struct err *e);
/* The archive page of one niche for a week: d holds one section (the
 * niche, every story of the week) and the member's language; no
 * greeting, no unsubscribe link. */
int digest_render_niche_html(const struct digest *d,
			     const struct digest_mail *m, struct buf *out,
			     struct err *e);
/* Appends s with & < > " ' escaped. */
int digest_html_escape(struct buf *out, const char *s);

/* ---- MIME (mime.c, clean.c) ---------------------------------------- */

#define DIGEST_MESSAGE_MAX ((size_t)4 << 20)

/* Appends s with every byte outside [A-Za-z0-9._-] replaced by '_'. */
int digest_safe_id(struct buf *out, const char *s);
/* Appends s with every control character (CR, LF, TAB, ...) replaced by a
 * space and invalid UTF-8 repaired: the only form anything takes before it
 * reaches a header. */
int digest_header_clean(struct buf *out, const char *s);
/* Appends "Name: value\r\n", value cleaned, encoded as RFC 2047 base64
 * encoded words (whole, never trusting "=?" in the input) when it is not
 * plain printable ASCII or contains "=?", folded to lines <= 76. */
int digest_header_encode(struct buf *out, const char *name, const char *value);
/* Appends s as quoted-printable with CRLF line ends and lines <= 76. */
int digest_qp_encode(struct buf *out, const char *s, size_t n);
/* Splits "Name <addr>" or "addr" into a display name (possibly empty) and
 * an address; 0, or -1 when there is no plausible address. Both are
 * cleaned (no CR/LF, no <> in the address). */
int digest_parse_address(const char *s, struct buf *name, struct buf *addr);
/* Appends the member's unsubscribe URL made from tmpl ("{member}" and
 * "{token}" substituted) when it starts with scheme ("mailto:" or
 * "https://") and has nothing that could break a header or an attribute
 * (space, quotes, <>, comma, braces left, controls). Returns 1 when
 * appended, 0 when there is none, -1 when out of memory. */
int digest_unsubscribe_url(const struct digest *d, const struct digest_mail *m,
			   const char *tmpl, const char *scheme, struct buf *out);
/* The member's unsubscribe token: the first 16 bytes, in hex, of
 * HMAC-SHA-256(SHA-256(secret), member id as {member} writes it), the
 * secret read from [mail] unsubscribe_secret_file. 0, or -1 when there is no secret. */
#define DIGEST_TOKEN_LEN 32
int digest_unsubscribe_token(const struct digest_mail *m, const char *member,
			     char out[DIGEST_TOKEN_LEN + 1]);
/* Appends "<veille-2026-W48-MEMBER@DOMAIN>", DOMAIN from the From address;
 * the member id is reduced to [A-Za-z0-9._-]. 0 or -1. */
int digest_message_id(const struct digest *d, const char *from,
		      struct buf *out, struct err *e);
/* Appends the whole message for d (CRLF line ends), Date set from now
 * (epoch seconds, written in UTC). 0 or -1 with e set. */
int digest_message(const struct digest *d, const struct digest_mail *m,
		   int64_t now, struct buf *out, struct err *e);

/* ---- Configuration (config.c) ------------------------------------ */

struct conf;
struct conf_section;
struct digest_smtp;

/* Fills m and s from the [mail] section of c (strings borrowed from c: keep
 * it loaded). When a user is set, the password comes from password_file
 * (refused unless mode 0600) or VEILLE_SMTP_PASSWORD, and *password holds a
 * new copy (free with v_free) that s->password borrows. Retries use the
 * defaults; VEILLE_SMTP_RETRY_DELAY (milliseconds) shortens the back-off
 * for tests. 0, or -1 with e set. */
int digest_mail_from_conf(const struct conf *c, struct digest_mail *m,
			  struct digest_smtp *s, char **password,
			  struct err *e);
/* Returns a new digest for a [member ID] section: id, name, emails,
 * category, language and niches ("all" is kept as is, for the caller to
 * expand); the week and sections are the caller's. NULL with e set.
 * Free with digest_free(). */
struct digest *digest_member_from_conf(const struct conf_section *member,
				       struct err *e);

/* ---- SMTP delivery (smtp.c) ----------------------------------------- */

enum digest_tls {
	DIGEST_TLS_REQUIRED,	/* smtp://: STARTTLS or nothing; smtps:// */
	DIGEST_TLS_NONE,	/* plain: only for a local relay; with a
				 * user, only to 127.0.0.1, ::1, localhost */
};

struct digest_smtp {
	const char *url;	/* smtp://host:587 or smtps://host:465 */
	enum digest_tls tls;
	const char *user;	/* NULL: no AUTH */
	const char *password;	/* borrowed; never logged */
	const char *ca_file;	/* NULL: the system's */
	long connect_timeout_ms;	/* 0: 15000 */
	long timeout_ms;		/* whole transaction; 0: 120000 */
	int retries;		/* extra attempts on transient failure; <0: 3 */
	long retry_delay_ms;	/* first back-off, doubled each time; <0: 5000 */
	long response_timeout_ms;	/* wait for each reply; 0: 60000 */
	int64_t deadline_ms;	/* CLOCK_MONOTONIC ms after which no attempt
				 * starts or lasts; 0: none */
};

/* The time a whole --send run may spend on a relay that is down or
 * stalled: the first member's attempts fit in it, and the members after
 * the relay has failed are deferred without trying. */
#define DIGEST_RUN_BUDGET_MS 150000
/* Milliseconds of CLOCK_MONOTONIC, for deadline_ms. */
int64_t digest_clock_ms(void);

enum digest_send_status {
	DIGEST_SENT,		/* the server answered 250 after DATA */
	DIGEST_TRANSIENT,	/* 4xx, time-out, connection lost: try later */
	DIGEST_PERMANENT,	/* 5xx, or refused by policy (no STARTTLS) */
};

struct digest_send_result {
	enum digest_send_status status;
	int code;		/* last SMTP reply code, 0 when none */
	int attempts;
	int relay_failed;	/* the relay itself failed (unreachable, no
				 * answer, 421, the run's time spent), not
				 * this member's message or address */
	char reply[512];	/* the server's last reply line, or why */
};

/* Reads the SMTP password from path: refused (-1, e set) unless the file
 * is a regular file not readable or writable by group or others. Returns a
 * new string (free with v_free) without its trailing newline. */
char *digest_password_load(const char *path, struct err *e);
/* Sends msg to rcpts (the addresses of one member: one transaction per
 * member), envelope sender taken from the From address. Retries transient
 * failures with back-off. Returns 0 when accepted, -1 otherwise; r says
 * which and holds the server's reply.
 *
 * Exactly once is the caller's part: record the digest as sent (member,
 * week, Message-ID) in the same moment this returns 0, before the next
 * member. The only duplicate left is a crash between the server's 250 and
 * that commit; the Message-ID is the same on a re-send, so mail clients
 * and most stores collapse it. */
int digest_smtp_send(const struct digest_smtp *cfg, const char *from,
		     char *const *rcpts, size_t nrcpts, const char *msg,
		     size_t len, struct digest_send_result *r);

#endif
