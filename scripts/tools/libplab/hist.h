/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one latency histogram and percentile of the preemptlab tools:
 * plab-analyze, wakelat, plab-periodic, plab-hist (the probe's debugfs
 * histogram, which the scenario verdicts read) and plab-verdict's plot.
 * A verdict's p99 and the report's p99 of the same samples come from
 * plab_hist_percentile() and are therefore the same number.
 *
 * Buckets, all times in ns:
 *   [0, entries)                 linear, bucket i holds [i * unit, (i + 1) * unit)
 *   [entries, entries + log2)    log2 tail, bucket entries + k holds
 *                                [E << k, E << (k + 1)), E = entries * unit
 *   entries + log2               the overflow: everything above
 * plab-analyze and the probe use 1 us linear buckets and no tail; wakelat
 * adds a tail so that one row of its BPF map covers seconds.
 *
 * count/min/max/sum are kept exactly beside the buckets, so memory is the
 * histogram's size whatever the number of samples.
 */
#ifndef PLAB_HIST_H
#define PLAB_HIST_H

#include <stdint.h>

#define PLAB_HIST_US	1000	/* ns: the 1 us bucket of the analyzer and probe */

struct plab_hist {
	uint64_t *bucket;	/* plab_hist_nr(h) counters; the last is the overflow */
	uint64_t entries;	/* linear buckets */
	uint64_t unit_ns;	/* width of a linear bucket */
	unsigned int log2;	/* tail buckets after the linear ones */
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
struct plab_hist_summary {
	uint64_t count;
	uint64_t min_ns, max_ns, p50_ns, p90_ns, p99_ns, p999_ns;
	double mean_ns;
};

/* Percentiles in thousandths of a percent: 99900 is p99.9. */
#define PLAB_P50	50000
#define PLAB_P90	90000
#define PLAB_P99	99000
#define PLAB_P999	99900

static inline uint64_t plab_hist_nr(const struct plab_hist *h)
{
	return h->entries + h->log2 + 1;
}

/* 0, or -1 when out of memory or entries/unit_ns is 0. */
int plab_hist_init(struct plab_hist *h, uint64_t entries, uint64_t unit_ns,
		   unsigned int log2);
void plab_hist_destroy(struct plab_hist *h);
void plab_hist_reset(struct plab_hist *h);
/* The bucket a value of ns falls in. */
uint64_t plab_hist_index(const struct plab_hist *h, uint64_t ns);
/* The lower edge of bucket b in ns (the overflow's: where it starts). */
uint64_t plab_hist_lower(const struct plab_hist *h, uint64_t b);

static inline void plab_hist_add(struct plab_hist *h, uint64_t ns)
{
	/* 1 us by a constant: a multiply, not a divide, per trace sample. */
	uint64_t b = h->unit_ns == PLAB_HIST_US ? ns / PLAB_HIST_US : ns / h->unit_ns;

	/* The linear range inline: the analyzer adds every trace sample. */
	h->bucket[b < h->entries ? b : plab_hist_index(h, ns)]++;
	h->count++;
	if (ns < h->min_ns)
		h->min_ns = ns;
	if (ns > h->max_ns)
		h->max_ns = ns;
	h->sum_ns += ns;
}

/* Adds every bucket and counter of src to dst; -1 if the layouts differ. */
int plab_hist_merge(struct plab_hist *dst, const struct plab_hist *src);

/* The 1-based rank of the pct_milli percentile of count values (0 if none). */
uint64_t plab_pct_rank(uint64_t count, uint32_t pct_milli);
/* The pct_milli percentile in ns; 0 if empty (see hist.c for what it is). */
uint64_t plab_hist_percentile(const struct plab_hist *h, uint32_t pct_milli);
void plab_hist_summary(const struct plab_hist *h, struct plab_hist_summary *s);
/* The same percentile of n exact values sorted ascending (0 if n is 0). */
int64_t plab_sorted_percentile(const int64_t *sorted, uint64_t n,
			       uint32_t pct_milli);

/*
 * Sums the buckets into out[64] by the log2 of their lower edge in us:
 * out[b] gets the buckets whose lower edge is in [2^(b-1), 2^b) us (out[0]:
 * below 1 us), the overflow by where it starts. The plots' log2 view.
 */
void plab_hist_log2_us(const struct plab_hist *h, double out[64]);

#endif
