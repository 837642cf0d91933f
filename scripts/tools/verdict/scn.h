/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scenario file (scripts/scenarios/NAME.scn), the one parser of the
 * format: the verdicts read its claim, boots and expect/valid assertions;
 * the runners (plab-run, plab-scenario-exec) read its run plan, printed
 * by plab-scn (scn_plan.c): duration, probe, modules, phases and their
 * steps.
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

/* A set, run or load line: in a phase, or a load before the first phase. */
struct scn_step {
	char *phase;		/* NULL: before the first phase */
	char *kw;		/* "set", "run" or "load" */
	char *args;		/* the rest of the line: shell words */
};

struct scn_phase {
	char *name, *boot;	/* boot: its boot label, "base" when none */
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
	/* the run plan */
	int duration_s, quick_s;	/* 0: not given */
	char *probe;			/* the probe line's arguments, or NULL */
	bool quick;			/* "quick yes": part of --quick */
	struct scn_phase *phases;
	int nphases, cap_phases;
	struct scn_step *steps;
	int nsteps, cap_steps;
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
/*
 * The words of a step, load or probe line, as a shell reads them but with
 * nothing run: blanks split; '...' is literal; "..." keeps blanks, with
 * \" \\ \$ as escapes; \ outside quotes escapes the next character;
 * ${NAME} is the environment's NAME (expand) or only checked (!expand),
 * never split. Appends them to out joined by tabs (a word may not hold a
 * tab or a newline). Returns 0, or -1 with why in err.
 */
int scn_words(const char *args, bool expand, struct sbuf *out, char *err, size_t errlen);
/* Whether the assertion applies to model ("all" or the model named). */
bool expect_applies(const struct expect *e, const char *model);

#endif
