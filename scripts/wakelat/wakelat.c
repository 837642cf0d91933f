// SPDX-License-Identifier: GPL-2.0
/*
 * wakelat: wakeup-to-run latency of any task, per CPU and per task, from a
 * libbpf CO-RE program (wakelat.bpf.c). Documentation/wakelat.rst.
 *
 * params (parsing only, never touches the system) -> wakelat_apply_config()
 * pushes them into the skeleton's rodata -> the kernel fills the maps ->
 * wakelat_data_read() snapshots them -> the printers read the snapshot.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "analysis_v1.h"
#include "wakelat.h"
#include "wakelat.skel.h"

#define PROG "wakelat"
#define MAX_CPUS 1024		/* WAKELAT_MAX_CPUS of the BPF side */

/* Exit statuses (documented in Documentation/wakelat.rst). */
enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,	/* an output could not be written, ... */
	EXIT_USAGE = 2,
	EXIT_NO_BPF = 4,	/* BPF unavailable: no BTF, no permission, refused */
};

/* Long-only options. */
enum {
	OPT_CGROUP = 256,
	OPT_THRESHOLD_US,
	OPT_NO_HIST,
	OPT_NO_MARKER,
	OPT_MAX_TASKS,
	OPT_TOP,
	OPT_RAW_TP,
};

struct wakelat_params {
	__u32 pid;			/* thread group; 0: any */
	__u32 tid;			/* 0: any */
	char comm[WAKELAT_COMM_LEN];	/* "": any */
	const char *cgroup_path;
	__u64 cgroup_id;
	bool cpu_filter;
	__u64 cpu_mask[MAX_CPUS / 64];
	unsigned int duration_s;	/* 0: until SIGINT/SIGTERM */
	unsigned int interval_s;	/* 0: no interval lines */
	unsigned int entries;		/* linear 1 us buckets */
	__u64 threshold_us;		/* 0: no per-event output */
	const char *json;		/* NULL: none; "-": stdout */
	unsigned int max_tasks;
	unsigned int top;
	bool no_hist;
	bool no_marker;
	bool force_raw_tp;
	bool quiet;
	bool verbose;
};

/* One snapshot of the maps. */
struct wakelat_data {
	int nr_cpus;
	unsigned int row;		/* counters per CPU row */
	struct wakelat_cpu *cpu;	/* [nr_cpus] */
	__u64 *hist;			/* [nr_cpus * row] */
	__u64 *ival_max_ns;		/* [nr_cpus], last interval */
	struct wakelat_task *tasks;
	__u32 *task_pids;
	unsigned int nr_tasks;
	__u64 event_drops, start_drops, task_drops;
};

struct wakelat_tool {
	struct wakelat_params *params;
	struct wakelat_bpf *skel;
	struct ring_buffer *rb;
	__u64 *hist_map;		/* mmap of the hist array */
	size_t hist_len;
	int nr_cpus;
	int marker_fd;
	const char *attach;		/* "tp_btf" or "raw_tp" */
	__u64 events;			/* events received */
	__u64 marker_errors;
	struct wakelat_data now, prev;
	struct timespec t_start;
};

static volatile sig_atomic_t wakelat_stop;

static void usage(FILE *f)
{
	fprintf(f,
"Usage: " PROG " [options]\n"
"\n"
"Wakeup-to-run latency (sched_waking -> sched_switch) of the selected tasks,\n"
"per CPU and per task, aggregated in the kernel by a BPF program.\n"
"\n"
"Filters (all given must match; wakelat itself is left out):\n"
"  -p, --pid PID            tasks of this process (thread group)\n"
"  -t, --tid TID            this thread only\n"
"  -c, --comm COMM          tasks with this comm (exact, 15 chars max)\n"
"      --cgroup PATH        tasks in this cgroup v2 folder (not descendants)\n"
"  -C, --cpus LIST          only wakeups that ran on these CPUs (0-3,6)\n"
"Run:\n"
"  -d, --duration SEC       stop after SEC seconds (default: SIGINT)\n"
"  -i, --interval SEC       print a summary line per CPU every SEC seconds\n"
"      --threshold-us US    write every wakeup above US to the ftrace buffer\n"
"                           through trace_marker (\"plab_wakelat: ...\")\n"
"      --no-marker          print those events on stdout instead\n"
"Histogram and output:\n"
"  -E, --entries N          1 us linear buckets, 1..%d; log2 buckets above\n"
"                           (default %d)\n"
"  -j, --json FILE          JSON report, preemptlab-analysis v1 (-: stdout)\n"
"      --no-hist            no histogram in the text report\n"
"      --top N              tasks listed, by worst latency (default 10)\n"
"      --max-tasks N        tasks tracked in the kernel (default 4096)\n"
"      --raw-tp             use raw tracepoints, not tp_btf\n"
"  -q, --quiet              no text report\n"
"  -v, --verbose            libbpf diagnostics\n"
"  -h, --help               this text\n"
"\n"
"Exit status: 0 success, 1 run-time error, 2 usage error, 4 BPF unavailable\n"
"(no kernel BTF, no permission, program refused).\n",
		WAKELAT_ENTRIES_MAX, WAKELAT_ENTRIES_DEF);
}

