/* JSON Feed 1.0 and 1.1, read with SQLite's JSON functions on an in-memory
 * database. This is the one use of sqlite3.h outside index/: SQLite's
 * well-tested JSON reader is already a dependency, where a new library or
 * a hand-written JSON parser would be one more thing to trust with hostile
 * input. No file is opened. */
#include <string.h>

#include <sqlite3.h>

#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/url.h"
#include "../util/utf8.h"
#include "date.h"
#include "html.h"
#include "parser_int.h"

/* A string column, repaired: SQLite's JSON functions pass invalid UTF-8
 * through, and ids and languages go on to the database and to HTML. NULL
 * for no text; *oom set when out of memory, so that no field is dropped
 * silently. */
static char *col(sqlite3_stmt *st, int i, int *oom)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	struct buf b = BUF_INIT;
	char *r;

	if (!t || !*t)
		return NULL;
	if (utf8_repair(&b, (const char *)t, strlen((const char *)t)) < 0) {
		buf_release(&b);
		*oom = 1;
		return NULL;
	}
	if (!(r = buf_detach(&b, NULL)))
		*oom = 1;
	return r;
}

/* url_resolve() that sets *oom when out of memory. */
static char *resolve(const char *base, const char *ref, int *oom)
{
	char *r;

	if (url_resolve_checked(base, ref, &r) < 0)
		*oom = 1;
	return r;
}

/* NULL for no text; *oom set when out of memory, so that no field is
 * dropped silently. */
static char *text_of(const char *s, size_t max, int *oom)
{
	struct buf b;
	char *t;
	int rc;

	if (!s)
		return NULL;
	buf_init(&b, max);
	rc = html_to_text(&b, s, strlen(s));
	if (rc < 0 || b.len == 0) {
		if (rc == BUF_ENOMEM)
			*oom = 1;
		buf_release(&b);
		return NULL;
	}
	if (!(t = buf_detach(&b, NULL)))
		*oom = 1;
	return t;
}

static int array_each(sqlite3 *db, const char *json, const char *sql,
		      struct feed_item *it, int kind, const char *base)
{
	sqlite3_stmt *st;
	int rc, oom = 0;

	if (!json)
		return 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	/* obj is the current row of the outer statement: copied by SQLite */
	sqlite3_bind_text(st, 1, json, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 0);

