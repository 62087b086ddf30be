/* The feeds.conf reader: INI parsing, includes, and schema validation. */
#include "conf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "buf.h"
#include "str.h"
#include "utf8.h"

void conf_init(struct conf *c)
{
	memset(c, 0, sizeof(*c));
}

void conf_release(struct conf *c)
{
	size_t i, j;

	for (i = 0; i < c->nsections; i++) {
		struct conf_section *s = &c->sections[i];
		for (j = 0; j < s->nentries; j++) {
			v_free(s->entries[j].key);
			v_free(s->entries[j].value);
		}
		v_free(s->entries);
		v_free(s->type);
		v_free(s->name);
	}
	v_free(c->sections);
	for (i = 0; i < c->nfiles; i++)
		v_free(c->files[i]);
	v_free(c->files);
	for (i = 0; i < c->nerrors; i++)
		v_free(c->errors[i]);
	v_free(c->errors);
	v_free(c->error_pos);
	v_free(c->path);
	conf_init(c);
}

static void add_error(struct conf *c, const char *file, int line,
		      const struct conf_section *s, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));

static void add_error(struct conf *c, const char *file, int line,
		      const struct conf_section *s, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	char **p;
	long *pos;
	size_t fi = 0;

	if (c->nerrors >= CONF_ERRORS_MAX)
		return;
	for (fi = 0; file && fi < c->nfiles; fi++)
		if (c->files[fi] == file || !strcmp(c->files[fi], file))
			break;
	if (file && line > 0)
		buf_addf(&b, "%s:%d: ", file, line);
	else if (file)
		buf_addf(&b, "%s: ", file);
	if (s && s->type[0])
		buf_addf(&b, s->name ? "[%s %s]: " : "[%s]: ", s->type,
			 s->name ? s->name : "");
	buf_vaddf(&b, fmt, ap);
	p = v_reallocarray(c->errors, c->nerrors + 1, sizeof(*p));
	if (p)
		c->errors = p;
	pos = v_reallocarray(c->error_pos, c->nerrors + 1, sizeof(*pos));
	if (pos)
		c->error_pos = pos;
	if (!p || !pos || !b.data) {
		/* the error is lost, but the load must still fail */
		c->nomem = 1;
		buf_release(&b);
		return;
	}
	c->error_pos[c->nerrors] = (long)fi * 10000000L + (line > 0 ? line : 0);
	c->errors[c->nerrors++] = buf_detach(&b, NULL);
}

static void errorf(struct conf *c, const char *file, int line,
		   const struct conf_section *s, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void errorf(struct conf *c, const char *file, int line,
		   const struct conf_section *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_error(c, file, line, s, fmt, ap);
	va_end(ap);
}

void conf_error(struct conf *c, const struct conf_section *s,
		const struct conf_entry *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_error(c, e ? e->file : s ? s->file : c->path,
		  e ? e->line : s ? s->line : 0, s, fmt, ap);
	va_end(ap);
}

/* Records that memory ran out: the configuration is incomplete, whatever
 * else it says, so conf_load() fails even if the message is lost. */
static void nomem(struct conf *c, const char *file, int line)
{
	c->nomem = 1;
	errorf(c, file, line, NULL, "out of memory");
}

static const struct conf_schema *schema_for(const char *type)
{
	const struct conf_schema *sc;

	for (sc = conf_schemas; sc->type; sc++)
		if (!strcmp(sc->type, type))
			return sc;
	return NULL;
}

static const struct conf_key *key_for(const struct conf_schema *sc,
				      const char *key)
{
	const struct conf_key *k;

	for (k = sc->keys; k->name; k++)
		if (!strcmp(k->name, key))
			return k;
	return NULL;
}

static int valid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		      *s == '.'))
			return 0;
	return 1;
}

