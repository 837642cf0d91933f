// SPDX-License-Identifier: GPL-2.0
/*
 * What each event the reader hooks does to the run (trace_reader.h): the
 * probe's latency samples and causes, the disturbances' intervals, hard
 * and soft interrupts, deferrals to ksoftirqd and context switches, each
 * kept per CPU for the attribution.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trace_reader.h"

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

void on_latency(struct reader *rd, struct handler *h,
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

void on_cause(struct reader *rd, struct handler *h,
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

void on_interval(struct reader *rd, struct handler *h,
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

void on_irq_entry(struct reader *rd, struct handler *h,
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

void on_irq_exit(struct reader *rd, struct handler *h,
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

void on_softirq(struct reader *rd, struct handler *h,
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

void on_softirq_defer(struct reader *rd, struct handler *h,
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

void on_sched_switch(struct reader *rd, struct handler *h,
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
