// SPDX-License-Identifier: GPL-2.0
/*
 * plab_softirq: /sys/kernel/debug/plab_softirq/stats, the per-CPU totals.
 * The format is documented in Documentation/softirq.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include "softirq.h"

/* A copy of one CPU's counters, taken without its generator running. */
struct sq_snap {
	u64 received, processed, dropped, irqs, seq, max_batch_ns;
	u64 batches[SQ_CTX_NR], units[SQ_CTX_NR], busy_ns[SQ_CTX_NR];
	unsigned long queued;
	unsigned int cpu;
};

/*
 * On the flood's CPU with interrupts off (or with the CPU offline), so the
 * generator cannot add packets meanwhile: received = processed + dropped +
 * queued holds, except for the one batch a consumer may be finishing (it
 * gives back its slots before it counts them), at most weight packets.
 */
static void sq_snap_take(void *data)
{
	struct sq_snap *s = data;
	struct sq_cpu *sc = per_cpu_ptr(&sq_cpu, s->cpu);
	int i;

	s->processed = READ_ONCE(sc->processed);
	/* Pairs with the consumer's release: processed is not ahead of it. */
	s->queued = READ_ONCE(sc->head) - smp_load_acquire(&sc->tail);
	s->received = READ_ONCE(sc->received);
	s->dropped = READ_ONCE(sc->dropped);
	s->irqs = READ_ONCE(sc->irqs);
	s->seq = READ_ONCE(sc->seq);
	s->max_batch_ns = READ_ONCE(sc->max_batch_ns);
	for (i = 0; i < SQ_CTX_NR; i++) {
		s->batches[i] = READ_ONCE(sc->batches[i]);
		s->units[i] = READ_ONCE(sc->units[i]);
		s->busy_ns[i] = READ_ONCE(sc->busy_ns[i]);
	}
}

static void sq_stats_show_cpu(struct seq_file *m, unsigned int cpu)
{
	struct sq_snap s = { .cpu = cpu };
	int i;

	/* An offline CPU has no generator running: read it from here. */
	if (smp_call_function_single(cpu, sq_snap_take, &s, 1))
		sq_snap_take(&s);

	seq_printf(m, "cpu %u\n", cpu);
	seq_printf(m, "received %llu\n", s.received);
	seq_printf(m, "processed %llu\n", s.processed);
	seq_printf(m, "dropped %llu\n", s.dropped);
	seq_printf(m, "queued %lu\n", s.queued);
	seq_printf(m, "irqs %llu\n", s.irqs);
	seq_printf(m, "batches %llu\n", s.seq);
	for (i = 0; i < SQ_CTX_NR; i++) {
		seq_printf(m, "batches_%s %llu\n", sq_ctx_names[i],
			   s.batches[i]);
		seq_printf(m, "units_%s %llu\n", sq_ctx_names[i], s.units[i]);
		seq_printf(m, "busy_ns_%s %llu\n", sq_ctx_names[i],
			   s.busy_ns[i]);
	}
	seq_printf(m, "max_batch_ns %llu\n", s.max_batch_ns);
	seq_printf(m, "time_squeeze %u\n",
		   sq_squeeze(cpu) - per_cpu(sq_cpu, cpu).squeeze0);
}

static int sq_stats_show(struct seq_file *m, void *v)
{
	unsigned int cpu;

	seq_printf(m, "# plab_softirq source=%s rate_pps=%u cost_ns=%u irq_us=%u ring_size=%u weight=%u threaded=%d\n",
		   sq_source_names[sq_cfg.source],
		   plab_param_uint_get(&sq_cfg.rate_pps),
		   plab_param_uint_get(&sq_cfg.cost_ns),
		   plab_param_uint_get(&sq_cfg.irq_us),
		   plab_param_uint_get(&sq_cfg.ring_size),
		   plab_param_uint_get(&sq_cfg.weight), sq_cfg.threaded);
	seq_puts(m, "# counts in units (packets or callbacks), times in ns; time_squeeze: delta since load\n");
	for_each_cpu(cpu, sq_cfg.cpus)
		sq_stats_show_cpu(m, cpu);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sq_stats);

int sq_debugfs_init(void)
{
	struct dentry *dir;

	dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (IS_ERR(dir)) {
		pr_err("cannot create debugfs directory %s (%ld)\n",
		       KBUILD_MODNAME, PTR_ERR(dir));
		return PTR_ERR(dir);
	}
	sq_cfg.dir = dir;
	debugfs_create_file("stats", 0400, dir, NULL, &sq_stats_fops);
	return 0;
}

void sq_debugfs_exit(void)
{
	debugfs_remove(sq_cfg.dir);
	sq_cfg.dir = NULL;
}
