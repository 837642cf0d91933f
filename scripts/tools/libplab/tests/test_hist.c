// SPDX-License-Identifier: GPL-2.0
/*
 * The histogram and percentile module: exact values on small inputs
 * worked out by hand, the edge cases (empty, one sample, one bucket, the
 * overflow, the log2 tail), and random data against a sorted copy.
 */
#include <stdlib.h>
#include <string.h>
#include "hist.h"
#include "tap.h"

#define US 1000ULL

static struct plab_hist hist_of(const uint64_t *v, size_t n, uint64_t entries,
				unsigned int log2)
{
	struct plab_hist h;
	size_t i;

	if (plab_hist_init(&h, entries, US, log2))
		abort();
	for (i = 0; i < n; i++)
		plab_hist_add(&h, v[i]);
	return h;
}

static int pcts_are(const struct plab_hist *h, uint64_t p50, uint64_t p90,
		    uint64_t p99, uint64_t p999)
{
	struct plab_hist_summary s;

	plab_hist_summary(h, &s);
	if (s.p50_ns == p50 && s.p90_ns == p90 && s.p99_ns == p99 && s.p999_ns == p999)
		return 1;
	tap_diag("got p50 %llu p90 %llu p99 %llu p99.9 %llu", (unsigned long long)s.p50_ns,
		 (unsigned long long)s.p90_ns, (unsigned long long)s.p99_ns,
		 (unsigned long long)s.p999_ns);
	return 0;
}

static void check_rank(void)
{
	tap_ok(plab_pct_rank(0, PLAB_P50) == 0 && plab_pct_rank(1, 1) == 1 &&
	       plab_pct_rank(10, PLAB_P50) == 5 && plab_pct_rank(11, PLAB_P50) == 6 &&
	       plab_pct_rank(10, PLAB_P99) == 10 && plab_pct_rank(100, PLAB_P99) == 99 &&
	       plab_pct_rank(1000, PLAB_P999) == 999 && plab_pct_rank(1001, PLAB_P999) == 1000 &&
	       plab_pct_rank(5, 0) == 1 && plab_pct_rank(5, 200000) == 5 &&
	       plab_pct_rank(UINT64_MAX, 100000) == UINT64_MAX,
	       "rank: ceil(pct * n), at least 1, at most n, no overflow at 2^64");
}

static void check_small(void)
{
	/* 10 samples: ranks p50 5, p90 9, p99 and p99.9 10 */
	static const uint64_t v[] = { 3200, 1500, 1700, 2100, 2900, 8400, 5000,
				      1100, 2500, 9999 };
	static const int64_t sorted[] = { 1100, 1500, 1700, 2100, 2500, 2900,
					  3200, 5000, 8400, 9999 };
	struct plab_hist h = hist_of(v, 10, 100, 0);

	/* rank 5 is 2500 (bucket 2 us), rank 9 8400 (8 us), rank 10 9999 (9 us) */
	tap_ok(pcts_are(&h, 2000, 8000, 9000, 9000), "10 samples: lower edges of the ranks' buckets");
	tap_ok(plab_sorted_percentile(sorted, 10, PLAB_P50) == 2500 &&
	       plab_sorted_percentile(sorted, 10, PLAB_P90) == 8400 &&
	       plab_sorted_percentile(sorted, 10, PLAB_P99) == 9999 &&
	       plab_sorted_percentile(sorted, 0, PLAB_P99) == 0,
	       "10 exact values: the values of the same ranks");
	plab_hist_destroy(&h);
}

static void check_edges(void)
{
	static const uint64_t one[] = { 12700 }, same[] = { 5100, 5900, 5500, 5300 };
	struct plab_hist h;

	h = hist_of(NULL, 0, 100, 0);
	tap_ok(pcts_are(&h, 0, 0, 0, 0) && h.min_ns == UINT64_MAX, "empty: every percentile 0");
	plab_hist_destroy(&h);
	h = hist_of(one, 1, 100, 0);
	tap_ok(pcts_are(&h, 12700, 12700, 12700, 12700),
	       "one sample: every percentile is it (edge 12 us clamped to the min)");
	plab_hist_destroy(&h);
	h = hist_of(same, 4, 100, 0);
	tap_ok(pcts_are(&h, 5100, 5100, 5100, 5100) && h.bucket[5] == 4,
	       "all in one bucket: the min, not the edge below it");
	plab_hist_destroy(&h);
}

static void check_overflow(void)
{
	static const uint64_t v[] = { 99999, 100000, 5000000000ULL, 50 };
	struct plab_hist h = hist_of(v, 4, 100, 0);

	tap_ok(h.bucket[99] == 1 && h.bucket[100] == 2 && h.bucket[0] == 1 &&
	       plab_hist_nr(&h) == 101, "values >= entries us land in the overflow bucket");
	/* ranks: p50 2 (bucket 99), p90 and above 4 (overflow) */
	tap_ok(pcts_are(&h, 99000, 5000000000ULL, 5000000000ULL, 5000000000ULL),
	       "a rank in the overflow is the max");
	plab_hist_destroy(&h);
}

