// SPDX-License-Identifier: GPL-2.0
/*
 * wakelat's events above --threshold-us: each wakeup the ring buffer
 * brings becomes a "plab_wakelat: key=value ..." line in the ftrace buffer
 * through trace_marker, or on stdout with --no-marker.
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "wakelat_user.h"

/* comm for a key=value line: no spaces, '=' or control characters. */
static void comm_clean(char *dst, const char *src)
{
	int i;

	for (i = 0; i < WAKELAT_COMM_LEN - 1 && src[i]; i++)
		dst[i] = (src[i] <= ' ' || src[i] == '=' || src[i] >= 0x7f) ? '_' : src[i];
	dst[i] = '\0';
}

int handle_event(void *ctx, void *data, size_t len)
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

int marker_open(void)
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
