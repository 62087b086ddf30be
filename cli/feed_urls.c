/* What `check` and `import` refuse in a feed's URL: credentials, and an
 * internal host (loopback, private, link-local, metadata, localhost names)
 * unless allow_private = yes says it is meant. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "../fetcher/fetcher.h"
#include "../util/url.h"

int cli_feed_url_refused(const struct conf *c, const struct conf_section *feed,
			 const char *url, char *why, size_t n)
{
	const struct conf_section *set = conf_find(c, "settings", NULL);
	int allow = conf_bool(set, "allow_private", 0);

	if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8) &&
	    strncmp(url, "HTTP://", 7) && strncmp(url, "HTTPS://", 8))
		return 0;	/* a local file, or refused elsewhere */
	if (url_has_credentials(url)) {
		/* the URL itself is not repeated: it holds a secret */
		snprintf(why, n, "the URL holds a user name or password: "
			 "credentials in URLs are refused (they would be stored, "
			 "shown and exported); use a URL that needs none");
		return 1;
	}
	if (feed)
		allow = conf_bool(feed, "allow_private", allow);
	if (!allow && fetch_host_is_private_name(url) > 0) {
		snprintf(why, n, "'%s' is an internal address (loopback, private, "
			 "link-local or a local name); set allow_private = yes "
			 "%s if it is meant", url,
			 feed ? "in this [feed] or in [settings]" : "in [settings]");
		return 1;
	}
	return 0;
}

void cli_check_feed_urls(struct conf *c)
{
	size_t i;

	for (i = 0; i < c->nsections; i++) {
		const struct conf_section *s = &c->sections[i];
		const struct conf_entry *ent;
		char why[1024];

		if (strcmp(s->type, "feed") || !(ent = conf_get_entry(s, "url")))
			continue;
		if (cli_feed_url_refused(c, s, conf_str(s, "url", ""), why,
					 sizeof why))
			conf_error(c, s, ent, "%s", why);
	}
}
