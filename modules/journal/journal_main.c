// SPDX-License-Identifier: GPL-2.0
/*
 * plab_journal: journaling-style workload of the preemptlab suite. Writer
 * kthreads commit records to an in-memory journal: a crc32c under the
 * journal lock, then the commit's I/O, with the lock released first (the
 * good design) or held across it (hold_across_io=1, the bad design). Each
 * commit is the preemptlab:plab_journal_commit trace event and goes to
 * debugfs statistics.
 *
 * This file holds the parameters and their checks, load and unload. See
 * Documentation/journal.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <uapi/linux/sched/types.h>
#include <plab/clock.h>
#include <plab/cpulist.h>
#include "journal.h"

struct jr_config jr_cfg = {
	.writers = PLAB_PARAM_UINT(1, 1, JR_WRITERS_MAX),
	.prio = PLAB_PARAM_UINT(0, 0, 99),
	.record_kb = PLAB_PARAM_UINT(JR_RECORD_KB_DEFAULT, 1, JR_RECORD_KB_MAX),
	.journal_kb = PLAB_PARAM_UINT(JR_JOURNAL_KB_DEFAULT, 1,
				      JR_JOURNAL_KB_MAX),
	.io_latency_us = PLAB_PARAM_UINT(JR_IO_LATENCY_US_DEFAULT, 0,
					 JR_IO_LATENCY_US_MAX),
	.commits = PLAB_PARAM_UINT(0, 0, JR_COMMITS_MAX),
	.csum_max_ms = PLAB_PARAM_UINT(JR_CSUM_MAX_MS, 1, JR_CSUM_MAX_MS),
	.policy_str = "other",
	.lock_str = "spin",
	.io_str = "sleep",
	.enabled = true,
	.wq = __WAIT_QUEUE_HEAD_INITIALIZER(jr_cfg.wq),
};

struct jr_writer *jr_writers;

module_param_cb(writers, &plab_param_uint_ops, &jr_cfg.writers, 0444);
MODULE_PARM_DESC(writers, "Writer threads, 1..16 (default 1)");

module_param_string(cpus, jr_cfg.cpus_str, sizeof(jr_cfg.cpus_str), 0444);
MODULE_PARM_DESC(cpus, "CPUs of the writers, kernel list syntax such as 0-1; writer i runs on the i-th CPU of the list, round robin (default: all online)");

module_param_string(policy, jr_cfg.policy_str, sizeof(jr_cfg.policy_str),
		    0444);
MODULE_PARM_DESC(policy, "Scheduling policy of the writers: other or fifo (default other)");

module_param_cb(prio, &plab_param_uint_ops, &jr_cfg.prio, 0444);
MODULE_PARM_DESC(prio, "SCHED_FIFO priority with policy=fifo, 1..99; 0 with policy=other (default 0)");

module_param_string(lock, jr_cfg.lock_str, sizeof(jr_cfg.lock_str), 0444);
MODULE_PARM_DESC(lock, "Journal lock: raw_spin, spin or mutex (default spin)");

module_param_named(hold_across_io, jr_cfg.hold_across_io, bool, 0444);
MODULE_PARM_DESC(hold_across_io, "Bad design: hold the journal lock through the I/O wait; lock=mutex only (default 0)");

module_param_cb(record_kb, &plab_param_uint_ops, &jr_cfg.record_kb, 0444);
MODULE_PARM_DESC(record_kb, "Record size in KiB, checksummed under the lock, 1..16384 (default 64)");

module_param_cb(journal_kb, &plab_param_uint_ops, &jr_cfg.journal_kb, 0444);
MODULE_PARM_DESC(journal_kb, "In-memory journal (ring) and backing file size in KiB, record_kb..65536 (default 1024)");

module_param_string(io, jr_cfg.io_str, sizeof(jr_cfg.io_str), 0444);
MODULE_PARM_DESC(io, "Commit I/O: sleep (io_latency_us only) or file (write and fsync to path=, then io_latency_us) (default sleep)");

module_param_cb(io_latency_us, &plab_param_uint_ops, &jr_cfg.io_latency_us,
		0444);
MODULE_PARM_DESC(io_latency_us, "Device latency of a commit in microseconds, slept after the write, 0..1000000 (default 10000)");

module_param_string(path, jr_cfg.path, sizeof(jr_cfg.path), 0444);
MODULE_PARM_DESC(path, "io=file: absolute path of the backing file, created by the module (must not exist); nothing else is created (default none)");

module_param_cb(commits, &plab_param_uint_ops, &jr_cfg.commits, 0444);
MODULE_PARM_DESC(commits, "Commits per writer, then idle until unloaded; 0 until unloaded (default 0)");

module_param_cb(csum_max_ms, &plab_param_uint_ops, &jr_cfg.csum_max_ms, 0444);
MODULE_PARM_DESC(csum_max_ms, "Longest a commit may spin for a spinning lock plus checksum under it, in milliseconds; longer sections are cut; 1..500 (default 500)");

/*
 * The index of @str among the @nr names of a table, for the parameter
 * @param; -EINVAL, saying what @expected, when it is none of them.
 */
