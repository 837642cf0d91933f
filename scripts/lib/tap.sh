# SPDX-License-Identifier: GPL-2.0
#
# Reading the KTAP streams of selftests/run.sh. Sourced, never run.

# tap_parse FILE: one line per test program that reported:
#   C:T STATUS PASS FAIL SKIP [FIRST PROBLEM]
# counting its own inner TAP cases.
tap_parse()
{
	awk '
	/^# selftests: / { p = f = s = 0; why = ""; next }
	/^# kernel (splat|taint)/ { if (why == "") why = substr($0, 3); next }
	/^# (ok|not ok) [0-9]+/ {
		if ($2 == "not") { f++; if (why == "") why = substr($0, 3) }
		else if ($0 ~ /# SKIP/) s++
		else p++
		next
	}
	/^# 1\.\.0 # SKIP/ { s++; next }
	/^(ok|not ok) [0-9]+ selftests: / {
		st = ($1 == "not") ? "FAIL" : ($0 ~ /# SKIP/ ? "SKIP" : "PASS")
		i = index($0, "selftests: ")
		split(substr($0, i + 11), a, " # ")
		n = split(a[1], b, ": ")
		if (st == "FAIL" && why == "") why = "exit status: " a[2]
		print b[1] ":" b[2], st, p, f, s, why
	}' "$1"
}

# tap_count FILE: print "PASS FAIL SKIP", the case counts of a run.sh
# stream, with the same rules as the matrix summary: a failed program with
# no failed case counts one failure, a skipped program one skip.
tap_count()
{
	tap_parse "$1" | awk '
	$2 == "PASS" { p += ($3 > 0 ? $3 : 1); s += $5 }
	$2 == "SKIP" { p += $3; s += ($5 > 0 ? $5 : 1) }
	$2 == "FAIL" { p += $3; f += ($4 > 0 ? $4 : 1); s += $5 }
	END { print p + 0, f + 0, s + 0 }'
}
