#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: CPU 1 going offline and online during a run with contention:
#              its threads stop and come back, sections resume, no splat
#
# The offline check (the CPU's counter read twice, 0.3 s apart, does not
# move) takes numbers only: plab_count_still (selftests/lib/checks.sh)
# fails on two empty reads, which is this test's positive control; the
# thread check (plab_threads_gone) must find kthreadd, its other one.

. "$(dirname "$0")/nps_lib.sh"
. "$(dirname "$0")/../lib/checks.sh"
. "$(dirname "$0")/../lib/lifecycle.sh"

cleanup()
{
	plab_hotplug_restore
	nps_cleanup
}

ktap_header
nps_prepare
plab_hotplug_require
trap cleanup EXIT
ktap_plan 7

plab_control "the offline check fails on two empty reads" plab_count_still "" ""
plab_control "the thread check finds a thread that runs" plab_threads_gone kthreadd

probe_dmesg_mark
plab_load plab_nps mode=spin duration_us=10000 period_us=30000 contention=2
ktap_result $? "loads on all CPUs, mode=spin with 2 waiters per CPU"
sleep 0.5

plab_hotplug_rounds "nps_stat 1 sections" 0.3 plab_nps/1 plab_nps_w/1
ktap_result $? "CPU 1 offline: its threads are gone and it runs no section (3 rounds)"

pgrep -x plab_nps/1 > /dev/null && [ "$(pgrep -cx plab_nps_w/1)" = 2 ]
ktap_result $? "CPU 1 online: its holder and 2 waiters are back"

n0=$(nps_stat 1 sections)
sleep 1
n1=$(nps_stat 1 sections)
ktap_diag "CPU 1 sections $n0 -> $n1 in 1 s"
[ $((n1 - n0)) -ge 10 ]
ktap_result $? "CPU 1 runs sections again"

plab_unload plab_nps && probe_clean_check
ktap_result $? "unloads; no splat, taint only O/E/N"

ktap_finish
