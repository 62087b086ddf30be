/* Error messages written once, where the error is found, into a
 * caller-supplied struct err; only cli/ prints them. Messages are lowercase,
 * quote their subject and end without a full stop:
 *	unknown key 'urll' (did you mean 'url'?) */
#ifndef VEILLE_UTIL_ERR_H
#define VEILLE_UTIL_ERR_H

#define ERR_MSG_MAX 1024

struct err {
	char msg[ERR_MSG_MAX];
};

/* Sets the message (truncated to fit) and returns -1, so callers can write
 * `return err_set(e, "...")`. e may be NULL. */
int err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prefixes the current message with "prefix: ". */
void err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void err_clear(struct err *e);

#endif