static struct conf_section *new_section(struct conf *c, const char *type,
					const char *name, const char *file,
					int line)
{
	struct conf_section *p, *s;

	p = v_reallocarray(c->sections, c->nsections + 1, sizeof(*p));
	if (!p)
		return NULL;
	c->sections = p;
	s = &c->sections[c->nsections];
	memset(s, 0, sizeof(*s));
	s->type = v_strdup(type);
	s->name = name ? v_strdup(name) : NULL;
	if (!s->type || (name && !s->name)) {
		v_free(s->type);
		v_free(s->name);
		return NULL;
	}
	s->file = file;
	s->line = line;
	c->nsections++;
	return s;
}

static int add_entry(struct conf_section *s, const char *key,
		     const char *value, const char *file, int line)
{
	struct conf_entry *p, *e;

	p = v_reallocarray(s->entries, s->nentries + 1, sizeof(*p));
	if (!p)
		return -1;
	s->entries = p;
	e = &s->entries[s->nentries];
	e->key = v_strdup(key);
	e->value = v_strdup(value);
	e->file = file;
	e->line = line;
	if (!e->key || !e->value) {
		v_free(e->key);
		v_free(e->value);
		return -1;
	}
	s->nentries++;
	return 0;
}

/* Joins dir-of(from) and path unless path is absolute. New string. */
static char *relative_to(const char *from, const char *path)
{
	struct buf b = BUF_INIT;
	const char *slash;

	if (path[0] == '/' || !from || !(slash = strrchr(from, '/')))
		return v_strdup(path);
	if (buf_add(&b, from, (size_t)(slash - from) + 1) < 0 ||
	    buf_addstr(&b, path) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static const char *remember_file(struct conf *c, const char *path)
{
	char **p = v_reallocarray(c->files, c->nfiles + 1, sizeof(*p));

	if (!p)
		return NULL;
	c->files = p;
	if (!(c->files[c->nfiles] = v_strdup(path)))
		return NULL;
	return c->files[c->nfiles++];
}

struct reader {
	struct conf *c;
	struct conf_section *cur;
	/* The files being read, by identity: an include cycle is a file met
	 * again, however it was named. Taken from the open file, so reading
	 * needs no more permission than opening (realpath would need search
	 * permission on every ancestor folder). */
	struct {
		dev_t dev;
		ino_t ino;
	} stack[CONF_INCLUDE_DEPTH + 1];
	int depth;
};

static int parse_text(struct reader *r, const char *file, const char *text,
		      size_t len);

/* Where an include is read from: relative to the including file's folder;
 * when not there and c->datadir is set, a relative name is looked for in
 * c->datadir (the shared files of an installed veille). New string. */
static char *include_path(const struct conf *c, const char *file,
			  const char *value)
{
	char *path = relative_to(file, value), *shared;
	struct stat st;

	if (!path || !file || value[0] == '/' || !c->datadir ||
	    stat(path, &st) == 0 || errno != ENOENT)
		return path;
	shared = relative_to(c->datadir, value);
	if (shared && stat(shared, &st) == 0) {
		v_free(path);
		return shared;
	}
	v_free(shared);
	return path;
}

static void do_include(struct reader *r, const char *file, int line,
		       const char *value)
{
	struct conf *c = r->c;
	char *path = include_path(c, file, value), *text = NULL;
	struct stat st;
	struct buf b;
	FILE *f = NULL;
	const char *name;
	char chunk[8192];
	size_t n;
	int i;

	if (!path) {
		nomem(c, file, line);
		return;
	}
	if (r->depth >= CONF_INCLUDE_DEPTH) {
		errorf(c, file, line, NULL,
		       "include '%s': includes nested deeper than %d", value,
		       CONF_INCLUDE_DEPTH);
		goto out;
	}
	/* a FIFO or a device would block or never end: refused before it
	 * is opened */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		errorf(c, file, line, NULL, "include '%s': %s", value,
		       S_ISDIR(st.st_mode) ? "is a directory" :
		       "not a regular file");
		goto out;
	}
	f = fopen(path, "r");
	if (!f && file && value[0] != '/' && c->datadir && errno == ENOENT) {
		errorf(c, file, line, NULL,
		       "include '%s': not found next to this file nor in '%s'",
		       value, c->datadir);
		goto out;
	}
	if (!f || fstat(fileno(f), &st) < 0) {
		errorf(c, file, line, NULL, "include '%s': %s", value,
		       strerror(errno));
		goto out;
	}
	for (i = 0; i < r->depth; i++)
		if (r->stack[i].dev == st.st_dev &&
		    r->stack[i].ino == st.st_ino) {
			errorf(c, file, line, NULL,
			       "include '%s': include cycle", value);
			goto out;
		}
	buf_init(&b, CONF_FILE_MAX);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if ((i = buf_add(&b, chunk, n)) < 0) {
			if (i == BUF_ENOMEM)
				nomem(c, file, line);
			else
				errorf(c, path, 0, NULL,
				       "file too large (over %zu bytes)",
				       (size_t)CONF_FILE_MAX);
			buf_release(&b);
			goto out;
		}
	if (ferror(f)) {
		errorf(c, file, line, NULL, "include '%s': read error", value);
		buf_release(&b);
		goto out;
	}
	n = b.len;
	text = buf_detach(&b, NULL);
	name = remember_file(c, path);
	if (!text || !name) {
		nomem(c, file, line);
		goto out;
	}
	r->stack[r->depth].dev = st.st_dev;
	r->stack[r->depth].ino = st.st_ino;
	r->depth++;
	parse_text(r, name, text, n);
	r->depth--;
out:
	if (f)
		fclose(f);
	v_free(text);
	v_free(path);
}

static void parse_line(struct reader *r, const char *file, int line, char *s,
		       int *content)
{
	struct conf *c = r->c;
	char *eq, *key, *value;
	size_t i;

	s = str_trim(s);
	if (*s)
		*content = 1;
	if (!*s || *s == '#' || *s == ';')
		return;
	if (*s == '[') {
		char *end = strchr(s, ']'), *type, *name = NULL, *sp;
		const struct conf_schema *sc;
		static const char *types[16];

		r->cur = NULL;
		if (!end || end[1]) {
			errorf(c, file, line, NULL,
			       "malformed section header (expected [type name])");
			return;
		}
		*end = '\0';
		type = str_trim(s + 1);
		if ((sp = strpbrk(type, " \t"))) {
			*sp = '\0';
			name = str_trim(sp + 1);
		}
		sc = schema_for(type);
		if (!sc || !*type) {
			const char *hint;
			int n = 0;

			for (sc = conf_schemas; sc->type && n < 15; sc++)
				if (sc->type[0])
					types[n++] = sc->type;
			types[n] = NULL;
			hint = str_suggest(type, types);
			if (r->depth > 1)
				errorf(c, file, line, NULL, "unknown section (a "
				       "line of an included file, not quoted)");
			else if (hint)
				errorf(c, file, line, NULL,
				       "unknown section '%s' (did you mean '%s'?)",
				       type, hint);
			else
				errorf(c, file, line, NULL,
				       "unknown section '%s'", type);
			/* swallow its keys without more errors */
			r->cur = new_section(c, "?", NULL, file, line);
			return;
		}
		if (sc->named && (!name || !*name)) {
			errorf(c, file, line, NULL,
			       "section [%s] needs a name: [%s NAME]", type, type);
			r->cur = new_section(c, "?", NULL, file, line);
			return;
		}
		if (!sc->named && name) {
			errorf(c, file, line, NULL,
			       "section [%s] takes no name (found '%s')", type,
			       name);
			name = NULL;
		}
		if (name && !valid_name(name)) {
			errorf(c, file, line, NULL,
			       "[%s %s]: invalid name (use letters, digits, '-', '_' and '.')",
			       type, name);
			r->cur = new_section(c, "?", NULL, file, line);
			return;
		}
		for (i = 0; i < c->nsections; i++) {
			const struct conf_section *o = &c->sections[i];
			if (!strcmp(o->type, type) &&
			    ((!name && !o->name) ||
			     (name && o->name && !strcmp(o->name, name)))) {
				errorf(c, file, line, NULL,
				       name ? "duplicate section [%s %s] (first at %s:%d)"
					    : "duplicate section [%s%s] (first at %s:%d)",
				       type, name ? name : "", o->file, o->line);
				r->cur = new_section(c, "?", NULL, file, line);
				return;
			}
		}
		r->cur = new_section(c, type, name, file, line);
		if (!r->cur)
			nomem(c, file, line);
		return;
	}
	eq = strchr(s, '=');
	if (!eq) {
		/* an included file may be anything (a secret named by
		 * mistake): its lines are not quoted */
		if (r->depth > 1)
			errorf(c, file, line, r->cur && r->cur->type[0] != '?' ?
			       r->cur : NULL, "expected 'key = value' (a line "
			       "of an included file, not quoted)");
		else
			errorf(c, file, line, r->cur && r->cur->type[0] != '?' ?
			       r->cur : NULL,
			       "expected 'key = value', found '%.40s'", s);
		return;
	}
	*eq = '\0';
	key = str_trim(s);
	value = str_trim(eq + 1);
	if (!strcmp(key, "include")) {
		if (!*value) {
			errorf(c, file, line, NULL, "include: missing file name");
			return;
		}
		do_include(r, file, line, value);
		r->cur = NULL;	/* an include ends the current section */
		return;
	}
	if (!r->cur) {
		if (r->depth > 1)
			errorf(c, file, line, NULL, "a key outside any section "
			       "(a line of an included file, not quoted)");
		else
			errorf(c, file, line, NULL, "key '%s' outside any section",
			       key);
		return;
	}
	if (add_entry(r->cur, key, value, file, line) < 0)
		nomem(c, file, line);
}

static int parse_text(struct reader *r, const char *file, const char *text,
		      size_t len)
{
	struct conf *c = r->c;
	size_t pos = 0;
	int line = 0, content = 0;
	char *copy;

	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		pos = 3;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;

		line++;
		if (n > CONF_LINE_MAX) {
			errorf(c, file, line, NULL,
			       "line too long (%zu bytes, at most %d)", n,
			       CONF_LINE_MAX);
		} else if (memchr(text + pos, '\0', n)) {
			errorf(c, file, line, NULL, "NUL byte in line");
		} else if (!utf8_valid(text + pos, n)) {
			errorf(c, file, line, NULL, "invalid UTF-8");
		} else {
			copy = v_strndup(text + pos, n);
			if (!copy) {
				nomem(c, file, line);
				return -1;
			}
			parse_line(r, file, line, copy, &content);
			v_free(copy);
		}
		pos += n + (nl != NULL);
	}
	if (!content)
		errorf(c, file, 0, NULL, "empty file");
	r->cur = NULL;
	return 0;
}

