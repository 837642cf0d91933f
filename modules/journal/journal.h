/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plab_journal internals shared by its objects: the one config struct, the
 * per-writer state and the commit phases.
 */
#ifndef _PLAB_JOURNAL_H
#define _PLAB_JOURNAL_H

#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <plab/hist.h>
#include <plab/param.h>

#define JR_WRITERS_MAX		16
#define JR_RECORD_KB_DEFAULT	64
#define JR_RECORD_KB_MAX	16384		/* 16 MiB per writer */
#define JR_JOURNAL_KB_DEFAULT	1024
#define JR_JOURNAL_KB_MAX	65536		/* 64 MiB ring */
#define JR_IO_LATENCY_US_DEFAULT 10000		/* 10 ms */
#define JR_IO_LATENCY_US_MAX	1000000		/* 1 s: rmmod waits for it */
#define JR_COMMITS_MAX		10000000
#define JR_CSUM_CHUNK		(64 * 1024)	/* bytes between stop checks */
/*
 * Hard limit of the time a writer spends with preemption off for one commit
 * (spinning for the lock, then the checksum), far below the lockup (10 s)
 * and RCU-stall (21 s) watchdogs: a longer section is cut and counted.
 */
#define JR_CSUM_MAX_MS		500
#define JR_CSUM_MAX_NS		(JR_CSUM_MAX_MS * NSEC_PER_MSEC)
/* policy=fifo: the most of its time a writer may be busy, in percent. */
#define JR_DUTY_PCT_MAX		90
/* Commit latency histogram: 100 us buckets up to 2 s, then overflow. */
#define JR_HIST_BUCKET_NS	100000
#define JR_HIST_BUCKETS		20000

enum jr_lock {
	JR_LOCK_RAW_SPIN,
	JR_LOCK_SPIN,
	JR_LOCK_MUTEX,
	JR_LOCK_NR,
};

enum jr_io {
	JR_IO_SLEEP,
	JR_IO_FILE,
	JR_IO_NR,
};

struct jr_config {
	/* Parameters, validated in jr_config_check() before any side effect. */
	struct plab_param_uint writers;
	struct plab_param_uint prio;
	struct plab_param_uint record_kb;
	struct plab_param_uint journal_kb;
	struct plab_param_uint io_latency_us;
	struct plab_param_uint commits;		/* per writer; 0: until rmmod */
	struct plab_param_uint csum_max_ms;	/* preemption off per commit */
	char cpus_str[256];
	char policy_str[8];
	char lock_str[16];
	char io_str[8];
	char path[256];
	bool hold_across_io;

	/* Derived at load. */
	enum jr_lock lock;
	enum jr_io io;
	bool fifo;
	cpumask_var_t cpus;
	size_t record_bytes;
	unsigned int slots;			/* records in the ring */
	u64 csum_max_ns;			/* cut a checksum section here */
	int hp_state;				/* dynamic cpuhp state */

	/* The journal: one lock of each kind, the chosen one is used. */
	raw_spinlock_t raw_lock;		/* lock=raw_spin */
	spinlock_t spin_lock;			/* lock=spin */
	struct mutex mutex;			/* lock=mutex */
	u64 seq;				/* last commit id; under the lock */
	u8 *ring;				/* slots * record_bytes */

	struct file *file;			/* io=file backing file */
	struct dentry *dir;			/* debugfs KBUILD_MODNAME */
	bool stopping;				/* unload: no new commit */
	bool enabled;				/* debugfs: commits run */
	wait_queue_head_t wq;			/* writers wait for enabled */
	u64 start_ns;
};

struct jr_phase {
	u64 min, sum, max;			/* ns; min U64_MAX while empty */
};

struct jr_stats {
	u64 commits;		/* attempts that got an id: ok + errors + cut */
	u64 ok;
	u64 errors;		/* failed I/O */
	u64 cut;		/* checksum stopped by rmmod or the hard limit */
	u64 bytes;		/* written by successful commits */
	int last_error;
	struct jr_phase lock_wait, csum, io, total;
	struct plab_hist hist;	/* total commit latency */
};

struct jr_writer {
	struct task_struct *task;	/* owned by start/stop */
	unsigned int index;
	unsigned int cpu;
	u64 done;			/* commits of this writer */
	u8 *buf;			/* the record being built */
	spinlock_t stats_lock;		/* stats vs debugfs readers */
	struct jr_stats stats;
};

/* What one commit did, times on trace_clock_local(). */
struct jr_commit {
	u64 id;
	u64 start;
	u64 lock_wait_ns;
	u64 csum_ns;
	u64 io_ns;
	u32 crc;
	int err;
	bool cut;
};

extern struct jr_config jr_cfg;
extern struct jr_writer *jr_writers;

const char *jr_lock_name(enum jr_lock lock);
const char *jr_io_name(enum jr_io io);
int jr_writer_fn(void *data);
void jr_stats_init(struct jr_stats *s);
u64 jr_hist_pct(const struct plab_hist *h, unsigned int pct);
int jr_io_open(void);
void jr_io_close(void);
int jr_io_run(struct jr_writer *w, u64 id, u64 *io_ns);
int jr_debugfs_init(void);
void jr_debugfs_exit(void);

#endif /* _PLAB_JOURNAL_H */
