#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: the ddos scenario runs (1 s phases), emits its events and
#              yields a verdict on this model
# requires: plab_probe.ko, plab_softirq.ko, trace-cmd, plab-periodic, plab-verdict
# models: full rt   (one boot per kernel: a full scenario run per model is what make run does)

# Two trials: the executor's trials path, checked by scn_trials.
SCN_TRIALS=2
. "$(dirname "$0")/scn_lib.sh"
scn_check ddos plab_softirq
