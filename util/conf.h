/* feeds.conf: an INI-style file of sections "[feed NAME]", "[niche NAME]",
 * "[sector NAME]", "[watch NAME]", "[member ID]", "[mail]" and "[settings]",
 * with "key = value" lines, '#' or ';' comments at line start, repeated keys
 * for lists (match = ...), and "include = FILE" (relative to the including
 * file, else to conf.datadir; depth-limited, cycles detected).
 *
 * conf_load() reads and validates everything against the schema below and
 * collects every error, not only the first, each in the form
 *	feeds.conf:12: [feed arxiv-pdm]: unknown key 'urll' (did you mean 'url'?)
 * After a successful load, the typed getters cannot fail on a key the schema
 * knows: values have been checked. */
#ifndef VEILLE_UTIL_CONF_H
#define VEILLE_UTIL_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define CONF_LINE_MAX 8192
/* The largest configuration file read, includes each counted alone. */
#define CONF_FILE_MAX ((size_t)4 << 20)
#define CONF_INCLUDE_DEPTH 8
#define CONF_ERRORS_MAX 200

enum conf_type {
	CT_STRING,	/* any non-empty UTF-8 text */
	CT_URL,		/* absolute http(s) URL */
	CT_SOURCE,	/* http(s) URL, file: URL or local path */
	CT_DURATION,	/* 30m 6h 1d 1w */
	CT_SIZE,	/* 16M */
	CT_INT,		/* non-negative integer */
	CT_NUMBER,	/* decimal number */
	CT_BOOL,	/* yes/no */
	CT_LIST,	/* comma-separated names */
	CT_ENUM,	/* one of conf_key.values ("a|b|c") */
	CT_EMAILS,	/* comma-separated addresses */
	CT_RULE,	/* a regex with options; checked by classify/ */
	CT_PATH,	/* a file path */
	CT_TIMEZONE,	/* an IANA zone name */
};

#define CK_REQUIRED 1u
#define CK_REPEAT 2u

struct conf_key {
	const char *name;
	enum conf_type type;
	unsigned flags;
	const char *values;	/* CT_ENUM: "a|b|c" */
	const char *help;	/* one line, for feeds.conf(5) */
};

struct conf_schema {
	const char *type;	/* "feed"; "" for keys before any section */
	int named;		/* 1: [type NAME]; 0: [type] */
	const char *help;
	const struct conf_key *keys;	/* ends with a NULL name */
};

/* The schema, ending with a NULL type. */
extern const struct conf_schema conf_schemas[];

struct conf_entry {
	char *key;
	char *value;
	const char *file;	/* owned by struct conf */
	int line;
};

struct conf_section {
	char *type;
	char *name;		/* NULL for unnamed sections */
	const char *file;
	int line;
	struct conf_entry *entries;
	size_t nentries;
};

struct conf {
	char *path;
	struct conf_section *sections;
	size_t nsections;
	char **files;		/* every file read, for messages */
	size_t nfiles;
	char **errors;		/* "file:line: [section]: message", in file
				 * order then line order */
	size_t nerrors;
	int nomem;		/* memory ran out: incomplete, even when no
				 * error could be recorded */
	long *error_pos;	/* private: sort keys of errors */
	/* Optional: the folder of shared files (taxonomy) where a relative
	 * include not found next to the including file is looked for; it
	 * ends with '/'. Borrowed. */
	const char *datadir;
	/* Optional checker for CT_URL and http(s) CT_SOURCE values. */
	int (*check_url)(const char *url, struct err *e);
};

void conf_init(struct conf *c);
void conf_release(struct conf *c);
/* Reads path and its includes and validates them. Returns 0, or -1 when any
 * error was recorded (see c->errors). */
int conf_load(struct conf *c, const char *path);
/* Same, from a string, as if read from a file called name (for tests). */
int conf_load_string(struct conf *c, const char *name, const char *text);
/* Puts c->errors back in file order, then line order, after errors were
 * recorded past conf_load() (cross-references, rules). */
void conf_sort_errors(struct conf *c);
/* Records an error against a section and key (either may be NULL), with the
 * line of the key when given, else of the section. */
void conf_error(struct conf *c, const struct conf_section *s,
		const struct conf_entry *e, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Lookups. conf_find() returns NULL when absent. */
const struct conf_section *conf_find(const struct conf *c, const char *type,
				     const char *name);
/* Number of sections of that type. */
size_t conf_count(const struct conf *c, const char *type);
/* The last value of key in s, or NULL. */
const char *conf_get(const struct conf_section *s, const char *key);
const struct conf_entry *conf_get_entry(const struct conf_section *s,
					const char *key);
/* Typed getters: return def when the key is absent. */
const char *conf_str(const struct conf_section *s, const char *key,
		     const char *def);
int64_t conf_duration(const struct conf_section *s, const char *key,
		      int64_t def);
int64_t conf_size(const struct conf_section *s, const char *key, int64_t def);
int64_t conf_int(const struct conf_section *s, const char *key, int64_t def);
double conf_number(const struct conf_section *s, const char *key, double def);
int conf_bool(const struct conf_section *s, const char *key, int def);
/* Splits a CT_LIST/CT_EMAILS value on commas into a NULL-terminated array of
 * trimmed strings; free with conf_list_free(). NULL on ENOMEM. An absent key
 * gives an empty list. */
char **conf_list(const struct conf_section *s, const char *key);
void conf_list_free(char **list);

#endif
