#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: spinlock_t and rwlock_t sections delay the probe by at least
#              the section length on none, voluntary and full, and far less
#              on rt, where they are sleeping, preemptible locks

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/nps_lib.sh"

plab_begin 3 nps_prepare nps_cleanup

if nps_model_rt; then want=far_below; else want=at_least; fi
for mode in spin rwlock_read rwlock_write; do
	nps_expect "$mode" $want
done

ktap_finish
