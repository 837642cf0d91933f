// SPDX-License-Identifier: GPL-2.0
/*
 * plab-periodic: run periodic jobs (one thread per task) and report per
 * job release, start, finish and deadline (trace_marker) and a summary.
 *
 * Parsing fills struct periodic_params only; main() applies it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "opt.h"
#include "periodic.h"

static void usage(FILE *f)
{
	fprintf(f,
"Usage: plab-periodic [options] TASK...\n"
"\n"
"Run each TASK in its own thread for the duration and print a summary:\n"
"jobs, deadline misses, wakeup latency and lateness (p50, p99, max).\n"
"TASK is a comma-separated list of key=value:\n"
"  name=NAME          label in the output (default task<i>)\n"
"  role=ROLE          preset: compositor (FIFO 80, 16667 us, cost 2000),\n"
"                     audio (FIFO 90, 5000 us, cost 1000), shell (OTHER,\n"
"                     50000 us, cost 300, deadline 20000), edf (DEADLINE,\n"
"                     20000 us, cost 2000), hpc (matmul), noise\n"
"  policy=other|fifo|deadline   prio=1..99 (fifo)   nice=-20..19 (other)\n"
"  cpu=N              pin to CPU N (-1: not pinned; deadline tasks cannot\n"
"                     be pinned to part of their root domain)\n"
"  period_us=US cost_us=US deadline_us=US (default period)\n"
"  runtime_us=US      SCHED_DEADLINE budget (default cost * 2)\n"
"  work=periodic|matmul|noise   size=N (matmul order, default 128)\n"
"  gap_us=US          noise: gaps above US count (default 10)\n"
"\n"
"  -A, --all-cpus       start from every CPU, not the affinity inherited from\n"
"                       the caller (a harness that keeps itself off the\n"
"                       measured CPU; tasks with cpu= still pin themselves)\n"
"  -d, --duration-s S   run time in seconds (default 10)\n"
"  -j, --json FILE      JSON summary (schema preemptlab-periodic v1; - stdout)\n"
"  -k, --kv             NAME.METRIC=VALUE lines on stdout instead of the table\n"
"  -n, --no-marker      do not write the per-job trace_marker lines\n"
"  -q, --quiet          no table\n"
"  -h, --help           this text\n"
"\n"
"Each job writes to the ftrace trace_marker (when writable):\n"
"  plab_job: name=N seq=K cpu=C release=R start=S finish=F deadline=D miss=0|1\n"
"with CLOCK_MONOTONIC ns; one 'plab_job_clock: monotonic=T' line at start\n"
"aligns them with the trace clock. A job misses when finish > deadline;\n"
"jobs released after their deadline already passed are skipped and count\n"
"as misses (xruns). Exit status: 0 ok, 1 setup failure, 2 usage error.\n");
}

/*
 * The defaults, then the preset of role= if there is one: it goes first,
 * so explicit keys override the preset whatever the order.
 */
static int task_preset(const char *arg, struct periodic_task_params *t, int idx,
		       char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "task%d", idx);
	t->cpu = -1;
	t->prio = 50;
	t->size = 128;
	t->gap_us = 10;
	for (const char *s = strstr(arg, "role="); s; s = NULL) {
		char role[32];
		size_t n = strcspn(s + 5, ",");

		if ((s != arg && s[-1] != ',') || n >= sizeof(role))
			break;
		memcpy(role, s + 5, n);
		role[n] = 0;
		if (periodic_role_set(t, role)) {
			snprintf(err, errlen, "unknown role '%s'", role);
			return -1;
		}
	}
	return 0;
}

/* How a TASK key's value is read, and so where it may go. */
enum task_key_kind {
	KEY_ROLE,	/* applied first, by task_preset() */
	KEY_NAME,
	KEY_POLICY,	/* one of periodic_policy_name[] */
	KEY_WORK,	/* one of periodic_work_name[] */
	KEY_INT,	/* an int in [lo, hi] */
	KEY_U64,	/* a uint64_t in [lo, hi] */
	KEY_UINT,	/* an unsigned int in [lo, hi] */
};

#define TASK_FIELD(f)	offsetof(struct periodic_task_params, f)

