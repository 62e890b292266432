/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The regression gate: numbers as summary.yaml writes them, the three
 * tolerances at and beyond their boundaries (negative and zero baselines,
 * integers beyond a double's precision, NaN and infinities), baselines with
 * FILE:LINE:COLUMN errors, and checking and emitting on small run and
 * compare directories written here.
 */
#define G_LOG_DOMAIN "CmasimTest"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmasim/cmasim-check.h"
#include "cmasim/cmasim-error.h"

/* ---- numbers ---- */

static CmasimCheckNumber
test_number(const gchar *text)
{
	CmasimCheckNumber number;
	if (!cmasim_check_number_parse(text, &number)) {
		g_printerr("# not a number: '%s'\n", text);
		fail();
	}
	return number;
}

static void
test_number_parse(void **state)
{
	static const gchar *const bad[] = {
	    "", "abc", "0x10", " 1", "1 ", "1e", "1.2.3", "--1", "+", ".", "inf", "nan", "1,5",
	};
	CmasimCheckNumber n;

	n = test_number("8322643");
	assert_true(n.integral);
	assert_int_equal(n.i, 8322643);
	n = test_number("-4");
	assert_true(n.integral);
	assert_int_equal(n.i, -4);
	n = test_number("9223372036854775807");
	assert_true(n.integral);
	assert_true(n.i == G_MAXINT64);
	/* beyond gint64: still a number, as a double */
	n = test_number("18446744073709551615");
	assert_false(n.integral);
	assert_true(n.d > 1.8e19);
	n = test_number("0.223");
	assert_false(n.integral);
	assert_true(n.d == 0.223);
	n = test_number("-1.0");
	assert_true(n.d == -1.0);
	n = test_number("2.8125e+06");
	assert_true(n.d == 2812500.0);
	n = test_number(".5");
	assert_true(n.d == 0.5);
	assert_true(isinf(test_number(".inf").d) && test_number(".inf").d > 0);
	assert_true(isinf(test_number("-.inf").d) && test_number("-.inf").d < 0);
	assert_true(isnan(test_number(".nan").d));
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		if (cmasim_check_number_parse(bad[i], &n)) {
			g_printerr("# parsed '%s'\n", bad[i]);
			fail();
		}
	}
	assert_false(cmasim_check_number_parse(NULL, &n));
}

/* ---- tolerances ---- */

static gboolean
test_accepts(CmasimToleranceKind kind, gdouble amount, const gchar *baseline, const gchar *now)
{
	CmasimTolerance tolerance = {kind, amount};
	CmasimCheckNumber b = test_number(baseline);
	CmasimCheckNumber n = test_number(now);
	return cmasim_tolerance_accepts(&tolerance, &b, &n);
}

#define EXACT    CMASIM_TOLERANCE_EXACT
#define ABSOLUTE CMASIM_TOLERANCE_ABSOLUTE
#define RELATIVE CMASIM_TOLERANCE_RELATIVE

static void
test_tolerance_exact(void **state)
{
	assert_true(test_accepts(EXACT, 0, "60", "60"));
	assert_false(test_accepts(EXACT, 0, "60", "61"));
	assert_false(test_accepts(EXACT, 0, "60", "59"));
	assert_true(test_accepts(EXACT, 0, "0", "0"));
	assert_true(test_accepts(EXACT, 0, "0", "0.0"));
	assert_true(test_accepts(EXACT, 0, "-1.0", "-1.0"));
	assert_false(test_accepts(EXACT, 0, "-1.0", "-0.999"));
	assert_true(test_accepts(EXACT, 0, "0.223", "0.223"));
	assert_false(test_accepts(EXACT, 0, "0.223", "0.224"));
	/* integers compare as integers, not through a double (2^53 + 1 vs 2^53) */
	assert_false(test_accepts(EXACT, 0, "9007199254740993", "9007199254740992"));
	assert_true(test_accepts(EXACT, 0, "9007199254740993", "9007199254740993"));
	assert_false(test_accepts(EXACT, 0, "-9223372036854775808", "9223372036854775807"));
	/* NaN and infinities match only themselves */
	assert_true(test_accepts(EXACT, 0, ".nan", ".nan"));
	assert_false(test_accepts(EXACT, 0, ".nan", "0"));
	assert_true(test_accepts(EXACT, 0, ".inf", ".inf"));
	assert_false(test_accepts(EXACT, 0, ".inf", "-.inf"));
}

