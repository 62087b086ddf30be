#!/bin/sh
# Installs the Debian packages a group of tasks needs, when missing.
# usage: sh mk/deps.sh GROUP...   (groups: build test bench fuzz)
# On a system without apt-get/dpkg it prints the packages and exits 2.
set -eu

pkgs_build="make gcc pkg-config libcurl4-openssl-dev libxml2-dev libsqlite3-dev libpcre2-dev zlib1g-dev libstemmer-dev"
# end-to-end tests: SMTP server, sqlite3 CLI, headless browser, leak checks,
# xmllint (well-formedness of what veille writes), setpriv (runs readers as
# another user)
pkgs_test="python3 python3-aiosmtpd sqlite3 chromium valgrind tzdata openssl groff-base fonts-dejavu-core libxml2-utils util-linux"
# benchmarks: the peers and floors we compare with
pkgs_bench="sfeed libxml2-utils pcre2-utils nginx-light sqlite3 curl newsboat hyperfine time"
pkgs_fuzz="clang libclang-rt-dev"

want=""
for g in "$@"; do
	eval "want=\"\$want \$pkgs_$g\""
done

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	echo "veille needs these packages (Debian names); install them with your package manager:" >&2
	echo "  $want" >&2
	exit 2
fi

missing=""
for p in $want; do
	case " $missing " in *" $p "*) continue ;; esac
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "make deps: installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "make deps: not root and no sudo; install as root:$missing" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
echo "make deps: done"
