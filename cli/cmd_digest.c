/* veille digest: the weekly member digests, printed, written or sent once;
 * the record of what was sent; the Atom feed of the archive. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "index_cli.h"
#include "report_rows.h"
#include "../digest/digest.h"
#include "../digest/select.h"
#include "../index/store.h"
#include "../util/alloc.h"
#include "../util/jsonw.h"
#include "../util/str.h"
#include "../util/vtime.h"

#define MAX_MEMBERS 256
/* Terms on the "new in the watch" line. */
#define NEW_TERMS_MAX 5

static const struct opt digest_opts[] = {
	{ "week", 'w', "WEEK", "ISO week, e.g. 2026-W48 (default: the last complete one)" },
	{ "member", 'm', "ID", "only this member (repeatable)" },
	{ "dry-run", 'n', NULL, "print the messages as read (the default)" },
	{ "out", 0, "DIR", "write ID.eml and ID.html per member into DIR" },
	{ "send", 0, NULL, "send the digests by SMTP, each exactly once" },
	{ "force", 'f', NULL, "send again digests already accepted" },
	{ "list", 'l', NULL, "show what was sent, when, or why it failed" },
	{ "format", 0, "FMT", "text or json (for --list)" },
	{ "atom", 0, NULL, "write an Atom feed of the digest archive" },
	{ "output", 'o', "FILE", "where --atom writes (default: standard output)" },
	{ "raw", 0, NULL, "--dry-run: print the MIME messages as sent" },
	{ NULL, 0, NULL, NULL }
};

enum { O_WEEK, O_MEMBER, O_DRY, O_OUT, O_SEND, O_FORCE, O_LIST, O_FORMAT,
       O_ATOM, O_OUTPUT, O_RAW };
enum mode { M_DRY, M_OUT, M_SEND };

struct run {
	struct cli *cli;
	const char *members[MAX_MEMBERS];
	size_t nmembers;
	int json;
};

