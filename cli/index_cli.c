/* Shared by the index commands: opening, dates, cleaning text for output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/jsonw.h"
#include "../util/str.h"
#include "../util/tzone.h"
#include "../util/vtime.h"
#include "index_cli.h"

/* Hands the store the titles the configuration gives feeds, the names
 * people see. A command that does not need the configuration reads it
 * anyway for them, and goes on without a configuration it cannot read or
 * that has errors, but not without one memory ran out on: that would show
 * other names than a whole run. */
static int feed_titles(struct cli *cli, struct store *st, struct err *e)
{
	const struct conf *c = &cli->conf;
	const char **names, **titles;
	size_t i, n = 0;
	int rc;

	if (!cli->conf_loaded)
		cli_read_conf(cli, 0);
	if (c->nomem)
		return err_set(e, "out of memory reading '%s'", cli->config_path);
	names = v_calloc(c->nsections + 1, sizeof *names);
	titles = v_calloc(c->nsections + 1, sizeof *titles);
	if (!names || !titles) {
		v_free(names);
		v_free(titles);
		return err_set(e, "out of memory");
	}
	for (i = 0; i < c->nsections; i++) {
		const struct conf_section *s = &c->sections[i];
		const char *t = conf_get(s, "title");

		if (!strcmp(s->type, "feed") && s->name && t && *t) {
			names[n] = s->name;
			titles[n++] = t;
		}
	}
	rc = store_set_feed_titles(st, names, titles, n, e);
	v_free(names);
	v_free(titles);
	return rc;
}

int idx_open(struct cli *cli, unsigned flags, struct store **st)
{
	struct err e = { "" };

	if (store_open(cli->db_path, flags, st, &e) < 0 ||
	    feed_titles(cli, *st, &e) < 0 ||
	    store_stories_upgrade(*st, &e) < 0) {
		if (*st)
			store_close(*st);
		*st = NULL;
		fprintf(stderr, "veille %s: %s\n", cli->cmd ? cli->cmd->name : "",
			e.msg);
		return VEILLE_FATAL;
	}
	store_set_story_window(*st, conf_duration(conf_find(&cli->conf,
			       "settings", NULL), "story_window", 0));
	return VEILLE_OK;
}

int idx_check_name(struct cli *cli, struct store *st,
		   enum store_name_kind kind, const char *opt, const char *name)
{
	struct buf names = BUF_INIT;
	struct err e = { "" };
	const char **cand = NULL, *hint = NULL;
	size_t n = 0, i;
	int rc = store_name_known(st, kind, name, &names, &e);

	if (rc < 0) {
		fprintf(stderr, "veille %s: %s\n", cli->cmd->name, e.msg);
		buf_release(&names);
		return VEILLE_FATAL;
	}
	if (rc > 0) {
		buf_release(&names);
		return VEILLE_OK;
	}
	for (i = 0; i < names.len; i++)
		n += names.data[i] == 0;
	cand = v_calloc(n + 1, sizeof *cand);
	if (cand) {
		const char *p = names.data;

		for (i = 0; i < n; i++, p += strlen(p) + 1)
			cand[i] = p;
		hint = str_suggest(name, cand);
		/* "cmms" for "cmms-eam": a name it starts */
		for (i = 0; !hint && i < n; i++)
			if (!str_ncasecmp(cand[i], name, strlen(name)))
				hint = cand[i];
	}
	if (hint) {
		cli_usage_error(cli, "--%s '%s': none in the database (did you "
				"mean '%s'?)", opt, name, hint);
	} else if (cand && n && n <= 16) {
		struct buf list = BUF_INIT;

		for (i = 0; i < n; i++)
			if ((i && buf_addstr(&list, ", ") < 0) ||
			    buf_addstr(&list, cand[i]) < 0)
				break;
		cli_usage_error(cli, "--%s '%s': none in the database (known: "
				"%s)", opt, name, buf_cstr(&list));
		buf_release(&list);
	} else {
		cli_usage_error(cli, "--%s '%s': none in the database", opt, name);
	}
	v_free(cand);
	buf_release(&names);
	return VEILLE_USAGE;
}

const char *idx_zone(struct cli *cli)
{
	if (!cli->conf_loaded)
		cli_read_conf(cli, 0);
	return tzone_of(&cli->conf);
}

