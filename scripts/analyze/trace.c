// SPDX-License-Identifier: GPL-2.0
/*
 * Reading trace.dat through the direct reader (tracedat.c): one pass that
 * merges the per-CPU streams by time (the order of trace-cmd's
 * tracecmd_iterate_events()), a handler chosen by event id read at a
 * cached offset, field offsets looked up once per file, and no allocation
 * per event.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <event-parse.h>
#include "trace.h"
#include "tracedat.h"

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

static const struct interval_source interval_sources[] = {
	{ "preemptlab", "plab_nps_section", "start", "actual_ns", "cpu", "nps", "mode" },
	{ "preemptlab", "plab_softirq_batch", "start", "duration", "run_cpu", "softirq batch ctx", "ctx" },
};
#define NR_INTERVAL_SOURCES (sizeof(interval_sources) / sizeof(interval_sources[0]))

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
static const char *field_chars(const struct reader *rd, const struct field *f,
			       const struct tep_record *rec, size_t *len)
{
	size_t n, off;
	bool ok = true;

	if (!f->valid)
		return NULL;
	if (f->dynamic) {
		uint64_t loc = field_u64(rd, f, rec, &ok);

		if (!ok)
			return NULL;
		off = loc & 0xffff;
		n = (loc >> 16) & 0xffff;
		if (f->relative)
			off += f->offset + f->size;
	} else {
		off = f->offset;
		n = f->size;
	}
	if (off + n > (size_t)rec->size)
		return NULL;
	*len = n;
	return (const char *)rec->data + off;
}

/* A string field, copied NUL-terminated. */
static bool field_str(const struct reader *rd, const struct field *f,
		      const struct tep_record *rec, char *out, size_t len)
{
	const char *p;
	size_t n;

	out[0] = '\0';
	p = field_chars(rd, f, rec, &n);
	if (!p)
		return false;
	if (n >= len)
		n = len - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

/* A string field of n bytes at p starts with the literal pfx. */
#define FIELD_HAS_PREFIX(p, n, pfx) \
	((n) >= sizeof(pfx) - 1 && !memcmp((p), (pfx), sizeof(pfx) - 1))

static void field_find(struct tep_event *ev, const char *name, struct field *f)
{
	struct tep_format_field *tf = name ? tep_find_field(ev, name) : NULL;

	memset(f, 0, sizeof(*f));
	if (!tf)
		return;
	f->offset = tf->offset;
	f->size = tf->size;
	f->dynamic = tf->flags & TEP_FIELD_IS_DYNAMIC;
#ifdef TEP_FIELD_IS_RELATIVE
	f->relative = tf->flags & TEP_FIELD_IS_RELATIVE;
#endif
	if (f->dynamic)
		f->size = 4;
	f->valid = f->offset >= 0 && (f->size == 1 || f->size == 2 ||
				      f->size == 4 || f->size == 8 ||
				      (!f->dynamic && (tf->flags & TEP_FIELD_IS_ARRAY)));
}

static struct handler *reader_hook(struct reader *rd, const char *sys,
				   const char *name, enum handler_kind kind,
				   const char *const *fields, int nr)
{
	struct tep_event *ev = tep_find_event_by_name(rd->tep, sys, name);
	struct handler *h;
	int i;

	if (!ev || ev->id < 0 || ev->id >= TRACE_MAX_EVENT_ID ||
	    rd->nr_h == TRACE_MAX_HANDLERS || nr > HANDLER_MAX_FIELDS)
		return NULL;
	h = &rd->h[rd->nr_h];
	h->kind = kind;
	/*
	 * An event in the file without a field it needs is damaged or of a
	 * version this tool does not know: read as absent, it would give
	 * results without its samples or causes and no word of it.
	 */
	for (i = 0; i < nr; i++) {
		field_find(ev, fields[i], &h->f[i]);
		if (!h->f[i].valid) {
			if (!rd->bad_format[0])
				snprintf(rd->bad_format, sizeof(rd->bad_format),
					 "event format %s:%s has no usable field '%s' (damaged, or a version this tool does not know)",
					 sys, name, fields[i]);
			return NULL;
		}
	}
	rd->map[ev->id] = ++rd->nr_h;
	return h;
}

/* reader_hook() of the array fields, which must fit a handler. */
#define HOOK(rd, sys, name, kind, fields) ({				\
	_Static_assert(sizeof(fields) / sizeof((fields)[0]) <= HANDLER_MAX_FIELDS, \
		       "more fields than a handler holds");		\
	reader_hook(rd, sys, name, kind, fields,			\
		    sizeof(fields) / sizeof((fields)[0]));		\
})