/* Member ids become file names: only [A-Za-z0-9._-], never a leading dot */
static void safe_name(const char *id, char *out, size_t n)
{
	size_t i;

	for (i = 0; id[i] && i + 1 < n; i++) {
		char ch = id[i];
		int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			 (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
			 (ch == '.' && i > 0);
		out[i] = ok ? ch : '_';
	}
	out[i] = 0;
}

static int wanted(const struct run *r, const char *id)
{
	size_t i;

	if (r->nmembers == 0)
		return 1;
	for (i = 0; i < r->nmembers; i++)
		if (strcmp(r->members[i], id) == 0)
			return 1;
	return 0;
}

static int write_file(const char *path, const char *data, size_t len,
		      struct err *e)
{
	char tmp[4096];
	FILE *f;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return err_set(e, "path '%s' is too long", path);
	if ((f = fopen(tmp, "wb")) == NULL)
		return err_set(e, "cannot write '%s': %s", tmp, strerror(errno));
	if (fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		remove(tmp);
		return err_set(e, "cannot write '%s': %s", tmp, strerror(errno));
	}
	/* a reader of the archive never sees half a file */
	if (rename(tmp, path) != 0) {
		remove(tmp);
		return err_set(e, "cannot rename '%s': %s", tmp, strerror(errno));
	}
	return 0;
}

static int make_dir(const char *dir, struct err *e)
{
	char p[4096];
	size_t i;

	if (str_copy(p, dir, sizeof(p)) >= sizeof(p))
		return err_set(e, "path '%s' is too long", dir);
	for (i = 1; p[i]; i++) {
		if (p[i] != '/')
			continue;
		p[i] = 0;
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			return err_set(e, "cannot create '%s': %s", p, strerror(errno));
		p[i] = '/';
	}
	if (mkdir(p, 0755) != 0 && errno != EEXIST)
		return err_set(e, "cannot create '%s': %s", p, strerror(errno));
	return 0;
}

/* [mail] archive_dir, else "digests" next to the database */
static void archive_dir(const struct cli *cli, char *out, size_t n)
{
	const char *d = conf_get(conf_find(&cli->conf, "mail", NULL),
				 "archive_dir");
	const char *slash;

	if (d) {
		str_copy(out, d, n);
		return;
	}
	slash = strrchr(cli->db_path, '/');
	if (slash == NULL)
		str_copy(out, "digests", n);
	else
		snprintf(out, n, "%.*s/digests", (int)(slash - cli->db_path),
			 cli->db_path);
}

/* ---- --list ---- */

static int list_cb(void *ctx, const struct store_digest_row *row)
{
	struct run *r = ctx;
	char when[40] = "";
	struct buf b = BUF_INIT;
	int rc = 0;

	if (!wanted(r, row->member))
		return 0;
	if (row->sent_at)
		vtime_rfc3339(row->sent_at, when, sizeof(when));
	if (r->json) {
		struct jsonw w;
		jsonw_init(&w, &b);
		jsonw_obj(&w);
		jsonw_kstr(&w, "member", row->member);
		jsonw_kstr(&w, "week", row->week);
		jsonw_kstr(&w, "status", row->status);
		jsonw_key(&w, "at");
		if (*when)
			jsonw_str(&w, when);
		else
			jsonw_null(&w);
		jsonw_key(&w, "message_id");
		if (row->message_id)
			jsonw_str(&w, row->message_id);
		else
			jsonw_null(&w);
		jsonw_key(&w, "reply");
		if (row->reply)
			jsonw_str(&w, row->reply);
		else
			jsonw_null(&w);
		jsonw_kint(&w, "stories", row->nstories);
		jsonw_end(&w);
		rc = jsonw_error(&w);
	} else {
		rc |= buf_addstr(&b, row->week ? row->week : "");
		rc |= buf_addch(&b, '\t');
		rc |= idx_clean(&b, row->member ? row->member : "", 0);
		rc |= buf_addf(&b, "\t%s\t%s\t", row->status ? row->status : "",
			       *when ? when : "-");
		if (row->status && strcmp(row->status, "sent") == 0) {
			rc |= idx_clean(&b, row->message_id ? row->message_id : "-", 0);
			rc |= buf_addf(&b, "\t%lld stor%s", (long long)row->nstories,
				       row->nstories == 1 ? "y" : "ies");
		} else {
			rc |= idx_clean(&b, row->reply ? row->reply : "-", 0);
		}
	}
	if (rc == 0)
		printf("%s\n", buf_cstr(&b));
	buf_release(&b);
	return rc ? -1 : 0;
}

/* The paused members first, as rows of status "paused" with no week: by
 * 'veille member pause' (and when), or by the configuration. */
static int paused_rows(struct run *r, struct store *st, struct err *e)
{
	const struct conf *c = &r->cli->conf;
	size_t i;

	for (i = 0; i < c->nsections; i++) {
		const struct conf_section *m = &c->sections[i];
		struct buf b = BUF_INIT;
		char when[40] = "";
		int paused, rc = 0;
		int64_t at = 0;

		if (strcmp(m->type, "member") || !wanted(r, m->name))
			continue;
		if (store_member_state(st, m->name, &paused, &at, e) < 0)
			return -1;
		if (paused == 0 || (paused < 0 && !conf_bool(m, "paused", 0)))
			continue;
		if (paused > 0)
			vtime_rfc3339(at, when, sizeof(when));
		if (r->json) {
			struct jsonw w;
			jsonw_init(&w, &b);
			jsonw_obj(&w);
			jsonw_kstr(&w, "member", m->name);
			jsonw_key(&w, "week");
			jsonw_null(&w);
			jsonw_kstr(&w, "status", "paused");
			jsonw_key(&w, "at");
			if (*when)
				jsonw_str(&w, when);
			else
				jsonw_null(&w);
			jsonw_kstr(&w, "by", paused > 0 ? "veille member" :
						     "configuration");
			jsonw_end(&w);
			rc = jsonw_error(&w);
		} else {
			rc |= buf_addstr(&b, "-\t");
			rc |= idx_clean(&b, m->name, 0);
			rc |= buf_addf(&b, "\tpaused\t%s\t%s", *when ? when : "-",
				       paused > 0 ? "by veille member" :
						    "by the configuration");
		}
		if (rc == 0)
			printf("%s\n", buf_cstr(&b));
		buf_release(&b);
		if (rc)
			return err_set(e, "out of memory");
	}
	return 0;
}

static int do_list(struct run *r, const char *week, const char *tz)
{
	struct store *st;
	struct err e = { "" };
	struct digest_week w;
	char wname[16];
	int rc;

	if (week) {
		if (digest_week_parse(week, tz, &w, &e) < 0)
			return cli_usage_error(r->cli, "%s", e.msg);
		digest_week_name(&w, wname, sizeof(wname));
	}
	if ((rc = idx_open(r->cli, STORE_READONLY, &st)) != VEILLE_OK)
		return rc;
	if (paused_rows(r, st, &e) < 0 ||
	    store_digest_list(st, NULL, week ? wname : NULL, list_cb, r,
			      &e) != 0) {
		fprintf(stderr, "veille digest: %s\n", *e.msg ? e.msg : "out of memory");
		store_close(st);
		return VEILLE_FATAL;
	}
	store_close(st);
	return cli_finish_stdout(VEILLE_OK);
}

/* ---- --atom ---- */

static int xml_escape(struct buf *out, const char *s)
{
	int rc = 0;

	for (; *s && rc == 0; s++) {
		switch (*s) {
		case '&': rc = buf_addstr(out, "&amp;"); break;
		case '<': rc = buf_addstr(out, "&lt;"); break;
		case '>': rc = buf_addstr(out, "&gt;"); break;
		case '"': rc = buf_addstr(out, "&quot;"); break;
		default:
			/* controls are not allowed in XML 1.0 */
			rc = buf_addch(out, (unsigned char)*s < 0x20 ? ' ' : *s);
		}
	}
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return -strcmp(*(char *const *)a, *(char *const *)b);
}

static int do_atom(struct run *r, const char *output)
{
	const char *url = conf_get(conf_find(&r->cli->conf, "mail", NULL),
				   "archive_url");
	char dir[4096], path[4200], when[40];
	char *names[4096];
	size_t n = 0, i;
	struct buf b = BUF_INIT;
	struct err e = { "" };
	struct dirent *de;
	struct stat sb;
	DIR *dp;
	int64_t newest = 0;
	int rc = 0;

	archive_dir(r->cli, dir, sizeof(dir));
	if ((dp = opendir(dir)) != NULL) {
		while ((de = readdir(dp)) != NULL && n < 4096) {
			size_t l = strlen(de->d_name);
			if (de->d_name[0] == '.' || l < 6 ||
			    strcmp(de->d_name + l - 5, ".html") != 0)
				continue;
			if ((names[n] = v_strdup(de->d_name)) == NULL)
				break;
			n++;
		}
		closedir(dp);
	} else if (errno != ENOENT) {
		fprintf(stderr, "veille digest: cannot read '%s': %s\n", dir,
			strerror(errno));
		return VEILLE_FATAL;
	}
	/* "2026-W48-acme.html": newest week first; the niche pages are
	 * in niches/, not digests */
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (stat(path, &sb) == 0 && (int64_t)sb.st_mtime > newest)
			newest = (int64_t)sb.st_mtime;
	}
	vtime_rfc3339(newest ? newest : vtime_now(), when, sizeof(when));
	rc |= buf_addstr(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			 "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
			 "  <title>Veille Maintenance 4.0 — digests</title>\n"
			 "  <id>");
	rc |= xml_escape(&b, url ? url : "urn:veille:digests");
	rc |= buf_addf(&b, "</id>\n  <updated>%s</updated>\n"
		       "  <author><name>Cluster Maintenance 4.0</name></author>\n",
		       when);
	if (url) {
		rc |= buf_addstr(&b, "  <link href=\"");
		rc |= xml_escape(&b, url);
		rc |= buf_addstr(&b, "\"/>\n");
	}
	for (i = 0; i < n; i++) {
		size_t l = strlen(names[i]);
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		vtime_rfc3339(stat(path, &sb) == 0 ? (int64_t)sb.st_mtime :
			      newest, when, sizeof(when));
		rc |= buf_addstr(&b, "  <entry>\n    <title>");
		/* the file name: week, then member */
		rc |= buf_add(&b, names[i], l - 5);
		rc |= buf_addstr(&b, "</title>\n    <id>urn:veille:digest:");
		rc |= xml_escape(&b, names[i]);
		rc |= buf_addf(&b, "</id>\n    <updated>%s</updated>\n", when);
		if (url) {
			size_t ul = strlen(url);
			rc |= buf_addstr(&b, "    <link rel=\"alternate\" "
					 "type=\"text/html\" href=\"");
			rc |= xml_escape(&b, url);
			if (ul > 0 && url[ul - 1] != '/')
				rc |= buf_addch(&b, '/');
			rc |= xml_escape(&b, names[i]);
			rc |= buf_addstr(&b, "\"/>\n");
		}
		rc |= buf_addstr(&b, "  </entry>\n");
	}
	rc |= buf_addstr(&b, "</feed>\n");
	for (i = 0; i < n; i++)
		v_free(names[i]);
	if (rc != 0) {
		buf_release(&b);
		fprintf(stderr, "veille digest: out of memory\n");
		return VEILLE_FATAL;
	}
	if (output && strcmp(output, "-") != 0) {
		rc = write_file(output, buf_cstr(&b), b.len, &e);
		buf_release(&b);
		if (rc < 0) {
			fprintf(stderr, "veille digest: %s\n", e.msg);
			return VEILLE_FATAL;
		}
		return VEILLE_OK;
	}
	fwrite(buf_cstr(&b), 1, b.len, stdout);
	buf_release(&b);
	return cli_finish_stdout(VEILLE_OK);
}

