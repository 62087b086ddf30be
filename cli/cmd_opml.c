/* veille import / export: OPML subscription lists in and out. Import never
 * rewrites the operator's own file: it appends to a file of its own that
 * feeds.conf includes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "../crawl/crawl.h"
#include "../parser/parser.h"
#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/url.h"
#include "../util/utf8.h"
#include "../util/vtime.h"

#define OPML_MAX_BYTES ((size_t)16 << 20)
#define NAME_MAX_LEN 40

static int read_file(const char *path, struct buf *b, struct err *e)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char chunk[65536];
	size_t n;

	if (!f)
		return err_set(e, "cannot open '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_add(b, chunk, n) < 0) {
			if (f != stdin)
				fclose(f);
			return err_set(e, "'%s' is larger than %zu bytes", path,
				       b->max);
		}
	if (ferror(f)) {
		err_set(e, "cannot read '%s': %s", path, strerror(errno));
		if (f != stdin)
			fclose(f);
		return -1;
	}
	if (f != stdin)
		fclose(f);
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Takes the lock of an imports file (PATH.lock beside it), waiting for
 * another import to finish, so two imports never both append. Returns the
 * lock's descriptor (close it to release), or -1 with e set. */
static int lock_imports(const char *path, struct err *e)
{
	struct buf b = BUF_INIT;
	int fd = -1;

	if (buf_addf(&b, "%s.lock", path) < 0) {
		err_set(e, "out of memory");
		goto out;
	}
	fd = open(buf_cstr(&b), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		err_set(e, "cannot create '%s': %s", buf_cstr(&b), strerror(errno));
		goto out;
	}
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR) {
			err_set(e, "cannot lock '%s': %s", buf_cstr(&b),
				strerror(errno));
			close(fd);
			fd = -1;
			break;
		}
out:
	buf_release(&b);
	return fd;
}

/* Writes old then add into path as a whole: a temporary file in the same
 * folder, synced, renamed over path, so a full disk or a crash leaves
 * path as it was, never a half-written section that would stop every
 * command. The file keeps its mode. 0, or -1 with e set. */
static int replace_file(const char *path, const struct buf *old,
			const struct buf *add, struct err *e)
{
	struct buf tmp = BUF_INIT;
	struct stat st;
	const char *slash;
	int fd = -1, rc = -1;

	if (buf_addf(&tmp, "%s.XXXXXX", path) < 0) {
		err_set(e, "out of memory");
		goto out;
	}
	fd = mkstemp((char *)buf_cstr(&tmp));
	if (fd < 0) {
		err_set(e, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	if (fchmod(fd, stat(path, &st) == 0 ? st.st_mode & 07777 : 0644) < 0 ||
	    (old->len && write_all(fd, old->data, old->len) < 0) ||
	    write_all(fd, add->data, add->len) < 0 || fsync(fd) < 0) {
		err_set(e, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		err_set(e, "cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp.data, path) < 0) {
		err_set(e, "cannot replace '%s': %s", path, strerror(errno));
		goto out;
	}
	/* the rename itself reaches the disk with its folder */
	slash = strrchr(path, '/');
	{
		struct buf dir = BUF_INIT;
		int dfd;

		if (buf_add(&dir, slash ? path : ".",
			    slash ? (size_t)(slash - path) + (slash == path) : 1) == 0 &&
		    (dfd = open(buf_cstr(&dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
			fsync(dfd);
			close(dfd);
		}
		buf_release(&dir);
	}
	tmp.len = 0;	/* renamed: nothing to remove */
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp.len)
		unlink(tmp.data);
	buf_release(&tmp);
	return rc;
}

/* A value on one line of feeds.conf: no control characters (a title with a
 * newline would start a new key), and for lists no comma inside an item. */
static int conf_value(struct buf *b, const char *s, int list)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || (list && c == ','))
			c = ' ';
		if (buf_addch(b, c) < 0)
			return -1;
	}
	return 0;
}

/* "Maintenance prédictive — Blog" -> "maintenance-predictive-blog". */
static void derive_name(const char *title, const char *url, char *out,
			size_t n)
{
	struct buf f = BUF_INIT;
	const char *s;
	size_t o = 0;
	int dash = 0;

	if (!title || !*title)
		title = url;
	if (utf8_fold(&f, title, strlen(title)) < 0) {
		buf_clear(&f);
		buf_addstr(&f, "feed");
	}
	for (s = buf_cstr(&f); *s && o + 1 < n && o < NAME_MAX_LEN; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && o)
				out[o++] = '-';
			dash = 0;
			if (o + 1 < n)
				out[o++] = (char)c;
		} else {
			dash = 1;
		}
	}
	out[o] = 0;
	if (!o)
		str_copy(out, "feed", n);
	buf_release(&f);
}

struct known {
	char **urls;		/* canonical */
	char **names;
	size_t n;
};

static int known_add(struct known *k, const char *url, const char *name)
{
	char **u = v_reallocarray(k->urls, k->n + 1, sizeof *u);
	char **m;

	if (!u)
		return -1;
	k->urls = u;
	m = v_reallocarray(k->names, k->n + 1, sizeof *m);
	if (!m)
		return -1;
	k->names = m;
	u[k->n] = url_canonical(url);
	if (!u[k->n])
		u[k->n] = v_strdup(url);
	m[k->n] = v_strdup(name);
	if (!u[k->n] || !m[k->n]) {
		v_free(u[k->n]);
		v_free(m[k->n]);
		return -1;
	}
	k->n++;
	return 0;
}

static void known_free(struct known *k)
{
	size_t i;

	for (i = 0; i < k->n; i++) {
		v_free(k->urls[i]);
		v_free(k->names[i]);
	}
	v_free(k->urls);
	v_free(k->names);
}

static const char *known_url(const struct known *k, const char *url)
{
	char *c = url_canonical(url);
	const char *hit = NULL;
	size_t i;

	for (i = 0; i < k->n && !hit; i++)
		if (!strcmp(k->urls[i], c ? c : url))
			hit = k->names[i];
	v_free(c);
	return hit;
}

static int known_name(const struct known *k, const char *name)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (!strcmp(k->names[i], name))
			return 1;
	return 0;
}

