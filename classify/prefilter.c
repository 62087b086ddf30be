/* The literal prefilter: from each pattern, a condition on literal strings
 * that all of its matches imply; one Aho-Corasick pass per field tells
 * which rules may match. See classify_int.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify_int.h"
#include "../util/alloc.h"

/* A \b inside a string being built: zero-width, dropped (or turned into a
 * boundary flag at an end) when the string becomes a literal. */
#define MARK '\x01'
/* Scratch memory of one extraction; running out weakens the condition. */
#define ARENA_SIZE ((size_t)256 << 10)
#define DEPTH_MAX 64
#define NONE UINT32_MAX
/* A set number meaning "the caseless fold is not plain ASCII here". */
#define BYPASS (UINT32_MAX - 1)

struct arena {
	char *mem;
	size_t used, cap;
};

/* A finite set of strings. */
struct sset {
	const char **s;
	size_t n;
};

/* What a piece of pattern can match. exact: every string it matches is in
 * ex (a superset: assertions are ignored). conj: each set holds a string
 * that every match contains (meaningful when exact is 0). has_pre: every
 * match begins with a string of pre. */
struct info {
	int exact;
	struct sset ex;
	int has_pre;
	struct sset pre;
	struct sset conj[CLASSIFY_PF_CONJ_MAX];
	size_t nconj;
};

struct parser {
	const char *p;
	struct arena *a;
	int fail;	/* give up: the pattern always runs */
	int depth;
};

static void *ar_alloc(struct arena *a, size_t n)
{
	void *p;

	n = (n + 7) & ~(size_t)7;
	if (n > a->cap - a->used)
		return NULL;
	p = a->mem + a->used;
	a->used += n;
	return p;
}

static int real_len(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s != MARK;
	return n;
}

/* A set can stand as a condition when every string holds a character. */
static int usable(const struct sset *s)
{
	size_t i;

	if (!s->n)
		return 0;
	for (i = 0; i < s->n; i++)
		if (!real_len(s->s[i]))
			return 0;
	return 1;
}

/* Longer strings are rarer in text: a set is as good as its shortest. */
static int score(const struct sset *s)
{
	size_t i;
	int m = CLASSIFY_PF_STR_MAX + 1, l;

	for (i = 0; i < s->n; i++) {
		l = real_len(s->s[i]);
		if (l < m)
			m = l;
	}
	return m;
}

static int set_one(struct arena *a, const char *str, size_t len,
		   struct sset *out)
{
	char *s = ar_alloc(a, len + 1);
	const char **v = ar_alloc(a, sizeof *v);

	if (!s || !v)
		return -1;
	memcpy(s, str, len);
	s[len] = '\0';
	v[0] = s;
	out->s = v;
	out->n = 1;
	return 0;
}

static int set_union(struct arena *a, const struct sset *x,
		     const struct sset *y, struct sset *out)
{
	const char **v;

	if (x->n + y->n > CLASSIFY_PF_SET_MAX)
		return -1;
	v = ar_alloc(a, (x->n + y->n) * sizeof *v + 1);
	if (!v)
		return -1;
	if (x->n)
		memcpy(v, x->s, x->n * sizeof *v);
	if (y->n)
		memcpy(v + x->n, y->s, y->n * sizeof *v);
	out->s = v;
	out->n = x->n + y->n;
	return 0;
}

static int set_cross(struct arena *a, const struct sset *x,
		     const struct sset *y, struct sset *out)
{
	const char **v;
	size_t i, j, k = 0;

	if (!x->n || !y->n || x->n > CLASSIFY_PF_SET_MAX / y->n)
		return -1;
	v = ar_alloc(a, x->n * y->n * sizeof *v);
	if (!v)
		return -1;
	for (i = 0; i < x->n; i++)
		for (j = 0; j < y->n; j++) {
			size_t lx = strlen(x->s[i]), ly = strlen(y->s[j]);
			char *s;

			if (lx + ly > CLASSIFY_PF_STR_MAX)
				return -1;
			s = ar_alloc(a, lx + ly + 1);
			if (!s)
				return -1;
			memcpy(s, x->s[i], lx);
			memcpy(s + lx, y->s[j], ly + 1);
			v[k++] = s;
		}
	out->s = v;
	out->n = k;
	return 0;
}

