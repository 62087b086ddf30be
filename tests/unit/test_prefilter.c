/* The prefilters of co-occurrence rules ("(?s)^(?=.*?(A))(?=.*?(B))")
 * leave results unchanged: each case is classified twice, once with the
 * rule as written and once with an equivalent rule the prefilter does not
 * recognise (a no-op group in front), and both must agree on score and
 * evidence, and with the values expected by hand. */
#include <stdio.h>
#include <string.h>

#include "../../classify/classify.h"
#include "tap.h"

struct outcome {
	int score;
	char text[64];
	size_t offset;
	enum classify_field field;
};

static int classify_one(const char *rule, const char *title,
			const char *summary, struct outcome *o)
{
	struct conf conf;
	struct err e = { "" };
	struct classifier *cl;
	struct classify_result r;
	struct classify_input in = { title, summary, NULL };
	char text[512];
	int rc = -1;

	memset(o, 0, sizeof *o);
	conf_init(&conf);
	snprintf(text, sizeof text, "[niche n]\nmatch = %s\n", rule);
	if (conf_load_string(&conf, "t.conf", text) < 0)
		goto out;
	cl = classify_new(&conf, &e);
	if (!cl)
		goto out;
	if (classify_item(cl, &in, &r, &e) == 0) {
		rc = 0;
		if (r.ngroups && r.groups[0].nev) {
			const struct classify_evidence *ev = &r.groups[0].ev[0];

			o->score = r.groups[0].score;
			snprintf(o->text, sizeof o->text, "%s", ev->text ? ev->text : "");
			o->offset = ev->offset;
			o->field = ev->field;
		}
	}
	classify_result_release(&r);
	classify_free(cl);
out:
	conf_release(&conf);
	return rc;
}

static void same(const char *name, const char *rule, const char *title,
		 const char *summary, int score, const char *text, size_t offset)
{
	struct outcome a, b;
	char plain[256];

	/* "(?:)" in front: not the prefiltered form, same language */
	snprintf(plain, sizeof plain, "(?:)%s", rule);
	OK(classify_one(rule, title, summary, &a) == 0, "%s: classified", name);
	OK(classify_one(plain, title, summary, &b) == 0, "%s: classified plain", name);
	OK(a.score == score && b.score == score, "%s: score %d (%d, plain %d)",
	   name, score, a.score, b.score);
	STREQ(a.text, text, "%s: evidence text", name);
	STREQ(b.text, text, "%s: evidence text, plain", name);
	OK(a.offset == offset && b.offset == offset && a.field == b.field,
	   "%s: offset %zu (%zu, plain %zu)", name, offset, a.offset, b.offset);
}

int main(void)
{
	static const char co[] = "(?s)^(?=.*?(\\bpumps?\\b|\\bpompes?\\b))"
				 "(?=.*?(\\bfail\\w*|\\bpanne\\w*))";

	same("both words", co, "The failing Pumps of plant 2", NULL, 2, "Pumps", 12);
	same("leftmost first word", co, "pump, then pompe en panne", NULL, 2, "pump", 0);
	same("one word only", co, "Pumps everywhere", "nothing broke", 0, "", 0);
	same("second field", co, "Weekly news", "Pompes: pannes en série", 1, "Pompes", 0);
	same("words across lines", co, "x", "pumps\nand then\nfailure", 1, "pumps", 0);
	same("accents folded", co, "Pompe en PANNE", NULL, 2, "Pompe", 0);
	/* not pure: something after the lookaheads */
	same("lookaheads then more", "(?s)^(?=.*?(pump))(?=.*?(fail)).*leak",
	     "pump fail leak", NULL, 2, "pump fail leak", 0);
	same("lookaheads then more, no leak", "(?s)^(?=.*?(pump))(?=.*?(fail)).*leak",
	     "pump fail", NULL, 0, "", 0);
	/* a back reference cannot be prefiltered alone */
	same("back reference", "(?s)^(?=.*?(\\b(\\w)\\w*\\2\\b))", "abca xyz", NULL, 2,
	     "abca", 0);
	/* a first capture that matches the empty string */
	same("empty first capture", "(?s)^(?=.*?(x*))(?=.*?(pump))", "big pump", NULL,
	     2, "pump", 4);
	return tap_done();
}
