#!/bin/sh
# An included file may be anything, a secret named by mistake: the errors
# it causes name its file and line but never quote its lines (issue 24,
# item 9). The top configuration's own lines are still quoted.
. tests/e2e/lib.sh
cd "$TMP" || exit 1
V=$OLDPWD/$VEILLE
case "$VEILLE" in /*) V=$VEILLE ;; esac
printf 'TOPSECRET-key-AKIA0001\nsecretpw=hunter2word\n[root:x:0:0:SECRETROOT]\n' >secret.txt
printf 'include = secret.txt\n' >inc.conf
expect_exit 2 "an included non-configuration file: check fails" "$V" --config inc.conf check
contains "line 1 named, not quoted" "$TMP/err" "secret.txt:1: expected 'key = value' \(a line of an included file, not quoted\)"
contains "line 2 named, not quoted" "$TMP/err" "secret.txt:2: a key outside any section"
contains "line 3 named, not quoted" "$TMP/err" "secret.txt:3: unknown section \(a line of an included file"
lacks "no line of the included file printed" "$TMP/err" "TOPSECRET|secretpw|hunter2word|SECRETROOT"
cp secret.txt top.conf
expect_exit 2 "the same lines in the configuration itself" "$V" --config top.conf check
contains "...are quoted there, to help fix them" "$TMP/err" "top.conf:1: expected 'key = value', found 'TOPSECRET"
contains "...and the key named" "$TMP/err" "top.conf:2: key 'secretpw' outside any section"
