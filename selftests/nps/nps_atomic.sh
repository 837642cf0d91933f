#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: preempt_disable, local_irq_disable and raw_spinlock_t
#              sections of 50 ms delay the probe (FIFO 95, same CPU) by at
#              least the section length on every model, rt included

. "$(dirname "$0")/nps_lib.sh"

nps_modes false preempt irq raw_spin
