/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PLAB_ANALYZE_MEMLIMIT_H
#define PLAB_ANALYZE_MEMLIMIT_H

#include <stdint.h>
#include "params.h"

/*
 * The process memory limit of Documentation/analyze.rst ("Memory limit"):
 * MEMLIMIT_BASE, plus per input file MEMLIMIT_PER_BYTE times its size and
 * MEMLIMIT_HISTS histograms of -H buckets, plus the baseline's size.
 */
#define MEMLIMIT_BASE		(64ULL << 20)
#define MEMLIMIT_PER_BYTE	16
#define MEMLIMIT_HISTS		64

uint64_t memlimit_bytes(const struct plab_params *p);
/* Lower RLIMIT_AS to bytes (never raise it): 0, or -1 with errno. */
int memlimit_apply(uint64_t bytes);

#endif