static int jr_match(const char *param, const char *str,
		    const char * (*name)(int), int nr, const char *expected)
{
	int i;

	for (i = 0; i < nr; i++)
		if (sysfs_streq(str, name(i)))
			return i;
	pr_err("%s=%s: unknown, expected %s\n", param, str, expected);
	return -EINVAL;
}

static const char *jr_lock_name_int(int i)
{
	return jr_lock_name(i);
}

static const char *jr_io_name_int(int i)
{
	return jr_io_name(i);
}

/* An absolute path without empty, "." or ".." components. */
static int jr_path_check(const char *path)
{
	const char *p = path;
	size_t n;

	if (path[0] != '/') {
		pr_err("path=%s: must be an absolute path\n", path);
		return -EINVAL;
	}
	while (*p == '/') {
		p++;
		n = strcspn(p, "/");
		if (!n || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.')) {
			pr_err("path=%s: no empty, \".\" or \"..\" components and no trailing '/'\n",
			       path);
			return -EINVAL;
		}
		p += n;
	}
	return 0;
}

/* All checks, before any side effect. */
static int jr_config_check(void)
{
	unsigned int record_kb = plab_param_uint_get(&jr_cfg.record_kb);
	unsigned int journal_kb = plab_param_uint_get(&jr_cfg.journal_kb);
	unsigned int prio = plab_param_uint_get(&jr_cfg.prio);
	int i;

	i = jr_match("lock", jr_cfg.lock_str, jr_lock_name_int, JR_LOCK_NR,
		     "raw_spin, spin or mutex");
	if (i < 0)
		return i;
	jr_cfg.lock = i;
	i = jr_match("io", jr_cfg.io_str, jr_io_name_int, JR_IO_NR,
		     "sleep or file");
	if (i < 0)
		return i;
	jr_cfg.io = i;

	if (jr_cfg.hold_across_io && jr_cfg.lock != JR_LOCK_MUTEX) {
		pr_err("hold_across_io=1: refused with lock=%s: the I/O wait sleeps, and sleeping under a spinlock is a bug (atomic on non-RT; on RT still an RCU read-side section with migration disabled); use lock=mutex\n",
		       jr_lock_name(jr_cfg.lock));
		return -EINVAL;
	}

	if (sysfs_streq(jr_cfg.policy_str, "fifo")) {
		jr_cfg.fifo = true;
	} else if (!sysfs_streq(jr_cfg.policy_str, "other")) {
		pr_err("policy=%s: unknown, expected other or fifo\n",
		       jr_cfg.policy_str);
		return -EINVAL;
	}
	if (jr_cfg.fifo && !prio) {
		pr_err("prio=0: policy=fifo needs prio=1..99\n");
		return -EINVAL;
	}
	if (!jr_cfg.fifo && prio) {
		pr_err("prio=%u: only with policy=fifo (policy=other needs prio=0)\n",
		       prio);
		return -EINVAL;
	}

	if (journal_kb < record_kb) {
		pr_err("journal_kb=%u: range record_kb (%u)..%u, the journal holds at least one record\n",
		       journal_kb, record_kb, JR_JOURNAL_KB_MAX);
		return -EINVAL;
	}
	jr_cfg.record_bytes = (size_t)record_kb * 1024;
	jr_cfg.slots = journal_kb / record_kb;
	jr_cfg.csum_max_ns = (u64)plab_param_uint_get(&jr_cfg.csum_max_ms) *
			     NSEC_PER_MSEC;

	if (jr_cfg.io == JR_IO_FILE) {
		if (!jr_cfg.path[0]) {
			pr_err("io=file: needs path=, the backing file to create\n");
			return -EINVAL;
		}
		if (jr_path_check(jr_cfg.path))
			return -EINVAL;
	} else if (jr_cfg.path[0]) {
		pr_err("path=%s: only with io=file, not io=%s\n", jr_cfg.path,
		       jr_io_name(jr_cfg.io));
		return -EINVAL;
	}
	return plab_cpulist_parse("cpus", jr_cfg.cpus_str, jr_cfg.cpus);
}

