# SPDX-License-Identifier: GPL-2.0
#
# The KCIDB document of a plab-regress run (kcidb.json). Sourced by
# scripts/harness/plab-regress, and by selftests/host/kcidb_schema.sh, which feeds
# it recorded inputs; sourced, never run. Every document it writes must
# pass scripts/harness/plab-kcidb-validate against the schema kept next to this
# file (plab-regress reports that as one of its steps).
#
#   json_str STRING       STRING as a JSON string literal
#   kcidb_write FILE      the document, from the caller's variables:
#     out                 the run's folder: selftest/<model>/output.log (the
#                         selftests' TAP), run/summary.txt (the scenario
#                         verdicts), latency.json (analyzer JSON); each
#                         may be missing
#     model               the folder under selftest/
#     tap, step_n         regress.tap and its step count: the checkout is
#                         valid when step 1 (the series applied) passed
#     name, frags, start  the source's name, the fragments, the start (s)
#     origin_desc         the source in words
#     ver                 the series version (6.1); unset before it is known
#     build_ok, build_s, kver, warnings
#                         the build; unset when it did not run
#     regressed           1 when the baseline comparison found a regression

# The version the document claims: the lowest minor of KCIDB v4 that holds
# what it carries, so that every v4 consumer takes it (README).
KCIDB_MAJOR=4
KCIDB_MINOR=0
# PLAB_KCIDB_SCHEMA replaces the schema for the host test of the step that
# checks the document (selftests/host/kcidb_schema.sh), never in a run.
KCIDB_SCHEMA=$PLAB_TOP/scripts/harness/kcidb/kcidb-v$KCIDB_MAJOR.$KCIDB_MINOR.schema.json
KCIDB_SCHEMA=${PLAB_KCIDB_SCHEMA:-$KCIDB_SCHEMA}
KCIDB_ORIGIN=preemptlab

json_str()
{
	local s=$1

	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\t'/ }
	s=${s//$'\n'/ }
	# JSON forbids raw control characters in strings; the VM's serial
	# console ends every TAP line with a carriage return.
	s=${s//[[:cntrl:]]/}
	printf '"%s"' "$s"
}

# kcidb_path NAME: NAME as a node of a KCIDB test path, whose characters
# the schema limits to letters, digits, '.', '_' and '-'.
kcidb_path()
{
	local s=$1

	printf '%s' "${s//[^A-Za-z0-9._-]/_}"
}

# kcidb_file_url PATH: a file: URL of an absolute PATH. The schema wants
# an absolute URI; the patches are in this tree, not on a server.
kcidb_file_url()
{
	# Byte by byte: a UTF-8 character becomes its %XX octets.
	local LC_ALL=C s=$1 c i url=file://

	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case "$c" in
		[A-Za-z0-9._~/-]) url+=$c ;;
		*) url+=$(printf '%%%02X' "'$c") ;;
		esac
	done
	printf '%s' "$url"
}

# kcidb_series: the patches of patches/$ver/series, in order.
kcidb_series()
{
	sed '/^#/d; /^$/d' "$PLAB_TOP/patches/${ver:-none}/series" 2>/dev/null
}

# kcidb_patchset: the checkout's patchset_hash and patchset_files members,
# or nothing when no series is known. The hash is the one KCIDB defines: a
# sha256 over the newline-terminated sha256 of each patch, in order.
kcidb_patchset()
{
	local p url sep= files=

	[ -n "$(kcidb_series)" ] || return 0
	while read -r p; do
		url=$(kcidb_file_url "$PLAB_TOP/patches/$ver/$p")
		files+="$sep{\"name\": $(json_str "$p"), \"url\": $(json_str "$url")}"
		sep=', '
	done < <(kcidb_series)
	printf ', "patchset_hash": "%s", "patchset_files": [%s]' \
		"$(kcidb_series | while read -r p; do sha256sum < "$PLAB_TOP/patches/$ver/$p" | cut -c-64; done |
			sha256sum | cut -c-64)" "$files"
}