static void
test_tolerance_absolute(void **state)
{
	/* inclusive on both sides */
	assert_true(test_accepts(ABSOLUTE, 5, "100", "105"));
	assert_true(test_accepts(ABSOLUTE, 5, "100", "95"));
	assert_false(test_accepts(ABSOLUTE, 5, "100", "106"));
	assert_false(test_accepts(ABSOLUTE, 5, "100", "94"));
	assert_false(test_accepts(ABSOLUTE, 5, "100", "105.0001"));
	assert_false(test_accepts(ABSOLUTE, 5, "100", "94.9999"));
	/* decimal boundaries that are not exact in binary */
	assert_true(test_accepts(ABSOLUTE, 0.2, "1.1", "1.3"));
	assert_true(test_accepts(ABSOLUTE, 0.2, "1.3", "1.1"));
	assert_true(test_accepts(ABSOLUTE, 0.1, "0.2", "0.3"));
	assert_false(test_accepts(ABSOLUTE, 0.1, "0.2", "0.3000001"));
	/* negative and zero baselines */
	assert_true(test_accepts(ABSOLUTE, 5, "-10", "-15"));
	assert_true(test_accepts(ABSOLUTE, 5, "-10", "-5"));
	assert_false(test_accepts(ABSOLUTE, 5, "-10", "-15.01"));
	assert_true(test_accepts(ABSOLUTE, 0.5, "0", "0.5"));
	assert_true(test_accepts(ABSOLUTE, 0.5, "0", "-0.5"));
	assert_false(test_accepts(ABSOLUTE, 0.5, "0", "0.6"));
	assert_true(test_accepts(ABSOLUTE, 2, "-1", "1"));
	assert_false(test_accepts(ABSOLUTE, 2, "-1", "1.5"));
	/* zero amount is exact */
	assert_true(test_accepts(ABSOLUTE, 0, "7", "7"));
	assert_false(test_accepts(ABSOLUTE, 0, "7", "8"));
	/* large integers: the distance is exact */
	assert_true(test_accepts(ABSOLUTE, 1, "9007199254740993", "9007199254740994"));
	assert_false(test_accepts(ABSOLUTE, 1, "9007199254740993", "9007199254740995"));
	/* non-finite values never fall within a finite distance */
	assert_false(test_accepts(ABSOLUTE, 1e300, "1", ".inf"));
	assert_false(test_accepts(ABSOLUTE, 1e300, ".nan", "1"));
	assert_true(test_accepts(ABSOLUTE, 1, ".inf", ".inf"));
}