static const struct task_key_def {
	const char *key;
	enum task_key_kind kind;
	size_t off;		/* KEY_INT, KEY_U64, KEY_UINT: the field */
	int64_t lo, hi;
} task_keys[] = {
	{ "role",        KEY_ROLE,   0, 0, 0 },
	{ "name",        KEY_NAME,   0, 0, 0 },
	{ "policy",      KEY_POLICY, 0, 0, 0 },
	{ "work",        KEY_WORK,   0, 0, 0 },
	{ "prio",        KEY_INT,    TASK_FIELD(prio), 1, 99 },
	{ "nice",        KEY_INT,    TASK_FIELD(nice), -20, 19 },
	{ "cpu",         KEY_INT,    TASK_FIELD(cpu), -1, 4095 },
	{ "period_us",   KEY_U64,    TASK_FIELD(period_us), 100, 10000000 },
	{ "cost_us",     KEY_U64,    TASK_FIELD(cost_us), 0, 10000000 },
	{ "deadline_us", KEY_U64,    TASK_FIELD(deadline_us), 1, 10000000 },
	{ "runtime_us",  KEY_U64,    TASK_FIELD(runtime_us), 1, 10000000 },
	{ "size",        KEY_UINT,   TASK_FIELD(size), 16, 2048 },
	{ "gap_us",      KEY_U64,    TASK_FIELD(gap_us), 1, 1000000 },
};

/* The index of v in names[n] (the output's names, so they read back), or -1. */
static int name_index(const char *const *names, int n, const char *v)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], v))
			return i;
	return -1;
}

/* Sets k's field of t from v; false when v is not a value of k. */
static bool task_key_set(struct periodic_task_params *t,
			 const struct task_key_def *k, const char *v)
{
	char *field = (char *)t + k->off;
	int64_t i;
	uint64_t u;
	int idx;

	switch (k->kind) {
	case KEY_ROLE:
		return true;
	case KEY_NAME:
		/* The name is a key in the kv output (NAME.METRIC=VALUE). */
		if (!*v || strlen(v) >= sizeof(t->name) || strpbrk(v, " =.\"\\"))
			return false;
		strcpy(t->name, v);
		return true;
	case KEY_POLICY:
		idx = name_index(periodic_policy_name, PERIODIC_NR_POLICIES, v);
		if (idx >= 0)
			t->policy = idx;
		return idx >= 0;
	case KEY_WORK:
		idx = name_index(periodic_work_name, PERIODIC_NR_WORKS, v);
		if (idx >= 0)
			t->work = idx;
		return idx >= 0;
	case KEY_INT:
		if (!plab_opt_i64(v, k->lo, k->hi, &i))
			return false;
		*(int *)field = i;
		return true;
	case KEY_U64:
	case KEY_UINT:
		if (!plab_opt_u64(v, k->lo, k->hi, &u))
			return false;
		if (k->kind == KEY_UINT)
			*(unsigned int *)field = u;
		else
			*(uint64_t *)field = u;
		return true;
	}
	return false;
}

/* One key=value of a TASK (role= was applied first); on error, a message. */
static int task_key(struct periodic_task_params *t, const char *kv, const char *v,
		    char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(task_keys) / sizeof(task_keys[0]); i++) {
		if (strcmp(kv, task_keys[i].key))
			continue;
		if (!task_key_set(t, &task_keys[i], v))
			return plab_opt_err(err, errlen, "bad value '%s' for %s", v, kv);
		return 0;
	}
	return plab_opt_err(err, errlen, "unknown key '%s'", kv);
}

/* The checks across keys, and the defaults that depend on other keys. */
static int task_check(struct periodic_task_params *t, char *err, size_t errlen)
{
	if (t->work == WORK_PERIODIC) {
		if (!t->period_us) {
			snprintf(err, errlen, "task %s: period_us is required", t->name);
			return -1;
		}
		if (!t->deadline_us)
			t->deadline_us = t->period_us;
		if (t->cost_us >= t->deadline_us) {
			snprintf(err, errlen, "task %s: cost_us must be below deadline_us", t->name);
			return -1;
		}
	}
	if (t->policy == POL_DEADLINE) {
		if (t->work != WORK_PERIODIC) {
			snprintf(err, errlen, "task %s: policy=deadline needs work=periodic", t->name);
			return -1;
		}
		if (!t->runtime_us)
			t->runtime_us = t->cost_us * 2;
		if (t->runtime_us > t->deadline_us || t->deadline_us > t->period_us) {
			snprintf(err, errlen, "task %s: need runtime_us <= deadline_us <= period_us", t->name);
			return -1;
		}
	}
	return 0;
}

