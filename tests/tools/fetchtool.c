/* Test driver of fetcher/: fetches the URLs given on the command line in one
 * batch and prints one JSON line per result, in the order of the URLs.
 *
 * usage: fetchtool [--etag E] [--lm DATE] [--max-bytes N] [--jobs N]
 *                  [--per-host N] [--timeout S] [--connect-timeout S]
 *                  [--low-speed BYTES:SECONDS] [--max-redirects N] [--file]
 *                  [--stream] [--abort-after BYTES] [--body] URL...
 *        fetchtool --oai-next URL TOKEN | --oai-from URL DATESTAMP
 *        fetchtool --arxiv-page URL START MAX
 * Validators and limits apply to every URL. --stream uses the chunk callback
 * instead of collecting (--abort-after: and asks to stop after BYTES); --body adds the collected body to the JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../fetcher/fetcher.h"
#include "../../util/alloc.h"
#include "../../util/jsonw.h"
#include "../../util/str.h"
#include "../../util/vtime.h"

static uint64_t streamed, abort_after;
static int done_rank[4096], ndone;

static void on_done(void *arg, size_t i, struct fetch_result *r)
{
	(void)arg, (void)r;
	if (i < sizeof done_rank / sizeof done_rank[0])
		done_rank[i] = ndone++;
}

static int count_chunk(void *arg, const char *p, size_t n)
{
	(void)arg, (void)p;
	streamed += n;
	return abort_after && streamed >= abort_after ? -1 : 0;
}

static long num(const char *s)
{
	int64_t v;

	if (!s || str_to_i64(s, -1, INT64_MAX / 2, &v) < 0) {
		fprintf(stderr, "fetchtool: bad number '%s'\n", s ? s : "");
		exit(2);
	}
	return (long)v;
}

int main(int argc, char **argv)
{
	struct fetch_request proto, *reqs;
	struct fetch_result *res;
	struct fetch_options o = { 0, 0, on_done, NULL, NULL };
	struct err e = { "" };
	struct buf out = BUF_INIT;
	int i, n = 0, want_body = 0, rc;

	/* Paging helpers: print the URL and stop. */
	if (argc == 4 && (!strcmp(argv[1], "--oai-next") ||
			  !strcmp(argv[1], "--oai-from"))) {
		char *u = argv[1][6] == 'n' ?
			  fetch_oai_next_url(argv[2], argv[3], &e) :
			  fetch_oai_from_url(argv[2], argv[3], &e);

		if (!u) {
			fprintf(stderr, "fetchtool: %s\n", e.msg);
			return 1;
		}
		puts(u);
		v_free(u);
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "--arxiv-page")) {
		char *u = fetch_arxiv_page_url(argv[2], num(argv[3]), num(argv[4]), &e);

		if (!u) {
			fprintf(stderr, "fetchtool: %s\n", e.msg);
			return 1;
		}
		puts(u);
		v_free(u);
		return 0;
	}
	memset(&proto, 0, sizeof proto);
	reqs = v_calloc((size_t)argc, sizeof *reqs);
	res = v_calloc((size_t)argc, sizeof *res);
	if (!reqs || !res) {
		v_free(reqs);
		v_free(res);
		return 3;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--etag"))
			proto.etag = v, i++;
		else if (!strcmp(a, "--lm"))
			proto.last_modified = v, i++;
		else if (!strcmp(a, "--max-bytes"))
			proto.max_bytes = (size_t)num(v), i++;
		else if (!strcmp(a, "--jobs"))
			o.max_total = (int)num(v), i++;
		else if (!strcmp(a, "--per-host"))
			o.max_per_host = (int)num(v), i++;
		else if (!strcmp(a, "--timeout"))
			proto.timeout = num(v), i++;
		else if (!strcmp(a, "--connect-timeout"))
			proto.connect_timeout = num(v), i++;
		else if (!strcmp(a, "--max-redirects"))
			proto.max_redirects = (int)num(v), i++;
		else if (!strcmp(a, "--low-speed") && v && strchr(v, ':')) {
			char tmp[64];

			str_copy(tmp, v, sizeof tmp);
			*strchr(tmp, ':') = '\0';
			proto.low_speed_bytes = num(tmp);
			proto.low_speed_time = num(strchr(v, ':') + 1);
			i++;
		} else if (!strcmp(a, "--file"))
			proto.allow_file = 1;
		else if (!strcmp(a, "--stream"))
			proto.on_data = count_chunk;
		else if (!strcmp(a, "--abort-after"))
			abort_after = (uint64_t)num(v), proto.on_data = count_chunk, i++;
		else if (!strcmp(a, "--body"))
			want_body = 1;
		else if (a[0] == '-' && a[1] == '-') {
			fprintf(stderr, "fetchtool: unknown option '%s'\n", a);
			return 2;
		} else {
			reqs[n] = proto;
			reqs[n++].url = a;
		}
	}
	rc = fetch_run(&o, reqs, res, (size_t)n, &e);
	if (rc < 0)
		fprintf(stderr, "fetchtool: %s\n", e.msg);
	for (i = 0; i < n; i++) {
		struct jsonw w;
		char t[32];

		buf_reset(&out);
		jsonw_init(&w, &out);
		jsonw_obj(&w);
		jsonw_kstr(&w, "url", reqs[i].url);
		jsonw_kstr(&w, "status", fetch_status_name(res[i].status));
		jsonw_kint(&w, "http", res[i].http_code);
		jsonw_kint(&w, "bytes", (int64_t)(reqs[i].on_data ? streamed :
						 res[i].bytes));
		jsonw_kint(&w, "wire_bytes", (int64_t)res[i].wire_bytes);
		jsonw_kint(&w, "redirects", res[i].redirects);
		jsonw_kint(&w, "done_rank", done_rank[i]);
		jsonw_key(&w, "moved");
		jsonw_bool(&w, res[i].moved_permanently);
		jsonw_kstr(&w, "etag", res[i].etag);
		jsonw_kstr(&w, "last_modified", res[i].last_modified);
		jsonw_kstr(&w, "charset", res[i].charset);
		jsonw_kstr(&w, "content_type", res[i].content_type);
		if (res[i].retry_after) {
			vtime_rfc3339(res[i].retry_after, t, sizeof t);
			jsonw_kstr(&w, "retry_after", t);
			jsonw_kint(&w, "retry_at", res[i].retry_after);
		}
		if (res[i].fresh_until)
			jsonw_kint(&w, "fresh_until", res[i].fresh_until);
		jsonw_kstr(&w, "final_url", res[i].final_url);
		jsonw_kstr(&w, "message", res[i].message[0] ? res[i].message : NULL);
		if (want_body)
			jsonw_kstr(&w, "body", buf_cstr(&res[i].body));
		jsonw_end(&w);
		puts(buf_cstr(&out));
		fetch_result_release(&res[i]);
	}
	buf_release(&out);
	v_free(reqs);
	v_free(res);
	return rc < 0 ? 3 : 0;
}
