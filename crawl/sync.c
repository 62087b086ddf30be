/* The configuration's feeds into the database: new ones added, removed
 * or disabled ones kept but disabled, a changed url making the feed start
 * afresh. */
#include <stdio.h>
#include <string.h>

#include "crawl_int.h"
#include "../util/alloc.h"

#define REASON_REMOVED "removed from the configuration"
#define REASON_DISABLED "enabled = no in the configuration"

int crawl_listed(const struct crawl_opts *o, const char *name)
{
	size_t i;

	for (i = 0; i < o->nnames; i++)
		if (!strcmp(o->names[i], name))
			return 1;
	return 0;
}

struct names {
	char **v;
	size_t n;
	int oom;
};

static int collect_removed(void *ctx, const struct store_feed_row *r)
{
	struct names *nm = ((void **)ctx)[0];
	const struct conf *c = ((void **)ctx)[1];
	char **v;

	if (conf_find(c, "feed", r->fs->name) || r->fs->disabled_reason)
		return 0;
	v = v_reallocarray(nm->v, nm->n + 1, sizeof *v);
	if (!v || !(v[nm->n] = v_strdup(r->fs->name))) {
		if (v)
			nm->v = v;
		nm->oom = 1;
		return 1;
	}
	nm->v = v;
	nm->n++;
	return 0;
}

static int set_disabled(struct store *db, const char *name, const char *reason,
			struct err *e)
{
	struct store_feed_state fs;
	int rc = store_feed_get(db, name, &fs, e);

	if (rc <= 0)
		return rc;
	if (crawl_set_str(&fs.disabled_reason, reason) < 0)
		rc = err_set(e, "out of memory");
	else
		rc = store_feed_update(db, &fs, e);
	store_feed_state_release(&fs);
	return rc;
}

int crawl_sync(struct crawl *cr, struct err *e)
{
	struct names nm = { NULL, 0, 0 };
	void *ctx[2] = { &nm, cr->c };
	size_t i;
	int rc = 0;

	if (store_begin(cr->db, e) < 0)
		return -1;
	for (i = 0; i < cr->c->nsections && rc == 0; i++) {
		const struct conf_section *s = &cr->c->sections[i];
		struct store_feed_state fs;
		const char *url, *kind, *lang, *reason;
		int64_t id;
		int found, changed, caught_up;

		if (strcmp(s->type, "feed"))
			continue;
		url = conf_str(s, "url", "");
		kind = conf_str(s, "kind", "news");
		lang = conf_str(s, "language", NULL);
		found = store_feed_get(cr->db, s->name, &fs, e);
		if (found < 0) {
			rc = -1;
			break;
		}
		/* What the configuration said last time: a feed moved by
		 * the server is fetched from its new address until the
		 * operator edits its url (to the new one or to another). */
		changed = found && strcmp(fs.configured_url ? fs.configured_url :
					  fs.url, url);
		caught_up = changed && fs.redirects == CRAWL_MOVED_MARK &&
			    !strcmp(fs.url, url);
		if (store_feed_ensure(cr->db, s->name, url, kind, lang, &id, e) < 0) {
			store_feed_state_release(&fs);
			rc = -1;
			break;
		}
		if (!found)
			rc = store_feed_get(cr->db, s->name, &fs, e) < 0 ? -1 : 0;
		if (rc < 0)
			break;
		reason = fs.disabled_reason;
		if (caught_up) {
			fs.redirects = 0;	/* the operator caught up */
		} else if (changed) {
			if (!cr->o->quiet)
				fprintf(stderr, "fetch '%s': url changed in the configuration, now %s\n",
					s->name, url);
			crawl_set_str(&fs.etag, NULL);
			crawl_set_str(&fs.last_modified, NULL);
			crawl_set_str(&fs.oai_datestamp, NULL);
			fs.redirects = 0;
			fs.next_due = 0;
		}
		if (!conf_bool(s, "enabled", 1)) {
			if (!reason && crawl_set_str(&fs.disabled_reason, REASON_DISABLED) < 0)
				rc = err_set(e, "out of memory");
		} else if (reason && (!strcmp(reason, REASON_DISABLED) ||
				      !strcmp(reason, REASON_REMOVED) ||
				      crawl_listed(cr->o, s->name))) {
			crawl_set_str(&fs.disabled_reason, NULL);
			if (crawl_listed(cr->o, s->name))
				fs.consecutive_errors = 0;
		}
		if (rc == 0)
			rc = store_feed_update(cr->db, &fs, e);
		store_feed_state_release(&fs);
	}
	if (rc == 0) {
		rc = store_feed_list(cr->db, cr->o->now, collect_removed, ctx, e);
		if (nm.oom)
			rc = err_set(e, "out of memory");
	}
	for (i = 0; i < nm.n; i++) {
		if (rc == 0)
			rc = set_disabled(cr->db, nm.v[i], REASON_REMOVED, e);
		v_free(nm.v[i]);
	}
	v_free(nm.v);
	if (rc < 0) {
		store_rollback(cr->db, NULL);
		return -1;
	}
	return store_commit(cr->db, e);
}