/*
 * Waiters for a spinning lock (raw_spin; spin without PREEMPT_RT) spin with
 * preemption off behind every holder queued before them: with n writers
 * spinning at once (at most one per CPU), a waiter spins up to (n - 1)
 * sections and then runs its own. Cut each section at csum_max_ms / n, so
 * that the wait and the section together stay below csum_max_ms.
 */
static void jr_csum_max_set(void)
{
	unsigned int n = min(plab_param_uint_get(&jr_cfg.writers),
			     cpumask_weight(jr_cfg.cpus));

	if (jr_cfg.lock == JR_LOCK_MUTEX ||
	    (jr_cfg.lock == JR_LOCK_SPIN && IS_ENABLED(CONFIG_PREEMPT_RT)))
		n = 1;
	jr_cfg.csum_max_ns = div_u64(jr_cfg.csum_max_ns, max(n, 1U));
}

/* Counters and phases empty; the histogram is left as it is. */
void jr_stats_init(struct jr_stats *s)
{
	struct plab_hist hist = s->hist;

	memset(s, 0, sizeof(*s));
	s->hist = hist;
	s->lock_wait.min = U64_MAX;
	s->csum.min = U64_MAX;
	s->io.min = U64_MAX;
	s->total.min = U64_MAX;
}

static void jr_writers_free(void)
{
	unsigned int i;

	for (i = 0; i < plab_param_uint_get(&jr_cfg.writers); i++) {
		kvfree(jr_writers[i].buf);
		plab_hist_free(&jr_writers[i].stats.hist);
	}
	kfree(jr_writers);
	jr_writers = NULL;
	kvfree(jr_cfg.ring);
	jr_cfg.ring = NULL;
}

static int jr_writers_alloc(void)
{
	unsigned int i, nr = plab_param_uint_get(&jr_cfg.writers);
	int cpu = -1;
	struct jr_writer *w;

	jr_writers = kcalloc(nr, sizeof(*jr_writers), GFP_KERNEL);
	if (!jr_writers)
		return -ENOMEM;
	jr_cfg.ring = kvzalloc(jr_cfg.slots * jr_cfg.record_bytes, GFP_KERNEL);
	if (!jr_cfg.ring)
		goto out_free;
	for (i = 0; i < nr; i++) {
		w = &jr_writers[i];
		w->index = i;
		/* Round robin; cpumask_next() only below nr_cpu_ids. */
		if (cpu >= 0 && cpu < nr_cpu_ids)
			cpu = cpumask_next(cpu, jr_cfg.cpus);
		if (cpu < 0 || cpu >= nr_cpu_ids)
			cpu = cpumask_first(jr_cfg.cpus);
		w->cpu = cpu;
		spin_lock_init(&w->stats_lock);
		w->buf = kvmalloc(jr_cfg.record_bytes, GFP_KERNEL);
		if (!w->buf ||
		    plab_hist_alloc(&w->stats.hist, JR_HIST_BUCKETS,
				    JR_HIST_BUCKET_NS))
			goto out_free;
		/* The payload: not constant, so that the crc means something. */
		get_random_bytes(w->buf, jr_cfg.record_bytes);
		jr_stats_init(&w->stats);
	}
	return 0;

out_free:
	jr_writers_free();
	return -ENOMEM;
}

