// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict rules on raw results written here: an assertion holds only
 * beyond its margin, is inconclusive within it and fails beyond it the
 * other way; a scenario whose second boot is absent is "not run: no iso
 * boot of full"; a run whose valid check does not hold is inconclusive;
 * a not-run status and a failure pass through; NAME@MODEL; the noise
 * floor as default margin; "<=" and ">=" hold when the difference reaches
 * the margin, "<" and ">" only beyond it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "verdict.h"
#include "tap.h"

static char out[] = "/tmp/plab-verdict-test.XXXXXX";

static void put(const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", out, rel), *p;

	for (p = path + strlen(out) + 1; (p = strchr(p, '/')); p++) {
		*p = 0;
		mkdir(path, 0777);
		*p = '/';
	}
	if (write_file(path, text, strlen(text)))
		die("cannot write %s", path);
	free(path);
}

static struct run r;

static void setup(const char *const *scn_text, int nscn, char **models, int nmodels)
{
	char err[256], name[32];
	int s, m;

	memset(&r, 0, sizeof(r));
	r.out = out;
	r.models = models;
	r.nmodels = nmodels;
	r.nscns = nscn;
	r.scns = xmalloc((size_t)nscn * sizeof(*r.scns));
	for (s = 0; s < nscn; s++) {
		snprintf(name, sizeof(name), "s%d.scn", s);
		if (scn_parse_text(name, scn_text[s], 1, &r.scns[s], err, sizeof(err)))
			die("%s", err);
	}
	load_raw(&r);
	for (s = 0; s < nscn; s++)
		for (m = 0; m < nmodels; m++)
			decide(&r, s, m);
}

static const char *verdict(int s, int m)
{
	return cell_of(&r, s, m)->verdict;
}

static const char *why(int s, int m)
{
	return cell_of(&r, s, m)->why;
}

/* A cell whose verdict and why are exactly these, reported as "what: v: w". */
static void expect_cell(int s, int m, const char *v, const char *w, const char *what)
{
	tap_ok(!strcmp(verdict(s, m), v) && !strcmp(why(s, m), w), "%s: %s: %s",
	       what, verdict(s, m), why(s, m));
}

static const char *const scns[] = {
	/* s0: thresholds against the noise floor (default margin) */
	"phase p\nexpect all p.v < 1000\n",
	/* s1: cross-model and an explicit margin */
	"phase p\nexpect b p.v > p.v@a margin 10\nexpect a p.v >= 0 margin 0\n",
	/* s2: a second boot */
	"boot iso nohz_full=${CPU}\nphase base\nphase iso iso\nexpect all iso.n < base.n margin 1\n",
	/* s3: validity */
	"phase p\nexpect all p.v > 0 margin 0\nvalid p.act < 60000 margin 0\n",
	/* s4: not run, failed, no expectation */
	"phase p\nexpect a p.v > 0 margin 0\n",
	/* s5: missing name, error */
	"phase p\nexpect a p.nothere > 0 margin 0\nexpect b p.v / 0 > 1 margin 0\n",
	/* s6: "<=" and ">=" at the boundary of the margin */
	"phase p\nexpect all p.v <= 100 margin 0\nexpect all p.w >= 50 margin 10\n",
	/* s7: "<" at the same boundary */
	"phase p\nexpect all p.v < 100 margin 0\n",
	/* s8: the other cell is not valid */
	"phase p\nexpect b,c p.v < p.v@a margin 0\nvalid p.act < 100 margin 0\n",
	/* s9: the other cell failed (its metrics are there, half written) */
	"phase p\nexpect b p.v < p.v@a margin 0\n",
	/* s10: the noise of both cells; a margin that names the other cell */
	"phase p\nexpect b p.v < p.v@a margin noise.thr_max_us\n"
	"expect c p.v < p.v@a margin noise.thr_max_us + noise.thr_max_us@a\n",
	/* s11: three trials against a bound */
	"phase p\nexpect all p.v < 100 margin 0\n",
	/* s12: three trials a side, every pair */
	"phase p\nexpect b,c p.v < p.v@a margin 0\n",
	/* s13: a trial without the number */
	"phase p\nexpect all p.v < 100 margin 0\n",
	/* s14: a trial that is not valid */
	"phase p\nexpect all p.v < 100 margin 0\nvalid p.act < 60000 margin 0\n",
	/* s15: every trial within the margin */
	"phase p\nexpect all p.v < 100 margin 10\n",
};

