#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: plab-patches check names the patch that no longer applies
#              (a copy of the 6.1 series with one context line of patch 2
#              changed) and the stale one (one added line of patch 3
#              changed), and exits 1; what the base tree decides (its
#              Debian version in the cover letter, blob ids, context lines)
#              does not make a series stale (the committed series is
#              checked by plab-check's "patch series" step)

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

pp=$top/scripts/harness/plab-patches

ktap_header
[ -f "$top/.cache/src/linux-source-6.1/Makefile" ] ||
	ktap_skip_all "linux-source-6.1 is not unpacked in .cache/src (run scripts/harness/plab-deps)"
command -v git > /dev/null || ktap_skip_all "git is not installed"
ktap_plan 2

mkdir -p "$tmp/series"
cp -r "$top/patches/6.1" "$tmp/series/"
patches=$(grep -v -e "^#" -e "^$" "$tmp/series/6.1/series" | grep -v cover-letter)
p2=$(echo "$patches" | sed -n 2p)
p3=$(echo "$patches" | sed -n 3p)
# The first context line of the first hunk: the tree no longer has it.
awk '!done && /^@@ / { hunk = 1; print; next }
     hunk && !done && /^ / { print " /* changed by the test */"; done = 1; next }
     { print }' "$tmp/series/6.1/$p2" > "$tmp/p" && mv "$tmp/p" "$tmp/series/6.1/$p2"
# The first added line of patch 3: the series no longer says what the
# tree does.
awk '!done && /^\+[^+]/ { print "+# changed by the test"; done = 1; next }
     { print }' "$tmp/series/6.1/$p3" > "$tmp/p" && mv "$tmp/p" "$tmp/series/6.1/$p3"
# A newer Debian linux-source-6.1 and other blob ids: the base tree's,
# not the series' content.
sed -i -e 's/(Debian, [^)]*)/(Debian, 6.1.999)/' -e 's/^index [0-9a-f]*\.\./index 0123456789abcdef0123456789abcdef01234567../' \
	"$tmp/series/6.1/"*.patch
sed -i 's/^\(# preemptlab series for linux-source-6.1\) ([^)]*)/\1 (6.1.999)/' "$tmp/series/6.1/series"

"$pp" check -d "$tmp/series" 6.1 > "$tmp/out" 2>&1
rc=$?
sed 's/^/# | /' "$tmp/out" | grep -v '^# | # ' | head -n 10
grep -q "^not ok 2 patches: 6.1: applies # .*$p2: does not apply" "$tmp/out" && [ $rc = 1 ]
ktap_result $? "a patch that no longer applies fails, named: $p2 (exit $rc)"
grep -q "^not ok 1 patches: 6.1: current # .*/$p3: stale, run scripts/harness/plab-patches generate" "$tmp/out"
ktap_result $? "the changed added line is reported stale, and nothing before it: $p3"

ktap_finish