static int is_http(const char *v)
{
	return !str_ncasecmp(v, "http://", 7) || !str_ncasecmp(v, "https://", 8);
}

static int ascii_alpha(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* A source without a scheme whose first segment reads as a host name
 * ("www.example.com/feed", "example.org:8080/rss"), not as a file
 * ("feed.xml", "samples/a.rss"). */
static int looks_like_host(const char *v)
{
	static const char *const file_ext[] = { "xml", "rss", "atom", "rdf",
		"json", "opml", "txt", "htm", "html", "gz", NULL };
	size_t n = strcspn(v, "/?#"), i, dots = 0, last = 0, end;

	if (!n || v[0] == '.' || v[0] == '-')
		return 0;
	end = n;
	for (i = 0; i < n; i++) {
		char ch = v[i];

		if (ch == ':') {
			end = i;	/* a port follows */
			break;
		}
		if (ch == '.') {
			if (i == 0 || v[i - 1] == '.')
				return 0;
			dots++;
			last = i + 1;
		} else if (!ascii_alpha(ch) && !(ch >= '0' && ch <= '9') && ch != '-') {
			return 0;
		}
	}
	if (!dots || end - last < 2)
		return 0;
	for (i = last; i < end; i++)
		if (!ascii_alpha(v[i]))
			return 0;
	for (i = 0; file_ext[i]; i++)
		if (end - last == strlen(file_ext[i]) &&
		    !str_ncasecmp(v + last, file_ext[i], end - last))
			return 0;
	return 1;
}

/* Whether v names a file, as the crawl reads it: relative to the folder
 * of the configuration file. */
static int local_file_exists(const struct conf *c, const char *v)
{
	struct buf b = BUF_INIT;
	const char *slash = c->path ? strrchr(c->path, '/') : NULL;
	struct stat st;
	int found;

	if (slash && buf_add(&b, c->path, (size_t)(slash - c->path) + 1) < 0)
		return 0;
	if (buf_addstr(&b, v) < 0) {
		buf_release(&b);
		return 0;
	}
	found = stat(buf_cstr(&b), &st) == 0;
	buf_release(&b);
	return found;
}

static void check_value(struct conf *c, const struct conf_section *s,
			const struct conf_entry *e, const struct conf_key *k)
{
	const char *v = e->value;
	struct err er;
	int64_t n;
	char *end;

	if (!*v) {
		conf_error(c, s, e, "empty value for '%s'", e->key);
		return;
	}
	switch (k->type) {
	case CT_STRING:
	case CT_RULE:
	case CT_PATH:
		break;
	case CT_URL:
		if (c->check_url && c->check_url(v, &er) < 0)
			conf_error(c, s, e, "%s: %s", e->key, er.msg);
		break;
	case CT_SOURCE:
		if (is_http(v)) {
			if (c->check_url && c->check_url(v, &er) < 0)
				conf_error(c, s, e, "%s: %s", e->key, er.msg);
		} else if (strstr(v, "://") && str_ncasecmp(v, "file://", 7)) {
			conf_error(c, s, e,
				   "%s: unsupported scheme in '%s' (http, https or a local file)",
				   e->key, v);
		} else if (looks_like_host(v) && !local_file_exists(c, v)) {
			conf_error(c, s, e,
				   "%s: no scheme in '%s' (did you mean 'https://%s'?)",
				   e->key, v, v);
		}
		break;
	case CT_DURATION:
		if (str_to_duration(v, &n) < 0)
			conf_error(c, s, e,
				   "%s: bad duration '%s' (examples: 30m, 6h, 1d, 1w)",
				   e->key, v);
		break;
	case CT_SIZE:
		if (str_to_size(v, &n) < 0)
			conf_error(c, s, e, "%s: bad size '%s' (examples: 512k, 16M)",
				   e->key, v);
		break;
	case CT_INT:
		if (str_to_i64(v, 0, 1000000000, &n) < 0)
			conf_error(c, s, e, "%s: bad number '%s'", e->key, v);
		break;
	case CT_NUMBER:
		errno = 0;
		if (strtod(v, &end) < 0 || *end || errno || end == v)
			conf_error(c, s, e, "%s: bad number '%s'", e->key, v);
		break;
	case CT_BOOL:
		if (str_to_bool(v) < 0)
			conf_error(c, s, e, "%s: expected yes or no, found '%s'",
				   e->key, v);
		break;
	case CT_ENUM: {
		const char *p = k->values;
		size_t len = strlen(v);
		int ok = 0;

		while (*p) {
			size_t m = strcspn(p, "|");
			if (m == len && !strncmp(p, v, m))
				ok = 1;
			p += m + (p[m] == '|');
		}
		if (!ok)
			conf_error(c, s, e, "%s: '%s' is not one of %s", e->key, v,
				   k->values);
		break;
	}
	case CT_LIST:
	case CT_EMAILS: {
		const char *p = v;

		while (*p) {
			size_t m = strcspn(p, ",");
			char item[256];
			char *t;

			if (m >= sizeof(item)) {
				conf_error(c, s, e, "%s: list item too long", e->key);
				return;
			}
			memcpy(item, p, m);
			item[m] = '\0';
			t = str_trim(item);
			if (!*t)
				conf_error(c, s, e, "%s: empty item in list", e->key);
			else if (k->type == CT_EMAILS &&
				 (!strchr(t, '@') || strchr(t, '@') != strrchr(t, '@') ||
				  strpbrk(t, " \t<>\"\r\n") || t[0] == '@' ||
				  !strchr(strchr(t, '@'), '.')))
				conf_error(c, s, e, "%s: bad address '%s'", e->key, t);
			p += m + (p[m] == ',');
		}
		break;
	}
	case CT_TIMEZONE: {
		const char *p;

		for (p = v; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9') || *p == '/' || *p == '_' ||
			      *p == '-' || *p == '+'))
				break;
		if (*p || strstr(v, "..") || v[0] == '/')
			conf_error(c, s, e, "%s: bad time zone name '%s'", e->key, v);
		break;
	}
	}
}

