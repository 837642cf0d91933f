// SPDX-License-Identifier: GPL-2.0
/*
 * The .scn parser: comments, ${CPU}, claim, require, the boots the phases
 * use (and only those), expect and valid lines with and without a margin,
 * the run plan (probe, duration, loads, phases, steps), and the errors (a
 * valid line that reads NAME@MODEL, a step outside a phase among them).
 */
#include <stdlib.h>
#include <string.h>
#include "scn.h"
#include "tap.h"

static const char good[] =
	"# a comment line\n"
	"claim     ticks vanish on CPU ${CPU} # comment after a blank\n"
	"quick     yes\n"
	"require   plab_nps  plab_probe\n"
	"boot      iso nohz_full=${CPU} isolcpus=nohz,domain,${CPU}\n"
	"boot      never foo=1\n"
	"\n"
	"phase base\n"
	"  run     plab-periodic name=spin,cpu=${CPU}#not-a-comment\n"
	"phase iso iso   # the second boot\n"
	"expect none,voluntary  iso.loc_cpu${CPU}_per_s * 5 < base.x margin 20\n"
	"expect all  a.b >= max(c, d)\n"
	"expect rt  x<=y <= z margin  0.2 * q   # trailing comment\n"
	"valid   load.nps.act_max_us < 60000 margin 0\n"
	"expect full  a > b marginal > c\n";

/* text parses, as file with ${CPU} cpu: a case named what, with the error. */
static bool parses(const char *file, const char *text, int cpu, struct scn *s,
		   const char *what)
{
	char err[256];
	int rc = scn_parse_text(file, text, cpu, s, err, sizeof(err));

	tap_ok(rc == 0, "%s (%s)", what, rc ? err : "ok");
	return rc == 0;
}

/* text is refused, as file with ${CPU} 1, by an error that holds want. */
static void refuses(const char *file, const char *text, const char *want, const char *what)
{
	struct scn s;
	char err[256];
	int rc = scn_parse_text(file, text, 1, &s, err, sizeof(err));

	tap_ok(rc != 0 && strstr(err, want), "%s: '%s'", what, rc ? err : "parsed");
	if (!rc)
		scn_free(&s);
}

/* The good file: each kind of line, ${CPU}, comments. False when it does not parse. */
static bool test_good(void)
{
	struct scn s;

	if (!parses("dir/nohz.scn", good, 3, &s, "a good file parses"))
		return false;
	tap_ok(!strcmp(s.name, "nohz"), "name from the file name: %s", s.name);
	tap_ok(!strcmp(s.claim, "ticks vanish on CPU 3"), "claim, ${CPU}, comment cut: '%s'", s.claim);
	tap_ok(s.nrequire == 2 && !strcmp(s.require[1], "plab_probe"), "require: two modules");
	tap_ok(s.boots.n == 2 && !strcmp(s.boots.a[0].k, "base") && !strcmp(s.boots.a[1].k, "iso"),
	       "boots: base and iso, the unused one dropped (%d)", s.boots.n);
	tap_ok(s.boots.n == 2 && !strcmp(s.boots.a[1].v, "nohz_full=3 isolcpus=nohz,domain,3"),
	       "boot arguments with ${CPU}: '%s'", s.boots.n == 2 ? s.boots.a[1].v : "");
	tap_ok(s.nexpects == 5, "five assertions (%d)", s.nexpects);
	tap_ok(s.expects[0].nmodels == 2 && !strcmp(s.expects[0].models[1], "voluntary") &&
	       expect_applies(&s.expects[0], "none") && !expect_applies(&s.expects[0], "rt"),
	       "models list none,voluntary");
	tap_ok(!strcmp(s.expects[0].lhs, "iso.loc_cpu3_per_s * 5") && !strcmp(s.expects[0].op, "<") &&
	       !strcmp(s.expects[0].rhs, "base.x") && !strcmp(s.expects[0].margin, "20"),
	       "expect: lhs '%s' op '%s' rhs '%s' margin '%s'", s.expects[0].lhs, s.expects[0].op,
	       s.expects[0].rhs, s.expects[0].margin);
	tap_ok(!strcmp(s.expects[0].text, "iso.loc_cpu3_per_s * 5 < base.x margin 20"),
	       "expect text: '%s'", s.expects[0].text);
	tap_ok(!strcmp(s.expects[1].op, ">=") && !strcmp(s.expects[1].margin, "noise.thr_max_us") &&
	       expect_applies(&s.expects[1], "anything"),
	       "no margin: noise.thr_max_us; 'all' applies to every model");
	tap_ok(!strcmp(s.expects[2].lhs, "x<=y") && !strcmp(s.expects[2].op, "<=") &&
	       !strcmp(s.expects[2].rhs, "z") && !strcmp(s.expects[2].margin, "0.2 * q"),
	       "operator needs blanks around it: lhs '%s' rhs '%s' margin '%s'",
	       s.expects[2].lhs, s.expects[2].rhs, s.expects[2].margin);
	tap_ok(s.expects[3].valid && !s.expects[0].valid && expect_applies(&s.expects[3], "rt") &&
	       !strcmp(s.expects[3].margin, "0"), "valid: all models, kind valid");
	tap_ok(!strcmp(s.expects[4].rhs, "b marginal > c") &&
	       !strcmp(s.expects[4].margin, "noise.thr_max_us"),
	       "'marginal' is no margin: rhs '%s'", s.expects[4].rhs);
	scn_free(&s);
	return true;
}

