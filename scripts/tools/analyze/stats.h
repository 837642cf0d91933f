/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The analyzer's latency histograms are libplab's (hist.h): 1 us linear
 * buckets [0, hist_max_us) and the overflow, no log2 tail: the layout of
 * the probe's debugfs histogram, so that the report's percentiles of a
 * run and the verdicts' (plab-hist) come from the same buckets and code.
 */
#ifndef PLAB_ANALYZE_STATS_H
#define PLAB_ANALYZE_STATS_H

#include "hist.h"

static inline int lat_hist_init(struct plab_hist *h, uint64_t entries)
{
	return plab_hist_init(h, entries, PLAB_HIST_US, 0);
}

/* The name trace_events.c adds samples by. */
static inline void lat_hist_add(struct plab_hist *h, uint64_t ns)
{
	plab_hist_add(h, ns);
}

#endif
