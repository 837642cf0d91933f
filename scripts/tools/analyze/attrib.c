// SPDX-License-Identifier: GPL-2.0
/*
 * Attribution of latency samples to overlapping intervals (see attrib.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attrib_walk.h"
#define ATTR_HASH_SLOTS		1024	/* > 2 * ATTR_MAX_CAUSES */

int attr_init(struct attr *a, uint64_t threshold_ns, uint64_t lag_ns)
{
	memset(a, 0, sizeof(*a));
	a->threshold_ns = threshold_ns;
	a->lag_ns = lag_ns;
	a->next_due = UINT64_MAX;
	a->labels = calloc(ATTR_MAX_CAUSES, sizeof(*a->labels));
	a->slot = calloc(ATTR_HASH_SLOTS, sizeof(*a->slot));
	if (!a->labels || !a->slot) {
		attr_destroy(a);
		return -1;
	}
	attr_cause_id(a, "unexplained");
	attr_cause_id(a, "other (cause table full)");
	return 0;
}

void attr_destroy(struct attr *a)
{
	int i;

	int l;

	for (i = 0; i < ATTR_MAX_CPUS; i++) {
		if (!a->cpu[i])
			continue;
		free(a->cpu[i]->iv);
		free(a->cpu[i]->rec);
		for (l = 0; l < ATTR_IV_LEVELS; l++)
			free(a->cpu[i]->lvl[l]);
		free(a->cpu[i]->ps);
		free(a->cpu[i]->cs);
		free(a->cpu[i]);
		a->cpu[i] = NULL;
	}
	free(a->labels);
	free(a->slot);
	a->labels = NULL;
	a->slot = NULL;
}

static uint32_t attr_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

uint32_t attr_cause_id(struct attr *a, const char *label)
{
	uint32_t h = attr_hash(label) % ATTR_HASH_SLOTS;
	uint32_t id;

	for (;;) {
		if (!a->slot[h])
			break;
		id = a->slot[h] - 1;
		if (!strncmp(a->labels[id], label, ATTR_LABEL_LEN - 1))
			return id;
		h = (h + 1) % ATTR_HASH_SLOTS;
	}
	if (a->nr_causes == ATTR_MAX_CAUSES)
		return ATTR_CAUSE_OTHER;
	id = a->nr_causes++;
	snprintf(a->labels[id], ATTR_LABEL_LEN, "%s", label);
	a->slot[h] = id + 1;
	return id;
}

const char *attr_cause_label(const struct attr *a, uint32_t id)
{
	return id < a->nr_causes ? a->labels[id] : "?";
}

static struct attr_cpu *attr_cpu_get(struct attr *a, int cpu)
{
	struct attr_cpu *c;
	bool ok;
	int l;

	if (cpu < 0 || cpu >= ATTR_MAX_CPUS)
		return NULL;
	if (a->cpu[cpu])
		return a->cpu[cpu];
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->iv = malloc(ATTR_RING_INTERVALS * sizeof(*c->iv));
	c->ps = malloc(ATTR_RING_SAMPLES * sizeof(*c->ps));
	c->rec = malloc(ATTR_RING_INTERVALS * sizeof(*c->rec));
	ok = c->iv && c->ps && c->rec;
	for (l = 0; l < ATTR_IV_LEVELS; l++) {
		c->lvl[l] = malloc(ATTR_RING_INTERVALS / attr_lvl_size[l] *
				   sizeof(*c->lvl[l]));
		ok = ok && c->lvl[l];
	}
	if (!ok) {
		free(c->iv);
		free(c->rec);
		for (l = 0; l < ATTR_IV_LEVELS; l++)
			free(c->lvl[l]);
		free(c->ps);
		free(c);
		return NULL;
	}
	c->rec_first = c->rec_end = c->rec_low = 1;	/* rec_first - 1: none */
	a->cpu[cpu] = c;
	a->used[a->nr_used++] = cpu;
	return c;
}

