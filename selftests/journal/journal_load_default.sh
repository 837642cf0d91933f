#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: plab_journal loads with no parameters (one writer, spin
#              lock, io=sleep), commits, writes no file, logs START and
#              FINISH and unloads cleanly

. "$(dirname "$0")/journal_lib.sh"

plab_begin 4 jr_prepare jr_cleanup

probe_dmesg_mark
plab_load plab_journal
ktap_result $? "loads with defaults"
sleep 1
n=$(jr_stat 0 commits)
ktap_diag "commits after 1 s: ${n:-none}; $(grep '^writer=0' "$JR_DBG/stats" 2>/dev/null)"
[ "${n:-0}" -gt 0 ]
ktap_result $? "the default writer commits"
plab_unload plab_journal &&
	probe_dmesg_since | grep -q 'plab_journal: START .*lock=spin .*io=sleep .*path=-' &&
	probe_dmesg_since | grep -q 'plab_journal: FINISH in [0-9]* ns: .*errors=0'
ktap_result $? "unloads; START and FINISH logged, no file, no error"
probe_clean_check
ktap_result $? "no splat, taint only O/E/N"

ktap_finish
