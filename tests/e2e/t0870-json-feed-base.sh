#!/bin/sh
# A JSON Feed's relative links (item url, attachments, links in
# content_html, home_page_url) resolve against the document's URL: the
# parser once passed no base to the JSON reader, and every relative link
# was dropped without a word.
. tests/e2e/lib.sh

in=tests/data/torture/jsonfeed-every-field.json
expect_exit 0 "parse a JSON Feed with relative links" \
	"$VEILLE" parse --base https://example.org/blog/feed.json "$in"
contains "home page resolved" "$TMP/out" '"link":"https://example.org/home"'
contains "item link resolved" "$TMP/out" '"link":"https://example.org/a/1"'
contains "attachment resolved" "$TMP/out" \
	'"enclosures":\[\{"url":"https://example.org/f/rapport.pdf","type":"application/pdf","length":1234\}\]'
contains "link in content_html resolved" "$TMP/out" \
	'<a href=\\"https://example.org/b\\">lien</a>'