/* ---- building and delivering ---- */

/* Two --send runs at once would both see a member as not yet sent: the
 * second waits for nothing and stops. A POSIX record lock on a file next
 * to the database is released by the kernel when the process dies, so a
 * crash leaves no stale lock. Returns the descriptor, or -1 with e set. */
static int send_lock(const char *db, struct err *e)
{
	char path[4200];
	struct flock fl;
	int fd;

	if (snprintf(path, sizeof(path), "%s.digest-lock", db) >= (int)sizeof(path))
		return err_set(e, "path '%s' is too long", db);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
		return err_set(e, "cannot open '%s': %s", path, strerror(errno));
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) < 0) {
		close(fd);
		return err_set(e, "another 'veille digest --send' is running "
				  "(lock '%s' held)", path);
	}
	return fd;
}

/* "New in the watch": the trend report's first sightings (words and
 * two-word phrases of titles never seen before, now in at least three
 * items from three sources) over the items of the member's niches, for
 * the digest's week. Every item up to the week's end is read once; the
 * terms are computed once per distinct set of niches. */
struct new_terms {
	int state;		/* 0 not loaded, 1 loaded, -1 failed */
	struct rows all;
	struct report_row *sub;	/* the rows of one set of niches */
	struct nt_set {
		char *key;	/* the member's niches, joined */
		char **terms;
		size_t n;
	} *sets;
	size_t nsets;
};