static void check_tail(void)
{
	/* entries 10 us, 3 log2 buckets: [10,20) [20,40) [40,80), then overflow */
	static const uint64_t v[] = { 9999, 10000, 19999, 20000, 39999, 40000,
				      79999, 80000, 900000 };
	static const uint64_t want[] = { 9, 10, 10, 11, 11, 12, 12, 13, 13 };
	struct plab_hist h = hist_of(v, 9, 10, 3);
	int ok = plab_hist_nr(&h) == 14;
	size_t i;

	for (i = 0; i < 9; i++)
		ok = ok && plab_hist_index(&h, v[i]) == want[i];
	ok = ok && plab_hist_lower(&h, 11) == 20000 && plab_hist_lower(&h, 13) == 80000;
	tap_ok(ok, "log2 tail: bucket entries + k holds [E << k, E << (k + 1))");
	/* rank 5 (p50) is 39999 in [20,40) us; rank 9 the overflow */
	tap_ok(pcts_are(&h, 20000, 900000, 900000, 900000), "log2 tail: lower edge, then the max");
	plab_hist_destroy(&h);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The histogram's percentile from the exact one: its bucket's edge, clamped. */
static uint64_t from_exact(const struct plab_hist *h, const int64_t *v, size_t n,
			   uint32_t pct)
{
	uint64_t x = (uint64_t)plab_sorted_percentile(v, n, pct);
	uint64_t b = plab_hist_index(h, x), lo = plab_hist_lower(h, b);

	if (b == plab_hist_nr(h) - 1)
		return (uint64_t)v[n - 1];
	return lo < (uint64_t)v[0] ? (uint64_t)v[0] : lo;
}

static void check_random(const char *name, size_t n, uint64_t range_ns,
			 uint64_t entries, unsigned int log2)
{
	static const uint32_t pcts[] = { 1, 50000, 90000, 99000, 99900, 99990, 100000 };
	int64_t *v = malloc(n * sizeof(*v));
	struct plab_hist h;
	size_t i, k;
	int ok = 1;

	plab_hist_init(&h, entries, US, log2);
	for (i = 0; i < n; i++) {
		/* long tail: mostly small, a few huge */
		v[i] = (int64_t)((rng() % 100) ? rng() % range_ns / 100 : rng() % range_ns * 4);
		plab_hist_add(&h, (uint64_t)v[i]);
	}
	qsort(v, n, sizeof(*v), cmp_i64);
	for (k = 0; k < sizeof(pcts) / sizeof(pcts[0]); k++) {
		uint64_t got = plab_hist_percentile(&h, pcts[k]);
		uint64_t want = from_exact(&h, v, n, pcts[k]);

		if (got != want) {
			tap_diag("%s: p%.3f got %llu want %llu", name, pcts[k] / 1000.0,
				 (unsigned long long)got, (unsigned long long)want);
			ok = 0;
		}
	}
	ok = ok && h.count == n && h.min_ns == (uint64_t)v[0] && h.max_ns == (uint64_t)v[n - 1];
	plab_hist_destroy(&h);
	free(v);
	tap_ok(ok, "random, %s (n=%zu): the exact percentile's bucket edge", name, n);
}

static void check_merge_and_mean(void)
{
	static const uint64_t big[] = { UINT64_MAX - 1, UINT64_MAX - 3, UINT64_MAX - 5 };
	static const uint64_t v[] = { 1000, 2000, 3000 };
	struct plab_hist a = hist_of(big, 3, 10, 0), b = hist_of(v, 3, 10, 0), c;
	struct plab_hist_summary s;

	plab_hist_summary(&a, &s);
	tap_ok(s.mean_ns >= (double)s.min_ns && s.mean_ns <= (double)s.max_ns,
	       "mean of values near 2^64 within [min, max] (no saturated sum)");
	plab_hist_merge(&b, &a);
	plab_hist_summary(&b, &s);
	tap_ok(s.count == 6 && s.min_ns == 1000 && s.max_ns == UINT64_MAX - 1 &&
	       b.bucket[10] == 3 && b.bucket[1] == 1 && s.p50_ns == 3000,
	       "merge adds buckets, count, min and max");
	plab_hist_init(&c, 10, US, 2);
	tap_ok(plab_hist_merge(&c, &a) == -1, "merge refuses another layout");
	plab_hist_destroy(&c);
	tap_ok(plab_hist_init(&c, 0, US, 0) == -1, "init refuses 0 entries");
	plab_hist_reset(&b);
	tap_ok(b.count == 0 && b.min_ns == UINT64_MAX && !b.bucket[10] &&
	       plab_hist_percentile(&b, PLAB_P50) == 0, "reset empties it");
	plab_hist_destroy(&a);
	plab_hist_destroy(&b);
}

static void check_log2_view(void)
{
	static const uint64_t v[] = { 500, 1500, 3000, 3999, 7000, 100000, 200000 };
	struct plab_hist h = hist_of(v, 7, 100, 0);
	double out[64];

	plab_hist_log2_us(&h, out);
	/* 0 us -> 0; 1 -> 1; 3, 3 -> 2 ([2,4)); 7 -> 3; overflow at 100 us -> 7 */
	tap_ok(out[0] == 1 && out[1] == 1 && out[2] == 2 && out[3] == 1 && out[7] == 2,
	       "log2 view: buckets by the log2 of their lower edge in us");
	plab_hist_destroy(&h);
}

int main(void)
{
	tap_plan(18);
	check_rank();
	check_small();
	check_edges();
	check_overflow();
	check_tail();
	check_random("linear, tail into the overflow", 200000, 80000000, 10000, 0);
	check_random("log2 tail", 100000, 800000000, 100, 31);
	check_merge_and_mean();
	check_log2_view();
	return tap_finish();
}
