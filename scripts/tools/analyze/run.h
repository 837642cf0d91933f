/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One run (one trace file): the data the event handlers fill and the
 * printers read. Everything is sized by the histogram and the attribution
 * rings, never by the trace length.
 */
#ifndef PLAB_ANALYZE_RUN_H
#define PLAB_ANALYZE_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include "attrib.h"
#include "defer.h"
#include "stats.h"

#define RUN_MAX_CPUS		ATTR_MAX_CPUS
#define RUN_NAME_LEN		64

struct run_cpu {
	struct plab_hist irq, thread;
	uint64_t last_seq;
	bool have_seq;
	uint64_t seq_gaps;		/* times the sequence jumped */
	uint64_t seq_lost;		/* samples missing in those jumps */
	uint64_t seq_resets;		/* sequence went back (probe reloaded) */
	uint64_t probe_missed;		/* periods the probe skipped (missed=) */
	uint64_t rb_missed;		/* events the ring buffer dropped */
	uint64_t rb_missed_unknown;	/* drops of unknown size */
	uint64_t cpu_mismatch;		/* sample recorded on another CPU */
};

struct run {
	char file[256];
	char model[RUN_NAME_LEN];
	char kernel[RUN_NAME_LEN];
	uint64_t hist_entries;
	struct run_cpu *cpu[RUN_MAX_CPUS];	/* probe CPU (or record CPU) */
	struct plab_hist all_irq, all_thread;	/* filled by run_finish() */
	struct attr attr;
	struct defer_stats *defer[RUN_MAX_CPUS];	/* record CPU */
	struct defer_stats defer_all;
	uint64_t events, samples, unknown_events, malformed;
	uint64_t first_ts, last_ts;
	int64_t clock_offset_ns;	/* record time - local_clock(), latest */
	bool clock_offset_known;
	bool have_probe;		/* the trace knows plab_latency */
	bool have_sched, have_irq, have_softirq, have_intervals;
	bool have_defer;		/* the trace knows irq:softirq_defer */
	bool read_error;		/* the stream ended on a read error */
	/*
	 * Why the file could not be read to its end (the message of exit
	 * status 1): the run's results are partial, and say so.
	 */
	char error[512];
};

int run_init(struct run *r, const char *file, uint64_t hist_max_us,
	     uint64_t threshold_us, uint64_t lag_ms);
void run_destroy(struct run *r);
struct run_cpu *run_cpu_get(struct run *r, int cpu);
/* Attribute what is pending and build the all-CPU histograms. */
int run_finish(struct run *r);
/* Model from the file name: a none/voluntary/full/rt word, else the name. */
void run_guess_model(const char *file, char *out, size_t len);
void run_unique_model(struct run *r, struct run *const *prev, int nr);

#endif
