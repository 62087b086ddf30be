/* veille search: full-text search of the index. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../index/query.h"
#include "../util/alloc.h"
#include "../util/jsonw.h"
#include "../util/str.h"
#include "../util/tzone.h"
#include "../util/vtime.h"
#include "index_cli.h"
#include "search_expand.h"

#define MAX_NICHES 32

enum { F_TEXT, F_JSON, F_CSV };

static const struct opt search_opts[] = {
	{ "niche", 'n', "NAME", "only items of this niche (repeatable: any of them)" },
	{ "feed", 0, "NAME", "only items of this feed" },
	{ "kind", 0, "KIND", "only news or only publication feeds" },
	{ "lang", 0, "LANG", "only items in this language (fr, en, ...)" },
	{ "since", 0, "DATE", "items dated from DATE (2026-11-01, 2026-W47, 7d)" },
	{ "until", 0, "DATE", "items dated up to DATE, included" },
	{ "limit", 0, "N", "at most N results (default 20)" },
	{ "offset", 0, "N", "skip the first N results" },
	{ "sort", 0, "ORDER", "rank (relevance blended with recency, default) or date" },
	{ "format", 0, "FMT", "text (default), json (one object per line) or csv" },
	{ "all-items", 0, NULL, "one result per item instead of one per story" },
	{ "exact", 0, NULL, "every word as written, without its inflected forms" },
	{ "sector", 0, "NAME", "only items of this sector (repeatable: any of them)" },
	{ "expand", 0, NULL, "widen terms with their synonyms and translations" },
	{ "region", 0, "NAME", "only items of this [region] (stored as the "
	  "sector region:NAME)" },
	{ NULL, 0, NULL, NULL },
};

struct out {
	int format;
	int tty;
	struct buf line;
	struct buf tmp;
	int nomem;		/* a result could not be formatted */
};

/* Appends the snippet with its markers turned into open/close. */
static int marks(struct buf *b, const char *s, const char *open,
		 const char *close)
{
	int rc = 0;

	for (; *s && rc == 0; s++) {
		if (*s == 1)
			rc = buf_addstr(b, open);
		else if (*s == 2)
			rc = buf_addstr(b, close);
		else
			rc = buf_addch(b, *s);
	}
	return rc;
}

/* Remembers a failed append, so that an incomplete result is never
 * printed as if whole. */
static void put(struct out *o, int rc)
{
	if (rc < 0)
		o->nomem = 1;
}

static void add_list(struct jsonw *w, const char *key, const char *list,
		     const char *sep)
{
	const char *p = list, *q;
	size_t n = strlen(sep);

	jsonw_key(w, key);
	jsonw_arr(w);
	while (p && *p) {
		q = strstr(p, sep);
		jsonw_strn(w, p, q ? (size_t)(q - p) : strlen(p));
		p = q ? q + n : NULL;
	}
	jsonw_end(w);
}

/* Appends s (NULL: empty) without control characters as a CSV field and a
 * comma; tmp is scratch. */
static int csv_clean(struct buf *b, struct buf *tmp, const char *s)
{
	int rc;

	buf_reset(tmp);
	rc = idx_clean(tmp, s ? s : "", 0);
	if (rc == 0)
		rc = csv_field(b, buf_cstr(tmp));
	buf_reset(tmp);
	if (rc == 0)
		rc = buf_addch(b, ',');
	return rc;
}

