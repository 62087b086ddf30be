/* The niche and sector rules: compiled once with PCRE2, matched against
 * folded text, with evidence mapped back to the original text. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "classify_int.h"
#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/utf8.h"

/* Capture pairs kept per match: the whole match and a few groups. */
#define CLASSIFY_CAPTURES 4

/* Most lookaheads of a co-occurrence rule kept as prefilters. */
#define CLASSIFY_PREFILTERS 4

struct rule {
	char *pattern;
	int weight;
	enum classify_field field;
	pcre2_code *code;
	/* A co-occurrence rule "(?s)^(?=.*?(A))(?=.*?(B))" cannot match a
	 * text where A (or B) is found nowhere; an unanchored search for A
	 * rejects such a text faster than the anchored .*? scan, which tries
	 * A at every offset without PCRE2's start-of-match optimisations. */
	pcre2_code *pre[CLASSIFY_PREFILTERS];
	struct classify_pf_cond precond[CLASSIFY_PREFILTERS];
	size_t npre;
	/* The rule is nothing but those lookaheads: it matches when they all
	 * do, and its evidence is the first one's match. */
	int pure;
	/* Its literal condition in the classifier's prefilter. */
	struct classify_pf_cond cond;
};

struct group {
	char *id;
	char *label;
	char *label_en;
	enum classify_kind kind;
	double threshold;
	struct rule *match;
	size_t nmatch;
	struct rule *exclude;
	size_t nexclude;
};

struct classifier {
	struct group *groups;
	size_t ngroups;
	pcre2_general_context *gctx;
	pcre2_compile_context *cctx;
	pcre2_match_context *mctx;
	int jit;
	/* NULL when VEILLE_CLASSIFY_PREFILTER=0: every rule runs on every
	 * field (the reference the prefilter is tested against). */
	struct classify_pf *pf;
	char fingerprint[17];
};

/* One field after folding: the text the rules see and, for every byte of
 * it, the offset of the code point it came from in the original. */
struct folded {
	const char *orig;
	size_t olen;
	struct buf text;
	uint32_t *map;
	size_t mapcap;
	/* PCRE2_NO_UTF_CHECK once the text is known valid: PCRE2 would
	 * otherwise check the whole field again for every rule. */
	uint32_t opts;
};

static void *gctx_malloc(size_t n, void *data)
{
	(void)data;
	return v_malloc(n);
}

static void gctx_free(void *p, void *data)
{
	(void)data;
	v_free(p);
}

const char *classify_field_name(enum classify_field f)
{
	switch (f) {
	case CLASSIFY_TITLE: return "title";
	case CLASSIFY_SUMMARY: return "summary";
	case CLASSIFY_CONTENT: return "content";
	case CLASSIFY_ANY: break;
	}
	return "any";
}

const char *classify_kind_name(enum classify_kind k)
{
	return k == CLASSIFY_SECTOR ? "sector" : "niche";
}

/* The group id of a section: its name, "region:NAME" for a region. */
static char *region_id(const struct conf_section *s)
{
	const char *name = s->name ? s->name : "";
	size_t pl = strlen(CLASSIFY_REGION_PREFIX), n = strlen(name);
	char *id;

	if (strcmp(s->type, "region"))
		return v_strdup(name);
	id = v_malloc(pl + n + 1);
	if (id) {
		memcpy(id, CLASSIFY_REGION_PREFIX, pl);
		memcpy(id + pl, name, n + 1);
	}
	return id;
}

static void rule_release(struct rule *r)
{
	size_t i;

	v_free(r->pattern);
	pcre2_code_free(r->code);
	for (i = 0; i < r->npre; i++)
		pcre2_code_free(r->pre[i]);
}

/* End of the group opened just before p (the offset of its ')'), or
 * NULL when the pattern holds constructs this scanner does not follow. */
static const char *group_end(const char *p)
{
	int depth = 1;

	for (; *p; p++) {
		if (*p == '\\') {
			if (p[1] == 'Q' || p[1] == 'E' || !p[1])
				return NULL;
			p++;
		} else if (*p == '[') {
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			for (; *p && *p != ']'; p++)
				if (*p == '\\' && !*++p)
					return NULL;
			if (!*p)
				return NULL;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')' && --depth == 0) {
			return p;
		}
	}
	return NULL;
}

