#!/bin/sh
# The analyst's picks and paused members (issue 21), through the real
# command and a real SMTP server: a pick heads the digests of the members
# of its niches (--all: every member) with its note, is not repeated in
# the niche, reaches each member once; `veille member pause` stops the
# next --send without touching the configuration, `resume` restores it,
# and `digest --list` shows the state. The French text puts a no-break
# space before its colons.
. tests/e2e/lib.sh
PY=/usr/bin/python3
[ -x $PY ] && $PY -c 'import aiosmtpd' 2>/dev/null ||
	{ skip "digest picks" "python3-aiosmtpd not installed"; exit 0; }
export VEILLE_NOW=2026-11-30T08:00:00Z VEILLE_USER=analyste
start_smtpd S

cat >"$TMP/items.tsv" <<'EOF'
feed	kind	lang	guid	link	title	summary	published	first_seen	niches
fr-news	news	fr	p1	https://fr.example/1	Maintenance prédictive des pompes à Casablanca	Retour d'expérience.	2026-11-24T09:00:00Z	2026-11-24T10:00:00Z	pm:1
en-news	news	en	o1	https://en.example/1	PLC firmware attack on a water utility	Incident report.	2026-11-25T09:00:00Z	2026-11-25T10:00:00Z	ot:1
fr-news	news	fr	p2	https://fr.example/2	Maintenance prédictive des convoyeurs	Étude.	2026-11-26T09:00:00Z	2026-11-26T10:00:00Z	pm:1
EOF
cat >"$TMP/veille.conf" <<EOF
[niche pm]
label    = Maintenance prédictive
label_en = Predictive maintenance
match    = predictive maintenance

[niche ot]
label    = Cybersécurité OT
label_en = OT security
match    = plc

[member pmfr]
name     = Membre PdM
email    = pm@member.example
niches   = pm
language = fr

[member oten]
name     = OT member
email    = ot@member.example
niches   = ot
language = en