static int print_hit(void *ctx, const struct store_hit *h)
{
	struct out *o = ctx;
	struct buf *b = &o->line;
	char date[32];

	buf_reset(b);
	buf_reset(&o->tmp);
	if (o->format == F_JSON) {
		struct jsonw w;
		jsonw_init(&w, b);
		jsonw_obj(&w);
		jsonw_kint(&w, "id", h->item_id);
		jsonw_kint(&w, "story", h->story_id);
		jsonw_kstr(&w, "title", h->title ? h->title : "");
		jsonw_kstr(&w, "link", h->link);
		jsonw_kstr(&w, "feed", h->feed);
		jsonw_kstr(&w, "feed_title", h->feed_title);
		jsonw_kstr(&w, "kind", h->kind);
		idx_item_date_json(&w, h->item_date, h->date_source,
				   h->claimed_date, h->first_seen);
		add_list(&w, "niches", h->niches, ",");
		add_list(&w, "other_sources", h->other_feeds, ", ");
		put(o, marks(&o->tmp, h->snippet ? h->snippet : "", "**",
			     "**"));
		jsonw_kstr(&w, "snippet", buf_cstr(&o->tmp));
		jsonw_key(&w, "rank");
		jsonw_double(&w, h->rank);
		jsonw_end(&w);
		put(o, buf_addch(b, '\n'));
		if (jsonw_error(&w))
			o->nomem = 1;
	} else if (o->format == F_CSV) {
		/* empty when undated: first_seen is no date of the item's */
		date[0] = 0;
		if (h->item_date != FEED_NO_DATE)
			idx_date(h->item_date, date);
		put(o, buf_addf(b, "%lld,%lld,", (long long)h->item_id,
				(long long)h->story_id));
		put(o, csv_field(b, date));
		put(o, buf_addch(b, ','));
		/* every field cleaned: a CSV is often looked at with cat */
		put(o, csv_clean(b, &o->tmp, h->feed));
		put(o, csv_clean(b, &o->tmp, h->feed_title));
		put(o, csv_clean(b, &o->tmp, h->title));
		put(o, csv_clean(b, &o->tmp, h->link));
		put(o, csv_clean(b, &o->tmp, h->niches));
		put(o, csv_clean(b, &o->tmp, h->other_feeds));
		{
			struct buf c = BUF_INIT;
			put(o, idx_clean(&c, h->snippet, 0));
			put(o, csv_field(b, buf_cstr(&c)));
			buf_release(&c);
		}
		put(o, buf_addstr(b, "\r\n"));
	} else {
		if (o->tty)
			put(o, buf_addstr(b, "\x1b[1m"));
		put(o, idx_clean(b, h->title && *h->title ? h->title
				 : "(untitled)", 0));
		if (o->tty)
			put(o, buf_addstr(b, "\x1b[0m"));
		put(o, buf_addstr(b, "\n  "));
		put(o, idx_clean(b, h->feed_title, 0));
		if (h->other_feeds) {
			put(o, buf_addstr(b, " (also: "));
			put(o, idx_clean(b, h->other_feeds, 0));
			put(o, buf_addch(b, ')'));
		}
		put(o, buf_addstr(b, " | "));
		if (h->item_date != FEED_NO_DATE) {
			idx_date(h->item_date, date);
			put(o, buf_addstr(b, date));
		} else {
			/* sorted and filtered by its first sighting */
			idx_date(h->first_seen, date);
			put(o, buf_addf(b, "undated, seen %s", date));
		}
		put(o, buf_addf(b, " | #%lld", (long long)h->item_id));
		if (h->niches) {
			put(o, buf_addstr(b, " | "));
			put(o, idx_clean(b, h->niches, 0));
		}
		if (h->link) {
			put(o, buf_addstr(b, "\n  "));
			put(o, idx_clean(b, h->link, 0));
		}
		if (h->snippet && *h->snippet) {
			put(o, idx_clean(&o->tmp, h->snippet, 1));
			put(o, buf_addstr(b, "\n  "));
			put(o, marks(b, buf_cstr(&o->tmp),
				     o->tty ? "\x1b[1m" : "",
				     o->tty ? "\x1b[0m" : ""));
		}
		put(o, buf_addstr(b, "\n\n"));
	}
	if (o->nomem)
		return -1;
	if (fwrite(b->data, 1, b->len, stdout) != b->len)
		return -1;
	return 0;
}

/* On a terminal, the text ends with how many results there are and
 * whether more exist. */
