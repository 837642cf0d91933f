/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PLAB_ANALYZE_TRACEDAT_H
#define PLAB_ANALYZE_TRACEDAT_H

#include <stddef.h>
#include <event-parse.h>

/*
 * A direct reader of trace.dat (trace-cmd file versions 6 and 7, the
 * flyrecord data uncompressed or in zstd chunks). It parses only
 * the event formats of the systems asked for, reads each CPU's pages into
 * one bounded buffer and hands out records without allocating, so memory
 * does not grow with the trace. Everything it reads is bounds-checked.
 */
struct td_file;

enum td_status {
	TD_OK = 0,
	TD_FOREIGN = 1,	/* valid, but uses what this reader does not read */
	TD_BAD = -1,		/* not a trace.dat, or damaged */
};

/*
 * Open path and parse the formats of the NULL-terminated systems. On
 * TD_FOREIGN or TD_BAD, err says why and *out is NULL.
 */
enum td_status td_open(const char *path, const char *const *systems,
		       struct td_file **out, char *err, size_t errlen);
/* Same, on a file already in memory (the fuzz test); buf must outlive it. */
enum td_status td_open_mem(const void *buf, size_t len,
			   const char *const *systems, struct td_file **out,
			   char *err, size_t errlen);
struct tep_handle *td_tep(struct td_file *f);
int td_nr_cpus(struct td_file *f);		/* streams, not CPU ids */
/*
 * The next record of stream i (its ts, cpu, data, size, missed_events),
 * valid until the next call for that stream; NULL at its end or on damage
 * (td_error() then says so).
 */
struct tep_record *td_next(struct td_file *f, int i);
const char *td_error(struct td_file *f);	/* NULL while all is well */
void td_close(struct td_file *f);

#endif
