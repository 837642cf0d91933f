#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: the report's index.html in headless Chromium: plab-verdict
#              builds a report with a plot from a synthetic result (the
#              golden fixture of scripts/tools/verdict plus two traces whose
#              analysis a stand-in for plab-analyze writes), and the
#              rendered DOM has the verdict table, the percentile and cause
#              tables, and every image loaded; a missing image is caught
# requires: chromium, gnuplot, scripts/tools/verdict/plab-verdict (built here
#           when missing: a build failure is a failure, never a skip)
#
# Positive control of the build step (case 2): this test run again on
# PLAB_REPORT_VERDICT_DIR=selftests/lib/checks/does_not_build, a tree
# whose build fails, must exit 1 with a failing case and no skip.

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

verdict_dir=${PLAB_REPORT_VERDICT_DIR:-$top/scripts/tools/verdict}
verdict=$verdict_dir/plab-verdict
fixture=$top/scripts/tools/verdict/tests/fixtures/golden

# report_build: build plab-verdict when it is not built; on failure, one
# failing case and the end of the test.
report_build()
{
	[ -x "$verdict" ] && return
	make -s -C "$verdict_dir" > "$tmp/build.log" 2>&1 && [ -x "$verdict" ] && return
	ktap_plan 1
	ktap_fail "plab-verdict builds ($verdict_dir): $(tail -1 "$tmp/build.log")"
	ktap_finish
}

ktap_header
report_build
if [ -n "${PLAB_REPORT_VERDICT_DIR:-}" ]; then
	# The control run below: it was to stop at the build.
	ktap_skip_all "built $verdict: nothing else is run on a PLAB_REPORT_VERDICT_DIR"
fi
ktap_plan 8
ktap_pass "plab-verdict builds"

PLAB_REPORT_VERDICT_DIR=$top/selftests/lib/checks/does_not_build "$0" > "$tmp/control.out" 2>&1
rc=$?
ktap_diag "on a tree that does not build: exit $rc, $(grep -m1 '^not ok' "$tmp/control.out")"
[ $rc -eq 1 ] && grep -q '^not ok 1 plab-verdict builds' "$tmp/control.out" &&
	! grep -q SKIP "$tmp/control.out"
ktap_result $? "positive control: a tool that does not build is a failure, not a skip"

# Without a browser nothing here can be checked: a skip, never a pass.
why=
command -v chromium > /dev/null || why="chromium not installed (scripts/harness/plab-deps installs it)"
command -v gnuplot > /dev/null || why="gnuplot not installed (scripts/harness/plab-deps)"
if [ -n "$why" ]; then
	for c in "the report" "verdict table" "percentile and cause tables" "every image" \
		"missing image" "report without traces"; do
		ktap_skip "$c" "$why"
	done
	ktap_finish
fi

# dump: the DOM of OUT/index.html after the page's load event (its script
# then marks <body> with data-images-loaded="LOADED/TOTAL").
dump()
{
	timeout 120 chromium --headless --disable-gpu --no-sandbox \
		--user-data-dir="$tmp/profile" --dump-dom "file://$1/index.html" \
		> "$tmp/dom.html" 2> "$tmp/chromium.err"
}

# The trace files only need to exist: the stand-in analyzer does not read
# them, it writes an analysis such as plab-analyze would (schema
# preemptlab-analysis v1) to its -j file and checks it was asked properly.
out=$tmp/report
mkdir -p "$out"
cp -r "$fixture/raw" "$fixture/scn" "$out/"
: > "$out/raw/none-base/lat/trace-base.dat"
: > "$out/raw/full-base/lat/trace-base.dat"
cat > "$tmp/analyze" <<'EOF_ANALYZE'
#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# stand-in for plab-analyze -q -t 1000 -m MODEL -k KERNEL -j FILE TRACE
[ "$1 $2 $3 $4" = "-q -t 1000 -m" ] && [ "$6" = -k ] && [ "$8" = -j ] && [ -f "${10}" ] ||
	{ echo "unexpected arguments: $*" >&2; exit 2; }
