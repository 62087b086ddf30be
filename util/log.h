/* Diagnostics on stderr for cli/ and a progress line for long work.
 * Modules below cli/ do not print: they return errors in a struct err. */
#ifndef VEILLE_UTIL_LOG_H
#define VEILLE_UTIL_LOG_H

enum log_level { LOG_QUIET = -1, LOG_NORMAL = 0, LOG_VERBOSE = 1, LOG_DEBUG = 2 };

void log_set_level(int level);
int log_level(void);
/* "veille: error: ..." always; warnings unless quiet; info when verbose. */
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Progress on a terminal: a single line rewritten in place on stderr, only
 * when stderr is a terminal and not quiet; a no-op otherwise. */
void progress_update(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Erases the progress line (call before printing anything else). */
void progress_done(void);

#endif
