/* veille show: one item in full, with its story's other sources and its
 * niches with the evidence. */
#include <stdio.h>
#include <string.h>

#include "../parser/html.h"
#include "../util/jsonw.h"
#include "../util/str.h"
#include "../util/vtime.h"
#include "index_cli.h"

static const struct opt show_opts[] = {
	{ "format", 0, "FMT", "text (default) or json" },
	{ NULL, 0, NULL, NULL },
};

struct show {
	struct store *db;
	int json;
	int64_t self;
	int64_t story;
	struct buf b;
	struct jsonw w;
	struct err e;
	int nomem;		/* an append to b failed: b is incomplete */
};

/* Remembers a failed append, so that an incomplete item is never printed
 * as if whole. */
static void put(struct show *s, int rc)
{
	if (rc < 0)
		s->nomem = 1;
}

static void field(struct show *s, const char *label, const char *v)
{
	if (!v || !*v)
		return;
	if (s->json) {
		jsonw_kstr(&s->w, label, v);
		return;
	}
	put(s, buf_addf(&s->b, "%-10s ", label));
	put(s, idx_clean(&s->b, v, 0));
	put(s, buf_addch(&s->b, '\n'));
}

/* The feed by its title; its name (the id) beside it, or in JSON as feed
 * with feed_title. */
static void feed_field(struct show *s, const struct store_item *it)
{
	if (s->json || !it->feed_title || !strcmp(it->feed_title, it->feed)) {
		field(s, "feed", it->feed);
		if (s->json)
			field(s, "feed_title", it->feed_title);
		return;
	}
	put(s, buf_addf(&s->b, "%-10s ", "feed"));
	put(s, idx_clean(&s->b, it->feed_title, 0));
	put(s, buf_addstr(&s->b, " ("));
	put(s, idx_clean(&s->b, it->feed, 0));
	put(s, buf_addstr(&s->b, ")\n"));
}

static void date_field(struct show *s, const char *label, int64_t t)
{
	char d[32];

	if (t == FEED_NO_DATE)
		return;
	vtime_rfc3339(t, d, sizeof d);
	field(s, label, d);
}

#define WRAP 76

/* Appends the paragraphs of text (lines apart by "\n", paragraphs by a
 * blank line) cleaned, wrapped at WRAP columns and indented by two. */
static void wrap(struct show *s, const char *text)
{
	struct buf clean = BUF_INIT;
	const char *p, *line_end;

	buf_init(&clean, 64 << 20);
	for (p = text; *p; p = *line_end ? line_end + 1 : line_end) {
		size_t col = 0;
		const char *w = p;

		line_end = strchr(p, '\n');
		if (!line_end)
			line_end = p + strlen(p);
		if (line_end == p) {
			put(s, buf_addch(&s->b, '\n'));
			continue;
		}
		put(s, buf_addstr(&s->b, "  "));
		while (w < line_end) {
			const char *e = w, *q;
			size_t chars = 0;

			while (e < line_end && *e != ' ')
				e++;
			for (q = w; q < e; q++)
				chars += ((unsigned char)*q & 0xc0) != 0x80;
			if (col && col + 1 + chars > WRAP) {
				put(s, buf_addstr(&s->b, "\n  "));
				col = 0;
			} else if (col) {
				put(s, buf_addch(&s->b, ' '));
				col++;
			}
			buf_reset(&clean);
			put(s, buf_add(&clean, w, (size_t)(e - w)));
			put(s, idx_clean(&s->b, buf_cstr(&clean), 0));
			col += chars;
			w = e;
			while (w < line_end && *w == ' ')
				w++;
		}
		put(s, buf_addch(&s->b, '\n'));
	}
	buf_release(&clean);
}

/* The content as text to read, its links numbered and listed after it. */
static void content_text(struct show *s, const char *html)
{
	struct buf text = BUF_INIT, links = BUF_INIT;
	const char *p;
	int n = 0;

	if (!html || !*html)
		return;
	buf_init(&text, 64 << 20);
	buf_init(&links, 16 << 20);
	if (html_text_links(&text, &links, html, strlen(html)) != 0) {
		s->nomem = 1;
	} else if (text.len) {
		put(s, buf_addstr(&s->b, "content\n"));
		wrap(s, buf_cstr(&text));
		if (links.len)
			put(s, buf_addstr(&s->b, "links\n"));
		for (p = buf_cstr(&links); *p; p = strchr(p, '\n') + 1) {
			const char *e = strchr(p, '\n');

			buf_reset(&text);
			put(s, buf_add(&text, p, (size_t)(e - p)));
			put(s, buf_addf(&s->b, "  [%d] ", ++n));
			put(s, idx_clean(&s->b, buf_cstr(&text), 0));
			put(s, buf_addch(&s->b, '\n'));
		}
	}
	buf_release(&text);
	buf_release(&links);
}

