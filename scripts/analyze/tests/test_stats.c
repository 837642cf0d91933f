// SPDX-License-Identifier: GPL-2.0
/*
 * Histogram and percentiles: against a brute-force sort on random data,
 * and the overflow bucket.
 */
#include <stdint.h>
#include <string.h>
#include "stats.h"
#include "tap.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* What lat_hist_percentile() promises, from the sorted samples. */
static uint64_t brute_pct(const uint64_t *v, size_t n, uint32_t pct_milli,
			  uint64_t entries)
{
	uint64_t rank = (n * (uint64_t)pct_milli + 99999) / 100000, x;

	if (rank < 1)
		rank = 1;
	x = v[rank - 1];
	if (x / 1000 >= entries)
		return v[n - 1];		/* in the overflow: the max */
	x = x / 1000 * 1000;
	if (x < v[0])
		x = v[0];
	return x;
}

static int check_random(const char *name, size_t n, uint64_t range_ns,
			uint64_t entries, int skew)
{
	static const uint32_t pcts[] = { 1, 50000, 90000, 99000, 99900,
					 99990, 100000 };
	uint64_t *v = malloc(n * sizeof(*v)), sum = 0;
	struct lat_hist h;
	struct lat_summary s;
	size_t i, k;
	int ok = 1;

	lat_hist_init(&h, entries);
	for (i = 0; i < n; i++) {
		uint64_t x = rng() % range_ns;

		if (skew)	/* long tail: mostly small, a few huge */
			x = (rng() % 100) ? x / 1000 : x * 4;
		v[i] = x;
		sum += x;
		lat_hist_add(&h, x);
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	for (k = 0; k < sizeof(pcts) / sizeof(pcts[0]); k++) {
		uint64_t got = lat_hist_percentile(&h, pcts[k]);
		uint64_t want = brute_pct(v, n, pcts[k], entries);

		if (got != want) {
			tap_diag("%s: p%.3f got %llu want %llu", name,
				 pcts[k] / 1000.0, (unsigned long long)got,
				 (unsigned long long)want);
			ok = 0;
		}
	}
	lat_hist_summary(&h, &s);
	ok = ok && s.count == n && s.min_ns == v[0] && s.max_ns == v[n - 1] &&
	     s.mean_ns == (double)sum / n;
	lat_hist_destroy(&h);
	free(v);
	return tap_ok(ok, "percentiles match a sorted copy: %s (n=%zu)", name, n);
}

/*
 * Field values a damaged trace can hold: near 2^64 ns, the sum of two
 * overflows 64 bits. A saturated sum made the mean 2^63, below the min.
 */
static void check_huge_mean(void)
{
	struct lat_hist h, m;
	struct lat_summary s;

	lat_hist_init(&h, 10);
	lat_hist_init(&m, 10);
	lat_hist_add(&h, UINT64_MAX - 1);
	lat_hist_add(&h, UINT64_MAX - 3);
	lat_hist_add(&h, UINT64_MAX - 5);
	lat_hist_summary(&h, &s);
	tap_ok(s.mean_ns >= (double)s.min_ns && s.mean_ns <= (double)s.max_ns,
	       "mean of values near 2^64 within [min, max] (%.6g, min %llu)",
	       s.mean_ns, (unsigned long long)s.min_ns);
	lat_hist_merge(&m, &h);
	lat_hist_merge(&m, &h);
	lat_hist_summary(&m, &s);
	tap_ok(s.count == 6 && s.mean_ns >= (double)s.min_ns &&
	       s.mean_ns <= (double)s.max_ns,
	       "merged: mean within [min, max] (%.6g)", s.mean_ns);
	lat_hist_destroy(&h);
	lat_hist_destroy(&m);
}

int main(void)
{
	struct lat_hist h, h2;
	uint64_t i;
	int ok;

	tap_plan(11);
	check_random("uniform 0..50 ms", 100000, 50000000, 100000, 0);
	check_random("uniform, 1 sample", 1, 5000000, 100000, 0);
	check_random("small values, 7 samples", 7, 3000, 100000, 0);
	check_random("long tail into the overflow", 200000, 80000000, 10000, 1);

	/* Overflow bucket: values at and above entries us. */
	lat_hist_init(&h, 100);
	lat_hist_add(&h, 99999);	/* bucket 99 */
	lat_hist_add(&h, 100000);	/* overflow */
	lat_hist_add(&h, 5000000000ULL);
	tap_ok(h.bucket[99] == 1 && h.bucket[100] == 2 && h.count == 3,
	       "values >= hist max land in the overflow bucket");
	tap_ok(lat_hist_percentile(&h, 99000) == 5000000000ULL &&
	       lat_hist_percentile(&h, 10000) == 99999,
	       "percentile in the overflow is the max, below it the bucket clamped to min");

	lat_hist_init(&h2, 100);
	for (i = 0; i < 10; i++)
		lat_hist_add(&h2, i * 1000);
	ok = !lat_hist_merge(&h2, &h) && h2.count == 13 && h2.min_ns == 0 &&
	     h2.max_ns == 5000000000ULL && h2.bucket[100] == 2;
	tap_ok(ok, "merge adds buckets, count, min and max");
	lat_hist_destroy(&h2);
	lat_hist_init(&h2, 50);
	tap_ok(lat_hist_merge(&h2, &h) == -1, "merge refuses other sizes");

	check_huge_mean();
	lat_hist_reset(&h);
	tap_ok(h.count == 0 && lat_hist_percentile(&h, 50000) == 0 &&
	       h.min_ns == UINT64_MAX, "reset and empty histogram");
	lat_hist_destroy(&h);
	lat_hist_destroy(&h2);
	return tap_finish();
}