static int print_count(struct store *db, const struct store_search *q, int n)
{
	struct err e = { "" };
	int64_t total;

	if (store_search_count(db, q, &total, &e) < 0) {
		fprintf(stderr, "veille search: %s\n", e.msg);
		return VEILLE_FATAL;
	}
	if (q->offset + n < total)
		printf("%d of %lld%s — --limit or --offset for more\n", n,
		       (long long)total, q->offset ? " (after the first "
		       "--offset)" : "");
	else if (q->offset)
		printf("%d of %lld (the last, after --offset %lld)\n", n,
		       (long long)total, (long long)q->offset);
	else
		printf("%d result%s\n", n, n > 1 ? "s" : "");
	return VEILLE_OK;
}

static int search_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct store_search q;
	struct store *db = NULL;
	struct buf query = BUF_INIT, match = BUF_INIT, exact = BUF_INIT;
	struct buf region_name = BUF_INIT;
	struct out o;
	struct err e = { "" };
	const char *niches[MAX_NICHES], *sectors[MAX_NICHES];
	const char *arg, *since = NULL, *until = NULL, *tz, *region = NULL;
	unsigned qflags = 0;
	int expand = 0;
	int o_i, rc = VEILLE_USAGE, i, n;

	memset(&q, 0, sizeof q);
	memset(&o, 0, sizeof o);
	buf_init(&o.line, 1 << 20);
	buf_init(&o.tmp, 1 << 20);
	q.limit = 20;
	q.since = q.until = FEED_NO_DATE;
	q.niches = niches;
	q.sectors = sectors;
	opt_init(&st, cli, argc, argv);
	while ((o_i = opt_next(&st, &arg)) >= 0) {
		switch (o_i) {
		case 0:
			if (q.nniches == MAX_NICHES) {
				cli_usage_error(cli, "too many --niche (at most %d)",
						MAX_NICHES);
				goto done;
			}
			niches[q.nniches++] = arg;
			break;
		case 1: q.feed = arg; break;
		case 2:
			if (strcmp(arg, "news") && strcmp(arg, "publication")) {
				cli_usage_error(cli, "--kind '%s': use news or "
						"publication", arg);
				goto done;
			}
			q.kind = arg;
			break;
		case 3: q.lang = arg; break;
		case 4: since = arg; break;
		case 5: until = arg; break;
		case 6:
		case 7:
			if (str_to_i64(arg, o_i == 6 ? 1 : 0, 1000000,
				       o_i == 6 ? &q.limit : &q.offset) < 0) {
				cli_usage_error(cli, "--%s '%s': not a number in range",
						search_opts[o_i].name, arg);
				goto done;
			}
			break;
		case 8:
			if (!strcmp(arg, "rank"))
				q.sort = STORE_SORT_RANK;
			else if (!strcmp(arg, "date"))
				q.sort = STORE_SORT_DATE;
			else {
				cli_usage_error(cli, "--sort '%s': use rank or date", arg);
				goto done;
			}
			break;
		case 9:
			if (!strcmp(arg, "text"))
				o.format = F_TEXT;
			else if (!strcmp(arg, "json"))
				o.format = F_JSON;
			else if (!strcmp(arg, "csv"))
				o.format = F_CSV;
			else {
				cli_usage_error(cli, "--format '%s': use text, json "
						"or csv", arg);
				goto done;
			}
			break;
		case 10: q.all_items = 1; break;
		case 11: qflags |= QUERY_EXACT; break;
		case 12:
			if (q.nsectors == MAX_NICHES) {
				cli_usage_error(cli, "too many --sector (at most %d)",
						MAX_NICHES);
				goto done;
			}
			sectors[q.nsectors++] = arg;
			break;
		case 13: expand = 1; break;
		case 14: region = arg; break;
		}
	}
	if (o_i != OPT_END) {
		rc = opt_exit(o_i);
		goto done;
	}
	if (st.nargs == 0) {
		cli_usage_error(cli, "a query is needed");
		goto done;
	}
	for (i = 0; i < st.nargs; i++) {
		if ((i && buf_addch(&query, ' ') < 0) ||
		    buf_addstr(&query, st.args[i]) < 0) {
			fprintf(stderr, "veille search: out of memory\n");
			rc = VEILLE_FATAL;
			goto done;
		}
	}
	if (expand) {
		struct buf wide = BUF_INIT;
		int any = 0;

		rc = cli_load_conf(cli);
		if (rc != VEILLE_OK)
			goto done;
		rc = VEILLE_USAGE;
		if (search_expand(&cli->conf, buf_cstr(&query), &wide, &any) < 0) {
			buf_release(&wide);
			fprintf(stderr, "veille search: out of memory\n");
			rc = VEILLE_FATAL;
			goto done;
		}
		fprintf(stderr, any ? "searching: %s\n"
			: "searching: %s (no synonym found)\n", buf_cstr(&wide));
		buf_release(&query);
		query = wide;
	}
	q.now = vtime_now();
	tz = idx_zone(cli);
	if ((since || until) && tzone_check(tz, &e) < 0) {
		cli_usage_error(cli, "%s", e.msg);
		goto done;
	}
	if (since && idx_parse_when(since, 0, q.now, tz, &q.since) < 0) {
		cli_usage_error(cli, "--since '%s': not a date (2026-11-01, "
				"2026-W47 or 7d)", since);
		goto done;
	}
	if (until && idx_parse_when(until, 1, q.now, tz, &q.until) < 0) {
		cli_usage_error(cli, "--until '%s': not a date (2026-11-01, "
				"2026-W47 or 7d)", until);
		goto done;
	}
	if (query_translate_flags(buf_cstr(&query), qflags, &match, &exact,
				  &e) < 0) {
		cli_usage_error(cli, "%s", e.msg);
		goto done;
	}
	q.match = buf_cstr(&match);
	q.exact = exact.len ? buf_cstr(&exact) : NULL;
	if (region) {
		if (buf_addf(&region_name, "region:%s", region) < 0) {
			fprintf(stderr, "veille search: out of memory\n");
			rc = VEILLE_FATAL;
			goto done;
		}
		q.region = buf_cstr(&region_name);
	}
	q.mark_open = "\x01";
	q.mark_close = "\x02";
	o.tty = isatty(STDOUT_FILENO);
	rc = idx_open(cli, STORE_READONLY, &db);
	if (rc != VEILLE_OK)
		goto done;
	/* a misspelt filter is an error, never an empty result */
	for (i = 0; rc == VEILLE_OK && i < (int)q.nniches; i++)
		rc = idx_check_name(cli, db, STORE_NAME_NICHE, "niche", niches[i]);
	for (i = 0; rc == VEILLE_OK && i < (int)q.nsectors; i++)
		rc = idx_check_name(cli, db, STORE_NAME_SECTOR, "sector", sectors[i]);
	if (rc == VEILLE_OK && q.feed)
		rc = idx_check_name(cli, db, STORE_NAME_FEED, "feed", q.feed);
	if (rc == VEILLE_OK && q.lang)
		rc = idx_check_name(cli, db, STORE_NAME_LANG, "lang", q.lang);
	if (rc != VEILLE_OK)
		goto done;
	if (o.format == F_CSV)
		fputs("id,story,date,feed,feed_title,title,link,niches,other_sources,snippet\r\n",
		      stdout);
	n = store_search(db, &q, print_hit, &o, &e);
	if (n < 0 && e.msg[0]) {
		fprintf(stderr, "veille search: %s\n", e.msg);
		rc = VEILLE_FATAL;
	} else if (n < 0 && o.nomem) {
		fprintf(stderr, "veille search: out of memory\n");
		rc = VEILLE_FATAL;
	} else if (n < 0) {
		rc = VEILLE_FATAL;	/* output error, reported below */
	} else {
		rc = VEILLE_OK;
		if (n == 0)
			fprintf(stderr, "0 results\n");
		else if (o.format == F_TEXT && o.tty)
			rc = print_count(db, &q, n);
	}
	rc = cli_finish_stdout(rc);
