// SPDX-License-Identifier: GPL-2.0
/*
 * plab_journal: the writers. Each commit builds a record, takes the journal
 * lock, checksums the record with crc32c and appends it to the in-memory
 * journal (CPU work that must be atomic), then waits for the commit's I/O,
 * after releasing the lock (the good design) or before (hold_across_io=1,
 * the bad design, mutex only).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/crc32.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <plab/clock.h>
#include "journal.h"

#define CREATE_TRACE_POINTS
#include <preemptlab_journal.h>

/* The first bytes of every record; the rest is the writer's payload. */
struct jr_record_hdr {
	__le64 id;
	__le64 time_ns;
	__le32 writer;
	__le32 crc;		/* crc32c of the record with this field 0 */
};

static const char * const jr_lock_names[JR_LOCK_NR] = {
	[JR_LOCK_RAW_SPIN]	= "raw_spin",
	[JR_LOCK_SPIN]		= "spin",
	[JR_LOCK_MUTEX]		= "mutex",
};

static const char * const jr_io_names[JR_IO_NR] = {
	[JR_IO_SLEEP]	= "sleep",
	[JR_IO_FILE]	= "file",
};

const char *jr_lock_name(enum jr_lock lock)
{
	return lock < JR_LOCK_NR ? jr_lock_names[lock] : "?";
}

const char *jr_io_name(enum jr_io io)
{
	return io < JR_IO_NR ? jr_io_names[io] : "?";
}

static void jr_lock(void)
{
	switch (jr_cfg.lock) {
	case JR_LOCK_RAW_SPIN:
		raw_spin_lock(&jr_cfg.raw_lock);
		break;
	case JR_LOCK_SPIN:
		spin_lock(&jr_cfg.spin_lock);
		break;
	default:
		mutex_lock(&jr_cfg.mutex);
		break;
	}
}

static void jr_unlock(void)
{
	switch (jr_cfg.lock) {
	case JR_LOCK_RAW_SPIN:
		raw_spin_unlock(&jr_cfg.raw_lock);
		break;
	case JR_LOCK_SPIN:
		spin_unlock(&jr_cfg.spin_lock);
		break;
	default:
		mutex_unlock(&jr_cfg.mutex);
		break;
	}
}

static void jr_lock_assert_held(void)
{
	switch (jr_cfg.lock) {
	case JR_LOCK_RAW_SPIN:
		lockdep_assert_held(&jr_cfg.raw_lock);
		break;
	case JR_LOCK_SPIN:
		lockdep_assert_held(&jr_cfg.spin_lock);
		break;
	default:
		lockdep_assert_held(&jr_cfg.mutex);
		break;
	}
}

/*
 * The CPU part of a commit; caller holds the journal lock. crc32c over the
 * record and its copy to the ring slot of the id, chunk by chunk, checking
 * between chunks for a stop (rmmod) and for the hard limit of a section:
 * the copy is part of the section (16 MiB of it takes as long as the
 * checksum under TCG). A cut commit leaves a torn slot, its crc 0, as an
 * interrupted write would. __crc32c_le() is the kernel's table-driven
 * crc32c (lib/crc32.c), built in: no dependency on libcrc32c or the
 * crypto API.
 */
static void jr_checksum_append(struct jr_writer *w, struct jr_commit *c)
{
	struct jr_record_hdr *hdr = (struct jr_record_hdr *)w->buf;
	size_t len = jr_cfg.record_bytes, off, n;
	u8 *slot;
	u64 start = plab_clock_ns();
	u32 crc = ~0U;

	jr_lock_assert_held();
	c->id = ++jr_cfg.seq;
	hdr->id = cpu_to_le64(c->id);
	hdr->crc = 0;
	slot = jr_cfg.ring + ((c->id - 1) % jr_cfg.slots) * len;
	for (off = 0; off < len; off += n) {
		n = min_t(size_t, len - off, JR_CSUM_CHUNK);
		crc = __crc32c_le(crc, w->buf + off, n);
		memcpy(slot + off, w->buf + off, n);
		if (off + n < len &&
		    (kthread_should_stop() ||
		     plab_clock_ns() - start > jr_cfg.csum_max_ns)) {
			c->cut = true;
			return;
		}
	}
	c->crc = ~crc;
	hdr->crc = cpu_to_le32(c->crc);
	((struct jr_record_hdr *)slot)->crc = hdr->crc;
}

static void jr_phase_add(struct jr_phase *p, u64 ns)
{
	p->sum += ns;
	p->min = min(p->min, ns);
	p->max = max(p->max, ns);
}