static void reader_setup(struct reader *rd)
{
	static const char *const lat[] = { "cpu", "seq", "start", "irq_ns",
					   "thread_ns", "missed" };
	static const char *const cause[] = { "cpu", "seq", "comm", "pid",
					     "preempt", "softirq", "hardirq",
					     "irqs_off", "user" };
	static const char *const irq_entry[] = { "irq", "name" };
	static const char *const irq_exit[] = { "irq" };
	static const char *const vec[] = { "vec" };
	static const char *const defer[] = { "elapsed_ns", "pending", "reason",
					     "restarts" };
	static const char *const sw[] = { "prev_comm", "prev_pid",
					  "next_comm", "next_pid" };
	struct run *r = rd->r;
	struct tep_event **evs = tep_list_events(rd->tep, TEP_EVENT_SORT_ID);
	struct tep_format_field *tf;
	size_t i;

	/* common_type is at the same place in every event. */
	tf = evs && evs[0] ? tep_find_common_field(evs[0], "common_type") : NULL;
	if (tf && tf->offset >= 0 && (tf->size == 1 || tf->size == 2 ||
				      tf->size == 4)) {
		rd->type.offset = tf->offset;
		rd->type.size = tf->size;
		rd->type.valid = true;
	}
	r->have_probe = HOOK(rd, "preemptlab", "plab_latency", H_LATENCY, lat);
	HOOK(rd, "preemptlab", "plab_latency_cause", H_CAUSE, cause);
	for (i = 0; i < NR_INTERVAL_SOURCES; i++) {
		const struct interval_source *s = &interval_sources[i];
		const char *f[] = { s->start, s->duration, s->cpu, s->label_field };
		struct handler *h = HOOK(rd, s->system, s->event, H_INTERVAL, f);

		if (h) {
			h->src = s;
			r->have_intervals = true;
		}
	}
	r->have_irq = HOOK(rd, "irq", "irq_handler_entry", H_IRQ_ENTRY, irq_entry) &&
		      HOOK(rd, "irq", "irq_handler_exit", H_IRQ_EXIT, irq_exit);
	r->have_softirq = HOOK(rd, "irq", "softirq_entry", H_SOFTIRQ_ENTRY, vec) &&
			  HOOK(rd, "irq", "softirq_exit", H_SOFTIRQ_EXIT, vec);
	r->have_defer = HOOK(rd, "irq", "softirq_defer", H_SOFTIRQ_DEFER, defer);
	r->have_sched = HOOK(rd, "sched", "sched_switch", H_SCHED_SWITCH, sw);
}

static struct kcpu *reader_kcpu(struct reader *rd, int cpu)
{
	struct kcpu *k;

	if (cpu < 0 || cpu >= RUN_MAX_CPUS)
		return NULL;
	if (rd->kcpu[cpu])
		return rd->kcpu[cpu];
	k = calloc(1, sizeof(*k));
	if (k)
		k->softirq_vec = -1;
	rd->kcpu[cpu] = k;
	return k;
}

static void on_latency(struct reader *rd, struct handler *h,
		       struct tep_record *rec)
{
	struct run *r = rd->r;
	struct run_cpu *c;
	uint64_t seq, start, irq_ns, thread_ns, missed;
	bool ok = true;
	int cpu;

