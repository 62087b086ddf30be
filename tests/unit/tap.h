/* A tiny test protocol shared by unit tests and end-to-end scripts: one
 * line per check, "ok - what", "not ok - what", or "skip - what: why";
 * tests/run.sh counts them. */
#ifndef VEILLE_TESTS_TAP_H
#define VEILLE_TESTS_TAP_H

#include <string.h>

void tap_check(int cond, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void tap_streq(const char *got, const char *want, const char *file, int line,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void tap_skip(const char *why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Exit status for main(): 1 when any check failed. */
int tap_done(void);

#define OK(cond, ...) tap_check(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define STREQ(got, want, ...) \
	tap_streq((got), (want), __FILE__, __LINE__, __VA_ARGS__)

#endif