/* The raw results of s0..s5, as plab-scenario-exec writes them. */
static void put_raw_s0_s5(void)
{
	/* noise max 200 on every boot; a: 100 (holds), b: 900 (within), c: 5000 (fails) */
	put("raw/a-base/noise-base.txt", "noise.thr_max_us=200\n");
	put("raw/b-base/noise-base.txt", "noise.thr_max_us=200\n");
	put("raw/c-base/noise-base.txt", "noise.thr_max_us=200\nnoise.thr_p99_us=nan-ish\n");
	put("raw/a-base/s0/status.base", "ok\n");
	put("raw/a-base/s0/metrics-base.txt", "p.v=100\n");
	put("raw/b-base/s0/status.base", "ok\n");
	put("raw/b-base/s0/metrics-base.txt", "p.v=900\n");
	put("raw/c-base/s0/status.base", "ok\n");
	put("raw/c-base/s0/metrics-base.txt", "p.v=5000\n");
	/* s1: a 100, b 105 (within 10 of a), c has none */
	put("raw/a-base/s1/status.base", "ok\n");
	put("raw/a-base/s1/metrics-base.txt", "p.v=100\n");
	put("raw/b-base/s1/status.base", "ok\n");
	put("raw/b-base/s1/metrics-base.txt", "p.v=105\n");
	put("raw/c-base/s1/status.base", "ok\n");
	/* s2: a has both boots, b only base (its iso boot never ran), c's iso did not start */
	put("raw/a-base/s2/status.base", "ok\n");
	put("raw/a-base/s2/metrics-base.txt", "base.n=250\n");
	put("raw/a-iso/s2/status.iso", "ok\n");
	put("raw/a-iso/s2/metrics-iso.txt", "iso.n=1\n");
	put("raw/b-base/s2/status.base", "ok\n");
	put("raw/b-base/s2/metrics-base.txt", "base.n=250\n");
	put("raw/c-base/s2/status.base", "ok\n");
	put("raw/c-iso/result", "plab-vm: result: timeout (kvm)\n");
	/* s3: a valid, b not valid (the VM was stopped), c valid but fails */
	put("raw/a-base/s3/status.base", "ok\n");
	put("raw/a-base/s3/metrics-base.txt", "p.v=5\np.act=30000\n");
	put("raw/b-base/s3/status.base", "ok\n");
	put("raw/b-base/s3/metrics-base.txt", "p.v=5\np.act=90000\n");
	put("raw/c-base/s3/status.base", "ok\n");
	put("raw/c-base/s3/metrics-base.txt", "p.v=-5\np.act=30000\n");
	/* s4: a not run (module), b failed, c no expectation */
	put("raw/a-base/s4/status.base", "not run: module missing (plab_x.ko)\n");
	put("raw/b-base/s4/status.base", "failed: victim exited 1\n");
	put("raw/c-base/s4/status.base", "ok\n");
	/* s5 */
	put("raw/a-base/s5/status.base", "ok\n");
	put("raw/b-base/s5/status.base", "ok\n");
	put("raw/b-base/s5/metrics-base.txt", "p.v=3\n");
	put("raw/c-base/s5/status.base", "ok\n");
}

