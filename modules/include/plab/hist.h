/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Linear latency histograms shared by the preemptlab modules.
 *
 * A histogram has nr_buckets buckets of bucket_ns each plus one overflow
 * bucket (index nr_buckets), and keeps count/sum/min/max of the raw values.
 * Updates are not atomic: the caller serialises them (typically one owner
 * per CPU); readers may see a sample half-recorded, which is harmless.
 */
#ifndef _PLAB_HIST_H
#define _PLAB_HIST_H

#include <linux/bug.h>
#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>

struct plab_hist {
	u64 count;
	u64 sum;
	u64 min;		/* U64_MAX while count == 0 */
	u64 max;
	unsigned int nr_buckets;	/* regular buckets; overflow follows */
	unsigned int bucket_ns;		/* width of one bucket */
	u64 *bucket;			/* nr_buckets + 1 entries */
};

static inline void plab_hist_reset(struct plab_hist *h)
{
	h->count = 0;
	h->sum = 0;
	h->min = U64_MAX;
	h->max = 0;
	memset(h->bucket, 0, (h->nr_buckets + 1) * sizeof(*h->bucket));
}

static inline int plab_hist_alloc(struct plab_hist *h, unsigned int nr_buckets,
				  unsigned int bucket_ns)
{
	if (!nr_buckets || !bucket_ns)
		return -EINVAL;
	h->bucket = kvcalloc(nr_buckets + 1, sizeof(*h->bucket), GFP_KERNEL);
	if (!h->bucket)
		return -ENOMEM;
	h->nr_buckets = nr_buckets;
	h->bucket_ns = bucket_ns;
	plab_hist_reset(h);
	return 0;
}

static inline void plab_hist_free(struct plab_hist *h)
{
	kvfree(h->bucket);
	h->bucket = NULL;
}

/*
 * Copy @from into @to, allocated with the same nr_buckets: a memcpy to do
 * under the owner's lock, so that the scans run outside it.
 */
static inline void plab_hist_copy(struct plab_hist *to,
				  const struct plab_hist *from)
{
	u64 *bucket = to->bucket;

	if (WARN_ON_ONCE(to->nr_buckets != from->nr_buckets))
		return;
	*to = *from;
	to->bucket = bucket;
	memcpy(bucket, from->bucket, (from->nr_buckets + 1) * sizeof(*bucket));
}

/* The bucket index a value falls in; nr_buckets means overflow. */
static inline unsigned int plab_hist_index(const struct plab_hist *h, u64 val)
{
	u64 idx = div_u64(val, h->bucket_ns);

	return idx < h->nr_buckets ? idx : h->nr_buckets;
}

static inline void plab_hist_add(struct plab_hist *h, u64 val)
{
	h->bucket[plab_hist_index(h, val)]++;
	h->count++;
	h->sum += val;
	if (val < h->min)
		h->min = val;
	if (val > h->max)
		h->max = val;
}

#endif /* _PLAB_HIST_H */