struct ctx {
	struct new_terms nt;
	struct run *r;
	struct store *st;
	struct digest_mail m;
	struct digest_smtp smtp;
	struct digest_week w;
	char wname[16];
	char archive[4096];
	const char *outdir;
	enum mode mode;
	int force;
	int raw;		/* --dry-run --raw: the MIME message */
	int64_t now;
	int failed;
	int count;
	/* why the relay failed for an earlier member of this run: the
	 * members after it are deferred without trying */
	char relay_down[600];
	/* the niche pages written by this run, under the archive */
	char **pages;
	size_t npages;
};

static void new_terms_release(struct new_terms *nt)
{
	size_t i, k;

	for (i = 0; i < nt->nsets; i++) {
		for (k = 0; k < nt->sets[i].n; k++)
			v_free(nt->sets[i].terms[k]);
		v_free(nt->sets[i].terms);
		v_free(nt->sets[i].key);
	}
	v_free(nt->sets);
	v_free(nt->sub);
	rows_release(&nt->all);
	memset(nt, 0, sizeof *nt);
}

/* 1 when the word w is one of the words of another first sighting: the
 * phrase says more ("digital twin" rather than "digital" and "twin"). */
static int in_phrase(const struct report *r, const char *w)
{
	size_t i, n = strlen(w);

	if (strchr(w, ' '))
		return 0;
	for (i = 0; i < r->nfirst; i++) {
		const char *t = r->first[i].term, *h;

		for (h = strstr(t, w); h; h = strstr(h + 1, w))
			if ((h == t || h[-1] == ' ') && (h[n] == ' ' || (!h[n] && h != t)))
				return 1;
	}
	return 0;
}

/* The first sightings of the week among rows of niches (NULL: all), into
 * set. 0, or -1 with e set. */
static int first_sightings(struct ctx *x, const char *const *niches,
			   struct nt_set *set, struct err *e)
{
	struct new_terms *nt = &x->nt;
	struct report_params p;
	struct report *r;
	size_t i, n = 0;

	for (i = 0; i < nt->all.n; i++)
		if (!niches || rows_list_has(nt->all.rows[i].niches, niches))
			nt->sub[n++] = nt->all.rows[i];
	report_params_init(&p);
	p.from = x->w.start;
	p.to = x->w.end;
	p.by = REPORT_WEEK;
	p.top_n = NEW_TERMS_MAX;
	r = report_build(&p, NULL, 0, NULL, 0, NULL, 0, nt->sub, n, e);
	if (!r)
		return -1;
	set->terms = v_calloc(NEW_TERMS_MAX, sizeof *set->terms);
	for (i = 0; i < r->nfirst && set->terms && set->n < NEW_TERMS_MAX; i++) {
		if (in_phrase(r, r->first[i].term))
			continue;
		if (!(set->terms[set->n] = v_strdup(r->first[i].term)))
			break;
		set->n++;
	}
	n = set->terms && (i >= r->nfirst || set->n == NEW_TERMS_MAX);
	report_free(r);
	return n ? 0 : err_set(e, "out of memory");
}

/* Adds the week's new terms of d's niches to d. 0, or -1 with e set. */
static int add_new_terms(struct ctx *x, struct digest *d, struct err *e)
{
	struct new_terms *nt = &x->nt;
	const char *niches[65];
	struct buf key = BUF_INIT;
	struct nt_set *set = NULL;
	size_t i;
	int all = 0;

	if (nt->state == 0) {
		struct store_report_query q = { INT64_MIN, x->w.end, 0, 0 };

		nt->state = -1;
		if (rows_load(x->st, &q, &nt->all, e) < 0)
			return -1;
		if (nt->all.n && !(nt->sub = v_calloc(nt->all.n, sizeof *nt->sub)))
			return err_set(e, "out of memory");
		nt->state = 1;
	} else if (nt->state < 0) {
		return err_set(e, "the week's new terms could not be read");
	}
	for (i = 0; i < d->member.nniches && i < 64; i++) {
		niches[i] = d->member.niches[i];
		all |= !strcmp(niches[i], "all");
		if (buf_addf(&key, "%s,", niches[i]) < 0) {
			buf_release(&key);
			return err_set(e, "out of memory");
		}
	}
	niches[i] = NULL;
	if (!i) {
		buf_release(&key);
		return 0;
	}
	for (i = 0; i < nt->nsets; i++)
		if (!strcmp(nt->sets[i].key, all ? "all" : buf_cstr(&key)))
			set = &nt->sets[i];
	if (!set) {
		struct nt_set *v = v_reallocarray(nt->sets, nt->nsets + 1,
						  sizeof *v);

		if (!v) {
			buf_release(&key);
			return err_set(e, "out of memory");
		}
		nt->sets = v;
		set = &v[nt->nsets];
		memset(set, 0, sizeof *set);
		set->key = v_strdup(all ? "all" : buf_cstr(&key));
		if (!set->key) {
			buf_release(&key);
			return err_set(e, "out of memory");
		}
		nt->nsets++;
		if (first_sightings(x, all ? NULL : niches, set, e) < 0) {
			buf_release(&key);
			return -1;
		}
	}
	buf_release(&key);
	for (i = 0; i < set->n; i++)
		if (digest_add_term(d, set->terms[i]) < 0)
			return err_set(e, "out of memory");
	return 0;
}

