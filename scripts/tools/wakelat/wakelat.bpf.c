// SPDX-License-Identifier: GPL-2.0
/*
 * wakelat: wakeup-to-run latency, aggregated in the kernel.
 *
 * sched_waking (and sched_wakeup_new) stamp the woken task when it passes
 * the filters; the sched_switch that puts it on a CPU takes the stamp and
 * accounts the difference on that CPU: per-CPU exact statistics, a per-CPU
 * histogram row (1 us linear buckets, then log2 buckets for the tail), the
 * task's own statistics with the task that ran just before its worst wait,
 * and, above a threshold, one event to user space through a ring buffer.
 *
 * Every program exists twice, tp_btf and raw_tp; user space chooses one set
 * with bpf_program__set_autoload(). Both read through BPF_CORE_READ so they
 * share the handlers.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "wakelat.h"

#define WAKELAT_MAX_CPUS	1024

/* Set by user space between open and load (rodata). */
const volatile __u32 targ_pid = 0;	/* TID; 0: any */
const volatile __u32 targ_tgid = 0;	/* PID (thread group); 0: any */
const volatile __u32 self_tgid = 0;	/* wakelat itself, left out */
const volatile bool filter_comm = false;
const volatile char targ_comm[WAKELAT_COMM_LEN] = {};
const volatile bool filter_cgroup = false;
const volatile __u64 targ_cgroup_id = 0;
const volatile bool filter_cpu = false;
const volatile __u64 cpu_mask[WAKELAT_MAX_CPUS / 64] = {};
const volatile __u32 entries = WAKELAT_ENTRIES_DEF;	/* linear buckets, us */
const volatile __u64 threshold_ns = 0;			/* 0: no events */

/* Read and written by user space at run time (bss). */
__u64 gen;		/* interval generation, see struct wakelat_cpu */
__u64 event_drops;	/* ring buffer full */
__u64 start_drops;	/* start map full */
__u64 task_drops;	/* task map full */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);	/* resized by user space */
	__type(key, __u32);
	__type(value, __u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct wakelat_cpu);
} cpu_stats SEC(".maps");

/* nr_cpus rows of WAKELAT_ROW(entries) counters, mmap()ed by user space. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);		/* resized by user space */
	__type(key, __u32);
	__type(value, __u64);
} hist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);	/* resized by user space */
	__type(key, __u32);
	__type(value, struct wakelat_task);
} tasks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* Kernels before 5.14 call it state. */
struct task_struct___o {
	volatile long state;
} __attribute__((preserve_access_index));

static __always_inline __u32 task_state(struct task_struct *t)
{
	if (bpf_core_field_exists(t->__state))
		return BPF_CORE_READ(t, __state);
	return BPF_CORE_READ((struct task_struct___o *)t, state);
}

static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 r = 0;

	if (v >> 32) { v >>= 32; r += 32; }
	if (v >> 16) { v >>= 16; r += 16; }
	if (v >> 8) { v >>= 8; r += 8; }
	if (v >> 4) { v >>= 4; r += 4; }
	if (v >> 2) { v >>= 2; r += 2; }
	if (v >> 1) r += 1;
	return r;
}

static __always_inline bool task_wanted(struct task_struct *p)
{
	__u32 pid = BPF_CORE_READ(p, pid);
	__u32 tgid = BPF_CORE_READ(p, tgid);
	char comm[WAKELAT_COMM_LEN];
	int i;

	if (!pid)
		return false;
	if (targ_pid && pid != targ_pid)
		return false;
	if (targ_tgid && tgid != targ_tgid)
		return false;
	if (!targ_pid && !targ_tgid && tgid == self_tgid)
		return false;
	if (filter_comm) {
		BPF_CORE_READ_STR_INTO(&comm, p, comm);
		for (i = 0; i < WAKELAT_COMM_LEN; i++) {
			if (comm[i] != targ_comm[i])
				return false;
			if (!comm[i])
				break;
		}
	}
	if (filter_cgroup &&
	    BPF_CORE_READ(p, cgroups, dfl_cgrp, kn, id) != targ_cgroup_id)
		return false;
	return true;
}

static __always_inline int handle_waking(struct task_struct *p)
{
	__u32 pid;
	__u64 ts;

	if (!task_wanted(p))
		return 0;
	pid = BPF_CORE_READ(p, pid);
	ts = bpf_ktime_get_ns();
	if (bpf_map_update_elem(&start, &pid, &ts, BPF_ANY))
		__sync_fetch_and_add(&start_drops, 1);
	return 0;
}

static __always_inline void hist_add(__u32 cpu, __u64 lat_ns)
{
	__u64 lat_us = lat_ns / 1000;
	__u32 slot, idx;
	__u64 *c;

	if (lat_us < entries) {
		slot = lat_us;
	} else {
		slot = log2_u64(lat_us / entries);
		if (slot > WAKELAT_LOG2_SLOTS - 1)
			slot = WAKELAT_LOG2_SLOTS - 1;
		slot += entries;
	}
	idx = cpu * WAKELAT_ROW(entries) + slot;
	c = bpf_map_lookup_elem(&hist, &idx);
	/*
	 * Only this CPU writes its row, from sched_switch (rq lock held, IRQs
	 * off), so a plain increment is enough.
	 */
	if (c)
		*c += 1;
}