/* Add a slot to a block summary; a block's first slot starts it anew. */
static inline void attr_block_note(struct attr_iv_block *b, bool first,
				   uint64_t start, uint64_t end, uint64_t es)
{
	if (first) {
		b->min_start = start;
		b->max_end = end;
		b->min_emit_slack = es;
		return;
	}
	if (start < b->min_start)
		b->min_start = start;
	if (end > b->max_end)
		b->max_end = end;
	if (es < b->min_emit_slack)
		b->min_emit_slack = es;
}


/*
 * Slot seq was written: the overwritten slot (the oldest) leaves the
 * records; a slot on time joins them, and every newer record whose start
 * is not below its start leaves.
 */
static void attr_rec_push(struct attr_cpu *c, uint32_t seq, uint64_t start,
			  bool late)
{
	if (c->rec_end > c->rec_first &&
	    ATTR_REC(c, c->rec_first) == seq - ATTR_RING_INTERVALS)
		c->rec_first++;
	if (late) {
		c->late[c->late_pushed++ % ATTR_LATE_SLOTS] = seq;
		return;
	}
	while (c->rec_end > c->rec_first &&
	       ATTR_SLOT(c, ATTR_REC(c, c->rec_end - 1))->start >= start)
		c->rec_end--;
	if (c->rec_end < c->rec_low)
		c->rec_low = c->rec_end;
	ATTR_REC(c, c->rec_end++) = seq;
}

/*
 * The newest record starting before e, as its index, or rec_first - 1:
 * from the last answer, which moves little from a sample to the next (a
 * search from the newest record took as long as the walk it saved).
 */
uint64_t attr_rec_find(struct attr_cpu *c, uint64_t e)
{
	uint64_t k = c->rec_cur;

	if (k >= c->rec_low)
		k = c->rec_low - 1;	/* records since the last search */
	if (k < c->rec_first - 1)
		k = c->rec_first - 1;	/* overwritten since */
	while (k >= c->rec_first && ATTR_SLOT(c, ATTR_REC(c, k))->start >= e)
		k--;
	while (k + 1 < c->rec_end && ATTR_SLOT(c, ATTR_REC(c, k + 1))->start < e)
		k++;
	c->rec_cur = k;
	c->rec_low = c->rec_end;
	return k;
}

static struct attr_interval *attr_interval_push(struct attr *a, int cpu,
						uint64_t start, uint64_t end,
						uint64_t now)
{
	struct attr_cpu *c;
	struct attr_interval *iv;
	uint64_t es = now + ATTR_EMIT_SLACK_NS;	/* wraps as the scan's test */
	int l;

	if (end < start) {
		a->bad_intervals++;
		return NULL;
	}
	c = attr_cpu_get(a, cpu);
	if (!c) {
		a->bad_intervals++;
		return NULL;
	}
	iv = &c->iv[c->iv_next];
	/* Overwriting one a pending sample may still need is a loss. */
	if (c->iv_count == ATTR_RING_INTERVALS) {
		if (c->ps_count && iv->end > c->ps[c->ps_first].start)
			a->dropped_intervals++;
	} else {
		c->iv_count++;
	}
	for (l = 0; l < ATTR_IV_LEVELS; l++)
		attr_block_note(&c->lvl[l][c->iv_next / attr_lvl_size[l]],
				c->iv_next % attr_lvl_size[l] == 0, start, end, es);
	c->iv_next = (c->iv_next + 1) % ATTR_RING_INTERVALS;
	iv->start = start;
	iv->end = end;
	iv->emit = now;
	attr_rec_push(c, c->iv_pushed++, start,
		      now > end && now - end > ATTR_EMIT_SLACK_NS);
	return iv;
}

/* A cause without a task; pid says whether it lasted or was an instant. */
static void attr_add_cause(struct attr *a, int cpu, uint64_t start, uint64_t end,
			   uint64_t now, uint32_t cause, int32_t pid)
{
	struct attr_interval *iv = attr_interval_push(a, cpu, start, end, now);

	if (!iv)
		return;
	iv->cause = cause;
	iv->pid = pid;
	iv->comm[0] = '\0';
}

void attr_add_interval(struct attr *a, int cpu, uint64_t start, uint64_t end,
		       uint64_t now, uint32_t cause)
{
	attr_add_cause(a, cpu, start, end, now, cause, ATTR_PID_NONE);
}