/* Writes the archive page of niche s for x's week in d's language
 * (every story of the niche that week) unless this run already did. 0,
 * or -1 with e set. */
static int write_niche_page(struct ctx *x, const struct digest *d,
			    const struct digest_section *s, const char *page,
			    struct err *e)
{
	struct digest *p;
	struct buf html = BUF_INIT;
	char path[4400], **v;
	size_t i;
	int rc = -1;

	for (i = 0; i < x->npages; i++)
		if (!strcmp(x->pages[i], page))
			return 0;
	if (!(v = v_reallocarray(x->pages, x->npages + 1, sizeof *v)))
		return err_set(e, "out of memory");
	x->pages = v;
	if (!(v[x->npages] = v_strdup(page)))
		return err_set(e, "out of memory");
	x->npages++;
	if (!(p = digest_new(d->member.id, d->member.name, d->member.lang)))
		return err_set(e, "out of memory");
	p->week = x->w;
	snprintf(path, sizeof path, "%s/niches", x->archive);
	if (digest_select_niche(x->st, &x->r->cli->conf, s->niche, p, e) == 0 &&
	    digest_render_niche_html(p, &x->m, &html, e) == 0 &&
	    make_dir(path, e) == 0) {
		snprintf(path, sizeof path, "%s/%s", x->archive, page);
		rc = write_file(path, buf_cstr(&html), html.len, e);
	}
	buf_release(&html);
	digest_free(p);
	return rc;
}

/* With [mail] archive_url: --out and --send write the archive page of
 * each niche of d with stories this week; every section whose page the
 * archive has (written now, or by an earlier run for --dry-run) links to
 * it, for "N more in this niche". 0, or -1 with e set. */
static int niche_pages(struct ctx *x, struct digest *d, struct err *e)
{
	size_t i;

	if (!x->m.archive_url)
		return 0;
	for (i = 0; i < d->nsections; i++) {
		struct digest_section *s = &d->sections[i];
		char safe[256], page[300], path[4400];
		struct stat sb;

		if (s->picks || s->count <= 0)
			continue;
		safe_name(s->niche, safe, sizeof safe);
		/* in a folder of their own: never taken for a member's
		 * page, whatever the member's id */
		snprintf(page, sizeof page, "niches/%s-%s.%s.html", x->wname,
			 safe, d->member.lang == DIGEST_EN ? "en" : "fr");
		if (x->mode != M_DRY && write_niche_page(x, d, s, page, e) < 0)
			return -1;
		snprintf(path, sizeof path, "%s/%s", x->archive, page);
		if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    digest_section_set_more(s, page) < 0)
			return err_set(e, "out of memory");
	}
	return 0;
}

/* The message as its reader sees it: who it goes to, its subject, then
 * the text part, decoded. */
static int print_readable(struct ctx *x, const struct digest *d)
{
	struct buf b = BUF_INIT;
	struct err e = { "" };
	size_t i;
	int rc = 0;

	rc |= buf_addf(&b, "From: %s\nTo: ", x->m.from);
	for (i = 0; i < d->member.nemails; i++)
		rc |= buf_addf(&b, "%s%s", i ? ", " : "", d->member.emails[i]);
	rc |= buf_addstr(&b, "\nSubject: ");
	if (rc == 0 && (digest_subject(d, &b, &e) < 0 ||
			buf_addstr(&b, "\n\n") < 0 ||
			digest_render_text(d, &x->m, &b, &e) < 0))
		rc = -1;
	/* for a terminal: no control character from a feed but the line
	 * breaks (C0 but LF, DEL, and C1 as UTF-8) */
	for (i = 0; rc == 0 && i < b.len; i++) {
		unsigned char ch = (unsigned char)b.data[i];

		if (ch == 0xc2 && i + 1 < b.len &&
		    (unsigned char)b.data[i + 1] >= 0x80 &&
		    (unsigned char)b.data[i + 1] <= 0x9f)
			i++;
		else if ((ch >= 0x20 && ch != 0x7f) || ch == '\n')
			putchar(ch);
	}
	buf_release(&b);
	return rc;
}