/* Assertions that do not parse. */
static void test_bad_expect(void)
{
	struct scn s;
	char err[256];
	int rc;

	refuses("x.scn", "claim c\nexpect all a.b margin 3\n",
		"x.scn: cannot parse expect 'a.b margin 3'", "no operator");
	refuses("x.scn", "expect all a<b\n", "cannot parse expect", "operator without blanks");
	rc = scn_parse_text("x.scn", "expect all\n", 1, &s, err, sizeof(err));
	tap_ok(rc != 0, "expect without a body is an error");
}

/* valid lines: observed, and none that reads another model. */
static void test_valid(void)
{
	struct scn s;
	char err[256];
	int rc;

	rc = scn_parse_text("o.scn", "phase p\nvalid observed p.n >= 5 margin 0\nvalid p.a < 1\n", 1,
			    &s, err, sizeof(err));
	tap_ok(rc == 0 && s.nexpects == 2 && s.expects[0].observed && s.expects[0].valid &&
	       !strcmp(s.expects[0].text, "p.n >= 5 margin 0") && !strcmp(s.expects[0].lhs, "p.n") &&
	       !s.expects[1].observed, "valid observed: evidence that the disturbance ran (%s)",
	       rc ? err : s.expects[0].text);
	if (!rc)
		scn_free(&s);
	refuses("v.scn", "phase p\nvalid p.a < p.a@full margin 0\n",
		"v.scn: valid 'p.a < p.a@full margin 0' reads another model",
		"a valid line that reads another model is refused");
}

/* The boots kept are those the phases use, and only those. */
static void test_boots(void)
{
	struct scn s;
	char err[256];
	int rc;

	rc = scn_parse_text("x.scn", "claim only\n", 1, &s, err, sizeof(err));
	tap_ok(rc == 0 && s.boots.n == 0 && s.nexpects == 0,
	       "no phase: no boot, no assertion");
	if (!rc)
		scn_free(&s);
	refuses("x.scn", "phase a iso\nphase b\tiso\n",
		"x.scn: phase 'a' runs in boot 'iso', which no boot line defines",
		"a phase in an undeclared boot is refused");
	rc = scn_parse_text("x.scn", "boot iso a=1\nphase a iso\n", 1, &s, err, sizeof(err));
	tap_ok(rc == 0 && s.boots.n == 1 && !strcmp(s.boots.a[0].k, "iso"),
	       "phases only in iso: base is not used");
	if (!rc)
		scn_free(&s);
}

static const char plan[] =
	"probe     cpus=${CPU}\n"
	"duration  8 3\n"
	"load      plab_nps mode=none cpus=${CPU}   enabled=0\n"
	"phase one\n"
	"  set     plab_nps enabled=1\n"
	"  run     sh -c 'echo \"a  b\"' # cut\n"
	"phase two\n"
	"  load    plab_journal writers=2\n";

/* The run plan: probe, duration, global loads, phases and their steps. */
static void test_plan(void)
{
	struct scn s;

	if (!parses("p.scn", plan, 2, &s, "a run plan parses"))
		return;
	tap_ok(!strcmp(s.probe, "cpus=2") && s.duration_s == 8 && s.quick_s == 3,
	       "probe '%s', duration %d, quick %d", s.probe, s.duration_s, s.quick_s);
	tap_ok(s.nphases == 2 && !strcmp(s.phases[1].name, "two") &&
	       !strcmp(s.phases[1].boot, "base"), "two phases, in boot base");
	tap_ok(s.nsteps == 4 && !s.steps[0].phase &&
	       !strcmp(s.steps[0].args, "plab_nps mode=none cpus=2   enabled=0"),
	       "a load before the first phase is global, its words as written");
	tap_ok(s.nsteps == 4 && !strcmp(s.steps[2].phase, "one") && !strcmp(s.steps[2].kw, "run") &&
	       !strcmp(s.steps[2].args, "sh -c 'echo \"a  b\"'"),
	       "a run step keeps its shell words: '%s'", s.nsteps == 4 ? s.steps[2].args : "");
	tap_ok(s.nsteps == 4 && !strcmp(s.steps[3].phase, "two") && !strcmp(s.steps[3].kw, "load"),
	       "a load inside a phase belongs to it");
	scn_free(&s);
}