done:
	opt_release(&st);
	store_close(db);
	buf_release(&query);
	buf_release(&region_name);
	buf_release(&match);
	buf_release(&exact);
	buf_release(&o.line);
	buf_release(&o.tmp);
	return rc;
}

const struct command cmd_search = {
	"search", "QUERY...", "search the watch by words, phrases and filters",
	"Searches titles, summaries, contents, authors and feed names. Words "
	"are all required; \"an exact phrase\" in quotes; a OR b for either; "
	"-word (or NOT word) excludes (put the query in quotes or after -- so "
	"that -word is not read as an option); prefix* matches the start of words; "
	"title:word, author:word, feed:word, summary:word and content:word "
	"look in one field; NEAR(a b, 10) wants the words within 10 words of "
	"each other. Case and accents never matter: maintenance predictive "
	"finds maintenance prédictive. A word also finds its inflected forms, "
	"in French and in English (the French then the English Snowball "
	"stemmer, whatever the item's language): jumeaux numériques finds "
	"jumeau numérique, PLCs finds PLC, bearing finds bearings; phrases "
	"and NEAR match these forms in place; a prefix* is cut where it stops "
	"agreeing with its stem (capteurs* is capteur*). =word or "
	"=\"a phrase\" wants that term as written too, --exact every word "
	"and phrase (not those of NEAR, prefixes or exclusions, which "
	"always take every form); checking forms reads each match's text, "
	"so it is slower on common words. A query that cannot be understood is "
	"reported with its column and exits 2.\n\n"
	"Results are ranked by relevance (bm25: a match in the title counts "
	"more than in the summary, more than in the content, and a match in "
	"the title doubles the score) divided by 1 + the age in months, so "
	"that a month-old item needs twice the relevance of today's; equal "
	"scores go newest first. --sort date sorts by date, newest first. Items that are the same story in "
	"several feeds give one result listing the other sources, unless "
	"--all-items.\n\n"
	"--since, --until, --sort date and recency use the item's own date "
	"(see DATES AND COVERAGE); an undated item, or one dated in the "
	"future of its first sighting, by when it was first seen. A date "
	"(2026-11-01) or a week (2026-W47) starts at midnight in the "
	"[settings] timezone (default Africa/Casablanca); --until includes "
	"the whole day or week.\n\n"
	"Text output shows the title, sources, date (\"undated, seen DATE\" "
	"for an undated item), item number, niches, link and a snippet with "
	"the matched words in bold on a terminal (from the summary when it "
	"holds a match, else from the title, else from the field that "
	"matched). Sources go by their titles: "
	"the feed's title in the configuration, else its own, else its name. "
	"--format json prints one object per line (id, story, title, link, "
	"feed (the feed's name), feed_title, kind, date: null when undated, "
	"date_source, claimed_date when claimed, first_seen, niches, "
	"other_sources (their titles), snippet with **marks**, rank); "
	"--format csv prints RFC 4180 CSV with a header line, the date empty "
	"when undated.\n\n"
	"--expand widens each term of the query that is a niche's label in "
	"French or in English, or one of the terms of a [synonyms] section "
	"(conf/synonyms.conf: GMAO | CMMS ...), compared by stems, into all "
	"the terms of its group joined by OR (GMAO finds CMMS, jumeau "
	"numérique finds digital twin); words excluded, in NEAR(), with a "
	"field: or a *, or already in an OR, stay as written. The query "
	"searched is printed on stderr (\"searching: ...\").\n\n"
	"On a terminal, text output ends with the number of results and "
	"whether more exist (\"20 of 312 — --limit or --offset for more\"). "
	"No result says \"0 results\" on stderr, whatever the format. "
	"--niche, --sector, --feed and --lang name what the database holds: "
	"another name exits 2 with the closest one (\"did you mean\"), as "
	"does a date --since or --until cannot read. Exits 0 with results or "
	"none, 2 on a query, option or filter it cannot understand, 3 when "
	"the database cannot be read.",
	search_opts, search_run,
};
