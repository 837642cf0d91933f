/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PLAB_ANALYZE_PLOT_H
#define PLAB_ANALYZE_PLOT_H

#include <stddef.h>
#include "run.h"

/*
 * Write the histograms and a gnuplot script to dir, then render
 * latency-thread.{png,svg} and latency-irq.{png,svg}: log-scale counts,
 * one series per CPU (one run) or per model (several runs).
 */
int plot_write(const char *dir, struct run *const *runs, int nr,
	       char *err, size_t errlen);

#endif
