#!/bin/sh
# veille import writes its file whole or not at all: a write that fails
# (the file-size limit plays a full disk) leaves the imports file as it
# was, with no half-written section to stop the next command, and imports
# run at once never both append the same feeds.
. tests/e2e/lib.sh
cd "$TMP" || exit 1
V=$OLDPWD/$VEILLE
case "$VEILLE" in /*) V=$VEILLE ;; esac
printf '[settings]\nimports = imported.conf\ninclude = imported.conf\n' >feeds.conf
# an imports file of some 8 KiB already, so a copy of it cannot fit
i=0
: >imported.conf
while [ $i -lt 80 ]; do
	printf '\n[feed old-%d]\nurl = https://example.org/old/%d.xml\ntitle = An older feed, number %d\n' \
		$i $i $i >>imported.conf
	i=$((i + 1))
done
cp imported.conf imported.orig
# opml N: an OPML file of 20 feeds whose URLs start at N
opml() {
	printf '<?xml version="1.0"?><opml version="2.0"><head/><body>\n'
	j=$1
	while [ "$j" -lt $(($1 + 20)) ]; do
		printf '<outline type="rss" text="Feed %d" xmlUrl="https://example.org/new/%d.xml"/>\n' "$j" "$j"
		j=$((j + 1))
	done
	printf '</body></opml>\n'
}
opml 0 >a.opml

# 1. the write fails part of the way: a file-size limit a little above the
# file's size (ulimit's unit measured, 512 or 1024 bytes), SIGXFSZ ignored
# so that write() returns EFBIG; appending would leave half a section
unit=$( (trap '' XFSZ; ulimit -f 1; head -c 2048 /dev/zero >probe 2>/dev/null); wc -c <probe)
limit=$(( $(wc -c <imported.conf) / unit + 1 ))
(trap '' XFSZ; ulimit -f "$limit"; "$V" --config feeds.conf import a.opml) >out 2>err
rc=$?
if [ "$rc" -eq 3 ] && grep -q "imported.conf.*(unchanged)" err; then
	ok "a failed write: exit 3, says the file is unchanged"
else
	not_ok "a failed write: exit 3, says the file is unchanged (exit $rc)" "$(cat err out)"
fi
cmp -s imported.conf imported.orig && ok "the imports file is byte for byte as it was" ||
	not_ok "the imports file is byte for byte as it was" "$(diff imported.orig imported.conf | head)"
rm -f probe
[ -z "$(ls | grep '^imported\.conf\.[A-Za-z0-9]\{6\}$')" ] && ok "no temporary file left" ||
	not_ok "no temporary file left" "$(ls)"
expect_exit 0 "the configuration still loads" "$V" --config feeds.conf check

# 2. it works once the disk has room, keeping the file's mode
chmod 640 imported.conf
expect_exit 0 "import with room" "$V" --config feeds.conf import a.opml
is_n=$(grep -c '^\[feed ' imported.conf)
[ "$is_n" -eq 100 ] && ok "80 old and 20 new feeds" || not_ok "80 old and 20 new feeds" "$is_n"
[ "$(stat -c %a imported.conf)" = 640 ] && ok "the file keeps its mode" ||
	not_ok "the file keeps its mode" "$(stat -c %a imported.conf)"

# 3. five imports at once of overlapping lists: each feed once, every
# section whole
opml 10 >b.opml
opml 30 >c.opml
pids=""
for f in b c b c b; do
	"$V" --config feeds.conf import $f.opml >"out.$f.$$" 2>&1 &
	pids="$pids $!"
done
for p in $pids; do wait "$p"; done
expect_exit 0 "the configuration loads after concurrent imports" "$V" --config feeds.conf check
n=$(grep -c '^url = https://example.org/new/' imported.conf)
u=$(grep '^url = https://example.org/new/' imported.conf | sort -u | wc -l)
if [ "$n" -eq 50 ] && [ "$u" -eq 50 ]; then
	ok "concurrent imports: each of the 50 new feeds once"
else
	not_ok "concurrent imports: each of the 50 new feeds once" "$n urls, $u distinct"
fi