/* Errors of the parser go to a buffer: it never prints usage nor exits. */
static int perr(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_ull(const char *s, unsigned long long lo,
		     unsigned long long hi, unsigned long long *out)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* "0-3,6": set the bits; -1 on a malformed list or CPU >= MAX_CPUS. */
static int parse_cpus(const char *s, __u64 *mask)
{
	unsigned long long a, b;
	char buf[256], *tok, *save, *dash;

	if (!*s || strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		dash = strchr(tok, '-');
		if (dash)
			*dash = '\0';
		if (parse_ull(tok, 0, MAX_CPUS - 1, &a))
			return -1;
		b = a;
		if (dash && parse_ull(dash + 1, a, MAX_CPUS - 1, &b))
			return -1;
		for (; a <= b; a++)
			mask[a / 64] |= 1ULL << (a % 64);
	}
	return 0;
}

/*
 * Parse argv into params. Returns 0, 1 for --help, -1 with a message in err.
 * It reads nothing from the system except the cgroup folder's id.
 */
static int wakelat_parse_args(int argc, char **argv, struct wakelat_params *p,
			      char *err, size_t errlen)
{
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "tid", required_argument, NULL, 't' },
		{ "comm", required_argument, NULL, 'c' },
		{ "cgroup", required_argument, NULL, OPT_CGROUP },
		{ "cpus", required_argument, NULL, 'C' },
		{ "duration", required_argument, NULL, 'd' },
		{ "interval", required_argument, NULL, 'i' },
		{ "threshold-us", required_argument, NULL, OPT_THRESHOLD_US },
		{ "no-marker", no_argument, NULL, OPT_NO_MARKER },
		{ "entries", required_argument, NULL, 'E' },
		{ "json", required_argument, NULL, 'j' },
		{ "no-hist", no_argument, NULL, OPT_NO_HIST },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "max-tasks", required_argument, NULL, OPT_MAX_TASKS },
		{ "raw-tp", no_argument, NULL, OPT_RAW_TP },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long v;
	struct stat st;
	int c;

	memset(p, 0, sizeof(*p));
	p->entries = WAKELAT_ENTRIES_DEF;
	p->max_tasks = 4096;
	p->top = 10;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":p:t:c:C:d:i:E:j:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
		case 't':
			if (parse_ull(optarg, 1, INT_MAX, &v))
				return perr(err, errlen, "-%c needs a positive id, not '%s'", c, optarg);
			*(c == 'p' ? &p->pid : &p->tid) = v;
			break;
		case 'c':
			if (!*optarg || strlen(optarg) >= WAKELAT_COMM_LEN)
				return perr(err, errlen, "--comm needs 1..%d characters", WAKELAT_COMM_LEN - 1);
			strcpy(p->comm, optarg);
			break;
		case OPT_CGROUP:
			if (stat(optarg, &st) || !S_ISDIR(st.st_mode))
				return perr(err, errlen, "--cgroup '%s' is not a folder", optarg);
			/* On cgroup2 (kernfs) the inode number is the cgroup id. */
			p->cgroup_path = optarg;
			p->cgroup_id = st.st_ino;
			break;
		case 'C':
			memset(p->cpu_mask, 0, sizeof(p->cpu_mask));
			if (parse_cpus(optarg, p->cpu_mask))
				return perr(err, errlen, "--cpus '%s' is not a CPU list below %d", optarg, MAX_CPUS);
			p->cpu_filter = true;
			break;
		case 'd':
		case 'i':
			if (parse_ull(optarg, 1, 86400 * 365, &v))
				return perr(err, errlen, "-%c needs seconds >= 1, not '%s'", c, optarg);
			*(c == 'd' ? &p->duration_s : &p->interval_s) = v;
			break;
		case OPT_THRESHOLD_US:
			if (parse_ull(optarg, 1, 1000000000ULL, &v))
				return perr(err, errlen, "--threshold-us needs 1..1000000000, not '%s'", optarg);
			p->threshold_us = v;
			break;
		case 'E':
			if (parse_ull(optarg, 1, WAKELAT_ENTRIES_MAX, &v))
				return perr(err, errlen, "--entries needs 1..%d, not '%s'", WAKELAT_ENTRIES_MAX, optarg);
			p->entries = v;
			break;
		case 'j':
			p->json = optarg;
			break;
		case OPT_TOP:
			if (parse_ull(optarg, 0, 100000, &v))
				return perr(err, errlen, "--top needs 0..100000, not '%s'", optarg);
			p->top = v;
			break;
		case OPT_MAX_TASKS:
			if (parse_ull(optarg, 1, 1 << 20, &v))
				return perr(err, errlen, "--max-tasks needs 1..%d, not '%s'", 1 << 20, optarg);
			p->max_tasks = v;
			break;
		case OPT_NO_HIST: p->no_hist = true; break;
		case OPT_NO_MARKER: p->no_marker = true; break;
		case OPT_RAW_TP: p->force_raw_tp = true; break;
		case 'q': p->quiet = true; break;
		case 'v': p->verbose = true; break;
		case 'h': return 1;
		case ':':
			return perr(err, errlen, "option '%s' needs a value", argv[optind - 1]);
		default:
			return perr(err, errlen, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return perr(err, errlen, "unexpected argument '%s'", argv[optind]);
	if (p->interval_s && p->duration_s && p->interval_s > p->duration_s)
		return perr(err, errlen, "--interval %u is longer than --duration %u",
			    p->interval_s, p->duration_s);
	if (p->no_marker && !p->threshold_us)
		return perr(err, errlen, "--no-marker needs --threshold-us");
	return 0;
}

/* ---- statistics over one histogram row (or a sum of rows) ---- */

