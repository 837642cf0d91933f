/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PLAB_ANALYZE_TDNAMES_H
#define PLAB_ANALYZE_TDNAMES_H

#include <stddef.h>

/*
 * Names one byte off those the analyzer reads. A damaged byte in a
 * system or event name does not make the format invalid: the file then
 * reads as one without that event, and a trace's samples or causes go
 * missing with exit status 0. No trace holds a system or an event whose
 * name differs from one the analyzer hooks in a single byte, so such a
 * name is damage.
 */

/* The entry of systems (NULL-terminated) that sys is one byte off, or NULL. */
const char *tdn_near_system(const char *sys, const char *const *systems);
/*
 * Why name cannot be an event of sys, or NULL: event names are C
 * identifiers (TRACE_EVENT(name)), and every preemptlab event is plab_*
 * (modules/). A changed zstd literal renames several bytes at once
 * ("plab_latency" became "p3Lo_latency"), past tdn_near_event().
 */
const char *tdn_bad_event_name(const char *sys, const char *name);
/*
 * The hooked event of sys that name is one or two bytes off, or NULL: a
 * changed zstd literal changes every copy of it ("sched_switch" became
 * "sched_switfd", "irq_handler_exit" "irq_handlti_exit"). No kernel event
 * of those systems is within two bytes of a hooked one (irq, sched,
 * preemptlab in Linux 6.1 and modules/).
 */
const char *tdn_near_event(const char *sys, const char *name);
/*
 * For a format of system sys whose text starts at text (len bytes): the
 * system the analyzer reads its event from when that is another one (a
 * damaged system name: the hooked events' names are the kernel's only
 * events of those names), else NULL.
 */
const char *tdn_moved_event(const char *sys, const char *text, size_t len);

/*
 * Why sys cannot be a system name, or NULL: the kernel's systems
 * (TRACE_SYSTEM) and the dynamic events' groups are made of ASCII letters,
 * digits and '_'. A changed zstd literal made "sched" "d,oed" or "q Zed",
 * read as a trace without sched_switch.
 */
const char *tdn_bad_system_name(const char *sys);
/*
 * For a format of system sys (text, len bytes) with the fields of a
 * hooked event but another name or system: that event's name (or the
 * names of the events with those fields, '|'-separated) and its system
 * in *of_sys, the format's name in name; else NULL. A changed zstd literal renamed sched_switch
 * "sched_swhe1o" and sched "schro": valid names, told by the fields.
 */
const char *tdn_impostor(const char *sys, const char *text, size_t len,
			 char *name, size_t namelen, const char **of_sys);
/* in, its bytes outside printable ASCII (and '\') as \xNN, into out. */
void tdn_printable(const char *in, char *out, size_t len);

#endif