/* Adds a necessary set; when full, the weakest set makes room. */
static void conj_add(struct info *in, const struct sset *s)
{
	size_t i, worst = 0;

	if (!usable(s))
		return;
	if (in->nconj < CLASSIFY_PF_CONJ_MAX) {
		in->conj[in->nconj++] = *s;
		return;
	}
	for (i = 1; i < in->nconj; i++)
		if (score(&in->conj[i]) < score(&in->conj[worst]))
			worst = i;
	if (score(s) > score(&in->conj[worst]))
		in->conj[worst] = *s;
}

/* The one set that best stands for in, or NULL. */
static const struct sset *best(const struct info *in)
{
	const struct sset *b = NULL;
	size_t i;

	if (in->exact)
		return usable(&in->ex) ? &in->ex : NULL;
	for (i = 0; i < in->nconj; i++)
		if (!b || score(&in->conj[i]) > score(b))
			b = &in->conj[i];
	return b;
}

static void set_exact(struct parser *P, struct info *in, const char *s,
		      size_t len)
{
	memset(in, 0, sizeof *in);
	in->exact = 1;
	if (set_one(P->a, s, len, &in->ex) < 0)
		P->fail = 1;
	in->has_pre = 1;
	in->pre = in->ex;
}

/* Something that takes text this scanner does not pin down. */
static void set_any(struct info *in)
{
	memset(in, 0, sizeof *in);
}

static int is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '_';
}