static void
test_tolerance_relative(void **state)
{
	assert_true(test_accepts(RELATIVE, 0.02, "100", "102"));
	assert_true(test_accepts(RELATIVE, 0.02, "100", "98"));
	assert_false(test_accepts(RELATIVE, 0.02, "100", "102.01"));
	assert_false(test_accepts(RELATIVE, 0.02, "100", "97.99"));
	assert_true(test_accepts(RELATIVE, 0.1, "193679936", "213047929"));
	assert_false(test_accepts(RELATIVE, 0.1, "193679936", "213047930"));
	/* decimal boundaries */
	assert_true(test_accepts(RELATIVE, 0.1, "0.3", "0.33"));
	assert_true(test_accepts(RELATIVE, 0.01, "1.1", "1.111"));
	/* the fraction is of |baseline|: negative baselines work both ways */
	assert_true(test_accepts(RELATIVE, 0.01, "-1.0", "-1.01"));
	assert_true(test_accepts(RELATIVE, 0.01, "-1.0", "-0.99"));
	assert_false(test_accepts(RELATIVE, 0.01, "-1.0", "-1.02"));
	assert_false(test_accepts(RELATIVE, 0.5, "-1.0", "1.0"));
	/* a zero baseline allows nothing but zero, whatever the fraction */
	assert_true(test_accepts(RELATIVE, 0.5, "0", "0"));
	assert_true(test_accepts(RELATIVE, 0.5, "0", "0.0"));
	assert_false(test_accepts(RELATIVE, 0.5, "0", "1"));
	assert_false(test_accepts(RELATIVE, 1e6, "0.0", "1e-300"));
	assert_false(test_accepts(RELATIVE, 0.5, "0", "-1"));
	/* zero fraction is exact; more than 100 % is allowed */
	assert_false(test_accepts(RELATIVE, 0, "10", "11"));
	assert_true(test_accepts(RELATIVE, 2, "10", "30"));
	assert_true(test_accepts(RELATIVE, 2, "10", "-10"));
	assert_false(test_accepts(RELATIVE, 2, "10", "-11"));
	assert_false(test_accepts(RELATIVE, 10, "1", ".inf"));
	assert_false(test_accepts(RELATIVE, 10, "1", ".nan"));
}

static void
test_tolerance_strings(void **state)
{
	CmasimTolerance exact = {EXACT, 0};
	CmasimTolerance absolute = {ABSOLUTE, 5};
	CmasimTolerance relative = {RELATIVE, 0.025};
	struct {
		const gchar *baseline;
		const gchar *now;
		const gchar *expected;
	} changes[] = {
	    {"60", "60", "0"},
	    {"10500", "10509", "+9 (+0.0857%)"},
	    {"200", "100", "-100 (-50%)"},
	    {"0", "5", "+5"},
	    {"-1.0", "-0.5", "+0.5 (+50%)"},
	    {"0.0", "0.25", "+0.25"},
	    {"1", ".inf", "changed"},
	    {".nan", ".nan", "0"},
	};
	g_autofree gchar *e = cmasim_tolerance_to_string(&exact);
	g_autofree gchar *a = cmasim_tolerance_to_string(&absolute);
	g_autofree gchar *r = cmasim_tolerance_to_string(&relative);

	assert_string_equal(e, "exact");
	assert_string_equal(a, "±5");
	assert_string_equal(r, "±2.5%");
	for (guint i = 0; i < G_N_ELEMENTS(changes); i++) {
		CmasimCheckNumber b = test_number(changes[i].baseline);
		CmasimCheckNumber n = test_number(changes[i].now);
		g_autofree gchar *text = cmasim_check_change_to_string(&b, &n);
		assert_string_equal(text, changes[i].expected);
	}
}

/* ---- baselines ---- */

static CmasimBaseline *
test_baseline(const gchar *text, GError **error)
{
	return cmasim_baseline_load_from_data("b.yaml", text, strlen(text), error);
}