cat > "$9" <<'JSON'
{"schema": "preemptlab-analysis", "version": 1, "generator": "plab-analyze", "unit": "us",
 "runs": [{"model": "x", "kernel": "k",
  "stats": [{"cpu": "all", "thread": {"count": 1000, "min": 5.5, "mean": 20.25, "p50": 12.000,
             "p90": 30.5, "p99": 900.0, "p999": 16000.0, "max": 31000.125}}],
  "histogram": {"unit": "us", "bucket_us": 1, "max_us": 100000, "series": [
    {"cpu": 1, "kind": "irq", "buckets": [[3, 100]], "overflow": 0},
    {"cpu": 1, "kind": "thread", "buckets": [[0, 1], [5, 500], [12, 300], [900, 150], [16000, 48]],
     "overflow": 1}]},
  "causes": {"threshold_us": 1000, "samples": 49, "per_cpu": [{"cpu": "all", "samples": 49,
    "latency_us": 90000.5, "causes": [
      {"rank": 1, "cause": "nps none", "samples": 49, "top": 49, "total_us": 80000.0,
       "share": 0.889, "max_us": 30000.5}]}]}}]}
JSON
EOF_ANALYZE
chmod +x "$tmp/analyze"
(cd "$out" && PLAB_RUN_MODELS="none full rt" PLAB_RUN_CPU=1 PLAB_VERDICT_ANALYZE=$tmp/analyze \
	"$verdict" "$out" scn/lat.scn scn/miss.scn scn/nohz.scn scn/valid.scn scn/other.scn) \
	> "$tmp/verdict.out" 2>&1
rc=$?
ktap_diag "plab-verdict: exit $rc; plots: $(cd "$out/plots" 2>/dev/null && echo *)"
[ $rc -eq 0 ] && [ -s "$out/plots/lat.png" ] && [ -s "$out/plots/lat.svg" ] &&
	grep -q "<img src='plots/lat.png'" "$out/index.html" &&
	grep -q '"cause": "nps none"' "$out/report.json"
ktap_result $? "plab-verdict writes a report with a plot from the analysis of two traces"

dump "$out"
rc=$?
ktap_diag "chromium: exit $rc, $(wc -c < "$tmp/dom.html") bytes of DOM"
grep -q '<table id="verdicts">' "$tmp/dom.html" &&
	grep -q '<td class="reproduced" title="[^"]*">reproduced</td>' "$tmp/dom.html" &&
	grep -q '<td class="notrun" title="not run: no iso boot of rt">not run</td>' "$tmp/dom.html"
ktap_result $? "the rendered page has the verdict table"

grep -q '<td>31000.125</td>' "$tmp/dom.html" && grep -q '<td>nps none</td>' "$tmp/dom.html"
ktap_result $? "the rendered page has the percentile and cause tables"

loaded=$(grep -o 'data-images-loaded="[0-9]*/[0-9]*"' "$tmp/dom.html" | cut -d'"' -f2)
ktap_diag "images loaded: ${loaded:-not marked (the load event did not run)}"
[ "$loaded" = 1/1 ]
ktap_result $? "every image of the page loaded"

# The same check must catch a plot that does not display.
rm -f "$out/plots/lat.png"
dump "$out"
loaded=$(grep -o 'data-images-loaded="[0-9]*/[0-9]*"' "$tmp/dom.html" | cut -d'"' -f2)
ktap_diag "without lat.png: ${loaded:-not marked}"
[ "$loaded" = 0/1 ]
ktap_result $? "a missing image is reported as not loaded"

# A report with no trace has no plot and nothing to wait for.
out2=$tmp/report2
mkdir -p "$out2"
cp -r "$fixture/raw" "$fixture/scn" "$out2/"
(cd "$out2" && PLAB_RUN_MODELS="none full rt" "$verdict" "$out2" scn/lat.scn) > /dev/null 2>&1 &&
	dump "$out2"
loaded=$(grep -o 'data-images-loaded="[0-9]*/[0-9]*"' "$tmp/dom.html" | cut -d'"' -f2)
ktap_diag "report without traces: ${loaded:-not marked}"
[ "$loaded" = 0/0 ] && grep -q '<table id="verdicts">' "$tmp/dom.html"
ktap_result $? "a report without traces renders, with no image"

ktap_finish
