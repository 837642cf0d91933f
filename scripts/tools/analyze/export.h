/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PLAB_ANALYZE_EXPORT_H
#define PLAB_ANALYZE_EXPORT_H

#include <stdio.h>
#include "analysis_v1.h"
#include "params.h"
#include "run.h"

#define EXPORT_SCHEMA		PAV1_SCHEMA
#define EXPORT_VERSION		PAV1_VERSION

/* The versioned JSON report of Documentation/analyze.rst. */
void export_json(FILE *f, struct run *const *runs, int nr,
		 const struct plab_params *p);

#endif