/* 1 when the text [a, z) refers to other groups (back references,
 * recursion): it cannot be compiled alone. */
static int refers(const char *a, const char *z)
{
	for (; a < z; a++) {
		if (a[0] == '\\' && a + 1 < z &&
		    (strchr("123456789gk", a[1]) || a[1] == 'P'))
			return 1;
		if (a[0] == '(' && a + 2 < z && a[1] == '?' &&
		    strchr("P&R0123456789+-", a[2]))
			return 1;
		if (a[0] == '\\')
			a++;
	}
	return 0;
}

/* Compiles the leading lookaheads of "(?s)^(?=.*?(A))(?=.*?(B))..." as
 * prefilters. Each is a necessary condition of the whole pattern, so the
 * results are unchanged. Best effort: 0, or -1 on ENOMEM only. */
static int compile_prefilters(struct classifier *cl, struct rule *r)
{
	static const char head[] = "(?s)^", look[] = "(?=.*?(";
	const char *p = r->pattern, *z;
	int errcode = 0, all = 1;
	PCRE2_SIZE erroff;

	if (strncmp(p, head, sizeof head - 1))
		return 0;
	p += sizeof head - 1;
	while (r->npre < CLASSIFY_PREFILTERS && !strncmp(p, look, sizeof look - 1)) {
		pcre2_code *code = NULL;

		z = group_end(p + sizeof look - 1);
		if (!z || z[1] != ')')
			break;
		p += sizeof look - 1;
		if (!refers(p, z))
			code = pcre2_compile((PCRE2_SPTR)p, (PCRE2_SIZE)(z - p),
					     PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS |
					     PCRE2_DOTALL, &errcode, &erroff, cl->cctx);
		if (!code && (errcode == PCRE2_ERROR_NOMEMORY ||
			      errcode == PCRE2_ERROR_HEAP_FAILED))
			return -1;
		if (code) {
			if (cl->jit)
				(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
			if (cl->pf && classify_pf_add(cl->pf, p, (size_t)(z - p),
						      &r->precond[r->npre]) < 0) {
				pcre2_code_free(code);
				return -1;
			}
			r->pre[r->npre++] = code;
		} else {
			all = 0;
		}
		p = z + 2;
	}
	r->pure = all && r->npre > 0 && !*p;
	return 0;
}

void classify_free(struct classifier *cl)
{
	size_t i, j;

	if (!cl)
		return;
	for (i = 0; i < cl->ngroups; i++) {
		struct group *g = &cl->groups[i];

		for (j = 0; j < g->nmatch; j++)
			rule_release(&g->match[j]);
		for (j = 0; j < g->nexclude; j++)
			rule_release(&g->exclude[j]);
		v_free(g->match);
		v_free(g->exclude);
		v_free(g->id);
		v_free(g->label);
		v_free(g->label_en);
	}
	v_free(cl->groups);
	classify_pf_free(cl->pf);
	pcre2_match_context_free(cl->mctx);
	pcre2_compile_context_free(cl->cctx);
	pcre2_general_context_free(cl->gctx);
	v_free(cl);
}

static int is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Splits "REGEX [weight=N] [field=F]" from the end: options are the last
 * blank-separated words starting with weight= or field=. Returns 0, -1 on
 * a bad option (message in msg), -2 on ENOMEM. */
static int parse_rule(const char *value, int allow_opts, struct rule *r,
		      char *msg, size_t msgsz)
{
	size_t end = strlen(value);
	int seen_w = 0, seen_f = 0;

	r->weight = 1;
	r->field = CLASSIFY_ANY;
	while (allow_opts) {
		size_t w, wlen;
		const char *word;

		while (end > 0 && is_space(value[end - 1]))
			end--;
		w = end;
		while (w > 0 && !is_space(value[w - 1]))
			w--;
		if (w == 0)
			break;	/* the pattern itself: never an option */
		word = value + w;
		wlen = end - w;
		if (wlen > 7 && !strncmp(word, "weight=", 7) && !seen_w) {
			char num[16];
			int64_t n;

			if (wlen - 7 >= sizeof num) {
				snprintf(msg, msgsz, "weight '%.*s' is not an "
					 "integer from 1 to %d", (int)(wlen - 7),
					 word + 7, CLASSIFY_WEIGHT_MAX);
				return -1;
			}
			memcpy(num, word + 7, wlen - 7);
			num[wlen - 7] = '\0';
			if (str_to_i64(num, 1, CLASSIFY_WEIGHT_MAX, &n) < 0) {
				snprintf(msg, msgsz, "weight '%s' is not an "
					 "integer from 1 to %d", num,
					 CLASSIFY_WEIGHT_MAX);
				return -1;
			}
			r->weight = (int)n;
			seen_w = 1;
		} else if (wlen >= 6 && !strncmp(word, "field=", 6) && !seen_f) {
			static const char *const names[] = {
				"title", "summary", "content", "any"
			};
			size_t k;

			for (k = 0; k < 4; k++)
				if (wlen - 6 == strlen(names[k]) &&
				    !strncmp(word + 6, names[k], wlen - 6))
					break;
			if (k == 4) {
				snprintf(msg, msgsz, "field '%.*s' is not one of "
					 "title|summary|content|any",
					 (int)(wlen - 6), word + 6);
				return -1;
			}
			r->field = (enum classify_field)k;
			seen_f = 1;
		} else {
			break;
		}
		end = w;
	}
	while (end > 0 && is_space(value[end - 1]))
		end--;
	if (end == 0) {
		snprintf(msg, msgsz, "empty pattern");
		return -1;
	}
	r->pattern = v_strndup(value, end);
	return r->pattern ? 0 : -2;
}

/* Compiles one rule; a bad one is recorded in c. Returns 0, 1 when bad,
 * -1 on ENOMEM. */
static int compile_rule(struct classifier *cl, struct conf *c,
			const struct conf_section *s,
			const struct conf_entry *en, int is_match,
			struct rule *r)
{
	char msg[256];
	PCRE2_UCHAR pmsg[256];
	int errcode, rc;
	PCRE2_SIZE erroff;

	rc = parse_rule(en->value, is_match, r, msg, sizeof msg);
	if (rc == -2)
		return -1;
	if (rc < 0) {
		conf_error(c, s, en, "%s: %s", en->key, msg);
		return 1;
	}
	r->code = pcre2_compile((PCRE2_SPTR)r->pattern, PCRE2_ZERO_TERMINATED,
				PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &errcode,
				&erroff, cl->cctx);
	if (!r->code) {
		if (errcode == PCRE2_ERROR_NOMEMORY ||
		    errcode == PCRE2_ERROR_HEAP_FAILED)
			return -1;
		pcre2_get_error_message(errcode, pmsg, sizeof pmsg);
		conf_error(c, s, en, "%s: %s at offset %zu in '%s'", en->key,
			   (const char *)pmsg, (size_t)erroff, r->pattern);
		return 1;
	}
	/* JIT failing (no memory for the JIT, unsupported arch) leaves the
	 * interpreter, which is correct, only slower. */
	if (cl->jit)
		(void)pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
	if (cl->pf && classify_pf_add(cl->pf, r->pattern, strlen(r->pattern),
				      &r->cond) < 0)
		return -1;
	return compile_prefilters(cl, r);
}

static int fingerprint_rule(struct buf *b, const char *what,
			    const struct rule *r)
{
	return buf_addf(b, "%s %d %s %s\n", what, r->weight,
			classify_field_name(r->field), r->pattern);
}

struct classifier *classify_new(struct conf *c, struct err *e)
{
	struct classifier *cl;
	struct buf fp = BUF_INIT;
	size_t i, j, n = 0, bad = 0;
	uint32_t jit = 0;
	const char *env;

	cl = v_calloc(1, sizeof *cl);
	if (!cl)
		goto nomem;
	cl->gctx = pcre2_general_context_create(gctx_malloc, gctx_free, NULL);
	if (!cl->gctx)
		goto nomem;
	cl->cctx = pcre2_compile_context_create(cl->gctx);
	cl->mctx = pcre2_match_context_create(cl->gctx);
	if (!cl->cctx || !cl->mctx)
		goto nomem;
	pcre2_set_match_limit(cl->mctx, CLASSIFY_MATCH_LIMIT);
	pcre2_set_depth_limit(cl->mctx, CLASSIFY_DEPTH_LIMIT);
	pcre2_config(PCRE2_CONFIG_JIT, &jit);
	cl->jit = jit != 0;
	env = getenv("VEILLE_CLASSIFY_PREFILTER");
	if (!env || strcmp(env, "0")) {
		cl->pf = classify_pf_new();
		if (!cl->pf)
			goto nomem;
	}

	for (i = 0; i < c->nsections; i++)
		if (!strcmp(c->sections[i].type, "niche") ||
		    !strcmp(c->sections[i].type, "sector") ||
		    !strcmp(c->sections[i].type, "region"))
			n++;
	cl->groups = v_calloc(n ? n : 1, sizeof *cl->groups);
	if (!cl->groups)
		goto nomem;
	for (i = 0; i < c->nsections; i++) {
		const struct conf_section *s = &c->sections[i];
		struct group *g;
		size_t nm = 0, nx = 0;

		if (strcmp(s->type, "niche") && strcmp(s->type, "sector") &&
		    strcmp(s->type, "region"))
			continue;
		g = &cl->groups[cl->ngroups++];
		g->kind = !strcmp(s->type, "niche") ? CLASSIFY_NICHE :
			CLASSIFY_SECTOR;
		/* a region is a sector of geography: stored, searched and
		 * filtered as the sector "region:NAME" */
		g->id = region_id(s);
		g->label = v_strdup(conf_str(s, "label", ""));
		g->label_en = v_strdup(conf_str(s, "label_en", ""));
		if (!g->id || !g->label || !g->label_en)
			goto nomem;
		g->threshold = conf_number(s, "threshold", 1);
		for (j = 0; j < s->nentries; j++) {
			if (!strcmp(s->entries[j].key, "match"))
				nm++;
			else if (!strcmp(s->entries[j].key, "exclude"))
				nx++;
		}
		g->match = v_calloc(nm ? nm : 1, sizeof *g->match);
		g->exclude = v_calloc(nx ? nx : 1, sizeof *g->exclude);
		if (!g->match || !g->exclude)
			goto nomem;
		if (buf_addf(&fp, "%s %s %.17g\n", classify_kind_name(g->kind),
			     g->id, g->threshold) < 0)
			goto nomem;
		for (j = 0; j < s->nentries; j++) {
			const struct conf_entry *en = &s->entries[j];
			int is_match = !strcmp(en->key, "match");
			struct rule *r;
			int rc;

			if (!is_match && strcmp(en->key, "exclude"))
				continue;
			r = is_match ? &g->match[g->nmatch++] :
				&g->exclude[g->nexclude++];
			rc = compile_rule(cl, c, s, en, is_match, r);
			if (rc < 0)
				goto nomem;
			if (rc > 0) {
				bad++;
				continue;
			}
			if (fingerprint_rule(&fp, en->key, r) < 0)
				goto nomem;
		}
	}
	if (bad) {
		buf_release(&fp);
		classify_free(cl);
		err_set(e, "%zu bad rule%s", bad, bad == 1 ? "" : "s");
		return NULL;
	}
	if (cl->pf && classify_pf_build(cl->pf) < 0)
		goto nomem;
	str_hash_hex(buf_cstr(&fp), fp.len, cl->fingerprint);
	buf_release(&fp);
	return cl;
nomem:
	buf_release(&fp);
	classify_free(cl);
	err_set(e, "out of memory compiling the rules");
	return NULL;
}

const char *classify_fingerprint(const struct classifier *cl)
{
	return cl->fingerprint;
}

size_t classify_ngroups(const struct classifier *cl)
{
	return cl->ngroups;
}

const char *classify_group_id(const struct classifier *cl, size_t i)
{
	return cl->groups[i].id;
}

enum classify_kind classify_group_kind(const struct classifier *cl, size_t i)
{
	return cl->groups[i].kind;
}

double classify_group_threshold(const struct classifier *cl, size_t i)
{
	return cl->groups[i].threshold;
}

const char *classify_group_label(const struct classifier *cl, size_t i,
				 int english)
{
	const struct group *g = &cl->groups[i];
	const char *a = english ? g->label_en : g->label;
	const char *b = english ? g->label : g->label_en;

	return *a ? a : *b ? b : g->id;
}

/* Folds s and records, for each folded byte, where its code point starts
 * in s. ASCII is folded inline: it is nearly all of the text. */
static int fold_field(struct folded *f, const char *s)
{
	size_t n, i, need;

	buf_reset(&f->text);
	f->orig = s ? s : "";
	n = strlen(f->orig);
	n = utf8_truncate_len(f->orig, n, CLASSIFY_FIELD_MAX);
	f->olen = n;
	/* A code point folds to at most a few bytes more than it takes
	 * (U+FFFD for one invalid byte is 3); grow the map as needed. */
	need = n + 1;
	if (need > f->mapcap) {
		uint32_t *m = v_reallocarray(f->map, need, sizeof *m);

		if (!m)
			return -1;
		f->map = m;
		f->mapcap = need;
	}
	if (buf_grow(&f->text, n) < 0)
		return -1;
	for (i = 0; i < n;) {
		unsigned char ch = (unsigned char)f->orig[i];
		size_t before = f->text.len, len, k;
		uint32_t cp;

		if (ch < 0x80) {
			/* A whole ASCII run at once, lower-cased in place. */
			size_t j = i + 1;
			char *d;

			while (j < n && (unsigned char)f->orig[j] < 0x80)
				j++;
			if (buf_add(&f->text, f->orig + i, j - i) < 0)
				return -1;
			d = f->text.data + before;
			for (k = 0; k < j - i; k++)
				if (d[k] >= 'A' && d[k] <= 'Z')
					d[k] = (char)(d[k] + 32);
			len = j - i;
		} else {
			len = utf8_decode(f->orig + i, n - i, &cp);
			if (len == 0)
				len = 1;
			if (utf8_fold(&f->text, f->orig + i, len) < 0)
				return -1;
		}
		if (f->text.len + 1 > f->mapcap) {
			size_t cap = f->mapcap * 2 + 16;

			if (cap < f->text.len + 1)
				cap = f->text.len + 1;
			uint32_t *m = v_reallocarray(f->map, cap, sizeof *m);

			if (!m)
				return -1;
			f->map = m;
			f->mapcap = cap;
		}
		if (ch < 0x80)
			for (k = before; k < f->text.len; k++)
				f->map[k] = (uint32_t)(i + (k - before));
		else
			for (k = before; k < f->text.len; k++)
				f->map[k] = (uint32_t)i;
		i += len;
	}
	f->map[f->text.len] = (uint32_t)n;
	return 0;
}

/* Where folded [start, end) lies in the original field. */
static void map_span(const struct folded *f, size_t start, size_t end,
		     size_t *ostart, size_t *oend)
{
	size_t flen = f->text.len;

	if (start > flen)
		start = flen;
	if (end > flen)
		end = flen;
	/* A match ending inside a code point's expansion (œ -> "o|e")
	 * takes the whole code point. */
	while (end > start && end < flen && f->map[end] == f->map[end - 1])
		end++;
	*ostart = f->map[start];
	*oend = f->map[end];
}

static int add_evidence(struct classify_group *gr, enum classify_ev_kind kind,
			size_t rule, const struct rule *r,
			enum classify_field field, const struct folded *f,
			size_t start, size_t end, int points)
{
	struct classify_evidence *ev, *grown;
	size_t os = 0, oe = 0, len;

	grown = v_reallocarray(gr->ev, gr->nev + 1, sizeof *gr->ev);
	if (!grown)
		return -1;
	gr->ev = grown;
	ev = &gr->ev[gr->nev];
	memset(ev, 0, sizeof *ev);
	ev->kind = kind;
	ev->rule = rule;
	ev->pattern = r->pattern;
	ev->field = field;
	ev->weight = r->weight;
	ev->points = points;
	if (f) {
		map_span(f, start, end, &os, &oe);
		len = utf8_truncate_len(f->orig + os, oe - os,
					CLASSIFY_EVIDENCE_MAX);
		ev->text = v_strndup(f->orig + os, len);
	} else {
		ev->text = v_strdup("");
	}
	if (!ev->text)
		return -1;
	ev->offset = os;
	gr->nev++;
	return 0;
}

/* 0 when the prefilter proves that what c describes cannot match the
 * field whose set offsets are pos (NULL: no prefilter). */
static int possible(const struct classify_pf_cond *c, const uint32_t *pos)
{
	uint32_t k;

	if (!pos)
		return 1;
	for (k = 0; k < c->n; k++)
		if (pos[c->first + k] == CLASSIFY_PF_UNSEEN)
			return 0;
	return 1;
}

/* Where a search may start: no match begins before the first occurrence
 * of the strings that begin every match. PCRE2 still looks behind the
 * start offset for \b and lookbehinds, so the leftmost match, hence the
 * evidence, is the one a search from 0 finds. */
static PCRE2_SIZE first_start(const struct classify_pf_cond *c,
			      const uint32_t *pos)
{
	if (!pos || !c->prefix || !c->n)
		return 0;
	return pos[c->first];
}

/* 1 match, 0 none, -1 limit hit, -2 ENOMEM/other error. */
static int run(const struct classifier *cl, const struct rule *r,
	       const struct folded *f, const uint32_t *pos,
	       pcre2_match_data *md, size_t *start, size_t *end)
{
	int rc, all = 1;
	size_t k;
	PCRE2_SIZE *ov, s0 = 0, e0 = 0;

	if (f->text.len == 0)
		return 0;
	/* a prefilter that finds nothing settles it; one that errs (a
	 * limit) leaves the decision to the rule itself */
	for (k = 0; k < r->npre; k++) {
		if (!possible(&r->precond[k], pos))
			return 0;
		rc = pcre2_match(r->pre[k], (PCRE2_SPTR)f->text.data, f->text.len,
				 first_start(&r->precond[k], pos), f->opts, md,
				 cl->mctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc < 0) {
			all = 0;
		} else if (k == 0) {
			ov = pcre2_get_ovector_pointer(md);
			s0 = ov[0];
			e0 = ov[1];
		}
	}
	/* the rule's first capture is what the first prefilter found (the
	 * leftmost match, as the lazy .*? finds it) */
	if (r->pure && all && e0 > s0) {
		*start = s0;
		*end = e0;
		return 1;
	}
	rc = pcre2_match(r->code, (PCRE2_SPTR)f->text.data, f->text.len,
			 first_start(&r->cond, pos), f->opts, md, cl->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return -1;
	if (rc < 0)
		return rc == PCRE2_ERROR_NOMEMORY ? -2 : -1;
	ov = pcre2_get_ovector_pointer(md);
	*start = ov[0];
	*end = ov[1] < ov[0] ? ov[0] : ov[1];	/* \K can invert them */
	/* A co-occurrence rule matches the empty string through lookaheads:
	 * its first capture that took text is the better evidence. */
	if (*end == *start) {
		int i;

		for (i = 1; i < rc; i++)
			if (ov[2 * i] != PCRE2_UNSET && ov[2 * i + 1] > ov[2 * i]) {
				*start = ov[2 * i];
				*end = ov[2 * i + 1];
				break;
			}
	}
	return 1;
}

void classify_result_release(struct classify_result *r)
{
	size_t i, j;

	if (!r)
		return;
	for (i = 0; i < r->ngroups; i++) {
		for (j = 0; j < r->groups[i].nev; j++)
			v_free(r->groups[i].ev[j].text);
		v_free(r->groups[i].ev);
	}
	v_free(r->groups);
	memset(r, 0, sizeof *r);
}

static int classify_group(const struct classifier *cl, const struct group *g,
			  struct folded fields[3], uint32_t *pos[3],
			  pcre2_match_data *md, struct classify_group *gr,
			  size_t *nlimits)
{
	size_t i, start = 0, end = 0;
	int f, rc, excluded = 0;

	for (i = 0; i < g->nmatch; i++) {
		const struct rule *r = &g->match[i];

		for (f = CLASSIFY_TITLE; f <= CLASSIFY_CONTENT; f++) {
			if (r->field != CLASSIFY_ANY && (int)r->field != f)
				continue;
			if (!possible(&r->cond, pos[f]))
				continue;
			rc = run(cl, r, &fields[f], pos[f], md, &start, &end);
			if (rc == -2)
				return -1;
			if (rc == -1) {
				(*nlimits)++;
				if (add_evidence(gr, CLASSIFY_EV_LIMIT, i, r,
						 (enum classify_field)f, NULL,
						 0, 0, 0) < 0)
					return -1;
				continue;
			}
			if (rc == 0)
				continue;
			rc = r->weight * (f == CLASSIFY_TITLE ?
					  CLASSIFY_TITLE_FACTOR : 1);
			if (add_evidence(gr, CLASSIFY_EV_MATCH, i, r,
					 (enum classify_field)f, &fields[f],
					 start, end, rc) < 0)
				return -1;
			gr->score += rc;
			break;
		}
	}
	for (i = 0; i < g->nexclude; i++) {
		const struct rule *r = &g->exclude[i];

		for (f = CLASSIFY_TITLE; f <= CLASSIFY_CONTENT; f++) {
			if (!possible(&r->cond, pos[f]))
				continue;
			rc = run(cl, r, &fields[f], pos[f], md, &start, &end);
			if (rc == -2)
				return -1;
			if (rc == -1) {
				(*nlimits)++;
				if (add_evidence(gr, CLASSIFY_EV_LIMIT, i, r,
						 (enum classify_field)f, NULL,
						 0, 0, 0) < 0)
					return -1;
				continue;
			}
			if (rc == 0)
				continue;
			if (add_evidence(gr, CLASSIFY_EV_EXCLUDE, i, r,
					 (enum classify_field)f, &fields[f],
					 start, end, 0) < 0)
				return -1;
			excluded = 1;
			break;
		}
	}
	gr->in = !excluded && gr->score > 0 && gr->score >= g->threshold;
	return 0;
}

int classify_item(const struct classifier *cl, const struct classify_input *in,
		  struct classify_result *out, struct err *e)
{
	struct folded fields[3];
	pcre2_match_data *md = NULL;
	struct classify_group gr;
	uint32_t *pos[3] = { NULL, NULL, NULL }, *sets = NULL;
	size_t i, nsets = cl->pf ? classify_pf_nsets(cl->pf) : 0;
	int rc = -1;

	memset(out, 0, sizeof *out);
	memset(fields, 0, sizeof fields);
	for (i = 0; i < 3; i++)
		buf_init(&fields[i].text, CLASSIFY_FIELD_MAX * 4 + 16);
	if (fold_field(&fields[0], in->title) < 0 ||
	    fold_field(&fields[1], in->summary) < 0 ||
	    fold_field(&fields[2], in->content) < 0)
		goto done;
	for (i = 0; i < 3; i++)
		if (utf8_valid(fields[i].text.data ? fields[i].text.data : "",
			       fields[i].text.len))
			fields[i].opts = PCRE2_NO_UTF_CHECK;
	if (cl->pf) {
		sets = v_reallocarray(NULL, 3 * nsets + 1, sizeof *sets);
		if (!sets)
			goto done;
		for (i = 0; i < 3; i++) {
			/* Folding always yields valid UTF-8; were it not so,
			 * PCRE2's own check from offset 0 must decide. */
			if (!fields[i].opts)
				continue;
			pos[i] = sets + i * nsets;
			classify_pf_scan(cl->pf, fields[i].text.data ?
					 fields[i].text.data : "",
					 fields[i].text.len, pos[i]);
		}
	}
	md = pcre2_match_data_create(CLASSIFY_CAPTURES, cl->gctx);
	if (!md)
		goto done;
	out->groups = v_calloc(cl->ngroups ? cl->ngroups : 1,
			       sizeof *out->groups);
	if (!out->groups)
		goto done;
	for (i = 0; i < cl->ngroups; i++) {
		const struct group *g = &cl->groups[i];

		memset(&gr, 0, sizeof gr);
		gr.id = g->id;
		gr.kind = g->kind;
		gr.threshold = g->threshold;
		if (classify_group(cl, g, fields, pos, md, &gr,
				   &out->nlimits) < 0) {
			out->groups[out->ngroups++] = gr;
			goto done;
		}
		if (gr.nev)
			out->groups[out->ngroups++] = gr;
	}
	rc = 0;
done:
	if (rc < 0)
		err_set(e, "out of memory classifying an item");
	pcre2_match_data_free(md);
	v_free(sets);
	for (i = 0; i < 3; i++) {
		buf_release(&fields[i].text);
		v_free(fields[i].map);
	}
	return rc;
}

static const char *ev_kind_name(enum classify_ev_kind k)
{
	switch (k) {
	case CLASSIFY_EV_MATCH: return "match";
	case CLASSIFY_EV_EXCLUDE: return "exclude";
	case CLASSIFY_EV_LIMIT: break;
	}
	return "limit";
}

static void write_group(struct jsonw *w, const struct classify_group *g)
{
	size_t j;

	jsonw_obj(w);
	jsonw_kstr(w, classify_kind_name(g->kind), g->id);
	jsonw_kint(w, "score", g->score);
	jsonw_key(w, "threshold");
	jsonw_double(w, g->threshold);
	jsonw_key(w, "in");
	jsonw_bool(w, g->in);
	jsonw_key(w, "evidence");
	jsonw_arr(w);
	for (j = 0; j < g->nev; j++) {
		const struct classify_evidence *ev = &g->ev[j];

		jsonw_obj(w);
		jsonw_kstr(w, "kind", ev_kind_name(ev->kind));
		jsonw_kint(w, "rule", (int64_t)ev->rule);
		jsonw_kstr(w, "pattern", ev->pattern);
		jsonw_kstr(w, "field", classify_field_name(ev->field));
		if (ev->kind != CLASSIFY_EV_LIMIT) {
			jsonw_kstr(w, "text", ev->text);
			jsonw_kint(w, "offset", (int64_t)ev->offset);
		}
		if (ev->kind == CLASSIFY_EV_MATCH) {
			jsonw_kint(w, "weight", ev->weight);
			jsonw_kint(w, "points", ev->points);
		}
		jsonw_end(w);
	}
	jsonw_end(w);
	jsonw_end(w);
}

static void write_groups(const struct classify_result *r, struct jsonw *w,
			 enum classify_kind kind, int all)
{
	size_t i;

	jsonw_key(w, kind == CLASSIFY_NICHE ? "niches" : "sectors");
	jsonw_arr(w);
	for (i = 0; i < r->ngroups; i++) {
		const struct classify_group *g = &r->groups[i];

		if (g->kind == kind && (all || g->in))
			write_group(w, g);
	}
	jsonw_end(w);
}

int classify_group_json(const struct classify_group *g, struct buf *out)
{
	struct jsonw w;
	size_t j;

	jsonw_init(&w, out);
	jsonw_arr(&w);
	for (j = 0; j < g->nev; j++) {
		const struct classify_evidence *ev = &g->ev[j];

		jsonw_obj(&w);
		if (ev->kind != CLASSIFY_EV_MATCH)
			jsonw_kstr(&w, "kind", ev_kind_name(ev->kind));
		jsonw_kint(&w, "rule", (int64_t)ev->rule);
		jsonw_kstr(&w, "field", classify_field_name(ev->field));
		if (ev->kind != CLASSIFY_EV_LIMIT) {
			jsonw_kstr(&w, "text", ev->text);
			jsonw_kint(&w, "offset", (int64_t)ev->offset);
		}
		if (ev->kind == CLASSIFY_EV_MATCH)
			jsonw_kint(&w, "points", ev->points);
		jsonw_end(&w);
	}
	jsonw_end(&w);
	return jsonw_error(&w);
}

void classify_result_jsonw(const struct classify_result *r, struct jsonw *w,
			   int all)
{
	write_groups(r, w, CLASSIFY_NICHE, all);
	write_groups(r, w, CLASSIFY_SECTOR, all);
}

int classify_result_json(const struct classifier *cl,
			 const struct classify_result *r, struct buf *out)
{
	struct jsonw w;

	jsonw_init(&w, out);
	jsonw_obj(&w);
	jsonw_kstr(&w, "fingerprint", cl->fingerprint);
	classify_result_jsonw(r, &w, 0);
	jsonw_end(&w);
	return jsonw_error(&w);
}
