# SPDX-License-Identifier: GPL-2.0
#
# The lifecycle tests every module collection has: unload at any moment of
# a run (plab_rmmod_loop), and CPU 1 going offline and online under load
# (plab_hotplug_rounds). Source after ktap.sh, module.sh and checks.sh;
# plab_rmmod_loop_end also needs probe_clean_check (probe_lib.sh).

# ---- unload at any moment -----------------------------------------------

PLAB_READER=

# plab_reader_start FILE: read FILE in a loop in the background, so that
# the unloads race with an open file of the module's.
plab_reader_start()
{
	(while :; do cat "$1" > /dev/null 2>&1; done) &
	PLAB_READER=$!
}

# plab_reader_stop: end that reader; safe twice (a test's EXIT trap too).
plab_reader_stop()
{
	[ -n "$PLAB_READER" ] && kill "$PLAB_READER" 2>/dev/null && wait "$PLAB_READER" 2>/dev/null
	PLAB_READER=
	return 0
}

# plab_rmmod_loop MODULE MAX_TENTHS UNLOAD PARAMS...: for each PARAMS (the
# module parameters of one run, as one word), load MODULE with them, run
# PLAB_LOOP_HOOK if it is set (say, enabling events that exist only while
# the module is loaded), let it run a random 0 to MAX_TENTHS.9 tenths of a
# second, and unload it with the command UNLOAD MODULE. PLAB_LOOPS counts
# the runs that went through; status 1 at the first load, hook or unload
# that failed, said in a diagnostic line.
plab_rmmod_loop()
{
	local mod=$1 max=$2 unload=$3 params

	shift 3
	PLAB_LOOPS=0
	for params in "$@"; do
		# shellcheck disable=SC2086 # one parameter per word
		if ! plab_load "$mod" $params; then
			ktap_diag "cannot load: $mod $params"
			return 1
		fi
		if [ -n "${PLAB_LOOP_HOOK:-}" ] && ! $PLAB_LOOP_HOOK; then
			ktap_diag "$PLAB_LOOP_HOOK failed with $mod $params"
			return 1
		fi
		sleep "0.$((RANDOM % (max + 1)))$((RANDOM % 10))"
		"$unload" "$mod" || { ktap_diag "cannot unload: $mod $params"; return 1; }
		PLAB_LOOPS=$((PLAB_LOOPS + 1))
	done
}

# plab_rmmod_loop_end MODULE THREAD_RE THREADS: stop the reader, then two
# KTAP cases: nothing is left (no MODULE, no thread whose name matches the
# pgrep pattern THREAD_RE; THREADS names them), and no splat.
plab_rmmod_loop_end()
{
	plab_reader_stop
	! plab_module_loaded "$1" && ! pgrep "$2" > /dev/null
	ktap_result $? "nothing left: no module, no $3"
	probe_clean_check
	ktap_result $? "no splat, taint only O/E/N"
}

# ---- CPU 1 offline and online --------------------------------------------

PLAB_CPU1_ONLINE=/sys/devices/system/cpu/cpu1/online

# plab_hotplug_require: skip the test unless CPU 1 is online and can go
# offline.
plab_hotplug_require()
{
	[ -w "$PLAB_CPU1_ONLINE" ] || ktap_skip_all "CPU 1 is absent or cannot go offline"
	[ "$(cat "$PLAB_CPU1_ONLINE")" = 1 ] || ktap_skip_all "CPU 1 is offline"
}

# plab_hotplug_restore: CPU 1 online again, whatever happened (EXIT traps).
plab_hotplug_restore()
{
	echo 1 > "$PLAB_CPU1_ONLINE" 2>/dev/null
	return 0
}

# plab_threads_gone THREAD...: none of the threads (exact names) runs;
# names the ones that do. Its control: a thread that always runs
# (kthreadd) is found.
plab_threads_gone()
{
	local t ok=0

	for t in "$@"; do
		if pgrep -x "$t" > /dev/null; then
			echo "$t runs"
			ok=1
		fi
	done
	return $ok
}

# plab_hotplug_rounds COUNT SETTLE_S THREAD...: three rounds of CPU 1
# offline, then online and SETTLE_S seconds to settle. While it is
# offline, none of the THREADs (exact names) may run and the number the
# command COUNT prints (a counter of CPU 1's work, words split) must not
# move in 0.3 s (plab_count_still: two empty reads fail too). Status 1
# when a round did not hold; PLAB_HOTPLUG_OFF_NS is the time CPU 1 spent
# offline, at most.
plab_hotplug_rounds()
{
	local count=$1 settle=$2 round t0 n0 n1 left ok=0

	shift 2
	PLAB_HOTPLUG_OFF_NS=0
	for round in 1 2 3; do
		t0=$(date +%s%N)
		echo 0 > "$PLAB_CPU1_ONLINE" || ok=1
		sleep 0.3
		if ! left=$(plab_threads_gone "$@"); then
			ktap_diag "round $round, CPU 1 offline: $left"
			ok=1
		fi
		n0=$($count)
		sleep 0.3
		n1=$($count)
		plab_count_still "$n0" "$n1" || ok=1
		echo 1 > "$PLAB_CPU1_ONLINE" || ok=1
		PLAB_HOTPLUG_OFF_NS=$((PLAB_HOTPLUG_OFF_NS + $(date +%s%N) - t0))
		sleep "$settle"
		ktap_diag "round $round: offline $n0 -> $n1 ($count), online again"
	done
	return $ok
}