static int one_member(struct ctx *x, const struct conf_section *sec)
{
	struct digest *d;
	struct err e = { "" };
	struct buf msg = BUF_INIT, html = BUF_INIT, mid = BUF_INIT;
	int64_t *ids = NULL;
	size_t nids = 0;
	char safe[256], path[4400];
	int rc = -1, r;

	safe_name(sec->name, safe, sizeof(safe));
	/* veille member pause/resume wins over the configuration */
	if (store_member_state(x->st, sec->name, &r, NULL, &e) < 0)
		goto fail;
	if (r > 0 || (r < 0 && conf_bool(sec, "paused", 0))) {
		if (x->r->cli->verbosity >= 0)
			printf("skipped %s: paused\n", sec->name);
		return 0;
	}
	if (x->mode == M_SEND && !x->force) {
		r = store_digest_sent(x->st, sec->name, x->wname, &e);
		if (r < 0)
			goto fail;
		if (r > 0) {
			if (x->r->cli->verbosity >= 0)
				printf("skipped %s: %s already sent\n", sec->name,
				       x->wname);
			return 0;
		}
	}
	if ((d = digest_member_from_conf(sec, &e)) == NULL)
		goto fail;
	d->week = x->w;
	if (digest_select(x->st, &x->r->cli->conf, sec, d, &ids, &nids, &e) < 0 ||
	    add_new_terms(x, d, &e) < 0 || niche_pages(x, d, &e) < 0)
		goto out;
	if (nids == 0 && conf_bool(sec, "skip_empty", 0)) {
		if (x->r->cli->verbosity >= 0)
			printf("skipped %s: nothing new\n", sec->name);
		rc = 0;
		goto out;
	}
	if (digest_message(d, &x->m, x->now, &msg, &e) < 0 ||
	    digest_render_html(d, &x->m, &html, &e) < 0 ||
	    digest_message_id(d, x->m.from, &mid, &e) < 0)
		goto out;
	if (x->mode == M_DRY) {
		if (x->raw)
			fwrite(buf_cstr(&msg), 1, msg.len, stdout);
		else if (print_readable(x, d) < 0)
			goto out;
		printf("\n");
		x->count++;
		rc = 0;
		goto out;
	}
	snprintf(path, sizeof(path), "%s/%s-%s.html", x->archive, x->wname, safe);
	if (write_file(path, buf_cstr(&html), html.len, &e) < 0)
		goto out;
	if (x->mode == M_OUT) {
		snprintf(path, sizeof(path), "%s/%s.eml", x->outdir, safe);
		if (write_file(path, buf_cstr(&msg), msg.len, &e) < 0)
			goto out;
		snprintf(path, sizeof(path), "%s/%s.html", x->outdir, safe);
		if (write_file(path, buf_cstr(&html), html.len, &e) < 0)
			goto out;
		x->count++;
		rc = 0;
		goto out;
	}
	{
		struct digest_send_result sr;
		int sent = 0;

		if (x->relay_down[0]) {
			memset(&sr, 0, sizeof sr);
			sr.status = DIGEST_TRANSIENT;
			str_copy(sr.reply, x->relay_down, sizeof sr.reply);
		} else {
			sent = digest_smtp_send(&x->smtp, x->m.from,
						d->member.emails,
						d->member.nemails,
						buf_cstr(&msg), msg.len,
						&sr) == 0;
			if (!sent && sr.relay_failed)
				snprintf(x->relay_down, sizeof x->relay_down,
					 "not tried: the relay failed for '%s' "
					 "(%s)", sec->name, sr.reply);
		}
		/* recorded at once, before the next member: a crash after
		 * this line cannot send it again */
		/* one transaction: the digest and its stories together */
		if (store_begin(x->st, &e) < 0 ||
		    store_digest_record(x->st, sec->name, x->wname,
					buf_cstr(&mid), vtime_now(),
					sent ? "sent" : sr.status ==
					DIGEST_TRANSIENT ? "deferred" : "failed",
					sr.reply, sent ? ids : NULL,
					sent ? nids : 0, &e) < 0 ||
		    store_commit(x->st, &e) < 0) {
			store_rollback(x->st, NULL);
			if (sent)
				err_prefix(&e, "accepted by the server but not "
					   "recorded (it may be sent again)");
			goto out;
		}
		if (!sent) {
			struct buf c = BUF_INIT;
			idx_clean(&c, sr.reply, 0);
			fprintf(stderr, "digest '%s': %s\n", sec->name,
				buf_cstr(&c));
			buf_release(&c);
			x->failed++;
		} else {
			x->count++;
			if (x->r->cli->verbosity >= 0)
				printf("sent %s: %zu stor%s, %s\n", sec->name,
				       nids, nids == 1 ? "y" : "ies",
				       buf_cstr(&mid));
		}
		rc = 0;
	}
out:
	digest_free(d);
	v_free(ids);
	buf_release(&msg);
	buf_release(&html);
	buf_release(&mid);
	if (rc == 0)
		return 0;
fail:
	fprintf(stderr, "digest '%s': %s\n", sec->name, e.msg);
	x->failed++;
	return -1;
}

/* How far back the scheduled --send delivers weeks left deferred (the
 * relay was down): older ones are named, not sent. */
#define CATCHUP_WEEKS 4
#define CATCHUP_MAX 16

struct pending {
	char weeks[CATCHUP_MAX][16];
	size_t n;
	const char *current;
};

static int pending_cb(void *ctx, const struct store_digest_row *r)
{
	struct pending *p = ctx;

	/* ISO week names sort as the weeks do */
	if (r->status && r->week && !strcmp(r->status, "deferred") &&
	    strcmp(r->week, p->current) < 0 && p->n < CATCHUP_MAX)
		str_copy(p->weeks[p->n++], r->week, sizeof p->weeks[0]);
	return 0;
}

