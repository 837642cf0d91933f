/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Latency histogram: 1 us buckets [0, entries) plus one overflow bucket,
 * with count/min/sum/max kept exactly (ns). Percentiles come from the
 * buckets, so memory is the histogram's size whatever the trace length.
 */
#ifndef PLAB_ANALYZE_STATS_H
#define PLAB_ANALYZE_STATS_H

#include <stdint.h>

#define STATS_NS_PER_BUCKET	1000	/* 1 us buckets */

struct lat_hist {
	uint64_t *bucket;	/* entries + 1: the last is the overflow */
	uint64_t entries;
	uint64_t count;
	uint64_t min_ns;	/* UINT64_MAX while empty */
	uint64_t max_ns;
	/*
	 * 128 bits: a damaged trace's fields can be near 2^64 ns, and 2^64
	 * of those still fit, so the mean is exact where a saturated 64-bit
	 * sum put it below the min.
	 */
	unsigned __int128 sum_ns;
};

/* The summary row of one histogram, every value in ns. */
struct lat_summary {
	uint64_t count;
	uint64_t min_ns, max_ns, p50_ns, p90_ns, p99_ns, p999_ns;
	double mean_ns;
};

int lat_hist_init(struct lat_hist *h, uint64_t entries);
void lat_hist_destroy(struct lat_hist *h);
void lat_hist_reset(struct lat_hist *h);
static inline void lat_hist_add(struct lat_hist *h, uint64_t ns)
{
	uint64_t b = ns / STATS_NS_PER_BUCKET;

	h->bucket[b < h->entries ? b : h->entries]++;
	h->count++;
	if (ns < h->min_ns)
		h->min_ns = ns;
	if (ns > h->max_ns)
		h->max_ns = ns;
	h->sum_ns += ns;
}
/* Add every bucket and counter of src to dst (same entries). */
int lat_hist_merge(struct lat_hist *dst, const struct lat_hist *src);
/*
 * Nearest-rank percentile, pct_milli in thousandths of a percent (99900 is
 * p99.9): the lower edge of the bucket holding that rank, clamped to
 * [min, max]; the max when the rank is in the overflow bucket. 0 if empty.
 */
uint64_t lat_hist_percentile(const struct lat_hist *h, uint32_t pct_milli);
void lat_hist_summary(const struct lat_hist *h, struct lat_summary *s);

#endif
