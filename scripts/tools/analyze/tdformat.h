/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PLAB_ANALYZE_TDFORMAT_H
#define PLAB_ANALYZE_TDFORMAT_H

#include <stddef.h>

#define TDF_NAME_LEN	64

/*
 * An event format of a trace.dat, checked before libtraceevent sees it:
 * libtraceevent 1.7 crashes on some malformed formats, so it is only ever
 * handed text this file wrote. The text must be what the kernel writes
 * (name, ID, common fields, a blank line, fields, a blank line, print fmt),
 * every field "\tfield:TYPE NAME;\toffset:N;\tsize:N;\tsigned:0|1;", the
 * fields in order without overlap, aligned, and of the size their type
 * has. The print format is not kept: the analyzer never prints events.
 *
 * On success returns a malloc'd NUL-terminated copy of the format with
 * the print format replaced, and its name in name. On damage returns NULL
 * with why set ("line 7: ..."); name is the event's when its line was
 * readable, else empty.
 */
char *tdf_clean(const char *text, size_t len, int long_size,
		char name[TDF_NAME_LEN], unsigned int *id, char *why,
		size_t whylen);

#endif
