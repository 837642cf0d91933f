#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run preemptlab selftests on this kernel (in the VM, or on a test box) and
# print one KTAP stream in the format of kselftest's runner: a top-level
# result per test program, with its own TAP indented behind "# ".
#
# A test fails when it exits 1, times out, or when the kernel logs a splat
# or gains a bad taint bit while it runs: the splat is named in the output.

set -u
here=$(cd "$(dirname "$0")" && pwd)
PROG=selftests/run.sh

usage()
{
	cat <<EOF
Usage: $PROG [-h] [-l] [-c COLLECTION]... [-t COLLECTION:TEST]... [-s N] [-o DIR]

Run the selftest programs listed in TEST_PROGS of each collection's
Makefile (a collection is a folder under selftests/). The default is every
collection except "host" (tests of the runners; they boot VMs of their own
and run on the host) and "fixtures" (deliberate failures those tests use).

  -c, --collection NAME   run this collection (repeatable)
  -t, --test C:T          run test T of collection C (repeatable; with -c,
                          after the collections' tests)
  -l, --list              list the tests that would run, and exit
  -s, --timeout-scale N   multiply every timeout by N (a debug kernel, a
                          slow emulator)                       [default: 1]
  -o, --out DIR           also save each test's output as DIR/C/T.tap
  -h, --help              this text

Each test gets the timeout from its collection's "settings" file
(timeout=N, default 45 s). A test whose header says "# models: full rt"
runs only on those models (PLAB_MODEL) and is a skip elsewhere; on a test
box (PLAB_MODEL unset or "host") every test runs. When kmemleak is active
(a debug kernel), a last result "harness: kmemleak" fails on any leak
found after the run. Exit status: 0 when nothing failed, 1 when a test
failed, 2 on usage errors.
EOF
}

die()
{
	echo "$PROG: error: $*" >&2
	exit 2
}

collections=
tests=
list=0
scale=1
out=
while [ $# -gt 0 ]; do
	case "$1" in
	-h|--help) usage; exit 0 ;;
	-c|--collection)
		[ $# -ge 2 ] || die "$1 needs a collection name"
		[ -f "$here/$2/Makefile" ] || die "no collection '$2' (no selftests/$2/Makefile)"
		collections="$collections $2"
		shift
		;;
	-t|--test)
		[ $# -ge 2 ] || die "$1 needs COLLECTION:TEST"
		case "$2" in *:*) ;; *) die "--test '$2' is not COLLECTION:TEST" ;; esac
		[ -x "$here/${2%%:*}/${2#*:}" ] || die "no executable test '${2#*:}' in selftests/${2%%:*}"
		tests="$tests $2"
		shift
		;;
	-l|--list) list=1 ;;
	-s|--timeout-scale)
		[ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]?$ ]] || die "$1 needs a factor in 1..99"
		scale=$2
		shift
		;;
	-o|--out)
		[ $# -ge 2 ] || die "$1 needs a folder"
		mkdir -p "$2" || die "cannot create '$2'"
		out=$(cd "$2" && pwd)
		shift
		;;
	*) die "unknown argument '$1' (see $PROG -h)" ;;
	esac
	shift
done

# test_progs COLLECTION: the TEST_PROGS of its Makefile, in order.
test_progs()
{
	awk '/^TEST_PROGS[ \t]*[:+]?=/ { on = 1; sub(/^[^=]*=/, "") }
	     on { more = sub(/\\$/, ""); print; on = more }' "$here/$1/Makefile" |
		tr -s ' \t' '\n' | grep -v '^$'
}

# -c and -t add up: the collections' tests, then the single tests.
if [ -z "$tests" ] && [ -z "$collections" ]; then
	for d in "$here"/*/; do
		c=$(basename "$d")
		case "$c" in host|fixtures) continue ;; esac
		[ -f "$d/Makefile" ] && collections="$collections $c"
	done
fi
single=$tests
tests=
for c in $collections; do
	for t in $(test_progs "$c"); do
		tests="$tests $c:$t"
	done
done
for ct in $single; do
	case " $tests " in *" $ct "*) ;; *) tests="$tests $ct" ;; esac
done

if [ "$list" = 1 ]; then
	for ct in $tests; do echo "$ct"; done
	exit 0
fi

. "$here/lib/kernel_log.sh"
. "$here/lib/stuck.sh"

# stuck_watch PID LIMIT FILE: one second before the timeout kills the test
# (PID is its timeout(1)), where its processes are, in FILE. Waits with
# read's timeout on a pipe no one writes: a sleep(1) child would outlive
# this watcher when it is killed.
stuck_watch()
{
	local fd

	exec {fd}<> <(:)
	read -r -t "$(($2 > 1 ? $2 - 1 : 1))" -u "$fd"
	kill -0 "$1" 2> /dev/null && stuck_report "$1" > "$3"
}

settings_timeout()
{
	local t

	t=$(sed -n 's/^timeout=\([0-9]*\)$/\1/p' "$here/$1/settings" 2>/dev/null)
	echo $((${t:-45} * scale))
}

# test_runs_on_model TEST: true when TEST runs on PLAB_MODEL. A test whose
# result cannot depend on the preemption model (parameter validation, input
# parsing: the same kernel binary serves none, voluntary and full) says
# "# models: full rt" in its header; elsewhere it is a visible skip, never a
# pass. On a test box (PLAB_MODEL unset or "host") every test runs.
# Prints the models the test asks for.
test_runs_on_model()
{
	local models

	models=$(sed -n 's/^# models: *\([a-z ]*\).*/\1/p' "$1" | head -n 1)
	models=$(echo $models)
	echo "${models:-all}"
	[ -z "$models" ] && return 0
	case "${PLAB_MODEL:-host}" in host|custom) return 0 ;; esac
	case " $models " in *" ${PLAB_MODEL} "*) return 0 ;; esac
	return 1
}

