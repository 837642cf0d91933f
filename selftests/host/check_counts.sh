#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: make check's closing line counts every failure: one
#              injected into each layer in turn (a tool unit test that
#              fails, one that does not compile, one that reports nothing,
#              a host test that exits 1 silently, a VM test that hangs, a
#              regression run that stops early) raises the failed count of
#              "make check: N passed, N failed, N skipped"; the passing
#              fixture tool is the control that counts no failure
. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

host_setup 10

tools=$top/selftests/fixtures/tools

# check NAME LAYER WANT_PASSED WANT_FAILED [ENV=VALUE...] [-- plab-check args]:
# run plab-check on LAYER alone (the other six count one skip each) and
# compare its closing line; WANT_PASSED "any" accepts any count.
# One layer runs; each of the others counts one skip.
others=$(($(sed -n 's/^LAYERS=//p' "$top/scripts/harness/plab-check" | tr , '\n' | grep -c .) - 1))

check()
{
	local name=$1 layer=$2 wp=$3 wf=$4 line rc p f envs=() args=()

	shift 4
	while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
	[ "${1:-}" = -- ] && shift
	args=("$@")
	env "${envs[@]}" "$top/scripts/harness/plab-check" --layers "$layer" "${args[@]}" \
		-o "$tmp/$name" > "$tmp/$name.out" 2>&1
	rc=$?
	line=$(grep '^make check: ' "$tmp/$name.out")
	echo "# $name: exit $rc, '$line'"
	grep -E '^  (PASS|FAIL|SKIP)  ' "$tmp/$name.out" | grep -v SKIP | sed 's/^/#   /'
	p=$(echo "$line" | sed -n "s/^make check: \([0-9]*\) passed, \([0-9]*\) failed, $others skipped\$/\1/p")
	f=$(echo "$line" | sed -n "s/^make check: \([0-9]*\) passed, \([0-9]*\) failed, $others skipped\$/\2/p")
	[ "$(grep -c '^make check: ' "$tmp/$name.out")" = 1 ] && [ -n "$f" ] &&
		[ "$f" = "$wf" ] && { [ "$wp" = any ] || [ "$p" = "$wp" ]; } &&
		{ [ "$wf" = 0 ] && [ $rc = 0 ] || { [ "$wf" != 0 ] && [ $rc = 1 ]; }; }
	ktap_result $? "$name: $wp passed, $wf failed (exit $rc)"
}

# named NAME TEST: the summary of run NAME names the failed TEST on a line
# of its own, so a CI log's tail says which test failed, not only how many.
named()
{
	sed -n '/^Summary/,$p' "$tmp/$1.out" | grep -q "^        .*$2"
	ktap_result $? "$1: the summary names $2"
}

check "control: tool tests that pass" tools 2 0 PLAB_CHECK_TOOLS="$tools/passing"
# A failing block named "command line" (a space in the name), a program
# that reported 2 of its 3 planned cases, a planned program never seen.
check "tool tests that fail" tools 3 3 PLAB_CHECK_TOOLS="$tools/failing"
check "a tool test that does not compile" tools 0 1 PLAB_CHECK_TOOLS="$tools/nocompile"
check "a tool check that reports nothing, exit 0" tools 0 1 PLAB_CHECK_TOOLS="$tools/silent"
check "all four tools in one run" tools 5 5 \
	PLAB_CHECK_TOOLS="$tools/passing $tools/failing $tools/nocompile $tools/silent"
check "a host test that exits 1 silently" host 0 1 PLAB_CHECK_HOST="-t fixtures:silent_fail.sh"
named "a host test that exits 1 silently" fixtures:silent_fail.sh
# The real plab-regress, stopped at its argument checks: no step, no
# selftest summary, exit 2.
check "a regression run that stops early" regress 0 2 \
	PLAB_CHECK_REGRESS="$top/scripts/harness/plab-regress --jobs 0"
# One boot: the boot passes, the test hangs past its timeout.
check "a VM test that hangs" vm 1 1 PLAB_CHECK_VM="-t fixtures:hang.sh" -- -m none
named "a VM test that hangs" "none: fixtures:hang.sh"

ktap_finish