/* The raw results of s6..s10. */
static void put_raw_s6_s10(void)
{
	/* s6, s7: a sits on both boundaries, b's p.w is short, c's p.v above */
	put("raw/a-base/s6/status.base", "ok\n");
	put("raw/a-base/s6/metrics-base.txt", "p.v=100\np.w=60\n");
	put("raw/b-base/s6/status.base", "ok\n");
	put("raw/b-base/s6/metrics-base.txt", "p.v=100\np.w=55\n");
	put("raw/c-base/s6/status.base", "ok\n");
	put("raw/c-base/s6/metrics-base.txt", "p.v=101\np.w=60\n");
	put("raw/a-base/s7/status.base", "ok\n");
	put("raw/a-base/s7/metrics-base.txt", "p.v=100\n");
	put("raw/b-base/s7/status.base", "ok\n");
	put("raw/b-base/s7/metrics-base.txt", "p.v=100\n");
	put("raw/c-base/s7/status.base", "ok\n");
	put("raw/c-base/s7/metrics-base.txt", "p.v=101\n");

	/* s8: a's run is not valid (the host stopped it), b and c read it */
	put("raw/a-base/s8/status.base", "ok\n");
	put("raw/a-base/s8/metrics-base.txt", "p.v=500\np.act=900\n");
	put("raw/b-base/s8/status.base", "ok\n");
	put("raw/b-base/s8/metrics-base.txt", "p.v=5\np.act=50\n");
	put("raw/c-base/s8/status.base", "ok\n");
	put("raw/c-base/s8/metrics-base.txt", "p.v=5000\np.act=50\n");
	/* s9: a failed after writing p.v */
	put("raw/a-base/s9/status.base", "failed: phase p\n");
	put("raw/a-base/s9/metrics-base.txt", "p.v=500\n");
	put("raw/b-base/s9/status.base", "ok\n");
	put("raw/b-base/s9/metrics-base.txt", "p.v=5\n");
	/* s10: 350 below a's 500; each boot's noise max is 200 */
	put("raw/a-base/s10/status.base", "ok\n");
	put("raw/a-base/s10/metrics-base.txt", "p.v=500\n");
	put("raw/b-base/s10/status.base", "ok\n");
	put("raw/b-base/s10/metrics-base.txt", "p.v=150\n");
	put("raw/c-base/s10/status.base", "ok\n");
	put("raw/c-base/s10/metrics-base.txt", "p.v=50\n");
}

/* put_trials SCN MODEL "v1 v2 v3" KEY: one metrics file per trial. */
static void put_trials(const char *scn, const char *model, const char *key, const char *vals)
{
	char *copy = xstrdup(vals), *v, *save = NULL, *path, *text;
	int t = 0;

	path = xasprintf("raw/%s-base/%s/status.base", model, scn);
	put(path, "ok\n");
	free(path);
	for (v = strtok_r(copy, " ", &save); v; v = strtok_r(NULL, " ", &save)) {
		path = t++ ? xasprintf("raw/%s-base/%s/metrics-base.trial%d.txt", model, scn, t)
			   : xasprintf("raw/%s-base/%s/metrics-base.txt", model, scn);
		text = xasprintf("%s=%s\n", key, v);
		put(path, text);
		free(text);
		free(path);
	}
	free(copy);
}

/* The raw results of s11..s14: trials. */
static void put_raw_trials(void)
{
	put_trials("s11", "a", "p.v", "50 60 70");
	put_trials("s11", "b", "p.v", "50 150 60");
	put_trials("s11", "c", "p.v", "150 200 300");
	put_trials("s12", "a", "p.v", "100 110 120");
	put_trials("s12", "b", "p.v", "50 60 70");
	put_trials("s12", "c", "p.v", "50 60 115");
	put_trials("s13", "a", "p.v", "50 50");
	put("raw/a-base/s13/metrics-base.trial2.txt", "p.w=1\n");
	put_trials("s14", "a", "p.v", "50 50");
	put("raw/a-base/s14/metrics-base.txt", "p.v=50\np.act=30000\n");
	put("raw/a-base/s14/metrics-base.trial2.txt", "p.v=50\np.act=90000\n");
	put_trials("s15", "a", "p.v", "95 100 105");
}

