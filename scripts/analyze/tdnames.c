// SPDX-License-Identifier: GPL-2.0
/*
 * Names one or two bytes off those the analyzer reads, and system names
 * that cannot be one (see tdnames.h).
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "tdnames.h"

/* The events trace.c's reader_setup() and interval_sources[] hook. */
static const char *const hooked[][2] = {
	{ "preemptlab", "plab_latency" },
	{ "preemptlab", "plab_latency_cause" },
	{ "preemptlab", "plab_nps_section" },
	{ "preemptlab", "plab_softirq_batch" },
	{ "irq", "irq_handler_entry" },
	{ "irq", "irq_handler_exit" },
	{ "irq", "softirq_entry" },
	{ "irq", "softirq_exit" },
	{ "irq", "softirq_defer" },
	{ "sched", "sched_switch" },
};

/* Same length and 1 to max bytes different. */
static bool bytes_off(const char *a, const char *b, size_t max)
{
	size_t i, n = strlen(a), diff = 0;

	if (n != strlen(b))
		return false;
	for (i = 0; i < n; i++)
		diff += a[i] != b[i];
	return diff >= 1 && diff <= max;
}

static bool one_off(const char *a, const char *b)
{
	return bytes_off(a, b, 1);
}

const char *tdn_near_system(const char *sys, const char *const *systems)
{
	for (; *systems; systems++)
		if (one_off(sys, *systems))
			return *systems;
	return NULL;
}

const char *tdn_near_event(const char *sys, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(hooked) / sizeof(hooked[0]); i++)
		if (!strcmp(hooked[i][0], sys) && bytes_off(name, hooked[i][1], 2))
			return hooked[i][1];
	return NULL;
}

const char *tdn_moved_event(const char *sys, const char *text, size_t len)
{
	size_t i, n;

	if (len < 6 || memcmp(text, "name: ", 6))
		return NULL;
	text += 6;
	len -= 6;
	for (i = 0; i < sizeof(hooked) / sizeof(hooked[0]); i++) {
		n = strlen(hooked[i][1]);
		if (len > n && !memcmp(text, hooked[i][1], n) && text[n] == '\n' &&
		    strcmp(sys, hooked[i][0]))
			return hooked[i][0];
	}
	return NULL;
}

const char *tdn_bad_event_name(const char *sys, const char *name)
{
	const char *c;

	for (c = name; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			return "not a C identifier";
	if (!*name || isdigit((unsigned char)*name))
		return "not a C identifier";
	if (!strcmp(sys, "preemptlab") && strncmp(name, "plab_", 5))
		return "not plab_*, as every preemptlab event is";
	return NULL;
}

const char *tdn_bad_system_name(const char *sys)
{
	const char *c;

	if (!*sys)
		return "is empty";
	for (c = sys; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			return "has other bytes";
	return NULL;
}

void tdn_printable(const char *in, char *out, size_t len)
{
	size_t n = 0;

	for (; *in && n + 5 < len; in++) {
		unsigned char c = *in;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[n++] = c;
		else
			n += snprintf(out + n, len - n, "\\x%02x", c);
	}
	if (len)
		out[n < len ? n : len - 1] = 0;
}
