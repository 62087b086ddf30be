/* util/curl_lazy: loading libcurl on first use, failing with a reason, and
 * forwarding each kind of argument the variadic functions take. */
#include <curl/curl.h>
#include <stdint.h>
#include <string.h>

#include "../../util/curl_lazy.h"
#include "tap.h"

static size_t sink(char *p, size_t size, size_t n, void *data)
{
	(void)p;
	(void)data;
	return size * n;
}

static void test_load_failures(void)
{
	struct err e;

	OK(!curl_lazy_loaded(), "nothing is loaded before the first use");
	e.msg[0] = '\0';
	OK(curl_lazy_load_from("libveille-no-such-library.so.4", &e) < 0,
	   "a missing library is an error");
	OK(strstr(e.msg, "cannot load libcurl 'libveille-no-such-library.so.4'")
	   != NULL, "the error names the library: %s", e.msg);
	OK(!curl_lazy_loaded(), "a failed load leaves nothing loaded");

	e.msg[0] = '\0';
	OK(curl_lazy_load_from("libsqlite3.so.0", &e) < 0,
	   "a library without libcurl's functions is refused");
	OK(strstr(e.msg, "no function 'curl_") != NULL,
	   "the error names the missing function: %s", e.msg);
	OK(!curl_lazy_loaded(), "a refused library leaves nothing loaded");
}

static void test_forwarding(void)
{
	struct err e;
	CURLU *u;
	CURL *h;
	char *s = NULL, *got = NULL;
	long code = -1;
	int mark = 0;
	void *priv = NULL;

	OK(curl_lazy_load(&e) == 0, "libcurl loads");
	OK(curl_lazy_loaded(), "libcurl is loaded after that");
	OK(curl_lazy_load(&e) == 0, "a second load is a no-op");

	OK(curl_getdate("Sun, 06 Nov 1994 08:49:37 GMT", NULL) == 784111777,
	   "curl_getdate forwards its result");

	u = curl_url();
	OK(u != NULL, "curl_url");
	OK(curl_url_set(u, CURLUPART_URL, "HTTP://Example.ORG:80/a/../b?x=1",
			0) == CURLUE_OK, "curl_url_set");
	OK(curl_url_get(u, CURLUPART_URL, &s, CURLU_NO_DEFAULT_PORT) ==
	   CURLUE_OK, "curl_url_get");
	STREQ(s, "http://Example.ORG/b?x=1", "the URL and the flags reach libcurl");
	curl_free(s);
	curl_url_cleanup(u);

	h = curl_easy_init();
	OK(h != NULL, "curl_easy_init");
	OK(curl_easy_setopt(h, CURLOPT_MAXREDIRS, 3L) == CURLE_OK,
	   "setopt with a long");
	OK(curl_easy_setopt(h, CURLOPT_URL, "http://127.0.0.1:9/x") ==
	   CURLE_OK, "setopt with a string");
	OK(curl_easy_setopt(h, CURLOPT_PRIVATE, &mark) == CURLE_OK,
	   "setopt with a pointer");
	OK(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink) == CURLE_OK,
	   "setopt with a callback");
	OK(curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
			    (curl_off_t)1 << 40) == CURLE_OK,
	   "setopt with a curl_off_t");
	OK(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "no-such-protocol") !=
	   CURLE_OK, "setopt forwards libcurl's refusal");
	OK(curl_easy_getinfo(h, CURLINFO_PRIVATE, &priv) == CURLE_OK &&
	   priv == &mark, "getinfo gives the pointer back");
	OK(curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK &&
	   code == 0, "getinfo of a long");
	OK(curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &got) == CURLE_OK &&
	   got && strcmp(got, "http://127.0.0.1:9/x") == 0,
	   "getinfo of a string");
	STREQ(curl_easy_strerror(CURLE_OK), "No error", "curl_easy_strerror");
	curl_easy_cleanup(h);
}

int main(void)
{
	test_load_failures();
	test_forwarding();
	curl_global_cleanup();
	return tap_done();
}
