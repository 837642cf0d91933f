// SPDX-License-Identifier: GPL-2.0
/*
 * plab_journal: the commit's I/O. io=file writes the record to its slot of
 * the backing file (path=) and fsyncs it; io=sleep only waits. Both then
 * wait io_latency_us more (the device latency the model asks for).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/sched.h>
#include <plab/clock.h>
#include "journal.h"

/*
 * Create the backing file, exactly path= and nothing else: O_EXCL so that
 * an existing file (or a symlink planted there) is never written, and no
 * folder is created. The path was checked to be absolute, without "."
 * or ".." components.
 */
int jr_io_open(void)
{
	struct file *file;

	if (jr_cfg.io != JR_IO_FILE)
		return 0;
	file = filp_open(jr_cfg.path,
			 O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_LARGEFILE,
			 0600);
	if (IS_ERR(file)) {
		pr_err("path=%s: cannot create the backing file (%ld%s)\n",
		       jr_cfg.path, PTR_ERR(file),
		       PTR_ERR(file) == -EEXIST ?
		       ": it exists; the module writes only a file it creates" :
		       "");
		return PTR_ERR(file);
	}
	jr_cfg.file = file;
	return 0;
}

/* After the writers stopped: no I/O is in flight. */
void jr_io_close(void)
{
	if (!jr_cfg.file)
		return;
	filp_close(jr_cfg.file, NULL);
	jr_cfg.file = NULL;
}

/* An uninterruptible hrtimer sleep: rmmod waits for it to end. */
static void jr_io_sleep(unsigned int us)
{
	ktime_t t = ns_to_ktime((u64)us * NSEC_PER_USEC);

	if (!us)
		return;
	set_current_state(TASK_UNINTERRUPTIBLE);
	schedule_hrtimeout(&t, HRTIMER_MODE_REL);
}

/* Write the record to its slot of the file and make it durable. */
static int jr_io_file(struct jr_writer *w, u64 id)
{
	size_t len = jr_cfg.record_bytes;
	loff_t pos = ((id - 1) % jr_cfg.slots) * len;
	ssize_t ret;
	int err;

	ret = kernel_write(jr_cfg.file, w->buf, len, &pos);
	if (ret < 0)
		return ret;
	if (ret != len)
		return -ENOSPC;		/* a short write: the device is full */
	err = vfs_fsync(jr_cfg.file, 1);
	return err;
}

/*
 * The I/O of commit @id of @w. Returns 0 or a negative errno, which the
 * caller counts; the time spent goes to @io_ns.
 */
int jr_io_run(struct jr_writer *w, u64 id, u64 *io_ns)
{
	u64 start = plab_clock_ns();
	int err = 0;

	if (jr_cfg.io == JR_IO_FILE) {
		err = jr_io_file(w, id);
		if (err)
			pr_warn_ratelimited("commit %llu: I/O error %d on %s\n",
					    id, err, jr_cfg.path);
	}
	jr_io_sleep(plab_param_uint_get(&jr_cfg.io_latency_us));
	*io_ns = plab_clock_ns() - start;
	return err;
}
