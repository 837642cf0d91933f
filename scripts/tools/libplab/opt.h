/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tools' option values: a whole number or a real within a range, and
 * the parsers' error message. A parser that uses them returns its error in
 * a buffer, never prints nor exits, so it can be unit-tested and fuzzed.
 *
 * A value is the option's text to its end and nothing else: no leading
 * blank, no '+' (strtoull() would take both, and "-1" as a huge number).
 */
#ifndef PLAB_OPT_H
#define PLAB_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decimal digits only, in [min, max]. */
bool plab_opt_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/* An optional '-', then decimal digits, in [min, max]. */
bool plab_opt_i64(const char *s, int64_t min, int64_t max, int64_t *out);
/* What strtod() reads (no leading blank), in [min, max]: NaN never is. */
bool plab_opt_double(const char *s, double min, double max, double *out);

/* Formats the message into err (when errlen is not 0); returns -1. */
int plab_opt_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
