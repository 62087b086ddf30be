# Shared helpers for end-to-end tests: sourced by tests/e2e/t*.sh, which run
# from the top of the repository with $VEILLE naming the binary under test.
# Each check prints "ok - ...", "not ok - ..." or "skip - ...: why".
set -u
: "${VEILLE:=./veille}"
: "${TOOLS:=build/plain/tests/tools}"
ROOT=$(pwd)
SHARED="$ROOT/../shared"
# NB: the no-break space French typography puts before a colon.
NB=$(printf '\302\240')
TMP=$(mktemp -d "${TMPDIR:-/tmp}/veille-test.XXXXXX")
_pids=""

cleanup() {
	for p in $_pids; do
		kill "$p" 2>/dev/null
	done
	for p in $_pids; do
		wait "$p" 2>/dev/null
	done
	# a test may leave read-only folders (t0820, t0871): make them
	# writable again, or rm cannot empty them when not run as root
	chmod -R u+rwx "$TMP" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

# Remembers a background process to stop at exit.
track() { _pids="$_pids $1"; }

ok() { echo "ok - $1"; }
not_ok() {
	echo "not ok - $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | head -20 | sed 's/^/#   /'
	return 0
}
skip() { echo "skip - $1: $2"; }

# check DESC CMD...: passes when CMD exits 0.
check() {
	_d=$1
	shift
	if _out=$("$@" 2>&1); then ok "$_d"; else not_ok "$_d" "$_out"; fi
}

# expect_exit CODE DESC CMD...: runs CMD, keeps its stdout in $TMP/out and
# stderr in $TMP/err, and passes when it exits CODE.
expect_exit() {
	_want=$1 _d=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	_rc=$?
	if [ "$_rc" -eq "$_want" ]; then
		ok "$_d"
	else
		not_ok "$_d (exit $_rc, expected $_want)" "$(cat "$TMP/err")"
	fi
}

# contains DESC FILE PATTERN: passes when FILE has a line matching PATTERN
# (grep -E).
# is DESC GOT EXPECTED: ok when the two strings are equal.
is() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', expected '$3'"; fi
}
contains() {
	if grep -Eq -- "$3" "$2"; then ok "$1"; else not_ok "$1" "$(head -c 2000 "$2")"; fi
}
lacks() {
	if grep -Eq -- "$3" "$2"; then not_ok "$1" "$(grep -E -- "$3" "$2" | head -5)"; else ok "$1"; fi
}

# A free TCP port on 127.0.0.1.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_port PORT: waits up to 10 s for something to listen on PORT.
wait_port() {
	_i=0
	while [ $_i -lt 100 ]; do
		python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1',$1)))" 2>/dev/null && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# unprivileged_runner: sets AS to the prefix that runs a command as a user
# file modes apply to: "setpriv ... nobody" as root (modes do not stop
# root), empty otherwise. Returns 1 when root cannot switch (no setpriv).
unprivileged_runner() {
	AS=""
	[ "$(id -u)" -ne 0 ] && return 0
	command -v setpriv >/dev/null 2>&1 &&
		setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null ||
		return 1
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
}

# start_smtpd NAME [ARGS]: tests/servers/smtpd.py (Debian's aiosmtpd) on a
# free loopback port, its messages and log in $TMP/NAME; sets port and spid
# (stopped at exit).
start_smtpd() {
	_n=$1
	shift
	port=$(free_port)
	mkdir -p "$TMP/$_n"
	/usr/bin/python3 tests/servers/smtpd.py --port "$port" --dir "$TMP/$_n" "$@" \
		2>"$TMP/$_n.stderr" &
	spid=$!
	track $spid
	wait_port "$port" || not_ok "smtpd $_n started" "$(cat "$TMP/$_n.stderr")"
}
