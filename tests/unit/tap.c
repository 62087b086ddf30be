/* The test protocol's C side. */
#include "tap.h"

#include <stdarg.h>
#include <stdio.h>

static int failed;

static void line(const char *status, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void line(const char *status, const char *fmt, va_list ap)
{
	printf("%s - ", status);
	vprintf(fmt, ap);
}

void tap_check(int cond, const char *file, int ln, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	line(cond ? "ok" : "not ok", fmt, ap);
	va_end(ap);
	if (!cond) {
		printf(" (%s:%d)", file, ln);
		failed++;
	}
	putchar('\n');
	fflush(stdout);
}

void tap_streq(const char *got, const char *want, const char *file, int ln,
	       const char *fmt, ...)
{
	int cond = (got == NULL && want == NULL) ||
		   (got && want && !strcmp(got, want));
	va_list ap;

	va_start(ap, fmt);
	line(cond ? "ok" : "not ok", fmt, ap);
	va_end(ap);
	if (!cond) {
		printf(" (%s:%d)\n#   got:  %s%s%s\n#   want: %s%s%s", file, ln,
		       got ? "'" : "", got ? got : "NULL", got ? "'" : "",
		       want ? "'" : "", want ? want : "NULL", want ? "'" : "");
		failed++;
	}
	putchar('\n');
	fflush(stdout);
}

void tap_skip(const char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	line("skip", fmt, ap);
	va_end(ap);
	printf(": %s\n", why);
	fflush(stdout);
}

int tap_done(void)
{
	return failed ? 1 : 0;
}
