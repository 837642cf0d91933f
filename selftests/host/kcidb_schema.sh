#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: plab-regress's kcidb.json is valid against the KCIDB v4.0
#              schema kept in scripts/harness/kcidb/ (python3-jsonschema through
#              scripts/harness/plab-kcidb-validate): the writer's document from
#              recorded run outputs, and from a run stopped at its first
#              step, the latter through plab-regress itself, whose step
#              fails when the schema refuses the document; and each broken
#              fixture of kcidb/broken/ (one defect each, on kcidb/base.json,
#              which is valid) is refused with the member it names. No VM.

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

validate=$top/scripts/harness/plab-kcidb-validate
fix=$top/selftests/host/kcidb

# broken FIXTURE PATH: the defect each fixture carries, as the member the
# validator must name ($ is the document's root).
declare -A broken=(
	[no-version]='$'
	[status-not-in-enum]='$.tests[0].status'
	[id-without-origin]='$.builds[0].id'
	[patchset-hash-sha1]='$.checkouts[0].patchset_hash'
	[relative-patch-url]='$.checkouts[0].patchset_files[0].url'
	[start-time-no-offset]='$.tests[0].start_time'
	[duration-string]='$.builds[0].duration'
	[minor-newer-than-schema]='$.version.minor'
	[unknown-member]='$.tests[0]'
)

ktap_header
/usr/bin/python3 -c 'import jsonschema' 2> /dev/null ||
	ktap_skip_all "python3-jsonschema is not installed (run scripts/harness/plab-deps)"
ktap_plan $((6 + ${#broken[@]}))

# check_valid FILE DESC: FILE passes, and the validator says how many
# objects it saw (a document it did not read cannot pass unnoticed).
check_valid()
{
	local rc

	"$validate" "$1" > "$tmp/log" 2>&1
	rc=$?
	sed 's/^/# | /' "$tmp/log" | head -n 8
	[ $rc = 0 ] && grep -q ": valid KCIDB v4.0 ($3;" "$tmp/log"
	ktap_result $? "$2 (exit $rc)"
}

# The writer, fed a run's recorded outputs: the selftests' TAP with the
# carriage returns of the VM's serial console, the scenario verdicts and
# the analyzer's JSON, and the tree's 6.1 series.
PLAB_TOP=$top
. "$top/scripts/harness/kcidb/kcidb.sh"
out=$tmp/run
model=full
mkdir -p "$out/selftest/$model" "$out/run"
sed 's/$/\r/' "$fix/output.log" > "$out/selftest/$model/output.log"
cp "$fix/summary.txt" "$out/run/summary.txt"
cp "$fix/latency.json" "$out/latency.json"
printf 'ok 1 regress: apply\nok 2 regress: configure\n' > "$tmp/regress.tap"
tap=$tmp/regress.tap step_n=2 name=linux-source-6.1 frags=vm-guest,preempt-full,preemptlab
start=1764795000 origin_desc="Debian package linux-source-6.1 (6.1.192-3)" ver=6.1
build_ok=1 build_s=369 kver=6.1.192-plab290a6a4f warnings=0 regressed=
kcidb_write "$tmp/full.json"
# 4 selftests, 5 scenarios, the latency numbers.
check_valid "$tmp/full.json" \
	"a full run's kcidb.json (selftests with CRLF, scenarios, latency, the 6.1 series) is valid" \
	"1 checkouts, 1 builds, 10 tests"
grep -q '"status": "SKIP"' "$tmp/full.json" && grep -q '"status": "FAIL"' "$tmp/full.json" &&
	grep -q '"path": "preemptlab.scenarios.ddos", "status": "FAIL"' "$tmp/full.json" &&
	grep -q '"patchset_hash": "[0-9a-f]\{64\}"' "$tmp/full.json"
ktap_result $? "it carries the skipped and the failed cases, the failed scenario and a sha256 patchset hash"

# A run that stopped before the build: no series, no tests.
out=$tmp/early
mkdir -p "$out"
printf 'not ok 1 regress: apply\n' > "$tmp/regress.tap"
step_n=1 ver= build_ok= build_s= kver= warnings=
kcidb_write "$tmp/early.json"
check_valid "$tmp/early.json" "a run stopped at its first step writes a valid kcidb.json" \
	"1 checkouts, 1 builds, 0 tests"

check_valid "$fix/base.json" "kcidb/base.json, which the broken fixtures change, is valid" \
	"1 checkouts, 1 builds, 1 tests"

for b in $(printf '%s\n' "${!broken[@]}" | sort); do
	"$validate" "$fix/broken/$b.json" > "$tmp/log" 2>&1
	rc=$?
	sed 's/^/# | /' "$tmp/log" | head -n 4
	[ $rc = 1 ] && grep -q -F "broken/$b.json: ${broken[$b]}: " "$tmp/log" &&
		grep -q ': 1 error(s) against KCIDB v4.0' "$tmp/log"
	ktap_result $? "broken/$b.json is refused, naming ${broken[$b]} (exit $rc)"
done

# plab-regress's own step, on a tree it has no series for (it stops at
# the first step, before any build or boot): passed with the real schema,
# failed with one that the document cannot meet.
mkdir -p "$tmp/linux"
printf 'VERSION = 9\nPATCHLEVEL = 9\n' > "$tmp/linux/Makefile"
touch "$tmp/linux/Kconfig"
PLAB_CACHE=$tmp/cache "$top/scripts/harness/plab-regress" -s "$tmp/linux" -o "$tmp/regress" > "$tmp/log" 2>&1
rc=$?
sed 's/^/# | /' "$tmp/log" | head -n 8
grep -q '^ok 2 regress: kcidb.json is valid KCIDB v4.0' "$tmp/regress/regress.tap" && [ $rc = 1 ]
ktap_result $? "plab-regress checks the kcidb.json it wrote as a step: passed (exit $rc, from step 1)"

printf '{"type": "object", "required": ["no_such_member"]}\n' > "$tmp/strict.json"
PLAB_KCIDB_SCHEMA=$tmp/strict.json PLAB_CACHE=$tmp/cache \
	"$top/scripts/harness/plab-regress" -s "$tmp/linux" -o "$tmp/regress-strict" > "$tmp/log" 2>&1
rc=$?
sed 's/^/# | /' "$tmp/log" | head -n 8
grep -q "^not ok 2 regress: kcidb.json is valid KCIDB v4.0 .* # kcidb.json: \$: 'no_such_member' is a required property" \
	"$tmp/regress-strict/regress.tap" && [ $rc = 1 ] &&
	grep -q '"failed": 2' "$tmp/regress-strict/result.json"
ktap_result $? "a document the schema refuses fails that step, named in regress.tap (exit $rc)"

ktap_finish
