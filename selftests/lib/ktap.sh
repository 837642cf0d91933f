# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# KTAP output for preemptlab's shell selftests, in the kselftest format:
#
#   . "$(dirname "$0")/../lib/ktap.sh"
#   ktap_header
#   ktap_plan 2
#   ktap_result "$ok" "module loads"         # $ok: 0 pass, else fail
#   ktap_skip "hotplug" "only one CPU"
#   ktap_finish                               # exits 0, 1 or 4
#
# ktap_finish exits 1 when any case failed, 4 when every case was skipped,
# 0 otherwise; never 4 after a failure.

KTAP_CASE=0
KTAP_PASS=0
KTAP_FAIL=0
KTAP_SKIP=0
KTAP_PLANNED=

ktap_header()
{
	echo "TAP version 13"
}

ktap_plan()
{
	KTAP_PLANNED=$1
	echo "1..$1"
}

ktap_diag()
{
	echo "# $*"
}

# ktap_case RESULT DESCRIPTION: number the next case and print its line;
# the caller counts it.
ktap_case()
{
	KTAP_CASE=$((KTAP_CASE + 1))
	echo "$1 $KTAP_CASE $2"
}

ktap_pass()
{
	KTAP_PASS=$((KTAP_PASS + 1))
	ktap_case ok "$*"
}

ktap_fail()
{
	KTAP_FAIL=$((KTAP_FAIL + 1))
	ktap_case "not ok" "$*"
}

# ktap_skip DESCRIPTION REASON
ktap_skip()
{
	KTAP_SKIP=$((KTAP_SKIP + 1))
	ktap_case ok "$1 # SKIP $2"
}

# ktap_result STATUS DESCRIPTION: pass when STATUS is 0.
ktap_result()
{
	local status=$1

	shift
	if [ "$status" -eq 0 ]; then
		ktap_pass "$@"
	else
		ktap_fail "$@"
	fi
}

# ktap_skip_all REASON: the whole test cannot run here.
ktap_skip_all()
{
	echo "1..0 # SKIP $*"
	exit 4
}

ktap_finish()
{
	if [ -n "$KTAP_PLANNED" ] && [ "$KTAP_CASE" -ne "$KTAP_PLANNED" ]; then
		echo "# planned $KTAP_PLANNED cases but ran $KTAP_CASE"
		KTAP_FAIL=$((KTAP_FAIL + 1))
	fi
	echo "# Totals: pass:$KTAP_PASS fail:$KTAP_FAIL xfail:0 xpass:0 skip:$KTAP_SKIP error:0"
	[ "$KTAP_FAIL" -eq 0 ] || exit 1
	[ "$KTAP_PASS" -gt 0 ] || [ "$KTAP_SKIP" -eq 0 ] || exit 4
	exit 0
}
