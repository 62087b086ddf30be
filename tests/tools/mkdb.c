/* mkdb: loads items into a veille database through the store API, so tests
 * and benchmarks build databases without the fetcher.
 *
 *	mkdb [-q] DB FILE.tsv        (FILE "-" reads stdin)
 *	mkdb -V N DB                 (a new, empty database of schema N)
 *	mkdb -C DB                   (store_check: the full-text index against
 *	                              the items, and SQLite's quick_check)
 *
 * FILE is tab-separated with a header line naming the columns, any of:
 * feed kind lang guid link title summary content authors (";"-separated)
 * published updated first_seen (RFC 3339 or epoch seconds) doi arxiv hal
 * language niches ("name:score,name:score") sectors (the same form)
 * fingerprint (the rules fingerprint recorded with niches; default "mkdb")
 * deleted (1). In fields, \t \n
 * \e and \\ stand for tab, newline, escape and backslash. Missing first_seen: the
 * clock (VEILLE_NOW). Each feed is one transaction, as in a crawl. Feeds
 * are covered from the epoch: only items dated over a week before their
 * first_seen are backlog (a first crawl's backlog needs `veille fetch`).
 *
 * Prints per row "guid<TAB>status<TAB>item<TAB>story" (status new,
 * updated, unchanged, deleted) unless -q, then a summary on stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../index/store.h"
#include "../../util/alloc.h"
#include "../../util/str.h"
#include "../../util/vtime.h"

enum { C_FEED, C_KIND, C_LANG, C_GUID, C_LINK, C_TITLE, C_SUMMARY, C_CONTENT,
       C_AUTHORS, C_PUBLISHED, C_UPDATED, C_FIRST_SEEN, C_DOI, C_ARXIV, C_HAL,
       C_LANGUAGE, C_NICHES, C_DELETED, C_SECTORS, C_FINGERPRINT, C_N };
static const char *const names[C_N] = {
	"feed", "kind", "lang", "guid", "link", "title", "summary", "content",
	"authors", "published", "updated", "first_seen", "doi", "arxiv", "hal",
	"language", "niches", "deleted", "sectors", "fingerprint",
};

static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*o++ = *s == 't' ? '\t' : *s == 'n' ? '\n' :
			       *s == 'e' ? '\x1b' : *s;
		} else {
			*o++ = *s;
		}
	}
	*o = 0;
}

static int64_t parse_time(const char *s)
{
	int64_t t;

	if (!s || !*s)
		return FEED_NO_DATE;
	if (str_to_i64(s, INT64_MIN + 1, INT64_MAX, &t) == 0)
		return t;
	if (vtime_parse_rfc3339(s, &t) == 0)
		return t;
	return FEED_NO_DATE;
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int story_of(void *ctx, const struct store_item *it)
{
	*(int64_t *)ctx = it->story_id;
	return 0;
}

int main(int argc, char **argv)
{
	struct store *st = NULL;
	struct err e = { "" };
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int map[64], ncols = 0, quiet = 0, lineno = 0, rc = 0;
	char *cur_feed = NULL, *cur_kind = NULL, *cur_lang = NULL;
	int64_t feed_id = 0;
	long counts[4] = { 0, 0, 0, 0 };
	static const char *const status_names[] = {
		"deleted", "new", "updated", "unchanged"
	};

	/* mkdb -V N DB: an empty database of schema N, as an older veille
	 * made it (migration tests fill it with the sqlite3 CLI) */
	if (argc == 4 && !strcmp(argv[1], "-V")) {
		int64_t v;
		if (str_to_i64(argv[2], 1, 1000, &v) < 0 ||
		    store_create_at_version(argv[3], (int)v, &e) < 0) {
			fprintf(stderr, "mkdb: %s\n", e.msg[0] ? e.msg : "bad version");
			return 2;
		}
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "-C")) {
		int code = store_open(argv[2], STORE_NOCREATE, &st, &e) < 0 ? 3
			   : store_check(st, &e) < 0 ? 1 : 0;

		store_close(st);
		if (code)
			fprintf(stderr, "mkdb: %s\n", e.msg);
		return code;
	}
	if (argc > 1 && !strcmp(argv[1], "-q")) {
		quiet = 1;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: mkdb [-q] DB FILE.tsv\n");
		return 2;
	}
	f = strcmp(argv[2], "-") ? fopen(argv[2], "r") : stdin;
	if (!f) {
		perror(argv[2]);
		return 2;
	}
	if (store_open(argv[1], 0, &st, &e) < 0) {
		fprintf(stderr, "mkdb: %s\n", e.msg);
		return 3;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		char *fields[C_N] = { 0 };
		char *p = line, *tab;
		int i = 0, status = 0;
		int64_t item_id = 0, story = 0, now;
		struct feed_item it;
		struct store_niche_score ns[16];
		size_t nns = 0;
		char *authors[32];

		lineno++;
		if (line[len - 1] == '\n')
			line[--len] = 0;
		if (lineno == 1) {
			for (; p; i++) {
				int k;
				tab = strchr(p, '\t');
				if (tab)
					*tab = 0;
				for (k = 0; k < C_N && strcmp(names[k], p); k++)
					;
				if (k == C_N || i >= 64) {
					fprintf(stderr, "mkdb: unknown column '%s'\n", p);
					return 2;
				}
				map[i] = k;
				p = tab ? tab + 1 : NULL;
			}
			ncols = i;
			continue;
		}
		if (!*line || *line == '#')
			continue;
		for (i = 0; p && i < ncols; i++) {
			tab = strchr(p, '\t');
			if (tab)
				*tab = 0;
			unescape(p);
			fields[map[i]] = *p ? p : NULL;
			p = tab ? tab + 1 : NULL;
		}
		if (!fields[C_FEED] || !fields[C_GUID]) {
			fprintf(stderr, "mkdb: line %d: feed and guid needed\n", lineno);
			rc = 2;
			break;
		}
		if (!cur_feed || strcmp(cur_feed, fields[C_FEED])) {
			if (cur_feed && store_commit(st, &e) < 0)
				goto fail;
			free(cur_feed);
			cur_feed = strdup(fields[C_FEED]);
			feed_id = 0;
			if (!cur_feed || store_begin(st, &e) < 0)
				goto fail;
		}
		/* once per feed, as a crawl does: the feed's row is rewritten
		 * only when its kind or language changes */
		if (!feed_id || !same(cur_kind, fields[C_KIND]) ||
		    !same(cur_lang, fields[C_LANG])) {
			char url[512];
			snprintf(url, sizeof url, "https://feeds.example.org/%s",
				 fields[C_FEED]);
			if (store_feed_ensure(st, fields[C_FEED], url,
					      fields[C_KIND] ? fields[C_KIND] : "news",
					      fields[C_LANG], &feed_id, &e) < 0 ||
			    store_feed_cover(st, feed_id, 0, &e) < 0)
				goto fail;
			free(cur_kind);
			free(cur_lang);
			cur_kind = fields[C_KIND] ? strdup(fields[C_KIND]) : NULL;
			cur_lang = fields[C_LANG] ? strdup(fields[C_LANG]) : NULL;
		}
		memset(&it, 0, sizeof it);
		it.id = fields[C_GUID];
		it.title = fields[C_TITLE];
		it.link = fields[C_LINK];
		it.summary = fields[C_SUMMARY];
		it.content = fields[C_CONTENT];
		it.published = parse_time(fields[C_PUBLISHED]);
		it.updated = parse_time(fields[C_UPDATED]);
		it.doi = fields[C_DOI];
		it.arxiv_id = fields[C_ARXIV];
		it.hal_id = fields[C_HAL];
		it.language = fields[C_LANGUAGE];
		if (fields[C_DELETED] && !strcmp(fields[C_DELETED], "1"))
			it.flags |= FEED_ITEM_DELETED;
		if (fields[C_AUTHORS]) {
			char *a = fields[C_AUTHORS], *semi;
			while (a && it.nauthors < 32) {
				semi = strchr(a, ';');
				if (semi)
					*semi = 0;
				authors[it.nauthors++] = a + strspn(a, " ");
				a = semi ? semi + 1 : NULL;
			}
			it.authors = authors;
		}
		now = parse_time(fields[C_FIRST_SEEN]);
		if (now == FEED_NO_DATE)
			now = vtime_now();
		if (store_upsert_item(st, feed_id, &it, now, &status, &item_id,
				      &e) < 0) {
			err_prefix(&e, "line %d", lineno);
			goto fail;
		}
		if (fields[C_NICHES] && item_id) {
			char *n = fields[C_NICHES], *comma, *colon;
			while (n && nns < 16) {
				comma = strchr(n, ',');
				if (comma)
					*comma = 0;
				colon = strchr(n, ':');
				if (colon)
					*colon = 0;
				ns[nns].niche = n;
				ns[nns].score = colon ? strtod(colon + 1, NULL) : 1.0;
				ns[nns].evidence_json = NULL;
				nns++;
				n = comma ? comma + 1 : NULL;
			}
			if (store_set_item_niches(st, item_id, ns, nns,
						  fields[C_FINGERPRINT]
						  ? fields[C_FINGERPRINT] : "mkdb",
						  &e) < 0)
				goto fail;
		}
		if (fields[C_SECTORS] && item_id) {
			char *n = fields[C_SECTORS], *comma, *colon;

			nns = 0;
			while (n && nns < 16) {
				comma = strchr(n, ',');
				if (comma)
					*comma = 0;
				colon = strchr(n, ':');
				if (colon)
					*colon = 0;
				ns[nns].niche = n;
				ns[nns].score = colon ? strtod(colon + 1, NULL) : 1.0;
				ns[nns].evidence_json = NULL;
				nns++;
				n = comma ? comma + 1 : NULL;
			}
			if (store_set_item_sectors(st, item_id, ns, nns, &e) < 0)
				goto fail;
		}
		if (!quiet && item_id &&
		    store_get_item(st, item_id, story_of, &story, &e) < 0)
			goto fail;
		counts[status]++;
		if (!quiet)
			printf("%s\t%s\t%lld\t%lld\n", it.id, status_names[status],
			       (long long)item_id, (long long)story);
	}
	if (rc == 0 && cur_feed && store_commit(st, &e) < 0)
		goto fail;
	fprintf(stderr, "mkdb: %ld new, %ld updated, %ld unchanged, %ld deleted\n",
		counts[1], counts[2], counts[3], counts[0]);
	goto out;
fail:
	fprintf(stderr, "mkdb: %s\n", e.msg);
	store_rollback(st, NULL);
	rc = 3;
out:
	free(cur_feed);
	free(cur_kind);
	free(cur_lang);
	free(line);
	if (f != stdin)
		fclose(f);
	store_close(st);
	return rc;
}
