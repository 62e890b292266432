/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Long whole-workload tests (suite 'slow'): every shipped workload of
 * workloads/ under every registered policy for its full duration, with
 * the memory model's invariants checked at the end and the summary
 * checked for sanity; and the tiny scenario for ten simulated seconds with
 * the invariant checker after every event.
 */
#define G_LOG_DOMAIN "CmasimTest"

#include "cmasim-config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cmasim/cmasim-policy.h"
#include "cmasim/cmasim-sim.h"
#include "cmasim/cmasim-workload.h"
#include "sim/cmasim-sim-private.h"

static void
check_sane(const CmasimSimSummary *s)
{
	assert_false(s->partial);
	assert_int_equal(s->succeeded + s->failed, s->requests);
	assert_true(s->latency_min_ns <= s->latency_p50_ns);
	assert_true(s->latency_p50_ns <= s->latency_p99_ns);
	assert_true(s->latency_p99_ns <= s->latency_max_ns);
	if (g_strcmp0(s->policy, "carveout") == 0)
		assert_int_equal(s->pages_migrated, 0);
}

static void
run_checked(const CmasimScenario *scenario, const gchar *policy)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimSim) sim = cmasim_sim_new(scenario, policy, &error);

	if (sim == NULL)
		fail_msg("%s/%s: %s", scenario->name, policy, error->message);
	if (!cmasim_sim_run(sim, &error))
		fail_msg("%s/%s: %s", scenario->name, policy, error->message);
	if (!cmasim_mm_check(sim->mm, &error))
		fail_msg("%s/%s: %s", scenario->name, policy, error->message);
	check_sane(cmasim_sim_get_summary(sim));
}

static void
test_shipped_workloads(void **state)
{
	g_autoptr(GPtrArray) names = cmasim_data_list("workloads");
	guint n_ops = 0;
	const CmasimPolicyOps *const *ops = cmasim_policy_ops_list(&n_ops);

	assert_true(names->len > 0);
	for (guint w = 0; w < names->len; w++) {
		g_autofree gchar *path =
		    g_strdup_printf("%s/workloads/%s.yaml", CMASIM_SOURCE_DIR,
		                    (const gchar *)g_ptr_array_index(names, w));
		g_autoptr(GError) error = NULL;
		g_autoptr(CmasimScenario) scenario = NULL;

		if (!g_file_test(path, G_FILE_TEST_EXISTS))
			continue;
		scenario = cmasim_scenario_load(path, &error);
		if (scenario == NULL)
			fail_msg("%s", error->message);
		for (guint i = 0; i < n_ops; i++)
			run_checked(scenario, ops[i]->name);
	}
}

static void
test_tiny_long_validated(void **state)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario =
	    cmasim_scenario_load(CMASIM_TEST_DATADIR "/scenario/tiny.yaml", &error);
	guint n_ops = 0;
	const CmasimPolicyOps *const *ops = cmasim_policy_ops_list(&n_ops);

	if (scenario == NULL)
		fail_msg("%s", error->message);
	assert_true(cmasim_scenario_apply_set(scenario, "duration=10s", &error));
	assert_true(cmasim_scenario_apply_set(scenario, "sim.validate=true", &error));
	for (guint i = 0; i < n_ops; i++)
		run_checked(scenario, ops[i]->name);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shipped_workloads),
	    cmocka_unit_test(test_tiny_long_validated),
	};
	return cmocka_run_group_tests_name("scenario-slow", tests, NULL, NULL);
}
