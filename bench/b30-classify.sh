#!/bin/sh
# b30: classifying items with the shipped rules (veille rules test: fold,
# match every niche and sector rule on title and summary, JSON evidence)
# against the floor: pcre2grep scanning the same folded text once per
# pattern, for the same patterns (JIT, caseless, UTF). Items come from
# bench/gen-corpus.py when present (titles and descriptions of the generated
# feeds), else from the labelled set repeated.
set -eu
VEILLE=${VEILLE:-./veille}
PY=/usr/bin/python3
out=bench/out/b30
mkdir -p "$out"

if [ -f bench/gen-corpus.py ]; then
	[ -d "$out/corpus/feeds" ] || $PY bench/gen-corpus.py "$out/corpus" --feeds 1000 >/dev/null
	source="bench/gen-corpus.py (1000 feeds)"
	$PY - "$out/corpus/feeds" >"$out/items.tsv" <<'PYEOF'
import sys, os, re, html
import xml.etree.ElementTree as ET
d = sys.argv[1]
n = 0
for f in sorted(os.listdir(d)):
    try:
        root = ET.parse(os.path.join(d, f)).getroot()
    except ET.ParseError:
        continue
    for el in root.iter():
        tag = el.tag.split('}')[-1]
        if tag not in ('item', 'entry'):
            continue
        t = s = ''
        for c in el:
            ct = c.tag.split('}')[-1]
            if ct == 'title' and not t:
                t = ''.join(c.itertext())
            elif ct in ('description', 'summary', 'content') and not s:
                s = ''.join(c.itertext())
        clean = lambda x: re.sub(r'\s+', ' ', html.unescape(re.sub(r'<[^>]*>', ' ', x))).strip()
        n += 1
        print('%d\t%s\t%s' % (n, clean(t), clean(s)))
PYEOF
else
	source="tests/data/rules-eval.tsv repeated (bench/gen-corpus.py absent)"
	awk -F'\t' 'NR > 1 { for (i = 0; i < 150; i++) print NR "-" i "\t" $7 "\t" $8 }' \
		tests/data/rules-eval.tsv >"$out/items.tsv"
fi
items=$(wc -l <"$out/items.tsv")
bytes=$(wc -c <"$out/items.tsv")

# The same text folded as the classifier folds it (lower case, accents
# off), one item per line, and the patterns without their options.
$PY - "$out/items.tsv" >"$out/folded.txt" <<'PYEOF'
import sys, unicodedata
for line in open(sys.argv[1], encoding='utf-8'):
    f = line.rstrip('\n').split('\t')
    t = ' '.join(f[1:3]).lower()
    t = unicodedata.normalize('NFKD', t.replace('œ', 'oe').replace('æ', 'ae').replace('ß', 'ss'))
    print(''.join(c for c in t if not unicodedata.combining(c)))
PYEOF
sed -n 's/^\(match\|exclude\) *= *//p' conf/taxonomy.conf |
	sed 's/[[:space:]]\{1,\}\(weight\|field\)=[^[:space:]]*//g; s/[[:space:]]*$//' \
	>"$out/patterns.txt"
npat=$(wc -l <"$out/patterns.txt")

now() { date +%s.%N; }
best_of() {	# best of 3 runs, seconds
	best=
	for _ in 1 2 3; do
		s=$(now)
		"$@"
		e=$(now)
		t=$(echo "$e - $s" | bc)
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
	done
	echo "$best"
}
run_veille() { "$VEILLE" --config feeds.conf rules test --format tsv "$out/items.tsv" >"$out/veille.tsv"; }
run_veille_json() { "$VEILLE" --config feeds.conf rules test "$out/items.tsv" >"$out/veille.json"; }
run_grep() {
	while IFS= read -r p; do
		pcre2grep -c -i -u -- "$p" "$out/folded.txt" >/dev/null || true
	done <"$out/patterns.txt"
}
tv=$(best_of run_veille)
tg=$(best_of run_grep)
tj=$(best_of run_veille_json)
matched=$(awk -F'\t' '$2 != ""' "$out/veille.tsv" | wc -l)
ratio=$(echo "scale=2; $tv / $tg" | bc)
rate=$(echo "$items / $tv" | bc)

echo "## Classifying items (b30)"
echo
echo "$items items ($bytes bytes of title and summary) from $source;"
echo "$npat patterns of conf/taxonomy.conf (12 niches, 10 sectors); best of 3 runs."
echo "The floor is pcre2grep -c -i -u (JIT) over the same text, folded"
echo "beforehand, once per pattern; veille also folds, keeps the title apart"
echo "(weighted), maps offsets back and writes JSON evidence."
echo
echo "| run | seconds | items/s |"
echo "|---|---:|---:|"
echo "| veille rules test --format tsv | $tv | $rate |"
echo "| veille rules test (JSON evidence) | $tj | $(echo "$items / $tj" | bc) |"
echo "| pcre2grep floor | $tg | $(echo "$items / $tg" | bc) |"
echo
echo "Ratio veille (tsv) / floor: **${ratio}x** (target <= 2x); the JSON run"
echo "adds writing every piece of evidence with its pattern. Items in at least"
echo "one niche: $matched."
echo
echo "Rules quality on tests/data/rules-eval.tsv (\`veille rules eval\`):"
echo
echo '```'
"$VEILLE" --config feeds.conf rules eval --worst 0 tests/data/rules-eval.tsv
echo '```'
echo
echo "Held-out test split only (\`--split test\`):"
echo
echo '```'
"$VEILLE" --config feeds.conf rules eval --worst 0 --split test tests/data/rules-eval.tsv
echo '```'
