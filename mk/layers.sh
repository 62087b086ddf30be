#!/bin/sh
# The map of doc/HACKING.md, checked against the sources. Prints what each
# module includes of the others (its `#include "../X/..."` lines) and fails
# when a module includes one of its own layer or of a layer above it, or
# when a module of the Makefile has no layer here, or when the files of
# one folder call each other in a cycle (a.c calls b.c, which calls a.c,
# however the headers are shared out).
# usage: sh mk/layers.sh (from the top of the repository)
set -u
if ! cd "$(dirname "$0")/.." || [ ! -f Makefile ] || [ ! -f mk/layers.sh ]; then
	echo "layers: run mk/layers.sh where it lies in the repository" >&2
	exit 2
fi

# Lowest first; a module includes only modules of the layers below its own.
layers='util
parser fetcher classify
index
digest report
crawl
cli'

modules=$(sed -n 's/^MODULES[[:space:]]*=[[:space:]]*//p' Makefile)
# shellcheck disable=SC2086
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find $modules -name '*.[ch]' | sort)

status=0
for m in $modules; do
	if ! printf '%s\n' "$layers" | tr ' ' '\n' | grep -qx "$m"; then
		echo "layers: module '$m' (Makefile) has no layer in mk/layers.sh"
		status=1
	fi
done

# One line per include of another module: "from-module to-module file".
ours=$(for f in $files; do
	case " $modules " in *" ${f%%/*} "*) echo "$f" ;; esac
done)
# shellcheck disable=SC2086
arrows=$(awk '/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\.\.\// {
	m = FILENAME; sub(/\/.*/, "", m)
	x = $0; sub(/^[^"]*"\.\.\//, "", x); sub(/\/.*/, "", x)
	print m, x, FILENAME
}' $ours | sort -u)

printf '%s\n' "$arrows" | awk -v layers="$layers" -v modules="$modules" '
BEGIN {
	n = split(layers, row, "\n")
	for (i = 1; i <= n; i++) {
		k = split(row[i], ms, " ")
		for (j = 1; j <= k; j++)
			rank[ms[j]] = i
	}
}
NF == 3 {
	if (!((1, $1, $2) in seen))
		deps[$1] = deps[$1] " " $2
	seen[1, $1, $2] = 1
	if (!($2 in rank))
		bad = bad sprintf("layers: %s includes from %s/, which is no module\n", $3, $2)
	else if (rank[$2] >= rank[$1])
		bad = bad sprintf("layers: %s includes from %s/: %s is not below %s\n",
				  $3, $2, $2, $1)
}
END {
	k = split(modules, ms, " ")
	for (i = 1; i <= k; i++) {
		m = ms[i]
		d = deps[m]
		# sorted, for a stable listing
		c = split(d, a, " ")
		for (x = 2; x <= c; x++)
			for (y = x; y > 1 && a[y - 1] > a[y]; y--) {
				t = a[y]; a[y] = a[y - 1]; a[y - 1] = t
			}
		line = ""
		for (x = 1; x <= c; x++)
			line = line " " a[x]
		printf "%-10s -> %s\n", m, c ? substr(line, 2) : "(libc and libraries only)"
	}
	printf "%s", bad
	exit bad != ""
}' || status=1

# Cycles between files of one folder. A .c file uses another when it
# names a function or a variable the other defines (not static); names
# are read with comments, literals and preprocessor lines removed, so a
# name made by a macro (cmd_##n) is not seen.
cycles=$(for m in $modules; do
	cs=$(printf '%s\n' "$files" | grep "^$m/[^/]*\.c\$")
	[ -n "$cs" ] || continue
	# shellcheck disable=SC2086
	awk '
	FNR == 1 { file = FILENAME; sub(/.*\//, "", file); nf++; name[nf] = file
		   incom = 0; pp = 0; depth = 0; stmt = "" }
	{
		# comments, strings and character constants out
		s = $0; out = ""
		while (s != "") {
			if (incom) {
				p = index(s, "*/")
				if (!p) { s = ""; break }
				s = substr(s, p + 2); incom = 0; out = out " "
				continue
			}
			if (match(s, /\/\*|\/\/|"|\047/) == 0) { out = out s; break }
			out = out substr(s, 1, RSTART - 1)
			t = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
			if (t == "/*") incom = 1
			else if (t == "//") s = ""
			else {
				q = t
				while (s != "") {
					c = substr(s, 1, 1); s = substr(s, 2)
					if (c == "\\") s = substr(s, 2)
					else if (c == q) break
				}
				out = out " 0 "
			}
		}
		# preprocessor lines, continued ones too
		if (pp || out ~ /^[[:space:]]*#/) { pp = out ~ /\\[[:space:]]*$/; next }
		# uses: every identifier
		u = out
		while (match(u, /[A-Za-z_][A-Za-z_0-9]*/)) {
			used[file, substr(u, RSTART, RLENGTH)] = 1
			u = substr(u, RSTART + RLENGTH)
		}
		# definitions: the text at depth 0 up to a "{" or a ";"
		for (i = 1; i <= length(out); i++) {
			c = substr(out, i, 1)
			if (depth == 0 && (c == "{" || c == ";" || c == "=")) {
				define(stmt, c)
				stmt = c == "=" ? "=" : ""
			}
			if (c == "{") depth++
			else if (c == "}") { depth--; if (depth == 0) stmt = "" }
			else if (depth == 0 && c != "=") stmt = stmt c
		}
		if (depth == 0) stmt = stmt " "
	}
	function define(st, c,    w) {
		if (st ~ /^=/ || st ~ /(^|[^A-Za-z_0-9])(static|typedef|extern)[^A-Za-z_0-9]/)
			return
		if (c == "{" && match(st, /[A-Za-z_][A-Za-z_0-9]*[[:space:]]*\(/)) {
			w = substr(st, RSTART, RLENGTH); sub(/[[:space:]]*\($/, "", w)
		} else if (c != "{" && st !~ /\(/ &&
			   match(st, /[A-Za-z_][A-Za-z_0-9]*[[:space:]]*(\[[^]]*\])?[[:space:]]*$/)) {
			w = substr(st, RSTART, RLENGTH); sub(/[[:space:]]*\[.*/, "", w)
			sub(/[[:space:]]+$/, "", w)
		} else
			return
		if (w != "" && !(w in owner)) owner[w] = file
	}
	END {
		for (k in used) {
			split(k, kv, SUBSEP)
			if ((kv[2] in owner) && owner[kv[2]] != kv[1])
				reach[kv[1], owner[kv[2]]] = 1
		}
		for (x = 1; x <= nf; x++)
			for (i = 1; i <= nf; i++)
				for (j = 1; j <= nf; j++)
					if ((name[i], name[x]) in reach && (name[x], name[j]) in reach)
						reach[name[i], name[j]] = 1
		for (i = 1; i <= nf; i++) {
			if (done[i]) continue
			line = ""
			for (j = i + 1; j <= nf; j++)
				if ((name[i], name[j]) in reach && (name[j], name[i]) in reach) {
					line = line " " name[j]; done[j] = 1
				}
			if (line != "")
				printf "file cycle in %s/: %s%s\n", dir, name[i], line
		}
	}' dir="$m" $cs
done)
if [ -n "$cycles" ]; then
	printf '%s\n' "$cycles"
	status=1
fi

[ $status -eq 0 ] && echo "layers: ok"
exit $status
