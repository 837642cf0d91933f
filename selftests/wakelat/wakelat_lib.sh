# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the wakelat selftests; this sources ktap.sh and module.sh.
#
#   WL_BIN     the tool
#   WL_DIR     a scratch folder, removed on exit
#   WL_HELPER  wl_periodic, compiled into WL_DIR by wl_prepare_helper

WL_BIN=${WL_BIN:-$PLAB_TOP/scripts/tools/wakelat/wakelat}
WL_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$WL_SRC/../lib/ktap.sh"
. "$WL_SRC/../lib/module.sh"
. "$WL_SRC/../lib/json.sh"
WL_DIR=$(mktemp -d /tmp/wakelat-test.XXXXXX)
WL_HELPER=$WL_DIR/wl_periodic
WL_PIDS=

wl_cleanup()
{
	local p

	for p in $WL_PIDS; do
		kill "$p" 2> /dev/null
	done
	wait 2> /dev/null
	rm -rf "$WL_DIR"
}
trap wl_cleanup EXIT

# wl_require_bin: skip the whole test when the tool is not built.
wl_require_bin()
{
	[ -x "$WL_BIN" ] || ktap_skip_all "$WL_BIN not built (make -C scripts/tools/wakelat)"
}

# wl_require_bpf: root, kernel BTF, jq for the reports.
wl_require_bpf()
{
	plab_require_root
	wl_require_bin
	[ -r /sys/kernel/btf/vmlinux ] || ktap_skip_all "no /sys/kernel/btf/vmlinux"
	plab_require_jq
}

# wl_build SRC BIN: compile SRC; on failure, one failing case and the end
# of the test (call before ktap_plan): a helper that does not build is a
# failure of the test, never a skip.
wl_build()
{
	cc -O2 -Wall -Wextra -o "$2" "$1" > "$WL_DIR/cc.log" 2>&1 && return
	ktap_plan 1
	ktap_fail "$(basename "$1") builds: $(grep -m1 error "$WL_DIR/cc.log")"
	ktap_finish
}

# wl_prepare_helper: build wl_periodic into WL_DIR. Its positive control
# first: wl_build on selftests/lib/checks/does_not_compile.c must end
# the test with a failure (exit 1, "not ok", no SKIP); when it does not,
# this test fails.
wl_prepare_helper()
{
	local bad=$WL_SRC/../lib/checks/does_not_compile.c out rc

	command -v cc > /dev/null || ktap_skip_all "no C compiler for wl_periodic"
	out=$(wl_build "$bad" "$WL_DIR/bad")
	rc=$?
	if [ $rc -ne 1 ] || ! echo "$out" | grep -q '^not ok 1 ' || echo "$out" | grep -q SKIP; then
		ktap_plan 1
		ktap_fail "positive control: wl_build on does_not_compile.c exits $rc: ${out//$'\n'/ | }"
		ktap_finish
	fi
	wl_build "$WL_SRC/wl_periodic.c" "$WL_HELPER"
}

# wl_start OUT ERR ARGS...: run the tool in the background; WL_LAST=pid.
wl_start()
{
	local out=$1 err=$2

	shift 2
	"$WL_BIN" "$@" > "$out" 2> "$err" &
	WL_LAST=$!
	WL_PIDS="$WL_PIDS $WL_LAST"
}

# wl_wait_ready ERR: until the tool says it traces (30 s), or it died.
wl_wait_ready()
{
	local i

	for i in $(seq 300); do
		grep -q "tracing wakeups" "$1" 2> /dev/null && return 0
		kill -0 "$WL_LAST" 2> /dev/null || return 1
		sleep 0.1
	done
	return 1
}

# wl_stop PID: SIGINT, then its exit status.
wl_stop()
{
	kill -INT "$1" 2> /dev/null
	wait "$1"
}

# wl_json FILE FILTER...: the values of jq filters on a report, one per
# line (plab_jq: ".runs[0].samples").
wl_json()
{
	plab_jq "$@"
}

# wl_task FIELD TID: the jq filter of task TID's FIELD in a report.
wl_task()
{
	echo ".runs[0].tasks[] | select(.tid == $2) | .$1"
}

# wl_json_or DEFAULT FILE FILTER: the value of the filter, DEFAULT when the
# report has no such value; nothing (the error on stderr) when FILE is no
# JSON report.
wl_json_or()
{
	local v rc

	v=$(plab_jq "$2" "$3" 2> "$WL_DIR/wl_json.err")
	rc=$?
	case $rc in
	0) echo "$v" ;;
	1) echo "$1" ;;
	*) cat "$WL_DIR/wl_json.err" >&2 ;;
	esac
	return $rc
}

# wl_summary KEY OUT: the number after "KEY=" on wl_periodic's summary
# line (its last line) in OUT; nothing when there is none. blocked= is the
# sleeps of its periods that blocked: each is one wakeup a tracer must see.
# A sleep whose deadline had already passed (the host stopped the vCPU past
# it) returns at once, with no wakeup, so the number of periods is no lower
# bound of the tool's count under the emulator; blocked is.
wl_summary()
{
	awk -v k="$1=" 'END { for (i = 1; i <= NF; i++)
		if (index($i, k) == 1 && substr($i, length(k) + 1) ~ /^[0-9]+$/)
			print substr($i, length(k) + 1) }' "$2"
}
