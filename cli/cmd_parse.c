/* veille parse: one feed document to one JSON object, for people and
 * tests. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../parser/parser.h"
#include "../util/jsonw.h"
#include "../util/vtime.h"
#include "cli.h"

/* An OPML list is read whole (opml_parse), as is a JSON Feed (by the
 * parser, within its own limit); feeds are streamed. */
#define PARSE_INPUT_MAX ((size_t)256 << 20)
#define PARSE_CHUNK 65536

enum { O_BASE, O_CHARSET, O_FORMAT };

static const struct opt parse_opts_table[] = {
	[O_BASE] = { "base", 0, "URL", "the document's URL, to resolve relative links" },
	[O_CHARSET] = { "charset", 0, "NAME", "the charset the server declared" },
	[O_FORMAT] = { "format", 0, "FMT", "json (default: one object) or jsonl "
		       "(one line per item, then one for the feed)" },
	{ NULL, 0, NULL, NULL },
};

/* The output, written as the items come: the feed's fields known at the
 * first item, the items one by one, then the fields learnt after them. */
struct emit {
	struct buf line;	/* what is not yet written to stdout */
	struct jsonw w;
	int jsonl;
	int started;		/* the feed's object and items array opened */
	unsigned done;		/* the feed fields written (feed_fields) */
	size_t nitems;
	int write_failed;
};

static void kdate(struct jsonw *w, const char *key, int64_t t)
{
	char s[64];

	if (t == FEED_NO_DATE)
		return;
	vtime_rfc3339(t, s, sizeof(s));
	jsonw_kstr(w, key, s);
}

static void strv(struct jsonw *w, const char *key, char **v, size_t n)
{
	jsonw_key(w, key);
	jsonw_arr(w);
	for (size_t i = 0; i < n; i++)
		jsonw_str(w, v[i]);
	jsonw_end(w);
}

static void write_item(struct jsonw *w, const struct feed_item *it)
{
	jsonw_obj(w);
	jsonw_kstr(w, "id", it->id);
	jsonw_kstr(w, "title", it->title);
	jsonw_kstr(w, "link", it->link);
	kdate(w, "published", it->published);
	kdate(w, "updated", it->updated);
	if (it->nauthors)
		jsonw_kstr(w, "author", it->authors[0]);
	strv(w, "authors", it->authors, it->nauthors);
	jsonw_kstr(w, "summary", it->summary);
	jsonw_kstr(w, "content", it->content);
	strv(w, "categories", it->categories, it->ncategories);
	jsonw_key(w, "enclosures");
	jsonw_arr(w);
	for (size_t i = 0; i < it->nenclosures; i++) {
		jsonw_obj(w);
		jsonw_kstr(w, "url", it->enclosures[i].url);
		jsonw_kstr(w, "type", it->enclosures[i].type);
		if (it->enclosures[i].length >= 0)
			jsonw_kint(w, "length", it->enclosures[i].length);
		jsonw_end(w);
	}
	jsonw_end(w);
	jsonw_kstr(w, "language", it->language);
	jsonw_kstr(w, "doi", it->doi);
	jsonw_kstr(w, "arxiv_id", it->arxiv_id);
	jsonw_kstr(w, "hal_id", it->hal_id);
	jsonw_kstr(w, "journal_ref", it->journal_ref);
	if (it->flags & FEED_ITEM_DATE_UNREADABLE) {
		jsonw_key(w, "date_unreadable");
		jsonw_bool(w, 1);
	}
	if (it->flags & FEED_ITEM_DELETED) {
		jsonw_key(w, "deleted");
		jsonw_bool(w, 1);
	}
	if (it->flags & FEED_ITEM_ID_SYNTHESISED) {
		jsonw_key(w, "id_synthesised");
		jsonw_bool(w, 1);
	}
	jsonw_end(w);
}

/* Writes the feed's fields not yet written (bits in done) that it has;
 * returns done with them added. */
static unsigned feed_fields(struct jsonw *w, const struct feed *f,
			    unsigned done)
{
	const char *const v[] = { f->title, f->link, f->description,
				  f->language, f->resumption_token };
	static const char *const k[] = { "title", "link", "description",
					 "language", "resumption_token" };
	const unsigned total = 1u << 5, nwf = 1u << 6;

	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (!(done & 1u << i) && v[i]) {
			jsonw_kstr(w, k[i], v[i]);
			done |= 1u << i;
		}
	if (!(done & total) && f->total_results >= 0) {
		jsonw_kint(w, "total_results", f->total_results);
		done |= total;
	}
	if (!(done & nwf) && f->not_well_formed) {
		jsonw_key(w, "not_well_formed");
		jsonw_bool(w, 1);
		done |= nwf;
	}
	return done;
}

