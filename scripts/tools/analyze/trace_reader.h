/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PLAB_ANALYZE_TRACE_READER_H
#define PLAB_ANALYZE_TRACE_READER_H

/*
 * The reader of one trace's events, shared by trace.c (the hooks, the
 * merge of the CPU streams, the dispatch by event id) and trace_events.c
 * (what each hooked event does to the run). Nothing else includes it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <event-parse.h>
#include "trace.h"

#define TRACE_MAX_EVENT_ID	65536
#define TRACE_MAX_HANDLERS	64
#define TRACE_IRQ_DEPTH		4
#define TRACE_IRQ_CACHE		1024
#define TRACE_NR_SOFTIRQ	DEFER_NR_VEC
#define PROBE_COMM_PREFIX	"plab_probe/"	/* modules/probe/probe_main.c */

/*
 * Interval sources: one event per interval, reported when it ends. Adding
 * a disturbance module's event is one line: system, event, the start, length
 * and CPU fields, and the label (prefix, then the value of label_field).
 */
struct interval_source {
	const char *system, *event;
	const char *start, *duration, *cpu;
	const char *prefix, *label_field;	/* start is local_clock() time */
};


struct field {
	int offset, size;
	bool dynamic, relative, valid;
};

enum handler_kind {
	H_NONE = 0,
	H_LATENCY,
	H_CAUSE,
	H_INTERVAL,
	H_IRQ_ENTRY,
	H_IRQ_EXIT,
	H_SOFTIRQ_ENTRY,
	H_SOFTIRQ_EXIT,
	H_SOFTIRQ_DEFER,
	H_SCHED_SWITCH,
};

/*
 * Fields per handler: plab_latency_cause's 9 (with 8 slots, its "user"
 * was read from the next handler's bytes: a random pointer byte made all
 * cause events "malformed" in 1 run of 200, and the others read "user"
 * from common_preempt_count). HOOK() checks each list at build time.
 */
#define HANDLER_MAX_FIELDS	9

struct handler {
	enum handler_kind kind;
	const struct interval_source *src;
	struct field f[HANDLER_MAX_FIELDS];
};

/* Field slots of each handler kind. */
enum { LAT_CPU, LAT_SEQ, LAT_START, LAT_IRQ, LAT_THREAD, LAT_MISSED };
enum { CAU_CPU, CAU_SEQ, CAU_COMM, CAU_PID, CAU_PREEMPT, CAU_SOFTIRQ,
       CAU_HARDIRQ, CAU_IRQS_OFF, CAU_USER };
enum { IV_START, IV_DURATION, IV_CPU, IV_LABEL };
enum { IRQ_IRQ, IRQ_NAME };
enum { SI_VEC };
enum { SD_ELAPSED, SD_PENDING, SD_REASON, SD_RESTARTS };
enum { SW_PREV_COMM, SW_PREV_PID, SW_NEXT_COMM, SW_NEXT_PID };

struct irq_open {
	uint64_t ts;
	int irq;
	uint32_t cause;
};

/* What the kernel events say a (record) CPU is doing. */
struct kcpu {
	uint64_t switch_ts;		/* last sched_switch on it */
	bool switch_known;
	bool in_ksoftirqd;		/* current task is ksoftirqd/N */
	struct irq_open irq[TRACE_IRQ_DEPTH];
	int irq_depth;
	uint64_t softirq_ts;
	int softirq_vec;		/* -1: none open */
	struct defer_cpu defer;		/* deferrals to ksoftirqd */
};

struct reader {
	struct run *r;
	/*
	 * Every module stamps its event fields with trace_clock_local()
	 * (modules/include/plab/clock.h), the clock of "trace-cmd record
	 * -C local": field times and record times are on one timeline, with
	 * no offset to guess.
	 */
	struct tep_handle *tep;
	bool swap;
	struct field type;		/* common_type, when found */
	uint8_t map[TRACE_MAX_EVENT_ID];	/* event id -> handler + 1 */
	struct handler h[TRACE_MAX_HANDLERS];
	int nr_h;
	struct kcpu *kcpu[RUN_MAX_CPUS];
	uint32_t irq_cause[TRACE_IRQ_CACHE];	/* irq -> cause id + 1 */
	uint32_t softirq_cause[TRACE_NR_SOFTIRQ][2];	/* [vec][ksoftirqd] */
	char bad_format[160];	/* the first hooked event it cannot use */
};

static inline uint64_t field_u64(const struct reader *rd, const struct field *f,
				 const struct tep_record *rec, bool *ok)
{
	const unsigned char *p = (const unsigned char *)rec->data + f->offset;
	uint64_t v = 0;
	uint32_t v32;
	uint16_t v16;

	if (!f->valid || f->offset + f->size > rec->size) {
		*ok = false;
		return 0;
	}
	switch (f->size) {
	case 8:
		memcpy(&v, p, 8);
		return rd->swap ? __builtin_bswap64(v) : v;
	case 4:
		memcpy(&v32, p, 4);
		return rd->swap ? __builtin_bswap32(v32) : v32;
	case 2:
		memcpy(&v16, p, 2);
		return rd->swap ? __builtin_bswap16(v16) : v16;
	case 1:
		return *p;
	}
	*ok = false;
	return 0;
}

/* A string field's bytes in the record (char array or __data_loc), or NULL. */

/* trace_events.c: one handler per kind of hooked event. */
void on_cause(struct reader *rd, struct handler *h,
	      struct tep_record *rec);
void on_interval(struct reader *rd, struct handler *h,
		 struct tep_record *rec);
void on_irq_entry(struct reader *rd, struct handler *h,
		  struct tep_record *rec);
void on_irq_exit(struct reader *rd, struct handler *h,
		 struct tep_record *rec);
void on_latency(struct reader *rd, struct handler *h,
		struct tep_record *rec);
void on_sched_switch(struct reader *rd, struct handler *h,
		     struct tep_record *rec);
void on_softirq(struct reader *rd, struct handler *h,
		struct tep_record *rec, bool entry);
void on_softirq_defer(struct reader *rd, struct handler *h,
		      struct tep_record *rec);

#endif