static void
test_baseline_good(void **state)
{
	const gchar *text = "# a comment\n"
	                    "baseline: 1\n"
	                    "workload: goni-camera\n"
	                    "workload_file: workloads/goni-camera.yaml\n"
	                    "seed: 1\n"
	                    "policies:\n"
	                    "  cma:\n"
	                    "    contiguous.requests: 60\n"
	                    "    contiguous.latency_ns.p99: {value: 193679936, tolerance: exact}\n"
	                    "    memory.reserved_idle_page_seconds: {value: 0.5, tolerance: "
	                    "{relative: 2%}, why: \"a float\"}\n"
	                    "  carveout:\n"
	                    "    fragmentation.extfrag_index.10: {value: -1.0, tolerance: "
	                    "{absolute: 0.01}}\n"
	                    "    contiguous.retries: {value: 3, tolerance: {relative: 0.5}}\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimBaseline) baseline = test_baseline(text, &error);
	g_autoptr(GPtrArray) policies = NULL;
	CmasimCheckNumber value;
	CmasimTolerance tolerance;

	assert_null(error);
	assert_non_null(baseline);
	assert_string_equal(cmasim_baseline_get_workload(baseline), "goni-camera");
	assert_string_equal(cmasim_baseline_get_workload_file(baseline),
	                    "workloads/goni-camera.yaml");
	policies = cmasim_baseline_get_policies(baseline);
	assert_int_equal(policies->len, 2);
	assert_string_equal(g_ptr_array_index(policies, 0), "cma");
	assert_string_equal(g_ptr_array_index(policies, 1), "carveout");
	assert_false(cmasim_baseline_get_metric(baseline, "alloc_contig_pages",
	                                        "contiguous.requests", NULL, NULL));

	assert_true(cmasim_baseline_get_metric(baseline, "cma", "contiguous.requests", &value,
	                                       &tolerance));
	assert_true(value.integral);
	assert_int_equal(value.i, 60);
	assert_int_equal(tolerance.kind, EXACT);
	assert_true(cmasim_baseline_get_metric(baseline, "cma",
	                                       "memory.reserved_idle_page_seconds", &value,
	                                       &tolerance));
	assert_int_equal(tolerance.kind, RELATIVE);
	assert_true(fabs(tolerance.amount - 0.02) < 1e-15);
	assert_true(cmasim_baseline_get_metric(baseline, "carveout",
	                                       "fragmentation.extfrag_index.10", &value,
	                                       &tolerance));
	assert_true(value.d == -1.0);
	assert_int_equal(tolerance.kind, ABSOLUTE);
	assert_true(tolerance.amount == 0.01);
	assert_true(cmasim_baseline_get_metric(baseline, "carveout", "contiguous.retries", NULL,
	                                       &tolerance));
	assert_true(tolerance.amount == 0.5);
	assert_false(cmasim_baseline_get_metric(baseline, "carveout", "contiguous.requests",
	                                        NULL, NULL));
}