struct wakelat_summary {
	__u64 count, sum_ns, min_ns, max_ns;
	__u64 p50, p90, p99, p999;	/* us */
};

/* Lower edge in us of slot s of a row. */
static __u64 slot_lo_us(unsigned int entries, unsigned int s)
{
	return s < entries ? s : (__u64)entries << (s - entries);
}

/*
 * Nearest rank: the lower edge of the bucket holding the rank, clamped to
 * [min, max]; the max when the rank lies in the overflow bucket.
 */
static __u64 hist_percentile(const __u64 *row, unsigned int entries,
			     __u64 count, double q, __u64 min_us, __u64 max_us)
{
	__u64 rank = (__u64)ceil(q * count), seen = 0, v;
	unsigned int s, nr = WAKELAT_ROW(entries);

	if (!count)
		return 0;
	if (!rank)
		rank = 1;
	for (s = 0; s < nr; s++) {
		seen += row[s];
		if (seen >= rank)
			break;
	}
	if (s >= nr - 1)
		return max_us;
	v = slot_lo_us(entries, s);
	return v < min_us ? min_us : v > max_us ? max_us : v;
}

static void summary_fill(struct wakelat_summary *sm, const __u64 *row,
			 unsigned int entries)
{
	__u64 lo = sm->min_ns / 1000, hi = sm->max_ns / 1000;

	sm->p50 = hist_percentile(row, entries, sm->count, 0.50, lo, hi);
	sm->p90 = hist_percentile(row, entries, sm->count, 0.90, lo, hi);
	sm->p99 = hist_percentile(row, entries, sm->count, 0.99, lo, hi);
	sm->p999 = hist_percentile(row, entries, sm->count, 0.999, lo, hi);
}

/* ---- BPF side ---- */

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int libbpf_print_verbose(enum libbpf_print_level level, const char *fmt,
				va_list ap)
{
	(void)level;
	return vfprintf(stderr, fmt, ap);
}

static void wakelat_set_progs(struct wakelat_bpf *skel, bool btf)
{
	bpf_program__set_autoload(skel->progs.btf_waking, btf);
	bpf_program__set_autoload(skel->progs.btf_wakeup_new, btf);
	bpf_program__set_autoload(skel->progs.btf_switch, btf);
	bpf_program__set_autoload(skel->progs.raw_waking, !btf);
	bpf_program__set_autoload(skel->progs.raw_wakeup_new, !btf);
	bpf_program__set_autoload(skel->progs.raw_switch, !btf);
}

/* Push params into rodata and size the maps: between open and load. */
static int wakelat_apply_config(struct wakelat_tool *tool)
{
	const struct wakelat_params *p = tool->params;
	struct wakelat_bpf *skel = tool->skel;

	skel->rodata->targ_pid = p->tid;
	skel->rodata->targ_tgid = p->pid;
	skel->rodata->self_tgid = getpid();
	skel->rodata->filter_comm = p->comm[0] != '\0';
	memcpy((char *)skel->rodata->targ_comm, p->comm, WAKELAT_COMM_LEN);
	skel->rodata->filter_cgroup = p->cgroup_path != NULL;
	skel->rodata->targ_cgroup_id = p->cgroup_id;
	skel->rodata->filter_cpu = p->cpu_filter;
	memcpy((void *)skel->rodata->cpu_mask, p->cpu_mask, sizeof(p->cpu_mask));
	skel->rodata->entries = p->entries;
	skel->rodata->threshold_ns = p->threshold_us * 1000;
	/* Generation 0 is what the per-CPU slots hold before any sample. */
	skel->bss->gen = 1;

	if (bpf_map__set_max_entries(skel->maps.hist,
				     tool->nr_cpus * WAKELAT_ROW(p->entries)) ||
	    bpf_map__set_max_entries(skel->maps.tasks, p->max_tasks) ||
	    bpf_map__set_max_entries(skel->maps.start, p->max_tasks * 4))
		return -1;
	return 0;
}

/* Open, configure and load one program set. Returns 0 or -errno. */
static int wakelat_load(struct wakelat_tool *tool, bool btf)
{
	int err;

	tool->skel = wakelat_bpf__open();
	if (!tool->skel)
		return -errno;
	wakelat_set_progs(tool->skel, btf);
	if (wakelat_apply_config(tool)) {
		err = -errno;
		goto destroy;
	}
	err = wakelat_bpf__load(tool->skel);
	if (err)
		goto destroy;
	tool->attach = btf ? "tp_btf" : "raw_tp";
	return 0;
destroy:
	wakelat_bpf__destroy(tool->skel);
	tool->skel = NULL;
	return err;
}

static const char *bpf_reason(int err)
{
	switch (-err) {
	case EPERM:
	case EACCES:
		return "no permission (run as root or with CAP_BPF and CAP_PERFMON)";
	case ENOENT:
	case ESRCH:
		return "no kernel BTF or no such tracepoint (CONFIG_DEBUG_INFO_BTF?)";
	case EINVAL:
		return "the kernel refused the program (verifier or CO-RE relocation)";
	case ENOSYS:
	case EOPNOTSUPP:
		return "the kernel has no BPF support";
	default:
		return strerror(-err);
	}
}

