#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: plab_jq (selftests/lib/json.sh), how the selftests read the
#              tools' JSON reports: one value per line, all or nothing,
#              status 1 for a missing value and 2 for what is not JSON

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/checks.sh"
. "$(dirname "$0")/../lib/json.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ktap_header
plab_require_jq
ktap_plan 7

printf '%s\n' '{"runs": [{"attach": "tp_btf", "samples": 12, "stats": [' \
	'{"cpu": "all", "thread": {"p99": 7.5}}, {"cpu": 1, "thread": {"p99": 2e3}}],' \
	'"tasks": [{"tid": 5, "comm": "a b"}]}]}' > "$tmp/doc.json"
printf '{"a": [1, 2,, 3]}' > "$tmp/bad.json"

# jq_is WANT_RC WANT_OUT FILE FILTER...: plab_jq gives that status and output.
jq_is()
{
	local want=$1 wout=$2 out rc

	shift 2
	out=$(plab_jq "$@" 2> "$tmp/err")
	rc=$?
	[ "$rc" = "$want" ] && [ "$out" = "$wout" ]
}

# jqcheck WANT_RC WANT_OUT DESC FILE FILTER...: one KTAP case of jq_is.
jqcheck()
{
	local want=$1 wout=$2 desc=$3

	shift 3
	jq_is "$want" "$wout" "$@"
	ktap_result $? "$desc$([ -s "$tmp/err" ] && echo " ($(head -c 100 "$tmp/err"))")"
}

jqcheck 0 "$(printf 'tp_btf\n12\n7.5\n2000\n2\na b\n{"tid":5,"comm":"a b"}')" \
	"strings unquoted, numbers, selectors, lengths and objects, one per line" \
	"$tmp/doc.json" '.runs[0].attach' '.runs[0].samples' \
	'.runs[0].stats[] | select(.cpu == "all") | .thread.p99' \
	'.runs[0].stats[] | select(.cpu == 1) | .thread.p99' '.runs[0].stats | length' \
	'.runs[0].tasks[] | select(.tid == 5) | .comm' '.runs[0].tasks[0]'
jqcheck 1 "" "a value that is not there: status 1, nothing printed" \
	"$tmp/doc.json" '.runs[0].samples' '.runs[0].stats[] | select(.cpu == 2) | .thread'
jqcheck 1 "" "a member that is not there (null): status 1" "$tmp/doc.json" '.runs[1]'
jqcheck 2 "" "what is not JSON: status 2" "$tmp/bad.json" .a
jqcheck 2 "" "a file that is not there: status 2" "$tmp/none.json" .a
jqcheck 1 "" "a filter jq refuses: status 1" "$tmp/doc.json" '.runs[0'
plab_control "the comparison refuses a value one off" jq_is 0 13 "$tmp/doc.json" '.runs[0].samples'

ktap_finish
