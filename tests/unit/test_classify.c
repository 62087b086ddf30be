/* Unit tests of classify/: rule options, folding, title weighting,
 * exclusions, thresholds, limits, evidence and the fingerprint. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../classify/classify.h"
#include "../../util/alloc.h"
#include "../../util/conf.h"
#include "tap.h"

static struct conf conf;

/* Compiles text as a configuration; NULL when it does not load. */
static struct classifier *rules(const char *text)
{
	struct err e;

	conf_release(&conf);
	conf_init(&conf);
	if (conf_load_string(&conf, "t.conf", text) < 0)
		return NULL;
	return classify_new(&conf, &e);
}

static const struct classify_group *group(const struct classify_result *r,
					  const char *id)
{
	size_t i;

	for (i = 0; i < r->ngroups; i++)
		if (!strcmp(r->groups[i].id, id))
			return &r->groups[i];
	return NULL;
}

/* Classifies and returns the group id's score, or -1 when absent; *in gets
 * its in flag. */
static int score(const struct classifier *cl, const char *title,
		 const char *summary, const char *content, const char *id,
		 int *in)
{
	struct classify_input ci = { title, summary, content };
	struct classify_result r;
	const struct classify_group *g;
	struct err e;
	int s = -1;

	*in = 0;
	if (classify_item(cl, &ci, &r, &e) == 0 && (g = group(&r, id))) {
		s = g->score;
		*in = g->in;
	}
	classify_result_release(&r);
	return s;
}

static void test_folding(void)
{
	struct classifier *cl = rules("[niche pdm]\nmatch = maintenance predictive\n");
	static const char *const forms[] = {
		"maintenance prédictive", "MAINTENANCE PREDICTIVE",
		"maintenance predictive", "Maintenance Prédictive",
		"MAINTENANCE PRÉDICTIVE",
	};
	size_t i;
	int in;

	OK(cl != NULL, "folding: rules compile");
	if (!cl)
		return;
	for (i = 0; i < sizeof forms / sizeof *forms; i++)
		OK(score(cl, NULL, forms[i], NULL, "pdm", &in) == 1 && in,
		   "folding: '%s' matches 'maintenance predictive'", forms[i]);
	OK(score(cl, NULL, "maintenance corrective", NULL, "pdm", &in) == -1,
	   "folding: other text does not match");
	classify_free(cl);
}

static void test_weights_fields(void)
{
	struct classifier *cl = rules(
		"[niche n]\n"
		"match = vibration weight=3\n"
		"match = thermograph field=title\n"
		"match = oil analysis field=summary weight=2\n"
		"match = ultrasound field=content\n"
		"match = bearing field=any\n");
	int in;

	OK(cl != NULL, "options: rules with weight= and field= compile");
	if (!cl)
		return;
	OK(score(cl, NULL, "vibration", NULL, "n", &in) == 3,
	   "weight=3 in the summary scores 3");
	OK(score(cl, "Vibration", NULL, NULL, "n", &in) == 6,
	   "weight=3 in the title scores 3 x %d", CLASSIFY_TITLE_FACTOR);
	OK(score(cl, "vibration", "vibration", "vibration", "n", &in) == 6,
	   "a rule counts once per item (title wins)");
	OK(score(cl, NULL, "vibration vibration vibration", NULL, "n", &in) == 3,
	   "repeated matches in a field count once");
	OK(score(cl, "thermography", NULL, NULL, "n", &in) == 2,
	   "field=title matches the title");
	OK(score(cl, NULL, "thermography", "thermography", "n", &in) == -1,
	   "field=title ignores summary and content");
	OK(score(cl, NULL, "oil analysis", NULL, "n", &in) == 2,
	   "field=summary matches the summary");
	OK(score(cl, "oil analysis", NULL, "oil analysis", "n", &in) == -1,
	   "field=summary ignores title and content");
	OK(score(cl, NULL, NULL, "ultrasound", "n", &in) == 1,
	   "field=content matches the content");
	OK(score(cl, "ultrasound", "ultrasound", NULL, "n", &in) == -1,
	   "field=content ignores title and summary");
	OK(score(cl, NULL, NULL, "bearing", "n", &in) == 1 &&
	   score(cl, "bearing", NULL, NULL, "n", &in) == 2,
	   "field=any matches every field");
	OK(score(cl, "bearing", "vibration", "ultrasound", "n", &in) == 6,
	   "rules add up: 2 + 3 + 1");
	classify_free(cl);
}

