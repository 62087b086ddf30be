/* veille feeds: the health of every feed, from the database. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "index_cli.h"
#include "../util/jsonw.h"
#include "../util/str.h"
#include "../util/vtime.h"

static const struct opt feeds_opts[] = {
	{ "format", 0, "FORMAT", "text (default), json or csv" },
	{ NULL, 0, NULL, NULL }
};

enum ffmt { FF_TEXT, FF_JSON, FF_CSV };

struct ctx {
	enum ffmt fmt;
	struct jsonw w;
	struct buf out;
	int64_t now;
};

static const char *health(const struct store_feed_state *fs)
{
	if (fs->disabled_reason)
		return "disabled";
	if (fs->last_fetch == 0)
		return "new";
	if (fs->consecutive_errors == 0)
		return fs->last_error && !strncmp(fs->last_error, "warning:", 8) ?
		       "warning" : "ok";
	return fs->consecutive_errors >= 3 ? "failing" : "error";
}

static void t3339(int64_t t, char out[32])
{
	if (t <= 0)
		str_copy(out, "", 32);
	else
		vtime_rfc3339(t, out, 32);
}

static int row(void *arg, const struct store_feed_row *r)
{
	struct ctx *c = arg;
	const struct store_feed_state *fs = r->fs;
	char last[32], due[32], ok[32], avg[32];

	t3339(fs->last_fetch, last);
	t3339(fs->last_success, ok);
	t3339(fs->next_due, due);
	snprintf(avg, sizeof avg, "%.1f", r->items_per_week);
	if (c->fmt == FF_JSON) {
		jsonw_obj(&c->w);
		jsonw_kstr(&c->w, "name", fs->name);
		jsonw_kstr(&c->w, "feed_title", r->feed_title);
		jsonw_kstr(&c->w, "url", fs->url);
		/* set when a permanent move made the two differ */
		jsonw_kstr(&c->w, "configured_url", fs->configured_url);
		jsonw_kstr(&c->w, "kind", fs->kind);
		jsonw_kstr(&c->w, "health", health(fs));
		jsonw_kstr(&c->w, "last_fetch", last[0] ? last : NULL);
		jsonw_kstr(&c->w, "last_success", ok[0] ? ok : NULL);
		jsonw_kint(&c->w, "http_code", fs->http_code);
		jsonw_kstr(&c->w, "last_error", fs->last_error);
		jsonw_kint(&c->w, "consecutive_errors", fs->consecutive_errors);
		jsonw_kstr(&c->w, "next_due", due[0] ? due : NULL);
		jsonw_kint(&c->w, "items", r->items);
		jsonw_kint(&c->w, "bytes", fs->bytes);
		/* the last answer's times, milliseconds (null: never
		 * measured) */
		jsonw_key(&c->w, "ttfb_ms");
		if (fs->ttfb_ms >= 0)
			jsonw_int(&c->w, fs->ttfb_ms);
		else
			jsonw_null(&c->w);
		jsonw_key(&c->w, "transfer_ms");
		if (fs->transfer_ms >= 0)
			jsonw_int(&c->w, fs->transfer_ms);
		else
			jsonw_null(&c->w);
		jsonw_key(&c->w, "items_per_week");
		jsonw_double(&c->w, r->items_per_week);
		jsonw_kstr(&c->w, "etag", fs->etag);
		jsonw_kstr(&c->w, "last_modified", fs->last_modified);
		jsonw_kstr(&c->w, "oai_datestamp", fs->oai_datestamp);
		jsonw_kstr(&c->w, "disabled_reason", fs->disabled_reason);
		jsonw_end(&c->w);
		return c->w.rc ? 1 : 0;
	}
	if (c->fmt == FF_CSV) {
		const char *f[] = { fs->name, r->feed_title ? r->feed_title : "",
				    fs->kind, health(fs), ok,
				    fs->last_error ? fs->last_error : "", NULL,
				    due, NULL, NULL, avg,
				    fs->disabled_reason ? fs->disabled_reason : "" };
		char n1[24], n2[24], n3[24];
		size_t i;

		snprintf(n1, sizeof n1, "%d", fs->consecutive_errors);
		snprintf(n2, sizeof n2, "%lld", (long long)r->items);
		snprintf(n3, sizeof n3, "%lld", (long long)fs->bytes);
		f[6] = n1;
		f[8] = n2;
		f[9] = n3;
		for (i = 0; i < sizeof f / sizeof f[0]; i++) {
			if (i && buf_addch(&c->out, ',') < 0)
				return 1;
			if (csv_field(&c->out, f[i]) < 0)
				return 1;
		}
		return buf_addstr(&c->out, "\r\n") < 0;
	}
	if (idx_clean(&c->out, fs->name, 0) < 0 ||
	    (r->feed_title && strcmp(r->feed_title, fs->name) &&
	     (buf_addstr(&c->out, " (") < 0 ||
	      idx_clean(&c->out, r->feed_title, 0) < 0 ||
	      buf_addch(&c->out, ')') < 0)) ||
	    buf_addf(&c->out, "  %s  %s  items %lld (%s/week)  %lld bytes\n",
		     fs->kind, health(fs), (long long)r->items, avg,
		     (long long)fs->bytes) < 0 ||
	    buf_addf(&c->out, "    last success %s  next due %s",
		     ok[0] ? ok : "never", due[0] ? due : "now") < 0 ||
	    (fs->ttfb_ms >= 0 &&
	     buf_addf(&c->out, "  first byte %lld ms, body %lld ms",
		      (long long)fs->ttfb_ms,
		      (long long)(fs->transfer_ms > 0 ? fs->transfer_ms : 0)) < 0) ||
	    buf_addch(&c->out, '\n') < 0)
		return 1;
	if (fs->last_error &&
	    (buf_addf(&c->out, "    last error (%d in a row): ",
		      fs->consecutive_errors) < 0 ||
	     idx_clean(&c->out, fs->last_error, 0) < 0 ||
	     buf_addch(&c->out, '\n') < 0))
		return 1;
	if (fs->configured_url &&
	    (buf_addstr(&c->out, "    moved permanently to ") < 0 ||
	     idx_clean(&c->out, fs->url, 0) < 0 ||
	     buf_addstr(&c->out, "; the configuration still says ") < 0 ||
	     idx_clean(&c->out, fs->configured_url, 0) < 0 ||
	     buf_addch(&c->out, '\n') < 0))
		return 1;
	if (fs->disabled_reason &&
	    (buf_addstr(&c->out, "    disabled: ") < 0 ||
	     idx_clean(&c->out, fs->disabled_reason, 0) < 0 ||
	     buf_addch(&c->out, '\n') < 0))
		return 1;
	return 0;
}

