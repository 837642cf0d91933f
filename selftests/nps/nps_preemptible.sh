#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: mutex, rcu_read_lock (PREEMPT_RCU) and migrate_disable
#              sections do not stop preemption: far below the section length
#              on full and rt; at least the section on none and voluntary,
#              where a busy loop in the kernel has no preemption point

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/nps_lib.sh"

plab_begin 3 nps_prepare nps_cleanup

if nps_model_preemptible; then want=far_below; else want=at_least; fi
for mode in mutex rcu migrate; do
	nps_expect "$mode" $want
done

ktap_finish