/* s11..s14: every trial, every pair of trials, or no verdict. */
static void test_trials(void)
{
	const struct cell *a = cell_of(&r, 11, 0);

	tap_ok(a->ntrials == 3 && !strcmp(verdict(11, 0), "reproduced") &&
	       !strcmp(a->checks[0].why, "3 of 3 trials hold: 50 < 100, margin 0; 60 < 100, margin 0; "
		       "70 < 100, margin 0") && a->checks[0].lhs.v == 60,
	       "every trial holds: reproduced, the median in the numbers: %s: %s", verdict(11, 0),
	       a->checks[0].why);
	tap_ok(!strcmp(verdict(11, 1), "inconclusive") &&
	       strstr(why(11, 1), "the trials disagree (2 hold, 1 fail, 0 within the margin)"),
	       "one trial of three the other way: inconclusive: %s", why(11, 1));
	tap_ok(!strcmp(verdict(11, 2), "not reproduced") && strstr(why(11, 2), "3 of 3 trials fail"),
	       "every trial fails: not reproduced: %s", why(11, 2));
	tap_ok(!strcmp(verdict(12, 1), "reproduced") &&
	       !strncmp(cell_of(&r, 12, 1)->checks[0].why, "9 of 9 trial pairs hold: ", 25),
	       "a comparison of 3 trials a side holds on all 9 pairs: %s", cell_of(&r, 12, 1)->checks[0].why);
	tap_ok(!strcmp(verdict(12, 2), "inconclusive") &&
	       strstr(why(12, 2), "the trial pairs disagree (7 hold, 2 fail, 0 within the margin)"),
	       "one trial among the other side's: inconclusive: %s", why(12, 2));
	tap_ok(!strcmp(verdict(13, 0), "inconclusive") && strstr(why(13, 0), "trial 2: missing p.v"),
	       "a trial without the number: inconclusive, and which: %s", why(13, 0));
	tap_ok(!strcmp(verdict(14, 0), "inconclusive") && !strncmp(why(14, 0), "run not valid: ", 15),
	       "one trial not valid makes the run not valid: %s", why(14, 0));
	tap_ok(!strcmp(verdict(15, 0), "inconclusive") &&
	       strstr(why(15, 0), ": 3 of 3 trials within the margin: "),
	       "every trial within the margin: inconclusive, said so: %s", why(15, 0));
}

/* The evaluations behind a check, per trial or pair (report.json, index.html). */
static void test_evaluations(void)
{
	const struct check *k = &cell_of(&r, 12, 2)->checks[0], *one = &cell_of(&r, 11, 0)->checks[0];

	tap_ok(k->nevals == 9 && k->pairs && k->evals[6].t == 2 && k->evals[6].u == 0 &&
	       k->evals[6].lhs.v == 115 && k->evals[6].rhs.v == 100 && k->evals[6].side == -1 &&
	       k->evals[7].side == -1 && k->evals[8].side == 1 && k->evals[0].side == 1,
	       "9 pairs kept, trial 3 against the other's trials 1 and 2 the failing ones (%d)",
	       k->nevals);
	tap_ok(one->nevals == 3 && !one->pairs && one->evals[2].lhs.v == 70 &&
	       cell_of(&r, 0, 0)->checks[0].nevals == 0,
	       "3 trials kept, one trial none (%d, %d)", one->nevals,
	       cell_of(&r, 0, 0)->checks[0].nevals);
}

/* s0, s1: margins, of the noise floor and explicit, and NAME@MODEL. */
static void test_margins(void)
{
	struct check *ck;

	expect_cell(0, 0, "reproduced", "100 < 1000, margin 200", "holds beyond the noise margin");
	expect_cell(0, 1, "inconclusive",
		    "p.v < 1000: 900 < 1000, margin 200 (right way by 100, within the margin)",
		    "within the margin");
	expect_cell(0, 2, "not reproduced",
		    "p.v < 1000: 5000 < 1000, margin 200 (wrong way by 4000, beyond the margin)",
		    "beyond the margin the other way");
	ck = &cell_of(&r, 0, 0)->checks[0];
	tap_ok(ck->numbers && ck->lhs.v == 100 && !ck->lhs.is_int && ck->rhs.is_int &&
	       ck->rhs.v == 1000 && ck->margin.v == 200 && !strcmp(ck->result, "holds"),
	       "check numbers: lhs real 100, rhs integer 1000, margin 200");
	tap_ok(!strcmp(verdict(1, 1), "inconclusive") && strstr(why(1, 1), "105 > 100, margin 10"),
	       "NAME@MODEL within the margin: %s", why(1, 1));
	tap_ok(!strcmp(verdict(1, 0), "reproduced"), "an assertion for model a only: %s", verdict(1, 0));
	tap_ok(!strcmp(verdict(1, 2), "no expectation") &&
	       !strcmp(why(1, 2), "no assertion for this model"), "no assertion for c: %s", verdict(1, 2));
}