[mail]
smtp     = smtp://127.0.0.1:$port
tls      = none
from     = Veille <veille@cluster.example>
unsubscribe = mailto:desinscription@cluster.example?subject=unsubscribe-{member}-{token}
unsubscribe = https://cluster.example/desinscription/{member}/{token}
unsubscribe_secret_file = $TMP/secret
EOF
printf 'un secret de test\n' >"$TMP/secret"
chmod 600 "$TMP/secret"
"$TOOLS/mkdb" -q "$TMP/v.db" "$TMP/items.tsv" 2>"$TMP/err" || not_ok "mkdb" "$(cat "$TMP/err")"
V() { "$VEILLE" --config "$TMP/veille.conf" --db "$TMP/v.db" "$@"; }
id_of() { V search --format json "$1" | $PY -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])'; }
text() { $PY -c 'import email,sys
m=email.message_from_binary_file(open(sys.argv[1],"rb"))
for p in m.walk():
    if p.get_content_type()=="text/plain": print(p.get_payload(decode=True).decode())' "$1"; }

P1=$(id_of pompes)
O1=$(id_of firmware)
expect_exit 0 "pick with a note" V pick "$P1" --note "À lire : un retour d'expérience marocain"
expect_exit 0 "pick for every member" V pick "$O1" --all
expect_exit 2 "pick of an unknown item" V pick 999
expect_exit 2 "pick without an item" V pick
V pick --list --format json >"$TMP/list" 2>&1
is "pick --list: one JSON object per pick" \
	"$($PY -c 'import json,sys; print(sorted((o["id"], o["everyone"], o["who"]) for o in map(json.loads, open(sys.argv[1]))))' "$TMP/list")" \
	"[($P1, False, 'analyste'), ($O1, True, 'analyste')]"

# ---- what each member reads ----
V digest --week 2026-W48 --dry-run --raw --member pmfr >"$TMP/pm.eml" 2>&1
text "$TMP/pm.eml" >"$TMP/pm.txt"
contains "French member: the picks section" "$TMP/pm.txt" "== La sélection de l’analyste =="
contains "French member: the note, after a no-break space" "$TMP/pm.txt" "Note de l’analyste${NB}: À lire"
contains "French member: the pick for everyone" "$TMP/pm.txt" "PLC firmware attack"
is "French member: the picked item is not repeated in its niche" \
	"$(grep -c 'pompes à Casablanca' "$TMP/pm.txt")" 1
is "French member: the picks head the digest" \
	"$(grep -n '^== ' "$TMP/pm.txt" | head -1 | cut -d: -f2-)" "== La sélection de l’analyste =="
contains "French member: the niche still has its other item" "$TMP/pm.txt" "des convoyeurs"
lacks "French member: no colon after a plain space" "$TMP/pm.txt" "[^ ] :"
V digest --week 2026-W48 --dry-run --raw --member oten >"$TMP/ot.eml" 2>&1
text "$TMP/ot.eml" >"$TMP/ot.txt"
contains "English member: the picks section" "$TMP/ot.txt" "== Analyst's picks =="
lacks "English member: not the pick of a niche it does not follow" "$TMP/ot.txt" "pompes"

# ---- the preview a person reads (--dry-run), the MIME (--raw) ----
V digest --week 2026-W48 --dry-run --member pmfr >"$TMP/preview" 2>&1
contains "--dry-run: the subject as read" "$TMP/preview" "^Subject: Veille Maintenance 4.0 — semaine 48${NB}: "
contains "--dry-run: the recipient" "$TMP/preview" "^To: pm@member.example$"
contains "--dry-run: the text decoded (accents, no-break space)" "$TMP/preview" "Note de l’analyste${NB}: À lire"
lacks "--dry-run: no MIME" "$TMP/preview" "quoted-printable|^MIME-Version|=C3=A0"
contains "--raw: the MIME as sent" "$TMP/pm.eml" "^Content-Transfer-Encoding: quoted-printable"

# ---- sent once ----
V digest --week 2026-W48 --send >"$TMP/s48" 2>&1
is "week 48 sent" "$?" 0
ls "$TMP/S"/*.eml >"$TMP/sent48" 2>/dev/null
is "two messages for week 48" "$(wc -l <"$TMP/sent48" | tr -d ' ')" 2
# the token: HMAC-SHA-256 keyed by SHA-256 of the secret, 16 bytes in hex
want=$($PY -c 'import hashlib,hmac
k=hashlib.sha256(b"un secret de test").digest()
print(hmac.new(k, b"pmfr", hashlib.sha256).hexdigest()[:32])')
is "member token prints the member's token" "$(V member token pmfr)" "$want"
$PY -c 'import email,glob,sys
for p in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    m = email.message_from_binary_file(open(p, "rb"))
    if "pm@member.example" in m["To"]:
        print(m["List-Unsubscribe"])
        print(m["List-Unsubscribe-Post"])' "$TMP/S" >"$TMP/unsub"
contains "List-Unsubscribe: the mailto with the member's token" "$TMP/unsub" "<mailto:desinscription@cluster.example\?subject=unsubscribe-pmfr-$want>"
contains "List-Unsubscribe: the https URL with the member's token" "$TMP/unsub" "<https://cluster.example/desinscription/pmfr/$want>"
contains "List-Unsubscribe-Post for one click (RFC 8058)" "$TMP/unsub" "^List-Unsubscribe=One-Click$"
mv "$TMP/secret" "$TMP/secret.away"
expect_exit 2 "a {token} without its secret file is refused" V digest --week 2026-W48 --dry-run --raw --member pmfr
mv "$TMP/secret.away" "$TMP/secret"

VEILLE_NOW=2026-12-02T08:00:00Z V digest --week 2026-W49 --dry-run --raw --member pmfr >"$TMP/pm49.eml" 2>&1
text "$TMP/pm49.eml" >"$TMP/pm49.txt"
lacks "week 49: a pick already sent is not sent again" "$TMP/pm49.txt" "sélection de l’analyste"

# ---- pause and resume ----
cp "$TMP/veille.conf" "$TMP/conf.before"
expect_exit 0 "member pause" V member pause pmfr
expect_exit 2 "member pause of an unknown member" V member pause pmfx
V member pause pmfx 2>"$TMP/err"
contains "unknown member: did you mean" "$TMP/err" "did you mean 'pmfr'"
cmp -s "$TMP/veille.conf" "$TMP/conf.before" && ok "the configuration file is left untouched" ||
	not_ok "the configuration file is left untouched"
V digest --list >"$TMP/dl" 2>&1
contains "digest --list shows the paused member" "$TMP/dl" "^-	pmfr	paused	2026-11-30T08:00:00Z	by veille member"
V member --list >"$TMP/ml" 2>&1
contains "member --list: pmfr paused by the command" "$TMP/ml" "^pmfr	paused	\\(veille member, 2026-11-30\\)"
contains "member --list: oten active by the configuration" "$TMP/ml" "^oten	active	\\(configuration\\)"
VEILLE_NOW=2026-12-07T08:00:00Z V digest --send >"$TMP/s49" 2>&1
contains "the paused member is skipped" "$TMP/s49" "skipped pmfr: paused"
is "one message for week 49 (the English member's)" "$(ls "$TMP/S"/*.eml | wc -l | tr -d ' ')" 3
expect_exit 0 "member resume" V member resume pmfr
VEILLE_NOW=2026-12-07T09:00:00Z V digest --send >"$TMP/s49b" 2>&1
contains "after resume the member is sent its week" "$TMP/s49b" "^sent pmfr"