	cpu = field_u64(rd, &h->f[LAT_CPU], rec, &ok);
	seq = field_u64(rd, &h->f[LAT_SEQ], rec, &ok);
	start = field_u64(rd, &h->f[LAT_START], rec, &ok);
	irq_ns = field_u64(rd, &h->f[LAT_IRQ], rec, &ok);
	thread_ns = field_u64(rd, &h->f[LAT_THREAD], rec, &ok);
	missed = field_u64(rd, &h->f[LAT_MISSED], rec, &ok);
	c = ok ? run_cpu_get(r, cpu) : NULL;
	if (!c) {
		r->malformed++;
		return;
	}
	r->samples++;
	lat_hist_add(&c->irq, irq_ns);
	lat_hist_add(&c->thread, thread_ns);
	c->probe_missed += missed;
	c->cpu_mismatch += cpu != rec->cpu;
	if (c->have_seq && seq > c->last_seq + 1) {
		c->seq_gaps++;
		c->seq_lost += seq - c->last_seq - 1;
	} else if (c->have_seq && seq <= c->last_seq) {
		c->seq_resets++;
	}
	c->last_seq = seq;
	c->have_seq = true;
	/*
	 * Reported, not applied: record time - field time of the latest
	 * sample, about the time the probe takes to emit it (one clock).
	 */
	r->clock_offset_ns = (int64_t)(rec->ts - (start + thread_ns));
	r->clock_offset_known = true;
	attr_add_sample(&r->attr, cpu, seq,
			rec->ts > thread_ns ? rec->ts - thread_ns : 0, irq_ns,
			thread_ns, rec->ts);
}

static void on_cause(struct reader *rd, struct handler *h,
		     struct tep_record *rec)
{
	struct attr_hint hint;
	bool ok = true;
	int cpu;

	memset(&hint, 0, sizeof(hint));
	cpu = field_u64(rd, &h->f[CAU_CPU], rec, &ok);
	hint.seq = field_u64(rd, &h->f[CAU_SEQ], rec, &ok);
	hint.pid = field_u64(rd, &h->f[CAU_PID], rec, &ok);
	hint.preempt = field_u64(rd, &h->f[CAU_PREEMPT], rec, &ok);
	hint.softirq = field_u64(rd, &h->f[CAU_SOFTIRQ], rec, &ok);
	hint.hardirq = field_u64(rd, &h->f[CAU_HARDIRQ], rec, &ok);
	hint.irqs_off = field_u64(rd, &h->f[CAU_IRQS_OFF], rec, &ok);
	hint.user = field_u64(rd, &h->f[CAU_USER], rec, &ok);
	if (!ok || !field_str(rd, &h->f[CAU_COMM], rec, hint.comm,
			      sizeof(hint.comm))) {
		rd->r->malformed++;
		return;
	}
	hint.valid = true;
	attr_add_hint(&rd->r->attr, cpu, &hint);
}

static void on_interval(struct reader *rd, struct handler *h,
			struct tep_record *rec)
{
	char label[ATTR_LABEL_LEN], val[48];
	uint64_t start, dur;
	const struct field *lf = &h->f[IV_LABEL];
	bool ok = true;
	int cpu;

	start = field_u64(rd, &h->f[IV_START], rec, &ok);
	dur = field_u64(rd, &h->f[IV_DURATION], rec, &ok);
	cpu = field_u64(rd, &h->f[IV_CPU], rec, &ok);
	if (lf->dynamic || lf->size > 8 || lf->size == 0)
		ok = ok && field_str(rd, lf, rec, val, sizeof(val));
	else
		snprintf(val, sizeof(val), "%llu",
			 (unsigned long long)field_u64(rd, lf, rec, &ok));
	if (!ok || start + dur < start) {
		rd->r->malformed++;
		return;
	}
	snprintf(label, sizeof(label), "%s %s", h->src->prefix, val);
	attr_add_interval(&rd->r->attr, cpu, start, start + dur, rec->ts,
			  attr_cause_id(&rd->r->attr, label));
}

static void on_irq_entry(struct reader *rd, struct handler *h,
			 struct tep_record *rec)
{
	struct kcpu *k = reader_kcpu(rd, rec->cpu);
	char name[40], label[ATTR_LABEL_LEN];
	bool ok = true;
	uint32_t cause;
	int irq;

	irq = field_u64(rd, &h->f[IRQ_IRQ], rec, &ok);
	if (!ok || !k) {
		rd->r->malformed++;
		return;
	}
	if (irq >= 0 && irq < TRACE_IRQ_CACHE && rd->irq_cause[irq]) {
		cause = rd->irq_cause[irq] - 1;
	} else {
		field_str(rd, &h->f[IRQ_NAME], rec, name, sizeof(name));
		snprintf(label, sizeof(label), "irq %d %s", irq, name);
		cause = attr_cause_id(&rd->r->attr, label);
		if (irq >= 0 && irq < TRACE_IRQ_CACHE)
			rd->irq_cause[irq] = cause + 1;
	}
	if (k->irq_depth == TRACE_IRQ_DEPTH)
		return;
	k->irq[k->irq_depth].ts = rec->ts;
	k->irq[k->irq_depth].irq = irq;
	k->irq[k->irq_depth].cause = cause;
	k->irq_depth++;
}

