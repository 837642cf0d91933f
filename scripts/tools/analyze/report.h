/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PLAB_ANALYZE_REPORT_H
#define PLAB_ANALYZE_REPORT_H

#include <stdio.h>
#include "params.h"
#include "run.h"

/* The text report of one run (format in Documentation/analyze.rst). */
void report_text(FILE *f, const struct run *r, const struct plab_params *p);

#endif
