// SPDX-License-Identifier: GPL-2.0
/*
 * wakelat's command line: the usage text and the parser of argv into
 * struct wakelat_params. Parsing only: it never prints usage nor exits,
 * and reads nothing from the system but the cgroup folder's id.
 */
#include <getopt.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include "opt.h"
#include "wakelat_user.h"

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

void usage(FILE *f)
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

/* "0-3,6": set the bits; -1 on a malformed list or CPU >= MAX_CPUS. */
static int parse_cpus(const char *s, __u64 *mask)
{
	uint64_t a, b;
	char buf[256], *tok, *save, *dash;

	if (!*s || strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		dash = strchr(tok, '-');
		if (dash)
			*dash = '\0';
		if (!plab_opt_u64(tok, 0, MAX_CPUS - 1, &a))
			return -1;
		b = a;
		if (dash && !plab_opt_u64(dash + 1, a, MAX_CPUS - 1, &b))
			return -1;
		for (; a <= b; a++)
			mask[a / 64] |= 1ULL << (a % 64);
	}
	return 0;
}

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

/* The task filters: -p, -t, --comm, --cgroup, --cpus. */
static int parse_filter(int c, const char *arg, struct wakelat_params *p,
			char *err, size_t errlen)
{
	uint64_t v;
	struct stat st;

	switch (c) {
	case 'p':
	case 't':
		if (!plab_opt_u64(arg, 1, INT_MAX, &v))
			return plab_opt_err(err, errlen, "-%c needs a positive id, not '%s'", c, arg);
		*(c == 'p' ? &p->pid : &p->tid) = v;
		break;
	case 'c':
		if (!*arg || strlen(arg) >= WAKELAT_COMM_LEN)
			return plab_opt_err(err, errlen, "--comm needs 1..%d characters", WAKELAT_COMM_LEN - 1);
		strcpy(p->comm, arg);
		break;
	case OPT_CGROUP:
		if (stat(arg, &st) || !S_ISDIR(st.st_mode))
			return plab_opt_err(err, errlen, "--cgroup '%s' is not a folder", arg);
		/* On cgroup2 (kernfs) the inode number is the cgroup id. */
		p->cgroup_path = arg;
		p->cgroup_id = st.st_ino;
		break;
	case 'C':
		memset(p->cpu_mask, 0, sizeof(p->cpu_mask));
		if (parse_cpus(arg, p->cpu_mask))
			return plab_opt_err(err, errlen, "--cpus '%s' is not a CPU list below %d", arg, MAX_CPUS);
		p->cpu_filter = true;
		break;
	}
	return 0;
}

/* The options with a number: run time, threshold and sizes. */
static int parse_number(int c, const char *arg, struct wakelat_params *p,
			char *err, size_t errlen)
{
	uint64_t v;

	switch (c) {
	case 'd':
	case 'i':
		if (!plab_opt_u64(arg, 1, 86400 * 365, &v))
			return plab_opt_err(err, errlen, "-%c needs seconds >= 1, not '%s'", c, arg);
		*(c == 'd' ? &p->duration_s : &p->interval_s) = v;
		break;
	case OPT_THRESHOLD_US:
		if (!plab_opt_u64(arg, 1, 1000000000ULL, &v))
			return plab_opt_err(err, errlen, "--threshold-us needs 1..1000000000, not '%s'", arg);
		p->threshold_us = v;
		break;
	case 'E':
		if (!plab_opt_u64(arg, 1, WAKELAT_ENTRIES_MAX, &v))
			return plab_opt_err(err, errlen, "--entries needs 1..%d, not '%s'", WAKELAT_ENTRIES_MAX, arg);
		p->entries = v;
		break;
	case OPT_TOP:
		if (!plab_opt_u64(arg, 0, 100000, &v))
			return plab_opt_err(err, errlen, "--top needs 0..100000, not '%s'", arg);
		p->top = v;
		break;
	case OPT_MAX_TASKS:
		if (!plab_opt_u64(arg, 1, 1 << 20, &v))
			return plab_opt_err(err, errlen, "--max-tasks needs 1..%d, not '%s'", 1 << 20, arg);
		p->max_tasks = v;
		break;
	}
	return 0;
}

/* Checks across options, once all are read. */
static int check_params(const struct wakelat_params *p, char *err, size_t errlen)
{
	if (p->interval_s && p->duration_s && p->interval_s > p->duration_s)
		return plab_opt_err(err, errlen, "--interval %u is longer than --duration %u",
			    p->interval_s, p->duration_s);
	if (p->no_marker && !p->threshold_us)
		return plab_opt_err(err, errlen, "--no-marker needs --threshold-us");
	return 0;
}

/*
 * Parse argv into params. Returns 0, 1 for --help, -1 with a message in err.
 * It reads nothing from the system except the cgroup folder's id.
 */
int wakelat_parse_args(int argc, char **argv, struct wakelat_params *p,
		       char *err, size_t errlen)
{
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
		case 'c':
		case OPT_CGROUP:
		case 'C':
			if (parse_filter(c, optarg, p, err, errlen))
				return -1;
			break;
		case 'd':
		case 'i':
		case OPT_THRESHOLD_US:
		case 'E':
		case OPT_TOP:
		case OPT_MAX_TASKS:
			if (parse_number(c, optarg, p, err, errlen))
				return -1;
			break;
		case 'j': p->json = optarg; break;
		case OPT_NO_HIST: p->no_hist = true; break;
		case OPT_NO_MARKER: p->no_marker = true; break;
		case OPT_RAW_TP: p->force_raw_tp = true; break;
		case 'q': p->quiet = true; break;
		case 'v': p->verbose = true; break;
		case 'h': return 1;
		case ':':
			return plab_opt_err(err, errlen, "option '%s' needs a value", argv[optind - 1]);
		default:
			return plab_opt_err(err, errlen, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return plab_opt_err(err, errlen, "unexpected argument '%s'", argv[optind]);
	return check_params(p, err, errlen);
}
