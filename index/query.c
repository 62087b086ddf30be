/* Translation of the user's search syntax into an FTS5 expression; see
 * query.h. A hand-written scanner, so every error can say where it is. */
#include <string.h>

#include "../util/str.h"
#include "query.h"

#define NEAR_DEFAULT 10

struct qp {
	const char *q;
	const char *p;
	struct buf pos;		/* the AND of the positive clauses */
	struct buf neg;		/* the OR of the excluded terms */
	struct buf clause;	/* the OR group being built */
	int clause_terms;
	int nclauses;
	int nneg;
	int pending_or;		/* an OR waits for its right-hand term */
	const char *or_at;
	int exact;		/* QUERY_EXACT: every term as written */
	int last_exact;		/* the term just read is to be as written */
	struct buf last_text;	/* ... and its text */
	int clause_exact;	/* every term of the clause so far is */
	struct buf exact_clause; /* their texts, QUERY_EXACT_ALT between */
	struct buf *exact_out;	/* see query_translate_flags() */
	struct err *e;
};

static int column(const struct qp *qp, const char *at)
{
	const char *s;
	int col = 1;

	for (s = qp->q; s < at; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			col++;
	return col;
}

static int fail(struct qp *qp, const char *at, const char *what)
{
	return err_set(qp->e, "%s at column %d", what, column(qp, at));
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* A term worth searching has at least one letter or digit (bytes >= 0x80
 * are taken as letters of other scripts). */
static int searchable(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z'))
			return 1;
	}
	return 0;
}

/* A control byte of the user's is a space (the exact forms' separators
 * are control bytes). */
static int add_quoted(struct buf *b, const char *s, size_t n)
{
	size_t i;
	int rc = buf_addch(b, '"');

	for (i = 0; i < n && rc == 0; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"')
			rc = buf_addch(b, '"');
		if (rc == 0)
			rc = buf_addch(b, c < 0x20 || c == 0x7f ? ' ' : s[i]);
	}
	if (rc == 0)
		rc = buf_addch(b, '"');
	return rc;
}

static const char *const fields[] = {
	"title", "author", "authors", "feed", "summary", "content", NULL
};

static const char *field_column(const char *name, size_t n)
{
	if (n == 5 && !str_ncasecmp(name, "title", 5))
		return "title";
	if ((n == 6 && !str_ncasecmp(name, "author", 6)) ||
	    (n == 7 && !str_ncasecmp(name, "authors", 7)))
		return "authors";
	if (n == 4 && !str_ncasecmp(name, "feed", 4))
		return "feed";
	if (n == 7 && !str_ncasecmp(name, "summary", 7))
		return "summary";
	if (n == 7 && !str_ncasecmp(name, "content", 7))
		return "content";
	return NULL;
}

/* Remembers the text of the term just read, when it is to be found as
 * written (a prefix never is: it is matched against stems). */
static int note_term(struct qp *qp, const char *s, size_t n, int exact)
{
	size_t i;
	int rc = 0;

	qp->last_exact = exact;
	buf_reset(&qp->last_text);
	for (i = 0; exact && i < n && rc == 0; i++)
		rc = buf_addch(&qp->last_text, (unsigned char)s[i] < 0x20 ||
			       s[i] == 0x7f ? ' ' : s[i]);
	return rc;
}

/* Reads one word or phrase at qp->p into out as a quoted FTS5 string (with
 * a trailing * for a prefix). Returns 1 when a term was written, 0 when it
 * held nothing searchable, -1 on error. stop: extra bytes ending a word. */
static int read_term(struct qp *qp, struct buf *out, const char *stop)
{
	const char *start = qp->p, *s;
	int prefix = 0, rc, exact = qp->exact;

	/* "=word", "=\"a phrase\"": this term as written */
	if (*qp->p == '=' && qp->p[1] && !is_space(qp->p[1]) &&
	    !strchr(stop, qp->p[1])) {
		exact = 1;
		start = ++qp->p;
	}
	if (*qp->p == '"') {
		s = ++qp->p;
		while (*qp->p && *qp->p != '"')
			qp->p++;
		if (!*qp->p)
			return fail(qp, start, "unbalanced quote");
		if (!searchable(s, (size_t)(qp->p - s)))
			return fail(qp, start, "empty phrase");
		rc = add_quoted(out, s, (size_t)(qp->p - s));
		if (rc == 0)
			rc = note_term(qp, s, (size_t)(qp->p - s), exact);
		qp->p++;
		if (*qp->p == '*') {
			qp->p++;
			prefix = 1;
			qp->last_exact = 0;
		}
		if (rc == 0 && prefix)
			rc = buf_addch(out, '*');
		return rc ? err_set(qp->e, "out of memory") : 1;
	}
	s = qp->p;
	while (*qp->p && !is_space(*qp->p) && !strchr(stop, *qp->p)) {
		if (*qp->p == '"')
			return fail(qp, qp->p, "unbalanced quote");
		qp->p++;
	}
	if (qp->p > s && qp->p[-1] == '*') {
		prefix = 1;
		while (qp->p - 1 > s && qp->p[-2] == '*')
			return fail(qp, qp->p - 1, "'*' must end a word");
	}
	{
		const char *star = memchr(s, '*', (size_t)(qp->p - s - prefix));
		if (star)
			return fail(qp, star, "'*' must end a word");
	}
	if (!searchable(s, (size_t)(qp->p - s - prefix))) {
		if (prefix)
			return fail(qp, s, "'*' needs a word before it");
		return 0;
	}
	rc = add_quoted(out, s, (size_t)(qp->p - s - prefix));
	if (rc == 0)
		rc = note_term(qp, s, (size_t)(qp->p - s - prefix),
			       exact && !prefix);
	if (rc == 0 && prefix)
		rc = buf_addch(out, '*');
	return rc ? err_set(qp->e, "out of memory") : 1;
}

/* NEAR(term term ..., N) */
static int read_near(struct qp *qp, struct buf *out)
{
	const char *start = qp->p;
	int n = 0, rc, dist = NEAR_DEFAULT;

	qp->p += 5;
	if (buf_addstr(out, "NEAR(") < 0)
		return err_set(qp->e, "out of memory");
	for (;;) {
		while (is_space(*qp->p))
			qp->p++;
		if (!*qp->p)
			return fail(qp, start, "unclosed 'NEAR('");
		if (*qp->p == ')' || *qp->p == ',')
			break;
		if (n && buf_addch(out, ' ') < 0)
			return err_set(qp->e, "out of memory");
		rc = read_term(qp, out, "),");
		if (rc < 0)
			return -1;
		if (rc == 0 && n)
			buf_truncate(out, out->len - 1);
		n += rc;
	}
	if (*qp->p == ',') {
		const char *num;
		int64_t v;
		char tmp[16];
		size_t len;

		qp->p++;
		while (is_space(*qp->p))
			qp->p++;
		num = qp->p;
		while (*qp->p >= '0' && *qp->p <= '9')
			qp->p++;
		len = (size_t)(qp->p - num);
		if (len == 0 || len >= sizeof tmp)
			return fail(qp, num, "'NEAR(' wants a distance after ','");
		memcpy(tmp, num, len);
		tmp[len] = 0;
		if (str_to_i64(tmp, 0, 1000, &v) < 0)
			return fail(qp, num, "'NEAR(' distance out of range 0..1000");
		dist = (int)v;
		while (is_space(*qp->p))
			qp->p++;
		if (*qp->p != ')')
			return fail(qp, qp->p, "expected ')' to close 'NEAR('");
	}
	qp->p++;
	if (n < 2)
		return fail(qp, start, "'NEAR(' needs at least two words");
	if (buf_addf(out, ", %d)", dist) < 0)
		return err_set(qp->e, "out of memory");
	return 1;
}

/* Adds the term just read to the clause's exact forms: a clause is
 * checked as written only when all its terms are to be. */
static int note_clause(struct qp *qp)
{
	int rc = 0;

	if (!qp->clause_terms) {
		qp->clause_exact = 1;
		buf_reset(&qp->exact_clause);
	}
	qp->clause_exact &= qp->last_exact;
	if (!qp->clause_exact)
		return 0;
	if (qp->exact_clause.len)
		rc |= buf_addch(&qp->exact_clause, QUERY_EXACT_ALT);
	rc |= buf_add(&qp->exact_clause, qp->last_text.data, qp->last_text.len);
	return rc ? -1 : 0;
}

static int flush_clause(struct qp *qp)
{
	int rc = 0;

	if (!qp->clause_terms)
		return 0;
	if (qp->clause_exact && qp->exact_out) {
		if (qp->exact_out->len)
			rc |= buf_addch(qp->exact_out, QUERY_EXACT_AND);
		rc |= buf_add(qp->exact_out, qp->exact_clause.data,
			      qp->exact_clause.len);
	}
	if (qp->nclauses)
		rc |= buf_addstr(&qp->pos, " AND ");
	if (qp->clause_terms > 1)
		rc |= buf_addch(&qp->pos, '(');
	rc |= buf_add(&qp->pos, qp->clause.data, qp->clause.len);
	if (qp->clause_terms > 1)
		rc |= buf_addch(&qp->pos, ')');
	buf_reset(&qp->clause);
	qp->clause_terms = 0;
	qp->nclauses++;
	return rc ? err_set(qp->e, "out of memory") : 0;
}

static int is_keyword(const char *p, const char *kw)
{
	size_t n = strlen(kw);

	return !strncmp(p, kw, n) && (!p[n] || is_space(p[n]));
}

static int parse(struct qp *qp)
{
	struct buf term = BUF_INIT;
	int rc = 0;

	for (;;) {
		const char *at, *col = NULL;
		int negate = 0, got;

		while (is_space(*qp->p))
			qp->p++;
		if (!*qp->p)
			break;
		at = qp->p;
		if (is_keyword(qp->p, "OR")) {
			if (!qp->clause_terms || qp->pending_or) {
				rc = fail(qp, at, "'OR' needs a word on each side");
				break;
			}
			qp->pending_or = 1;
			qp->or_at = at;
			qp->p += 2;
			continue;
		}
		if (is_keyword(qp->p, "AND")) {
			qp->p += 3;
			continue;
		}
		if (is_keyword(qp->p, "NOT")) {
			qp->p += 3;
			while (is_space(*qp->p))
				qp->p++;
			if (!*qp->p) {
				rc = fail(qp, at, "'NOT' needs a word after it");
				break;
			}
			negate = 1;
		} else if (*qp->p == '-') {
			qp->p++;
			if (!*qp->p || is_space(*qp->p)) {
				rc = fail(qp, at, "'-' needs a word after it");
				break;
			}
			negate = 1;
		}
		buf_reset(&term);
		if (!strncmp(qp->p, "NEAR(", 5)) {
			got = read_near(qp, &term);
			qp->last_exact = 0;
		} else {
			const char *c = qp->p;
			/* field:term */
			while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'))
				c++;
			if (*c == ':' && c > qp->p) {
				col = field_column(qp->p, (size_t)(c - qp->p));
				if (!col) {
					char name[32];
					const char *sug;
					size_t n = (size_t)(c - qp->p);

					if (n >= sizeof name)
						n = sizeof name - 1;
					memcpy(name, qp->p, n);
					name[n] = 0;
					sug = str_suggest(name, fields);
					if (sug) {
						rc = err_set(qp->e, "unknown field '%s' "
							     "at column %d (did you "
							     "mean '%s'?)", name,
							     column(qp, qp->p), sug);
						break;
					}
				} else {
					qp->p = c + 1;
					if (!*qp->p || is_space(*qp->p)) {
						rc = fail(qp, at, "a field needs a "
							  "word after ':'");
						break;
					}
				}
			}
			if (col && buf_addf(&term, "%s : ", col) < 0) {
				rc = err_set(qp->e, "out of memory");
				break;
			}
			got = read_term(qp, &term, "");
		}
		if (got < 0) {
			rc = -1;
			break;
		}
		if (got == 0) {
			/* nothing searchable ("--", "&"): skip it, but an OR
			 * before it has lost its right-hand side */
			continue;
		}
		if (negate) {
			if (qp->pending_or) {
				rc = fail(qp, at, "an excluded word cannot follow 'OR'");
				break;
			}
			if ((qp->nneg && buf_addstr(&qp->neg, " OR ") < 0) ||
			    buf_add(&qp->neg, term.data, term.len) < 0) {
				rc = err_set(qp->e, "out of memory");
				break;
			}
			qp->nneg++;
			continue;
		}
		if (qp->pending_or) {
			if (buf_addstr(&qp->clause, " OR ") < 0) {
				rc = err_set(qp->e, "out of memory");
				break;
			}
			qp->pending_or = 0;
		} else if ((rc = flush_clause(qp)) < 0) {
			break;
		}
		if (buf_add(&qp->clause, term.data, term.len) < 0 ||
		    note_clause(qp) < 0) {
			rc = err_set(qp->e, "out of memory");
			break;
		}
		qp->clause_terms++;
	}
	buf_release(&term);
	if (rc < 0)
		return -1;
	if (qp->pending_or)
		return fail(qp, qp->or_at, "'OR' needs a word on each side");
	return flush_clause(qp);
}

int query_translate(const char *q, struct buf *out, struct err *e)
{
	return query_translate_flags(q, 0, out, NULL, e);
}

int query_translate_flags(const char *q, unsigned flags, struct buf *out,
			  struct buf *exact, struct err *e)
{
	struct qp qp;
	int rc = -1;

	memset(&qp, 0, sizeof qp);
	qp.exact = !!(flags & QUERY_EXACT);
	qp.exact_out = exact;
	buf_init(&qp.last_text, 1 << 16);
	buf_init(&qp.exact_clause, 1 << 16);
	qp.q = qp.p = q ? q : "";
	qp.e = e;
	buf_init(&qp.pos, 1 << 16);
	buf_init(&qp.neg, 1 << 16);
	buf_init(&qp.clause, 1 << 16);
	if (parse(&qp) < 0)
		goto out;
	if (!qp.nclauses) {
		err_set(e, qp.nneg ? "a query needs a word that is not excluded"
				   : "nothing to search for");
		goto out;
	}
	if (qp.nneg) {
		if (buf_addch(out, '(') < 0 ||
		    buf_add(out, qp.pos.data, qp.pos.len) < 0 ||
		    buf_addstr(out, ") NOT (") < 0 ||
		    buf_add(out, qp.neg.data, qp.neg.len) < 0 ||
		    buf_addch(out, ')') < 0) {
			err_set(e, "query too long");
			goto out;
		}
	} else if (buf_add(out, qp.pos.data, qp.pos.len) < 0) {
		err_set(e, "query too long");
		goto out;
	}
	rc = 0;
out:
	if (rc < 0 && exact)
		buf_reset(exact);
	buf_release(&qp.last_text);
	buf_release(&qp.exact_clause);
	buf_release(&qp.pos);
	buf_release(&qp.neg);
	buf_release(&qp.clause);
	return rc;
}