static void test_threshold_exclude(void)
{
	struct classifier *cl = rules(
		"[niche ai]\n"
		"match = machine learning\n"
		"match = sensor\n"
		"exclude = chatbot\n"
		"threshold = 2.5\n"
		"[sector energy]\n"
		"match = wind turbine\n");
	struct classify_input ci = { "Chatbot uses machine learning", "sensor", NULL };
	struct classify_result r;
	const struct classify_group *g;
	struct err e;
	int in;

	OK(cl != NULL, "threshold and exclude compile");
	if (!cl)
		return;
	OK(score(cl, NULL, "machine learning", NULL, "ai", &in) == 1 && !in,
	   "below the threshold: scored but not in");
	OK(score(cl, NULL, "machine learning sensor", NULL, "ai", &in) == 2 && !in,
	   "2 < 2.5: not in");
	OK(score(cl, "machine learning", "sensor", NULL, "ai", &in) == 3 && in,
	   "3 >= 2.5: in");
	OK(classify_item(cl, &ci, &r, &e) == 0, "classify an excluded item");
	g = group(&r, "ai");
	OK(g && g->score == 3 && !g->in, "an exclusion keeps the item out "
	   "whatever the score");
	OK(g && g->nev == 3 && g->ev[2].kind == CLASSIFY_EV_EXCLUDE &&
	   g->ev[2].field == CLASSIFY_TITLE && !strcmp(g->ev[2].text, "Chatbot") &&
	   g->ev[2].offset == 0, "the exclusion is in the evidence");
	classify_result_release(&r);
	OK(score(cl, NULL, "Wind turbine gearbox", NULL, "energy", &in) == 1 && in,
	   "sectors use the same rules");
	classify_free(cl);
}

static void test_evidence(void)
{
	struct classifier *cl = rules(
		"[niche pdm]\n"
		"match = maintenance predictive weight=2\n"
		"match = \\brul\\b\n"
		"[niche c]\n"
		"match = coeur de\n");
	struct classify_input ci = {
		"La Maintenance Prédictive", "Estimer la RUL en zone rurale",
		"Le cœur de métier"
	};
	struct classify_result r;
	const struct classify_group *g;
	struct buf b = BUF_INIT;
	struct err e;

	OK(cl != NULL, "evidence rules compile");
	if (!cl)
		return;
	OK(classify_item(cl, &ci, &r, &e) == 0, "classify for evidence");
	g = group(&r, "pdm");
	OK(g && g->in && g->score == 5 && g->nev == 2, "evidence: score 4 + 1");
	if (g && g->nev == 2) {
		STREQ(g->ev[0].text, "Maintenance Prédictive",
		      "evidence: matched text as written, accents kept");
		OK(g->ev[0].offset == 3 && g->ev[0].field == CLASSIFY_TITLE &&
		   g->ev[0].rule == 0 && g->ev[0].weight == 2 &&
		   g->ev[0].points == 4, "evidence: offset, field, rule, points");
		STREQ(g->ev[0].pattern, "maintenance predictive",
		      "evidence: the pattern");
		STREQ(g->ev[1].text, "RUL", "evidence: \\brul\\b matches RUL");
		OK(g->ev[1].offset == 11 && g->ev[1].field == CLASSIFY_SUMMARY,
		   "evidence: offset in the summary, not 'rurale'");
	}
	g = group(&r, "c");
	OK(g && g->nev == 1 && !strcmp(g->ev[0].text, "cœur de") &&
	   g->ev[0].offset == 3, "evidence: 'œ' folds to 'oe' and maps back");
	OK(classify_result_json(cl, &r, &b) == 0, "result as JSON");
	{
		char want[1024];

		snprintf(want, sizeof want,
			 "{\"fingerprint\":\"%s\",\"niches\":[{\"niche\":\"pdm\","
			 "\"score\":5,\"threshold\":1,\"in\":true,\"evidence\":["
			 "{\"kind\":\"match\",\"rule\":0,\"pattern\":\"maintenance "
			 "predictive\",\"field\":\"title\",\"text\":\"Maintenance "
			 "Prédictive\",\"offset\":3,\"weight\":2,\"points\":4},"
			 "{\"kind\":\"match\",\"rule\":1,\"pattern\":\"\\\\brul\\\\b\","
			 "\"field\":\"summary\",\"text\":\"RUL\",\"offset\":11,"
			 "\"weight\":1,\"points\":1}]},{\"niche\":\"c\",\"score\":1,"
			 "\"threshold\":1,\"in\":true,\"evidence\":[{\"kind\":"
			 "\"match\",\"rule\":0,\"pattern\":\"coeur de\",\"field\":"
			 "\"content\",\"text\":\"cœur de\",\"offset\":3,\"weight\":1,"
			 "\"points\":1}]}],\"sectors\":[]}",
			 classify_fingerprint(cl));
		STREQ(buf_cstr(&b), want, "result JSON");
	}
	buf_release(&b);
	g = group(&r, "c");
	OK(g && classify_group_json(g, &b) == 0, "one group as JSON");
	STREQ(buf_cstr(&b), "[{\"rule\":0,\"field\":\"content\",\"text\":"
	      "\"cœur de\",\"offset\":3,\"points\":1}]",
	      "one group's JSON: the evidence the store keeps");
	buf_release(&b);
	classify_result_release(&r);
	classify_free(cl);
}

