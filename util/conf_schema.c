/* The schema of feeds.conf: sections, keys, types. It drives validation,
 * `veille check` and the key tables of feeds.conf(5). */
#include "conf.h"

#include <stddef.h>

static const struct conf_key top_keys[] = {
	{ "include", CT_PATH, CK_REPEAT, NULL,
	  "read another file here (relative to this one)" },
	{ NULL, CT_STRING, 0, NULL, NULL }
};

static const struct conf_key settings_keys[] = {
	{ "database", CT_PATH, 0, NULL, "database file (default veille.db)" },
	{ "jobs", CT_INT, 0, NULL, "transfers at once (default 16; lowered, with a "
	  "warning, to what the file descriptors of ulimit -n allow)" },
	{ "per_host", CT_INT, 0, NULL, "transfers, and open connections, at once per host (default 2)" },
	{ "threads", CT_INT, 0, NULL, "worker threads decoding and parsing pages and classifying "
	  "items during a fetch, beside one transferring them (default: one per processor, "
	  "up to 8; 0: none, all in the main thread)" },
	{ "user_agent", CT_STRING, 0, NULL, "User-Agent header" },
	{ "timeout", CT_DURATION, 0, NULL, "total time-out of a transfer (default 60s)" },
	{ "connect_timeout", CT_DURATION, 0, NULL, "connect time-out (default 15s)" },
	{ "max_size", CT_SIZE, 0, NULL, "largest body accepted (default 16M)" },
	{ "max_items", CT_INT, 0, NULL, "items kept of a feed in one run "
	  "(default 5000)" },
	{ "max_backoff", CT_DURATION, 0, NULL, "longest wait after errors (default 1d)" },
	{ "story_window", CT_DURATION, 0, NULL, "how far apart in time two news "
	  "items of different feeds with the same title may be to make one story "
	  "(default 3d); publications with the same title join whatever the gap, "
	  "unless their DOIs or authors differ" },
	{ "imports", CT_PATH, 0, NULL, "file that `veille import` appends feeds to" },
	{ "allow_private", CT_BOOL, 0, NULL, "yes: feeds may be on internal "
	  "addresses (loopback, private, link-local, localhost names), which "
	  "check and import otherwise refuse (default no)" },
	{ "timezone", CT_TIMEZONE, 0, NULL, "the association's time zone, an IANA "
	  "name (default Africa/Casablanca): digests, reports and the dates "
	  "of search, classify and report options cut days, ISO weeks, months "
	  "and quarters at its midnights" },
	{ "include", CT_PATH, CK_REPEAT, NULL, "read another file here" },
	{ NULL, CT_STRING, 0, NULL, NULL }
};

static const struct conf_key feed_keys[] = {
	{ "url", CT_SOURCE, CK_REQUIRED, NULL,
	  "http(s) URL of the feed (the scheme is required), or a local file "
	  "for samples and tests (file:PATH, or a path relative to this "
	  "configuration's folder)" },
	{ "title", CT_STRING, 0, NULL, "the name people see in digests, reports, "
	  "search, show and feeds (default: the feed's own title, else the "
	  "section name, which stays the feed's id)" },
	{ "kind", CT_ENUM, 0, "news|publication", "news (default) or publication" },
	{ "format", CT_ENUM, 0, "auto|rss|atom|jsonfeed|oai-pmh|arxiv",
	  "force a format (default auto: detected from the content)" },
	{ "language", CT_STRING, 0, NULL, "language of the feed (fr, en, ...)" },
	{ "every", CT_DURATION, 0, NULL,
	  "interval between fetches (default 6h for news, 1d for publications); "
	  "due once an eighth of it (at most 3h) remains" },
	{ "max_size", CT_SIZE, 0, NULL, "largest body accepted for this feed" },
	{ "max_pages", CT_INT, 0, NULL, "pages followed in one OAI-PMH or arXiv harvest" },
	{ "max_items", CT_INT, 0, NULL, "items kept of this feed in one run, "
	  "all pages together (default 5000; the rest is left out and said)" },
	{ "user_agent", CT_STRING, 0, NULL, "User-Agent header for this feed" },
	{ "category", CT_LIST, 0, NULL, "categories (for OPML export)" },
	{ "sectors", CT_LIST, 0, NULL, "sectors every item of this feed belongs to" },
	{ "enabled", CT_BOOL, 0, NULL, "no: keep the feed but never fetch it" },
	{ "allow_private", CT_BOOL, 0, NULL, "yes: this feed is meant to be "
	  "on an internal address (default: [settings] allow_private)" },
	{ NULL, CT_STRING, 0, NULL, NULL }
};

