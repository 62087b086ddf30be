/* date_parse() against the table tests/data/dates.tsv: one case a line,
 * "input<TAB>expected", the expected value in RFC 3339 UTC or "-" for a date
 * that must be refused. Expected values were computed independently. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../parser/date.h"
#include "../../util/vtime.h"
#include "tap.h"

#define TABLE "tests/data/dates.tsv"

int main(void)
{
	FILE *f = fopen(TABLE, "r");
	char line[512];
	int n = 0;

	if (!f) {
		OK(0, "open %s", TABLE);
		return tap_done();
	}
	while (fgets(line, sizeof(line), f)) {
		char *tab, got[32];
		size_t len = strlen(line);
		int64_t t = 0;
		int r;

		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '#' || len == 0)
			continue;
		tab = strchr(line, '\t');
		if (!tab) {
			OK(0, "%s: line without a tab: '%s'", TABLE, line);
			continue;
		}
		*tab = '\0';
		r = date_parse(line, &t);
		if (r == 0)
			vtime_rfc3339(t, got, sizeof(got));
		else
			snprintf(got, sizeof(got), "-");
		STREQ(got, tab + 1, "date '%s'", line);
		n++;
	}
	fclose(f);
	OK(n >= 100, "date table has at least 100 cases (%d)", n);
	{
		int64_t t = 42;

		OK(date_parse(NULL, &t) < 0 && t == 42,
		   "NULL is refused and leaves the result alone");
	}
	return tap_done();
}
