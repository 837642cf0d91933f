// SPDX-License-Identifier: GPL-2.0
/*
 * Latency histograms and the one definition of a percentile (hist.h).
 */
#include <stdlib.h>
#include <string.h>
#include "hist.h"

int plab_hist_init(struct plab_hist *h, uint64_t entries, uint64_t unit_ns,
		   unsigned int log2)
{
	memset(h, 0, sizeof(*h));
	if (!entries || !unit_ns)
		return -1;
	h->entries = entries;
	h->unit_ns = unit_ns;
	h->log2 = log2;
	h->min_ns = UINT64_MAX;
	h->bucket = calloc(plab_hist_nr(h), sizeof(*h->bucket));
	return h->bucket ? 0 : -1;
}

void plab_hist_destroy(struct plab_hist *h)
{
	free(h->bucket);
	h->bucket = NULL;
}

void plab_hist_reset(struct plab_hist *h)
{
	memset(h->bucket, 0, plab_hist_nr(h) * sizeof(*h->bucket));
	h->count = 0;
	h->min_ns = UINT64_MAX;
	h->max_ns = 0;
	h->sum_ns = 0;
}

uint64_t plab_hist_index(const struct plab_hist *h, uint64_t ns)
{
	uint64_t q = ns / h->unit_ns;
	unsigned int k;

	if (q < h->entries)
		return q;
	/* k = floor(log2(ns / E)), E = entries * unit: tail bucket k */
	q /= h->entries;
	k = 63 - (unsigned int)__builtin_clzll(q);
	return h->entries + (k < h->log2 ? k : h->log2);
}

uint64_t plab_hist_lower(const struct plab_hist *h, uint64_t b)
{
	unsigned __int128 e = (unsigned __int128)h->entries * h->unit_ns;

	if (b < h->entries)
		return b * h->unit_ns;
	e <<= b - h->entries < 64 ? b - h->entries : 64;
	return e > UINT64_MAX ? UINT64_MAX : (uint64_t)e;
}

int plab_hist_merge(struct plab_hist *dst, const struct plab_hist *src)
{
	uint64_t i;

	if (dst->entries != src->entries || dst->unit_ns != src->unit_ns ||
	    dst->log2 != src->log2)
		return -1;
	for (i = 0; i < plab_hist_nr(src); i++)
		dst->bucket[i] += src->bucket[i];
	dst->count += src->count;
	if (src->min_ns < dst->min_ns)
		dst->min_ns = src->min_ns;
	if (src->max_ns > dst->max_ns)
		dst->max_ns = src->max_ns;
	dst->sum_ns += src->sum_ns;
	return 0;
}

/*
 * Nearest rank: the pct percentile of n values is the value of rank
 * ceil(pct / 100 * n) in ascending order (at least rank 1), a value that
 * was measured, never an interpolation between two.
 */
uint64_t plab_pct_rank(uint64_t count, uint32_t pct_milli)
{
	unsigned __int128 r;

	if (!count)
		return 0;
	if (pct_milli > 100000)
		pct_milli = 100000;
	r = ((unsigned __int128)count * pct_milli + 99999) / 100000;
	return r < 1 ? 1 : (uint64_t)r;
}

/*
 * A histogram keeps only which bucket the value of that rank is in. Its
 * value is the bucket's lower edge: a bound the true value is never
 * below, the same whichever tool filled the bucket, and what the probe's
 * debugfs rows are labelled with (row i: i <= latency < i + 1 us).
 * Clamped to [min, max], which are exact: every sample of the lowest
 * bucket can lie above its edge (all samples 12.7 us: the edge says 12,
 * below the min), and no percentile can lie outside the samples. In the
 * overflow there is no edge above: the max is the one value known there,
 * and a tail verdict must see how far past the histogram the tail went.
 */
uint64_t plab_hist_percentile(const struct plab_hist *h, uint32_t pct_milli)
{
	uint64_t rank = plab_pct_rank(h->count, pct_milli), seen = 0, i, v;
	uint64_t over = plab_hist_nr(h) - 1;

	if (!rank)
		return 0;
	for (i = 0; i < over; i++) {
		seen += h->bucket[i];
		if (seen >= rank)
			break;
	}
	if (i == over)
		return h->max_ns;
	v = plab_hist_lower(h, i);
	if (v < h->min_ns)
		v = h->min_ns;
	if (v > h->max_ns)
		v = h->max_ns;
	return v;
}

void plab_hist_summary(const struct plab_hist *h, struct plab_hist_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->count = h->count;
	if (!h->count)
		return;
	s->min_ns = h->min_ns;
	s->max_ns = h->max_ns;
	s->mean_ns = (double)h->sum_ns / (double)h->count;
	/* Rounding to double must not put the mean outside [min, max]. */
	if (s->mean_ns < (double)h->min_ns)
		s->mean_ns = (double)h->min_ns;
	if (s->mean_ns > (double)h->max_ns)
		s->mean_ns = (double)h->max_ns;
	s->p50_ns = plab_hist_percentile(h, PLAB_P50);
	s->p90_ns = plab_hist_percentile(h, PLAB_P90);
	s->p99_ns = plab_hist_percentile(h, PLAB_P99);
	s->p999_ns = plab_hist_percentile(h, PLAB_P999);
}

/* Exact values: buckets of one value each, so the value of the rank itself. */
int64_t plab_sorted_percentile(const int64_t *sorted, uint64_t n,
			       uint32_t pct_milli)
{
	uint64_t rank = plab_pct_rank(n, pct_milli);

	return rank ? sorted[rank - 1] : 0;
}

void plab_hist_log2_us(const struct plab_hist *h, double out[64])
{
	uint64_t i, us;
	int b;

	memset(out, 0, 64 * sizeof(*out));
	for (i = 0; i < plab_hist_nr(h); i++) {
		if (!h->bucket[i])
			continue;
		us = plab_hist_lower(h, i) / 1000;
		b = us ? 64 - __builtin_clzll(us) : 0;
		out[b < 64 ? b : 63] += (double)h->bucket[i];
	}
}
