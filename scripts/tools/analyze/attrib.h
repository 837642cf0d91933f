/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Attribution engine: for every probe sample over the threshold, share its
 * window [start, start + thread_ns] on its CPU among the intervals
 * (injected sections, irq handlers, softirqs, other tasks running) that
 * overlap it. Where intervals nest or overlap, the one that started last
 * (the innermost) owns the time; what no interval covers is "unexplained",
 * or, when no interval overlaps at all and the probe's plab_latency_cause
 * event says what the timer interrupted, an inferred cause. Instants (a
 * softirq deferral) inside the window are named with no share of it.
 *
 * Interval events may come after the sample (a section is reported when it
 * ends), so samples stay pending until the stream is lag_ns past their
 * window. Memory is bounded: fixed rings per CPU, a fixed cause table.
 */
#ifndef PLAB_ANALYZE_ATTRIB_H
#define PLAB_ANALYZE_ATTRIB_H

#include <stdbool.h>
#include <stdint.h>

#define ATTR_MAX_CPUS		1024
#define ATTR_MAX_CAUSES		512
#define ATTR_LABEL_LEN		80
#define ATTR_COMM_LEN		16
#define ATTR_RING_INTERVALS	65536	/* per CPU */
#define ATTR_RING_SAMPLES	4096	/* pending samples per CPU */
#define ATTR_MAX_OVERLAP	256	/* intervals considered per sample */
#define ATTR_LATE_SLOTS		64	/* late intervals known per CPU */
/*
 * Ring slots summarised together, by level, each 4 times the next: on a
 * recorded trace 1024/256/64/16 took the fewest instructions of the
 * 3 and 4 level sets tried (8 to 4096 slots).
 */
#define ATTR_IV_LEVELS		4
#define ATTR_IV_SIZES		{ 1024, 256, 64, 16 }

enum {
	ATTR_CAUSE_UNEXPLAINED = 0,
	ATTR_CAUSE_OTHER = 1,		/* the cause table is full */
	ATTR_CAUSE_TASK = UINT32_MAX,	/* interval names a task: label later */
};

/* attr_interval.pid of an interval that is no task. */
#define ATTR_PID_NONE		(-1)
#define ATTR_PID_INSTANT	(-2)	/* start == end: named, no share */

/* What the probe saw the timer interrupt (plab_latency_cause). */
struct attr_hint {
	uint64_t seq;
	int32_t pid;
	char comm[ATTR_COMM_LEN];
	uint32_t preempt, softirq, hardirq;
	bool irqs_off, user, valid;
};

struct attr_interval {
	uint64_t start, end;	/* ns, local_clock timeline */
	uint64_t emit;		/* trace time it was added */
	uint32_t cause;		/* or ATTR_CAUSE_TASK */
	int32_t pid;		/* or ATTR_PID_NONE, ATTR_PID_INSTANT */
	char comm[ATTR_COMM_LEN];
};

struct attr_sample {
	uint64_t seq, start, end, irq_ns, thread_ns;
	struct attr_hint hint;
};

struct attr_cause_stat {
	/* Samples it explains a part of; for an instant: holding it. */
	uint64_t samples;
	uint64_t top;		/* samples where it has the largest share */
	uint64_t total_ns;	/* window time it explains */
	uint64_t max_ns;	/* its largest part in one sample */
};

/*
 * Summary of consecutive ring slots (a block of ATTR_IV_SIZES), so that a
 * sample skips whole blocks of intervals that cannot overlap its window
 * (the many intervals that ended after it while it waited for its lag,
 * and most of the block its window ends in).
 */
struct attr_iv_block {
	uint64_t min_start, max_end;
	uint64_t min_emit_slack;	/* of emit + ATTR_EMIT_SLACK_NS */
};

