// SPDX-License-Identifier: GPL-2.0
/*
 * plab_journal: the debugfs files under /sys/kernel/debug/plab_journal/:
 * "stats" (one line per writer and a total line), "reset" and "enabled"
 * (see <plab/debugfs.h>). The format of "stats" is documented in
 * Documentation/journal.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/math64.h>
#include <linux/slab.h>
#include <plab/debugfs.h>
#include "journal.h"

static u64 jr_avg(u64 sum, u64 n)
{
	return n ? div64_u64(sum, n) : 0;
}

/*
 * The @pct-th percentile (nearest rank) of @h, as the upper bound of its
 * bucket in ns; the max when it falls in the overflow; 0 when empty.
 */
u64 jr_hist_pct(const struct plab_hist *h, unsigned int pct)
{
	u64 rank, seen = 0;
	unsigned int i;

	if (!h->count)
		return 0;
	rank = max_t(u64, div_u64(h->count * pct + 99, 100), 1);
	for (i = 0; i < h->nr_buckets; i++) {
		seen += h->bucket[i];
		if (seen >= rank)
			return min_t(u64, (u64)(i + 1) * h->bucket_ns, h->max);
	}
	return h->max;
}

static void jr_phase_show(struct seq_file *m, const char *name,
			  const struct jr_phase *p, u64 n)
{
	seq_printf(m, " %s_min=%llu %s_avg=%llu %s_max=%llu", name,
		   n ? p->min : 0, name, jr_avg(p->sum, n), name, p->max);
}

/* The stats line of one writer or of the total. */
static void jr_stats_line(struct seq_file *m, const char *who,
			  const struct jr_stats *s, u64 p50, u64 p99)
{
	seq_printf(m, "%s commits=%llu ok=%llu errors=%llu cut=%llu bytes=%llu last_error=%d",
		   who, s->commits, s->ok, s->errors, s->cut, s->bytes,
		   s->last_error);
	jr_phase_show(m, "lock_wait", &s->lock_wait, s->commits);
	jr_phase_show(m, "csum", &s->csum, s->commits);
	jr_phase_show(m, "io", &s->io, s->commits);
	jr_phase_show(m, "commit", &s->total, s->commits);
	if (s->hist.bucket)
		seq_printf(m, " commit_p50=%llu commit_p99=%llu", p50, p99);
	seq_putc(m, '\n');
}

static void jr_phase_merge(struct jr_phase *to, const struct jr_phase *p)
{
	to->min = min(to->min, p->min);
	to->max = max(to->max, p->max);
	to->sum += p->sum;
}

static int jr_stats_show(struct seq_file *m, void *v)
{
	unsigned int i, nr = plab_param_uint_get(&jr_cfg.writers);
	struct jr_stats *s, total = {};
	struct plab_hist hist;
	char who[32];
	u64 p50, p99;

	s = kmalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	/* A copy of a writer's buckets, scanned outside its stats_lock. */
	if (plab_hist_alloc(&hist, JR_HIST_BUCKETS, JR_HIST_BUCKET_NS)) {
		kfree(s);
		return -ENOMEM;
	}
	jr_stats_init(&total);	/* total.hist has no buckets: unused */
	seq_puts(m, "# plab_journal statistics, times in ns; commit = lock_wait + csum + io; per-writer p50/p99 from 100 us buckets\n");
	seq_printf(m, "# lock=%s hold_across_io=%d io=%s io_latency_us=%u record_kb=%u slots=%u writers=%u\n",
		   jr_lock_name(jr_cfg.lock), jr_cfg.hold_across_io,
		   jr_io_name(jr_cfg.io),
		   plab_param_uint_get(&jr_cfg.io_latency_us),
		   plab_param_uint_get(&jr_cfg.record_kb), jr_cfg.slots, nr);
	for (i = 0; i < nr; i++) {
		struct jr_writer *w = &jr_writers[i];

		/*
		 * Only a copy under the lock the writer takes after every
		 * commit: the reader must not disturb what it reads.
		 */
		spin_lock(&w->stats_lock);
		*s = w->stats;
		plab_hist_copy(&hist, &w->stats.hist);
		spin_unlock(&w->stats_lock);
		p50 = jr_hist_pct(&hist, 50);
		p99 = jr_hist_pct(&hist, 99);

		snprintf(who, sizeof(who), "writer=%u cpu=%u", i, w->cpu);
		jr_stats_line(m, who, s, p50, p99);
		total.commits += s->commits;
		total.ok += s->ok;
		total.errors += s->errors;
		total.cut += s->cut;
		total.bytes += s->bytes;
		if (s->last_error)
			total.last_error = s->last_error;
		jr_phase_merge(&total.lock_wait, &s->lock_wait);
		jr_phase_merge(&total.csum, &s->csum);
		jr_phase_merge(&total.io, &s->io);
		jr_phase_merge(&total.total, &s->total);
	}
	/* The ids issued so far; equals total commits once writers are idle. */
	snprintf(who, sizeof(who), "total seq=%llu", READ_ONCE(jr_cfg.seq));
	jr_stats_line(m, who, &total, 0, 0);
	plab_hist_free(&hist);
	kfree(s);
	return 0;
}

static void jr_reset(void)
{
	unsigned int i, nr = plab_param_uint_get(&jr_cfg.writers);

	for (i = 0; i < nr; i++) {
		struct jr_writer *w = &jr_writers[i];

		spin_lock(&w->stats_lock);
		jr_stats_init(&w->stats);
		plab_hist_reset(&w->stats.hist);
		spin_unlock(&w->stats_lock);
	}
}

/* 0: writers finish their commit in flight and wait; 1: they go on. */
static void jr_enabled_set(bool on)
{
	WRITE_ONCE(jr_cfg.enabled, on);
	if (on)
		wake_up_all(&jr_cfg.wq);
}

PLAB_DEFINE_DEBUGFS(jr, &jr_cfg.enabled, &jr_cfg.dir)