/* Lines the runners could not run: each refused, saying what is allowed. */
static void test_plan_errors(void)
{
	static const struct {
		const char *text, *want;
	} bad[] = {
		{ "set plab_nps enabled=1\nphase a\n", "'set plab_nps enabled=1' before the first phase (allowed there: load)" },
		{ "run x\n", "'run x' before the first phase" },
		{ "phase a\nrun\n", "'run' with nothing to run" },
		{ "phase a\nphase a\n", "phase 'a' twice" },
		{ "phase a.b\n", "bad phase line" },
		{ "phase a base extra\n", "bad phase line" },
		{ "duration 0\n", "bad duration line" },
		{ "duration 5 x\n", "bad duration line" },
		{ "duration 5 2 1\n", "bad duration line" },
		{ "duration\n", "bad duration line" },
		{ "quick maybe\n", "bad quick line 'quick maybe' (allowed: quick yes|no)" },
		{ "phse a\n", "unknown keyword 'phse' (allowed: claim," },
		{ "probe cpus=1\nprobe off\nphase a\n", "a second 'probe' line" },
		{ "duration 5 2\nduration 2 1\nphase a\n", "a second 'duration' line" },
		{ "claim x\nclaim y\nphase a\n", "a second 'claim' line" },
		{ "boot iso a=1\nboot iso a=2\nphase a iso\n", "a second 'boot iso' line" },
		{ "phase a\nrun sh -c 'x\n", "'run sh -c 'x': a single quote is not closed" },
		{ "phase a\nrun echo $HOME\n", "a '$' not followed by {NAME}" },
		{ "phase a\nrun echo ''\n", "an empty word" },
		{ "probe cpus=\"1\n", "a double quote is not closed" },
		{ "phase a\nrun echo a\\\tb\n", "a tab or a newline inside a word" },
		{ "phase a\nrun echo 'a\tb'\n", "a tab or a newline inside a word" },
		{ "load m a=${X\n", "'${X' is not closed by '}'" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		refuses("e.scn", bad[i].text, bad[i].want, "refused");
}

/* A step's words as the runners get them: split once here, joined by tabs. */
static void test_words(void)
{
	struct sbuf w = { 0 };
	char err[256];
	int rc;

	setenv("PLAB_WORDS_T", "/t op", 1);
	unsetenv("PLAB_WORDS_UNSET");
	rc = scn_words("a  'b c' \"d\\\"e \\$ ${PLAB_WORDS_T}\" f\\ g ${PLAB_WORDS_T}/x '${PLAB_WORDS_T}' ",
		       true, &w, err, sizeof(err));
	tap_ok(rc == 0 && !strcmp(sb_str(&w), "a\tb c\td\"e $ /t op\tf g\t/t op/x\t${PLAB_WORDS_T}"),
	       "quotes, escapes and ${NAME}, never split: '%s'", rc ? err : sb_str(&w));
	sb_free(&w);
	memset(&w, 0, sizeof(w));
	rc = scn_words("x ${PLAB_WORDS_UNSET}", true, &w, err, sizeof(err));
	tap_ok(rc != 0 && strstr(err, "${PLAB_WORDS_UNSET} is not set"), "an unset name: '%s'",
	       rc ? err : sb_str(&w));
	sb_free(&w);
	memset(&w, 0, sizeof(w));
	rc = scn_words("x ${PLAB_WORDS_UNSET}", false, &w, err, sizeof(err));
	tap_ok(rc == 0, "checked, not expanded, when parsing (%s)", rc ? err : "ok");
	sb_free(&w);
}

/* An unreadable file, and comment lines. */
static void test_file_and_comments(void)
{
	struct scn s;
	char err[256];
	int rc;

	rc = scn_parse("/nonexistent/x.scn", 1, &s, err, sizeof(err));
	tap_ok(rc != 0 && strstr(err, "cannot read"), "unreadable file: '%s'", err);
	rc = scn_parse_text("x.scn", "#expect all a < b\n  # expect all c < d\nexpect all e#f < g\n",
			    1, &s, err, sizeof(err));
	tap_ok(rc == 0 && s.nexpects == 1 && !strcmp(s.expects[0].lhs, "e#f"),
	       "comment lines skipped, '#' inside a word kept");
	if (!rc)
		scn_free(&s);
}

int main(void)
{
	tap_plan(56);
	if (!test_good())
		return tap_finish();
	test_bad_expect();
	test_valid();
	test_boots();
	test_file_and_comments();
	test_plan();
	test_plan_errors();
	test_words();
	return tap_finish();
}
