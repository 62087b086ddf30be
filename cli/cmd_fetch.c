/* veille fetch: the nightly crawl's options and how its run report is
 * printed. The crawl itself is crawl/: feeds due are fetched concurrently,
 * parsed and classified, and each page is stored in its own transaction as
 * soon as it completes, so a crash loses at most the pages in flight. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "index_cli.h"
#include "../crawl/crawl.h"
#include "../util/alloc.h"
#include "../util/log.h"
#include "../util/str.h"
#include "../util/vtime.h"

static const struct opt fetch_opts[] = {
	{ "all", 'a', NULL, "fetch every enabled feed, due or not" },
	{ "feed", 'f', "NAME", "fetch this feed now (repeatable; re-enables it)" },
	{ "jobs", 'j', "N", "transfers at once (default [settings] jobs or 16)" },
	{ "wait", 'w', "SECONDS", "wait that long for another fetch to finish (default 0)" },
	{ "format", 0, "FORMAT", "text (default) or json: a run report on stdout" },
	{ "threads", 't', "N", "worker threads decoding, parsing and classifying "
	  "pages, beside one transferring them (default [settings] threads, else "
	  "one per processor; 0: none, all in the main thread)" },
	{ NULL, 0, NULL, NULL }
};

static int fetch_run_cmd(struct cli *cli, int argc, char **argv)
{
	struct opt_state st;
	struct crawl_opts po;
	struct crawl_report rep;
	struct store *db = NULL;
	struct err e;
	const char **names = NULL;
	const char *arg, *format = "text";
	int o, rc, lockfd = -1;
	size_t nnames = 0;
	long wait = 0;
	int64_t v, threads = -1;

	memset(&po, 0, sizeof po);
	opt_init(&st, cli, argc, argv);
	while ((o = opt_next(&st, &arg)) >= 0) {
		switch (o) {
		case 0:
			po.all = 1;
			break;
		case 1: {
			const char **n = v_reallocarray(names, nnames + 1,
							sizeof *names);
			if (!n) {
				v_free(names);
				opt_release(&st);
				fprintf(stderr, "veille fetch: out of memory\n");
				return VEILLE_FATAL;
			}
			names = n;
			names[nnames++] = arg;
			break;
		}
		case 2:
			if (str_to_i64(arg, 1, 1000, &v) < 0) {
				rc = cli_usage_error(cli, "--jobs: expected 1..1000, got '%s'", arg);
				goto usage;
			}
			po.jobs = (int)v;
			break;
		case 3:
			if (str_to_i64(arg, 0, 86400, &v) < 0) {
				rc = cli_usage_error(cli, "--wait: expected seconds 0..86400, got '%s'", arg);
				goto usage;
			}
			wait = (long)v;
			break;
		case 4:
			if (strcmp(arg, "text") && strcmp(arg, "json")) {
				rc = cli_usage_error(cli, "--format: expected text or json, got '%s'", arg);
				goto usage;
			}
			format = arg;
			break;
		case 5:
			if (str_to_i64(arg, 0, 64, &v) < 0) {
				rc = cli_usage_error(cli, "--threads: expected 0..64, got '%s'", arg);
				goto usage;
			}
			threads = v;
			break;
		}
	}
	if (o != OPT_END) {
		rc = opt_exit(o);
		goto usage;
	}
	if (st.nargs > 0) {
		rc = cli_usage_error(cli, "unexpected argument '%s'", st.args[0]);
		goto usage;
	}
	rc = cli_load_conf(cli);
	if (rc != VEILLE_OK)
		goto usage;
	po.names = names;
	po.nnames = nnames;
	po.config_path = cli->config_path;
	po.now = vtime_now();
	po.quiet = cli->verbosity < 0;
	po.verbose = cli->verbosity > 0;
	if (threads < 0)
		threads = conf_int(conf_find(&cli->conf, "settings", NULL), "threads",
				   (int64_t)crawl_default_threads());
	po.threads = (unsigned)(threads > 64 ? 64 : threads);
	if (crawl_check_names(&cli->conf, names, nnames, &e) < 0) {
		fprintf(stderr, "veille fetch: %s\n", e.msg);
		rc = VEILLE_USAGE;
		goto usage;
	}
	opt_release(&st);
	if (crawl_lock(cli->db_path, wait, &lockfd, &e) < 0) {
		fprintf(stderr, "veille fetch: %s\n", e.msg);
		v_free(names);
		return VEILLE_FATAL;
	}
	rc = idx_open(cli, 0, &db);
	if (rc != VEILLE_OK) {
		close(lockfd);
		v_free(names);
		return rc;
	}
	rc = crawl_run(&cli->conf, db, &po, &rep, &e);
	progress_done();
	if (rc == CRAWL_CONFIG) {
		size_t i;

		for (i = 0; i < cli->conf.nerrors; i++)
			fprintf(stderr, "%s\n", cli->conf.errors[i]);
		fprintf(stderr, "veille fetch: %s\n", e.msg);
		rc = VEILLE_USAGE;
	} else if (rc == CRAWL_FATAL) {
		fprintf(stderr, "veille fetch: %s\n", e.msg);
		rc = VEILLE_FATAL;
	} else {
		if (!strcmp(format, "json"))
			fputs(buf_cstr(&rep.json), stdout);
		if (!po.quiet)
			fprintf(stderr, "%s\n", buf_cstr(&rep.summary));
		rc = rep.failed ? VEILLE_PARTIAL : VEILLE_OK;
	}
	crawl_report_release(&rep);
	store_close(db);
	close(lockfd);
	v_free(names);
	return cli_finish_stdout(rc);
usage:
	opt_release(&st);
	v_free(names);
	return rc;
}

const struct command cmd_fetch = {
	"fetch", NULL, "fetch the feeds that are due, classify and store their items",
	"Synchronises the feeds of the configuration with the database (new "
	"feeds are added, removed ones are kept but disabled), then fetches "
	"every enabled feed whose next fetch is due, several at once, each "
	"request conditional (ETag, Last-Modified). Each feed is parsed as it "
	"arrives, its items classified into niches, and it is stored in its "
	"own transaction as soon as it is complete: an interrupted run loses at "
	"most the feeds in flight and the next run resumes.\n\n"
	"A feed is due once its interval less an eighth of it (at most 3 "
	"hours) has passed since it was fetched, so a nightly run that starts "
	"a little earlier than the night before (a clock change, a longer "
	"crawl, a timer's jitter) still fetches the daily feeds. A failing "
	"feed is retried later and later (doubling from its interval up to "
	"[settings] max_backoff, with the same slack), never before a "
	"Retry-After the server gave (honoured up to 14 days; a longer one is "
	"cut to 14 days and said so) or a cache lifetime (up to max_backoff). "
	"'veille feeds' shows when each feed is due. Transfers start with the "
	"hosts that have the most expected time left (each feed's last response "
	"time, kept in the database; on a first run, the number of feeds due), "
	"at most [settings] per_host at once per host, and a host's connections "
	"are kept for its next feeds. A feed answering 410 Gone is disabled until "
	"fetched again with --feed. A feed moved permanently (301/308) three "
	"runs in a row is fetched at its new address from then on; the "
	"configuration file is never rewritten, so update its url. OAI-PMH "
	"feeds follow resumption tokens (max_pages, default 10) and later "
	"harvest from the last datestamp; arXiv API feeds are paged until an "
	"item already known.\n\n"
	"A feed that republishes its archive under new ids (a CMS migration) "
	"floods no digest: within one feed, an item whose guid and link are "
	"new but whose title and date are those of an item of the same feed "
	"that has left the document is that item moved. The stored item takes "
	"the new guid and link and keeps its first sighting, its story and "
	"the digests that carried it, and the run says \"fetch 'NAME': N "
	"items republished under new ids\" (even with -q). Only whole "
	"documents are compared: not paged harvests, nor documents cut short "
	"or over max_items.\n\n"
	"Only one fetch runs at a time per database (a lock file beside it); "
	"a second one exits 3 unless --wait gives it time. Exit status: 0 when "
	"every feed fetched was fine, 1 when some failed (the others are "
	"stored), 2 on a configuration error, 3 when nothing could be done.",
	fetch_opts, fetch_run_cmd,
};