static void
test_baseline_bad(void **state)
{
	static const struct {
		const gchar *text;
		const gchar *message; /* the start of the error message */
	} cases[] = {
	    {"", "b.yaml:1:1: the baseline is empty"},
	    {"- 1\n", "b.yaml:1:1: the baseline is a sequence"},
	    {"baseline: 2\nworkload: w\npolicies: {cma: {a: 1}}\n",
	     "b.yaml:1:11: unsupported baseline version 2"},
	    {"baseline: 1\npolicies: {cma: {a: 1}}\n", "b.yaml:1:1: no workload:"},
	    {"workload: w\npolicies: {cma: {a: 1}}\n", "b.yaml:1:1: no baseline:"},
	    {"baseline: 1\nworkload: w\n", "b.yaml:1:1: no policies:"},
	    {"baseline: 1\nworkload: w\npolicies: {}\n", "b.yaml:3:1: policies: empty"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma: {}\n",
	     "b.yaml:4:3: policy 'cma': no metric"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma: 3\n",
	     "b.yaml:4:3: policy 'cma': found a scalar"},
	    {"baseline: 1\nworkload: w\nworkloads: x\n", "b.yaml:3:1: unknown key 'workloads'"},
	    {"baseline: 1\nworkload: w\nworkload: v\n", "b.yaml:3:1: duplicate key 'workload'"},
	    {"baseline: 1\nworkload: w\nseed: -1\npolicies: {cma: {a: 1}}\n", "b.yaml:3:7: seed:"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma:\n    a.b: 1\n    a.b: 2\n",
	     "b.yaml:6:5: cma: duplicate key 'a.b'"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma:\n    a.b: many\n",
	     "b.yaml:5:10: a.b: 'many' is not a number"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma:\n    a..b: 1\n",
	     "b.yaml:5:5: 'a..b' is not a metric path"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma:\n    .a: 1\n",
	     "b.yaml:5:5: '.a' is not a metric path"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma:\n    a: [1]\n",
	     "b.yaml:5:8: a: found a sequence (expected a number)"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma:\n    a: {tolerance: exact}\n",
	     "b.yaml:5:8: a: no value"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma:\n    a: {value: 1, tol: exact}\n",
	     "b.yaml:5:19: a: unknown key 'tol'"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma:\n    a: {value: 1, tolerance: loose}\n",
	     "b.yaml:5:30: a: tolerance: unknown tolerance 'loose'"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma:\n"
	     "    a: {value: 1, tolerance: {relativ: 1}}\n",
	     "b.yaml:5:31: a: tolerance: unknown kind 'relativ'"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma:\n"
	     "    a: {value: 1, tolerance: {relative: -0.1}}\n",
	     "b.yaml:5:41: a: tolerance:"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma:\n"
	     "    a: {value: 1, tolerance: {absolute: lots}}\n",
	     "b.yaml:5:41: a: tolerance:"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma:\n"
	     "    a: {value: 1, tolerance: {absolute: 1, relative: 2}}\n",
	     "b.yaml:5:44: a: tolerance: a second kind 'relative'"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma:\n    a: {value: 1, tolerance: {}}\n",
	     "b.yaml:5:30: a: tolerance: empty"},
	    {"baseline: 1\nworkload: w\npolicies:\n  cma:\n    a: {value: 1\n",
	     "b.yaml:6:1: YAML syntax error"},
	    {"baseline: 1\nworkload: &w w\n", "b.yaml:2:11: anchors and aliases"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(CmasimBaseline) baseline = test_baseline(cases[i].text, &error);
		if (baseline != NULL || error == NULL ||
		    !g_str_has_prefix(error->message, cases[i].message)) {
			g_printerr("# case %u: expected '%s...', got '%s'\n", i, cases[i].message,
			           error != NULL ? error->message : "(no error)");
			fail();
		}
		assert_true(error->domain == CMASIM_ERROR);
	}
}

/* ---- directories ---- */

typedef struct {
	gchar *dir;
} TestDir;

static gchar *
test_summary(const gchar *policy, const gchar *workload, guint p99, gboolean partial)
{
	return g_strdup_printf(
	    "policy: %s\n"
	    "workload: %s\n"
	    "seed: 1\n"
	    "partial: %s\n"
	    "contiguous:\n"
	    "  requests: 60\n"
	    "  failed: {ENOMEM: 0, EBUSY: 2}\n"
	    "  latency_ns: {min: 5, p50: 7, p99: %u}\n"
	    "regions:\n"
	    "- name: fimc\n"
	    "  count: 6144\n"
	    "- {name: \"linux,cma\", count: 4096}\n"
	    "memory:\n"
	    "  reserved_idle_page_seconds: 0.25\n"
	    "fragmentation:\n"
	    "  request_order: 10\n"
	    "  unusable_index: {0: 0.0, 10: 0.223}\n"
	    "  extfrag_index: {0: -1.0, 10: -1.0}\n",
	    policy, workload, partial ? "true" : "false", p99);
}

static void
test_write(const gchar *dir, const gchar *leaf, const gchar *subdir, const gchar *text)
{
	g_autofree gchar *parent = g_build_filename(dir, subdir, NULL);
	g_autofree gchar *path = g_build_filename(parent, leaf, NULL);
	assert_int_equal(g_mkdir_with_parents(parent, 0700), 0);
	assert_true(g_file_set_contents(path, text, -1, NULL));
}

static void
test_rm_rf(const gchar *path)
{
	g_autoptr(GDir) dir = NULL;
	const gchar *name;

	if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_remove(path);
		return;
	}
	dir = g_dir_open(path, 0, NULL);
	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *child = g_build_filename(path, name, NULL);
		test_rm_rf(child);
	}
	g_rmdir(path);
}