# kcidb_tests: one KCIDB test object per selftest case and per scenario,
# and one for the latency numbers.
kcidb_tests()
{
	local sep= st ct why line now dur

	now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	while IFS= read -r line; do
		line=${line%$'\r'}
		case "$line" in
		'ok '*'# SKIP'*) st=SKIP ;;
		'ok '*) st=PASS ;;
		'not ok '*) st=FAIL ;;
		*) continue ;;
		esac
		ct=$(echo "$line" | sed -n 's/^\(not \)\{0,1\}ok [0-9]* selftests: \([^:]*\): \([^ #]*\).*/\2.\3/p')
		[ -n "$ct" ] || continue
		ct=$(kcidb_path "${ct%.sh}")
		why=$(echo "$line" | sed -n 's/^[^#]*# *//p')
		# The runner notes a test's wall time as "# 12s".
		dur=
		[[ "$why" =~ ^([0-9]+)s$ ]] && dur=", \"duration\": ${BASH_REMATCH[1]}"
		printf '%s\n    {"id": %s, "origin": "%s", "build_id": %s, "path": %s, "status": "%s", "start_time": "%s"%s, "misc": {"note": %s}}' \
			"$sep" "$(json_str "$KCIDB_ORIGIN:$run_id:selftests.$ct")" "$KCIDB_ORIGIN" \
			"$(json_str "$KCIDB_ORIGIN:$run_id")" "$(json_str "preemptlab.selftests.$ct")" \
			"$st" "$now" "$dur" "$(json_str "$why")"
		sep=,
	done < <(cat "$out/selftest/$model/output.log" 2>/dev/null)
	if [ -f "$out/run/summary.txt" ]; then
		while IFS=$'\t' read -r scn v; do
			v=$(echo "$v" | sed 's/^ *//; s/ *$//')
			case "$v" in
			reproduced) st=PASS ;;
			'not reproduced') st=FAIL ;;
			inconclusive|'no expectation') st=DONE ;;
			*) st=ERROR ;;
			esac
			printf '%s\n    {"id": %s, "origin": "%s", "build_id": %s, "path": %s, "status": "%s", "start_time": "%s", "misc": {"verdict": %s}}' \
				"$sep" "$(json_str "$KCIDB_ORIGIN:$run_id:scenarios.$scn")" "$KCIDB_ORIGIN" \
				"$(json_str "$KCIDB_ORIGIN:$run_id")" "$(json_str "preemptlab.scenarios.$scn")" \
				"$st" "$now" "$(json_str "$v")"
			sep=,
		done < <(awk 'NF >= 2 && $1 ~ /^[a-z]+$/ && $1 != "scenario" && /reproduced|inconclusive|not run|failed|no expectation/ { $1 = $1 "\t"; print }' \
			"$out/run/summary.txt")
	fi
	if [ -f "$out/latency.json" ]; then
		printf '%s\n    {"id": %s, "origin": "%s", "build_id": %s, "path": "preemptlab.latency", "status": "%s", "start_time": "%s", "misc": {"analyzer": %s}}' \
			"$sep" "$(json_str "$KCIDB_ORIGIN:$run_id:latency")" "$KCIDB_ORIGIN" \
			"$(json_str "$KCIDB_ORIGIN:$run_id")" \
			"$([ "${regressed:-0}" = 1 ] && echo FAIL || echo PASS)" "$now" "$(cat "$out/latency.json")"
	fi
}

kcidb_write()
{
	local built

	run_id=$(echo "$name $frags $start" | sha1sum | cut -c1-16)
	built=${build_ok:+true}
	{
		printf '{\n  "version": {"major": %s, "minor": %s},\n' "$KCIDB_MAJOR" "$KCIDB_MINOR"
		printf '  "checkouts": [{"id": %s, "origin": "%s", "tree_name": %s%s, "comment": %s, "valid": %s}],\n' \
			"$(json_str "$KCIDB_ORIGIN:$run_id")" "$KCIDB_ORIGIN" "$(json_str "$name")" \
			"$(kcidb_patchset)" "$(json_str "$origin_desc")" \
			"$([ "$step_n" -ge 1 ] && grep -q '^ok 1 ' "$tap" && echo true || echo false)"
		printf '  "builds": [{"id": %s, "origin": "%s", "checkout_id": %s, "architecture": "x86_64", "compiler": %s, "config_name": %s, "duration": %s, "valid": %s, "misc": {"kernel_release": %s, "warnings": %s}}],\n' \
			"$(json_str "$KCIDB_ORIGIN:$run_id")" "$KCIDB_ORIGIN" "$(json_str "$KCIDB_ORIGIN:$run_id")" \
			"$(json_str "$(gcc --version 2>/dev/null | head -n 1)")" "$(json_str "tinyconfig+$frags")" \
			"${build_s:-0}" "${built:-false}" "$(json_str "${kver:-}")" "${warnings:-0}"
		printf '  "tests": ['
		kcidb_tests
		printf '\n  ]\n}\n'
	} > "$1"
}
