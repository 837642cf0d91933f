#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: the helpers plab-scenario-exec runs around each phase
#              without starting a process: the per-CPU tick counts and
#              rates (exact tenths, rounded half up), the plan's lines (a
#              keyword matched as written), and nap's timed wait; each
#              with a positive control that must fail

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/checks.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The executor's own definitions, not copies of them.
eval "$(sed -n '/^loc_read()/,/^}/p; /^loc_metrics()/,/^}/p; /^nap()/,/^}/p; /^plan_lines()/,/^}/p' \
	"$top/scripts/scenarios/plab-scenario-exec")"

ktap_header
ktap_plan 8

# rates_ok: loc_metrics' rate against the exact rate rounded half up, for
# counts over whole seconds that a binary double gets wrong (9 / 60 is
# 0.15, which awk's %.1f printed as 0.1) and some that it does not.
rates_ok()
{
	local n d want got

	while read -r n d want; do
		# shellcheck disable=SC2034 # read by name in loc_metrics
		local -a r0=(0) r1=("$n")
		got=$(loc_metrics p "$d" r0 r1 | sed -n 's/^p\.loc_cpu0_per_s=//p')
		[ "$got" = "$want" ] || { echo "$n / $d: $got, want $want"; return 1; }
	done <<- 'TABLE'
	9 60 0.2
	1 4 0.3
	3 4 0.8
	1 3 0.3
	2 3 0.7
	555 2 277.5
	0 5 0.0
	12345678 3600 3429.4
	TABLE
}
out=$(rates_ok)
ktap_result $? "tick rates are exact tenths, rounded half up${out:+ ($out)}"
# The control: the rate printed as awk's double did (in a subshell, so
# that the executor's loc_metrics stays for the cases below).
plab_control "the rate check rejects awk's rounding" eval '(
	loc_metrics() { local -n b=$3 a=$4; awk -v n=$((a[0] - b[0])) -v d="$2" \
		"BEGIN { printf \"p.loc_cpu0_per_s=%.1f\n\", n / d }"; }
	rates_ok)'

printf '%s\n' '           CPU0       CPU1' \
	' NMI:          0          0   Non-maskable interrupts' \
	' LOC:     123456       7890   Local timer interrupts' > "$tmp/interrupts"
printf ' NMI:          0          0   Non-maskable interrupts\n' > "$tmp/noloc"
# counts_ok FILE: loc_read finds two CPUs' counts, and loc_metrics
# differences them per CPU.
counts_ok()
{
	# shellcheck disable=SC2034 # read by name in loc_read, loc_metrics
	local -a before=(123000 7000) after
	local out

	loc_read after "$1"
	out=$(loc_metrics p 2 before after | paste -sd ' ')
	[ "$out" = "p.loc_cpu0=456 p.loc_cpu0_per_s=228.0 p.loc_cpu1=890 p.loc_cpu1_per_s=445.0" ]
}
counts_ok "$tmp/interrupts"
ktap_result $? "the LOC line's counts, per CPU, and their differences"
plab_control "the count check rejects a file without a LOC line" counts_ok "$tmp/noloc"

printf '%s\n' 'phase a.b base' 'step aXb run x' 'step a.b run y' 'duration 2' > "$tmp/plan"
# step_ok PLAN_LINES: phase a.b's steps are "run y" alone ('.' is a dot).
step_ok()
{
	[ "$("$1" "$tmp/plan" "step a.b")" = "run y" ]
}
step_ok plan_lines
ktap_result $? "a plan's keyword matches as written"
sed_lines() { sed -n "s/^$2 //p" "$1"; }
plab_control "the keyword check rejects a regular-expression match (the old sed)" step_ok sed_lines

# nap_ok FD: nap 0.3 on FD waits at least 0.29 s and returns in under 2 s.
nap_ok()
{
	local t0=${EPOCHREALTIME/./} ms

	NAP_FD=$1 nap 0.3
	ms=$(((${EPOCHREALTIME/./} - t0) / 1000))
	[ $ms -ge 290 ] && [ $ms -lt 2000 ]
}
exec {quiet}<> <(:)
nap_ok $quiet
ktap_result $? "nap waits its time on a pipe nobody writes"
exec {busy}< <(yes)
plab_control "the wait check rejects a nap that returns at once" nap_ok $busy
exec {quiet}<&- {busy}<&-

ktap_finish