struct attr_cpu {
	struct attr_interval *iv;	/* ring, oldest overwritten */
	/* Per level, largest first: ATTR_RING_INTERVALS / its block size. */
	struct attr_iv_block *lvl[ATTR_IV_LEVELS];
	uint32_t iv_next, iv_count;
	uint32_t iv_pushed;		/* intervals pushed, mod 2^32 */
	/*
	 * The slots whose start is below that of every newer slot (late
	 * ones apart), oldest first, by push number (a slot is that mod
	 * ATTR_RING_INTERVALS; 2^16 divides 2^32): their starts increase.
	 * The newest one starting before a window's end is the newest slot
	 * but late ones that can overlap the window, so the lag's worth of
	 * newer slots is not walked (97 % of the walk's steps on a recorded
	 * trace). rec_low: records below it are as at the last search;
	 * rec_cur: that search's answer (rec_first - 1: none).
	 */
	uint32_t *rec;			/* ring of ATTR_RING_INTERVALS */
	uint64_t rec_first, rec_end, rec_low, rec_cur;
	/*
	 * Late slots (added past their end's slack: a section reported
	 * seconds late) are kept out of the records, else one would stand
	 * for a second of samples as the newest slot starting before their
	 * window; checked one by one, the newest ATTR_LATE_SLOTS of them.
	 */
	uint32_t late[ATTR_LATE_SLOTS];
	uint32_t late_pushed;
	struct attr_sample *ps;		/* ring of pending samples */
	uint32_t ps_first, ps_count;
	struct attr_hint early;		/* a hint that came before its sample */
	struct attr_cause_stat *cs;	/* ATTR_MAX_CAUSES, on first use */
	uint64_t nr_over, over_ns;	/* samples attributed, their windows */
	uint64_t max_ns;		/* largest window attributed */
};

struct attr {
	uint64_t threshold_ns, lag_ns;
	struct attr_cpu *cpu[ATTR_MAX_CPUS];
	int used[ATTR_MAX_CPUS];	/* CPUs with state, in first-seen order */
	int nr_used;
	char (*labels)[ATTR_LABEL_LEN];
	uint32_t nr_causes;
	uint16_t *slot;			/* hash: cause id + 1, 0 empty */
	uint32_t idle_id;		/* "idle" + 1 once interned, else 0 */
	struct attr_cause_stat all[ATTR_MAX_CAUSES];
	uint64_t nr_over, over_ns;
	uint64_t next_due;		/* earliest pending window end + lag */
	/* Broken invariants, shown in the output rather than fatal. */
	uint64_t dropped_intervals;	/* overwritten before their time */
	uint64_t early_samples;		/* attributed before their lag */
	uint64_t overlap_capped;	/* samples with > ATTR_MAX_OVERLAP */
	uint64_t bad_intervals;		/* end before start, CPU out of range */
	uint64_t hints, hints_matched;
	bool scan_all;			/* tests: no block skipped, the reference */
};

int attr_init(struct attr *a, uint64_t threshold_ns, uint64_t lag_ns);
void attr_destroy(struct attr *a);
/* Intern a cause label; ATTR_CAUSE_OTHER once the table is full. */
uint32_t attr_cause_id(struct attr *a, const char *label);
const char *attr_cause_label(const struct attr *a, uint32_t id);

void attr_add_interval(struct attr *a, int cpu, uint64_t start, uint64_t end,
		       uint64_t now, uint32_t cause);
/* Another task (pid, comm) ran on cpu during [start, end). */
void attr_add_task(struct attr *a, int cpu, uint64_t start, uint64_t end,
		   uint64_t now, int32_t pid, const char *comm);
/*
 * Something happened on cpu at time t (a softirq deferral): a sample whose
 * window holds t names the cause, which takes no share of the window.
 */
void attr_add_instant(struct attr *a, int cpu, uint64_t t, uint64_t now,
		      uint32_t cause);
/* Keeps the sample when thread_ns is over the threshold. */
void attr_add_sample(struct attr *a, int cpu, uint64_t seq, uint64_t start,
		     uint64_t irq_ns, uint64_t thread_ns, uint64_t now);
void attr_add_hint(struct attr *a, int cpu, const struct attr_hint *h);
void attr_flush_due(struct attr *a, uint64_t now);
static inline void attr_advance(struct attr *a, uint64_t now)
{
	if (now >= a->next_due)
		attr_flush_due(a, now);
}
/* End of the stream: attribute every pending sample. */
void attr_finish(struct attr *a);

/* Cause stats of one CPU, or of all CPUs when cpu < 0 (NULL: none). */
const struct attr_cause_stat *attr_stats(const struct attr *a, int cpu);
/*
 * Cause ids named by samples on cpu (< 0: all), largest time first; those
 * with no time (instants) last.
 */
int attr_rank(const struct attr *a, int cpu, uint32_t *ids, int max);
/* One CPU's causes (cpu < 0: all CPUs') as the report and export list them. */
struct attr_ranking {
	const struct attr_cause_stat *cs;	/* NULL: no cause stats there */
	uint64_t samples;			/* samples over the threshold */
	uint64_t latency_ns;			/* and their latency */
	int nr;					/* causes in ids[] */
	uint32_t ids[ATTR_MAX_CAUSES];		/* largest total time first */
};
void attr_ranking(const struct attr *a, int cpu, struct attr_ranking *rk);
/* Describe the interrupted context of a hint ("preemption disabled"). */
const char *attr_hint_context(const struct attr_hint *h);

#endif