/* Delivers the weeks of sec's member that an earlier --send left deferred,
 * oldest first, each as its own week's message, exactly once (one_member
 * skips a week already sent); those over CATCHUP_WEEKS before x's week are
 * named for an operator to send by hand. */
static void catch_up(struct ctx *x, const struct conf_section *sec,
		     const char *tz)
{
	struct pending p = { .current = x->wname };
	struct digest_week cur = x->w, w;
	char curname[16];
	struct err e = { "" };
	size_t i;

	if (store_digest_list(x->st, sec->name, NULL, pending_cb, &p, &e) < 0) {
		fprintf(stderr, "digest '%s': %s\n", sec->name, e.msg);
		x->failed++;
		return;
	}
	str_copy(curname, x->wname, sizeof curname);
	for (i = p.n; i-- > 0;) {
		if (digest_week_parse(p.weeks[i], tz, &w, &e) < 0)
			continue;
		if (cur.start - w.start > (int64_t)CATCHUP_WEEKS * 7 * 86400) {
			fprintf(stderr, "digest '%s': %s was deferred and is more "
				"than %d weeks old: not sent (digest --send --week "
				"%s --member %s sends it)\n", sec->name,
				p.weeks[i], CATCHUP_WEEKS, p.weeks[i], sec->name);
			continue;
		}
		/* the week's new terms are the week's own */
		new_terms_release(&x->nt);
		x->w = w;
		str_copy(x->wname, p.weeks[i], sizeof x->wname);
		if (x->r->cli->verbosity >= 0)
			printf("catching up %s: %s was deferred\n", sec->name,
			       p.weeks[i]);
		one_member(x, sec);
	}
	if (p.n) {
		new_terms_release(&x->nt);
		x->w = cur;
		str_copy(x->wname, curname, sizeof x->wname);
	}
}

static int digest_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct run r;
	struct ctx x;
	struct err e = { "" };
	const char *arg, *week = NULL, *output = NULL, *format = "text";
	char *password = NULL;
	int o, rc, list = 0, atom = 0, modes = 0, lock = -1;
	size_t i;

	memset(&r, 0, sizeof(r));
	memset(&x, 0, sizeof(x));
	r.cli = cli;
	x.r = &r;
	x.mode = M_DRY;
	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0) {
		switch (o) {
		case O_WEEK: week = arg; break;
		case O_MEMBER:
			if (r.nmembers == MAX_MEMBERS) {
				opt_release(&st);
				return cli_usage_error(cli, "too many --member");
			}
			r.members[r.nmembers++] = arg;
			break;
		case O_DRY: x.mode = M_DRY; modes++; break;
		case O_OUT: x.mode = M_OUT; x.outdir = arg; modes++; break;
		case O_SEND: x.mode = M_SEND; modes++; break;
		case O_FORCE: x.force = 1; break;
		case O_LIST: list = 1; break;
		case O_FORMAT: format = arg; break;
		case O_ATOM: atom = 1; break;
		case O_OUTPUT: output = arg; break;
		case O_RAW: x.raw = 1; break;
		}
	}
	if (o != OPT_END) {
		opt_release(&st);
		return opt_exit(o);
	}
	if (st.nargs > 0) {
		rc = cli_usage_error(cli, "unexpected argument '%s'", st.args[0]);
		opt_release(&st);
		return rc;
	}
	opt_release(&st);
	if (modes > 1 || (list + atom > 0 && modes > 0) || list + atom > 1)
		return cli_usage_error(cli, "choose one of --dry-run, --out, "
				       "--send, --list and --atom");
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error(cli, "unknown format '%s' (text or json)",
				       format);
	if (output && !atom)
		return cli_usage_error(cli, "-o goes with --atom");
	if ((rc = cli_load_conf(cli)) != VEILLE_OK)
		return rc;
	for (i = 0; i < r.nmembers; i++)
		if (conf_find(&cli->conf, "member", r.members[i]) == NULL)
			return cli_usage_error(cli, "unknown member '%s'",
					       r.members[i]);
	r.json = strcmp(format, "json") == 0;
	if (atom)
		return do_atom(&r, output);
	if (list)
		return do_list(&r, week, tzone_of(&cli->conf));
	if (digest_mail_from_conf(&cli->conf, &x.m, &x.smtp, &password,
				  &e) < 0) {
		fprintf(stderr, "veille digest: %s\n", e.msg);
		return VEILLE_USAGE;
	}
	x.now = vtime_now();
	if ((week ? digest_week_parse(week, x.m.tz, &x.w, &e) :
	     digest_week_last_complete(x.now, x.m.tz, &x.w, &e)) < 0) {
		v_free(password);
		return cli_usage_error(cli, "%s", e.msg);
	}
	digest_week_name(&x.w, x.wname, sizeof(x.wname));
	archive_dir(cli, x.archive, sizeof(x.archive));
	if ((x.mode != M_DRY && make_dir(x.archive, &e) < 0) ||
	    (x.mode == M_OUT && make_dir(x.outdir, &e) < 0)) {
		fprintf(stderr, "veille digest: %s\n", e.msg);
		v_free(password);
		return VEILLE_FATAL;
	}
	if (x.mode == M_SEND && (lock = send_lock(cli->db_path, &e)) < 0) {
		fprintf(stderr, "veille digest: %s\n", e.msg);
		v_free(password);
		return VEILLE_FATAL;
	}
	if ((rc = idx_open(cli, x.mode == M_SEND ? 0 : STORE_READONLY,
			   &x.st)) != VEILLE_OK) {
		if (lock >= 0)
			close(lock);
		v_free(password);
		return rc;
	}
	if (x.mode == M_SEND)
		x.smtp.deadline_ms = digest_clock_ms() + DIGEST_RUN_BUDGET_MS;
	for (i = 0; i < cli->conf.nsections; i++) {
		const struct conf_section *sec = &cli->conf.sections[i];
		if (strcmp(sec->type, "member") != 0 || !wanted(&r, sec->name))
			continue;
		/* the scheduled run (no --week) delivers missed weeks first */
		if (x.mode == M_SEND && !week)
			catch_up(&x, sec, x.m.tz);
		one_member(&x, sec);
	}
	new_terms_release(&x.nt);
	for (i = 0; i < x.npages; i++)
		v_free(x.pages[i]);
	v_free(x.pages);
	store_close(x.st);
	if (lock >= 0)
		close(lock);
	v_free(password);
	if (x.mode == M_OUT && cli->verbosity >= 0)
		printf("%d digest%s for %s in %s (archive: %s)\n", x.count,
		       x.count == 1 ? "" : "s", x.wname, x.outdir, x.archive);
	return cli_finish_stdout(x.failed ? VEILLE_PARTIAL : VEILLE_OK);
}

