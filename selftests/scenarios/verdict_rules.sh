#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: plab-verdict on hand-made measurements: an assertion holds
#              only beyond its margin, a difference within the noise is
#              inconclusive (never a pass), the opposite beyond the margin
#              is "not reproduced", a missing module is "not run", NAME@MODEL
#              compares models; summary.txt, report.json and index.html
# requires: scripts/tools/verdict/plab-verdict (make tools)
# models: full rt   (model-independent: user-space only; the same kernel binary
#                    serves none, voluntary and full)

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"

ktap_header
VERDICT=$PLAB_TOP/scripts/tools/verdict/plab-verdict
[ -x "$VERDICT" ] || ktap_skip_all "plab-verdict not built (make tools)"
ktap_plan 6
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/t.scn" <<'SCN'
claim   test
phase   p
expect  all  p.v.lat_us < 1000 margin noise.thr_max_us
expect  b    p.v.lat_us > p.v.lat_us@a margin 10
SCN
cat > "$tmp/m.scn" <<'SCN'
claim   needs a module
require plab_missing
phase   p
expect  all  p.x > 0 margin 0
SCN
# model a: 100 us vs 1000 with noise 200 -> holds; b: 900 (within noise) ->
# inconclusive; c: 5000 -> fails.
for m in a:100 b:900 c:5000; do
	d=$tmp/raw/${m%%:*}-base
	mkdir -p "$d/t" "$d/m"
	echo "kernel=test" > "$d/env-base.txt"
	echo "noise.thr_max_us=200" > "$d/noise-base.txt"
	echo ok > "$d/t/status.base"
	echo "p.v.lat_us=${m#*:}" > "$d/t/metrics-base.txt"
	echo "not run: module missing (plab_missing.ko)" > "$d/m/status.base"
done
PLAB_RUN_MODELS="a b c" "$VERDICT" "$tmp" "$tmp/t.scn" "$tmp/m.scn" > "$tmp/out" 2>&1
ktap_result $? "plab-verdict runs"
line=$(grep '^t ' "$tmp/summary.txt" | tr -s ' ')
ktap_diag "$line"
[ "$line" = "t reproduced inconclusive not reproduced " ] || [ "$line" = "t reproduced inconclusive not reproduced" ]
ktap_result $? "holds beyond the margin, inconclusive within, fails beyond the opposite"
grep -q '^m *not run *not run *not run' "$tmp/summary.txt"
ktap_result $? "missing module: not run on every model"
# b's second check (p.v.lat_us > p.v.lat_us@a margin 10): 900 against a's 100.
flat=$(tr -d ' \n' < "$tmp/report.json")
echo "$flat" | grep -q '^{"schema":"preemptlab-run",' &&
	echo "$flat" | grep -q '"result":"holds","lhs":900.0,"rhs":100.0,"margin":10,"text":"p.v.lat_us>p.v.lat_us@amargin10"'
ktap_result $? "report.json: NAME@MODEL compares with another model"
grep -q "<table id='verdicts'>" "$tmp/index.html" && grep -q "class='inconclusive'" "$tmp/index.html"
ktap_result $? "index.html has the verdict table"
grep -q 'noise floor' "$tmp/summary.txt"
ktap_result $? "summary.txt lists the noise floor"
ktap_finish
