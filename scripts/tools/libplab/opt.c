// SPDX-License-Identifier: GPL-2.0
/*
 * Option values and parse errors for the tools' command lines (opt.h):
 * plab-analyze, wakelat, plab-periodic, plab-hist, plab-scn, plab-verdict
 * (PLAB_RUN_CPU, a scenario's duration line) and cpuloop had one copy
 * each, with a different idea of which blanks and signs a number may carry.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "opt.h"

bool plab_opt_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool plab_opt_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	long long v;
	char *end;

	if (!s || !isdigit((unsigned char)s[*s == '-']))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool plab_opt_double(const char *s, double min, double max, double *out)
{
	double v;
	char *end;

	if (!s || !*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	v = strtod(s, &end);
	/* Written so that NaN, which compares false, is out of range. */
	if (errno || *end || !(v >= min && v <= max))
		return false;
	*out = v;
	return true;
}

int plab_opt_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}