static int on_source(void *ctx, const struct store_item *it)
{
	struct show *s = ctx;

	char day[32];

	if (it->id == s->self)
		return 0;
	/* the versions of a work: which, from where, when */
	vtime_rfc3339(it->date != FEED_NO_DATE ? it->date : it->first_seen,
		      day, sizeof day);
	day[10] = '\0';
	if (s->json) {
		jsonw_obj(&s->w);
		jsonw_kint(&s->w, "id", it->id);
		jsonw_kstr(&s->w, "feed", it->feed);
		jsonw_kstr(&s->w, "feed_title", it->feed_title);
		jsonw_kstr(&s->w, "title", it->title);
		jsonw_kstr(&s->w, "link", it->link);
		jsonw_kstr(&s->w, "version", store_item_version(it));
		jsonw_kstr(&s->w, "date", day);
		jsonw_end(&s->w);
	} else {
		put(s, buf_addf(&s->b, "  #%lld %s %s ", (long long)it->id,
				store_item_version(it), day));
		put(s, idx_clean(&s->b, it->feed_title, 0));
		put(s, buf_addstr(&s->b, ": "));
		put(s, idx_clean(&s->b, it->link ? it->link : it->title, 0));
		put(s, buf_addch(&s->b, '\n'));
	}
	return 0;
}

/* A piece of evidence as a line: "    match in title: «text» +3". */
static int on_evidence(void *ctx, const struct store_evidence *ev)
{
	struct show *s = ctx;

	put(s, buf_addstr(&s->b, "    "));
	if (ev->kind && !strcmp(ev->kind, "label")) {
		/* an analyst's correction (veille label) */
		put(s, buf_addstr(&s->b, "labelled by "));
		put(s, idx_clean(&s->b, ev->who ? ev->who : "?", 0));
		if (ev->at) {
			put(s, buf_addstr(&s->b, " at "));
			put(s, idx_clean(&s->b, ev->at, 0));
		}
		if (ev->note) {
			put(s, buf_addstr(&s->b, ": "));
			put(s, idx_clean(&s->b, ev->note, 0));
		}
		put(s, buf_addch(&s->b, '\n'));
		return 0;
	}
	put(s, idx_clean(&s->b, ev->kind ? ev->kind : "match", 0));
	if (ev->field) {
		put(s, buf_addstr(&s->b, " in "));
		put(s, idx_clean(&s->b, ev->field, 0));
	}
	if (ev->text) {
		put(s, buf_addstr(&s->b, ": «"));
		put(s, idx_clean(&s->b, ev->text, 0));
		put(s, buf_addstr(&s->b, "»"));
	} else if (ev->pattern) {
		put(s, buf_addstr(&s->b, ": /"));
		put(s, idx_clean(&s->b, ev->pattern, 0));
		put(s, buf_addch(&s->b, '/'));
	}
	if (ev->points >= 0)
		put(s, buf_addf(&s->b, " +%lld", (long long)ev->points));
	put(s, buf_addch(&s->b, '\n'));
	return 0;
}

static int on_niche(void *ctx, const struct store_niche_score *ns)
{
	struct show *s = ctx;

	if (s->json) {
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "niche", ns->niche);
		jsonw_key(&s->w, "score");
		jsonw_double(&s->w, ns->score);
		/* evidence is JSON written by the classifier; kept as a
		 * string so a bad one can never break this output */
		jsonw_kstr(&s->w, "evidence", ns->evidence_json);
		jsonw_end(&s->w);
	} else {
		put(s, buf_addf(&s->b, "  %s %.2f\n", ns->niche, ns->score));
		if (store_evidence_rows(s->db, ns->evidence_json, on_evidence,
					s, &s->e) < 0)
			return -1;
	}
	return 0;
}

/* The analysts' corrections, already applied to the niches above. */
static int on_label(void *ctx, const struct store_label_row *r)
{
	struct show *s = ctx;

	if (s->json) {
		idx_label_json(&s->w, r);
		return 0;
	}
	put(s, buf_addstr(&s->b, "corrected  "));
	put(s, idx_label_text(&s->b, r));
	put(s, buf_addch(&s->b, '\n'));
	return 0;
}