static int wakelat_bpf_start(struct wakelat_tool *tool)
{
	struct wakelat_cpu *init;
	__u32 zero = 0;
	int err, i;

	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		fprintf(stderr, PROG ": BPF unavailable: no /sys/kernel/btf/vmlinux "
			"(kernel without CONFIG_DEBUG_INFO_BTF)\n");
		return EXIT_NO_BPF;
	}
	err = tool->params->force_raw_tp ? -1 : wakelat_load(tool, true);
	if (err) {
		if (tool->params->verbose && !tool->params->force_raw_tp)
			fprintf(stderr, PROG ": tp_btf failed (%s), trying raw_tp\n",
				strerror(-err));
		err = wakelat_load(tool, false);
	}
	if (err) {
		fprintf(stderr, PROG ": BPF unavailable: %s (%s); -v for details\n",
			bpf_reason(err), strerror(-err));
		return EXIT_NO_BPF;
	}

	/* Start every CPU's min at ~0 before anything is attached. */
	init = calloc(tool->nr_cpus, sizeof(*init));
	if (!init)
		return EXIT_RUNTIME;
	for (i = 0; i < tool->nr_cpus; i++)
		init[i].min_ns = ~0ULL;
	err = bpf_map_update_elem(bpf_map__fd(tool->skel->maps.cpu_stats), &zero, init, 0);
	free(init);
	if (err) {
		fprintf(stderr, PROG ": cannot initialise cpu_stats: %s\n", strerror(errno));
		return EXIT_RUNTIME;
	}

	tool->hist_len = (size_t)tool->nr_cpus * WAKELAT_ROW(tool->params->entries) *
			 sizeof(__u64);
	tool->hist_map = mmap(NULL, tool->hist_len, PROT_READ, MAP_SHARED,
			      bpf_map__fd(tool->skel->maps.hist), 0);
	if (tool->hist_map == MAP_FAILED) {
		tool->hist_map = NULL;
		fprintf(stderr, PROG ": cannot mmap the histogram: %s\n", strerror(errno));
		return EXIT_NO_BPF;
	}

	err = wakelat_bpf__attach(tool->skel);
	if (err) {
		fprintf(stderr, PROG ": BPF unavailable: cannot attach %s programs: %s\n",
			tool->attach, strerror(-err));
		return EXIT_NO_BPF;
	}
	return EXIT_OK;
}

/* ---- snapshots ---- */

static int wakelat_data_alloc(struct wakelat_data *d, int nr_cpus,
			      unsigned int entries, unsigned int max_tasks)
{
	d->nr_cpus = nr_cpus;
	d->row = WAKELAT_ROW(entries);
	d->cpu = calloc(nr_cpus, sizeof(*d->cpu));
	d->hist = calloc((size_t)nr_cpus * d->row, sizeof(*d->hist));
	d->ival_max_ns = calloc(nr_cpus, sizeof(*d->ival_max_ns));
	d->tasks = calloc(max_tasks, sizeof(*d->tasks));
	d->task_pids = calloc(max_tasks, sizeof(*d->task_pids));
	return d->cpu && d->hist && d->ival_max_ns && d->tasks && d->task_pids ? 0 : -1;
}

static void wakelat_data_free(struct wakelat_data *d)
{
	free(d->cpu);
	free(d->hist);
	free(d->ival_max_ns);
	free(d->tasks);
	free(d->task_pids);
}

/*
 * Copy the maps into tool->now (tool->prev keeps the last one). The
 * interval maximum: bump the generation, then read the slot of the old one.
 */
static int wakelat_data_read(struct wakelat_tool *tool)
{
	struct wakelat_data *d = &tool->now, tmp;
	struct wakelat_bpf *skel = tool->skel;
	__u32 zero = 0, key, next, *kp = NULL;
	__u64 old;
	int i;

	tmp = tool->prev;
	tool->prev = tool->now;
	tool->now = tmp;
	d = &tool->now;

	old = __atomic_fetch_add(&skel->bss->gen, 1, __ATOMIC_SEQ_CST);
	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.cpu_stats), &zero, d->cpu))
		return -1;
	for (i = 0; i < d->nr_cpus; i++)
		d->ival_max_ns[i] = d->cpu[i].ival_gen[old & 1] == old ?
				    d->cpu[i].ival_max_ns[old & 1] : 0;
	memcpy(d->hist, tool->hist_map, tool->hist_len);

	d->nr_tasks = 0;
	while (d->nr_tasks < tool->params->max_tasks &&
	       !bpf_map_get_next_key(bpf_map__fd(skel->maps.tasks), kp, &next)) {
		key = next;
		kp = &key;
		if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.tasks), &key,
					&d->tasks[d->nr_tasks]))
			continue;
		d->task_pids[d->nr_tasks++] = key;
	}
	d->event_drops = skel->bss->event_drops;
	d->start_drops = skel->bss->start_drops;
	d->task_drops = skel->bss->task_drops;
	return 0;
}

