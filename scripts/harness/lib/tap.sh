# SPDX-License-Identifier: GPL-2.0
#
# Counting TAP streams: the one path by which every layer of make check
# (tool unit tests, host tests, the VM selftests, the regression run) is
# turned into "passed, failed, skipped". Sourced, never run.
#
# A stream is kselftest's runner format: "1..N", then per test program its
# own TAP indented behind "# " (announced by "# selftests: C: T") and one
# top-level "ok N" / "not ok N" line. A flat list of "ok N name" lines
# (no inner TAP) is the same format with programs of one case each.

# tap_parse FILE: one tab-separated line per top-level result:
#   STATUS NAME PASS FAIL SKIP WHY
# STATUS is PASS, FAIL or SKIP; NAME is C:T for "selftests: C: T" lines,
# else the description; PASS/FAIL/SKIP count the program's inner cases.
# Inner cases its own plan announced but that never reported count as
# failed (a test that died half-way); a failed program with no failed
# case counts one failure.
tap_parse()
{
	awk -v OFS='\t' '
	function reset() { p = f = s = 0; plan = -1; why = "" }
	BEGIN { reset() }
	{ sub(/\r$/, "") }
	/^# selftests: / { reset(); next }
	/^# kernel (splat|taint)/ { if (why == "") why = substr($0, 3); next }
	/^# 1\.\.0( |$)/ { s++; plan = 0; next }
	/^# 1\.\.[0-9]+[ \t\r]*$/ { plan = $2; sub(/^1\.\./, "", plan); plan += 0; next }
	/^# (ok|not ok) [0-9]+/ {
		if ($2 == "not") { f++; if (why == "") why = substr($0, 3) }
		else if ($0 ~ /# SKIP/) s++
		else p++
		next
	}
	/^(ok|not ok) [0-9]+( |$)/ {
		st = ($1 == "not") ? "FAIL" : ($0 ~ /# SKIP/ ? "SKIP" : "PASS")
		desc = $0
		sub(/^(not )?ok [0-9]+ */, "", desc)
		dir = ""
		if ((i = index(desc, " # ")) > 0) {
			dir = substr(desc, i + 3)
			desc = substr(desc, 1, i - 1)
		}
		name = desc
		if (name ~ /^selftests: /) {
			name = substr(name, 12)
			if ((i = index(name, ": ")) > 0)
				name = substr(name, 1, i - 1) ":" substr(name, i + 2)
		}
		# A timeout, and where the test was stuck, says more than
		# the cases it cut off.
		if (st == "FAIL" && dir ~ /^TIMEOUT/)
			why = dir
		if (st != "SKIP" && plan > p + f + s) {
			if (why == "")
				why = "planned " plan " cases, " p + f + s " reported"
			f += plan - (p + f + s)
		}
		if (st == "FAIL" && f == 0) {
			f = 1
			if (why == "") why = (dir == "" ? "failed" : dir)
		}
		if (st == "PASS" && p + f == 0 && s == 0) p = 1
		if (st == "SKIP" && s == 0) { s = 1; p = 0 }
		print st, name, p, f, s, why
		reset()
	}' "$1"
}

# tap_tally FILE [STATUS [EXPECTED]]: "PASS FAIL SKIP WHY" (tab-separated)
# for a whole stream. Counted as failed besides the failing cases: a
# stream with no plan or no file at all, programs its plan (or EXPECTED,
# the number the caller knows were to run, when larger) announced that
# never reported, and a non-zero STATUS (the exit status of what wrote the
# stream) with no failing case; WHY names each.
tap_tally()
{
	local file=$1 rc=${2:-0} want=${3:-0} plan

	if [ ! -f "$file" ]; then
		printf '0\t%s\t0\tno output (%s)\n' $((want > 0 ? want : 1)) "$file"
		return
	fi
	plan=$(tr -d '\r' < "$file" | sed -n 's/^1\.\.\([0-9]*\).*/\1/p' | tail -n 1)
	[ "$want" -gt "${plan:-0}" ] && plan=$want
	tap_parse "$file" | awk -F '\t' -v OFS='\t' -v rc="$rc" -v plan="$plan" '
	{ n++; p += $3; f += $4; s += $5 }
	END {
		why = ""
		if (plan == "") { f++; why = "no plan (1..N) in the output" }
		else if (n < plan + 0) {
			f += plan - n
			why = plan - n " of " plan " planned test(s) never reported"
		}
		if (rc != 0 && f == 0) { f++; why = "exit status " rc " with no failing test" }
		print p + 0, f + 0, s + 0, why
	}'
}