/* s2: a second boot, absent or not started. */
static void test_boots(void)
{
	expect_cell(2, 0, "reproduced", "1 < 250, margin 1", "both boots");
	tap_ok(!strcmp(verdict(2, 1), "not run: no iso boot of b") && !strcmp(why(2, 1), verdict(2, 1)),
	       "second boot absent: '%s'", verdict(2, 1));
	tap_ok(!strcmp(verdict(2, 2), "not run: scenario did not start (plab-vm: result: timeout (kvm))"),
	       "boot ran, scenario did not start: '%s'", verdict(2, 2));
	tap_ok(r.mi[2].nboots == 2 && !strcmp(kv_get(&r.mi[2].boots[1].env, "accelerator"), "kvm"),
	       "accelerator from plab-vm's result");
}

/* s3..s5: validity, statuses that pass through, missing names and errors. */
static void test_status(void)
{
	struct check *ck;

	tap_ok(!strcmp(verdict(3, 0), "reproduced"), "valid run that holds: %s", verdict(3, 0));
	expect_cell(3, 1, "inconclusive",
		    "run not valid: p.act < 60000 margin 0: 9e+04 < 6e+04, margin 0 (wrong way by 3e+04, beyond the margin)",
		    "invalid run");
	tap_ok(!strcmp(verdict(3, 2), "not reproduced"), "valid run, assertion fails: %s", verdict(3, 2));
	tap_ok(!strcmp(verdict(4, 0), "not run: module missing (plab_x.ko)"),
	       "not run status passes through: %s", verdict(4, 0));
	expect_cell(4, 1, "failed", "failed: victim exited 1", "failure");
	tap_ok(!strcmp(verdict(4, 2), "no expectation"), "no expectation: %s", verdict(4, 2));
	tap_ok(!strcmp(verdict(5, 0), "inconclusive") &&
	       !strcmp(why(5, 0), "p.nothere > 0 margin 0: missing p.nothere"),
	       "missing name: %s", why(5, 0));
	tap_ok(!strcmp(verdict(5, 1), "inconclusive") && strstr(why(5, 1), "error division by zero"),
	       "error: %s", why(5, 1));
	ck = &cell_of(&r, 5, 0)->checks[0];
	tap_ok(!ck->numbers && !strcmp(ck->result, "inconclusive"), "missing: no numbers in the check");
}

/* s6, s7: "<=" and ">=" hold on the margin's boundary, "<" only beyond it. */
static void test_boundaries(void)
{
	expect_cell(6, 0, "reproduced",
		    "100 <= 100, margin 0; 60 >= 50, margin 10",
		    "<= and >= hold when the difference reaches the margin");
	expect_cell(6, 1, "inconclusive",
		    "p.w >= 50 margin 10: 55 >= 50, margin 10 (right way by 5, within the margin)",
		    ">= short of the margin");
	expect_cell(6, 2, "not reproduced",
		    "p.v <= 100 margin 0: 101 <= 100, margin 0 (wrong way by 1, beyond the margin)",
		    "<= beyond the margin the other way");
	tap_ok(!strcmp(verdict(7, 0), "inconclusive") && !strcmp(verdict(7, 1), "inconclusive") &&
	       strstr(why(7, 0), "(the sides are equal, within the margin)"),
	       "< with equal sides and margin 0 does not hold, and says the sides are equal: %s: %s",
	       verdict(7, 0), why(7, 0));
	tap_ok(!strcmp(verdict(7, 2), "not reproduced"), "< beyond the margin the other way: %s",
	       verdict(7, 2));
}

