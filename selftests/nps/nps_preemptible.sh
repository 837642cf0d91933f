#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: mutex, rcu_read_lock (PREEMPT_RCU) and migrate_disable
#              sections do not stop preemption: far below the section length
#              on full and rt; at least the section on none and voluntary,
#              where a busy loop in the kernel has no preemption point

. "$(dirname "$0")/nps_lib.sh"

nps_modes nps_model_preemptible mutex rcu migrate
