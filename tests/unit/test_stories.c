/* Story merging measured on a labelled set of pairs
 * (tests/data/story-pairs.tsv): each pair is loaded into a fresh database
 * through store_upsert_item(), and the two items must share a story when
 * labelled "same" and must not when labelled "different". Reports
 * precision and recall; a false merge always fails. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../index/store.h"
#include "../../util/vtime.h"
#include "tap.h"

#define NCOLS 12

static int story_of(void *ctx, const struct store_item *it)
{
	*(int64_t *)ctx = it->story_id;
	return 0;
}

static int64_t load(struct store *st, char **c, int64_t now, struct err *e)
{
	struct feed_item it;
	int64_t feed, id, story = 0;
	char url[256];

	snprintf(url, sizeof url, "https://feeds.example/%s", c[0]);
	if (store_feed_ensure(st, c[0], url, "news", NULL, &feed, e) < 0)
		return -1;
	memset(&it, 0, sizeof it);
	it.id = c[2];
	it.title = c[1];
	it.link = c[2];
	it.published = it.updated = FEED_NO_DATE;
	if (*c[3] && vtime_parse_rfc3339(c[3], &it.published) < 0)
		return -1;
	if (!strncmp(c[4], "doi:", 4))
		it.doi = c[4] + 4;
	else if (!strncmp(c[4], "arxiv:", 6))
		it.arxiv_id = c[4] + 6;
	else if (!strncmp(c[4], "hal:", 4))
		it.hal_id = c[4] + 4;
	if (store_upsert_item(st, feed, &it, now, NULL, &id, e) < 0 ||
	    store_get_item(st, id, story_of, &story, e) < 0)
		return -1;
	return story;
}

int main(void)
{
	FILE *f = fopen("tests/data/story-pairs.tsv", "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int tp = 0, fp = 0, fn = 0, tn = 0;
	/* 2026-11-02T00:00:00Z: "now" for items without a date */
	const int64_t now = 1793577600;

	if (!f) {
		tap_skip("tests/data/story-pairs.tsv not found (run from the top)",
			 "story pairs");
		return tap_done();
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		char *c[NCOLS], *p = line;
		struct store *st = NULL;
		struct err e = { "" };
		int64_t s1, s2;
		int i, same, merged;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (line[len - 1] == '\n')
			line[len - 1] = 0;
		for (i = 0; i < NCOLS && p; i++) {
			c[i] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = 0;
		}
		if (i != NCOLS) {
			OK(0, "story pair line has %d columns, expected %d", i, NCOLS);
			continue;
		}
		same = !strcmp(c[0], "same");
		if (store_open(":memory:", 0, &st, &e) < 0) {
			OK(0, "open: %s", e.msg);
			break;
		}
		s1 = load(st, c + 2, now, &e);
		s2 = s1 < 0 ? -1 : load(st, c + 7, now, &e);
		store_close(st);
		if (s1 < 0 || s2 < 0) {
			OK(0, "pair '%s': %s", c[1], e.msg);
			continue;
		}
		merged = s1 == s2;
		tp += same && merged;
		fn += same && !merged;
		fp += !same && merged;
		tn += !same && !merged;
		if (same)
			printf("# %s: %s\n", merged ? "merged" : "MISSED", c[1]);
		else
			OK(!merged, "no false merge: %s", c[1]);
	}
	free(line);
	fclose(f);
	printf("# story merging: precision %.2f, recall %.2f (%d merged right, "
	       "%d missed, %d false merges, %d kept apart)\n",
	       tp + fp ? (double)tp / (tp + fp) : 1.0,
	       tp + fn ? (double)tp / (tp + fn) : 1.0, tp, fn, fp, tn);
	OK(tp + fn > 0 && tp * 10 >= (tp + fn) * 9,
	   "recall at least 0.9 (%d of %d)", tp, tp + fn);
	return tap_done();
}