static void on_irq_exit(struct reader *rd, struct handler *h,
			struct tep_record *rec)
{
	struct kcpu *k = reader_kcpu(rd, rec->cpu);
	bool ok = true;
	int irq;

	irq = field_u64(rd, &h->f[IRQ_IRQ], rec, &ok);
	if (!ok || !k)
		return;
	/* Unwind to the matching entry; a lost entry leaves nothing open. */
	while (k->irq_depth > 0) {
		struct irq_open *o = &k->irq[--k->irq_depth];

		if (o->irq == irq) {
			attr_add_interval(&rd->r->attr, rec->cpu, o->ts,
					  rec->ts, rec->ts, o->cause);
			break;
		}
	}
}

static void on_softirq(struct reader *rd, struct handler *h,
		       struct tep_record *rec, bool entry)
{
	struct kcpu *k = reader_kcpu(rd, rec->cpu);
	char label[ATTR_LABEL_LEN];
	bool ok = true;
	uint32_t *cause, deferred;
	int vec;

	vec = field_u64(rd, &h->f[SI_VEC], rec, &ok);
	if (!ok || !k || vec < 0 || vec >= TRACE_NR_SOFTIRQ) {
		rd->r->malformed++;
		return;
	}
	if (entry) {
		k->softirq_vec = vec;
		k->softirq_ts = rec->ts;
		return;
	}
	if (k->softirq_vec != vec)
		return;
	k->softirq_vec = -1;
	/* In the ksoftirqd run that does deferred work: the deferral's. */
	deferred = defer_softirq_cause(&k->defer, k->in_ksoftirqd);
	if (deferred) {
		attr_add_interval(&rd->r->attr, rec->cpu, k->softirq_ts, rec->ts,
				  rec->ts, deferred - 1);
		return;
	}
	cause = &rd->softirq_cause[vec][k->in_ksoftirqd];
	if (!*cause) {
		snprintf(label, sizeof(label), "softirq %s%s",
			 defer_vec_name(vec),
			 k->in_ksoftirqd ? " (ksoftirqd)" : "");
		*cause = attr_cause_id(&rd->r->attr, label) + 1;
	}
	attr_add_interval(&rd->r->attr, rec->cpu, k->softirq_ts, rec->ts,
			  rec->ts, *cause - 1);
}

static void on_softirq_defer(struct reader *rd, struct handler *h,
			     struct tep_record *rec)
{
	struct kcpu *k = reader_kcpu(rd, rec->cpu);
	struct defer_event ev;
	bool ok = true;

	ev.elapsed_ns = field_u64(rd, &h->f[SD_ELAPSED], rec, &ok);
	ev.pending = field_u64(rd, &h->f[SD_PENDING], rec, &ok);
	ev.reason = field_u64(rd, &h->f[SD_REASON], rec, &ok);
	ev.restarts = field_u64(rd, &h->f[SD_RESTARTS], rec, &ok);
	if (!ok || !k || defer_add(rd->r, &k->defer, rec->cpu, rec->ts, &ev,
				   k->in_ksoftirqd))
		rd->r->malformed++;
}

static void on_sched_switch(struct reader *rd, struct handler *h,
			    struct tep_record *rec)
{
	struct kcpu *k = reader_kcpu(rd, rec->cpu);
	const char *prev, *next;
	char comm[ATTR_COMM_LEN];
	size_t np = 0, nn = 0;
	bool ok = true, next_ksoftirqd;
	uint32_t deferred;
	int pid;