/* One calendar: [mail] timezone is the older name of [settings] timezone. */
static void check_timezones(struct conf *c)
{
	const struct conf_section *st = conf_find(c, "settings", NULL);
	const struct conf_section *ml = conf_find(c, "mail", NULL);
	const struct conf_entry *a = conf_get_entry(st, "timezone");
	const struct conf_entry *b = conf_get_entry(ml, "timezone");

	if (a && b && strcmp(a->value, b->value) != 0)
		conf_error(c, ml, b, "timezone '%s' differs from [settings] "
			   "timezone '%s' (one zone cuts digests, reports and "
			   "search alike: keep one)", b->value, a->value);
}

static void validate(struct conf *c)
{
	size_t i, j, m;

	for (i = 0; i < c->nsections; i++) {
		const struct conf_section *s = &c->sections[i];
		const struct conf_schema *sc = schema_for(s->type);
		const struct conf_key *k;
		const char *names[64];

		if (!sc)
			continue;	/* already reported */
		for (m = 0, k = sc->keys; k->name && m < 63; k++)
			names[m++] = k->name;
		names[m] = NULL;
		for (j = 0; j < s->nentries; j++) {
			const struct conf_entry *e = &s->entries[j];
			const char *hint;
			size_t l;

			k = key_for(sc, e->key);
			if (!k) {
				hint = str_suggest(e->key, names);
				if (hint)
					conf_error(c, s, e,
						   "unknown key '%s' (did you mean '%s'?)",
						   e->key, hint);
				else
					conf_error(c, s, e, "unknown key '%s'", e->key);
				continue;
			}
			if (!(k->flags & CK_REPEAT))
				for (l = 0; l < j; l++)
					if (!strcmp(s->entries[l].key, e->key)) {
						conf_error(c, s, e,
							   "duplicate key '%s' (first at line %d)",
							   e->key, s->entries[l].line);
						break;
					}
			check_value(c, s, e, k);
		}
		for (k = sc->keys; k->name; k++)
			if ((k->flags & CK_REQUIRED) && !conf_get(s, k->name))
				conf_error(c, s, NULL, "missing required key '%s'",
					   k->name);
	}
	check_timezones(c);
}

