#!/bin/sh
# One work, one story (issue 26): pairwise precision and recall of the
# stories veille makes on bench/stories-eval.py's set (public
# bibliographic data of iml-wg/HEPML-LivingReview, at the commit the
# script names), in both arrival orders. The data comes from a clone:
# HEPML_CLONE, else bench/out/HEPML-LivingReview (cloned when absent; the
# only step that needs the network). Prints a Markdown section.
set -u
CLONE=${HEPML_CLONE:-bench/out/HEPML-LivingReview}
MKDB=${MKDB:-build/plain/tests/tools/mkdb}
echo "## Stories: one work, one story (bench/stories-eval.py, issue 26)"
echo
if [ ! -d "$CLONE" ] && ! git clone -q https://github.com/iml-wg/HEPML-LivingReview "$CLONE" 2>/dev/null; then
	echo "_skipped: no clone of iml-wg/HEPML-LivingReview (set HEPML_CLONE)_"
	exit 0
fi
[ -x "$MKDB" ] || make -s BUILD=build/plain "$MKDB" >/dev/null
cat <<'TXT'
Items built from public data written by others (see the script's
header for what each item is and where it comes from): an arXiv listing
item and a journal table-of-contents item per paper, neither carrying
the other's identifier, so they meet by title only, months apart; papers
with look-alike titles; and titles journals reuse (constructed). Stored
by `tests/tools/mkdb` (the store API, one transaction per feed, as a
crawl), arXiv first, then journals first. A pair is two items in one
story; true pairs are those of one paper. Target: recall >= 0.95 in
either order, no false merge.

TXT
python3 bench/stories-eval.py "$CLONE" "$MKDB"
echo
echo "Command: \`sh bench/b60-stories.sh\` (\`HEPML_CLONE=DIR\` to use a clone)."