void attr_add_instant(struct attr *a, int cpu, uint64_t t, uint64_t now,
		      uint32_t cause)
{
	attr_add_cause(a, cpu, t, t, now, cause, ATTR_PID_INSTANT);
}

void attr_add_task(struct attr *a, int cpu, uint64_t start, uint64_t end,
		   uint64_t now, int32_t pid, const char *comm)
{
	struct attr_interval *iv = attr_interval_push(a, cpu, start, end, now);
	size_t n;

	if (!iv)
		return;
	iv->cause = ATTR_CAUSE_TASK;
	iv->pid = pid;
	/* Not past the NUL: the field is 16 bytes, a caller's string may be shorter. */
	n = strnlen(comm, ATTR_COMM_LEN - 1);
	memcpy(iv->comm, comm, n);
	iv->comm[n] = '\0';
}

const char *attr_hint_context(const struct attr_hint *h)
{
	if (h->hardirq)
		return "in a hard irq";
	if (h->irqs_off)
		return "irqs disabled";
	if (h->softirq & 1)
		return "in a softirq";
	if (h->softirq)
		return "bottom halves disabled";
	if (h->preempt)
		return "preemption disabled";
	if (h->user)
		return "user mode";
	if (!h->pid)
		return "idle";
	return "preemptible";
}

static bool attr_hint_atomic(const struct attr_hint *h)
{
	return h->hardirq || h->irqs_off || h->softirq || h->preempt;
}

/* The cause of a task interval, refined by the hint of its sample. */
uint32_t attr_task_cause(struct attr *a, const struct attr_interval *iv,
			 const struct attr_hint *h)
{
	char label[ATTR_LABEL_LEN];

	/*
	 * Most task pieces are the idle task's: interned on first use (ids
	 * go by first use), then kept, as a label's id never changes (a
	 * full table keeps giving ATTR_CAUSE_OTHER); hashing it each time
	 * took 2.5 % of the analyzer's instructions on a recorded trace.
	 */
	if (!iv->pid) {
		if (!a->idle_id)
			a->idle_id = attr_cause_id(a, "idle") + 1;
		return a->idle_id - 1;
	}
	if (h->valid && h->pid == iv->pid && attr_hint_atomic(h))
		snprintf(label, sizeof(label), "task %s (%s)", iv->comm,
			 attr_hint_context(h));
	else
		snprintf(label, sizeof(label), "task %s", iv->comm);
	return attr_cause_id(a, label);
}

static void attr_pop(struct attr *a, int cpu, struct attr_cpu *c)
{
	attr_sample_finish(a, cpu, c, &c->ps[c->ps_first]);
	c->ps_first = (c->ps_first + 1) % ATTR_RING_SAMPLES;
	c->ps_count--;
}

/* When c's first pending sample is due: its window end + lag, saturated. */
static inline uint64_t attr_due(const struct attr *a, const struct attr_cpu *c)
{
	uint64_t d = c->ps[c->ps_first].end + a->lag_ns;

	return d < c->ps[c->ps_first].end ? UINT64_MAX - 1 : d;
}

static inline void attr_due_note(struct attr *a, const struct attr_cpu *c)
{
	uint64_t d = attr_due(a, c);

	if (d < a->next_due)
		a->next_due = d;
}

static void attr_due_update(struct attr *a)
{
	uint64_t due = UINT64_MAX, d;
	struct attr_cpu *c;
	int i;

	for (i = 0; i < a->nr_used; i++) {
		c = a->cpu[a->used[i]];
		if (!c->ps_count)
			continue;
		d = attr_due(a, c);
		if (d < due)
			due = d;
	}
	a->next_due = due;
}

