/* libcurl, loaded when first used: see curl_lazy.h for why.
 *
 * Each libcurl function veille calls is defined here with libcurl's own
 * prototype (from <curl/curl.h>, so a mismatch does not compile) and
 * forwards to the function of the same name in the loaded library. The
 * executable does not export these definitions (it is not linked with
 * -rdynamic), so libcurl's calls to itself never come back here.
 *
 * To call a libcurl function that is not listed yet, add it to FORWARD or
 * FORWARD_VOID below; the link fails until it is listed. The names are
 * defined in parentheses: <curl/curl.h> may make some of them macros that
 * check argument types at the call sites. */
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "curl_lazy.h"

#ifndef VEILLE_CURL_SONAME
#define VEILLE_CURL_SONAME "libcurl.so.4"
#endif

/* X(return type, name after "curl_", parameters, arguments) */
#define FORWARD(X)							\
	X(CURLcode, global_init, (long flags), (flags))			\
	X(CURL *, easy_init, (void), ())				\
	X(CURLcode, easy_perform, (CURL *h), (h))			\
	X(const char *, easy_strerror, (CURLcode c), (c))		\
	X(CURLHcode, easy_header, (CURL *h, const char *name,		\
		size_t index, unsigned int origin, int request,		\
		struct curl_header **hout),				\
		(h, name, index, origin, request, hout))		\
	X(CURLM *, multi_init, (void), ())				\
	X(CURLMcode, multi_add_handle, (CURLM *m, CURL *h), (m, h))	\
	X(CURLMcode, multi_remove_handle, (CURLM *m, CURL *h), (m, h))	\
	X(CURLMcode, multi_perform, (CURLM *m, int *running),		\
		(m, running))						\
	X(CURLMcode, multi_poll, (CURLM *m, struct curl_waitfd *fds,	\
		unsigned int nfds, int timeout_ms, int *numfds),	\
		(m, fds, nfds, timeout_ms, numfds))			\
	X(CURLMsg *, multi_info_read, (CURLM *m, int *left), (m, left))	\
	X(CURLMcode, multi_cleanup, (CURLM *m), (m))			\
	X(struct curl_slist *, slist_append,				\
		(struct curl_slist *list, const char *s), (list, s))	\
	X(CURLU *, url, (void), ())					\
	X(CURLUcode, url_get, (CURLU *u, CURLUPart what, char **part,	\
		unsigned int flags), (u, what, part, flags))		\
	X(CURLUcode, url_set, (CURLU *u, CURLUPart what,		\
		const char *part, unsigned int flags),			\
		(u, what, part, flags))					\
	X(time_t, getdate, (const char *p, const time_t *unused),	\
		(p, unused))						\
	X(curl_version_info_data *, version_info, (CURLversion v), (v))

#define FORWARD_VOID(X)							\
	X(easy_cleanup, (CURL *h), (h))					\
	X(slist_free_all, (struct curl_slist *list), (list))		\
	X(url_cleanup, (CURLU *u), (u))					\
	X(free, (void *p), (p))

#define MEMBER(R, name, params, args) R (*name) params;
#define MEMBER_VOID(name, params, args) void (*name) params;

struct curl_fns {
	FORWARD(MEMBER)
	FORWARD_VOID(MEMBER_VOID)
	void (*global_cleanup)(void);
	CURLcode (*easy_setopt)(CURL *h, CURLoption opt, ...);
	CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
	CURLMcode (*multi_setopt)(CURLM *m, CURLMoption opt, ...);
};

static struct curl_fns fn;
static atomic_int ready;
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

/* dlsym gives a void *; POSIX guarantees that it converts to a function
 * pointer, and memcpy does it without a cast ISO C does not define. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
	       "function pointers fit in a void *");

static int resolve(void *lib, const char *name, void *slot, const char *soname,
		   struct err *e)
{
	void *p = dlsym(lib, name);

	if (!p)
		return err_set(e, "cannot load libcurl '%s': no function '%s'",
			       soname, name);
	memcpy(slot, &p, sizeof p);
	return 0;
}

int curl_lazy_load_from(const char *soname, struct err *e)
{
	struct curl_fns f;
	void *lib;
	int rc = 0;

	if (atomic_load_explicit(&ready, memory_order_acquire))
		return 0;
	pthread_mutex_lock(&load_lock);
	if (atomic_load_explicit(&ready, memory_order_relaxed))
		goto out;
	lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *why = dlerror();

		rc = err_set(e, "cannot load libcurl '%s': %s", soname,
			     why ? why : "unknown error");
		goto out;
	}
	memset(&f, 0, sizeof f);
#define RESOLVE(name, slot) \
	if (rc == 0) \
		rc = resolve(lib, "curl_" #name, &f.slot, soname, e);
#define RESOLVE_FN(R, name, params, args) RESOLVE(name, name)
#define RESOLVE_VOID(name, params, args) RESOLVE(name, name)
	FORWARD(RESOLVE_FN)
	FORWARD_VOID(RESOLVE_VOID)
	RESOLVE(global_cleanup, global_cleanup)
	RESOLVE(easy_setopt, easy_setopt)
	RESOLVE(easy_getinfo, easy_getinfo)
	RESOLVE(multi_setopt, multi_setopt)
	if (rc < 0) {
		dlclose(lib);
		goto out;
	}
	/* The library stays loaded until the process ends: libcurl keeps
	 * global state, and sanitizers symbolise through it at exit. */
	fn = f;
	atomic_store_explicit(&ready, 1, memory_order_release);