		if (!a || !*a)
			continue;
		if (kind == 0 || kind == 1) {
			char *v = col(st, 0, &oom);
			int r = v ? kind == 0 ?
				parser_strv_add(&it->authors, &it->nauthors, v) :
				parser_strv_add(&it->categories,
						&it->ncategories, v) : -1;

			v_free(v);
			if (r < 0)
				break;
		} else {
			struct feed_enclosure *ne;
			char *u = resolve(base, a, &oom);

			if (oom)
				break;
			if (!u)
				continue;
			ne = v_reallocarray(it->enclosures, it->nenclosures + 1,
					    sizeof(*ne));
			if (!ne) {
				v_free(u);
				break;
			}
			it->enclosures = ne;
			ne += it->nenclosures++;
			ne->url = u;
			ne->type = col(st, 1, &oom);
			if (oom)
				break;
			ne->length = sqlite3_column_type(st, 2) == SQLITE_NULL ?
				     -1 : sqlite3_column_int64(st, 2);
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void set_date(struct feed_item *it, int64_t *dst, const char *s)
{
	if (!s)
		return;
	if (date_parse(s, dst) < 0) {
		*dst = FEED_NO_DATE;
		it->flags |= FEED_ITEM_DATE_UNREADABLE;
	}
}

int jsonfeed_read(const char *data, size_t len, const struct parse_opts *o,
		  struct feed *meta, feed_item_cb cb, void *ctx, struct err *e)
{
	static const char *const head_sql =
		"SELECT json_valid(?1), json_type(?1), "
		"json_extract(?1,'$.version'), json_extract(?1,'$.title'), "
		"json_extract(?1,'$.home_page_url'), "
		"json_extract(?1,'$.description'), "
		"json_extract(?1,'$.language'), json_type(?1,'$.items')";
	static const char *const item_sql =
		"SELECT json_extract(value,'$.id'), json_extract(value,'$.url'), "
		"json_extract(value,'$.external_url'), "
		"json_extract(value,'$.title'), "
		"json_extract(value,'$.content_html'), "
		"json_extract(value,'$.content_text'), "
		"json_extract(value,'$.summary'), "
		"json_extract(value,'$.date_published'), "
		"json_extract(value,'$.date_modified'), "
		"json_extract(value,'$.author.name'), "
		"json_extract(value,'$.authors'), json_extract(value,'$.tags'), "
		"json_extract(value,'$.attachments'), "
		"json_extract(value,'$.language'), value "
		"FROM json_each(?1,'$.items') WHERE type='object'";
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	const char *base = o ? o->base_url : NULL;
	const char *ver, *type;
	char *feed_key = NULL, *objcopy = NULL;
	int rc = -1, step, oom = 0;

	(void)base;
	if (len > 0x7fffffff)
		return err_set(e, "not a feed: JSON document too large");
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK) {
		err_set(e, "cannot open SQLite for JSON: %s",
			db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(db, head_sql, -1, &st, NULL) != SQLITE_OK) {
		err_set(e, "JSON query: %s", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_text(st, 1, data, (int)len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		err_set(e, "not a feed: invalid JSON document (%s)",
			sqlite3_errmsg(db));
		goto out;
	}
	if (!sqlite3_column_int(st, 0)) {
		err_set(e, "not a feed: invalid JSON document (truncated or "
			"malformed)");
		goto out;
	}
	ver = (const char *)sqlite3_column_text(st, 2);
	type = (const char *)sqlite3_column_text(st, 1);
	if (!ver || !strstr(ver, "jsonfeed.org/version/")) {
		err_set(e, "not a feed: JSON %s without a JSON Feed version",
			type && !strcmp(type, "array") ? "array" : "object");
		goto out;
	}
	meta->format = FEED_FORMAT_JSONFEED;
	meta->title = text_of((const char *)sqlite3_column_text(st, 3), 1 << 16,
			      &oom);
	meta->link = resolve(base, (const char *)sqlite3_column_text(st, 4),
			     &oom);
	meta->description = text_of((const char *)sqlite3_column_text(st, 5),
				    1 << 20, &oom);
	meta->language = col(st, 6, &oom);
	sqlite3_finalize(st);
	st = NULL;
	feed_key = v_strdup(base ? base : meta->title ? meta->title : "");
	if (!feed_key || oom) {
		err_set(e, "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(db, item_sql, -1, &st, NULL) != SQLITE_OK) {
		err_set(e, "JSON query: %s", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_text(st, 1, data, (int)len, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct feed_item it;
		const char *html = (const char *)sqlite3_column_text(st, 4);
		const char *txt = (const char *)sqlite3_column_text(st, 5);
		const char *sum = (const char *)sqlite3_column_text(st, 6);
		const char *link, *obj;
		struct err ce;
		int bad;

		memset(&it, 0, sizeof(it));
		it.published = it.updated = FEED_NO_DATE;
		it.id = col(st, 0, &oom);
		link = (const char *)sqlite3_column_text(st, 1);
		if (!link)
			link = (const char *)sqlite3_column_text(st, 2);
		it.link = resolve(base, link, &oom);
		it.title = text_of((const char *)sqlite3_column_text(st, 3),
				   1 << 16, &oom);
		if (html) {
			struct buf b;

			buf_init(&b, (size_t)1 << 20);
			int hr = html_sanitize(&b, html, strlen(html), base);

			if (hr == BUF_ENOMEM)
				oom = 1;
			else if (hr == 0 && b.len &&
				 !(it.content = buf_detach(&b, NULL)))
				oom = 1;
			buf_release(&b);
		}
		it.summary = text_of(sum ? sum : txt ? txt : html, 1 << 20,
				     &oom);
		if (oom)
			goto item_oom;
		set_date(&it, &it.published,
			 (const char *)sqlite3_column_text(st, 7));
		set_date(&it, &it.updated,
			 (const char *)sqlite3_column_text(st, 8));
		/* 1.1: "authors" replaces the deprecated "author" */
		if (sqlite3_column_type(st, 10) == SQLITE_NULL &&
		    sqlite3_column_text(st, 9) &&
		    parser_strv_add(&it.authors, &it.nauthors,
				    (const char *)sqlite3_column_text(st, 9)) < 0)
			goto item_oom;
		/* on the item itself: a string where an array is expected
		 * ("tags": "a,b") then reads as one value */
		v_free(objcopy);
		objcopy = col(st, 14, &oom);
		obj = objcopy;
		if (oom)
			goto item_oom;
		bad = (sqlite3_column_type(st, 10) != SQLITE_NULL &&
		       array_each(db, obj, "SELECT json_extract(value,'$.name') "
				  "FROM json_each(?1,'$.authors') WHERE "
				  "type='object'", &it, 0, base) < 0) ||
		      (sqlite3_column_type(st, 11) != SQLITE_NULL &&
		       array_each(db, obj, "SELECT value FROM json_each(?1,"
				  "'$.tags') WHERE type='text'",
				  &it, 1, base) < 0) ||
		      (sqlite3_column_type(st, 12) != SQLITE_NULL &&
		       array_each(db, obj, "SELECT json_extract(value,'$.url'), "
				  "json_extract(value,'$.mime_type'), "
				  "json_extract(value,'$.size_in_bytes') FROM "
				  "json_each(?1,'$.attachments') WHERE "
				  "type='object'", &it, 2,
				  base) < 0);
		if (bad)
			goto item_oom;
		it.language = col(st, 13, &oom);
		if (oom || parser_item_finish(&it, feed_key) < 0)
			goto item_oom;
		err_clear(&ce);
		if (cb && cb(ctx, meta, &it, &ce) != 0) {
			feed_item_release(&it);
			err_set(e, "%s", ce.msg[0] ? ce.msg :
				"stopped by the caller");
			goto out;
		}
		feed_item_release(&it);
		continue;
item_oom:
		feed_item_release(&it);
		err_set(e, "out of memory");
		goto out;
	}
	if (step != SQLITE_DONE) {
		err_set(e, "JSON query: %s", sqlite3_errmsg(db));
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	v_free(feed_key);
	v_free(objcopy);
	return rc;
}