static void feed_open(struct emit *m, const struct feed *f)
{
	m->started = 1;
	jsonw_obj(&m->w);
	jsonw_kstr(&m->w, "format", feed_format_name(f->format));
	m->done = feed_fields(&m->w, f, 0);
	jsonw_key(&m->w, "items");
	jsonw_arr(&m->w);
}

/* Writes out what is pending: 0, or -1 with e set. */
static int flush(struct emit *m, struct err *e)
{
	/* w.rc, not jsonw_error(): the object is still open between items */
	int rc = m->w.rc ? m->w.rc : buf_error(&m->line);

	if (rc < 0)
		return err_set(e, rc == BUF_ENOMEM ? "out of memory" :
			       "output too large");
	if (m->line.len &&
	    fwrite(m->line.data, 1, m->line.len, stdout) != m->line.len) {
		m->write_failed = 1;
		return err_set(e, "cannot write output: %s", strerror(errno));
	}
	buf_reset(&m->line);
	return 0;
}

static int on_item(void *ctx, const struct feed *meta, struct feed_item *it,
		   struct err *e)
{
	struct emit *m = ctx;

	m->nitems++;
	if (m->jsonl) {
		jsonw_init(&m->w, &m->line);
		write_item(&m->w, it);
		buf_addch(&m->line, '\n');
	} else {
		if (!m->started)
			feed_open(m, meta);
		write_item(&m->w, it);
	}
	return flush(m, e);
}

/* Ends the output with the feed's fields learnt after its items (or all of
 * them, for the JSON lines' last line). */
static int feed_close(struct emit *m, const struct feed *f, struct err *e)
{
	if (m->jsonl) {
		jsonw_init(&m->w, &m->line);
		jsonw_obj(&m->w);
		jsonw_kstr(&m->w, "format", feed_format_name(f->format));
		feed_fields(&m->w, f, 0);
		jsonw_kint(&m->w, "items", (int64_t)m->nitems);
	} else {
		if (!m->started)
			feed_open(m, f);
		jsonw_end(&m->w);
		feed_fields(&m->w, f, m->done);
	}
	jsonw_end(&m->w);
	buf_addch(&m->line, '\n');
	return flush(m, e);
}

static void write_opml(struct jsonw *w, const struct opml *l)
{
	jsonw_obj(w);
	jsonw_kstr(w, "format", "opml");
	jsonw_kstr(w, "title", l->title);
	jsonw_key(w, "outlines");
	jsonw_arr(w);
	for (size_t i = 0; i < l->noutlines; i++) {
		jsonw_obj(w);
		jsonw_kstr(w, "title", l->outlines[i].title);
		jsonw_kstr(w, "xmlUrl", l->outlines[i].xml_url);
		jsonw_kstr(w, "htmlUrl", l->outlines[i].html_url);
		jsonw_kstr(w, "category", l->outlines[i].category);
		jsonw_end(w);
	}
	jsonw_end(w);
	jsonw_end(w);
}

/* Pushes the input to the parser chunk by chunk. A copy is kept while the
 * document may be an OPML list (read whole by opml_parse). Returns 0, -1
 * with e set by the parser, or -2 with e set about the input (naming it). */
static int stream(FILE *f, const char *path, struct feed_parser *p,
		  struct buf *copy, struct err *e)
{
	static char chunk[PARSE_CHUNK];
	int keep = 1;
	size_t n;

	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		enum feed_format fmt;

		if (keep && buf_add(copy, chunk, n) < 0) {
			err_set(e, "'%s' is larger than %zu bytes", path,
				copy->max);
			return -2;
		}
		if (feed_parser_push(p, chunk, n, e) < 0)
			return -1;
		fmt = feed_parser_format(p);
		if (keep && fmt != FEED_FORMAT_UNKNOWN &&
		    fmt != FEED_FORMAT_OPML) {
			keep = 0;
			buf_release(copy);
		}
	}
	if (ferror(f)) {
		err_set(e, "cannot read '%s': %s", path, strerror(errno));
		return -2;
	}
	return 0;
}

