/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP for the tools' host unit tests (scripts/tools/<tool>/tests/),
 * in the kselftest format scripts/harness/plab-check counts: tap_plan(),
 * tap_ok() per case, tap_finish() exits 0 or 1.
 */
#ifndef PLAB_TAP_H
#define PLAB_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int tap_n, tap_fail, tap_planned;

static inline void tap_plan(int n)
{
	tap_planned = n;
	printf("TAP version 13\n1..%d\n", n);
}

static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static inline int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_fail++;
	printf("%sok %d ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

static inline int tap_finish(void)
{
	if (tap_n != tap_planned) {
		printf("# planned %d cases but ran %d\n", tap_planned, tap_n);
		tap_fail++;
	}
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       tap_n - tap_fail, tap_fail);
	return tap_fail ? 1 : 0;
}

#endif