/* a compare directory: cma and carveout, comparison.tsv */
static int
test_dir_setup(void **state)
{
	TestDir *fixture = g_new0(TestDir, 1);
	g_autofree gchar *cma = test_summary("cma", "goni-camera", 900, FALSE);
	g_autofree gchar *carveout = test_summary("carveout", "goni-camera", 100, FALSE);

	fixture->dir = g_dir_make_tmp("cmasim-check-XXXXXX", NULL);
	assert_non_null(fixture->dir);
	test_write(fixture->dir, "summary.yaml", "cma", cma);
	test_write(fixture->dir, "summary.yaml", "carveout", carveout);
	test_write(fixture->dir, "comparison.tsv", ".",
	           "# policy\trequests\n"
	           "cma\t60\n"
	           "carveout\t60\n");
	*state = fixture;
	return 0;
}

static int
test_dir_teardown(void **state)
{
	TestDir *fixture = *state;
	test_rm_rf(fixture->dir);
	g_free(fixture->dir);
	g_free(fixture);
	return 0;
}

static GPtrArray *
test_check(const gchar *dir, const gchar *baseline_text, GError **error)
{
	g_autoptr(CmasimBaseline) baseline = test_baseline(baseline_text, error);
	assert_non_null(baseline);
	return cmasim_check_dir(baseline, dir, error);
}

static guint
test_failed(GPtrArray *rows)
{
	guint failed = 0;
	for (guint i = 0; i < rows->len; i++) {
		const CmasimCheckRow *row = g_ptr_array_index(rows, i);
		failed += row->ok ? 0 : 1;
	}
	return failed;
}

static void
test_check_compare_dir(void **state)
{
	TestDir *fixture = *state;
	const gchar *text = "baseline: 1\n"
	                    "workload: goni-camera\n"
	                    "seed: 1\n"
	                    "policies:\n"
	                    "  cma:\n"
	                    "    contiguous.requests: 60\n"
	                    "    contiguous.failed.EBUSY: 2\n"
	                    "    contiguous.latency_ns.p99: {value: 880, tolerance: {relative: "
	                    "5%}}\n"
	                    "    regions.fimc.count: 6144\n"
	                    "    regions.1.count: 4096\n"
	                    "    regions.linux,cma.count: 4096\n"
	                    "    fragmentation.unusable_index.10: 0.223\n"
	                    "  carveout:\n"
	                    "    contiguous.latency_ns.p99: 99\n"
	                    "    memory.reserved_idle_page_seconds: {value: 0.2, tolerance: "
	                    "{absolute: 0.05}}\n"
	                    "    fragmentation.extfrag_index.10: -1.0\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) rows = test_check(fixture->dir, text, &error);
	g_autofree gchar *table = NULL;
	g_autofree gchar *all = NULL;
	const CmasimCheckRow *row;

	assert_null(error);
	assert_non_null(rows);
	assert_int_equal(rows->len, 10);
	assert_int_equal(test_failed(rows), 1);
	row = g_ptr_array_index(rows, 7);
	assert_string_equal(row->policy, "carveout");
	assert_string_equal(row->metric, "contiguous.latency_ns.p99");
	assert_string_equal(row->baseline_text, "99");
	assert_string_equal(row->now_text, "100");
	assert_false(row->ok);

	table = cmasim_check_table(rows, FALSE);
	assert_non_null(strstr(table, "policy"));
	assert_non_null(strstr(table, "tolerance"));
	assert_non_null(strstr(table, "carveout  contiguous.latency_ns.p99"));
	assert_non_null(strstr(table, "+1 (+1.01%)"));
	assert_non_null(strstr(table, "FAIL"));
	assert_null(strstr(table, "contiguous.requests"));
	all = cmasim_check_table(rows, TRUE);
	assert_non_null(strstr(all, "contiguous.requests"));
	assert_non_null(strstr(all, "±5%"));
	assert_non_null(strstr(all, "±0.05"));
}

