#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: every Kconfig fragment, merged with vm-guest onto tinyconfig,
#              survives olddefconfig on 6.1 (preempt-rt: refused there,
#              survives on 6.12); a value that cannot survive fails with
#              exit 1 and names the symbol; conflicting fragments are
#              refused. Configuration only, no kernel build.

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/host_lib.sh"

check=$top/scripts/harness/plab-kconfig-check
src61=$top/.cache/src/linux-source-6.1
src612=$top/.cache/src/linux-source-6.12

ktap_header
[ -f "$src61/scripts/kconfig/merge_config.sh" ] ||
	ktap_skip_all "linux-source-6.1 is not unpacked in .cache/src (run scripts/harness/plab-deps)"
for t in make gcc flex bison; do
	command -v $t > /dev/null || ktap_skip_all "$t is not installed (run scripts/harness/plab-deps)"
done
ktap_plan 22

touch "$tmp/stamp"

# run ARGS: run the checker; its output is in $tmp/out, its status in rc.
run()
{
	"$check" "$@" > "$tmp/out" 2>&1
	rc=$?
}

show()
{
	sed 's/^/# | /' "$tmp/out"
}

# survives DESCRIPTION ARGS: the checker passes.
survives()
{
	local what=$1

	shift
	run "$@"
	[ $rc -eq 0 ] && grep -q 'requested values survived' "$tmp/out"
	ktap_result $? "$what (exit $rc)"
	[ $rc -eq 0 ] || show
}

# The fragments themselves: help line first, SPDX line second.
bad=
for f in "$top"/kconfig-fragments/*.config; do
	sed -n 1p "$f" | grep -q '^# Help: ..*' &&
		sed -n 2p "$f" | grep -q '^# SPDX-License-Identifier: GPL-2.0$' ||
		bad="$bad $(basename "$f")"
done
[ -z "$bad" ]
ktap_result $? "every fragment starts with a help line and an SPDX line${bad:+ (not:$bad)}"

# 6.1, the default tree and base (tinyconfig) once; the other runs start
# from the tinyconfig it saved, which is the same starting point (making
# tinyconfig costs several Kconfig runs).
o61=$tmp/o61
survives "6.1: vm-guest alone on tinyconfig" -o "$o61" vm-guest
base61=tinyconfig
cp "$o61/base.config" "$tmp/tiny61.config" 2>/dev/null && base61=$tmp/tiny61.config

for frags in preempt-none preempt-voluntary preempt-full nohz-full preemptlab \
	     preempt-full,latency-tracing preempt-full,debug \
	     latency-tracing,preempt-full,preemptlab; do
	survives "6.1: vm-guest,$frags" -s "$src61" -b "$base61" -o "$o61" vm-guest "$frags"
done

run -s "$src61" -b "$base61" -o "$o61" vm-guest preempt-rt
show
[ $rc -eq 1 ] && grep -q 'preempt-rt.config needs Linux >= 6.12' "$tmp/out"
ktap_result $? "6.1: preempt-rt is refused, naming 6.12 (exit $rc)"

# A value that cannot survive: PREEMPT_RT on 6.1 without the Requires line.
printf '# Help: broken on purpose\nCONFIG_EXPERT=y\nCONFIG_PREEMPT_RT=y\n' > "$tmp/rt-on-61.config"
run -s "$src61" -b "$base61" -o "$o61" vm-guest "$tmp/rt-on-61.config"
show
[ $rc -eq 1 ] &&
	grep -q 'FAIL rt-on-61.config: CONFIG_PREEMPT_RT requested y, actual not set' "$tmp/out"
ktap_result $? "6.1: CONFIG_PREEMPT_RT=y does not survive: exit 1, fragment and symbol named (exit $rc)"

# A dependency violation: the 9p file system without INET.
printf '# Help: broken on purpose\nCONFIG_NET=y\n# CONFIG_INET is not set\nCONFIG_NET_9P=y\nCONFIG_9P_FS=y\n' \
	> "$tmp/no-inet.config"
run -s "$src61" -b "$base61" -o "$o61" "$tmp/no-inet.config"
show
[ $rc -eq 1 ] && grep -q 'FAIL no-inet.config: CONFIG_9P_FS requested y, actual not set (depends on INET' "$tmp/out"
ktap_result $? "6.1: CONFIG_9P_FS=y without INET fails, naming the symbol and its dependency (exit $rc)"

# A preemptoff tracer needs a preemptible build; tinyconfig's is not.
run -s "$src61" -b "$base61" -o "$o61" vm-guest latency-tracing
show
[ $rc -eq 1 ] && grep -q 'CONFIG_PREEMPT_TRACER requested y, actual not set' "$tmp/out"
ktap_result $? "6.1: latency-tracing without a preempt-* fragment names CONFIG_PREEMPT_TRACER (exit $rc)"

run -s "$src61" -b "$base61" -o "$o61" vm-guest preempt-none preempt-full
show
[ $rc -eq 2 ] && grep -q 'conflicting fragments: preempt-none.config wants CONFIG_PREEMPT_NONE y, preempt-full.config wants not set' "$tmp/out"
ktap_result $? "conflicting fragments preempt-none + preempt-full are refused, exit 2 (exit $rc)"

run -s "$src61" -b "$base61" -o "$o61" vm-guest,nosuchfragment
[ $rc -eq 2 ] && grep -q "unknown fragment 'nosuchfragment'" "$tmp/out"
ktap_result $? "an unknown fragment is a usage error, exit 2 (exit $rc)"

# 6.12: PREEMPT_RT is mainline there.
if [ -f "$src612/scripts/kconfig/merge_config.sh" ]; then
	o612=$tmp/o612
	base612=tinyconfig
	for frags in preempt-rt preempt-rt,latency-tracing,preemptlab preempt-rt,debug \
		     latency-tracing,preempt-full,preemptlab preempt-none,nohz-full; do
		survives "6.12: vm-guest,$frags" -s "$src612" -b "$base612" -o "$o612" vm-guest "$frags"
		[ "$base612" != tinyconfig ] ||
			{ cp "$o612/base.config" "$tmp/tiny612.config" 2>/dev/null &&
			  base612=$tmp/tiny612.config; }
	done
else
	for frags in preempt-rt preempt-rt,latency-tracing,preemptlab preempt-rt,debug \
		     latency-tracing,preempt-full,preemptlab preempt-none,nohz-full; do
		ktap_skip "6.12: vm-guest,$frags" "linux-source-6.12 is not unpacked in .cache/src (run scripts/harness/plab-deps)"
	done
fi

new=$(find "$src61" ${src612:+"$src612"} -newer "$tmp/stamp" -print 2>/dev/null | head -n 3)
[ -z "$new" ] && [ ! -e "$src61/.config" ]
ktap_result $? "the source trees were not written to${new:+ (changed: $new)}"

ktap_finish