/* Insertion sort (stable; few errors) by file order, then line. */
void conf_sort_errors(struct conf *c)
{
	size_t i, j;

	for (i = 1; i < c->nerrors; i++) {
		char *m = c->errors[i];
		long k = c->error_pos[i];

		for (j = i; j > 0 && c->error_pos[j - 1] > k; j--) {
			c->errors[j] = c->errors[j - 1];
			c->error_pos[j] = c->error_pos[j - 1];
		}
		c->errors[j] = m;
		c->error_pos[j] = k;
	}
}

static int load(struct conf *c, const char *path, const char *text, size_t len)
{
	struct reader r;
	const char *name;

	memset(&r, 0, sizeof(r));
	r.c = c;
	v_free(c->path);
	c->path = v_strdup(path);
	name = text ? remember_file(c, path) : path;
	if (!c->path || !name) {
		nomem(c, path, 0);
		return -1;
	}
	if (!text)
		do_include(&r, NULL, 0, path);
	else
		parse_text(&r, name, text, len);
	validate(c);
	conf_sort_errors(c);
	return c->nerrors || c->nomem ? -1 : 0;
}

int conf_load(struct conf *c, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		c->path = v_strdup(path);
		errorf(c, path, 0, NULL, "cannot read: %s", strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		c->path = v_strdup(path);
		errorf(c, path, 0, NULL, S_ISDIR(st.st_mode) ?
		       "is a directory" : "not a regular file");
		return -1;
	}
	return load(c, path, NULL, 0);
}

