#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: every invalid plab_probe parameter is refused with a message
#              naming it and the module is not loaded; invalid live writes
#              are refused and leave the old value
# models: full rt   (model-independent: the same kernel binary serves none,
#                    voluntary and full)

. "$(dirname "$0")/probe_lib.sh"

CPU1_ONLINE=/sys/devices/system/cpu/cpu1/online

cleanup()
{
	plab_cleanup_modules
	[ -f "$CPU1_ONLINE" ] && echo 1 > "$CPU1_ONLINE" 2>/dev/null
}

# refuse NAME PARAM...: insmod must fail, log NAME, and leave nothing loaded.
refuse()
{
	local name=$1 out

	shift
	probe_dmesg_mark
	if out=$(plab_load plab_probe "$@" 2>&1); then
		ktap_fail "refuses $*: loaded"
		plab_unload plab_probe
		return
	fi
	if plab_module_loaded plab_probe; then
		ktap_fail "refuses $*: still in /sys/module"
		return
	fi
	probe_dmesg_since | grep -q "plab_probe: .*$name"
	ktap_result $? "refuses $* (${out##*: })"
}

plab_begin 19 probe_prepare cleanup

refuse period_us period_us=50
refuse period_us period_us=2000000
refuse period_us period_us=abc
refuse prio prio=0
refuse prio prio=100
refuse threshold_us threshold_us=-1
refuse hist_max_us hist_max_us=0
refuse hist_max_us hist_max_us=1000000
refuse cpus cpus=999
refuse cpus cpus=garbage
refuse cpus cpus=0-
refuse enabled enabled=maybe
refuse stop_tracing stop_tracing=maybe

if [ -w "$CPU1_ONLINE" ] && echo 0 > "$CPU1_ONLINE"; then
	refuse cpus cpus=1
	echo 1 > "$CPU1_ONLINE"
else
	ktap_skip "refuses an offline CPU" "CPU 1 cannot go offline"
fi

plab_load plab_probe period_us=1000
ktap_result $? "loads with valid parameters"
probe_dmesg_mark
! echo 50 > "$PROBE_PARAMS/period_us" 2>/dev/null &&
	[ "$(cat "$PROBE_PARAMS/period_us")" = 1000 ] &&
	probe_dmesg_since | grep -q "period_us: invalid value '50', range 100..1000000"
ktap_result $? "live period_us=50 refused, value kept"
! echo 20000000 > "$PROBE_PARAMS/threshold_us" 2>/dev/null &&
	[ "$(cat "$PROBE_PARAMS/threshold_us")" = 0 ]
ktap_result $? "live threshold_us=20000000 refused, value kept"
! echo 2 > "$PROBE_PARAMS/enabled" 2>/dev/null &&
	[ "$(cat "$PROBE_PARAMS/enabled")" = Y ]
ktap_result $? "live enabled=2 refused, value kept"
[ "$(stat -c %a "$PROBE_PARAMS/prio")" = 444 ] &&
	[ "$(stat -c %a "$PROBE_PARAMS/period_us")" = 600 ] &&
	[ "$(stat -c %a "$PROBE_DBG/stats")" = 400 ] &&
	[ "$(stat -c %a "$PROBE_DBG/reset")" = 200 ]
ktap_result $? "only period_us/threshold_us/enabled writable; files root-only"

ktap_finish