static int parse_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct parse_opts po;
	const char *arg, *path;
	struct buf in;
	struct emit m;
	struct feed_parser *p = NULL;
	struct feed *f = NULL;
	struct opml *ol = NULL;
	struct err e;
	FILE *fin = NULL;
	int o, rc = VEILLE_PARTIAL;

	memset(&po, 0, sizeof(po));
	memset(&m, 0, sizeof(m));
	buf_init(&m.line, 0);
	jsonw_init(&m.w, &m.line);
	buf_init(&in, PARSE_INPUT_MAX);
	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0) {
		if (o == O_BASE) {
			po.base_url = arg;
		} else if (o == O_CHARSET) {
			po.charset = arg;
		} else if (o == O_FORMAT) {
			if (strcmp(arg, "json") && strcmp(arg, "jsonl")) {
				cli_usage_error(cli, "--format '%s': use json "
						"or jsonl", arg);
				o = OPT_ERROR;
				break;
			}
			m.jsonl = !strcmp(arg, "jsonl");
		}
	}
	if (o != OPT_END) {
		opt_release(&st);
		return opt_exit(o);
	}
	if (st.nargs != 1) {
		rc = cli_usage_error(cli, st.nargs ? "unexpected argument '%s'"
				     : "missing FILE (or - for the standard "
				     "input)%s", st.nargs ? st.args[1] : "");
		opt_release(&st);
		return rc;
	}
	path = st.args[0];
	err_clear(&e);
	fin = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!fin) {
		fprintf(stderr, "veille parse: cannot open '%s': %s\n", path,
			strerror(errno));
		goto out;
	}
	if (!(p = feed_parser_new(&po, on_item, &m))) {
		fprintf(stderr, "veille parse: out of memory\n");
		goto out;
	}
	o = stream(fin, path, p, &in, &e);
	if (o == -2) {
		fprintf(stderr, "veille parse: %s\n", e.msg);
		goto out;
	}
	if (o < 0 || feed_parser_finish(p, &f, &e) < 0) {
		fprintf(stderr, "veille parse: '%s': %s\n", path, e.msg);
		if (m.write_failed)
			rc = VEILLE_FATAL;
		goto out;
	}
	if (f->format == FEED_FORMAT_OPML) {
		if (opml_parse(in.data ? in.data : "", in.len, &po, &ol, &e) < 0) {
			fprintf(stderr, "veille parse: '%s': %s\n", path, e.msg);
			goto out;
		}
		jsonw_init(&m.w, &m.line);
		write_opml(&m.w, ol);
		buf_addch(&m.line, '\n');
		o = flush(&m, &e);
	} else {
		o = feed_close(&m, f, &e);
	}
	if (o < 0) {
		fprintf(stderr, "veille parse: '%s': %s\n", path, e.msg);
		if (m.write_failed)
			rc = VEILLE_FATAL;
		goto out;
	}
	if (f->not_well_formed)
		fprintf(stderr, "veille parse: warning: '%s' is not well-formed "
			"XML (%s); items recovered\n", path,
			f->warning ? f->warning : "unknown error");
	if (f->trimmed)
		fprintf(stderr, "veille parse: warning: '%s': %s; the other "
			"items kept\n", path, f->trimmed);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "veille parse: cannot write output: %s\n",
			strerror(errno));
		rc = VEILLE_FATAL;
		goto out;
	}
	rc = VEILLE_OK;
out:
	if (fin && fin != stdin)
		fclose(fin);
	feed_parser_free(p);
	feed_free(f);
	opml_free(ol);
	buf_release(&in);
	buf_release(&m.line);
	opt_release(&st);
	return rc;
}

const struct command cmd_parse = {
	"parse", "FILE|-", "parse one feed document and print it as JSON",
	"Reads one feed document (RSS, RDF, Atom, JSON Feed, OAI-PMH, arXiv "
	"API, or an OPML list) from FILE or the standard input, detects its "
	"format from its content and prints one JSON object: the feed's "
	"fields and its items, dates in RFC 3339 UTC, absent fields omitted.\n\n"
	"The dialects of these formats are read too: Media RSS (media:title "
	"and media:description when an item has no title or description of "
	"its own, media:content and media:thumbnail as enclosures, "
	"media:category and media:keywords as categories), content:encoded, "
	"xhtml:body and Atom content in RSS items, Atom 0.3 (its namespace, "
	"mode=\"base64\"), Dublin Core and iTunes authors and categories (an "
	"author written with an address keeps the name), MathML and SVG as "
	"their text, HTML entities in any field, and entities declared as "
	"plain text in the document's internal DTD subset; external and "
	"parameter entities, and entities that refer to other entities, are "
	"never expanded: their references stay as written.\n\n"
	"Items are printed as they are parsed, so memory stays bounded "
	"whatever the document's size (a JSON Feed or an OPML list is read "
	"whole): the feed's fields known before its first item come before "
	"\"items\", those found after it (an OAI-PMH resumption token, "
	"not_well_formed) after the items array. --format jsonl prints one "
	"line per item, then one line with the feed's fields and \"items\", "
	"their number.\n\n"
	"A field over 1 MiB is cut there, and an item over 4 MiB or nesting "
	"elements deeper than 256 left out, the other items kept: stderr says "
	"so. Exits 0 when the document was parsed (a document that was not "
	"well-formed is recovered and reported on stderr), 1 when it is not a "
	"feed or cannot be read: the output may then end early, cut inside "
	"the object, and must not be used.",
	parse_opts_table, parse_run,
};
