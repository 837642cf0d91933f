/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PLAB_ANALYZE_TRACE_H
#define PLAB_ANALYZE_TRACE_H

#include <stddef.h>
#include "run.h"

/*
 * Stream one trace.dat into r. Returns 0, or -1 with a message in err when
 * the file cannot be opened or read (r then holds what was read before).
 */
int trace_read(struct run *r, const char *path, int verbose,
	       char *err, size_t errlen);

#endif
