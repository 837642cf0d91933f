#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: every module built for this kernel loads with its defaults
#              and unloads cleanly
#
# One case per module: vermagic matches the running kernel, insmod with no
# parameters succeeds, the module appears in /sys/module, rmmod removes it,
# and the kernel logged no splat and gained no bad taint in between.

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"

ktap_header
plab_require_root
trap plab_cleanup_modules EXIT

kos=$(ls "$PLAB_KO_DIR"/*.ko 2>/dev/null)
if [ -z "$kos" ]; then
	ktap_plan 1
	ktap_fail "modules are built for $(uname -r) (none in $PLAB_KO_DIR)"
	ktap_finish
fi
ktap_plan "$(echo "$kos" | wc -l)"

kver=$(uname -r)
for ko in $kos; do
	name=$(basename "$ko" .ko)
	ktap_diag "loading $name"
	vermagic=$(modinfo -F vermagic "$ko")
	if [ "${vermagic%% *}" != "$kver" ]; then
		ktap_fail "$name: built for ${vermagic%% *}, running $kver"
		continue
	fi
	before=$(plab_klog_mark)
	if ! err=$(insmod "$ko" 2>&1); then
		ktap_fail "$name: insmod failed: $err"
		continue
	fi
	plab_module_loaded "$name" || { ktap_fail "$name: not in /sys/module after insmod"; continue; }
	sleep 1
	if ! err=$(rmmod "$name" 2>&1); then
		ktap_fail "$name: rmmod failed: $err"
		continue
	fi
	if ! splat=$(plab_klog_clean "$before"); then
		ktap_fail "$name: kernel log: $splat"
		continue
	fi
	bad=$(plab_taint_bad)
	if [ "$bad" -ne 0 ]; then
		ktap_fail "$name: bad taint bits $bad"
		continue
	fi
	ktap_pass "$name loads and unloads cleanly"
done

ktap_finish