static int add_conf_feeds(struct known *k, const struct conf *c)
{
	size_t i;

	for (i = 0; i < c->nsections; i++) {
		const struct conf_section *s = &c->sections[i];

		if (!strcmp(s->type, "feed") &&
		    known_add(k, conf_str(s, "url", ""), s->name) < 0)
			return -1;
	}
	return 0;
}

static int included(const struct conf *c, const char *path)
{
	size_t i;

	for (i = 0; i < c->nfiles; i++)
		if (!strcmp(c->files[i], path))
			return 1;
	return 0;
}

static int import_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct buf data = BUF_INIT, out = BUF_INIT, old = BUF_INIT;
	struct known k = { NULL, NULL, 0 };
	struct opml *l = NULL;
	struct conf other;
	struct err e;
	const char *arg, *into = NULL, *file;
	char *target = NULL;
	size_t i, added = 0, dups = 0, bad = 0;
	int o, rc = VEILLE_OK, lock = -1;

	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0)
		into = arg;
	if (o != OPT_END || st.nargs != 1) {
		rc = o != OPT_END ? opt_exit(o) :
			cli_usage_error(cli, "expected one OPML file");
		opt_release(&st);
		return rc;
	}
	file = st.args[0];
	rc = cli_load_conf(cli);
	if (rc != VEILLE_OK) {
		opt_release(&st);
		return rc;
	}
	conf_init(&other);
	buf_init(&data, OPML_MAX_BYTES);
	if (read_file(file, &data, &e) < 0 ||
	    opml_parse(data.data ? data.data : "", data.len, NULL, &l, &e) < 0) {
		fprintf(stderr, "veille import: %s\n", e.msg);
		rc = VEILLE_FATAL;
		goto out;
	}
	if (!into) {
		const struct conf_section *set = conf_find(&cli->conf, "settings", NULL);

		into = conf_str(set, "imports", "feeds-imported.conf");
	}
	target = crawl_source(cli->config_path, into);
	if (!target || add_conf_feeds(&k, &cli->conf) < 0)
		goto oom;
	/* held until the file is replaced: a second import waits, then
	 * sees what this one added */
	if ((lock = lock_imports(target, &e)) < 0) {
		fprintf(stderr, "veille import: %s\n", e.msg);
		rc = VEILLE_FATAL;
		goto out;
	}
	buf_init(&old, CONF_FILE_MAX);
	{
		FILE *t = fopen(target, "r");

		if (t) {
			fclose(t);
			if (read_file(target, &old, &e) < 0) {
				fprintf(stderr, "veille import: %s\n", e.msg);
				rc = VEILLE_FATAL;
				goto out;
			}
			/* read again under the lock: an import that
			 * ran meanwhile may have added to it */
			conf_load(&other, target);
			if (add_conf_feeds(&k, &other) < 0)
				goto oom;
		}
	}
	buf_init(&out, (size_t)64 << 20);
	{
		char t[32];

		vtime_rfc3339(vtime_now(), t, sizeof t);
		if (buf_addstr(&out, "\n# imported by veille import from ") < 0 ||
		    conf_value(&out, file, 0) < 0 ||
		    buf_addf(&out, " on %s\n", t) < 0)
			goto oom;
	}
	for (i = 0; i < l->noutlines; i++) {
		const struct opml_outline *ol = &l->outlines[i];
		const char *dup;
		char name[64], uniq[80], why[1024];
		int n = 2;

		if (url_check_http(ol->xml_url, &e) < 0) {
			fprintf(stderr, "veille import: skipped '%s': %s\n",
				ol->title ? ol->title : ol->xml_url, e.msg);
			bad++;
			continue;
		}
		if (cli_feed_url_refused(&cli->conf, NULL, ol->xml_url, why,
					 sizeof why)) {
			fprintf(stderr, "veille import: skipped '%s': %s\n",
				ol->title ? ol->title : ol->xml_url, why);
			bad++;
			continue;
		}
		dup = known_url(&k, ol->xml_url);
		if (dup) {
			fprintf(stderr, "veille import: skipped %s: already configured as '%s'\n",
				ol->xml_url, dup);
			dups++;
			continue;
		}
		derive_name(ol->title, ol->xml_url, name, sizeof name);
		str_copy(uniq, name, sizeof uniq);
		while (known_name(&k, uniq))
			snprintf(uniq, sizeof uniq, "%s-%d", name, n++);
		if (known_add(&k, ol->xml_url, uniq) < 0)
			goto oom;
		if (buf_addf(&out, "\n[feed %s]\nurl = ", uniq) < 0 ||
		    conf_value(&out, ol->xml_url, 0) < 0)
			goto oom;
		if (ol->title && *ol->title &&
		    (buf_addstr(&out, "\ntitle = ") < 0 ||
		     conf_value(&out, ol->title, 0) < 0))
			goto oom;
		if (ol->category && *ol->category &&
		    (buf_addstr(&out, "\ncategory = ") < 0 ||
		     conf_value(&out, ol->category, 1) < 0))
			goto oom;
		if (buf_addch(&out, '\n') < 0)
			goto oom;
		added++;
	}
	if (added && replace_file(target, &old, &out, &e) < 0) {
		fprintf(stderr, "veille import: %s (unchanged)\n", e.msg);
		rc = VEILLE_FATAL;
		goto out;
	}
	printf("imported %zu feed%s into %s; %zu duplicate%s skipped",
	       added, added == 1 ? "" : "s", target, dups, dups == 1 ? "" : "s");
	if (bad)
		printf(", %zu unusable", bad);
	printf("\n");
	if (added && !included(&cli->conf, target))
		printf("%s does not include it yet: add this line to it\ninclude = %s\n",
		       cli->config_path, into);
	rc = bad ? VEILLE_PARTIAL : VEILLE_OK;
	goto out;