static int jr_writer_policy_set(struct task_struct *task)
{
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = SCHED_FIFO,
		.sched_priority = plab_param_uint_get(&jr_cfg.prio),
	};

	if (!jr_cfg.fifo) {
		sched_set_normal(task, 0);
		return 0;
	}
	return sched_setattr_nocheck(task, &attr);
}

/*
 * Stop every started writer. Each finishes its commit first: the lock is
 * released and the I/O completed (at most io_latency_us plus the write)
 * before kthread_stop() returns. xchg() takes ownership of the task.
 */
static void jr_writers_stop(void)
{
	struct task_struct *task;
	unsigned int i;

	/*
	 * Every writer ends its commit in flight and starts no other, so that
	 * the I/O waits of the writers overlap instead of adding up.
	 */
	WRITE_ONCE(jr_cfg.stopping, true);
	for (i = 0; i < plab_param_uint_get(&jr_cfg.writers); i++) {
		task = xchg(&jr_writers[i].task, NULL);
		if (task) {
			kthread_stop(task);
			put_task_struct(task);
		}
	}
}

static int jr_writers_start(void)
{
	unsigned int i, nr = plab_param_uint_get(&jr_cfg.writers);
	struct task_struct *task;
	struct jr_writer *w;
	int ret;

	/* CPUs stay online while the writers are placed. */
	cpus_read_lock();
	for (i = 0; i < nr; i++) {
		w = &jr_writers[i];
		task = kthread_create(jr_writer_fn, w, "plab_journal/%u", i);
		if (IS_ERR(task)) {
			ret = PTR_ERR(task);
			pr_err("writer %u: cannot create a thread (%d)\n", i,
			       ret);
			goto out_stop;
		}
		/*
		 * A plain affinity: the scheduler moves it if the CPU goes.
		 * A CPU of cpus= that is offline now binds its writers when
		 * it comes online (jr_cpu_online()); they run elsewhere until
		 * then.
		 */
		ret = cpu_online(w->cpu) ?
		      set_cpus_allowed_ptr(task, cpumask_of(w->cpu)) : 0;
		if (!ret)
			ret = jr_writer_policy_set(task);
		if (ret) {
			pr_err("writer %u: cannot set CPU %u, policy=%s prio=%u (%d)\n",
			       i, w->cpu, jr_cfg.policy_str,
			       plab_param_uint_get(&jr_cfg.prio), ret);
			kthread_stop(task);
			goto out_stop;
		}
		get_task_struct(task);
		WRITE_ONCE(w->task, task);
	}
	for (i = 0; i < nr; i++)
		wake_up_process(jr_writers[i].task);
	cpus_read_unlock();
	return 0;

out_stop:
	cpus_read_unlock();
	jr_writers_stop();
	return ret;
}

/*
 * A writer whose CPU went offline was moved by the scheduler, with its
 * affinity widened to every CPU; bind it again when the CPU comes back, so
 * that it runs where its stats line says (w->cpu). Registered before the
 * writers exist and removed before they stop: a task seen here is alive.
 */
static int jr_cpu_online(unsigned int cpu)
{
	unsigned int i, nr = plab_param_uint_get(&jr_cfg.writers);
	struct task_struct *task;
	int ret;

	for (i = 0; i < nr; i++) {
		task = READ_ONCE(jr_writers[i].task);
		if (!task || jr_writers[i].cpu != cpu)
			continue;
		ret = set_cpus_allowed_ptr(task, cpumask_of(cpu));
		if (ret)
			pr_warn("writer %u: cannot bind to CPU %u again (%d)\n",
				i, cpu, ret);
	}
	return 0;
}