static void test_cooccurrence(void)
{
	struct classifier *cl = rules(
		"[niche ai]\n"
		"match = (?s)^(?=.*?(machine learning))(?=.*?(sensors?)) weight=3\n"
		"threshold = 3\n");
	struct classify_input ci = { NULL, "Sensor data and Machine Learning", NULL };
	struct classify_result r;
	const struct classify_group *g;
	struct err e;
	int in;

	OK(cl != NULL, "co-occurrence rule compiles");
	if (!cl)
		return;
	OK(score(cl, NULL, "machine learning", NULL, "ai", &in) == -1,
	   "co-occurrence: one term alone does not match");
	OK(classify_item(cl, &ci, &r, &e) == 0 && (g = group(&r, "ai")) &&
	   g->in && g->nev == 1 && !strcmp(g->ev[0].text, "Machine Learning") &&
	   g->ev[0].offset == 16,
	   "co-occurrence: evidence is the first capture, not the empty match");
	classify_result_release(&r);
	classify_free(cl);
}

static void test_limits(void)
{
	struct classifier *cl = rules(
		"[niche p]\n"
		"match = (a|aa)+$\n"
		"match = (a+)+$\n"
		"match = b$ weight=2\n");
	struct classify_input ci = { NULL, NULL, NULL };
	struct classify_result r;
	const struct classify_group *g;
	char *s = v_malloc(30002);
	struct err e;

	OK(cl != NULL && s != NULL, "pathological rules compile");
	if (!cl || !s) {
		classify_free(cl);
		v_free(s);
		return;
	}
	memset(s, 'a', 30000);
	s[30000] = 'b';
	s[30001] = '\0';
	ci.summary = s;
	OK(classify_item(cl, &ci, &r, &e) == 0,
	   "a rule hitting the match limit is not fatal");
	g = group(&r, "p");
	OK(r.nlimits == 2, "both limit hits are counted (%zu)", r.nlimits);
	OK(g && g->nev == 3 && g->ev[0].kind == CLASSIFY_EV_LIMIT &&
	   g->ev[0].rule == 0 && g->ev[0].field == CLASSIFY_SUMMARY,
	   "(a|aa)+$ hit the limit and is reported with its field");
	OK(g && g->nev == 3 && g->ev[1].kind == CLASSIFY_EV_LIMIT &&
	   g->ev[1].rule == 1, "(a+)+$ on 'aaa...b' hit the limit and is reported");
	OK(g && g->score == 2 && g->in, "other rules still score");
	classify_result_release(&r);
	classify_free(cl);
	v_free(s);
}

