/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scenario file (scripts/scenarios/NAME.scn) as far as the verdicts need
 * it: claim, the boots its phases use, and the expect/valid assertions.
 * The runner (plab-scenario-exec) reads the rest.
 */
#ifndef PLAB_VERDICT_SCN_H
#define PLAB_VERDICT_SCN_H

#include <stdbool.h>
#include "util.h"

struct expect {
	bool valid;		/* a "valid" line: a check of the run itself */
	bool observed;		/* "valid observed": evidence the disturbance ran */
	char **models;		/* "all" or model names */
	int nmodels;
	char *lhs, *op, *rhs, *margin;
	char *text;		/* "LHS OP RHS [margin M]" as written */
};

struct scn {
	char *name;		/* file name without .scn */
	char *file;
	char *claim;
	struct kvlist boots;	/* label -> extra kernel arguments, used ones only */
	char **require;
	int nrequire;
	struct expect *expects;
	int nexpects, cap_expects;
};

/*
 * Parse path with ${CPU} replaced by cpu. Returns 0, or -1 with a message
 * in err (the file cannot be read, or an assertion does not parse).
 */
int scn_parse(const char *path, int cpu, struct scn *s, char *err, size_t errlen);
/* Same, from text already in memory (the unit tests). */
int scn_parse_text(const char *path, const char *text, int cpu, struct scn *s,
		   char *err, size_t errlen);
void scn_free(struct scn *s);
/* Whether the assertion applies to model ("all" or the model named). */
bool expect_applies(const struct expect *e, const char *model);

#endif
