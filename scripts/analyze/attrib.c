// SPDX-License-Identifier: GPL-2.0
/*
 * Attribution of latency samples to overlapping intervals (see attrib.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attrib.h"

#define ATTR_HASH_SLOTS		1024	/* > 2 * ATTR_MAX_CAUSES */
/*
 * Intervals are added when they end, so an interval added this long before
 * a window starts cannot overlap it. The slack covers the clock skew of
 * interval ends: the reader places an end at most 1 ms after the event
 * that reports it (trace_to_record_clock()); twice that for safety. Each
 * sample scans the intervals added since its start minus this, so it is
 * what attribution costs per sample.
 */
#define ATTR_EMIT_SLACK_NS	2000000ULL	/* 2 ms */

/* Block sizes of the summary levels, largest first (attr_cpu.lvl[]). */
static const uint32_t attr_lvl_size[ATTR_IV_LEVELS] = ATTR_IV_SIZES;

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

#define ATTR_REC(c, k)	((c)->rec[(k) % ATTR_RING_INTERVALS])
#define ATTR_SLOT(c, seq) (&(c)->iv[(seq) % ATTR_RING_INTERVALS])

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
static uint64_t attr_rec_find(struct attr_cpu *c, uint64_t e)
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

void attr_add_interval(struct attr *a, int cpu, uint64_t start, uint64_t end,
		       uint64_t now, uint32_t cause)
{
	struct attr_interval *iv = attr_interval_push(a, cpu, start, end, now);

	if (!iv)
		return;
	iv->cause = cause;
	iv->pid = ATTR_PID_NONE;
	iv->comm[0] = '\0';
}