int conf_load_string(struct conf *c, const char *name, const char *text)
{
	return load(c, name, text, strlen(text));
}

const struct conf_section *conf_find(const struct conf *c, const char *type,
				     const char *name)
{
	size_t i;

	for (i = 0; i < c->nsections; i++) {
		const struct conf_section *s = &c->sections[i];
		if (strcmp(s->type, type))
			continue;
		if ((!name && !s->name) ||
		    (name && s->name && !strcmp(s->name, name)))
			return s;
	}
	return NULL;
}

size_t conf_count(const struct conf *c, const char *type)
{
	size_t i, n = 0;

	for (i = 0; i < c->nsections; i++)
		n += !strcmp(c->sections[i].type, type);
	return n;
}

const struct conf_entry *conf_get_entry(const struct conf_section *s,
					const char *key)
{
	size_t i;

	if (!s)
		return NULL;
	for (i = s->nentries; i-- > 0;)
		if (!strcmp(s->entries[i].key, key))
			return &s->entries[i];
	return NULL;
}

const char *conf_get(const struct conf_section *s, const char *key)
{
	const struct conf_entry *e = conf_get_entry(s, key);

	return e ? e->value : NULL;
}

const char *conf_str(const struct conf_section *s, const char *key,
		     const char *def)
{
	const char *v = conf_get(s, key);

	return v ? v : def;
}

