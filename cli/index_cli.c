/* Shared by the index commands: opening, dates, cleaning text for output. */
#include <stdio.h>
#include <string.h>

#include "../util/jsonw.h"
#include "../util/str.h"
#include "../util/vtime.h"
#include "index_cli.h"

int idx_open(struct cli *cli, unsigned flags, struct store **st)
{
	struct err e = { "" };

	if (store_open(cli->db_path, flags, st, &e) < 0) {
		fprintf(stderr, "veille %s: %s\n", cli->cmd ? cli->cmd->name : "",
			e.msg);
		return VEILLE_FATAL;
	}
	return VEILLE_OK;
}

static int parse_week(const char *s, int end, int64_t *t)
{
	int64_t y, w, jan4, monday;
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
	monday = jan4 - (((jan4 + 3) % 7 + 7) % 7) + (w - 1) * 7;
	*t = (monday + (end ? 7 : 0)) * 86400;
	return 0;
}

int idx_parse_when(const char *s, int end, int64_t now, int64_t *t)
{
	int64_t d;

	if (!s || !*s)
		return -1;
	if (parse_week(s, end, t) == 0)
		return 0;
	if (strlen(s) == 10 && vtime_parse_rfc3339(s, t) == 0) {
		if (end)
			*t += 86400;
		return 0;
	}
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
