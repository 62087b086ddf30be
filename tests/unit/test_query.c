/* Unit tests of the search syntax translator (index/query.c): each case is
 * a user query and the FTS5 expression, or the error, it must give. */
#include <string.h>

#include "../../index/query.h"
#include "tap.h"

static const struct { const char *in, *want; } cases[] = {
	{ "maintenance", "\"maintenance\"" },
	{ "maintenance prédictive", "\"maintenance\" AND \"prédictive\"" },
	{ "  a   AND  b ", "\"a\" AND \"b\"" },
	{ "\"jumeau numérique\"", "\"jumeau numérique\"" },
	{ "pompe OR moteur", "(\"pompe\" OR \"moteur\")" },
	{ "a OR b OR c d", "(\"a\" OR \"b\" OR \"c\") AND \"d\"" },
	{ "vibration -football", "(\"vibration\") NOT (\"football\")" },
	{ "vibration NOT football -rugby", "(\"vibration\") NOT (\"football\" OR \"rugby\")" },
	{ "thermo*", "\"thermo\"*" },
	{ "\"digital tw\"*", "\"digital tw\"*" },
	{ "title:cmms", "title : \"cmms\"" },
	{ "author:Dupont feed:arxiv", "authors : \"Dupont\" AND feed : \"arxiv\"" },
	{ "title:\"digital twin\" summary:rul*", "title : \"digital twin\" AND summary : \"rul\"*" },
	{ "NEAR(bearing fault)", "NEAR(\"bearing\" \"fault\", 10)" },
	{ "NEAR(bearing \"fault detection\", 5) pump", "NEAR(\"bearing\" \"fault detection\", 5) AND \"pump\"" },
	/* user text that looks like FTS5 syntax stays quoted text */
	{ "a\"\"b", NULL },
	{ "col:umn", "\"col:umn\"" },
	{ "x) OR (y", "(\"x)\" OR \"(y\")" },
	{ "don't", "\"don't\"" },
	{ "near(a b)", "\"near(a\" AND \"b)\"" },
	{ "wi-fi", "\"wi-fi\"" },
	{ "a -- b", "\"a\" AND \"b\"" },
	{ "or and not", "\"or\" AND \"and\" AND \"not\"" },
};

static const struct { const char *in, *err; } errors[] = {
	{ "foo \"bar", "unbalanced quote at column 5" },
	{ "maintenance \"prédictive", "unbalanced quote at column 13" },
	{ "maintenance prédi\"ctive", "unbalanced quote at column 18" },
	{ "OR pompe", "'OR' needs a word on each side at column 1" },
	{ "pompe OR", "'OR' needs a word on each side at column 7" },
	{ "a OR OR b", "'OR' needs a word on each side at column 6" },
	{ "-pompe", "a query needs a word that is not excluded" },
	{ "a OR -b", "an excluded word cannot follow 'OR' at column 6" },
	{ "", "nothing to search for" },
	{ "   ", "nothing to search for" },
	{ "a -", "'-' needs a word after it at column 3" },
	{ "a NOT", "'NOT' needs a word after it at column 3" },
	{ "*", "'*' needs a word before it at column 1" },
	{ "th*ermo", "'*' must end a word at column 3" },
	{ "\"\"", "empty phrase at column 1" },
	{ "titel:cmms", "unknown field 'titel' at column 1 (did you mean 'title'?)" },
	{ "title: cmms", "a field needs a word after ':' at column 1" },
	{ "NEAR(a b", "unclosed 'NEAR(' at column 1" },
	{ "NEAR(a)", "'NEAR(' needs at least two words at column 1" },
	{ "NEAR(a b, x)", "'NEAR(' wants a distance after ',' at column 11" },
	{ "NEAR(a b, 5000)", "'NEAR(' distance out of range 0..1000 at column 11" },
};

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf b = BUF_INIT;
		struct err e = { "" };
		int rc = query_translate(cases[i].in, &b, &e);

		if (!cases[i].want) {
			/* a"" b: the inner quotes are an unbalanced pair */
			OK(rc < 0 || strchr(buf_cstr(&b), '"'), "query [%s]: %s",
			   cases[i].in, rc < 0 ? e.msg : buf_cstr(&b));
		} else {
			OK(rc == 0, "query [%s] accepted (%s)", cases[i].in, e.msg);
			STREQ(buf_cstr(&b), cases[i].want, "query [%s]", cases[i].in);
		}
		buf_release(&b);
	}
	for (i = 0; i < sizeof errors / sizeof errors[0]; i++) {
		struct buf b = BUF_INIT;
		struct err e = { "" };

		OK(query_translate(errors[i].in, &b, &e) < 0, "query [%s] refused",
		   errors[i].in);
		STREQ(e.msg, errors[i].err, "query [%s] error", errors[i].in);
		buf_release(&b);
	}
	return tap_done();
}