oom:
	fprintf(stderr, "veille import: out of memory\n");
	rc = VEILLE_FATAL;
out:
	if (lock >= 0)
		close(lock);
	buf_release(&old);
	opml_free(l);
	conf_release(&other);
	known_free(&k);
	v_free(target);
	buf_release(&data);
	buf_release(&out);
	opt_release(&st);
	return cli_finish_stdout(rc);
}

/* Set when an append to the export failed (out of memory): the output is
 * then not written at all rather than written half. */
static int export_failed;

static void xml_attr(struct buf *b, const char *s)
{
	int rc = 0;

	for (; s && *s && rc == 0; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			rc = buf_addstr(b, "&amp;");
		else if (c == '<')
			rc = buf_addstr(b, "&lt;");
		else if (c == '>')
			rc = buf_addstr(b, "&gt;");
		else if (c == '"')
			rc = buf_addstr(b, "&quot;");
		else if (c < 0x20 || c == 0x7f)
			rc = buf_addch(b, ' ');
		else
			rc = buf_addch(b, c);
	}
	if (rc < 0)
		export_failed = 1;
}

static void outline(struct buf *b, const struct conf_section *s, const char *indent)
{
	const char *title = conf_str(s, "title", s->name);

	if (buf_addf(b, "%s<outline type=\"rss\" text=\"", indent) < 0)
		export_failed = 1;
	xml_attr(b, title);
	if (buf_addstr(b, "\" title=\"") < 0)
		export_failed = 1;
	xml_attr(b, title);
	if (buf_addstr(b, "\" xmlUrl=\"") < 0)
		export_failed = 1;
	xml_attr(b, conf_str(s, "url", ""));
	if (buf_addstr(b, "\"/>\n") < 0)
		export_failed = 1;
}