void attr_add_instant(struct attr *a, int cpu, uint64_t t, uint64_t now,
		      uint32_t cause)
{
	struct attr_interval *iv = attr_interval_push(a, cpu, t, t, now);

	if (!iv)
		return;
	iv->cause = cause;
	iv->pid = ATTR_PID_INSTANT;
	iv->comm[0] = '\0';
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
static uint32_t attr_task_cause(struct attr *a, const struct attr_interval *iv,
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

static void attr_stat_add(struct attr_cause_stat *s, uint64_t ns, bool top)
{
	s->samples++;
	s->top += top;
	s->total_ns += ns;
	if (ns > s->max_ns)
		s->max_ns = ns;
}

struct attr_piece {
	uint64_t cs, ce;	/* clipped to the window */
	uint64_t start, end;	/* as reported: decides who is innermost */
	uint32_t cause;
};

/*
 * The pieces' edges in increasing order. A window has a handful of
 * pieces (3 on average on a recorded trace): insertion sort, which
 * qsort()'s merge sort and calls per comparison took 4 times as long as.
 */
static void attr_sort_edges(const struct attr_piece *piece, uint32_t n,
			    uint64_t *edge)
{
	uint32_t i, j, ne = 0;

	for (i = 0; i < n; i++) {
		uint64_t v[2] = { piece[i].cs, piece[i].ce };
		int k;

		for (k = 0; k < 2; k++) {
			for (j = ne; j > 0 && edge[j - 1] > v[k]; j--)
				edge[j] = edge[j - 1];
			edge[j] = v[k];
			ne++;
		}
	}
}

/* Piece i wins over piece j at a point both cover. */
static bool attr_inner(const struct attr_piece *i, const struct attr_piece *j)
{
	if (i->start != j->start)
		return i->start > j->start;
	return i->end < j->end;
}

/*
 * The cnt slots from top down (one block) of a sample's scan: the ones
 * overlapping its window become pieces, instants are named once. Returns
 * true when the scan must stop (an interval from before the window's
 * slack, or too many pieces).
 */
static bool attr_scan_slots(struct attr *a, struct attr_cpu *c,
			    const struct attr_sample *smp, uint32_t top,
			    uint32_t cnt, struct attr_piece *piece,
			    uint32_t *n, uint32_t *instant, uint32_t *ni)
{
	uint64_t s = smp->start, e = smp->end;
	uint32_t j, i;

	for (j = 0; j < cnt; j++) {
		const struct attr_interval *iv = &c->iv[top - j];

		if (iv->emit + ATTR_EMIT_SLACK_NS < s)
			return true;
		if (iv->end <= s || iv->start >= e)
			continue;
		if (iv->pid == ATTR_PID_INSTANT) {
			/* Named once, whatever the number of them. */
			for (i = 0; i < *ni && instant[i] != iv->cause; i++)
				;
			if (i == *ni && *ni < ATTR_MAX_OVERLAP)
				instant[(*ni)++] = iv->cause;
			continue;
		}
		if (*n == ATTR_MAX_OVERLAP) {
			a->overlap_capped++;
			return true;
		}
		piece[*n].cs = iv->start > s ? iv->start : s;
		piece[*n].ce = iv->end < e ? iv->end : e;
		piece[*n].start = iv->start;
		piece[*n].end = iv->end;
		piece[*n].cause = iv->cause == ATTR_CAUSE_TASK ?
				  attr_task_cause(a, iv, &smp->hint) : iv->cause;
		(*n)++;
	}
	return false;
}

enum attr_skip { ATTR_SCAN, ATTR_SKIP, ATTR_STOP };

/*
 * The block of level l (size slots, a constant where inlined) that ends
 * at ring slot top, for a scan with left slots to go: ATTR_SKIP its *cnt
 * slots when its summary covers them and none overlaps [s, e), ATTR_STOP
 * when moreover the scan's stop is among them, else ATTR_SCAN (a level
 * down, or slot by slot).
 */
static inline enum attr_skip attr_skip(const struct attr_cpu *c, int l,
				       uint32_t size, uint32_t top,
				       uint32_t left, bool first, uint32_t skip,
				       uint64_t s, uint64_t e, uint32_t *cnt)
{
	uint32_t bi = top / size, n = top % size + 1;
	const struct attr_iv_block *b = &c->lvl[l][bi];
	bool whole = bi != c->iv_next / size;	/* written in one pass */

	/*
	 * The first block may also hold skipped slots newer than top (none
	 * overlapping): its summary covers them too when it is the newest
	 * block (the slots of this pass) or a whole one.
	 */
	if (n > left ||
	    !(first ? skip <= (c->iv_next + ATTR_RING_INTERVALS - 1) % size || whole :
		      n == size && whole))
		return ATTR_SCAN;	/* not summarised as scanned */
	if (b->max_end > s && b->min_start < e)
		return ATTR_SCAN;	/* overlaps */
	*cnt = n;
	return b->min_emit_slack < s ? ATTR_STOP : ATTR_SKIP;
}

/* The largest level with a block ending at slot top; ATTR_IV_LEVELS: none. */
static inline int attr_level_ending(uint32_t top)
{
	int l;

	for (l = 0; l < ATTR_IV_LEVELS; l++)
		if ((top + 1) % attr_lvl_size[l] == 0)
			break;
	return l;
}

#define ATTR_SKIP_LEVEL(l) attr_skip(c, (l), attr_lvl_size[l], top, left, first, \
				     skip, s, e, &cnt)

/*
 * Where the walk of smp starts: *skip newest slots start at or after its
 * end (none of them overlaps); the late ones among them are scanned here,
 * one by one, newest first. Returns false when nothing is left to walk
 * (or the overlap cap is reached). With late slots past those known, no
 * skip. Had the walk from the top stopped among the skipped slots (added
 * before the window's slack), it stops at the first slot below them too,
 * emit times growing along the ring: the same nothing found.
 */
static bool attr_walk_start(struct attr *a, struct attr_cpu *c,
			    const struct attr_sample *smp, uint32_t *skip,
			    struct attr_piece *piece, uint32_t *n,
			    uint32_t *instant, uint32_t *ni)
{
	uint32_t newest = c->iv_pushed - 1, r, k, j, seq;
	uint64_t kr = attr_rec_find(c, smp->end);

	r = kr >= c->rec_first ? ATTR_REC(c, kr) : newest - c->iv_count;
	*skip = newest - r;
	if (!*skip)
		return true;
	for (k = 1; k <= ATTR_LATE_SLOTS && k <= c->late_pushed; k++)
		if (newest - c->late[(c->late_pushed - k) % ATTR_LATE_SLOTS] >= *skip)
			break;
	if (k > ATTR_LATE_SLOTS) {
		*skip = 0;
		return true;
	}
	for (j = 1; j < k; j++) {	/* newest first, as the walk from the top */
		seq = c->late[(c->late_pushed - j) % ATTR_LATE_SLOTS];
		if (attr_scan_slots(a, c, smp, seq % ATTR_RING_INTERVALS, 1,
				    piece, n, instant, ni))
			return false;
	}
	return *skip < c->iv_count;
}

/*
 * The pieces of smp's window and the instants in it, newest interval
 * first: a walk of the ring, newest first, a block at a time, that stops
 * once intervals ended well before the window. A block's summary covers
 * exactly the slots scanned in it when it is the newest block (whole or
 * being filled) or a whole block written in one pass (not the one being
 * refilled): when none of them overlaps the window, it is skipped, and
 * when the scan's stop is among them, nothing older overlaps either (emit
 * times only grow along the ring). The result is that of the slot by slot
 * scan from the top (a->scan_all, which the tests compare it with). Each
 * step tries the largest block ending at top first, then the smaller ones
 * in it: the block the window ends in goes by smaller ones, and only the
 * smallest blocks that overlap are scanned slot by slot. The slots newer
 * than the window are skipped before (attr_walk_start()).
 */
static void attr_collect(struct attr *a, struct attr_cpu *c,
			 const struct attr_sample *smp, struct attr_piece *piece,
			 uint32_t *n, uint32_t *instant, uint32_t *ni)
{
	uint64_t s = smp->start, e = smp->end;
	uint32_t left, top, cnt, skip = 0;
	bool first;

	if (!a->scan_all && !attr_walk_start(a, c, smp, &skip, piece, n, instant, ni))
		return;
	left = c->iv_count - skip;
	top = (c->iv_next + 2 * ATTR_RING_INTERVALS - 1 - skip) % ATTR_RING_INTERVALS;
	for (first = true; left; first = false) {
		enum attr_skip k = ATTR_SCAN;

		/*
		 * Written out, each level's size a constant (shifts and
		 * masks): as a loop, 15 % more instructions. Past the first
		 * block, the levels whose blocks do not end at top are not
		 * tried (attr_skip() would say ATTR_SCAN).
		 */
		_Static_assert(ATTR_IV_LEVELS == 4, "one call per level");
		switch (a->scan_all ? ATTR_IV_LEVELS : first ? 0 : attr_level_ending(top)) {
		case 0:
			if ((k = ATTR_SKIP_LEVEL(0)) != ATTR_SCAN)
				break;
			__attribute__((fallthrough));
		case 1:
			if ((k = ATTR_SKIP_LEVEL(1)) != ATTR_SCAN)
				break;
			__attribute__((fallthrough));
		case 2:
			if ((k = ATTR_SKIP_LEVEL(2)) != ATTR_SCAN)
				break;
			__attribute__((fallthrough));
		case 3:
			k = ATTR_SKIP_LEVEL(3);
			break;
		}
		if (k == ATTR_STOP)
			break;
		if (k == ATTR_SCAN) {
			cnt = top % attr_lvl_size[ATTR_IV_LEVELS - 1] + 1;
			if (cnt > left)
				cnt = left;
			if (attr_scan_slots(a, c, smp, top, cnt, piece, n,
					    instant, ni))
				break;
		}
		left -= cnt;
		top = (top + ATTR_RING_INTERVALS - cnt) % ATTR_RING_INTERVALS;
	}
}

/*
 * Each stretch between the pieces' edges goes to the innermost piece
 * over it: its cause's share grows, first touches listed in touched[].
 * Returns the time explained.
 */
static uint64_t attr_share_pieces(const struct attr_piece *piece, uint32_t n,
				  uint64_t *edge, uint64_t *share,
				  uint32_t *touched, uint32_t *nt)
{
	uint64_t explained = 0;
	uint32_t i, j, cause, ne = 2 * n;

	if (n > 1)
		attr_sort_edges(piece, n, edge);
	if (n == 1) {
		edge[0] = piece[0].cs;
		edge[1] = piece[0].ce;
	}
	for (i = 0; i + 1 < ne; i++) {
		uint64_t b0 = edge[i], b1 = edge[i + 1];
		int win = -1;

		if (b1 == b0)
			continue;
		for (j = 0; j < n; j++) {
			if (piece[j].cs > b0 || piece[j].ce < b1)
				continue;
			if (win < 0 || attr_inner(&piece[j], &piece[win]))
				win = j;
		}
		if (win < 0)
			continue;
		cause = piece[win].cause;
		if (!share[cause])
			touched[(*nt)++] = cause;
		share[cause] += b1 - b0;
		explained += b1 - b0;
	}
	return explained;
}

static void attr_sample_finish(struct attr *a, int cpu, struct attr_cpu *c,
			       const struct attr_sample *smp)
{
	static struct attr_piece piece[ATTR_MAX_OVERLAP];
	static uint64_t edge[2 * ATTR_MAX_OVERLAP + 2];
	static uint64_t share[ATTR_MAX_CAUSES];
	static uint32_t touched[ATTR_MAX_CAUSES];
	static uint32_t instant[ATTR_MAX_OVERLAP];
	uint64_t s = smp->start, e = smp->end, explained = 0, best_ns = 0;
	uint32_t n = 0, i, nt = 0, ni = 0, best = 0, cause;
	char label[ATTR_LABEL_LEN];

	attr_collect(a, c, smp, piece, &n, instant, &ni);
	explained = attr_share_pieces(piece, n, edge, share, touched, &nt);
	if (explained < e - s) {
		if (!n && smp->hint.valid) {
			snprintf(label, sizeof(label), "%s (%d): %s [inferred]",
				 smp->hint.comm, smp->hint.pid,
				 attr_hint_context(&smp->hint));
			cause = attr_cause_id(a, label);
		} else {
			cause = ATTR_CAUSE_UNEXPLAINED;
		}
		if (!share[cause])
			touched[nt++] = cause;
		share[cause] += e - s - explained;
	}
	/* Instants are named with no share: every touched cause has some. */
	for (i = 0; i < ni; i++)
		if (!share[instant[i]])
			touched[nt++] = instant[i];

	if (!c->cs) {
		c->cs = calloc(ATTR_MAX_CAUSES, sizeof(*c->cs));
		if (!c->cs)
			goto out;
	}
	for (i = 0; i < nt; i++) {
		if (share[touched[i]] > best_ns) {
			best_ns = share[touched[i]];
			best = touched[i];
		}
	}
	for (i = 0; i < nt; i++) {
		cause = touched[i];
		attr_stat_add(&c->cs[cause], share[cause], cause == best);
		attr_stat_add(&a->all[cause], share[cause], cause == best);
	}
	c->nr_over++;
	c->over_ns += e - s;
	if (e - s > c->max_ns)
		c->max_ns = e - s;
	a->nr_over++;
	a->over_ns += e - s;
out:
	for (i = 0; i < nt; i++)
		share[touched[i]] = 0;
	(void)cpu;
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
