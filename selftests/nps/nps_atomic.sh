#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: preempt_disable, local_irq_disable and raw_spinlock_t
#              sections of 50 ms delay the probe (FIFO 95, same CPU) by at
#              least the section length on every model, rt included

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/nps_lib.sh"

plab_begin 3 nps_prepare nps_cleanup

for mode in preempt irq raw_spin; do
	nps_expect "$mode" at_least
done

ktap_finish