/* s8, s9: NAME@MODEL of a cell that is not valid or failed is not read. */
static void test_cross_reads(void)
{
	tap_ok(!strcmp(verdict(8, 0), "inconclusive") && !strncmp(why(8, 0), "run not valid: ", 15),
	       "the cell that is not valid: %s: %s", verdict(8, 0), why(8, 0));
	expect_cell(8, 1, "inconclusive",
		    "p.v < p.v@a margin 0: p.v@a not read: a's s8 is not valid "
		    "(p.act < 100 margin 0: 900 < 100, margin 0 (wrong way by 800, beyond the margin))",
		    "a cross read of a cell that is not valid");
	tap_ok(!strcmp(verdict(8, 2), "inconclusive") && strstr(why(8, 2), "p.v@a not read: a's s8 is not valid"),
	       "not read either when it would fail: %s: %s", verdict(8, 2), why(8, 2));
	expect_cell(9, 1, "inconclusive",
		    "p.v < p.v@a margin 0: p.v@a not read: a's s9 failed (failed: phase p)",
		    "a cross read of a failed run");
}

/* s10 and the noise floor: in a cross-model margin and among the measurements; the status. */
static void test_noise(void)
{
	tap_ok(!strcmp(verdict(10, 1), "inconclusive") && strstr(why(10, 1), "150 < 500, margin 400 (right way by 350") &&
	       !strcmp(verdict(10, 2), "reproduced") && !strcmp(why(10, 2), "50 < 500, margin 400"),
	       "a cross-model margin counts both cells' noise once: b: %s: %s; c: %s: %s",
	       verdict(10, 1), why(10, 1), verdict(10, 2), why(10, 2));
	tap_ok(!strcmp(kv_get(&cell_of(&r, 0, 0)->trial[0], "noise.thr_max_us"), "200"),
	       "the noise floor is among the measurements");
	tap_ok(!kv_get(&cell_of(&r, 0, 2)->trial[0], "noise.thr_p99_us"),
	       "a noise reading that is no number is left out");
	tap_ok(!strcmp(cell_of(&r, 2, 0)->status, "ok") && !strcmp(cell_of(&r, 2, 1)->status,
	       "not run: no iso boot of b"), "status: ok, then the first other");
}

/* summary.txt: the verdict table and the noise lines. */
static void test_summary(void)
{
	struct sbuf b = { 0 };

	summary_text(&r, &b);
	tap_ok(strstr(b.s, "s0   reproduced        inconclusive      not reproduced  \n") &&
	       strstr(b.s, "s2   reproduced        not run           not run         \n") &&
	       strstr(b.s, "  c          iso   - / - / -\n"),
	       "summary table and noise lines");
	tap_ok(strstr(b.s, "\n# trials: 1 to 3 per cell; a check holds when every trial") != NULL,
	       "the summary says how many trials the cells had, and the rule");
	tap_ok(!strstr(b.s, "# boots:"), "no boots line when no model was switched at run time");
	sb_free(&b);
	/* a and b shared a boot (plab-scenario-exec -M), c booted alone */
	kv_set(&r.mi[0].boots[0].env, "model_switched", "at run time, from the booted a");
	kv_set(&r.mi[1].boots[0].env, "model_switched", "at run time, from the booted a");
	memset(&b, 0, sizeof(b));
	summary_text(&r, &b);
	tap_ok(strstr(b.s, "\n# boots: a, b in one boot per boot line, switched at run time; "
		      "c booted alone\n") != NULL,
	       "the summary says which models shared a boot and which booted alone");
	sb_free(&b);
}

int main(void)
{
	char *models[] = { "a", "b", "c" };
	char *cmd;

	if (!mkdtemp(out))
		die("mkdtemp");
	tap_plan(47);
	put_raw_s0_s5();
	put_raw_s6_s10();
	put_raw_trials();
	setup(scns, 16, models, 3);
	test_margins();
	test_boots();
	test_status();
	test_boundaries();
	test_cross_reads();
	test_noise();
	test_summary();
	test_trials();
	test_evaluations();
	cmd = xasprintf("rm -rf '%s'", out);
	if (system(cmd))
		printf("# could not remove %s\n", out);
	free(cmd);
	return tap_finish();
}
