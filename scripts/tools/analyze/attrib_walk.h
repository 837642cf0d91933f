/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PLAB_ANALYZE_ATTRIB_WALK_H
#define PLAB_ANALYZE_ATTRIB_WALK_H

/*
 * Inside the attribution (attrib.h): attrib.c keeps the intervals and the
 * samples waiting for them, attr_walk.c decides a sample's causes from
 * the intervals that overlap it. Nothing else includes it.
 */
#include "attrib.h"

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

/* A CPU's ring of intervals: the k-th kept, and the one of sequence seq. */
#define ATTR_REC(c, k)	((c)->rec[(k) % ATTR_RING_INTERVALS])
#define ATTR_SLOT(c, seq) (&(c)->iv[(seq) % ATTR_RING_INTERVALS])

/* attrib.c, for the walk */
uint64_t attr_rec_find(struct attr_cpu *c, uint64_t e);
uint32_t attr_task_cause(struct attr *a, const struct attr_interval *iv,
			 const struct attr_hint *h);

/* attr_walk.c: the causes of a sample whose window is complete. */
void attr_sample_finish(struct attr *a, int cpu, struct attr_cpu *c,
			const struct attr_sample *smp);

#endif
