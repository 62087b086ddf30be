#!/bin/sh
# Fails on banned functions in the C sources and on an arrow between
# modules that goes up (mk/layers.sh); runs cppcheck when installed.
set -u
status=0
banned='(^|[^A-Za-z0-9_])(sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol|gets)[[:space:]]*\('
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find . -name '*.[ch]')
if hits=$(grep -nE "$banned" $files); then
	echo "lint: banned functions (use the bounded ones in util/):"
	echo "$hits"
	status=1
fi
# Every allocation goes through util/alloc.h, so that the torture tests can
# make each one fail in turn; tests/, fuzz/ and bench/ are harnesses, not
# veille, and may use libc directly.
alloc='(^|[^A-Za-z0-9_])(malloc|calloc|realloc|reallocarray|free|strdup|strndup)[[:space:]]*\('
src=$(echo "$files" | grep -vE '^(\./)?(tests|fuzz|bench)/|^(\./)?util/alloc\.[ch]$')
if hits=$(grep -nE "$alloc" $src); then
	echo "lint: direct allocation (use util/alloc.h's v_malloc, v_free, ...):"
	echo "$hits"
	status=1
fi
if hits=$(grep -nE 'scanf[[:space:]]*\([^)]*%s' $files); then
	echo "lint: unbounded scanf %s:"
	echo "$hits"
	status=1
fi
sh mk/layers.sh || status=1
if command -v cppcheck >/dev/null 2>&1; then
	cppcheck --quiet --error-exitcode=1 --std=c11 --inline-suppr \
		--suppress=missingIncludeSystem --suppress=unusedFunction \
		--enable=warning,portability -I util \
		util parser classify index fetcher digest report crawl cli || status=1
else
	echo "lint: cppcheck not installed, skipped"
fi
[ $status -eq 0 ] && echo "lint: ok"
exit $status
