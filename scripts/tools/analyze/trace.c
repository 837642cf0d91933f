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
#include "trace_reader.h"

static const struct interval_source interval_sources[] = {
	{ "preemptlab", "plab_nps_section", "start", "actual_ns", "cpu", "nps", "mode" },
	{ "preemptlab", "plab_softirq_batch", "start", "duration", "run_cpu", "softirq batch ctx", "ctx" },
};
#define NR_INTERVAL_SOURCES (sizeof(interval_sources) / sizeof(interval_sources[0]))

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
