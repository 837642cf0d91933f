#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: spinlock_t and rwlock_t sections delay the probe by at least
#              the section length on none, voluntary and full, and far less
#              on rt, where they are sleeping, preemptible locks

. "$(dirname "$0")/nps_lib.sh"

nps_modes nps_model_rt spin rwlock_read rwlock_write