static void
test_check_run_dir(void **state)
{
	TestDir *fixture = *state;
	g_autofree gchar *run = g_build_filename(fixture->dir, "cma", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) rows = NULL;

	/* a run directory checks only its own policy */
	rows = test_check(run, "baseline: 1\nworkload: goni-camera\npolicies:\n"
	                       "  cma: {contiguous.latency_ns.p99: 900}\n"
	                       "  carveout: {contiguous.latency_ns.p99: 1}\n",
	                  &error);
	assert_null(error);
	assert_int_equal(rows->len, 1);
	assert_int_equal(test_failed(rows), 0);
	g_clear_pointer(&rows, g_ptr_array_unref);

	rows = test_check(run, "baseline: 1\nworkload: goni-camera\npolicies:\n"
	                       "  carveout: {contiguous.latency_ns.p99: 1}\n",
	                  &error);
	assert_null(rows);
	assert_non_null(strstr(error->message, "policy 'cma' has no entry in b.yaml"));
}

static void
test_check_errors(void **state)
{
	TestDir *fixture = *state;
	static const struct {
		const gchar *baseline;
		const gchar *message;
	} cases[] = {
	    /* a metric summary.yaml does not have: where the baseline asks for it */
	    {"baseline: 1\nworkload: goni-camera\npolicies:\n  cma:\n    contiguous.nope: 1\n",
	     "b.yaml:5:5: policy 'cma': "},
	    {"baseline: 1\nworkload: goni-camera\npolicies:\n  cma:\n    contiguous: 1\n",
	     "is a mapping or a sequence"},
	    {"baseline: 1\nworkload: goni-camera\npolicies:\n  cma:\n    policy: 1\n",
	     "policy: 'cma' is not a number"},
	    {"baseline: 1\nworkload: video\npolicies:\n  cma:\n    contiguous.requests: 60\n",
	     "the run is of workload 'goni-camera' (expected 'video', as b.yaml:2:11 says)"},
	    {"baseline: 1\nworkload: goni-camera\nseed: 2\npolicies:\n  cma:\n"
	     "    contiguous.requests: 60\n",
	     "the run used seed 1 (expected 2, as b.yaml:3:7 says)"},
	    {"baseline: 1\nworkload: goni-camera\npolicies:\n  acp:\n"
	     "    contiguous.requests: 60\n",
	     ": no run of policy 'acp' (expected "},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GPtrArray) rows = test_check(fixture->dir, cases[i].baseline, &error);
		if (rows != NULL || error == NULL || strstr(error->message, cases[i].message) == NULL) {
			g_printerr("# case %u: expected '%s', got '%s'\n", i, cases[i].message,
			           error != NULL ? error->message : "(no error)");
			fail();
		}
	}
}

static void
test_check_partial_and_missing(void **state)
{
	TestDir *fixture = *state;
	g_autofree gchar *partial = test_summary("cma", "goni-camera", 900, TRUE);
	g_autofree gchar *nowhere = g_build_filename(fixture->dir, "nowhere", NULL);
	g_autofree gchar *empty = g_build_filename(fixture->dir, "empty", NULL);
	const gchar *text = "baseline: 1\nworkload: goni-camera\npolicies:\n"
	                    "  cma: {contiguous.requests: 60}\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) rows = NULL;

	rows = test_check(nowhere, text, &error);
	assert_null(rows);
	assert_non_null(strstr(error->message, "no such directory"));
	g_clear_error(&error);

	assert_int_equal(g_mkdir(empty, 0700), 0);
	rows = test_check(empty, text, &error);
	assert_null(rows);
	assert_non_null(strstr(error->message, "no run of policy 'cma'"));
	g_clear_error(&error);

	test_write(fixture->dir, "summary.yaml", "cma", partial);
	rows = test_check(fixture->dir, text, &error);
	assert_null(rows);
	assert_non_null(strstr(error->message, "partial: true (expected a complete run)"));
	g_clear_error(&error);

	test_write(fixture->dir, "summary.yaml", "cma", "policy: [\n");
	rows = test_check(fixture->dir, text, &error);
	assert_null(rows);
	assert_non_null(strstr(error->message, "cma/summary.yaml:2:1: YAML syntax error"));
}

