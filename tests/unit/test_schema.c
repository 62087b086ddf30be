/* The schema of a new database (index/schema.c's schema_current) against
 * the schema every older database reaches through the migrations: the same
 * tables with the same columns (name, type, NOT NULL, default, primary
 * key), foreign keys and rowid choice, the same indexes on the same
 * columns, and the same views, triggers and virtual tables (their SQL with
 * spacing, case and quoting normalised). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "../../index/store.h"
#include "tap.h"

static char dir[] = "/tmp/veille-schema-XXXXXX";

static const char *path(const char *name)
{
	static char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

struct text {
	char *s;
	size_t n, cap;
};

static void put(struct text *t, const char *s)
{
	size_t k = strlen(s);

	if (t->n + k + 1 > t->cap) {
		t->cap = (t->n + k + 1) * 2;
		t->s = realloc(t->s, t->cap);
		if (!t->s) {
			perror("realloc");
			exit(2);
		}
	}
	memcpy(t->s + t->n, s, k + 1);
	t->n += k;
}

/* SQL as a comparable string: lower case, no quotes around names, runs of
 * blanks as one space, no space inside parentheses or before a comma. */
static void put_sql(struct text *t, const char *sql)
{
	char *o = malloc(strlen(sql) + 1);
	size_t j = 0;
	const char *p;

	if (!o) {
		perror("malloc");
		exit(2);
	}
	for (p = sql; *p; p++) {
		char c = (char)tolower((unsigned char)*p);

		if (c == '"' || c == '`' || c == '[' || c == ']')
			continue;
		if (isspace((unsigned char)c)) {
			if (j == 0 || o[j - 1] == ' ' || o[j - 1] == '(')
				continue;
			c = ' ';
		}
		if ((c == ')' || c == ',' || c == ';') && j > 0 && o[j - 1] == ' ')
			j--;
		o[j++] = c;
	}
	while (j > 0 && (o[j - 1] == ' ' || o[j - 1] == ';'))
		j--;
	o[j] = '\0';
	put(t, o);
	free(o);
}

/* Every row of sql (with ?1 bound to name) as "a|b|c" lines. */
static int put_rows(struct text *t, sqlite3 *db, const char *sql,
		    const char *name)
{
	sqlite3_stmt *s;
	int i, rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		put(t, "    ");
		for (i = 0; i < sqlite3_column_count(s); i++) {
			const char *v = (const char *)sqlite3_column_text(s, i);

			put(t, i ? "|" : "");
			put(t, v ? v : "NULL");
		}
		put(t, "\n");
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A description of the database's schema that two equal schemas share,
 * whatever order and form (CREATE or ALTER) built them. */
static char *describe(const char *file)
{
	struct text t = { NULL, 0, 0 };
	sqlite3 *db;
	sqlite3_stmt *s;

	put(&t, "");
	if (sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, sql"
			       " FROM sqlite_schema ORDER BY type, name", -1, &s,
			       NULL) != SQLITE_OK) {
		sqlite3_close(db);
		free(t.s);
		return NULL;
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(s, 0);
		const char *name = (const char *)sqlite3_column_text(s, 1);
		const char *tbl = (const char *)sqlite3_column_text(s, 2);
		const char *sql = (const char *)sqlite3_column_text(s, 3);
		int virt = sql && strstr(sql, "VIRTUAL TABLE") != NULL;

		put(&t, type);
		put(&t, " ");
		put(&t, name);
		put(&t, " on ");
		put(&t, tbl);
		put(&t, "\n");
		if (strcmp(type, "table") == 0 && !virt) {
			struct text one = { NULL, 0, 0 };

			put_rows(&t, db, "SELECT name, type, \"notnull\","
				 " dflt_value, pk FROM pragma_table_xinfo(?1)"
				 " ORDER BY cid", name);
			put_rows(&t, db, "SELECT \"table\", \"from\", \"to\","
				 " on_update, on_delete FROM"
				 " pragma_foreign_key_list(?1) ORDER BY id, seq",
				 name);
			put(&one, "");
			put_sql(&one, sql ? sql : "");
			put(&t, strstr(one.s, "without rowid") ? "    without rowid\n"
								: "    rowid\n");
			free(one.s);
		} else if (strcmp(type, "index") == 0) {
			put_rows(&t, db, "SELECT seqno, name, \"desc\", coll, key"
				 " FROM pragma_index_xinfo(?1) ORDER BY seqno",
				 name);
			if (sql) {
				put(&t, "    ");
				put_sql(&t, sql);
				put(&t, "\n");
			}
		} else if (sql) {
			put(&t, "    ");
			put_sql(&t, sql);
			put(&t, "\n");
		}
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return t.s;
}

/* The first line where a and b differ, for the test's message. */
static void first_difference(const char *a, const char *b)
{
	int line = 1;

	while (*a && *a == *b) {
		if (*a == '\n')
			line++;
		a++, b++;
	}
	printf("# line %d differs:\n#   new:      %.120s\n#   migrated: %.120s\n",
	       line, a, b);
}

int main(void)
{
	struct store *st;
	struct err e = { "" };
	char *fresh, cmd[300];
	int v;

	if (!mkdtemp(dir)) {
		tap_skip("mkdtemp failed", "schema tests");
		return tap_done();
	}
	OK(store_open(path("new.db"), 0, &st, &e) == 0, "new database: %s", e.msg);
	store_close(st);
	fresh = describe(path("new.db"));
	OK(fresh && strstr(fresh, "table items on items") &&
	   strstr(fresh, "table items_fts on items_fts"),
	   "the new database's schema is read");
	for (v = 1; fresh && v < STORE_SCHEMA_VERSION; v++) {
		char name[32], *old;

		snprintf(name, sizeof name, "v%d.db", v);
		OK(store_create_at_version(path(name), v, &e) == 0,
		   "create version %d: %s", v, e.msg);
		OK(store_open(path(name), 0, &st, &e) == 0, "migrate from %d: %s",
		   v, e.msg);
		store_close(st);
		old = describe(path(name));
		OK(old && strcmp(old, fresh) == 0,
		   "migrated from version %d: the same schema as a new database",
		   v);
		if (old && strcmp(old, fresh) != 0)
			first_difference(fresh, old);
		free(old);
	}
	free(fresh);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