out:
	pthread_mutex_unlock(&load_lock);
	return rc;
}

int curl_lazy_load(struct err *e)
{
	return curl_lazy_load_from(VEILLE_CURL_SONAME, e);
}

int curl_lazy_loaded(void)
{
	return atomic_load_explicit(&ready, memory_order_acquire);
}

/* Loads libcurl or ends the process as the dynamic loader would have. */
static void need(void)
{
	struct err e;

	if (atomic_load_explicit(&ready, memory_order_acquire))
		return;
	if (curl_lazy_load(&e) == 0)
		return;
	fprintf(stderr, "veille: %s\n", e.msg);
	_exit(127);
}

#define DEFINE(R, name, params, args) \
	R (curl_##name) params \
	{ \
		need(); \
		return fn.name args; \
	}
#define DEFINE_VOID(name, params, args) \
	void (curl_##name) params \
	{ \
		need(); \
		fn.name args; \
	}
FORWARD(DEFINE)
FORWARD_VOID(DEFINE_VOID)

/* Nothing to clean up in a process that never loaded libcurl. */
void (curl_global_cleanup)(void)
{
	if (atomic_load_explicit(&ready, memory_order_acquire))
		fn.global_cleanup();
}

/* The variadic functions read their last argument with the type libcurl
 * will read it with: the option number's range gives it (CURLOPTTYPE_*),
 * and callbacks have one type per option. */
static void unknown_option(const char *fname, int opt)
{
	fprintf(stderr, "veille: internal error: %s option %d is not forwarded"
		" (util/curl_lazy.c)\n", fname, opt);
	abort();
}

CURLcode (curl_easy_setopt)(CURL *h, CURLoption opt, ...)
{
	va_list ap;
	CURLcode rc;

	need();
	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		rc = fn.easy_setopt(h, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
		rc = fn.easy_setopt(h, opt, va_arg(ap, void *));
	else if (opt < CURLOPTTYPE_OFF_T) {
		switch (opt) {
		case CURLOPT_WRITEFUNCTION:
		case CURLOPT_HEADERFUNCTION:
			rc = fn.easy_setopt(h, opt,
					    va_arg(ap, curl_write_callback));
			break;
		case CURLOPT_READFUNCTION:
			rc = fn.easy_setopt(h, opt,
					    va_arg(ap, curl_read_callback));
			break;
		case CURLOPT_DEBUGFUNCTION:
			rc = fn.easy_setopt(h, opt,
					    va_arg(ap, curl_debug_callback));
			break;
		case CURLOPT_OPENSOCKETFUNCTION:
			rc = fn.easy_setopt(h, opt,
					    va_arg(ap, curl_opensocket_callback));
			break;
		case CURLOPT_PREREQFUNCTION:
			rc = fn.easy_setopt(h, opt,
					    va_arg(ap, curl_prereq_callback));
			break;
		default:
			unknown_option("curl_easy_setopt", (int)opt);
			rc = CURLE_UNKNOWN_OPTION;
		}
	} else if (opt < CURLOPTTYPE_BLOB)
		rc = fn.easy_setopt(h, opt, va_arg(ap, curl_off_t));
	else
		rc = fn.easy_setopt(h, opt, va_arg(ap, struct curl_blob *));
	va_end(ap);
	return rc;
}

CURLcode (curl_easy_getinfo)(CURL *h, CURLINFO info, ...)
{
	va_list ap;
	CURLcode rc;

	need();
	va_start(ap, info);
	switch (info & CURLINFO_TYPEMASK) {
	case CURLINFO_STRING:
		rc = fn.easy_getinfo(h, info, va_arg(ap, char **));
		break;
	case CURLINFO_LONG:
		rc = fn.easy_getinfo(h, info, va_arg(ap, long *));
		break;
	case CURLINFO_DOUBLE:
		rc = fn.easy_getinfo(h, info, va_arg(ap, double *));
		break;
	case CURLINFO_OFF_T:
		rc = fn.easy_getinfo(h, info, va_arg(ap, curl_off_t *));
		break;
	case CURLINFO_SOCKET:
		rc = fn.easy_getinfo(h, info, va_arg(ap, curl_socket_t *));
		break;
	default:	/* CURLINFO_PTR, CURLINFO_SLIST: pointers to pointers */
		rc = fn.easy_getinfo(h, info, va_arg(ap, void *));
	}
	va_end(ap);
	return rc;
}

CURLMcode (curl_multi_setopt)(CURLM *m, CURLMoption opt, ...)
{
	va_list ap;
	CURLMcode rc;

	need();
	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		rc = fn.multi_setopt(m, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
		rc = fn.multi_setopt(m, opt, va_arg(ap, void *));
	else if (opt >= CURLOPTTYPE_OFF_T && opt < CURLOPTTYPE_BLOB)
		rc = fn.multi_setopt(m, opt, va_arg(ap, curl_off_t));
	else {
		unknown_option("curl_multi_setopt", (int)opt);
		rc = CURLM_UNKNOWN_OPTION;
	}
	va_end(ap);
	return rc;
}