static void test_errors_fingerprint(void)
{
	struct classifier *cl, *cl2;
	char fp[17];
	struct err e;

	conf_release(&conf);
	conf_init(&conf);
	OK(conf_load_string(&conf, "t.conf", "[niche a]\nmatch = ok\n"
			    "match = (unclosed weight=2\n") == 0,
	   "a bad regex passes the configuration reader");
	cl = classify_new(&conf, &e);
	OK(cl == NULL, "a bad regex fails to compile");
	STREQ(e.msg, "1 bad rule", "the error counts bad rules");
	OK(conf.nerrors == 1, "the bad rule is a configuration error");
	if (conf.nerrors == 1)
		STREQ(conf.errors[0], "t.conf:3: [niche a]: match: missing closing "
		      "parenthesis at offset 9 in '(unclosed'",
		      "file, line, niche, PCRE2 message and offset");
	cl = rules("[niche a]\nmatch = x weight=2\n");
	cl2 = rules("[niche a]\nmatch = x weight=2\n");
	OK(cl && cl2 && !strcmp(classify_fingerprint(cl), classify_fingerprint(cl2)),
	   "fingerprint: stable for the same rules");
	OK(cl && strlen(classify_fingerprint(cl)) == 16, "fingerprint: 16 hex digits");
	if (cl)
		memcpy(fp, classify_fingerprint(cl), sizeof fp);
	classify_free(cl);
	classify_free(cl2);
	cl = rules("[niche a]\nmatch = x weight=3\n");
	OK(cl && strcmp(classify_fingerprint(cl), fp), "fingerprint: a weight changes it");
	classify_free(cl);
	cl = rules("[niche a]\nmatch = x weight=2\nthreshold = 2\n");
	OK(cl && strcmp(classify_fingerprint(cl), fp), "fingerprint: a threshold changes it");
	OK(cl && classify_ngroups(cl) == 1 && !strcmp(classify_group_id(cl, 0), "a") &&
	   classify_group_kind(cl, 0) == CLASSIFY_NICHE &&
	   !strcmp(classify_group_label(cl, 0, 0), "a"),
	   "groups: id, kind, label falls back on the id");
	classify_free(cl);
}

/* Each allocation made to fail in turn, while compiling and classifying: a
 * clean error, never a crash or (under ASan) a leak. */
static void test_alloc_failures(void)
{
	struct classify_input ci = { "Maintenance Prédictive", "cœur RUL", "x" };
	unsigned long at, total = 0;
	int failed = 0, wrong = 0;

	conf_release(&conf);
	conf_init(&conf);
	if (conf_load_string(&conf, "t.conf", "[niche p]\nmatch = maintenance "
			     "predictive weight=2\nmatch = \\brul\\b\n"
			     "exclude = zzz\n[sector s]\nmatch = coeur\n") < 0) {
		OK(0, "alloc failures: configuration loads");
		return;
	}
	/* Count the allocations of a clean run, then fail each in turn. */
	for (at = 0; at <= total; at++) {
		struct classifier *cl;
		struct classify_result r;
		struct buf b = BUF_INIT;
		struct err e;
		int rc = -1;

		v_alloc_fail_at(at);	/* also restarts the count */
		cl = classify_new(&conf, &e);
		if (cl) {
			rc = classify_item(cl, &ci, &r, &e);
			if (rc == 0)
				rc = classify_result_json(cl, &r, &b);
			classify_result_release(&r);
		}
		if (at == 0)
			total = v_alloc_count();
		v_alloc_fail_at(0);
		if (!cl || rc != 0) {
			failed++;
			wrong |= !cl && strcmp(e.msg, "out of memory compiling "
					       "the rules");
			wrong |= at == 0;
		}
		buf_release(&b);
		classify_free(cl);
	}
	OK(failed > 10 && total > 10, "alloc failures: %d of %lu allocations "
	   "failed cleanly (the others are optional, like the JIT)", failed,
	   total);
	OK(!wrong, "alloc failures: compile reports out of memory");
}

int main(void)
{
	conf_init(&conf);
	test_folding();
	test_weights_fields();
	test_threshold_exclude();
	test_evidence();
	test_cooccurrence();
	test_limits();
	test_errors_fingerprint();
	test_alloc_failures();
	conf_release(&conf);
	return tap_done();
}
