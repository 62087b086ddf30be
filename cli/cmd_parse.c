/* veille parse: one feed document to one JSON object, for people and
 * tests. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../parser/parser.h"
#include "../util/jsonw.h"
#include "../util/vtime.h"
#include "cli.h"

#define PARSE_INPUT_MAX ((size_t)256 << 20)

static const struct opt parse_opts_table[] = {
	{ "base", 0, "URL", "the document's URL, to resolve relative links" },
	{ "charset", 0, "NAME", "the charset the server declared" },
	{ NULL, 0, NULL, NULL },
};

static int read_all(const char *path, struct buf *b, struct err *e)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	char chunk[65536];
	size_t n;

	if (!f)
		return err_set(e, "cannot open '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(b, chunk, n) < 0) {
			err_set(e, "'%s' is larger than %zu bytes", path,
				b->max);
			break;
		}
	if (ferror(f) && !e->msg[0])
		err_set(e, "cannot read '%s': %s", path, strerror(errno));
	if (f != stdin)
		fclose(f);
	return e->msg[0] ? -1 : 0;
}

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

static void write_feed(struct jsonw *w, const struct feed *f)
{
	jsonw_obj(w);
	jsonw_kstr(w, "format", feed_format_name(f->format));
	jsonw_kstr(w, "title", f->title);
	jsonw_kstr(w, "link", f->link);
	jsonw_kstr(w, "description", f->description);
	jsonw_kstr(w, "language", f->language);
	jsonw_kstr(w, "resumption_token", f->resumption_token);
	if (f->total_results >= 0)
		jsonw_kint(w, "total_results", f->total_results);
	if (f->not_well_formed) {
		jsonw_key(w, "not_well_formed");
		jsonw_bool(w, 1);
	}
	jsonw_key(w, "items");
	jsonw_arr(w);
	for (size_t i = 0; i < f->nitems; i++)
		write_item(w, &f->items[i]);
	jsonw_end(w);
	jsonw_end(w);
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

static int parse_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct parse_opts po;
	const char *arg, *path;
	struct buf in, out = BUF_INIT;
	struct feed *f = NULL;
	struct opml *ol = NULL;
	struct jsonw w;
	struct err e;
	int o, rc = VEILLE_PARTIAL;

	memset(&po, 0, sizeof(po));
	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0) {
		if (o == 0)
			po.base_url = arg;
		else if (o == 1)
			po.charset = arg;
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
	buf_init(&in, PARSE_INPUT_MAX);
	if (read_all(path, &in, &e) < 0) {
		fprintf(stderr, "veille parse: %s\n", e.msg);
		goto out;
	}
	if (feed_parse(in.data ? in.data : "", in.len, &po, &f, &e) < 0) {
		fprintf(stderr, "veille parse: '%s': %s\n", path, e.msg);
		goto out;
	}
	jsonw_init(&w, &out);
	if (f->format == FEED_FORMAT_OPML) {
		if (opml_parse(in.data, in.len, &po, &ol, &e) < 0) {
			fprintf(stderr, "veille parse: '%s': %s\n", path, e.msg);
			goto out;
		}
		write_opml(&w, ol);
	} else {
		write_feed(&w, f);
	}
	if (jsonw_error(&w)) {
		fprintf(stderr, "veille parse: '%s': output too large\n", path);
		goto out;
	}
	if (f->not_well_formed)
		fprintf(stderr, "veille parse: warning: '%s' is not well-formed "
			"XML (%s); items recovered\n", path,
			f->warning ? f->warning : "unknown error");
	fwrite(out.data, 1, out.len, stdout);
	putchar('\n');
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "veille parse: cannot write output: %s\n",
			strerror(errno));
		rc = VEILLE_FATAL;
		goto out;
	}
	rc = VEILLE_OK;
out:
	feed_free(f);
	opml_free(ol);
	buf_release(&in);
	buf_release(&out);
	opt_release(&st);
	return rc;
}

const struct command cmd_parse = {
	"parse", "FILE|-", "parse one feed document and print it as JSON",
	"Reads one feed document (RSS, RDF, Atom, JSON Feed, OAI-PMH, arXiv "
	"API, or an OPML list) from FILE or the standard input, detects its "
	"format from its content and prints one JSON object: the feed's "
	"fields and its items, dates in RFC 3339 UTC, absent fields omitted. "
	"Exits 0 when the document was parsed (a document that was not "
	"well-formed is recovered and reported on stderr), 1 when it is not a "
	"feed or cannot be read.",
	parse_opts_table, parse_run,
};