/* Summary of CPU cpu (-1: all) of d, minus base when given. */
static void wakelat_summary_get(const struct wakelat_data *d,
				const struct wakelat_data *base, int cpu,
				unsigned int entries, struct wakelat_summary *sm,
				__u64 *row)
{
	int c, lo = cpu < 0 ? 0 : cpu, hi = cpu < 0 ? d->nr_cpus - 1 : cpu;
	unsigned int s;

	memset(sm, 0, sizeof(*sm));
	memset(row, 0, d->row * sizeof(*row));
	sm->min_ns = ~0ULL;
	for (c = lo; c <= hi; c++) {
		const struct wakelat_cpu *cs = &d->cpu[c];

		for (s = 0; s < d->row; s++)
			row[s] += d->hist[(size_t)c * d->row + s] -
				  (base ? base->hist[(size_t)c * d->row + s] : 0);
		if (base) {
			sm->count += cs->count - base->cpu[c].count;
			sm->sum_ns += cs->sum_ns - base->cpu[c].sum_ns;
			if (d->ival_max_ns[c] > sm->max_ns)
				sm->max_ns = d->ival_max_ns[c];
			sm->min_ns = 0;
		} else {
			sm->count += cs->count;
			sm->sum_ns += cs->sum_ns;
			if (cs->count && cs->min_ns < sm->min_ns)
				sm->min_ns = cs->min_ns;
			if (cs->max_ns > sm->max_ns)
				sm->max_ns = cs->max_ns;
		}
	}
	if (!sm->count)
		sm->min_ns = 0;
	summary_fill(sm, row, entries);
}

/* ---- text output ---- */

static int cpu_has_samples(const struct wakelat_data *d, int c)
{
	return d->cpu[c].count != 0;
}

static void print_hist(FILE *f, const struct wakelat_tool *tool, __u64 *row)
{
	const struct wakelat_data *d = &tool->now;
	unsigned int entries = tool->params->entries, s;
	char idx[48];
	int c, any;

	fprintf(f, "# Wakeup-to-run latency histogram\n");
	fprintf(f, "# Time unit is microseconds (us); 1 us buckets below %u, "
		"then log2 buckets lo-hi\n", entries);
	fprintf(f, "%-13s", "Index");
	for (c = 0; c < d->nr_cpus; c++)
		if (cpu_has_samples(d, c))
			fprintf(f, " %9s%03d", "CPU-", c);
	fprintf(f, " %12s\n", "Total");
	for (s = 0; s < d->row; s++) {
		__u64 total = 0;

		any = 0;
		for (c = 0; c < d->nr_cpus; c++) {
			total += d->hist[(size_t)c * d->row + s];
			any |= d->hist[(size_t)c * d->row + s] != 0;
		}
		if (!any)
			continue;
		if (s < entries)
			snprintf(idx, sizeof(idx), "%u", s);
		else if (s == d->row - 1)
			snprintf(idx, sizeof(idx), "over");
		else
			snprintf(idx, sizeof(idx), "%llu-%llu",
				 (unsigned long long)slot_lo_us(entries, s),
				 (unsigned long long)slot_lo_us(entries, s + 1) - 1);
		fprintf(f, "%-13s", idx);
		for (c = 0; c < d->nr_cpus; c++)
			if (cpu_has_samples(d, c))
				fprintf(f, " %12llu", (unsigned long long)d->hist[(size_t)c * d->row + s]);
		fprintf(f, " %12llu\n", (unsigned long long)total);
	}
	(void)row;
}

static void print_summary_line(FILE *f, const char *label,
			       const struct wakelat_summary *sm)
{
	fprintf(f, "%-6s %10llu %9.1f %8llu %8llu %8llu %8llu %9.1f\n", label,
		(unsigned long long)sm->count,
		sm->count ? sm->sum_ns / 1000.0 / sm->count : 0.0,
		(unsigned long long)sm->p50, (unsigned long long)sm->p90,
		(unsigned long long)sm->p99, (unsigned long long)sm->p999,
		sm->max_ns / 1000.0);
}

static const char *state_name(__u32 st)
{
	if (!st)
		return "R";
	if (st & 1)
		return "S";
	if (st & 2)
		return "D";
	if (st & 4)
		return "T";
	if (st & 8)
		return "t";
	return "?";
}

static int cmp_task_max(const void *a, const void *b, void *arg)
{
	const struct wakelat_task *t = arg;
	__u64 x = t[*(const unsigned int *)a].max_ns, y = t[*(const unsigned int *)b].max_ns;

	return x < y ? 1 : x > y ? -1 : 0;
}

static unsigned int *tasks_sorted(const struct wakelat_data *d)
{
	unsigned int *order = calloc(d->nr_tasks + 1, sizeof(*order)), i;

	if (!order)
		return NULL;
	for (i = 0; i < d->nr_tasks; i++)
		order[i] = i;
	qsort_r(order, d->nr_tasks, sizeof(*order), cmp_task_max, d->tasks);
	return order;
}