static void jr_stats_add(struct jr_writer *w, const struct jr_commit *c)
{
	struct jr_stats *s = &w->stats;
	u64 total = c->lock_wait_ns + c->csum_ns + c->io_ns;

	spin_lock(&w->stats_lock);
	s->commits++;
	if (c->cut) {
		s->cut++;
	} else if (c->err) {
		s->errors++;
		s->last_error = c->err;
	} else {
		s->ok++;
		s->bytes += jr_cfg.record_bytes;
	}
	jr_phase_add(&s->lock_wait, c->lock_wait_ns);
	jr_phase_add(&s->csum, c->csum_ns);
	jr_phase_add(&s->io, c->io_ns);
	jr_phase_add(&s->total, total);
	plab_hist_add(&s->hist, total);
	spin_unlock(&w->stats_lock);
}

static void jr_commit_run(struct jr_writer *w, struct jr_commit *c)
{
	struct jr_record_hdr *hdr = (struct jr_record_hdr *)w->buf;
	bool hold = jr_cfg.hold_across_io;
	u64 t0, t1, t2;

	memset(c, 0, sizeof(*c));
	/* Build the record: a fresh header over the writer's payload. */
	hdr->writer = cpu_to_le32(w->index);
	hdr->time_ns = cpu_to_le64(ktime_get_real_ns());

	t0 = plab_clock_ns();
	jr_lock();
	t1 = plab_clock_ns();
	jr_checksum_append(w, c);
	t2 = plab_clock_ns();
	if (!hold)
		jr_unlock();
	/* hold_across_io is refused at load unless the lock is a mutex. */
	if (!c->cut)
		c->err = jr_io_run(w, c->id, &c->io_ns);
	if (hold)
		jr_unlock();

	c->start = t0;
	c->lock_wait_ns = t1 - t0;
	c->csum_ns = t2 - t1;
}

/*
 * policy=fifo: cond_resched() does not yield to SCHED_OTHER tasks, so a
 * writer that never sleeps (io=sleep io_latency_us=0, or a fast file)
 * would keep per-CPU kworkers, ksoftirqd and rmmod itself off its CPU when
 * RT throttling is off. Sleep after the commit so that the writer is busy
 * at most JR_DUTY_PCT_MAX % of the time; kthread_stop() wakes it.
 */
static void jr_writer_duty(const struct jr_commit *c)
{
	u64 slept = (u64)plab_param_uint_get(&jr_cfg.io_latency_us) *
		    NSEC_PER_USEC;
	u64 busy = c->lock_wait_ns + c->csum_ns + c->io_ns;
	u64 need;
	ktime_t t;

	if (!jr_cfg.fifo)
		return;
	busy = busy > slept ? busy - slept : 0;
	need = div_u64(busy * (100 - JR_DUTY_PCT_MAX), JR_DUTY_PCT_MAX);
	if (need <= slept)
		return;
	t = ns_to_ktime(need - slept);
	set_current_state(TASK_INTERRUPTIBLE);
	if (!kthread_should_stop())
		schedule_hrtimeout(&t, HRTIMER_MODE_REL);
	__set_current_state(TASK_RUNNING);
}

/* Sleep until kthread_stop(): the writer is done with its commits. */
static void jr_writer_idle(void)
{
	set_current_state(TASK_INTERRUPTIBLE);
	if (!kthread_should_stop())
		schedule();
	__set_current_state(TASK_RUNNING);
}

int jr_writer_fn(void *data)
{
	struct jr_writer *w = data;
	u64 count = plab_param_uint_get(&jr_cfg.commits);
	struct jr_commit c;

	while (!kthread_should_stop()) {
		/* Unloading: no new commit while the others are stopped. */
		if (READ_ONCE(jr_cfg.stopping) ||
		    (count && w->done >= count)) {
			jr_writer_idle();
			continue;
		}
		/* Paused through debugfs "enabled"; kthread_stop() wakes us. */
		if (!READ_ONCE(jr_cfg.enabled)) {
			wait_event_interruptible(jr_cfg.wq,
						 READ_ONCE(jr_cfg.enabled) ||
						 kthread_should_stop());
			continue;
		}
		jr_commit_run(w, &c);
		w->done++;
		jr_stats_add(w, &c);
		trace_plab_journal_commit(c.id, raw_smp_processor_id(),
					  w->index, c.start, c.lock_wait_ns,
					  c.csum_ns, c.io_ns,
					  jr_cfg.hold_across_io, c.err, c.cut);
		jr_writer_duty(&c);
		/* policy=other, io_latency_us=0 and no file: no sleep so far. */
		cond_resched();
	}
	return 0;
}