n=0
failed=0
set -- $tests
# On a kernel with kmemleak active (the debug kernel), leaks are checked
# once after every test: what existed before the run is cleared first.
KMEMLEAK=/sys/kernel/debug/kmemleak
leakcheck=0
[ -w $KMEMLEAK ] && echo clear 2>/dev/null > $KMEMLEAK && leakcheck=1
echo "TAP version 13"
echo "1..$(($# + leakcheck))"
for ct in $tests; do
	n=$((n + 1))
	c=${ct%%:*}
	t=${ct#*:}
	limit=$(settings_timeout "$c")
	name="selftests: $c: $t"
	echo "# $name"
	if ! wanted=$(test_runs_on_model "$here/$c/$t"); then
		echo "ok $n $name # SKIP not on ${PLAB_MODEL:-this model}: its models: header lists $wanted"
		continue
	fi
	log=$(mktemp)

	# Without root (a host-side collection run by a user) there is no
	# mark and no kernel log check, as the tests' own checks need root.
	before=$(plab_klog_mark 2> /dev/null)
	taint_before=$(cat /proc/sys/kernel/tainted)
	start=$(date +%s)
	(cd "$here/$c" && exec timeout -k 5 "$limit" "./$t") > "$log" 2>&1 &
	tpid=$!
	stuck_watch "$tpid" "$limit" "$log.stuck" &
	wpid=$!
	wait "$tpid"
	rc=$?
	kill "$wpid" 2> /dev/null
	wait "$wpid" 2> /dev/null
	elapsed=$(($(date +%s) - start))
	sed 's/^/# /' "$log"
	if [ -n "$out" ]; then
		mkdir -p "$out/$c"
		cp "$log" "$out/$c/$t.tap"
	fi
	rm -f "$log"
	stuck=
	[ -s "$log.stuck" ] && stuck=$(stuck_summary "$log.stuck")

	splat=
	[ -z "$before" ] || splat=$(plab_klog_clean "$before")
	taint=$(cat /proc/sys/kernel/tainted)
	newbad=$(((taint & ~taint_before) & ~PLAB_TAINT_ALLOWED))

	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		[ -n "$stuck" ] && sed 's/^/# timeout: /' "$log.stuck"
		echo "not ok $n $name # TIMEOUT $limit seconds${stuck:+; stuck: $stuck}"
		failed=1
	elif [ -n "$splat" ]; then
		echo "# kernel splat during $c/$t: $splat"
		echo "not ok $n $name # exit=$rc, kernel splat"
		failed=1
	elif [ "$newbad" -ne 0 ]; then
		echo "# kernel taint went from $taint_before to $taint during $c/$t"
		echo "not ok $n $name # exit=$rc, taint $taint"
		failed=1
	elif [ $rc -eq 4 ]; then
		echo "ok $n $name # SKIP"
	elif [ $rc -eq 0 ]; then
		echo "ok $n $name # ${elapsed}s"
	else
		echo "not ok $n $name # exit=$rc"
		failed=1
	fi
	rm -f "$log.stuck"
done

# leak_check: unload what is left, let kmemleak's minimum object age
# (5 s) pass, scan twice (a scan can miss a pointer in flight) and fail on
# any unreferenced object.
leak_check()
{
	local m leaks

	n=$((n + 1))
	name="selftests: harness: kmemleak"
	echo "# $name"
	for m in $(awk '$1 ~ /^plab_/ { print $1 }' /proc/modules); do
		rmmod "$m" 2>/dev/null || echo "# cannot unload $m"
	done
	sleep 6
	echo scan > $KMEMLEAK
	echo scan > $KMEMLEAK
	leaks=$(grep -c '^unreferenced object' $KMEMLEAK)
	if [ "$leaks" -eq 0 ]; then
		echo "ok $n $name # no unreferenced object after the run"
	else
		head -n 60 $KMEMLEAK | sed 's/^/# /'
		echo "not ok $n $name # $leaks unreferenced object(s)"
		failed=1
	fi
}
[ $leakcheck = 1 ] && leak_check
exit $failed