static void print_report(FILE *f, struct wakelat_tool *tool, double secs)
{
	const struct wakelat_data *d = &tool->now;
	struct wakelat_summary sm;
	unsigned int *order, i;
	char label[16];
	__u64 *row;
	int c;

	row = calloc(d->row, sizeof(*row));
	if (!row)
		return;
	if (!tool->params->no_hist)
		print_hist(f, tool, row);
	fprintf(f, "# %.1f s, %s programs; latency in us\n", secs, tool->attach);
	fprintf(f, "%-6s %10s %9s %8s %8s %8s %8s %9s\n", "CPU", "count", "avg",
		"p50", "p90", "p99", "p99.9", "max");
	for (c = 0; c < d->nr_cpus; c++) {
		if (!cpu_has_samples(d, c))
			continue;
		wakelat_summary_get(d, NULL, c, tool->params->entries, &sm, row);
		snprintf(label, sizeof(label), "%d", c);
		print_summary_line(f, label, &sm);
	}
	wakelat_summary_get(d, NULL, -1, tool->params->entries, &sm, row);
	print_summary_line(f, "all", &sm);

	order = tasks_sorted(d);
	if (order && tool->params->top && d->nr_tasks) {
		fprintf(f, "# tasks by worst latency, with the task that ran just before "
			"(state R: preempted)\n");
		fprintf(f, "%-16s %7s %7s %8s %9s %9s %4s  %-16s %7s %s\n", "COMM", "TID",
			"PID", "count", "avg", "max", "CPU", "BEHIND", "PID", "STATE");
		for (i = 0; i < d->nr_tasks && i < tool->params->top; i++) {
			const struct wakelat_task *t = &d->tasks[order[i]];

			fprintf(f, "%-16.16s %7u %7u %8llu %9.1f %9.1f %4u  %-16.16s %7u %s\n",
				t->comm, d->task_pids[order[i]], t->tgid,
				(unsigned long long)t->count,
				t->count ? t->sum_ns / 1000.0 / t->count : 0.0,
				t->max_ns / 1000.0, t->max_cpu, t->max_prev_comm,
				t->max_prev_pid, state_name(t->max_prev_state));
		}
	}
	free(order);
	fprintf(f, "# events above threshold: %llu written, %llu dropped (ring buffer "
		"full), %llu not written; wakeups not tracked (map full): %llu; "
		"tasks not tracked: %llu\n",
		(unsigned long long)tool->events, (unsigned long long)d->event_drops,
		(unsigned long long)tool->marker_errors,
		(unsigned long long)d->start_drops, (unsigned long long)d->task_drops);
	free(row);
}

static void print_interval(struct wakelat_tool *tool)
{
	const struct wakelat_data *d = &tool->now;
	struct wakelat_summary sm;
	char label[16], stamp[16];
	time_t now = time(NULL);
	__u64 *row;
	int c;

	row = calloc(d->row, sizeof(*row));
	if (!row)
		return;
	strftime(stamp, sizeof(stamp), "%H:%M:%S", localtime(&now));
	for (c = 0; c < d->nr_cpus; c++) {
		if (d->cpu[c].count == tool->prev.cpu[c].count)
			continue;
		wakelat_summary_get(d, &tool->prev, c, tool->params->entries, &sm, row);
		snprintf(label, sizeof(label), "%d", c);
		printf("%s ", stamp);
		print_summary_line(stdout, label, &sm);
	}
	wakelat_summary_get(d, &tool->prev, -1, tool->params->entries, &sm, row);
	printf("%s ", stamp);
	print_summary_line(stdout, "all", &sm);
	fflush(stdout);
	free(row);
}

/* ---- JSON: schema preemptlab-analysis v1 (libplab/analysis_v1.h) ---- */

static void json_summary(struct pav1_summary *s, const struct wakelat_summary *sm)
{
	*s = (struct pav1_summary){
		.count = sm->count, .min_us = sm->min_ns / 1e3,
		.mean_us = sm->count ? sm->sum_ns / 1e3 / sm->count : 0,
		.p50_us = sm->p50, .p90_us = sm->p90, .p99_us = sm->p99,
		.p999_us = sm->p999, .max_us = sm->max_ns / 1e3,
	};
}

/* The members every run has; wakelat measures threads only, with BPF. */
static void json_head(struct json_writer *w, const struct wakelat_tool *tool,
		      const struct wakelat_summary *all, int *cpus, double secs)
{
	const struct wakelat_data *d = &tool->now;
	const char *model = getenv("PLAB_MODEL");
	struct pav1_run r = {
		.file = "-", .model = model && *model ? model : "host",
		.cpus = cpus, .events = tool->events, .samples = all->count,
		.duration_s = secs, .sources = { .sched = true, .bpf = true },
	};
	struct utsname un;
	int c;

	uname(&un);
	r.kernel = un.release;
	for (c = 0; c < d->nr_cpus; c++)
		if (cpu_has_samples(d, c))
			cpus[r.nr_cpus++] = c;
	pav1_run_begin(w, &r);
	jw_str(w, "measure", "wakeup");
	jw_str(w, "attach", tool->attach);
}

static void json_stats(struct json_writer *w, const struct wakelat_tool *tool,
		       const struct wakelat_summary *all, __u64 *row)
{
	const struct wakelat_data *d = &tool->now;
	struct wakelat_summary sm;
	struct pav1_summary s;
	int c;

	jw_arr_begin(w, "stats");
	json_summary(&s, all);
	pav1_stats_row(w, -1, NULL, &s);
	for (c = 0; c < d->nr_cpus; c++) {
		if (!cpu_has_samples(d, c))
			continue;
		wakelat_summary_get(d, NULL, c, tool->params->entries, &sm, row);
		json_summary(&s, &sm);
		pav1_stats_row(w, c, NULL, &s);
	}
	jw_arr_end(w);
}

