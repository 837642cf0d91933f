#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# description: every pair of disturbance modules loads together (one after
#              the other, and both at once) and unloads in both orders;
#              each keeps its own debugfs directory throughout
#
# One case per pair and unload order. Each module owns
# /sys/kernel/debug/<module>/ with stats, reset and enabled; loading or
# unloading the other module of the pair must neither take it away nor
# make the unload fail. The loads of the second order of a pair run
# concurrently (two insmods racing to create their directories).

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/module.sh"
. "$(dirname "$0")/../lib/checks.sh"

DBG=/sys/kernel/debug
MODS="plab_nps plab_journal plab_probe plab_softirq"

# pair_layout_check NAME [DEBUGFS]: NAME's directory in DEBUGFS (default
# $DBG) has the three files, its stats read, and its enabled file reads
# what was last written to it (1 by default, then 0, then 1); prints what
# is wrong.
pair_layout_check()
{
	local DBG=${2:-$DBG} f v

	for f in stats reset enabled; do
		[ -e "$DBG/$1/$f" ] || { echo "$DBG/$1/$f missing"; return 1; }
	done
	cat "$DBG/$1/stats" > /dev/null 2>&1 || { echo "$DBG/$1/stats unreadable"; return 1; }
	for v in "" 0 1; do
		[ -z "$v" ] || echo "$v" > "$DBG/$1/enabled" ||
			{ echo "$DBG/$1/enabled: cannot write $v"; return 1; }
		f=$(cat "$DBG/$1/enabled" 2>&1)
		[ "$f" = "${v:-1}" ] ||
			{ echo "$DBG/$1/enabled reads '$f' after ${v:+writing }${v:-load}"; return 1; }
	done
}

# pair_run FIRST SECOND GONE1 GONE2 CONCURRENT: load FIRST and SECOND,
# unload GONE1 then GONE2; prints the first problem seen.
pair_run()
{
	local a=$1 b=$2 u1=$3 u2=$4 conc=$5 m err pa pb

	if [ "$conc" = 1 ]; then
		plab_load "$a" & pa=$!
		plab_load "$b" & pb=$!
		wait "$pa" || { echo "insmod $a (concurrent with $b) failed"; return 1; }
		wait "$pb" || { echo "insmod $b (concurrent with $a) failed"; return 1; }
	else
		plab_load "$a" || { echo "insmod $a failed"; return 1; }
		plab_load "$b" || { echo "insmod $b (with $a loaded) failed"; return 1; }
	fi
	sleep 0.3
	for m in "$a" "$b"; do
		pair_layout_check "$m" || return 1
	done
	err=$(plab_unload_busy "$u1" 2>&1) || { echo "rmmod $u1 failed: $err"; return 1; }
	# The survivor keeps its directory and files.
	pair_layout_check "$u2" || { echo "(after rmmod $u1)"; return 1; }
	err=$(plab_unload_busy "$u2" 2>&1) || { echo "rmmod $u2 (after $u1) failed: $err"; return 1; }
	for m in "$a" "$b"; do
		[ ! -e "$DBG/$m" ] || { echo "$DBG/$m left after rmmod"; return 1; }
	done
	return 0
}

# pair_clean_check: no splat since $mark and no bad taint.
pair_clean_check()
{
	local splat

	splat=$(plab_klog_clean "$mark") || { echo "kernel log: $splat"; return 1; }
	[ "$(plab_taint_bad)" -eq 0 ] || { echo "bad taint bits $(plab_taint_bad)"; return 1; }
}

ktap_header
plab_require_root
for m in $MODS; do
	plab_require_module "$m"
done
trap plab_cleanup_modules EXIT

# shellcheck disable=SC2086 # a list of words
set -- $MODS
pairs=
while [ $# -gt 1 ]; do
	a=$1
	shift
	for b in "$@"; do
		pairs="$pairs $a:$b"
	done
done
# shellcheck disable=SC2086 # a list of words
ktap_plan $(($(echo $pairs | wc -w) * 2 + 1))

# The enabled check's control: a module directory whose enabled reads 0
# right after load must fail it.
fake=$(mktemp -d)
mkdir "$fake/m" && : > "$fake/m/stats" && : > "$fake/m/reset" && echo 0 > "$fake/m/enabled"
plab_control "the debugfs check refuses an enabled file that reads 0 after load" \
	pair_layout_check m "$fake"
rm -rf "$fake"

for p in $pairs; do
	a=${p%%:*}
	b=${p##*:}
	# Unload in load order (a first), then in reverse (b first, loads
	# racing).
	for order in 0 1; do
		if [ "$order" = 0 ]; then
			u1=$a u2=$b
		else
			u1=$b u2=$a
		fi
		desc="load $a, $b$([ "$order" = 1 ] && echo " at once"); rmmod $u1, then $u2"
		mark=$(plab_klog_mark)
		why=$(pair_run "$a" "$b" "$u1" "$u2" "$order")
		ok=$?
		splat=$(pair_clean_check) || { ok=1; why="$why${why:+; }$splat"; }
		[ "$ok" = 0 ] || ktap_diag "$desc: $why"
		ktap_result "$ok" "$desc"
		plab_cleanup_modules
		# A module stuck after an oops cannot be unloaded: stop here.
		for m in $MODS; do
			plab_module_loaded "$m" || continue
			ktap_diag "$m cannot be unloaded any more"
			ktap_finish
		done
	done
done

ktap_finish