static int is_alnum(unsigned char c)
{
	return is_word(c) && c != '_';
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static void parse_alt(struct parser *P, struct info *out);

/* One member of a class: its byte, or -1 for one this scanner leaves
 * unknown (\w, a non-ASCII character); P->fail on what it cannot read. */
static int class_member(struct parser *P)
{
	unsigned char c = (unsigned char)*P->p;

	if (c == '\\') {
		unsigned char e = (unsigned char)P->p[1];

		if (e && strchr("wWsSdDhHvV", e)) {
			P->p += 2;
			return -1;
		}
		if (!e || e >= 0x80 || is_alnum(e)) {
			P->fail = 1;
			return -1;
		}
		P->p += 2;
		return e;
	}
	if (c >= 0x80) {
		P->p++;
		while (((unsigned char)*P->p & 0xC0) == 0x80)
			P->p++;
		return -1;
	}
	P->p++;
	return c;
}

static void parse_class(struct parser *P, struct info *out)
{
	uint8_t in[128];
	int neg = 0, unknown = 0, first = 1, lo, hi, c;
	size_t count = 0;

	memset(in, 0, sizeof in);
	P->p++;
	if (*P->p == '^') {
		neg = 1;
		P->p++;
	}
	for (;;) {
		if (!*P->p) {
			P->fail = 1;
			return;
		}
		if (*P->p == ']' && !first) {
			P->p++;
			break;
		}
		first = 0;
		if (P->p[0] == '[' && (P->p[1] == ':' || P->p[1] == '.' ||
				       P->p[1] == '=')) {
			const char *z = strstr(P->p + 2, ":]");

			if (P->p[1] != ':' || !z) {
				P->fail = 1;
				return;
			}
			P->p = z + 2;
			unknown = 1;
			continue;
		}
		lo = class_member(P);
		if (P->fail)
			return;
		hi = lo;
		if (*P->p == '-' && P->p[1] && P->p[1] != ']') {
			P->p++;
			hi = class_member(P);
			if (P->fail)
				return;
			if (lo < 0 || hi < 0 || hi < lo) {
				P->fail = 1;
				return;
			}
		}
		if (lo < 0) {
			unknown = 1;
			continue;
		}
		for (c = lo; c <= hi; c++)
			if (!in[lower((unsigned char)c)]) {
				in[lower((unsigned char)c)] = 1;
				count++;
			}
	}
	if (neg || unknown || count == 0 || count > 16) {
		set_any(out);
		return;
	}
	memset(out, 0, sizeof *out);
	out->exact = 1;
	out->ex.s = ar_alloc(P->a, count * sizeof *out->ex.s);
	if (!out->ex.s) {
		P->fail = 1;
		return;
	}
	for (c = 0; c < 128; c++) {
		char *s;

		if (!in[c])
			continue;
		s = ar_alloc(P->a, 2);
		if (!s) {
			P->fail = 1;
			return;
		}
		s[0] = (char)c;
		s[1] = '\0';
		out->ex.s[out->ex.n++] = s;
	}
	out->has_pre = 1;
	out->pre = out->ex;
}

enum group_kind { G_PLAIN, G_LOOKAHEAD, G_ZERO };

static void parse_group(struct parser *P, struct info *out)
{
	enum group_kind kind = G_PLAIN;
	const char *q;
	struct info inner;

	P->p++;
	if (*P->p == '*') {	/* (*VERB) */
		P->fail = 1;
		return;
	}
	if (*P->p == '?') {
		q = P->p + 1;
		if (*q == ':' || *q == '>' || *q == '|') {
			P->p = q + 1;
		} else if (*q == '=') {
			P->p = q + 1;
			kind = G_LOOKAHEAD;
		} else if (*q == '!') {
			P->p = q + 1;
			kind = G_ZERO;
		} else if (*q == '<' && (q[1] == '=' || q[1] == '!')) {
			P->p = q + 2;
			kind = G_ZERO;
		} else if ((*q == '<' && is_word((unsigned char)q[1])) ||
			   (*q == 'P' && q[1] == '<')) {
			q += *q == 'P' ? 2 : 1;
			while (is_word((unsigned char)*q))
				q++;
			if (*q != '>') {
				P->fail = 1;
				return;
			}
			P->p = q + 1;
		} else {
			/* Option settings: only those that leave literals
			 * and the caseless fold alone. */
			while (*q == 'i' || *q == 's' || *q == 'm')
				q++;
			if (q == P->p + 1 || (*q != ')' && *q != ':')) {
				P->fail = 1;
				return;
			}
			P->p = q + 1;
			if (*q == ')') {
				set_exact(P, out, "", 0);
				return;
			}
		}
	}
	if (++P->depth > DEPTH_MAX) {
		P->fail = 1;
		return;
	}
	parse_alt(P, &inner);
	P->depth--;
	if (P->fail)
		return;
	if (*P->p != ')') {
		P->fail = 1;
		return;
	}
	P->p++;
	switch (kind) {
	case G_PLAIN:
		*out = inner;
		break;
	case G_LOOKAHEAD:
		/* Zero width, but its text is in the subject. */
		set_any(out);
		if (inner.exact) {
			conj_add(out, &inner.ex);
		} else {
			*out = inner;
			out->exact = 0;
		}
		break;
	case G_ZERO:
		set_exact(P, out, "", 0);
		break;
	}
}

static void parse_escape(struct parser *P, struct info *out)
{
	unsigned char e = (unsigned char)P->p[1];
	char ch;

	if (e == 'b') {
		P->p += 2;
		set_exact(P, out, "\x01", 1);
		return;
	}
	if (e && strchr("BAzZG", e)) {
		P->p += 2;
		set_exact(P, out, "", 0);
		return;
	}
	if (e && strchr("wWsSdDhHvVRXN", e)) {
		if (e == 'N' && P->p[2] == '{') {
			P->fail = 1;
			return;
		}
		P->p += 2;
		set_any(out);
		return;
	}
	if (!e || e >= 0x80 || is_alnum(e)) {
		P->fail = 1;	/* back references, \x, \p, \Q, \K ... */
		return;
	}
	P->p += 2;
	ch = (char)e;
	set_exact(P, out, &ch, 1);
}

static void parse_atom(struct parser *P, struct info *out)
{
	unsigned char c = (unsigned char)*P->p;
	char ch;

	switch (c) {
	case '(':
		parse_group(P, out);
		return;
	case '[':
		parse_class(P, out);
		return;
	case '\\':
		parse_escape(P, out);
		return;
	case '.':
		P->p++;
		set_any(out);
		return;
	case '^':
	case '$':
		P->p++;
		set_exact(P, out, "", 0);
		return;
	case '*':
	case '+':
	case '?':
	case '{':
		P->fail = 1;
		return;
	default:
		break;
	}
	if (c >= 0x80) {
		P->p++;
		while (((unsigned char)*P->p & 0xC0) == 0x80)
			P->p++;
		set_any(out);
		return;
	}
	if (c < 0x20) {
		P->fail = 1;	/* MARK and other control characters */
		return;
	}
	P->p++;
	ch = (char)lower(c);
	set_exact(P, out, &ch, 1);
}

static int read_count(const char **p, long *n)
{
	const char *q = *p;
	long v = 0;

	if (*q < '0' || *q > '9')
		return -1;
	for (; *q >= '0' && *q <= '9'; q++)
		if ((v = v * 10 + (*q - '0')) > 65535)
			return -1;
	*n = v;
	*p = q;
	return 0;
}

static void parse_quant(struct parser *P, struct info *at)
{
	long min, max;
	const char *q = P->p;

	switch (*q) {
	case '?': min = 0; max = 1; q++; break;
	case '*': min = 0; max = -1; q++; break;
	case '+': min = 1; max = -1; q++; break;
	case '{':
		q++;
		if (read_count(&q, &min) < 0) {
			P->fail = 1;
			return;
		}
		max = min;
		if (*q == ',') {
			q++;
			max = -1;
			if (*q != '}' && read_count(&q, &max) < 0) {
				P->fail = 1;
				return;
			}
		}
		if (*q++ != '}') {
			P->fail = 1;
			return;
		}
		break;
	default:
		return;
	}
	if (*q == '?' || *q == '+')
		q++;
	P->p = q;
	if (min == 0) {
		struct sset none = { NULL, 0 }, u;

		if (max == 1 && at->exact) {
			if (set_one(P->a, "", 0, &none) == 0 &&
			    set_union(P->a, &at->ex, &none, &u) == 0) {
				at->ex = u;
				at->pre = u;
				return;
			}
		}
		set_any(at);
		return;
	}
	if (at->exact) {
		struct sset e = at->ex;

		set_any(at);
		conj_add(at, &e);
		at->has_pre = 1;
		at->pre = e;
	}
}

static void parse_seq(struct parser *P, struct info *out)
{
	struct sset cur, x;
	struct info at;
	int whole = 1;
	size_t i;

	memset(out, 0, sizeof *out);
	if (set_one(P->a, "", 0, &cur) < 0) {
		P->fail = 1;
		return;
	}
	while (*P->p && *P->p != '|' && *P->p != ')') {
		parse_atom(P, &at);
		if (P->fail)
			return;
		parse_quant(P, &at);
		if (P->fail)
			return;
		if (at.exact) {
			if (set_cross(P->a, &cur, &at.ex, &x) == 0) {
				cur = x;
				continue;
			}
			if (whole) {
				out->has_pre = 1;
				out->pre = cur;
			}
			conj_add(out, &cur);
			cur = at.ex;
			whole = 0;
			continue;
		}
		if (whole) {
			/* what was read so far starts every match, then
			 * what starts this atom's matches */
			out->has_pre = 1;
			out->pre = cur;
			if (at.has_pre &&
			    set_cross(P->a, &cur, &at.pre, &x) == 0)
				out->pre = x;
		}
		conj_add(out, &cur);
		if (set_one(P->a, "", 0, &cur) < 0) {
			P->fail = 1;
			return;
		}
		whole = 0;
		for (i = 0; i < at.nconj; i++)
			conj_add(out, &at.conj[i]);
	}
	if (whole) {
		out->exact = 1;
		out->ex = cur;
		out->has_pre = 1;
		out->pre = cur;
	} else {
		conj_add(out, &cur);
	}
}

static void parse_alt(struct parser *P, struct info *out)
{
	struct info br, first = { 0 };
	struct sset ex = { NULL, 0 }, rep = { NULL, 0 }, pre = { NULL, 0 }, u;
	const struct sset *b;
	int all_exact = 1, rep_ok = 1, pre_ok = 1, nbr = 0;

	for (;;) {
		parse_seq(P, &br);
		if (P->fail)
			return;
		if (nbr++ == 0)
			first = br;
		if (all_exact && br.exact && set_union(P->a, &ex, &br.ex, &u) == 0)
			ex = u;
		else
			all_exact = 0;
		if (pre_ok && br.has_pre && set_union(P->a, &pre, &br.pre, &u) == 0)
			pre = u;
		else
			pre_ok = 0;
		b = rep_ok ? best(&br) : NULL;
		if (b && set_union(P->a, &rep, b, &u) == 0)
			rep = u;
		else
			rep_ok = 0;
		if (*P->p != '|')
			break;
		P->p++;
	}
	if (nbr == 1) {
		*out = first;
		return;
	}
	memset(out, 0, sizeof *out);
	out->exact = all_exact;
	out->ex = ex;
	out->has_pre = pre_ok;
	out->pre = pre;
	if (rep_ok)
		conj_add(out, &rep);
}

/* The condition of pattern: its sets (nconj = 0 when none), and in
 * out->pre (when has_pre) a set that starts every match, which is also
 * one of the sets or added to them by the caller. */
static void extract(const char *pattern, struct arena *a, struct info *out)
{
	struct parser P = { pattern, a, 0, 0 };
	struct info top;
	const struct sset *b;

	memset(out, 0, sizeof *out);
	parse_alt(&P, &top);
	if (P.fail || *P.p)
		return;
	if (top.exact) {
		if ((b = best(&top)))
			conj_add(out, b);
	} else {
		*out = top;
	}
	out->has_pre = top.has_pre && usable(&top.pre);
	out->pre = top.pre;
}

static int set_same(const struct sset *x, const struct sset *y)
{
	size_t i;

	if (x->n != y->n)
		return 0;
	for (i = 0; i < x->n; i++)
		if (strcmp(x->s[i], y->s[i]))
			return 0;
	return 1;
}

/* The sets of a condition in order: the prefix set first when there is
 * one, then the others, each once. A one-character set is dropped when a
 * longer one exists: it would only cost time at every occurrence of a
 * common letter. Returns the count; *prefix says whether v[0] is the
 * prefix set. */
static size_t cond_sets(const struct info *in, const struct sset **v,
			int *prefix)
{
	const struct sset *all[CLASSIFY_PF_CONJ_MAX + 1];
	size_t i, j, n = 0, m = 0;
	int strong = 0;

	if (in->has_pre)
		all[n++] = &in->pre;
	for (i = 0; i < in->nconj; i++) {
		for (j = 0; j < n && !set_same(all[j], &in->conj[i]); j++)
			;
		if (j == n)
			all[n++] = &in->conj[i];
	}
	for (i = 0; i < n; i++)
		strong |= score(all[i]) >= 2;
	*prefix = 0;
	for (i = 0; i < n; i++) {
		if (strong && score(all[i]) < 2)
			continue;
		if (i == 0 && in->has_pre)
			*prefix = 1;
		v[m++] = all[i];
	}
	return m;
}

/* A literal from a built string: the characters, and whether a word
 * boundary is required before (lb) and after (rb) it. */
static size_t literal(const char *s, char *buf, int *lb, int *rb)
{
	size_t n = 0;
	int lead = 0, trail = 0;

	for (; *s == MARK; s++)
		lead = 1;
	for (; *s; s++) {
		if (*s == MARK) {
			trail = 1;
			continue;
		}
		trail = 0;
		buf[n++] = *s;
	}
	*lb = lead && is_word((unsigned char)buf[0]);
	*rb = trail && is_word((unsigned char)buf[n - 1]);
	return n;
}

static int arena_init(struct arena *a)
{
	a->mem = v_malloc(ARENA_SIZE);
	a->used = 0;
	a->cap = ARENA_SIZE;
	return a->mem ? 0 : -1;
}

int classify_pf_describe(const char *pattern, struct buf *out)
{
	struct arena a;
	struct info in;
	const struct sset *sets[CLASSIFY_PF_CONJ_MAX + 1];
	size_t i, j, n, nsets;
	char lit[CLASSIFY_PF_STR_MAX + 1];
	int lb, rb, rc = 0, prefix;

	if (arena_init(&a) < 0)
		return BUF_ENOMEM;
	extract(pattern, &a, &in);
	nsets = cond_sets(&in, sets, &prefix);
	if (!nsets)
		rc = buf_addstr(out, "*");
	for (i = 0; i < nsets && rc >= 0; i++) {
		rc = buf_addstr(out, i ? " & {" : prefix ? "^{" : "{");
		for (j = 0; j < sets[i]->n && rc >= 0; j++) {
			n = literal(sets[i]->s[j], lit, &lb, &rb);
			rc = buf_addf(out, "%s%s%.*s%s", j ? "|" : "",
				      lb ? "\\b" : "", (int)n, lit,
				      rb ? "\\b" : "");
		}
		if (rc >= 0)
			rc = buf_addch(out, '}');
	}
	v_free(a.mem);
	return rc < 0 ? rc : 0;
}

/* ---- the automaton ---- */

struct entry {
	char *text;
	uint16_t len;
	uint8_t lb, rb;
	uint32_t set;
	uint32_t next;	/* next entry ending at the same state */
};

struct classify_pf {
	struct entry *entries;
	size_t nentries, capentries;
	uint32_t nsets;
	/* after classify_pf_build(): */
	int all;		/* too big: every set always seen */
	uint8_t cls[256];
	uint32_t nclass;
	uint16_t *next;		/* nstates * nclass */
	uint32_t *out;		/* first entry ending here, or NONE */
	uint32_t *dict;		/* nearest suffix state with entries */
	uint8_t *hit;		/* out or dict set */
	uint32_t nstates;
};

struct classify_pf *classify_pf_new(void)
{
	return v_calloc(1, sizeof(struct classify_pf));
}

static void pf_built_free(struct classify_pf *pf)
{
	v_free(pf->next);
	v_free(pf->out);
	v_free(pf->dict);
	v_free(pf->hit);
	pf->next = NULL;
	pf->out = pf->dict = NULL;
	pf->hit = NULL;
}

void classify_pf_free(struct classify_pf *pf)
{
	size_t i;

	if (!pf)
		return;
	for (i = 0; i < pf->nentries; i++)
		v_free(pf->entries[i].text);
	v_free(pf->entries);
	pf_built_free(pf);
	v_free(pf);
}

static int add_entry(struct classify_pf *pf, const char *s, size_t n,
		     int lb, int rb, uint32_t set)
{
	struct entry *e;

	if (pf->nentries == pf->capentries) {
		size_t cap = pf->capentries * 2 + 64;

		e = v_reallocarray(pf->entries, cap, sizeof *e);
		if (!e)
			return -1;
		pf->entries = e;
		pf->capentries = cap;
	}
	e = &pf->entries[pf->nentries];
	e->text = v_strndup(s, n);
	if (!e->text)
		return -1;
	e->len = (uint16_t)n;
	e->lb = (uint8_t)lb;
	e->rb = (uint8_t)rb;
	e->set = set;
	e->next = NONE;
	pf->nentries++;
	return 0;
}

int classify_pf_add(struct classify_pf *pf, const char *pattern,
		    size_t plen, struct classify_pf_cond *c)
{
	struct arena a;
	struct info in;
	const struct sset *sets[CLASSIFY_PF_CONJ_MAX + 1];
	size_t i, j, len, nsets;
	char lit[CLASSIFY_PF_STR_MAX + 1], *pat;
	int lb, rb, rc = -1;

	c->first = pf->nsets;
	c->n = 0;
	c->prefix = 0;
	pat = v_strndup(pattern, plen);
	if (!pat)
		return -1;
	if (arena_init(&a) < 0) {
		v_free(pat);
		return -1;
	}
	extract(pat, &a, &in);
	nsets = cond_sets(&in, sets, &c->prefix);
	for (i = 0; i < nsets; i++) {
		for (j = 0; j < sets[i]->n; j++) {
			len = literal(sets[i]->s[j], lit, &lb, &rb);
			if (add_entry(pf, lit, len, lb, rb, pf->nsets) < 0)
				goto done;
		}
		pf->nsets++;
		c->n++;
	}
	rc = 0;
done:
	v_free(a.mem);
	v_free(pat);
	return rc;
}

size_t classify_pf_nsets(const struct classify_pf *pf)
{
	return pf->nsets;
}

static int cmp_text(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The states of the trie of every entry: 1 for the root plus, in sorted
 * order, each string's length past what it shares with the one before.
 * Many strings share their beginning ("bearing fault", "bearing
 * faults"), so this is often far below the sum of their lengths. 0 on
 * ENOMEM. */
static size_t trie_states(const struct classify_pf *pf)
{
	const char **v = v_reallocarray(NULL, pf->nentries + 1, sizeof *v);
	size_t i, k, n = 1;

	if (!v)
		return 0;
	for (i = 0; i < pf->nentries; i++)
		v[i] = pf->entries[i].text;
	qsort(v, pf->nentries, sizeof *v, cmp_text);
	for (i = 0; i < pf->nentries; i++) {
		k = 0;
		if (i > 0)
			while (v[i][k] && v[i][k] == v[i - 1][k])
				k++;
		n += strlen(v[i]) - k;
	}
	v_free(v);
	return n;
}

int classify_pf_build(struct classify_pf *pf)
{
	static const char *const bypass[] = { "\xE2\x84\xAA", "\xC5\xBF" };
	size_t i, k, bytes;
	uint32_t s, c, nc, head, tail, *fail = NULL, *queue = NULL;
	int rc = -1;

	for (i = 0; i < 2; i++)
		if (add_entry(pf, bypass[i], strlen(bypass[i]), 0, 0,
			      BYPASS) < 0)
			return -1;
	memset(pf->cls, 0, sizeof pf->cls);
	nc = 1;
	for (i = 0; i < pf->nentries; i++) {
		for (k = 0; k < pf->entries[i].len; k++) {
			unsigned char b = (unsigned char)pf->entries[i].text[k];

			if (!pf->cls[b])
				pf->cls[b] = (uint8_t)nc++;
		}
	}
	/* folded text is lower case; upper case costs nothing to accept */
	for (c = 'A'; c <= 'Z'; c++)
		pf->cls[c] = pf->cls[c + 32];
	pf->nclass = nc;
	bytes = trie_states(pf);
	if (!bytes)
		return -1;
	if (bytes > CLASSIFY_PF_STATES_MAX) {
		pf->all = 1;
		return 0;
	}
	pf->next = v_calloc(bytes * nc, sizeof *pf->next);
	pf->out = v_malloc(bytes * sizeof *pf->out);
	pf->dict = v_malloc(bytes * sizeof *pf->dict);
	pf->hit = v_calloc(bytes, 1);
	fail = v_malloc(bytes * sizeof *fail);
	queue = v_malloc(bytes * sizeof *queue);
	if (!pf->next || !pf->out || !pf->dict || !pf->hit || !fail || !queue)
		goto done;
	for (s = 0; s < bytes; s++)
		pf->out[s] = pf->dict[s] = NONE;
	/* the trie; 0 in next[] means "no edge" until the links below */
	pf->nstates = 1;
	for (i = 0; i < pf->nentries; i++) {
		struct entry *e = &pf->entries[i];

		s = 0;
		for (k = 0; k < e->len; k++) {
			uint16_t *t = &pf->next[s * nc +
						pf->cls[(unsigned char)e->text[k]]];

			if (!*t)
				*t = (uint16_t)pf->nstates++;
			s = *t;
		}
		e->next = pf->out[s];
		pf->out[s] = (uint32_t)i;
	}
	/* breadth first: failure links, then every missing edge filled */
	head = tail = 0;
	for (c = 0; c < nc; c++) {
		uint16_t v = pf->next[c];

		if (v) {
			fail[v] = 0;
			queue[tail++] = v;
		}
	}
	while (head < tail) {
		uint32_t u = queue[head++], f = fail[u];

		pf->dict[u] = pf->out[f] != NONE ? f : pf->dict[f];
		pf->hit[u] = pf->out[u] != NONE || pf->dict[u] != NONE;
		for (c = 0; c < nc; c++) {
			uint16_t *t = &pf->next[u * nc + c];

			if (*t) {
				fail[*t] = pf->next[f * nc + c];
				queue[tail++] = *t;
			} else {
				*t = pf->next[f * nc + c];
			}
		}
	}
	rc = 0;
done:
	v_free(fail);
	v_free(queue);
	if (rc < 0)
		pf_built_free(pf);
	return rc;
}

void classify_pf_scan(const struct classify_pf *pf, const char *text,
		      size_t len, uint32_t *pos)
{
	const unsigned char *t = (const unsigned char *)text;
	uint32_t s = 0, u, x;
	size_t i;
	int bypass = 0;

	if (pf->all || !pf->next) {
		memset(pos, 0, pf->nsets * sizeof *pos);
		return;
	}
	memset(pos, 0xFF, pf->nsets * sizeof *pos);
	for (i = 0; i < len; i++) {
		s = pf->next[s * pf->nclass + pf->cls[t[i]]];
		if (!pf->hit[s])
			continue;
		for (u = pf->out[s] != NONE ? s : pf->dict[s]; u != NONE;
		     u = pf->dict[u]) {
			for (x = pf->out[u]; x != NONE; x = pf->entries[x].next) {
				const struct entry *e = &pf->entries[x];
				size_t start = i + 1 - e->len;

				if (e->set == BYPASS) {
					bypass = 1;
					continue;
				}
				if (e->lb && start > 0 && is_word(t[start - 1]))
					continue;
				if (e->rb && i + 1 < len && is_word(t[i + 1]))
					continue;
				if (start < pos[e->set])
					pos[e->set] = (uint32_t)start;
			}
		}
	}
	if (bypass)
		memset(pos, 0, pf->nsets * sizeof *pos);
}