const struct command cmd_digest = {
	"digest", NULL, "build and send the weekly member digests",
	"Builds, for each [member] of the configuration (or each --member), "
	"the digest of an ISO week in the [settings] timezone (default "
	"Africa/Casablanca): the stories first seen that week in the "
	"member's niches and sectors, one entry per story with its other "
	"sources, ranked by niche score, source diversity and recency, at "
	"most per_niche per niche and max_items in all, leaving out stories "
	"the member received in an earlier digest. A story is one work "
	"(preprint, journal version, news about it; see 'veille stories'): "
	"once a member received any version, a later one (\"now published\") "
	"is not sent at all, whether it joined the story when stored or when "
	"a later item showed both were one work. The analyst's picks "
	"('veille pick') head the digest in a section of their own. Paused "
	"members (their paused key, or 'veille member pause', which wins) "
	"are skipped; members with skip_empty get nothing in a week with nothing "
	"new, the others a short digest saying so. A \"new in the watch\" "
	"line names up to five terms of titles (words and two-word phrases) "
	"first seen that week in the member's niches, in at least three "
	"items from three sources (the trend report's first sightings). The "
	"default week is the last complete one. Backlog (a source's first "
	"crawl, and items dated more than 7 days before they were found, see "
	"DATES AND COVERAGE) is never an entry: one line gives its number "
	"(\"Archived, not sent: N earlier items\", \"N articles plus anciens "
	"ont été archivés sans être envoyés\"). Entries show the item's date, or "
	"\"undated\" (\"sans date\").\n\n"
	"--dry-run (the default) prints each message as a person reads it: "
	"From, To and Subject, then the text part decoded (control "
	"characters left out); with --raw, the MIME message as it would be "
	"sent. --out DIR writes "
	"ID.eml and ID.html per member; --send sends each over SMTP. Both "
	"--out and --send also write the HTML to the archive folder ([mail] "
	"archive_dir, default digests/ next to the database). With [mail] "
	"archive_url set, they also write there, per niche of the members "
	"and week, niches/WEEK-NICHE.fr.html (or .en.html) listing every "
	"story of the niche that week, and a niche that has more stories "
	"than the digest shows ends with \"N autres dans cette niche\" (\"N "
	"more in this niche\") and the page's link under archive_url, "
	"whenever the archive has that page (--dry-run included).\n\n"
	"--send sends each digest exactly once: it is recorded as sent, with "
	"its Message-ID and stories, as soon as the server accepts it and "
	"before the next member, so running again for the same week sends "
	"only what failed (--force sends everything again). Transient "
	"failures are retried with back-off, then left for the next run; a "
	"refusal is recorded with the server's reply. When the relay itself "
	"fails for a member (unreachable, no answer within [mail] timeout, "
	"421), the members after it are deferred without trying, and no run "
	"spends more than 150 seconds on a relay. A --send without --week "
	"first delivers, each as its own week's message, the weeks of the "
	"last 4 that an earlier run left deferred; older ones are named with "
	"the command that sends them, and --list shows what is pending. Each "
	"failure is named "
	"on standard error and the exit status is then 1. The one window for "
	"a duplicate is a crash between the server's acceptance and the "
	"record; the Message-ID is the same on a re-send. One --send runs at a "
	"time per database: a second one exits 3 without sending.\n\n"
	"--list shows per member and week what was sent, when, with which "
	"Message-ID, or why it failed, after one row per paused member "
	"(status paused, week \"-\" or null). --atom writes an Atom feed of the "
	"archive, its entries linking to [mail] archive_url when set.",
	digest_opts, digest_run,
};