/* Parse one TASK argument into t; on error, a message names the key. */
static int task_parse(char *arg, struct periodic_task_params *t, int idx,
		      char *err, size_t errlen)
{
	char *save = NULL, *kv;

	if (task_preset(arg, t, idx, err, errlen))
		return -1;
	for (kv = strtok_r(arg, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *v = strchr(kv, '=');

		if (!v) {
			snprintf(err, errlen, "'%s' is not key=value", kv);
			return -1;
		}
		*v++ = 0;
		if (task_key(t, kv, v, err, errlen))
			return -1;
	}
	return task_check(t, err, errlen);
}

enum { OPT_HELP = 'h' };

static int params_parse(int argc, char **argv, struct periodic_params *p)
{
	static const struct option opts[] = {
		{ "all-cpus", no_argument, NULL, 'A' },
		{ "duration-s", required_argument, NULL, 'd' },
		{ "json", required_argument, NULL, 'j' },
		{ "kv", no_argument, NULL, 'k' },
		{ "no-marker", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	char err[200];
	int c;

	memset(p, 0, sizeof(*p));
	p->duration_s = 10;
	p->marker = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+Ad:j:knqh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (!plab_opt_double(optarg, 0.1, 86400, &p->duration_s)) {
				fprintf(stderr, "plab-periodic: error: --duration-s needs 0.1..86400\n");
				return 2;
			}
			break;
		case 'A': p->all_cpus = 1; break;
		case 'j': p->json = optarg; break;
		case 'k': p->kv = 1; break;
		case 'n': p->marker = 0; break;
		case 'q': p->quiet = 1; break;
		case OPT_HELP: usage(stdout); return 1;
		default:
			fprintf(stderr, "plab-periodic: error: unknown argument '%s' (see plab-periodic -h)\n",
				argv[optind - 1]);
			return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "plab-periodic: error: no TASK given (see plab-periodic -h)\n");
		return 2;
	}
	for (; optind < argc; optind++) {
		if (p->ntasks == PERIODIC_MAX_TASKS) {
			fprintf(stderr, "plab-periodic: error: at most %d tasks\n", PERIODIC_MAX_TASKS);
			return 2;
		}
		if (task_parse(argv[optind], &p->task[p->ntasks], p->ntasks, err, sizeof(err))) {
			fprintf(stderr, "plab-periodic: error: %s\n", err);
			return 2;
		}
		p->ntasks++;
	}
	return 0;
}

static int marker_open(void)
{
	static const char *const paths[] = {
		"/sys/kernel/tracing/trace_marker",
		"/sys/kernel/debug/tracing/trace_marker",
	};

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		int fd = open(paths[i], O_WRONLY | O_CLOEXEC);

		if (fd >= 0)
			return fd;
	}
	return -1;
}

/*
 * -A: the task threads inherit this affinity. Started with the CPUs its
 * caller keeps to, the program widens it itself, so no process of the
 * caller (taskset, a shell) ever runs on the measured CPU, not even for
 * the exec. Every configured CPU: the kernel keeps the online ones.
 */
static int affinity_widen(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);
	cpu_set_t set;

	CPU_ZERO(&set);
	for (long i = 0; i < n && i < CPU_SETSIZE; i++)
		CPU_SET(i, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "plab-periodic: error: --all-cpus: sched_setaffinity: %s\n",
			strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct periodic_params p;
	static struct periodic_task task[PERIODIC_MAX_TASKS];
	uint64_t t0, end;
	int ret, fd = -1, failed = 0;

	ret = params_parse(argc, argv, &p);
	if (ret)
		return ret == 1 ? 0 : ret;
	if (p.all_cpus && affinity_widen())
		return 1;

	/* Page faults in a job would be latency of our own making. */
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		fprintf(stderr, "plab-periodic: mlockall: %s (continuing)\n", strerror(errno));
	if (p.marker) {
		fd = marker_open();
		if (fd >= 0) {
			char buf[80];
			int n = snprintf(buf, sizeof(buf), "plab_job_clock: monotonic=%llu\n",
					 (unsigned long long)periodic_now_ns());

			if (write(fd, buf, n) < 0)
				fd = -1;
		}
	}
	/* A common start 100 ms ahead: every thread is set up by then. */
	t0 = periodic_now_ns() + 100000000ull;
	end = t0 + (uint64_t)(p.duration_s * 1e9);
	for (int i = 0; i < p.ntasks; i++) {
		task[i].p = &p.task[i];
		task[i].t0_ns = t0;
		task[i].end_ns = end;
		task[i].marker_fd = fd;
		ret = pthread_create(&task[i].thread, NULL, periodic_task_main, &task[i]);
		if (ret) {
			fprintf(stderr, "plab-periodic: error: thread %s: %s\n",
				p.task[i].name, strerror(ret));
			return 1;
		}
	}
	for (int i = 0; i < p.ntasks; i++) {
		pthread_join(task[i].thread, NULL);
		if (task[i].d.error) {
			fprintf(stderr, "plab-periodic: error: task %s: %s\n", p.task[i].name,
				task[i].d.errmsg[0] ? task[i].d.errmsg : strerror(task[i].d.error));
			failed = 1;
		}
	}
	if (p.kv)
		periodic_print_kv(stdout, task, p.ntasks);
	else if (!p.quiet)
		periodic_print_text(stdout, task, p.ntasks);
	if (p.json && periodic_write_json(p.json, task, p.ntasks, p.duration_s)) {
		fprintf(stderr, "plab-periodic: error: %s: %s\n", p.json, strerror(errno));
		failed = 1;
	}
	if (fd >= 0)
		close(fd);
	return failed;
}