	if (!k)
		return;
	/*
	 * The names are compared where they are, and only a task interval's
	 * is copied (2 of 124 ms on the benchmark trace, where every switch
	 * copied both). A NUL inside a prefix fails the comparison, as it
	 * did on the copies.
	 */
	pid = field_u64(rd, &h->f[SW_PREV_PID], rec, &ok);
	prev = field_chars(rd, &h->f[SW_PREV_COMM], rec, &np);
	next = field_chars(rd, &h->f[SW_NEXT_COMM], rec, &nn);
	if (!ok || !prev || !next) {
		rd->r->malformed++;
		return;
	}
	next_ksoftirqd = FIELD_HAS_PREFIX(next, nn, "ksoftirqd/");
	deferred = defer_switch(&k->defer, k->in_ksoftirqd, next_ksoftirqd);
	if (k->switch_known && deferred) {
		attr_add_interval(&rd->r->attr, rec->cpu, k->switch_ts, rec->ts,
				  rec->ts, deferred - 1);
	} else if (k->switch_known && !FIELD_HAS_PREFIX(prev, np, PROBE_COMM_PREFIX)) {
		field_str(rd, &h->f[SW_PREV_COMM], rec, comm, sizeof(comm));
		attr_add_task(&rd->r->attr, rec->cpu, k->switch_ts, rec->ts,
			      rec->ts, pid, comm);
	}
	k->switch_ts = rec->ts;
	k->switch_known = true;
	k->in_ksoftirqd = next_ksoftirqd;
}

static inline void reader_event(struct reader *rd, struct tep_record *rec)
{
	struct run *r = rd->r;
	struct handler *h;
	int id;

	r->events++;
	if (rec->ts < r->first_ts)
		r->first_ts = rec->ts;
	r->last_ts = rec->ts;
	attr_advance(&r->attr, rec->ts);
	if (rd->type.valid) {
		bool ok = true;

		id = field_u64(rd, &rd->type, rec, &ok);
		if (!ok)
			id = -1;
	} else {
		id = tep_data_type(rd->tep, rec);
	}
	if (id < 0 || id >= TRACE_MAX_EVENT_ID || !rd->map[id]) {
		r->unknown_events++;
		return;
	}
	h = &rd->h[rd->map[id] - 1];
	switch (h->kind) {
	case H_LATENCY:
		on_latency(rd, h, rec);
		break;
	case H_CAUSE:
		on_cause(rd, h, rec);
		break;
	case H_INTERVAL:
		on_interval(rd, h, rec);
		break;
	case H_IRQ_ENTRY:
		on_irq_entry(rd, h, rec);
		break;
	case H_IRQ_EXIT:
		on_irq_exit(rd, h, rec);
		break;
	case H_SOFTIRQ_ENTRY:
		on_softirq(rd, h, rec, true);
		break;
	case H_SOFTIRQ_EXIT:
		on_softirq(rd, h, rec, false);
		break;
	case H_SOFTIRQ_DEFER:
		on_softirq_defer(rd, h, rec);
		break;
	case H_SCHED_SWITCH:
		on_sched_switch(rd, h, rec);
		break;
	case H_NONE:
		break;
	}
}

/* What tracecmd_follow_missed_events() would be told: the ring dropped
 * events before rec on its CPU (their number, or -1: unknown). */
static void reader_missed(struct reader *rd, struct tep_record *rec)
{
	struct run_cpu *c = run_cpu_get(rd->r, rec->cpu);

	if (!c)
		return;
	if (rec->missed_events > 0)
		c->rb_missed += rec->missed_events;
	else if (rec->missed_events < 0)
		c->rb_missed_unknown++;
}

/* The next record of each stream, a min-heap on (time, CPU). */
struct merge_head {
	struct tep_record *rec;
	int i;
};

static inline bool merge_before(const struct merge_head *a,
				const struct merge_head *b)
{
	if (a->rec->ts != b->rec->ts)
		return a->rec->ts < b->rec->ts;
	return a->rec->cpu < b->rec->cpu;
}

static void merge_down(struct merge_head *h, int n, int i)
{
	struct merge_head t = h[i];

	for (;;) {
		int c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && merge_before(&h[c + 1], &h[c]))
			c++;
		if (!merge_before(&h[c], &t))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = t;
}

/*
 * All records by time, ties to the lower CPU: the order of
 * tracecmd_iterate_events(). A stream's record is valid until its next
 * td_next(), which may reuse or drop its page: each is handled first.
 */