static int parse_week(const char *s, int64_t *monday)
{
	int64_t y, w, jan4;
	char ys[8], ws[4];

	if (strlen(s) < 7 || strlen(s) > 8 || s[4] != '-' || (s[5] != 'W' && s[5] != 'w'))
		return -1;
	memcpy(ys, s, 4);
	ys[4] = 0;
	str_copy(ws, s + 6, sizeof ws);
	if (str_to_i64(ys, 1970, 9999, &y) < 0 || str_to_i64(ws, 1, 53, &w) < 0)
		return -1;
	/* week 1 holds January 4th */
	jan4 = vtime_days_from_civil(y, 1, 4);
	*monday = jan4 - (((jan4 + 3) % 7 + 7) % 7) + (w - 1) * 7;
	return 0;
}

int idx_parse_when(const char *s, int end, int64_t now, const char *tz,
		   int64_t *t)
{
	int64_t d;

	if (!s || !*s)
		return -1;
	if (parse_week(s, &d) == 0)
		return tzone_midnight(tz, d + (end ? 7 : 0), t, NULL);
	if (strlen(s) == 10 && vtime_parse_rfc3339(s, t) == 0)
		return tzone_midnight(tz, *t / 86400 + (end ? 1 : 0), t, NULL);
	if (vtime_parse_rfc3339(s, t) == 0)
		return 0;
	if (str_to_duration(s, &d) == 0) {
		*t = now - d;
		return 0;
	}
	return -1;
}

int idx_clean(struct buf *out, const char *s, int keep_marks)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int rc = 0;

	for (; *p && rc == 0; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r') {
			rc = buf_addch(out, ' ');
		} else if ((*p == 1 || *p == 2) && keep_marks) {
			rc = buf_addch(out, *p);
		} else if (*p < 0x20 || *p == 0x7f) {
			continue;
		} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			p++;	/* C1 controls, U+0080..U+009F (CSI among them) */
		} else if (*p == 0xe2 &&
			   ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
			    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))) {
			/* bidirectional embeddings, overrides and isolates
			 * (U+202A..U+202E, U+2066..U+2069): a title could
			 * show its text reversed, or hide what follows */
			p += 2;
		} else {
			rc = buf_addch(out, *p);
		}
	}
	return rc;
}

void idx_date(int64_t t, char out[16])
{
	int y, mon, d, h, mi, s;

	vtime_to_utc(t, &y, &mon, &d, &h, &mi, &s);
	snprintf(out, 16, "%04d-%02d-%02d", y, mon, d);
}

void idx_tsv_field(struct buf *out, const char *s)
{
	for (; s && *s; s++)
		buf_addch(out, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

int idx_label_text(struct buf *out, const struct store_label_row *r)
{
	char when[32];

	vtime_rfc3339(r->at, when, sizeof when);
	buf_addf(out, "%c%s by ", r->verdict > 0 ? '+' : '-', r->niche);
	idx_clean(out, r->who, 0);
	buf_addf(out, " at %s", when);
	if (r->note) {
		buf_addstr(out, ": ");
		idx_clean(out, r->note, 0);
	}
	return buf_error(out) ? -1 : 0;
}

void idx_label_json(struct jsonw *w, const struct store_label_row *r)
{
	char when[32];

	vtime_rfc3339(r->at, when, sizeof when);
	jsonw_obj(w);
	jsonw_kstr(w, "niche", r->niche);
	jsonw_kint(w, "verdict", r->verdict);
	jsonw_kstr(w, "who", r->who);
	jsonw_kstr(w, "at", when);
	jsonw_kstr(w, "note", r->note);
	jsonw_end(w);
}

int idx_item_date(struct buf *out, int64_t date, const char *source,
		  int64_t claimed)
{
	char d[16];

	if (date != FEED_NO_DATE) {
		idx_date(date, d);
		return buf_addf(out, "%s (%s)", d, source ? source : "none");
	}
	if (claimed == FEED_NO_DATE)
		return buf_addstr(out, "undated");
	idx_date(claimed, d);
	return buf_addf(out, "undated (claims %s, after its first sighting)",
			d);
}

static void kdate(struct jsonw *w, const char *key, int64_t t)
{
	char d[32];

	jsonw_key(w, key);
	if (t == FEED_NO_DATE) {
		jsonw_null(w);
		return;
	}
	vtime_rfc3339(t, d, sizeof d);
	jsonw_str(w, d);
}

void idx_item_date_json(struct jsonw *w, int64_t date, const char *source,
			int64_t claimed, int64_t first_seen)
{
	kdate(w, "date", date);
	jsonw_kstr(w, "date_source", source ? source : "none");
	if (claimed != FEED_NO_DATE)
		kdate(w, "claimed_date", claimed);
	kdate(w, "first_seen", first_seen);
}

const char *idx_who(void)
{
	static const char *const vars[] = { "VEILLE_USER", "USER", "LOGNAME" };
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return v;
	}
	return "unknown";
}
