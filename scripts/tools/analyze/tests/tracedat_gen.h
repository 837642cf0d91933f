/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Synthetic trace.dat files for the reader's tests and the fuzzer's seeds:
 * records of one event type (preemptlab:plab_test, a u64 "value"),
 * nr_cpus CPUs with per_cpu events each, value = cpu * 1000000 + i,
 * timestamps TD_GEN_T0 + i * TD_GEN_STEP + cpu; and, without records, the
 * formats of the events the analyzer hooks (plab_latency, irq_handler_entry,
 * softirq_entry, sched_switch) as Linux 6.1 writes them. After trace-cmd.dat.v6(5)
 * and trace-cmd.dat.v7(5), as trace-cmd 3.1 lays them out.
 */
#ifndef PLAB_TRACEDAT_GEN_H
#define PLAB_TRACEDAT_GEN_H

#include <stddef.h>
#include <stdint.h>

#define TD_GEN_T0	1000000ULL
#define TD_GEN_STEP	1000ULL
#define TD_GEN_PAGE	4096u

enum td_gen_kind {
	TD_GEN_V6,		/* version 6, raw pages */
	TD_GEN_V7_NONE,		/* version 7, "none" compression */
	TD_GEN_V7_ZSTD,		/* version 7, every section and chunk zstd */
	TD_GEN_V7_ZLIB,		/* zlib: named, not read */
	TD_GEN_V7_OFFSET,	/* version 7 with an OFFSET option */
	TD_GEN_V7_HUGE,		/* zstd, one chunk per CPU padded with empty
				 * pages to TD_GEN_HUGE_CHUNK: a few KiB that
				 * ask for 64 MiB per CPU (the memory limit) */
};

#define TD_GEN_HUGE_CHUNK	(64u << 20)

/* A malloc'd file of *len bytes, or NULL. */
uint8_t *td_gen(enum td_gen_kind kind, int nr_cpus, int per_cpu, size_t *len);

#endif
