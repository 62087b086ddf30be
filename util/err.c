/* Caller-supplied error messages. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void err_prefix(struct err *e, const char *fmt, ...)
{
	char pre[ERR_MSG_MAX];
	size_t plen, olen;
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre) - 2, fmt, ap);
	va_end(ap);
	plen = strlen(pre);
	pre[plen++] = ':';
	pre[plen++] = ' ';
	olen = strlen(e->msg);
	if (plen + olen >= sizeof(e->msg))
		olen = sizeof(e->msg) - 1 - plen;
	memmove(e->msg + plen, e->msg, olen);
	memcpy(e->msg, pre, plen);
	e->msg[plen + olen] = '\0';
}

void err_clear(struct err *e)
{
	if (e)
		e->msg[0] = '\0';
}