static int reader_merge(struct reader *rd, struct td_file *td)
{
	int nr = td_nr_cpus(td), n = 0, i;
	struct merge_head *h;

	h = malloc((nr ? nr : 1) * sizeof(*h));
	if (!h)
		return -1;
	for (i = 0; i < nr; i++) {
		struct tep_record *rec = td_next(td, i);

		if (rec) {
			h[n].rec = rec;
			h[n].i = i;
			n++;
		}
	}
	for (i = n / 2 - 1; i >= 0; i--)
		merge_down(h, n, i);
	while (n) {
		struct tep_record *rec = h[0].rec, *next;

		if (rec->missed_events)
			reader_missed(rd, rec);
		reader_event(rd, rec);
		next = td_next(td, h[0].i);
		if (next)
			h[0].rec = next;
		else
			h[0] = h[--n];
		if (n == 2) {		/* the common case, without the heap walk */
			if (merge_before(&h[1], &h[0])) {
				struct merge_head t = h[0];

				h[0] = h[1];
				h[1] = t;
			}
		} else if (n > 2) {
			merge_down(h, n, 0);
		}
	}
	free(h);
	return 0;
}

/* The systems whose event formats reader_setup() looks up. */
static const char *const trace_systems[] = { "preemptlab", "irq", "sched", NULL };

/* Stream td's records through the handlers. */
static int trace_read_events(struct run *r, struct td_file *td,
			     const char *path, char *err, size_t errlen)
{
	struct reader *rd;
	int ret, i;

	rd = calloc(1, sizeof(*rd));
	if (!rd) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rd->r = r;
	rd->tep = td_tep(td);
	rd->swap = tep_is_file_bigendian(rd->tep) != tep_is_local_bigendian(rd->tep);
	reader_setup(rd);
	if (rd->bad_format[0]) {
		r->read_error = true;
		snprintf(err, errlen, "%s: %s", path, rd->bad_format);
		free(rd);
		return -1;
	}
	ret = reader_merge(rd, td);
	if (ret < 0) {
		r->read_error = true;
		snprintf(err, errlen, "%s: error reading the events after %llu of them (truncated or corrupt)",
			 path, (unsigned long long)r->events);
	}
	for (i = 0; i < RUN_MAX_CPUS; i++)
		free(rd->kcpu[i]);
	free(rd);
	return ret;
}

/*
 * The reader seeks and reads sections by offset: a pipe or a device
 * cannot be read so, and a directory is no file. Said as such, rather
 * than as "not a trace.dat" once reading it failed.
 */
static int trace_check_file(const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (stat(path, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISREG(st.st_mode))
		return 0;
	snprintf(err, errlen, "%s: %s, not a regular file: %s", path,
		 S_ISDIR(st.st_mode) ? "a directory" :
		 S_ISFIFO(st.st_mode) ? "a pipe" :
		 S_ISSOCK(st.st_mode) ? "a socket" : "a device",
		 S_ISDIR(st.st_mode) ? "give the trace.dat file in it" :
		 "the reader seeks in the file; save the trace to a file first");
	return -1;
}

/*
 * What the reader does not implement (TD_FOREIGN: latency-format files,
 * guest/host timestamp options, zlib) is refused as well: the suite
 * never writes it, and the libtracecmd path that read it checked less
 * than this reader and read damaged files into wrong results.
 */
int trace_read(struct run *r, const char *path, int verbose,
	       char *err, size_t errlen)
{
	struct td_file *td;
	enum td_status st;
	char why[256];
	FILE *f;
	int ret;

	if (trace_check_file(path, err, errlen))
		return -1;
	/* An unreadable file is said so, not as a damaged trace. */
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	fclose(f);
	/* libtraceevent's warnings, on stderr */
	tep_set_loglevel(verbose ? TEP_LOG_ALL : TEP_LOG_NONE);
	st = td_open(path, trace_systems, &td, why, sizeof(why));
	if (st == TD_FOREIGN) {
		snprintf(err, errlen, "%s: %s: not read (plab-analyze reads the trace.dat of trace-cmd record: file version 6 or 7, uncompressed or zstd; trace-cmd report reads this one)",
			 path, why);
		return -1;
	}
	if (st != TD_OK) {
		snprintf(err, errlen, "%s: %s%s", path,
			 strncmp(why, "not a", 5) ? "damaged or truncated trace.dat: " : "",
			 why);
		return -1;
	}
	ret = trace_read_events(r, td, path, err, errlen);
	if (!ret && td_error(td)) {
		r->read_error = true;
		snprintf(err, errlen, "%s: %s, after %llu events (truncated or corrupt)",
			 path, td_error(td), (unsigned long long)r->events);
		ret = -1;
	}
	td_close(td);
	return ret;
}
