/* From feeds.conf to the digest's settings: [mail] to struct digest_mail and
 * struct digest_smtp, [member ID] to a new struct digest. */
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "../util/alloc.h"
#include "../util/conf.h"
#include "../util/sha256.h"
#include "../util/str.h"

int digest_mail_from_conf(const struct conf *c, struct digest_mail *m,
			  struct digest_smtp *s, char **password,
			  struct err *e)
{
	const struct conf_section *sec = conf_find(c, "mail", NULL);
	const char *pf, *env;
	int64_t ms;
	size_t i;

	memset(m, 0, sizeof(*m));
	memset(s, 0, sizeof(*s));
	*password = NULL;
	if (sec == NULL)
		return err_set(e, "no [mail] section in the configuration");
	m->from = conf_str(sec, "from", NULL);
	m->reply_to = conf_str(sec, "reply_to", NULL);
	m->archive_url = conf_str(sec, "archive_url", NULL);
	m->tz = tzone_of(c);
	for (i = 0; i < sec->nentries; i++) {
		const char *v = sec->entries[i].value;
		if (strcmp(sec->entries[i].key, "unsubscribe") != 0)
			continue;
		if (str_startswith(v, "mailto:"))
			m->unsubscribe_mailto = v;
		else if (str_startswith(v, "https://"))
			m->unsubscribe_https = v;
		else
			return err_set(e, "unsubscribe '%s' is neither mailto: "
					  "nor https:", v);
	}
	if ((pf = conf_str(sec, "unsubscribe_secret_file", NULL)) != NULL) {
		char *secret = digest_password_load(pf, e);
		struct sha256 h;

		if (secret == NULL) {
			err_prefix(e, "unsubscribe_secret_file");
			return -1;
		}
		sha256_init(&h);
		sha256_update(&h, secret, strlen(secret));
		sha256_final(&h, m->unsubscribe_key);
		m->has_unsubscribe_key = 1;
		v_free(secret);
	}
	for (i = 0; i < 2; i++) {
		const char *u = i ? m->unsubscribe_https : m->unsubscribe_mailto;
		if (u && strstr(u, "{token}") && !m->has_unsubscribe_key)
			return err_set(e, "unsubscribe '%s' has {token}: set "
					  "[mail] unsubscribe_secret_file", u);
	}
	s->url = conf_str(sec, "smtp", NULL);
	if (s->url == NULL || (!str_startswith(s->url, "smtp://") &&
			       !str_startswith(s->url, "smtps://")))
		return err_set(e, "smtp '%s' must start with smtp:// or "
				  "smtps://", s->url ? s->url : "");
	s->tls = strcmp(conf_str(sec, "tls", "required"), "none") == 0 ?
		 DIGEST_TLS_NONE : DIGEST_TLS_REQUIRED;
	s->user = conf_str(sec, "user", NULL);
	s->retries = -1;
	s->retry_delay_ms = -1;
	s->response_timeout_ms = conf_duration(sec, "timeout", 60) * 1000;
	/* tests shorten the back-off; the value is milliseconds */
	env = getenv("VEILLE_SMTP_RETRY_DELAY");
	if (env && str_to_i64(env, 0, 3600000, &ms) == 0)
		s->retry_delay_ms = (long)ms;
	if (s->user == NULL)
		return 0;
	pf = conf_str(sec, "password_file", NULL);
	if (pf != NULL) {
		if ((*password = digest_password_load(pf, e)) == NULL)
			return -1;
	} else if ((env = getenv("VEILLE_SMTP_PASSWORD")) != NULL && *env) {
		if ((*password = v_strdup(env)) == NULL)
			return err_set(e, "out of memory");
	} else {
		return err_set(e, "smtp user '%s' has no password: set "
				  "password_file or VEILLE_SMTP_PASSWORD",
			       s->user);
	}
	s->password = *password;
	return 0;
}

struct digest *digest_member_from_conf(const struct conf_section *sec,
				       struct err *e)
{
	const char *lang = conf_str(sec, "language", "fr");
	const char *cat = conf_str(sec, "category", NULL);
	struct digest *d;
	char **emails = NULL, **niches = NULL;
	size_t i;

	d = digest_new(sec->name, conf_str(sec, "name", sec->name),
		       strcmp(lang, "en") == 0 ? DIGEST_EN : DIGEST_FR);
	if (d == NULL)
		goto nomem;
	if ((emails = conf_list(sec, "email")) == NULL ||
	    (niches = conf_list(sec, "niches")) == NULL)
		goto nomem;
	for (i = 0; emails[i]; i++)
		if (digest_add_email(d, emails[i]) < 0)
			goto nomem;
	for (i = 0; niches[i]; i++)
		if (digest_add_niche(d, niches[i]) < 0)
			goto nomem;
	if (cat && digest_set_category(d, cat) < 0)
		goto nomem;
	conf_list_free(emails);
	conf_list_free(niches);
	return d;
nomem:
	conf_list_free(emails);
	conf_list_free(niches);
	digest_free(d);
	err_set(e, "out of memory");
	return NULL;
}
