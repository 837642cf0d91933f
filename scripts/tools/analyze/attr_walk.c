// SPDX-License-Identifier: GPL-2.0
/*
 * The walk of the attribution (attrib_walk.h): for a sample whose window
 * is complete, the intervals that overlap it, found through the summary
 * levels, clipped to the window and split at their edges, each piece of
 * time given to the innermost interval, the cause with the largest share
 * ranked first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attrib_walk.h"

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

void attr_sample_finish(struct attr *a, int cpu, struct attr_cpu *c,
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
