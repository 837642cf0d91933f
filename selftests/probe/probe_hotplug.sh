#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: CPU 1 going offline and online while plab_probe runs: its
#              thread stops and comes back, sampling resumes, no splat
#
# The offline check (the CPU's counter read twice, 0.3 s apart, does not
# move) takes numbers only: plab_count_still (selftests/lib/checks.sh)
# fails on two empty reads, which is this test's positive control; the
# thread check (plab_threads_gone) must find kthreadd, its other one.

. "$(dirname "$0")/probe_lib.sh"
. "$(dirname "$0")/../lib/checks.sh"
. "$(dirname "$0")/../lib/lifecycle.sh"

cleanup()
{
	plab_hotplug_restore
	plab_cleanup_modules
}

ktap_header
probe_prepare
plab_hotplug_require
trap cleanup EXIT
ktap_plan 8

plab_control "the offline check fails on two empty reads" plab_count_still "" ""
plab_control "the thread check finds a thread that runs" plab_threads_gone kthreadd

probe_dmesg_mark
plab_load plab_probe period_us=500
ktap_result $? "loads on all CPUs"
sleep 1

plab_hotplug_rounds "probe_hist_value Thr 1 count:" 0.5 plab_probe/1
ktap_result $? "CPU 1 offline: its thread is gone and it takes no samples (3 rounds)"

pgrep -x plab_probe/1 > /dev/null
ktap_result $? "CPU 1 online: its thread is back"

n0=$(probe_hist_value Thr 1 count:)
sleep 1
n1=$(probe_hist_value Thr 1 count:)
ktap_diag "CPU 1 count $n0 -> $n1 in 1 s"
[ $((n1 - n0)) -gt 1000 ]
ktap_result $? "CPU 1 samples again"

plab_unload plab_probe
ktap_result $? "unloads"
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