static int feeds_run(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct ctx c;
	struct store *db;
	struct err e;
	const char *arg;
	int o, rc;

	memset(&c, 0, sizeof c);
	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0) {
		if (!strcmp(arg, "json"))
			c.fmt = FF_JSON;
		else if (!strcmp(arg, "csv"))
			c.fmt = FF_CSV;
		else if (strcmp(arg, "text")) {
			rc = cli_usage_error(cli, "--format: expected text, json or csv, got '%s'", arg);
			opt_release(&st);
			return rc;
		}
	}
	if (o != OPT_END || st.nargs > 0) {
		rc = o != OPT_END ? opt_exit(o) :
			cli_usage_error(cli, "unexpected argument '%s'", st.args[0]);
		opt_release(&st);
		return rc;
	}
	opt_release(&st);
	rc = idx_open(cli, STORE_READONLY | STORE_NOCREATE, &db);
	if (rc != VEILLE_OK)
		return rc;
	buf_init(&c.out, (size_t)64 << 20);
	c.now = vtime_now();
	if (c.fmt == FF_JSON) {
		jsonw_init(&c.w, &c.out);
		jsonw_arr(&c.w);
	} else if (c.fmt == FF_CSV) {
		if (buf_addstr(&c.out, "name,feed_title,kind,health,last_success,last_error,"
			       "consecutive_errors,next_due,items,bytes,"
			       "items_per_week,disabled_reason\r\n") < 0) {
			fprintf(stderr, "veille feeds: out of memory\n");
			buf_release(&c.out);
			store_close(db);
			return VEILLE_FATAL;
		}
	}
	o = store_feed_list(db, c.now, row, &c, &e);
	if (o > 0)
		err_set(&e, "out of memory");
	if (c.fmt == FF_JSON) {
		jsonw_end(&c.w);
		if (jsonw_error(&c.w) || buf_addch(&c.out, '\n') < 0) {
			err_set(&e, "out of memory");
			o = -1;
		}
	}
	if (o != 0) {
		fprintf(stderr, "veille feeds: %s\n", e.msg);
		rc = VEILLE_FATAL;
	}
	if (rc == VEILLE_OK)
		fwrite(c.out.data ? c.out.data : "", 1, c.out.len, stdout);
	buf_release(&c.out);
	store_close(db);
	return cli_finish_stdout(rc);
}

const struct command cmd_feeds = {
	"feeds", NULL, "list the feeds with their health",
	"Lists every feed the database knows, by name (the id) with its title "
	"(the name people see: the title of its section in the configuration, "
	"else the feed's own, else its name): its kind, health (new, "
	"ok, warning when its last document was not well-formed, perhaps cut "
	"short: its items kept, fetched whole next time; or when a field over "
	"1 MiB was cut, or an item over 4 MiB or nesting elements deeper than "
	"256 left out, the others kept (-v with fetch says so too); error, "
	"failing after "
	"three errors in a row, disabled), the time of "
	"the last success, the last error and how many in a row, when it is due "
	"next, how long its last answer took (to its first byte, then its "
	"body: the crawl starts the slowest hosts first), its items, the size "
	"of its last body, the average of new items "
	"per week over the last four weeks and why it is disabled. A feed "
	"that moved permanently (301/308 on three runs in a row) is fetched "
	"from its new address, shown with the one the configuration still "
	"gives, until its url is edited. CSV follows RFC 4180.",
	feeds_opts, feeds_run,
};