static int export_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct buf b;
	const char *arg;
	size_t i, j;
	int o, rc;

	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0)
		if (strcmp(arg, "opml")) {
			rc = cli_usage_error(cli, "--format: expected opml, got '%s'", arg);
			opt_release(&st);
			return rc;
		}
	if (o != OPT_END || st.nargs) {
		rc = o != OPT_END ? opt_exit(o) :
			cli_usage_error(cli, "unexpected argument '%s'", st.args[0]);
		opt_release(&st);
		return rc;
	}
	opt_release(&st);
	rc = cli_load_conf(cli);
	if (rc != VEILLE_OK)
		return rc;
	buf_init(&b, (size_t)64 << 20);
	if (buf_addstr(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		       "<opml version=\"2.0\">\n<head><title>veille feeds</title></head>\n<body>\n") < 0)
		export_failed = 1;
	/* Feeds without a category first, then one outline per category
	 * (the first one of each feed), in the order first met. */
	for (i = 0; i < cli->conf.nsections; i++) {
		const struct conf_section *s = &cli->conf.sections[i];

		if (!strcmp(s->type, "feed") && !conf_get(s, "category"))
			outline(&b, s, "  ");
	}
	for (i = 0; i < cli->conf.nsections; i++) {
		const struct conf_section *s = &cli->conf.sections[i];
		char **cat;
		int seen = 0;

		if (strcmp(s->type, "feed") || !conf_get(s, "category"))
			continue;
		cat = conf_list(s, "category");
		if (!cat || !cat[0]) {
			if (!cat)
				export_failed = 1;
			conf_list_free(cat);
			continue;
		}
		for (j = 0; j < i && !seen; j++) {
			const struct conf_section *p = &cli->conf.sections[j];
			char **pc;

			if (strcmp(p->type, "feed") || !conf_get(p, "category"))
				continue;
			pc = conf_list(p, "category");
			seen = pc && pc[0] && !strcmp(pc[0], cat[0]);
			conf_list_free(pc);
		}
		if (!seen) {
			if (buf_addstr(&b, "  <outline text=\"") < 0)
				export_failed = 1;
			xml_attr(&b, cat[0]);
			if (buf_addstr(&b, "\">\n") < 0)
				export_failed = 1;
			for (j = i; j < cli->conf.nsections; j++) {
				const struct conf_section *q = &cli->conf.sections[j];
				char **qc;

				if (strcmp(q->type, "feed") || !conf_get(q, "category"))
					continue;
				qc = conf_list(q, "category");
				if (qc && qc[0] && !strcmp(qc[0], cat[0]))
					outline(&b, q, "    ");
				conf_list_free(qc);
			}
			if (buf_addstr(&b, "  </outline>\n") < 0)
				export_failed = 1;
		}
		conf_list_free(cat);
	}
	if (buf_addstr(&b, "</body>\n</opml>\n") < 0)
		export_failed = 1;
	if (export_failed) {
		buf_release(&b);
		fprintf(stderr, "veille export: out of memory\n");
		return VEILLE_FATAL;
	}
	fwrite(b.data, 1, b.len, stdout);
	buf_release(&b);
	return cli_finish_stdout(VEILLE_OK);
}

static const struct opt import_opts[] = {
	{ "into", 0, "FILE", "append to FILE (default: [settings] imports, else feeds-imported.conf beside the configuration)" },
	{ NULL, 0, NULL, NULL }
};

static const struct opt export_opts[] = {
	{ "format", 0, "FORMAT", "opml (the default and only format)" },
	{ NULL, 0, NULL, NULL }
};

const struct command cmd_import = {
	"import", "FILE.opml", "add the feeds of an OPML subscription list",
	"Appends one [feed NAME] section per new feed of the OPML file to a "
	"configuration file of its own: --into, else the [settings] imports "
	"file, else feeds-imported.conf beside the configuration. The "
	"operator's files are never rewritten; when the configuration does not "
	"include that file yet, the include line to add is printed. Names come "
	"from the titles (folded to lower-case ASCII words joined by '-', made "
	"unique); a feed whose URL (canonical) is already configured is "
	"skipped and reported; nested OPML folders become the category. The "
	"file is written whole or not at all (a temporary file beside it, "
	"synced, then renamed into place): a full disk leaves it as it was. "
	"Imports into one file wait for each other (FILE.lock beside it).",
	import_opts, import_run,
};

const struct command cmd_export = {
	"export", NULL, "write the configured feeds as OPML 2.0",
	"Writes an OPML 2.0 subscription list of every configured feed on "
	"standard output, grouped in one outline per category (the first "
	"category of each feed). veille import reads it back.",
	export_opts, export_run,
};
