/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PLAB_ANALYZE_CLI_H
#define PLAB_ANALYZE_CLI_H

#include <stddef.h>
#include <stdio.h>
#include "params.h"

enum cli_result {
	CLI_OK = 0,
	CLI_HELP = 1,		/* -h: print cli_usage(), exit 0 */
	CLI_ERROR = -1,		/* message in err: exit EXIT_USAGE */
};

/* Parse argv into p (defaults first). Never exits, never prints. */
enum cli_result cli_parse(int argc, char **argv, struct plab_params *p,
			  char *err, size_t errlen);
void cli_params_init(struct plab_params *p);
void cli_usage(FILE *f);

#endif