/* without --like every headline metric must be in the summary */
static void
test_emit_headline_missing(void **state)
{
	TestDir *fixture = *state;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = cmasim_baseline_emit(fixture->dir, NULL, "w.yaml", &error);

	assert_null(text);
	assert_non_null(error);
	assert_non_null(strstr(error->message, "cma/summary.yaml: no metric 'contiguous.succeeded'"));
}

static void
test_emit_like(void **state)
{
	TestDir *fixture = *state;
	const gchar *like_text = "baseline: 1\nworkload: goni-camera\nworkload_file: w.yaml\n"
	                         "policies:\n"
	                         "  cma:\n"
	                         "    contiguous.latency_ns.p99: {value: 1, tolerance: {relative: "
	                         "1%}, why: \"histogram: 0.8 % buckets\"}\n"
	                         "    regions.fimc.count: 1\n"
	                         "  carveout:\n"
	                         "    memory.reserved_idle_page_seconds: {value: 0.0, tolerance: "
	                         "{absolute: 0.5}}\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimBaseline) like = test_baseline(like_text, &error);
	g_autofree gchar *text = NULL;
	g_autoptr(CmasimBaseline) baseline = NULL;
	g_autoptr(GPtrArray) rows = NULL;
	CmasimTolerance tolerance;
	CmasimCheckNumber value;

	assert_non_null(like);
	text = cmasim_baseline_emit(fixture->dir, like, NULL, &error);
	assert_null(error);
	assert_non_null(strstr(text, "workload_file: w.yaml\n"));
	assert_non_null(strstr(text, "    contiguous.latency_ns.p99: {value: 900, tolerance: "
	                             "{relative: 0.01}, why: 'histogram: 0.8 % buckets'}\n"));
	assert_non_null(strstr(text, "    regions.fimc.count: 6144\n"));
	assert_non_null(strstr(text, "    memory.reserved_idle_page_seconds: {value: 0.25, "
	                             "tolerance: {absolute: 0.5}}\n"));
	baseline = test_baseline(text, &error);
	assert_null(error);
	assert_true(cmasim_baseline_get_metric(baseline, "cma", "contiguous.latency_ns.p99",
	                                       &value, &tolerance));
	assert_int_equal(value.i, 900);
	assert_int_equal(tolerance.kind, RELATIVE);
	/* what was emitted checks clean against the same directory */
	rows = cmasim_check_dir(baseline, fixture->dir, &error);
	assert_null(error);
	assert_int_equal(rows->len, 3);
	assert_int_equal(test_failed(rows), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_number_parse),
	    cmocka_unit_test(test_tolerance_exact),
	    cmocka_unit_test(test_tolerance_absolute),
	    cmocka_unit_test(test_tolerance_relative),
	    cmocka_unit_test(test_tolerance_strings),
	    cmocka_unit_test(test_baseline_good),
	    cmocka_unit_test(test_baseline_bad),
	    cmocka_unit_test_setup_teardown(test_check_compare_dir, test_dir_setup,
	                                    test_dir_teardown),
	    cmocka_unit_test_setup_teardown(test_check_run_dir, test_dir_setup, test_dir_teardown),
	    cmocka_unit_test_setup_teardown(test_check_errors, test_dir_setup, test_dir_teardown),
	    cmocka_unit_test_setup_teardown(test_check_partial_and_missing, test_dir_setup,
	                                    test_dir_teardown),
	    cmocka_unit_test_setup_teardown(test_emit_headline_missing, test_dir_setup,
	                                    test_dir_teardown),
	    cmocka_unit_test_setup_teardown(test_emit_like, test_dir_setup, test_dir_teardown),
	};

	return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
