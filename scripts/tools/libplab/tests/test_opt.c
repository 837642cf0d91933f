// SPDX-License-Identifier: GPL-2.0
/*
 * Option values (opt.h): what each tool's command line accepts as a
 * number, so that the tools agree; and the error message's buffer.
 */
#include <string.h>
#include "opt.h"
#include "tap.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Every one of these is refused in 0..100 (or -100..100 as a signed). */
static const char *const bad_u64[] = {
	"", " 5", "+5", "-5", "5 ", "5x", "1e2", "0x10", "101",
	"18446744073709551616",
};
static const char *const bad_i64[] = {
	"", " 5", "+5", "- 5", "--5", "5x", "-101", "101", "-",
	"9223372036854775808",
};
static const char *const bad_double[] = {
	"", " 1", "\t1", "1 ", "x", "nan", "-0.5", "100.5", "1e999",
};

int main(void)
{
	uint64_t u = 0;
	int64_t i = 0;
	double d = 0;
	char err[16];
	size_t k;
	int ok;

	tap_plan(7);

	ok = plab_opt_u64("0", 0, 100, &u) && u == 0 &&
	     plab_opt_u64("100", 0, 100, &u) && u == 100 &&
	     plab_opt_u64("007", 0, 100, &u) && u == 7 &&
	     plab_opt_u64("18446744073709551615", 0, UINT64_MAX, &u) && u == UINT64_MAX;
	tap_ok(ok, "u64: digits within the range, to UINT64_MAX");
	for (ok = 1, k = 0; k < ARRAY_SIZE(bad_u64); k++)
		if (plab_opt_u64(bad_u64[k], 0, 100, &u)) {
			tap_diag("u64 accepted '%s'", bad_u64[k]);
			ok = 0;
		}
	tap_ok(ok && !plab_opt_u64(NULL, 0, 100, &u) && !plab_opt_u64("0", 1, 100, &u),
	       "u64: %zu malformed or out-of-range values, NULL and below min refused", k);

	ok = plab_opt_i64("-100", -100, 100, &i) && i == -100 &&
	     plab_opt_i64("-0", -100, 100, &i) && i == 0 &&
	     plab_opt_i64("42", -100, 100, &i) && i == 42;
	tap_ok(ok, "i64: a minus sign and digits within the range");
	for (ok = 1, k = 0; k < ARRAY_SIZE(bad_i64); k++)
		if (plab_opt_i64(bad_i64[k], -100, 100, &i)) {
			tap_diag("i64 accepted '%s'", bad_i64[k]);
			ok = 0;
		}
	tap_ok(ok, "i64: %zu malformed or out-of-range values refused", k);

	ok = plab_opt_double("0.5", 0, 100, &d) && d == 0.5 &&
	     plab_opt_double("1e2", 0, 100, &d) && d == 100 &&
	     plab_opt_double("+3", 0, 100, &d) && d == 3;
	tap_ok(ok, "double: decimals, exponents and a plus sign within the range");
	for (ok = 1, k = 0; k < ARRAY_SIZE(bad_double); k++)
		if (plab_opt_double(bad_double[k], 0, 100, &d)) {
			tap_diag("double accepted '%s'", bad_double[k]);
			ok = 0;
		}
	tap_ok(ok, "double: %zu malformed, NaN or out-of-range values refused", k);

	ok = plab_opt_err(err, sizeof(err), "--x '%s': bad", "0123456789") == -1 &&
	     strlen(err) == sizeof(err) - 1 && !strncmp(err, "--x '0123456", 12) &&
	     plab_opt_err(NULL, 0, "no buffer %d", 1) == -1;
	tap_ok(ok, "err: the message cut at the buffer, none without a buffer; -1");
	return tap_finish();
}
