#!/bin/sh
# Stories joined after the fact (issue 26): a journal paper and a
# preprint with another title are two stories until an item names both
# (its DOI in one, its arXiv id in the other); then they are one, in
# either arrival order, everywhere: search shows one hit, show lists the
# other sources, and a member who received one half in a digest is not
# sent the other. Real ./veille, mkdb, and a local SMTP server.
. tests/e2e/lib.sh

H='feed	kind	guid	link	title	authors	published	first_seen	doi	arxiv	niches'
J="ress	publication	j1	https://www.sciencedirect.com/science/article/pii/S1	Predictive maintenance of gearboxes under variable load	Ana Silva; Omar Benali	2026-11-17T00:00:00Z	2026-11-17T01:00:00Z	10.1016/j.ress.2026.110001		pm:2"
P="arxiv	publication	http://arxiv.org/abs/2611.00042	http://arxiv.org/abs/2611.00042	Gearbox health under varying torque: a preprint on predictive maintenance	Ana Silva; Omar Benali	2026-11-18T00:00:00Z	2026-11-18T01:00:00Z		2611.00042	pm:2"
B="crossref	publication	b1	https://example.org/b1	Gearbox prognostics, accepted version	Silva, A.	2026-11-24T00:00:00Z	2026-11-24T01:00:00Z	10.1016/j.ress.2026.110001	2611.00042	pm:1"

story() { awk -F '\t' -v g="$2" '$1 == g { print $4 }' "$1"; }

for order in journal-first preprint-first; do
	if [ $order = journal-first ]; then first=$J second=$P; else first=$P second=$J; fi
	printf '%s\n%s\n%s\n' "$H" "$first" "$second" >"$TMP/$order-1.tsv"
	printf '%s\n%s\n' "$H" "$B" >"$TMP/$order-2.tsv"
	"$TOOLS/mkdb" "$TMP/$order.db" "$TMP/$order-1.tsv" >"$TMP/$order.out" 2>&1
	a=$(story "$TMP/$order.out" j1) b=$(story "$TMP/$order.out" http://arxiv.org/abs/2611.00042)
	[ -n "$a" ] && [ "$a" != "$b" ] && ok "$order: two stories before the bridge" ||
		not_ok "$order: two stories before the bridge" "$(cat "$TMP/$order.out")"
	"$TOOLS/mkdb" "$TMP/$order.db" "$TMP/$order-2.tsv" >"$TMP/$order.out2" 2>&1
	n=$(sqlite3 "$TMP/$order.db" "SELECT count(DISTINCT story_id) FROM items" 2>/dev/null ||
		echo "?")
	[ "$n" = 1 ] && ok "$order: the bridging item joins them: one story" ||
		not_ok "$order: the bridging item joins them: one story" "$n stories"
	"$VEILLE" --db "$TMP/$order.db" search --format json gearbox OR gearboxes \
		>"$TMP/s" 2>&1
	[ "$(grep -c '"title":' "$TMP/s")" -eq 1 ] && [ "$(wc -l <"$TMP/s")" -eq 1 ] &&
		ok "$order: search shows one hit" ||
		not_ok "$order: search shows one hit" "$(cat "$TMP/s")"
	id=$(sqlite3 "$TMP/$order.db" "SELECT min(id) FROM items")
	"$VEILLE" --db "$TMP/$order.db" show "$id" >"$TMP/show" 2>&1
	contains "$order: show lists the other versions, with source and date" "$TMP/show" \
		'#[0-9]+ (preprint 2026-11-18 arxiv|published 2026-11-17 ress): '
	contains "$order: show says which version the item is" "$TMP/show" '^version +(preprint|published)$'
done

# a member received the journal paper in week 47; the preprint and the
# bridge arrive in week 48: nothing of that work is sent again
cat >"$TMP/v.conf" <<CONF
[niche pm]
label = Maintenance prédictive
match = predictive maintenance

[member acme]
name   = Acme
email  = veille@acme.example
niches = pm
CONF
start_smtpd smtp
cat >>"$TMP/v.conf" <<CONF

[mail]
smtp = smtp://127.0.0.1:$port
tls  = none
from = Veille <veille@cluster.example>
CONF
for half in journal preprint; do
	if [ $half = journal ]; then first=$J second=$P; else first=$P second=$J; fi
	db="$TMP/d-$half.db"
	rm -f "$TMP/smtp/"*
	printf '%s\n%s\n' "$H" "$first" >"$TMP/w47.tsv"
	printf '%s\n%s\n%s\n' "$H" "$(echo "$second" | sed 's/2026-11-1[78]T/2026-11-24T/g')" "$B" >"$TMP/w48.tsv"
	VEILLE_NOW=2026-11-23T08:00:00Z "$TOOLS/mkdb" -q "$db" "$TMP/w47.tsv" 2>/dev/null
	VEILLE_NOW=2026-11-23T08:00:00Z "$VEILLE" --config "$TMP/v.conf" --db "$db" \
		digest --send --week 2026-W47 >"$TMP/out" 2>&1 ||
		not_ok "$half: week 47 sent" "$(cat "$TMP/out")"
	VEILLE_NOW=2026-11-30T08:00:00Z "$TOOLS/mkdb" -q "$db" "$TMP/w48.tsv" 2>/dev/null
	VEILLE_NOW=2026-11-30T08:00:00Z "$VEILLE" --config "$TMP/v.conf" --db "$db" \
		digest --dry-run --week 2026-W48 --member acme >"$TMP/w48" 2>&1
	grep -qi "gearbox" "$TMP/smtp/"* 2>/dev/null &&
		ok "$half: week 47's digest carried it" ||
		not_ok "$half: week 47's digest carried it" "$(ls "$TMP/smtp"; cat "$TMP/out")"
	grep -q "^Subject: " "$TMP/w48" && ok "$half: week 48's digest is made" ||
		not_ok "$half: week 48's digest is made" "$(cat "$TMP/w48")"
	if grep -qi "gearbox" "$TMP/w48"; then
		not_ok "$half sent in week 47: the other half is not sent in week 48" \
			"$(grep -i gearbox "$TMP/w48")"
	else
		ok "$half sent in week 47: the other half is not sent in week 48"
	fi
done