/* One CPU's series: 1 us buckets, then the log2 slots past them as [lo, hi, count]. */
static void json_series(struct json_writer *w, const struct wakelat_data *d,
			unsigned int entries, int c)
{
	const __u64 *r = &d->hist[(size_t)c * d->row];
	__u64 over = 0;
	unsigned int s;

	pav1_series_begin(w, c, "thread");
	for (s = 0; s < entries; s++)
		if (r[s])
			pav1_bucket(w, s, r[s]);
	for (s = entries; s < d->row; s++)
		over += r[s];
	pav1_series_buckets_end(w, over);
	jw_arr_begin_inline(w, "log2_tail");
	for (s = entries; s < d->row; s++) {
		if (!r[s])
			continue;
		jw_arr_begin(w, NULL);
		jw_u64(w, NULL, slot_lo_us(entries, s));
		jw_u64(w, NULL, s == d->row - 1 ? 0 : slot_lo_us(entries, s + 1));
		jw_u64(w, NULL, r[s]);
		jw_arr_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

/* The top tasks by their worst latency, and who ran before it. */
static void json_tasks(struct json_writer *w, const struct wakelat_data *d,
		       const unsigned int *order, unsigned int top)
{
	unsigned int i;

	jw_arr_begin(w, "tasks");
	for (i = 0; i < d->nr_tasks && i < top; i++) {
		const struct wakelat_task *t = &d->tasks[order[i]];

		jw_obj_begin(w, NULL);
		jw_u64(w, "tid", d->task_pids[order[i]]);
		jw_u64(w, "pid", t->tgid);
		jw_str(w, "comm", t->comm);
		jw_u64(w, "count", t->count);
		jw_num(w, "mean", t->count ? t->sum_ns / 1e3 / t->count : 0, 3);
		jw_num(w, "max", t->max_ns / 1e3, 3);
		jw_u64(w, "max_cpu", t->max_cpu);
		jw_obj_begin(w, "behind");
		jw_str(w, "comm", t->max_prev_comm);
		jw_u64(w, "pid", t->max_prev_pid);
		jw_u64(w, "state", t->max_prev_state);
		jw_obj_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* Losses: the ring buffer's as the schema's, the BPF maps' and markers' as wakelat's own. */
static void json_missed(struct json_writer *w, const struct wakelat_tool *tool)
{
	const struct wakelat_data *d = &tool->now;
	struct pav1_missed m = { .ring_buffer = d->event_drops };

	jw_obj_begin(w, "missed");
	pav1_missed_counts(w, &m);
	jw_u64(w, "start_map_full", d->start_drops);
	jw_u64(w, "task_map_full", d->task_drops);
	jw_u64(w, "marker_errors", tool->marker_errors);
	jw_obj_end(w);
}

static void json_run(FILE *f, struct wakelat_tool *tool, double secs, __u64 *row,
		     int *cpus, const unsigned int *order)
{
	const struct wakelat_params *p = tool->params;
	const struct wakelat_data *d = &tool->now;
	struct pav1_doc doc = { .generator = "plab-wakelat", .threshold_us = p->threshold_us,
				.hist_max_us = p->entries };
	struct pav1_taint taint = { 0 };	/* nothing is read that could be malformed */
	struct wakelat_summary all;
	struct json_writer w;
	int c;

	wakelat_summary_get(d, NULL, -1, p->entries, &all, row);
	pav1_doc_begin(&w, f, &doc);
	json_head(&w, tool, &all, cpus, secs);
	json_stats(&w, tool, &all, row);
	pav1_hist_begin(&w, p->entries);
	for (c = 0; c < d->nr_cpus; c++)
		if (cpu_has_samples(d, c))
			json_series(&w, d, p->entries, c);
	pav1_hist_end(&w);
	json_tasks(&w, d, order, p->top);
	json_missed(&w, tool);
	pav1_taint(&w, &taint);
	jw_obj_end(&w);
	pav1_doc_end(&w);
}

static int write_json(struct wakelat_tool *tool, double secs)
{
	const struct wakelat_params *p = tool->params;
	const struct wakelat_data *d = &tool->now;
	unsigned int *order = NULL;
	__u64 *row = NULL;
	int *cpus = NULL, err = -1;
	FILE *f;

	f = strcmp(p->json, "-") ? fopen(p->json, "w") : stdout;
	if (!f) {
		fprintf(stderr, PROG ": cannot write '%s': %s\n", p->json, strerror(errno));
		return -1;
	}
	row = calloc(d->row, sizeof(*row));
	cpus = calloc(d->nr_cpus, sizeof(*cpus));
	order = tasks_sorted(d);
	if (row && cpus && order) {
		json_run(f, tool, secs, row, cpus, order);
		err = ferror(f);
	} else {
		fprintf(stderr, PROG ": out of memory for the JSON report\n");
	}
	free(row);
	free(cpus);
	free(order);
	if (f != stdout)
		err |= fclose(f);
	else
		err |= fflush(f);
	if (err)
		fprintf(stderr, PROG ": error writing '%s'\n", p->json);
	return err ? -1 : 0;
}

/* ---- events above the threshold ---- */

/* comm for a key=value line: no spaces, '=' or control characters. */
static void comm_clean(char *dst, const char *src)
{
	int i;

	for (i = 0; i < WAKELAT_COMM_LEN - 1 && src[i]; i++)
		dst[i] = (src[i] <= ' ' || src[i] == '=' || src[i] >= 0x7f) ? '_' : src[i];
	dst[i] = '\0';
}

static int handle_event(void *ctx, void *data, size_t len)
{
	struct wakelat_tool *tool = ctx;
	const struct wakelat_event *e = data;
	char line[320], comm[WAKELAT_COMM_LEN], prev[WAKELAT_COMM_LEN];
	int n;

	if (len < sizeof(*e))
		return 0;
	comm_clean(comm, e->comm);
	comm_clean(prev, e->prev_comm);
	n = snprintf(line, sizeof(line),
		     "plab_wakelat: cpu=%u pid=%u tgid=%u comm=%s lat_ns=%llu "
		     "waking_ns=%llu run_ns=%llu prev_comm=%s prev_pid=%u prev_state=%u\n",
		     e->cpu, e->pid, e->tgid, comm,
		     (unsigned long long)(e->run_ns - e->waking_ns),
		     (unsigned long long)e->waking_ns, (unsigned long long)e->run_ns,
		     prev, e->prev_pid, e->prev_state);
	tool->events++;
	if (tool->params->no_marker)
		fputs(line, stdout);
	else if (write(tool->marker_fd, line, n) != n)
		tool->marker_errors++;
	return 0;
}

static int marker_open(void)
{
	static const char *const paths[] = {
		"/sys/kernel/tracing/trace_marker",
		"/sys/kernel/debug/tracing/trace_marker",
	};
	unsigned int i;
	int fd;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		fd = open(paths[i], O_WRONLY | O_CLOEXEC);
		if (fd >= 0)
			return fd;
	}
	return -1;
}

/* ---- main loop ---- */

static void on_signal(int sig)
{
	(void)sig;
	wakelat_stop = 1;
}

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static int wakelat_run(struct wakelat_tool *tool)
{
	const struct wakelat_params *p = tool->params;
	double next_ival = p->interval_s, now;
	int err, ms;

	if (p->interval_s && wakelat_data_read(tool))
		return -1;
	/* Always: scripts wait for this line before starting their load. */
	fprintf(stderr, PROG ": tracing wakeups (%s)%s\n", tool->attach,
		p->duration_s ? "" : ", Ctrl-C to stop");
	if (p->interval_s)
		printf("%-8s %-6s %10s %9s %8s %8s %8s %8s %9s\n", "time", "CPU", "count",
		       "avg", "p50", "p90", "p99", "p99.9", "max");
	while (!wakelat_stop) {
		now = since(&tool->t_start);
		if (p->duration_s && now >= p->duration_s)
			break;
		ms = 100;
		if (p->duration_s && (p->duration_s - now) * 1000 < ms)
			ms = (p->duration_s - now) * 1000 + 1;
		err = ring_buffer__poll(tool->rb, ms);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, PROG ": ring buffer: %s\n", strerror(-err));
			return -1;
		}
		if (p->interval_s && since(&tool->t_start) >= next_ival) {
			if (wakelat_data_read(tool))
				return -1;
			print_interval(tool);
			next_ival += p->interval_s;
		}
	}
	ring_buffer__consume(tool->rb);
	return wakelat_data_read(tool);
}

int main(int argc, char **argv)
{
	struct wakelat_params params;
	struct wakelat_tool tool = { .params = &params, .marker_fd = -1 };
	struct sigaction sa = { .sa_handler = on_signal };
	char err[256];
	double secs;
	int rc;

	rc = wakelat_parse_args(argc, argv, &params, err, sizeof(err));
	if (rc > 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (rc < 0) {
		fprintf(stderr, PROG ": error: %s (see " PROG " -h)\n", err);
		return EXIT_USAGE;
	}

	libbpf_set_print(params.verbose ? libbpf_print_verbose : libbpf_print);
	tool.nr_cpus = libbpf_num_possible_cpus();
	if (tool.nr_cpus <= 0 || tool.nr_cpus > MAX_CPUS) {
		fprintf(stderr, PROG ": cannot handle %d possible CPUs\n", tool.nr_cpus);
		return EXIT_RUNTIME;
	}
	if (wakelat_data_alloc(&tool.now, tool.nr_cpus, params.entries, params.max_tasks) ||
	    wakelat_data_alloc(&tool.prev, tool.nr_cpus, params.entries, params.max_tasks)) {
		fprintf(stderr, PROG ": out of memory\n");
		rc = EXIT_RUNTIME;
		goto cleanup;
	}
	if (params.threshold_us && !params.no_marker) {
		tool.marker_fd = marker_open();
		if (tool.marker_fd < 0) {
			fprintf(stderr, PROG ": cannot open trace_marker (is tracefs mounted?): %s\n",
				strerror(errno));
			rc = EXIT_RUNTIME;
			goto cleanup;
		}
	}

	rc = wakelat_bpf_start(&tool);
	if (rc)
		goto cleanup;
	tool.rb = ring_buffer__new(bpf_map__fd(tool.skel->maps.events), handle_event,
				   &tool, NULL);
	if (!tool.rb) {
		fprintf(stderr, PROG ": cannot create the ring buffer reader: %s\n",
			strerror(errno));
		rc = EXIT_RUNTIME;
		goto cleanup;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	clock_gettime(CLOCK_MONOTONIC, &tool.t_start);

	if (wakelat_run(&tool)) {
		fprintf(stderr, PROG ": cannot read the BPF maps: %s\n", strerror(errno));
		rc = EXIT_RUNTIME;
		goto cleanup;
	}
	secs = since(&tool.t_start);
	if (!params.quiet)
		print_report(params.json && !strcmp(params.json, "-") ? stderr : stdout,
			     &tool, secs);
	if (params.json && write_json(&tool, secs))
		rc = EXIT_RUNTIME;

cleanup:
	ring_buffer__free(tool.rb);
	if (tool.hist_map)
		munmap(tool.hist_map, tool.hist_len);
	wakelat_bpf__destroy(tool.skel);
	if (tool.marker_fd >= 0)
		close(tool.marker_fd);
	wakelat_data_free(&tool.now);
	wakelat_data_free(&tool.prev);
	return rc;
}