static __always_inline void cpu_add(__u64 lat_ns)
{
	__u32 zero = 0, g;
	struct wakelat_cpu *s;
	__u64 cur;

	s = bpf_map_lookup_elem(&cpu_stats, &zero);
	if (!s)
		return;
	s->count++;
	s->sum_ns += lat_ns;
	if (lat_ns < s->min_ns)
		s->min_ns = lat_ns;
	if (lat_ns > s->max_ns)
		s->max_ns = lat_ns;
	cur = gen;
	g = cur & 1;
	if (s->ival_gen[g] != cur) {
		s->ival_gen[g] = cur;
		s->ival_max_ns[g] = lat_ns;
	} else if (lat_ns > s->ival_max_ns[g]) {
		s->ival_max_ns[g] = lat_ns;
	}
}

static __always_inline void task_add(struct task_struct *prev,
				     struct task_struct *next, __u32 pid,
				     __u32 cpu, __u64 lat_ns, __u32 prev_state)
{
	struct wakelat_task *t, init = {};

	t = bpf_map_lookup_elem(&tasks, &pid);
	if (!t) {
		init.tgid = BPF_CORE_READ(next, tgid);
		BPF_CORE_READ_STR_INTO(&init.comm, next, comm);
		bpf_map_update_elem(&tasks, &pid, &init, BPF_NOEXIST);
		t = bpf_map_lookup_elem(&tasks, &pid);
		if (!t) {
			__sync_fetch_and_add(&task_drops, 1);
			return;
		}
	}
	/* A task is switched in on one CPU at a time: one writer. */
	t->count++;
	t->sum_ns += lat_ns;
	if (lat_ns > t->max_ns) {
		t->max_ns = lat_ns;
		t->max_cpu = cpu;
		t->max_prev_pid = BPF_CORE_READ(prev, pid);
		t->max_prev_state = prev_state;
		BPF_CORE_READ_STR_INTO(&t->max_prev_comm, prev, comm);
	}
}

static __always_inline void event_emit(struct task_struct *prev,
				       struct task_struct *next, __u32 pid,
				       __u32 cpu, __u64 waking, __u64 now,
				       __u32 prev_state)
{
	struct wakelat_event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&event_drops, 1);
		return;
	}
	e->waking_ns = waking;
	e->run_ns = now;
	e->cpu = cpu;
	e->pid = pid;
	e->tgid = BPF_CORE_READ(next, tgid);
	e->prev_pid = BPF_CORE_READ(prev, pid);
	e->prev_state = prev_state;
	e->pad = 0;
	BPF_CORE_READ_STR_INTO(&e->comm, next, comm);
	BPF_CORE_READ_STR_INTO(&e->prev_comm, prev, comm);
	bpf_ringbuf_submit(e, 0);
}

static __always_inline int handle_switch(bool preempt, struct task_struct *prev,
					 struct task_struct *next)
{
	__u32 prev_pid = BPF_CORE_READ(prev, pid);
	__u32 pid = BPF_CORE_READ(next, pid);
	__u32 prev_state, cpu;
	__u64 *tsp, now, waking, lat_ns;

	/* As the sched_switch event reports it: preempted counts as running. */
	prev_state = preempt ? 0 : task_state(prev);
	/*
	 * A task woken while still on its CPU is never switched in for that
	 * wakeup; its stamp is stale once it leaves the CPU runnable. A stamp
	 * found when it leaves to sleep is a wakeup racing with the switch
	 * (sched_waking fires before ttwu waits for on_cpu): keep that one.
	 */
	if (prev_pid && !prev_state)
		bpf_map_delete_elem(&start, &prev_pid);
	if (!pid)
		return 0;
	tsp = bpf_map_lookup_elem(&start, &pid);
	if (!tsp)
		return 0;
	waking = *tsp;
	bpf_map_delete_elem(&start, &pid);
	now = bpf_ktime_get_ns();
	if (now < waking)
		return 0;
	lat_ns = now - waking;
	cpu = bpf_get_smp_processor_id();
	if (filter_cpu &&
	    (cpu >= WAKELAT_MAX_CPUS ||
	     !(cpu_mask[(cpu / 64) & (WAKELAT_MAX_CPUS / 64 - 1)] & (1ULL << (cpu % 64)))))
		return 0;
	cpu_add(lat_ns);
	hist_add(cpu, lat_ns);
	task_add(prev, next, pid, cpu, lat_ns, prev_state);
	if (threshold_ns && lat_ns >= threshold_ns)
		event_emit(prev, next, pid, cpu, waking, now, prev_state);
	return 0;
}

SEC("tp_btf/sched_waking")
int BPF_PROG(btf_waking, struct task_struct *p)
{
	return handle_waking(p);
}

SEC("tp_btf/sched_wakeup_new")
int BPF_PROG(btf_wakeup_new, struct task_struct *p)
{
	return handle_waking(p);
}

SEC("tp_btf/sched_switch")
int BPF_PROG(btf_switch, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	return handle_switch(preempt, prev, next);
}

SEC("raw_tp/sched_waking")
int BPF_PROG(raw_waking, struct task_struct *p)
{
	return handle_waking(p);
}

SEC("raw_tp/sched_wakeup_new")
int BPF_PROG(raw_wakeup_new, struct task_struct *p)
{
	return handle_waking(p);
}

SEC("raw_tp/sched_switch")
int BPF_PROG(raw_switch, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	return handle_switch(preempt, prev, next);
}

char LICENSE[] SEC("license") = "GPL";