void attr_add_sample(struct attr *a, int cpu, uint64_t seq, uint64_t start,
		     uint64_t irq_ns, uint64_t thread_ns, uint64_t now)
{
	struct attr_sample *smp;
	struct attr_cpu *c;

	if (thread_ns <= a->threshold_ns)
		return;
	c = attr_cpu_get(a, cpu);
	if (!c)
		return;
	if (c->ps_count == ATTR_RING_SAMPLES) {
		a->early_samples++;
		attr_pop(a, cpu, c);
		attr_due_update(a);	/* c's first is another */
	}
	smp = &c->ps[(c->ps_first + c->ps_count) % ATTR_RING_SAMPLES];
	c->ps_count++;
	smp->seq = seq;
	smp->start = start;
	smp->end = start + thread_ns < start ? UINT64_MAX : start + thread_ns;
	smp->irq_ns = irq_ns;
	smp->thread_ns = thread_ns;
	smp->hint.valid = false;
	if (c->early.valid && c->early.seq == seq) {
		smp->hint = c->early;
		a->hints_matched++;
	}
	c->early.valid = false;
	/*
	 * A sample behind others of its CPU leaves the earliest due time
	 * as it was: only a CPU's first pending sample can lower it (the
	 * full update over every CPU took 1.5 % of the instructions).
	 */
	if (c->ps_count == 1)
		attr_due_note(a, c);
	attr_advance(a, now);
}

void attr_add_hint(struct attr *a, int cpu, const struct attr_hint *h)
{
	struct attr_cpu *c = attr_cpu_get(a, cpu);
	uint32_t k;

	a->hints++;
	if (!c)
		return;
	for (k = c->ps_count; k-- > 0;) {
		struct attr_sample *smp;

		smp = &c->ps[(c->ps_first + k) % ATTR_RING_SAMPLES];
		if (smp->seq == h->seq) {
			smp->hint = *h;
			smp->hint.valid = true;
			a->hints_matched++;
			return;
		}
	}
	c->early = *h;
	c->early.valid = true;
}

void attr_flush_due(struct attr *a, uint64_t now)
{
	struct attr_cpu *c;
	int i;

	for (i = 0; i < a->nr_used; i++) {
		c = a->cpu[a->used[i]];
		while (c->ps_count &&
		       (c->ps[c->ps_first].end + a->lag_ns <= now ||
			c->ps[c->ps_first].end + a->lag_ns < c->ps[c->ps_first].end))
			attr_pop(a, a->used[i], c);
	}
	attr_due_update(a);
}

void attr_finish(struct attr *a)
{
	struct attr_cpu *c;
	int i;

	for (i = 0; i < a->nr_used; i++) {
		c = a->cpu[a->used[i]];
		while (c->ps_count)
			attr_pop(a, a->used[i], c);
	}
	a->next_due = UINT64_MAX;
}

const struct attr_cause_stat *attr_stats(const struct attr *a, int cpu)
{
	if (cpu < 0)
		return a->all;
	if (cpu >= ATTR_MAX_CPUS || !a->cpu[cpu])
		return NULL;
	return a->cpu[cpu]->cs;
}

static const struct attr_cause_stat *attr_rank_stats;

static int attr_rank_cmp(const void *x, const void *y)
{
	const struct attr_cause_stat *s = attr_rank_stats;
	uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;

	if (s[i].total_ns != s[j].total_ns)
		return s[i].total_ns > s[j].total_ns ? -1 : 1;
	return i < j ? -1 : i > j;
}

int attr_rank(const struct attr *a, int cpu, uint32_t *ids, int max)
{
	const struct attr_cause_stat *s = attr_stats(a, cpu);
	uint32_t i;
	int n = 0;

	if (!s)
		return 0;
	for (i = 0; i < a->nr_causes && n < max; i++)
		if (s[i].samples)
			ids[n++] = i;
	attr_rank_stats = s;
	qsort(ids, n, sizeof(*ids), attr_rank_cmp);
	return n;
}

void attr_ranking(const struct attr *a, int cpu, struct attr_ranking *rk)
{
	rk->cs = attr_stats(a, cpu);
	rk->samples = cpu < 0 ? a->nr_over : a->cpu[cpu]->nr_over;
	rk->latency_ns = cpu < 0 ? a->over_ns : a->cpu[cpu]->over_ns;
	rk->nr = attr_rank(a, cpu, rk->ids, ATTR_MAX_CAUSES);
}
