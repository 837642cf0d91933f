#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ktap-to-lava.sh: report the top-level results of a selftests/run.sh KTAP
# stream to LAVA, one lava-test-case call per test program.
#
#   ktap-to-lava.sh [-p PREFIX] [FILE]      (FILE default: standard input)
#
# Only unindented result lines count; the tests' own TAP is indented
# behind "# " by selftests/run.sh and stays in the log:
#
#   ok 3 selftests: probe: probe_load_default.sh # 20s  -> probe.probe_load_default pass, 20 s
#   ok 7 selftests: probe: probe_hotplug.sh # SKIP     -> probe.probe_hotplug skip
#   not ok 4 selftests: nps: nps_x.sh # exit=1         -> nps.nps_x fail
#   not ok 5 selftests: nps: nps_y.sh # TIMEOUT 45 s   -> nps.nps_y fail
#
# The LAVA test case name is PREFIX (if any), the collection and the test
# name without ".sh", joined by dots, with anything LAVA would not keep
# in a name replaced by "_". Exit status: 0 when results were reported
# (whatever they were), 1 when the stream held no result line, 2 on usage
# errors.

set -u
PROG=ktap-to-lava.sh

usage()
{
	sed -n '4,21s/^# \{0,1\}//p' "$0"
}

prefix=
while [ $# -gt 0 ]; do
	case "$1" in
	-h|--help) usage; exit 0 ;;
	-p|--prefix)
		[ $# -ge 2 ] || { echo "$PROG: $1 needs a prefix" >&2; exit 2; }
		prefix=$2
		shift
		;;
	-*) echo "$PROG: unknown option '$1'" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
[ $# -le 1 ] || { echo "$PROG: one KTAP file at most" >&2; exit 2; }
if [ $# -eq 1 ]; then
	[ -r "$1" ] || { echo "$PROG: cannot read '$1'" >&2; exit 2; }
	exec < "$1"
fi

command -v lava-test-case > /dev/null ||
	echo "$PROG: warning: lava-test-case not found (not in a LAVA job?)" >&2

n=0
fails=0
while IFS= read -r line; do
	line=${line%$'\r'}		# a console log keeps the serial line's CR
	case "$line" in
	"ok "*) result=pass; rest=${line#ok } ;;
	"not ok "*) result=fail; rest=${line#not ok } ;;
	*) continue ;;
	esac
	# rest: "N selftests: C: T # directive"
	desc=${rest#* }
	directive=
	case "$desc" in *" # "*) directive=${desc#* # }; desc=${desc%% # *} ;; esac
	desc=${desc#selftests: }
	case "$desc" in
	*": "*) name="${desc%%: *}.${desc#*: }" ;;
	*) name=$desc ;;
	esac
	name=${name%.sh}
	name=$(printf '%s' "${prefix:+$prefix.}$name" | tr -c 'A-Za-z0-9._-' '_')

	measure=()
	case "$directive" in
	SKIP*|skip*) [ $result = pass ] && result=skip ;;
	TODO*|todo*) result=skip ;;
	[0-9]*s)
		secs=${directive%s}
		case "$secs" in *[!0-9]*) ;; *) measure=(--measurement "$secs" --units s) ;; esac
		;;
	esac
	[ $result = fail ] && fails=$((fails + 1))
	n=$((n + 1))
	echo "$PROG: $name $result${directive:+ ($directive)}"
	lava-test-case "$name" --result "$result" ${measure[@]+"${measure[@]}"}
done

if [ $n -eq 0 ]; then
	echo "$PROG: no top-level KTAP result line found" >&2
	exit 1
fi
echo "$PROG: reported $n result(s), $fails failed"
exit 0
