#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: every invalid parameter and combination is refused at load
#              with a message naming it, nothing stays loaded; unsafe
#              lengths need unsafe=1 and never exceed 1 s; live writes are
#              checked the same way
# models: full rt   (model-independent: parameter checks; the same kernel
#                    binary serves none, voluntary and full)

. "$(dirname "$0")/nps_lib.sh"

# refuse WHAT PARAM...: insmod must fail, name WHAT and leave nothing.
refuse()
{
	local what=$1 ok=1

	shift
	probe_dmesg_mark
	if ! plab_load plab_nps "$@" 2>/dev/null && ! plab_module_loaded plab_nps &&
	   probe_dmesg_since | grep -q "plab_nps: .*$what"; then
		ok=0
	else
		plab_unload plab_nps
	fi
	ktap_result $ok "refused: $*"
}

CASES=(
	"mode=bogus|mode=bogus"
	"duration_us: invalid|duration_us=0"
	"duration_us: invalid|duration_us=1000001 unsafe=1"
	"period_us: invalid|period_us=50"
	"burst: invalid|burst=0"
	"burst: invalid|burst=101"
	"jitter_us=1000|jitter_us=1000"
	"resched_every_us|mode=preempt resched_every_us=100"
	"resched_every_us|mode=none duration_us=1000 resched_every_us=2000"
	"without unsafe=1|mode=irq duration_us=100001 period_us=1000000"
	"without unsafe=1|mode=preempt duration_us=90000 jitter_us=20000 period_us=1000000"
	"hard limit|mode=irq duration_us=1000000 jitter_us=1 period_us=10000000 unsafe=1"
	"duty cycle|mode=preempt duration_us=50000 period_us=55000"
	"duty cycle|mode=raw_spin duration_us=10000 burst=10 period_us=100000"
	"policy=rr|policy=rr"
	"prio=0|policy=fifo"
	"prio=5|prio=5"
	"prio|policy=fifo prio=100"
	"contention=2|mode=preempt contention=2"
	"contention|mode=mutex contention=9"
	"cpus=|cpus=999"
	"cpus=|cpus=abc"
	"count|count=-1"
	"start_delay_ms|start_delay_ms=600001"
)

ktap_header
nps_prepare
trap nps_cleanup EXIT
ktap_plan $((${#CASES[@]} + 5))

for c in "${CASES[@]}"; do
	# shellcheck disable=SC2086
	refuse "${c%%|*}" ${c#*|}
done

plab_load plab_nps mode=irq duration_us=200000 period_us=1000000 unsafe=1 cpus=0 \
	start_delay_ms=600000
ktap_result $? "accepted: mode=irq duration_us=200000 with unsafe=1"
plab_unload plab_nps

ok=1
if plab_load plab_nps mode=preempt duration_us=1000 period_us=100000 enabled=0; then
	! echo 200000 > "$NPS_PARAMS/duration_us" 2>/dev/null &&
	! echo 95000 > "$NPS_PARAMS/duration_us" 2>/dev/null &&
	echo 20000 > "$NPS_PARAMS/duration_us" &&
	[ "$(cat "$NPS_PARAMS/duration_us")" = 20000 ] && ok=0
fi
ktap_result $ok "live duration_us: over the cap and over the duty cycle refused, 20000 taken"
ok=1
! echo 1000 > "$NPS_PARAMS/period_us" 2>/dev/null &&
	[ "$(cat "$NPS_PARAMS/period_us")" = 100000 ] && ok=0
ktap_result $ok "live period_us: a duty cycle over 90 % refused, value kept"
! echo bogus > "$NPS_DBG/enabled" 2>/dev/null
ktap_result $? "enabled: a value other than 0 or 1 is refused"
plab_unload plab_nps
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
