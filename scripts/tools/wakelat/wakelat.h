/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wakelat: types shared by the BPF program (wakelat.bpf.c) and user space
 * (wakelat_user.h and its files). Nothing else belongs here.
 */
#ifndef WAKELAT_H
#define WAKELAT_H

#define WAKELAT_COMM_LEN	16
/* Linear 1 us buckets: default and hard limit of --entries (in us). */
#define WAKELAT_ENTRIES_DEF	1000
#define WAKELAT_ENTRIES_MAX	100000
/*
 * Tail beyond the linear range: log2 buckets, bucket k holding
 * [entries * 2^k, entries * 2^(k+1)) us; the last one is the overflow.
 */
#define WAKELAT_LOG2_SLOTS	32
/* Per-CPU row of the histogram array: linear buckets, then the tail. */
#define WAKELAT_ROW(entries)	((entries) + WAKELAT_LOG2_SLOTS)

/*
 * Per-CPU exact statistics (one PERCPU_ARRAY element). The interval
 * maximum is double-buffered by generation: the program writes slot
 * gen & 1, user space bumps gen and then reads the other slot, which
 * nothing writes until the generation after next.
 */
struct wakelat_cpu {
	__u64 count;
	__u64 sum_ns;
	__u64 min_ns;		/* ~0 until the first sample */
	__u64 max_ns;
	__u64 ival_max_ns[2];
	__u64 ival_gen[2];
};

/* Per-task statistics, keyed by TID; the worst wait and who ran before. */
struct wakelat_task {
	__u64 count;
	__u64 sum_ns;
	__u64 max_ns;
	__u32 tgid;
	__u32 max_cpu;
	__u32 max_prev_pid;
	__u32 max_prev_state;
	char comm[WAKELAT_COMM_LEN];
	char max_prev_comm[WAKELAT_COMM_LEN];
};

/* One wakeup above --threshold-us, through the ring buffer. */
struct wakelat_event {
	__u64 waking_ns;	/* bpf_ktime_get_ns() at sched_waking */
	__u64 run_ns;		/* bpf_ktime_get_ns() at sched_switch */
	__u32 cpu;
	__u32 pid;
	__u32 tgid;
	__u32 prev_pid;
	__u32 prev_state;	/* 0: preempted (runnable), else __state */
	__u32 pad;
	char comm[WAKELAT_COMM_LEN];
	char prev_comm[WAKELAT_COMM_LEN];
};

#endif /* WAKELAT_H */