static void jr_print_finish(void)
{
	u64 commits = 0, ok = 0, errors = 0, cut = 0, lock_max = 0;
	u64 csum_max = 0, io_max = 0;
	unsigned int i;

	for (i = 0; i < plab_param_uint_get(&jr_cfg.writers); i++) {
		struct jr_stats *s = &jr_writers[i].stats;

		commits += s->commits;
		ok += s->ok;
		errors += s->errors;
		cut += s->cut;
		lock_max = max(lock_max, s->lock_wait.max);
		csum_max = max(csum_max, s->csum.max);
		io_max = max(io_max, s->io.max);
	}
	pr_info("FINISH in %llu ns: lock=%s hold_across_io=%d io=%s commits=%llu ok=%llu errors=%llu cut=%llu max_lock_wait_ns=%llu max_csum_ns=%llu max_io_ns=%llu\n",
		plab_clock_ns() - jr_cfg.start_ns,
		jr_lock_name(jr_cfg.lock), jr_cfg.hold_across_io,
		jr_io_name(jr_cfg.io), commits, ok, errors, cut, lock_max,
		csum_max, io_max);
}

static int __init jr_init(void)
{
	int ret;

	jr_cfg.start_ns = plab_clock_ns();
	raw_spin_lock_init(&jr_cfg.raw_lock);
	spin_lock_init(&jr_cfg.spin_lock);
	mutex_init(&jr_cfg.mutex);
	if (!zalloc_cpumask_var(&jr_cfg.cpus, GFP_KERNEL))
		return -ENOMEM;

	ret = jr_config_check();
	if (ret)
		goto out_free_cpumask;
	jr_csum_max_set();
	ret = jr_writers_alloc();
	if (ret)
		goto out_free_cpumask;
	ret = jr_io_open();
	if (ret)
		goto out_writers_free;
	ret = jr_debugfs_init();
	if (ret)
		goto out_io_close;
	ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN,
					"preemptlab/journal:online",
					jr_cpu_online, NULL);
	if (ret < 0) {
		pr_err("cannot register the CPU hotplug state (%d)\n", ret);
		goto out_debugfs_exit;
	}
	jr_cfg.hp_state = ret;

	pr_info("START writers=%u cpus=%*pbl policy=%s prio=%u lock=%s hold_across_io=%d record_kb=%u journal_kb=%u slots=%u io=%s io_latency_us=%u path=%s commits=%u csum_max_ns=%llu model=%s\n",
		plab_param_uint_get(&jr_cfg.writers),
		cpumask_pr_args(jr_cfg.cpus), jr_cfg.policy_str,
		plab_param_uint_get(&jr_cfg.prio), jr_lock_name(jr_cfg.lock),
		jr_cfg.hold_across_io, plab_param_uint_get(&jr_cfg.record_kb),
		plab_param_uint_get(&jr_cfg.journal_kb), jr_cfg.slots,
		jr_io_name(jr_cfg.io),
		plab_param_uint_get(&jr_cfg.io_latency_us),
		jr_cfg.path[0] ? jr_cfg.path : "-",
		plab_param_uint_get(&jr_cfg.commits), jr_cfg.csum_max_ns,
		preempt_model_rt() ? "rt" : preempt_model_full() ? "full" :
		preempt_model_voluntary() ? "voluntary" : "none");

	ret = jr_writers_start();
	if (ret)
		goto out_remove_state;
	return 0;

out_remove_state:
	cpuhp_remove_state_nocalls(jr_cfg.hp_state);
out_debugfs_exit:
	jr_debugfs_exit();
out_io_close:
	jr_io_close();
out_writers_free:
	jr_writers_free();
out_free_cpumask:
	free_cpumask_var(jr_cfg.cpus);
	return ret;
}

static void __exit jr_exit(void)
{
	/* No rebinding callback runs once this returns (hotplug lock). */
	cpuhp_remove_state_nocalls(jr_cfg.hp_state);
	/* First the writers: no lock held and no I/O in flight afterwards. */
	jr_writers_stop();
	/* Waits for open readers of the stats to finish. */
	jr_debugfs_exit();
	jr_print_finish();
	jr_io_close();
	jr_writers_free();
	free_cpumask_var(jr_cfg.cpus);
}

module_init(jr_init);
module_exit(jr_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("preemptlab: journaling-style workload (crc32c under a lock, then I/O)");
