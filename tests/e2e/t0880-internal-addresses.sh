#!/bin/sh
# Internal addresses and credentials in configuration (issue 24, item 8):
# `check` refuses a feed on a loopback, private, link-local or metadata
# address or a localhost name, and a URL holding user:password@, naming the
# file and line, unless allow_private = yes (the feed's or [settings]'s);
# `import` skips such outlines, naming each and why. The secret of a URL
# with credentials is never printed.
. tests/e2e/lib.sh
cd "$TMP" || exit 1
V=$OLDPWD/$VEILLE
case "$VEILLE" in /*) V=$VEILLE ;; esac

cat >bad.conf <<'EOT'
[feed meta]
url = http://169.254.169.254/latest/meta-data/
[feed redis]
url = http://127.0.0.1:6379/
[feed six]
url = http://[::1]/x
[feed ten]
url = http://10.1.2.3/feed
[feed oneseven]
url = http://172.16.0.9/feed
[feed oneninetwo]
url = https://192.168.1.1/rss
[feed ula]
url = http://[fd00::5]/rss
[feed linklocal]
url = http://[fe80::1]/rss
[feed lh]
url = http://localhost:8080/rss
[feed cred]
url = https://reader:s3cr3tpw@example.org/feed
[feed public]
url = https://example.org/feed
[feed meant]
url = http://10.0.0.5/feed
allow_private = yes
EOT
expect_exit 2 "check refuses internal addresses and credentials" "$V" --config bad.conf check
for l in 2:169.254.169.254 4:127.0.0.1:6379 6:'\[::1\]' 8:10.1.2.3 10:172.16.0.9 \
	12:192.168.1.1 14:'\[fd00::5\]' 16:'\[fe80::1\]' 18:localhost; do
	contains "check names line ${l%%:*} and the internal address" "$TMP/err" \
		"bad.conf:${l%%:*}: \[feed [a-z]+\]: 'https?://${l#*:}.*internal address.*allow_private = yes"
done
contains "check refuses credentials with a hint" "$TMP/err" \
	"bad.conf:20: \[feed cred\]: the URL holds a user name or password.*use a URL that needs none"
lacks "check never prints the password" "$TMP/err" "s3cr3tpw"
lacks "a public feed is not refused" "$TMP/err" "feed public"
lacks "allow_private = yes in the feed is honoured" "$TMP/err" "feed meant"
contains "check counts ten errors" "$TMP/err" "bad.conf: 10 errors"

# [settings] allow_private = yes: every internal feed is meant (the test
# suite's own local servers); credentials stay refused
{ printf '[settings]\nallow_private = yes\n'; grep -v cred bad.conf | grep -v reader; } >all.conf
expect_exit 0 "[settings] allow_private = yes: check passes" "$V" --config all.conf check
{ printf '[settings]\nallow_private = yes\n'; cat bad.conf; } >allcred.conf
expect_exit 2 "allow_private does not let credentials through" "$V" --config allcred.conf check
contains "...the credentials error stays" "$TMP/err" "feed cred\]: the URL holds a user name"
printf '[feed x]\nurl = http://127.0.0.1/\nallow_private = maybe\n' >badbool.conf
expect_exit 2 "allow_private is a yes/no key" "$V" --config badbool.conf check

# import: each skipped outline named with its reason
cat >l.opml <<'EOT'
<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
<outline text="Metadata" xmlUrl="http://169.254.169.254/latest/"/>
<outline text="Redis" xmlUrl="http://127.0.0.1:6379/"/>
<outline text="Six" xmlUrl="http://[::1]/x"/>
<outline text="Creds" xmlUrl="https://u:hunter2pw@example.org/f"/>
<outline text="Good" xmlUrl="https://example.com/rss"/>
<outline text="Folder"><outline text="LinkLocal" xmlUrl="http://[fe80::1]/x"/></outline>
</body></opml>
EOT
printf '[settings]\nimports = imported.conf\n' >imp.conf
expect_exit 1 "import with skipped outlines exits 1" "$V" --config imp.conf import l.opml
for t in Metadata Redis Six LinkLocal; do
	contains "import names '$t' and why it skipped it" "$TMP/err" \
		"skipped '$t': .*internal address.*allow_private = yes in \[settings\]"
done
contains "import names the outline with credentials" "$TMP/err" "skipped 'Creds': the URL holds a user name or password"
lacks "import never prints the password" "$TMP/err" "hunter2pw"
contains "import counts five unusable" "$TMP/out" "imported 1 feed .*5 unusable"
contains "the public feed is imported" imported.conf "url = https://example.com/rss"
lacks "no internal feed is imported" imported.conf "169.254|127.0.0.1|::1|fe80|hunter2pw"
printf '[settings]\nimports = imported2.conf\nallow_private = yes\n' >imp2.conf
expect_exit 1 "import under [settings] allow_private = yes" "$V" --config imp2.conf import l.opml
contains "...imports the internal feeds" imported2.conf "url = http://169.254.169.254/latest/"
contains "...but still skips credentials" "$TMP/err" "skipped 'Creds'"
contains "...four more imported" "$TMP/out" "imported 5 feeds .*1 unusable"
