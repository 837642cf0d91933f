#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: the nohz scenario runs (1 s phases), emits its events and
#              yields a verdict on this model
# requires: plab_probe.ko, trace-cmd, plab-periodic, plab-verdict
# models: full rt   (one boot per kernel: a full scenario run per model is what make run does)

. "$(dirname "$0")/scn_lib.sh"
scn_check nohz 