int64_t conf_duration(const struct conf_section *s, const char *key,
		      int64_t def)
{
	const char *v = conf_get(s, key);
	int64_t n;

	return v && str_to_duration(v, &n) == 0 ? n : def;
}

int64_t conf_size(const struct conf_section *s, const char *key, int64_t def)
{
	const char *v = conf_get(s, key);
	int64_t n;

	return v && str_to_size(v, &n) == 0 ? n : def;
}

int64_t conf_int(const struct conf_section *s, const char *key, int64_t def)
{
	const char *v = conf_get(s, key);
	int64_t n;

	return v && str_to_i64(v, INT64_MIN, INT64_MAX, &n) == 0 ? n : def;
}

double conf_number(const struct conf_section *s, const char *key, double def)
{
	const char *v = conf_get(s, key);
	char *end;
	double d;

	if (!v)
		return def;
	d = strtod(v, &end);
	return *end || end == v ? def : d;
}

int conf_bool(const struct conf_section *s, const char *key, int def)
{
	const char *v = conf_get(s, key);
	int b = v ? str_to_bool(v) : -1;

	return b < 0 ? def : b;
}

char **conf_list(const struct conf_section *s, const char *key)
{
	const char *v = conf_get(s, key), *p;
	char **list;
	size_t n = 0, cap = 1;

	for (p = v; p && *p; p++)
		cap += *p == ',';
	list = v_calloc(cap + 1, sizeof(*list));
	if (!list)
		return NULL;
	for (p = v; p && *p;) {
		size_t m = strcspn(p, ",");
		char *item = v_strndup(p, m), *t;

		if (!item) {
			conf_list_free(list);
			return NULL;
		}
		t = str_trim(item);
		if (*t) {
			memmove(item, t, strlen(t) + 1);
			list[n++] = item;
		} else {
			v_free(item);
		}
		p += m + (p[m] == ',');
	}
	return list;
}

void conf_list_free(char **list)
{
	char **p;

	if (!list)
		return;
	for (p = list; *p; p++)
		v_free(*p);
	v_free(list);
}
