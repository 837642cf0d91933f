#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: the control, a plain busy loop (mode=none), delays the probe
#              by the section length on none and voluntary and far less on
#              full and rt; with a cond_resched() every 1 ms
#              (resched_every_us=1000) the delay is far below the section on
#              every model

. "$(dirname "$0")/nps_lib.sh"

plab_begin 2 nps_prepare nps_cleanup

if nps_model_preemptible; then want=far_below; else want=at_least; fi
nps_expect none $want
nps_expect none far_below resched_every_us=1000

ktap_finish
