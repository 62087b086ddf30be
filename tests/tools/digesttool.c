/* digesttool: builds digests from a TSV fixture with the digest/ API, so
 * end-to-end tests exercise the real rendering, MIME and SMTP code before
 * the `veille digest` command reads from the store.
 *
 * usage: digesttool [options] week 2026-W48|last
 *        (prints the week's name, start, end in UTC and length in hours)
 *        digesttool [options] FIXTURE text|html|subject|eml
 *        digesttool [options] FIXTURE out DIR
 *        digesttool [options] FIXTURE send SMTP-URL
 * options: --tz ZONE --from ADDR --reply-to ADDR --unsub-mailto URL
 *          --unsub-https URL --archive URL --now RFC3339 --tls required|none
 *          --retries N --retry-delay MS --timeout MS --user NAME --ca-file PEM
 *          --password-file FILE (or VEILLE_SMTP_PASSWORD)
 *
 * Fixture lines (tab-separated; \n \r \t \\ escapes in fields; # comments):
 *	member ID NAME fr|en [CATEGORY]   starts a digest
 *	email ADDR
 *	week 2026-W48
 *	term TEXT
 *	section NICHE LABEL COUNT PREV_COUNT
 *	entry TITLE LINK|- SOURCE PUBLISHED|- SNIPPET|- SCORE
 *	also NAME LINK|-
 * Exit: 0 all done, 1 some member failed, 2 usage or fixture error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../digest/digest.h"
#include "../../util/alloc.h"
#include "../../util/str.h"
#include "../../util/vtime.h"

#define MAXD 64
#define MAXF 8

static struct digest *ds[MAXD];
static size_t nd;

static void unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*w++ = *s == 'n' ? '\n' : *s == 'r' ? '\r' :
			       *s == 't' ? '\t' : *s;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

static const char *opt(const char *s)
{
	return strcmp(s, "-") == 0 ? NULL : s;
}

static int load(const char *path, const char *tz)
{
	FILE *f = fopen(path, "r");
	char line[8192], *fl[MAXF];
	struct digest *d = NULL;
	struct digest_section *sec = NULL;
	struct digest_entry *en = NULL;
	struct err e;
	int ln = 0, n;

	if (f == NULL) {
		fprintf(stderr, "digesttool: cannot open '%s'\n", path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line;
		ln++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		for (n = 0; n < MAXF && p; n++) {
			fl[n] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
			unescape(fl[n]);
		}
		for (int i = n; i < MAXF; i++)
			fl[i] = NULL;
#define NEED(k) if (n < (k)) goto bad
		if (strcmp(fl[0], "member") == 0) {
			NEED(4);
			if (nd == MAXD)
				goto bad;
			d = digest_new(fl[1], fl[2], strcmp(fl[3], "en") == 0 ?
				       DIGEST_EN : DIGEST_FR);
			if (d == NULL)
				goto bad;
			ds[nd++] = d;
			if (n > 4)
				digest_set_category(d, fl[4]);
			sec = NULL;
			en = NULL;
		} else if (d == NULL) {
			goto bad;
		} else if (strcmp(fl[0], "email") == 0) {
			NEED(2);
			digest_add_email(d, fl[1]);
		} else if (strcmp(fl[0], "week") == 0) {
			NEED(2);
			if (digest_week_parse(fl[1], tz, &d->week, &e) < 0) {
				fprintf(stderr, "digesttool: %s\n", e.msg);
				goto bad;
			}
		} else if (strcmp(fl[0], "term") == 0) {
			NEED(2);
			digest_add_term(d, fl[1]);
		} else if (strcmp(fl[0], "section") == 0) {
			NEED(5);
			digest_add_niche(d, fl[1]);
			sec = digest_add_section(d, fl[1], fl[2],
						 strtol(fl[3], NULL, 10),
						 strtol(fl[4], NULL, 10));
			en = NULL;
		} else if (strcmp(fl[0], "entry") == 0) {
			int64_t t = DIGEST_NO_DATE;
			NEED(7);
			if (sec == NULL)
				goto bad;
			if (opt(fl[4]) && vtime_parse_rfc3339(fl[4], &t) < 0)
				goto bad;
			en = digest_add_entry(sec, fl[1], opt(fl[2]), fl[3], t,
					      opt(fl[5]), strtod(fl[6], NULL));
		} else if (strcmp(fl[0], "also") == 0) {
			NEED(3);
			if (en == NULL)
				goto bad;
			digest_entry_add_source(en, fl[1], opt(fl[2]));
		} else {
			goto bad;
		}
	}
	fclose(f);
	return 0;
bad:
	fprintf(stderr, "digesttool: %s:%d: bad line\n", path, ln);
	fclose(f);
	return -1;
}

static int write_file(const char *dir, const char *id, const char *ext,
		      const struct buf *b)
{
	char path[4096];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s.%s", dir, id, ext);
	if ((f = fopen(path, "wb")) == NULL)
		return -1;
	ok = fwrite(b->data, 1, b->len, f) == b->len;
	return fclose(f) == 0 && ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct digest_mail m = {
		"Cluster Maintenance 4.0 <veille@cluster-maintenance.example>",
		NULL, "mailto:desabonnement@cluster-maintenance.example",
		NULL, NULL, NULL, { 0 }, 0
	};
	struct digest_smtp s = { NULL, DIGEST_TLS_REQUIRED, NULL, NULL, NULL,
				 5000, 30000, 3, 1000, 0, 0 };
	const char *pwfile = NULL, *cmd, *arg = NULL;
	char *pw = NULL;
	int64_t now = vtime_now();
	int i, status = 0;
	size_t k;

	for (i = 1; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		const char *o = argv[i], *v = argv[i + 1];
		if (!strcmp(o, "--tz")) m.tz = v;
		else if (!strcmp(o, "--from")) m.from = v;
		else if (!strcmp(o, "--reply-to")) m.reply_to = v;
		else if (!strcmp(o, "--unsub-mailto")) m.unsubscribe_mailto = v;
		else if (!strcmp(o, "--unsub-https")) m.unsubscribe_https = v;
		else if (!strcmp(o, "--archive")) m.archive_url = v;
		else if (!strcmp(o, "--now")) vtime_parse_rfc3339(v, &now);
		else if (!strcmp(o, "--tls"))
			s.tls = strcmp(v, "none") == 0 ? DIGEST_TLS_NONE
						       : DIGEST_TLS_REQUIRED;
		else if (!strcmp(o, "--retries")) s.retries = (int)strtol(v, NULL, 10);
		else if (!strcmp(o, "--retry-delay")) s.retry_delay_ms = strtol(v, NULL, 10);
		else if (!strcmp(o, "--timeout")) s.timeout_ms = strtol(v, NULL, 10);
		else if (!strcmp(o, "--user")) s.user = v;
		else if (!strcmp(o, "--ca-file")) s.ca_file = v;
		else if (!strcmp(o, "--password-file")) pwfile = v;
		else {
			fprintf(stderr, "digesttool: unknown option '%s'\n", o);
			return 2;
		}
	}
	if (argc - i == 2 && !strcmp(argv[i], "week")) {
		struct digest_week w;
		struct err e = { "" };
		char nm[16], a[32], b[32];
		int rc = !strcmp(argv[i + 1], "last") ?
			 digest_week_last_complete(now, m.tz, &w, &e) :
			 digest_week_parse(argv[i + 1], m.tz, &w, &e);
		if (rc < 0) {
			fprintf(stderr, "digesttool: %s\n", e.msg);
			return 2;
		}
		digest_week_name(&w, nm, sizeof(nm));
		vtime_rfc3339(w.start, a, sizeof(a));
		vtime_rfc3339(w.end, b, sizeof(b));
		printf("%s %s %s %lldh\n", nm, a, b,
		       (long long)(w.end - w.start) / 3600);
		return 0;
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: digesttool [options] FIXTURE "
				"text|html|subject|eml|out DIR|send URL\n");
		return 2;
	}
	cmd = argv[i + 1];
	if (argc - i > 2)
		arg = argv[i + 2];
	if (load(argv[i], m.tz) < 0) {
		status = 2;
		goto out;
	}
	if (!strcmp(cmd, "send")) {
		struct err e = { "" };
		if (arg == NULL) {
			status = 2;
			goto out;
		}
		s.url = arg;
		if (pwfile) {
			if ((pw = digest_password_load(pwfile, &e)) == NULL) {
				fprintf(stderr, "digesttool: %s\n", e.msg);
				status = 2;
				goto out;
			}
			s.password = pw;
		} else {
			s.password = getenv("VEILLE_SMTP_PASSWORD");
		}
	}
	for (k = 0; k < nd; k++) {
		struct buf b;
		struct err e = { "" };
		int rc = 0;

		buf_init(&b, DIGEST_MESSAGE_MAX);
		if (!strcmp(cmd, "text"))
			rc = digest_render_text(ds[k], &m, &b, &e);
		else if (!strcmp(cmd, "html"))
			rc = digest_render_html(ds[k], &m, &b, &e);
		else if (!strcmp(cmd, "subject"))
			rc = digest_subject(ds[k], &b, &e) < 0 ? -1 :
			     buf_addch(&b, '\n');
		else if (!strcmp(cmd, "eml") || !strcmp(cmd, "send") ||
			 !strcmp(cmd, "out"))
			rc = digest_message(ds[k], &m, now, &b, &e);
		else {
			fprintf(stderr, "digesttool: unknown command '%s'\n", cmd);
			buf_release(&b);
			status = 2;
			goto out;
		}
		if (rc < 0) {
			fprintf(stderr, "digesttool: %s: %s\n",
				ds[k]->member.id, e.msg);
			status = 1;
		} else if (!strcmp(cmd, "send")) {
			struct digest_send_result r;
			if (digest_smtp_send(&s, m.from, ds[k]->member.emails,
					     ds[k]->member.nemails, b.data,
					     b.len, &r) == 0) {
				printf("sent %s after %d attempt(s): %d %s\n",
				       ds[k]->member.id, r.attempts, r.code,
				       r.reply);
			} else {
				fprintf(stderr, "digesttool: %s: %s after %d "
						"attempt(s): %d %s\n",
					ds[k]->member.id,
					r.status == DIGEST_PERMANENT ?
					"refused" : "failed", r.attempts,
					r.code, r.reply);
				status = 1;
			}
		} else if (!strcmp(cmd, "out")) {
			struct buf h = BUF_INIT;
			if (arg == NULL || digest_render_html(ds[k], &m, &h, &e) < 0 ||
			    write_file(arg, ds[k]->member.id, "eml", &b) < 0 ||
			    write_file(arg, ds[k]->member.id, "html", &h) < 0) {
				fprintf(stderr, "digesttool: cannot write '%s'\n",
					arg ? arg : "");
				status = 1;
			}
			buf_release(&h);
		} else {
			fwrite(b.data, 1, b.len, stdout);
		}
		buf_release(&b);
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		status = 1;
out:
	for (k = 0; k < nd; k++)
		digest_free(ds[k]);
	v_free(pw);
	return status;
}
