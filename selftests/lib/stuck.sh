# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Where a test that ran out of time was stuck, read before it is killed:
# the state, wait channel and kernel stack of each of its processes. A
# timeout alone says nothing of the cause (a test waiting on a sleep, a
# write blocked in the kernel, a task in D state behind a lock), and by the
# time anyone reads the log the guest is gone. Sourced by run.sh.

# stuck_tasks PID: PID's descendants (not PID), parents first.
stuck_tasks()
{
	local f line pid ppid queue out=()
	local -A kids=()

	for f in /proc/[0-9]*/stat; do
		read -r line 2> /dev/null < "$f" || continue
		pid=${line%% *}
		# After the comm, which may hold blanks and parentheses: state, ppid.
		line=${line##*) }
		line=${line#* }
		ppid=${line%% *}
		kids[$ppid]+=" $pid"
	done
	read -r -a queue <<< "${kids[$1]:-}"
	while [ ${#queue[@]} -gt 0 ]; do
		pid=${queue[0]}
		queue=("${queue[@]:1}")
		out+=("$pid")
		# shellcheck disable=SC2206 # a list of pids
		queue+=(${kids[$pid]:-})
	done
	echo "${out[@]}"
}

# stuck_report PID: one line per descendant of PID, "COMM[PID] STATE
# WCHAN", each followed by the top of its kernel stack (root only),
# indented. Prints nothing when PID has no descendant left.
stuck_report()
{
	local pid line comm state wchan

	for pid in $(stuck_tasks "$1"); do
		read -r line 2> /dev/null < "/proc/$pid/stat" || continue
		comm=${line#*(}
		comm=${comm%)*}
		state=${line##*) }
		state=${state%% *}
		wchan=
		read -r wchan 2> /dev/null < "/proc/$pid/wchan"
		echo "$comm[$pid] $state ${wchan:-0}"
		[ -r "/proc/$pid/stack" ] && head -n 6 "/proc/$pid/stack" | sed 's/^/    /'
	done
}

# stuck_summary FILE: the report's task lines in one line, "COMM STATE
# WCHAN, ..." (the first three), for a test's one-line result.
stuck_summary()
{
	awk '!/^ / { n++; if (n <= 3) s = s (s == "" ? "" : ", ") $0 }
		END { if (n > 3) s = s ", ..."; print s }' "$1"
}
