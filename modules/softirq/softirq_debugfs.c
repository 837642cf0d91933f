// SPDX-License-Identifier: GPL-2.0
/*
 * plab_softirq: the debugfs files under /sys/kernel/debug/plab_softirq/:
 * "stats" (the per-CPU totals since load or the last reset), "reset" and
 * "enabled" (see <plab/debugfs.h>). The format of "stats" is documented in
 * Documentation/softirq.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <plab/debugfs.h>
#include "softirq.h"

/*
 * On the flood's CPU with interrupts off (or with the CPU offline), so the
 * generator cannot add packets meanwhile: received = processed + dropped +
 * queued holds, except for the one batch a consumer may be finishing (it
 * gives back its slots before it counts them), at most weight packets.
 */
void sq_snap_take(void *data)
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

/* Counts since the last reset; queued is what is queued now. */
static void sq_snap_sub(struct sq_snap *s, const struct sq_snap *base)
{
	int i;

	s->processed -= base->processed;
	s->received -= base->received;
	s->dropped -= base->dropped;
	s->irqs -= base->irqs;
	s->seq -= base->seq;
	for (i = 0; i < SQ_CTX_NR; i++) {
		s->batches[i] -= base->batches[i];
		s->units[i] -= base->units[i];
		s->busy_ns[i] -= base->busy_ns[i];
	}
}

static void sq_stats_show_cpu(struct seq_file *m, unsigned int cpu)
{
	struct sq_snap s = { .cpu = cpu };
	int i;

	/* An offline CPU has no generator running: read it from here. */
	if (smp_call_function_single(cpu, sq_snap_take, &s, 1))
		sq_snap_take(&s);
	sq_snap_sub(&s, &per_cpu_ptr(&sq_cpu, cpu)->base);

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
	seq_puts(m, "# counts in units (packets or callbacks), times in ns; since load or the last reset (time_squeeze too)\n");
	for_each_cpu(cpu, sq_cfg.cpus)
		sq_stats_show_cpu(m, cpu);
	return 0;
}

/*
 * The counters only grow (the generator and the consumers write them
 * without a lock): a reset takes a snapshot that "stats" subtracts.
 */
static void sq_reset_cpu(void *data)
{
	struct sq_cpu *sc = data;
	struct sq_snap base = { .cpu = sc->cpu };

	sq_snap_take(&base);
	/* What is queued now counts as received after the reset. */
	base.received -= base.queued;
	sc->base = base;
	WRITE_ONCE(sc->max_batch_ns, 0);
	sc->squeeze0 = sq_squeeze(sc->cpu);
}

static void sq_reset(void)
{
	unsigned int cpu;

	for_each_cpu(cpu, sq_cfg.cpus) {
		struct sq_cpu *sc = per_cpu_ptr(&sq_cpu, cpu);

		/* As sq_stats_show_cpu(): an offline CPU is read from here. */
		if (smp_call_function_single(cpu, sq_reset_cpu, sc, 1))
			sq_reset_cpu(sc);
	}
}

/* 0: the generators queue nothing (their timers keep running); 1: again. */
static void sq_enabled_set(bool on)
{
	WRITE_ONCE(sq_cfg.enabled, on);
}

PLAB_DEFINE_DEBUGFS(sq, &sq_cfg.enabled, &sq_cfg.dir)
