#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: plab-patches check names the patch that no longer applies
#              (a copy of the 6.1 series with one context line of patch 2
#              changed) and the stale one, and exits 1 (the committed
#              series is checked by plab-check's "patch series" step)

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

pp=$top/scripts/plab-patches

ktap_header
[ -f "$top/.cache/src/linux-source-6.1/Makefile" ] ||
	ktap_skip_all "linux-source-6.1 is not unpacked in .cache/src (run scripts/plab-deps)"
command -v git > /dev/null || ktap_skip_all "git is not installed"
ktap_plan 2

mkdir -p "$tmp/series"
cp -r "$top/patches/6.1" "$tmp/series/"
p2=$(grep -v -e "^#" -e "^$" "$tmp/series/6.1/series" | grep -v cover-letter | sed -n 2p)
# The first context line of the first hunk: the tree no longer has it.
awk '!done && /^@@ / { hunk = 1; print; next }
     hunk && !done && /^ / { print " /* changed by the test */"; done = 1; next }
     { print }' "$tmp/series/6.1/$p2" > "$tmp/p2" && mv "$tmp/p2" "$tmp/series/6.1/$p2"

"$pp" check -d "$tmp/series" 6.1 > "$tmp/out" 2>&1
rc=$?
sed 's/^/# | /' "$tmp/out" | grep -v '^# | # ' | head -n 10
grep -q "^not ok 2 patches: 6.1: applies # .*$p2: does not apply" "$tmp/out" && [ $rc = 1 ]
ktap_result $? "a patch that no longer applies fails, named: $p2 (exit $rc)"
grep -q "^not ok 1 patches: 6.1: current # .*: stale, run scripts/plab-patches generate" "$tmp/out"
ktap_result $? "the changed series is reported stale"

ktap_finish