static int on_item(void *ctx, const struct store_item *it)
{
	struct show *s = ctx;

	s->story = it->story_id;
	if (s->json) {
		jsonw_obj(&s->w);
		jsonw_kint(&s->w, "id", it->id);
		jsonw_kint(&s->w, "story", it->story_id);
	} else {
		put(s, buf_addf(&s->b, "item       #%lld (story %lld)\n",
				(long long)it->id, (long long)it->story_id));
	}
	field(s, "title", it->title);
	feed_field(s, it);
	field(s, "kind", it->feed_kind);
	field(s, "version", store_item_version(it));
	field(s, "guid", it->guid);
	field(s, "link", it->link);
	field(s, "authors", it->authors);
	field(s, "language", it->language);
	field(s, "doi", it->doi);
	field(s, "arxiv", it->arxiv_id);
	field(s, "hal", it->hal_id);
	if (s->json) {
		idx_item_date_json(&s->w, it->date, it->date_source,
				   it->claimed_date, it->first_seen);
	} else {
		put(s, buf_addf(&s->b, "%-10s ", "date"));
		put(s, idx_item_date(&s->b, it->date, it->date_source,
				     it->claimed_date));
		put(s, buf_addch(&s->b, '\n'));
		date_field(s, "first_seen", it->first_seen);
	}
	date_field(s, "published", it->published);
	date_field(s, "updated", it->updated);
	if (s->json) {
		jsonw_key(&s->w, "backlog");
		jsonw_bool(&s->w, it->backlog);
	} else if (it->backlog)
		field(s, "backlog", "yes (never a week's news)");
	field(s, "summary", it->summary);
	if (s->json)
		field(s, "content", it->content);
	else
		content_text(s, it->content);
	if (s->json) {
		jsonw_key(&s->w, "other_sources");
		jsonw_arr(&s->w);
	} else {
		put(s, buf_addstr(&s->b, "sources\n"));
	}
	if (store_story_items(s->db, it->story_id, on_source, s, &s->e) < 0)
		return -1;
	if (s->json) {
		jsonw_end(&s->w);
		jsonw_key(&s->w, "niches");
		jsonw_arr(&s->w);
	} else {
		put(s, buf_addstr(&s->b, "niches\n"));
	}
	if (store_item_niches(s->db, it->id, on_niche, s, &s->e) < 0)
		return -1;
	if (s->json) {
		jsonw_end(&s->w);
		jsonw_key(&s->w, "corrections");
		jsonw_arr(&s->w);
	}
	if (store_labels(s->db, it->id, on_label, s, &s->e) < 0)
		return -1;
	if (s->json) {
		jsonw_end(&s->w);
		jsonw_end(&s->w);
		put(s, buf_addch(&s->b, '\n'));
	}
	return 0;
}

static int show_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct show s;
	const char *arg;
	int64_t id;
	int o, rc;

	memset(&s, 0, sizeof s);
	buf_init(&s.b, 64 << 20);
	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0) {
		if (!strcmp(arg, "json"))
			s.json = 1;
		else if (strcmp(arg, "text")) {
			rc = cli_usage_error(cli, "--format '%s': use text or json", arg);
			goto out;
		}
	}
	if (o != OPT_END) {
		rc = opt_exit(o);
		goto out;
	}
	if (st.nargs != 1 || str_to_i64(st.args[0][0] == '#' ? st.args[0] + 1
					: st.args[0], 1, INT64_MAX, &id) < 0) {
		rc = cli_usage_error(cli, "an item number is needed (as 'veille "
				     "search' prints it)");
		goto out;
	}
	rc = idx_open(cli, STORE_READONLY, &s.db);
	if (rc != VEILLE_OK)
		goto out;
	s.self = id;
	jsonw_init(&s.w, &s.b);
	o = store_get_item(s.db, id, on_item, &s, &s.e);
	if (o < 0) {
		fprintf(stderr, "veille show: %s\n", s.e.msg);
		rc = VEILLE_FATAL;
	} else if (o == 0) {
		fprintf(stderr, "veille show: no item #%lld\n", (long long)id);
		rc = VEILLE_PARTIAL;
	} else if (s.nomem || jsonw_error(&s.w)) {
		fprintf(stderr, "veille show: out of memory\n");
		rc = VEILLE_FATAL;
	} else {
		fwrite(s.b.data, 1, s.b.len, stdout);
		rc = cli_finish_stdout(VEILLE_OK);
	}
out:
	opt_release(&st);
	store_close(s.db);
	buf_release(&s.b);
	return rc;
}

const struct command cmd_show = {
	"show", "ID", "show one item in full",
	"Prints the item numbered ID (as 'veille search' shows it): its "
	"fields, the other sources of its story, and its niches with their "
	"scores and the evidence the rules found. An unknown number exits 1.\n\n"
	"A story gathers the versions of one work or piece of news: version "
	"says which this item is (preprint: an arXiv or HAL id, or a preprint "
	"server's DOI, and no publisher DOI; published: a publisher DOI, or an "
	"item of a publication feed; news), and each other source is listed "
	"with its version, date and feed (JSON: version and date).\n\n"
	"The date line gives the item's date and where it came from "
	"(published, updated, other), or \"undated\", or \"undated (claims "
	"DATE, after its first sighting)\" for a date in the future; "
	"first_seen is when veille first stored it; published and updated "
	"are the feed's own fields; backlog marks an item never sent as news. "
	"The content is shown as text wrapped at 76 columns, its paragraphs "
	"and list items apart, each link numbered where it stands ([1]) and "
	"listed after it; each niche's evidence as lines: what matched, in "
	"which field, and the points it gave. --format json gives the content "
	"as stored (HTML) and the evidence as the classifier wrote it. "
	"JSON has date (null when undated), date_source (published, updated, "
	"other, none or claimed), claimed_date, first_seen and backlog.",
	show_opts, show_run,
};
