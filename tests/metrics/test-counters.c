/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Kernel-named counters: names, sorted order, lookup, add, merge, reset.
 */
#define G_LOG_DOMAIN "CmasimTest"

#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmasim/cmasim-metrics.h"

static void
test_counters_names_sorted(void **state)
{
	for (guint i = 0; i < CMASIM_COUNTERS; i++) {
		const gchar *name = cmasim_counter_name((CmasimCounterId)i);
		CmasimCounterId id = CMASIM_COUNTERS;

		assert_non_null(name);
		assert_non_null(cmasim_counter_description((CmasimCounterId)i));
		if (i > 0) {
			const gchar *previous = cmasim_counter_name((CmasimCounterId)(i - 1));

			assert_true(strcmp(previous, name) < 0);
		}
		assert_true(cmasim_counter_from_name(name, &id));
		assert_int_equal(id, i);
	}
	for (guint i = 0; i < CMASIM_GAUGES; i++) {
		const gchar *name = cmasim_gauge_name((CmasimGaugeId)i);
		CmasimGaugeId id = CMASIM_GAUGES;

		assert_non_null(name);
		assert_non_null(cmasim_gauge_description((CmasimGaugeId)i));
		if (i > 0)
			assert_true(strcmp(cmasim_gauge_name((CmasimGaugeId)(i - 1)), name) < 0);
		assert_true(cmasim_gauge_from_name(name, &id));
		assert_int_equal(id, i);
	}
	assert_null(cmasim_counter_name(CMASIM_COUNTERS));
	assert_null(cmasim_gauge_name(CMASIM_GAUGES));
}

static void
test_counters_kernel_names(void **state)
{
	CmasimCounterId id = CMASIM_COUNTERS;
	CmasimGaugeId gauge = CMASIM_GAUGES;

	assert_string_equal(cmasim_counter_name(CMASIM_COUNTER_CMA_ALLOC_SUCCESS),
			    "cma_alloc_success");
	assert_string_equal(cmasim_counter_name(CMASIM_COUNTER_CMA_ALLOC_FAIL), "cma_alloc_fail");
	assert_string_equal(cmasim_counter_name(CMASIM_COUNTER_ALLOC_PAGES_SUCCESS),
			    "alloc_pages_success");
	assert_string_equal(cmasim_counter_name(CMASIM_COUNTER_ALLOC_PAGES_FAIL),
			    "alloc_pages_fail");
	assert_string_equal(cmasim_counter_name(CMASIM_COUNTER_RELEASE_PAGES_SUCCESS),
			    "release_pages_success");
	assert_string_equal(cmasim_counter_name(CMASIM_COUNTER_PGMIGRATE_SUCCESS),
			    "pgmigrate_success");
	assert_string_equal(cmasim_counter_name(CMASIM_COUNTER_PGMIGRATE_FAIL), "pgmigrate_fail");
	assert_string_equal(cmasim_counter_name(CMASIM_COUNTER_PGALLOC), "pgalloc");
	assert_string_equal(cmasim_counter_name(CMASIM_COUNTER_PGFREE), "pgfree");
	assert_string_equal(cmasim_counter_name(CMASIM_COUNTER_ALLOCSTALL), "allocstall");
	assert_string_equal(cmasim_counter_name(CMASIM_COUNTER_PGSTEAL), "pgsteal");
	assert_string_equal(cmasim_counter_name(CMASIM_COUNTER_PGSCAN), "pgscan");
	assert_string_equal(cmasim_gauge_name(CMASIM_GAUGE_NR_FREE_CMA), "nr_free_cma");
	assert_false(cmasim_counter_from_name("cma_alloc_sucess", &id));
	assert_false(cmasim_counter_from_name(NULL, &id));
	assert_int_equal(id, CMASIM_COUNTERS);
	assert_false(cmasim_gauge_from_name("nr_free", &gauge));
}

static void
test_counters_add_merge(void **state)
{
	g_autoptr(CmasimCounters) a = cmasim_counters_new();
	CmasimCounters b = {0};

	cmasim_counters_add(a, CMASIM_COUNTER_PGMIGRATE_SUCCESS, 512);
	cmasim_counters_add(a, CMASIM_COUNTER_PGMIGRATE_SUCCESS, 3);
	cmasim_counters_add(a, CMASIM_COUNTER_CMA_ALLOC_SUCCESS, 1);
	cmasim_counters_set_gauge(a, CMASIM_GAUGE_NR_FREE_CMA, 1000);
	cmasim_counters_set_gauge(a, CMASIM_GAUGE_NR_FREE_CMA, 900);
	cmasim_counters_add(&b, CMASIM_COUNTER_PGMIGRATE_SUCCESS, 5);
	cmasim_counters_add(&b, CMASIM_COUNTER_CMA_ALLOC_FAIL, 2);
	cmasim_counters_set_gauge(&b, CMASIM_GAUGE_NR_FREE_CMA, 100);

	cmasim_counters_merge(a, &b);
	assert_int_equal(cmasim_counters_get(a, CMASIM_COUNTER_PGMIGRATE_SUCCESS), 520);
	assert_int_equal(cmasim_counters_get(a, CMASIM_COUNTER_CMA_ALLOC_SUCCESS), 1);
	assert_int_equal(cmasim_counters_get(a, CMASIM_COUNTER_CMA_ALLOC_FAIL), 2);
	assert_int_equal(cmasim_counters_get(a, CMASIM_COUNTER_PGFREE), 0);
	assert_int_equal(cmasim_counters_get_gauge(a, CMASIM_GAUGE_NR_FREE_CMA), 1000);
	/* src unchanged */
	assert_int_equal(cmasim_counters_get(&b, CMASIM_COUNTER_PGMIGRATE_SUCCESS), 5);

	cmasim_counters_reset(a);
	for (guint i = 0; i < CMASIM_COUNTERS; i++)
		assert_int_equal(cmasim_counters_get(a, (CmasimCounterId)i), 0);
	for (guint i = 0; i < CMASIM_GAUGES; i++)
		assert_int_equal(cmasim_counters_get_gauge(a, (CmasimGaugeId)i), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_counters_names_sorted),
	    cmocka_unit_test(test_counters_kernel_names),
	    cmocka_unit_test(test_counters_add_merge),
	};

	return cmocka_run_group_tests_name("counters", tests, NULL, NULL);
}
