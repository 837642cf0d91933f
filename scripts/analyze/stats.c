// SPDX-License-Identifier: GPL-2.0
/*
 * Latency histograms and their percentiles (see stats.h).
 */
#include <stdlib.h>
#include <string.h>
#include "stats.h"

int lat_hist_init(struct lat_hist *h, uint64_t entries)
{
	memset(h, 0, sizeof(*h));
	h->bucket = calloc(entries + 1, sizeof(*h->bucket));
	if (!h->bucket)
		return -1;
	h->entries = entries;
	h->min_ns = UINT64_MAX;
	return 0;
}

void lat_hist_destroy(struct lat_hist *h)
{
	free(h->bucket);
	h->bucket = NULL;
}

void lat_hist_reset(struct lat_hist *h)
{
	memset(h->bucket, 0, (h->entries + 1) * sizeof(*h->bucket));
	h->count = 0;
	h->min_ns = UINT64_MAX;
	h->max_ns = 0;
	h->sum_ns = 0;
}

int lat_hist_merge(struct lat_hist *dst, const struct lat_hist *src)
{
	uint64_t i;

	if (dst->entries != src->entries)
		return -1;
	for (i = 0; i <= src->entries; i++)
		dst->bucket[i] += src->bucket[i];
	dst->count += src->count;
	if (src->min_ns < dst->min_ns)
		dst->min_ns = src->min_ns;
	if (src->max_ns > dst->max_ns)
		dst->max_ns = src->max_ns;
	dst->sum_ns += src->sum_ns;
	return 0;
}

uint64_t lat_hist_percentile(const struct lat_hist *h, uint32_t pct_milli)
{
	uint64_t rank, seen = 0, i, v;

	if (!h->count)
		return 0;
	if (pct_milli > 100000)
		pct_milli = 100000;
	/* ceil(pct * count); count < 2^64 / 1e5 in any real trace */
	rank = (h->count * pct_milli + 99999) / 100000;
	if (rank < 1)
		rank = 1;
	for (i = 0; i < h->entries; i++) {
		seen += h->bucket[i];
		if (seen >= rank) {
			v = i * STATS_NS_PER_BUCKET;
			if (v < h->min_ns)
				v = h->min_ns;
			if (v > h->max_ns)
				v = h->max_ns;
			return v;
		}
	}
	return h->max_ns;
}

void lat_hist_summary(const struct lat_hist *h, struct lat_summary *s)
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
	s->p50_ns = lat_hist_percentile(h, 50000);
	s->p90_ns = lat_hist_percentile(h, 90000);
	s->p99_ns = lat_hist_percentile(h, 99000);
	s->p999_ns = lat_hist_percentile(h, 99900);
}