static const struct conf_key rule_keys[] = {
	{ "label", CT_STRING, 0, NULL, "label in French" },
	{ "label_en", CT_STRING, 0, NULL, "label in English" },
	{ "match", CT_RULE, CK_REPEAT, NULL,
	  "REGEX [weight=N] [field=title|summary|content|any]: adds its weight "
	  "once per item, times 2 when it matches the title" },
	{ "exclude", CT_RULE, CK_REPEAT, NULL,
	  "REGEX: an item matching it is never in this niche" },
	{ "threshold", CT_NUMBER, 0, NULL, "score needed (default 1)" },
	{ NULL, CT_STRING, 0, NULL, NULL }
};

static const struct conf_key watch_keys[] = {
	{ "label", CT_STRING, 0, NULL, "label in the report" },
	{ "match", CT_RULE, CK_REPEAT | CK_REQUIRED, NULL, "REGEX" },
	{ NULL, CT_STRING, 0, NULL, NULL }
};

static const struct conf_key synonyms_keys[] = {
	{ "terms", CT_STRING, CK_REPEAT | CK_REQUIRED, NULL,
	  "TERM | TERM ...: terms search --expand treats as one (synonyms, "
	  "translations, acronyms); the section is named after its niche" },
	{ NULL, CT_STRING, 0, NULL, NULL }
};

static const struct conf_key member_keys[] = {
	{ "name", CT_STRING, CK_REQUIRED, NULL, "the member's name" },
	{ "email", CT_EMAILS, CK_REQUIRED, NULL, "one or more addresses" },
	{ "category", CT_ENUM, 0, "entreprise|institution|recherche",
	  "member category" },
	{ "niches", CT_LIST, CK_REQUIRED, NULL, "niches followed, or all" },
	{ "sectors", CT_LIST, 0, NULL, "only items of these sectors" },
	{ "regions", CT_LIST, 0, NULL, "only items of these regions" },
	{ "language", CT_ENUM, 0, "fr|en", "language of the digest (default fr); "
	  "items in it come first in each niche" },
	{ "languages", CT_LIST, 0, NULL, "only items in these languages (fr, "
	  "en, ...); items of unknown language are kept" },
	{ "paused", CT_BOOL, 0, NULL, "yes: send nothing" },
	{ "skip_empty", CT_BOOL, 0, NULL, "yes: no digest when nothing is new" },
	{ "per_niche", CT_INT, 0, NULL, "entries per niche (default 5)" },
	{ "max_items", CT_INT, 0, NULL, "entries in all (default 30)" },
	{ NULL, CT_STRING, 0, NULL, NULL }
};

static const struct conf_key mail_keys[] = {
	{ "smtp", CT_STRING, CK_REQUIRED, NULL,
	  "smtp://host:587 (STARTTLS) or smtps://host:465" },
	{ "tls", CT_ENUM, 0, "required|none", "none only for a local relay" },
	{ "from", CT_STRING, CK_REQUIRED, NULL, "From header" },
	{ "reply_to", CT_STRING, 0, NULL, "Reply-To header" },
	{ "user", CT_STRING, 0, NULL, "SMTP user name" },
	{ "password_file", CT_PATH, 0, NULL,
	  "file holding the SMTP password (mode 0600)" },
	{ "timeout", CT_DURATION, 0, NULL, "longest wait for each reply of the "
	  "SMTP server (default 60s)" },
	{ "timezone", CT_TIMEZONE, 0, NULL, "older name of [settings] timezone, "
	  "still read when that is not set; both set and different is an "
	  "error" },
	{ "unsubscribe", CT_STRING, CK_REPEAT, NULL, "mailto: or https: URL; "
	  "{member} is the member's id, {token} its token" },
	{ "unsubscribe_secret_file", CT_PATH, 0, NULL, "private file (mode 0600) "
	  "whose secret signs the {token} of unsubscribe URLs" },
	{ "archive_url", CT_URL, 0, NULL, "public URL of the digest archive (links to its niche pages)" },
	{ "archive_dir", CT_PATH, 0, NULL, "folder of the digest archive" },
	{ "per_niche", CT_INT, 0, NULL, "entries per niche (default 5)" },
	{ "max_items", CT_INT, 0, NULL, "entries in all (default 30)" },
	{ NULL, CT_STRING, 0, NULL, NULL }
};

const struct conf_schema conf_schemas[] = {
	{ "", 0, "keys before the first section", top_keys },
	{ "settings", 0, "crawl settings", settings_keys },
	{ "feed", 1, "a source to fetch", feed_keys },
	{ "niche", 1, "a maintenance niche and its rules", rule_keys },
	{ "sector", 1, "an industry sector and its rules", rule_keys },
	{ "region", 1, "a region (Morocco, Maghreb, Africa...) and its rules; "
	  "the first one is the association's own", rule_keys },
	{ "watch", 1, "terms the trend report follows", watch_keys },
	{ "synonyms", 1, "terms search --expand treats as one", synonyms_keys },
	{ "member", 1, "a member who receives the weekly digest", member_keys },
	{ "mail", 0, "how digests are sent", mail_keys },
	{ NULL, 0, NULL, NULL }
};
