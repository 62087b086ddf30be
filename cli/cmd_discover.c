/* veille discover: list the feeds an HTML page advertises. */
#include <stdio.h>
#include <string.h>

#include "../fetcher/fetcher.h"
#include "../parser/discover.h"
#include "../util/jsonw.h"
#include "../util/str.h"
#include "../util/url.h"
#include "cli.h"

/* A page is small; a bigger answer is not a home page. */
#define DISCOVER_MAX_BYTES ((size_t)4 << 20)

static const struct opt discover_opts[] = {
	{ "format", 'f', "FORMAT", "text (default), json (one object per line) or csv" },
	{ "timeout", 0, "SECONDS", "give up on the page after this long (default 60)" },
	{ NULL, 0, NULL, NULL },
};

enum fmt { FMT_TEXT, FMT_JSON, FMT_CSV };

static void print_link(enum fmt f, const struct parser_feed_link *l)
{
	struct buf b = BUF_INIT;

	if (f == FMT_JSON) {
		struct jsonw w;

		jsonw_init(&w, &b);
		jsonw_obj(&w);
		jsonw_kstr(&w, "url", l->url);
		jsonw_kstr(&w, "type", l->type);
		jsonw_key(&w, "title");
		jsonw_str(&w, l->title);
		jsonw_end(&w);
	} else if (f == FMT_CSV) {
		csv_field(&b, l->url);
		buf_addch(&b, ',');
		csv_field(&b, l->type);
		buf_addch(&b, ',');
		csv_field(&b, l->title ? l->title : "");
	} else {
		size_t i;

		buf_addf(&b, "%s\t%s\t", l->url, l->type);
		/* Titles come from the page: no control characters reach
		 * the terminal. */
		for (i = 0; l->title && l->title[i]; i++)
			buf_addch(&b, (unsigned char)l->title[i] < 0x20 ||
					      l->title[i] == 0x7f ? ' ' : l->title[i]);
	}
	puts(buf_cstr(&b));
	buf_release(&b);
}

/* Whether a Content-Type says the page is itself a feed. */
static const char *self_feed_type(const char *ct)
{
	static const char *const types[] = {
		"application/rss+xml", "application/atom+xml",
		"application/feed+json", "application/rdf+xml", NULL };
	const char *const *t;

	for (t = types; ct && *t; t++)
		if (!str_ncasecmp(ct, *t, strlen(*t)))
			return *t;
	return NULL;
}

static int discover_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct fetch_request req;
	struct fetch_result res;
	struct parser_feed_links links = { NULL, 0 };
	struct err e = { "" };
	const char *arg, *url, *self;
	enum fmt f = FMT_TEXT;
	int64_t timeout = 60;
	size_t i;
	int o, rc;

	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0) {
		if (o == 0) {
			if (!strcmp(arg, "text"))
				f = FMT_TEXT;
			else if (!strcmp(arg, "json"))
				f = FMT_JSON;
			else if (!strcmp(arg, "csv"))
				f = FMT_CSV;
			else {
				rc = cli_usage_error(cli, "unknown format '%s' (text, json or csv)", arg);
				opt_release(&st);
				return rc;
			}
		} else if (o == 1 && str_to_i64(arg, 1, 3600, &timeout) < 0) {
			rc = cli_usage_error(cli, "invalid time-out '%s' (1 to 3600 seconds)", arg);
			opt_release(&st);
			return rc;
		}
	}
	if (o != OPT_END) {
		opt_release(&st);
		return opt_exit(o);
	}
	if (st.nargs != 1) {
		rc = cli_usage_error(cli, st.nargs ? "unexpected argument '%s'" :
				     "expected a page URL%s", st.nargs ? st.args[1] : "");
		opt_release(&st);
		return rc;
	}
	url = st.args[0];
	if (url_check_http(url, &e) < 0) {
		rc = cli_usage_error(cli, "%s", e.msg);
		opt_release(&st);
		return rc;
	}
	memset(&req, 0, sizeof req);
	req.url = url;
	req.max_bytes = DISCOVER_MAX_BYTES;
	req.timeout = (long)timeout;
	if (fetch_one(&req, &res, &e) < 0) {
		fprintf(stderr, "veille discover: %s\n", e.msg);
		fetch_result_release(&res);
		opt_release(&st);
		return VEILLE_FATAL;
	}
	if (res.status != FETCH_OK && res.status != FETCH_MOVED_PERMANENTLY) {
		fprintf(stderr, "veille discover: %s\n", res.message[0] ? res.message :
			fetch_status_name(res.status));
		fetch_result_release(&res);
		opt_release(&st);
		return VEILLE_FATAL;
	}
	rc = VEILLE_OK;
	if (f == FMT_CSV)
		puts("url,type,title");
	self = self_feed_type(res.content_type);
	if (self) {
		struct parser_feed_link l = { res.final_url, (char *)(uintptr_t)self, NULL };

		print_link(f, &l);
	} else if (parser_discover_feeds(res.body.data ? res.body.data : "",
					 res.body.len, res.final_url, &links, &e) < 0) {
		fprintf(stderr, "veille discover: %s\n", e.msg);
		rc = VEILLE_FATAL;
	} else {
		for (i = 0; i < links.n; i++)
			print_link(f, &links.v[i]);
		if (links.n == 0)
			fprintf(stderr, "veille discover: no feed advertised by '%s'\n",
				res.final_url);
	}
	parser_feed_links_release(&links);
	fetch_result_release(&res);
	opt_release(&st);
	return cli_finish_stdout(rc);
}

const struct command cmd_discover = {
	"discover", "URL", "list the feeds a web page advertises",
	"Fetches the HTML page at URL (http or https, redirects followed under "
	"the same rules as the crawl) and prints each feed it advertises with "
	"<link rel=\"alternate\"> and an RSS, Atom or JSON Feed type: its "
	"absolute URL, type and title, one per line. When URL is itself a "
	"feed, it is printed alone. Prints nothing, with a note on stderr, when "
	"the page advertises none.\n\n"
	"Exits 0 on success (even when no feed is found), 2 on a usage error "
	"and 3 when the page cannot be fetched or parsed.",
	discover_opts, discover_run,
};
