/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Runs stopped at many exact events (cmasim_sim_set_stop_after_events()),
 * so that every kind of moment a signal can land on is reached without
 * depending on timing: between requests, while a request waits for the
 * mutex, while its window is isolated and half migrated, while it is being
 * mapped. Each stopped run must end cleanly with partial outputs, and be in
 * exactly the state the uninterrupted run was in after that many events.
 * Under ASan (scripts/test.sh runs this suite with detect_leaks=1) anything
 * an in-flight request owns and nobody frees fails the whole executable.
 */
#define G_LOG_DOMAIN "CmasimTest"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <glib/gstdio.h>

#include "cmasim/cmasim-policy.h"
#include "cmasim/cmasim-sim.h"
#include "scenario-util.h"
#include "sim/cmasim-sim-private.h"

#define TINY_WORKLOAD CMASIM_TEST_DATADIR "/scenario/tiny.yaml"

/* stop points per run kind: evenly over the run, and among the events after
 * which a window is isolated, and after which a request is in flight */
#define N_EVEN 40
#define N_WINDOW 40
#define N_IN_FLIGHT 30
/* runs whose duration ends while a request is in flight */
#define N_DURATIONS 10

/* what the uninterrupted run looked like after each event */
typedef struct {
	GArray *in_flight; /* (element-type guint8), index = events run - 1 */
	GArray *windows;   /* (element-type guint8) */
	GArray *time_ns;   /* (element-type CmasimTimeNs) */
	CmasimSim *sim;
} Record;

static void
record_event(gpointer ctx, const CmasimEvent *event)
{
	Record *rec = ctx;
	guint8 f = (guint8)MIN(cmasim_policy_get_in_flight(rec->sim->policy), 255);
	guint8 w = (guint8)MIN(cmasim_policy_get_windows_in_use(rec->sim->policy), 255);

	g_array_append_val(rec->in_flight, f);
	g_array_append_val(rec->windows, w);
	g_array_append_val(rec->time_ns, event->time_ns);
}

/* the tiny workload with @behaviour (and a duration, if not 0); a sim keeps
 * pointing into it */
static CmasimScenario *
load_scenario(const gchar *behaviour, CmasimTimeNs duration_ns)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario = cmasim_scenario_load(TINY_WORKLOAD, &error);
	g_autofree gchar *set = g_strdup_printf("policy.cma.behaviour=%s", behaviour);
	g_autofree gchar *duration = g_strdup_printf("duration=%" G_GUINT64_FORMAT "ns",
						     (guint64)duration_ns);

	if (scenario == NULL)
		fail_msg("%s", error->message);
	if (!cmasim_scenario_apply_set(scenario, set, &error))
		fail_msg("%s", error->message);
	if (duration_ns != 0 && !cmasim_scenario_apply_set(scenario, duration, &error))
		fail_msg("%s", error->message);
	return g_steal_pointer(&scenario);
}

static CmasimSim *
new_sim(const CmasimScenario *scenario, const gchar *policy)
{
	g_autoptr(GError) error = NULL;
	CmasimSim *sim = cmasim_sim_new(scenario, policy, &error);

	if (sim == NULL)
		fail_msg("%s", error->message);
	return sim;
}

/* every event index whose recorded value is non-zero */
static GArray *
indices_where(GArray *values)
{
	GArray *idx = g_array_new(FALSE, FALSE, sizeof(guint64));
	for (guint i = 0; i < values->len; i++) {
		if (g_array_index(values, guint8, i) != 0) {
			guint64 n = (guint64)i + 1;
			g_array_append_val(idx, n);
		}
	}
	return idx;
}

/* @count of @from, evenly spread */
static void
pick_evenly(GArray *stops, GArray *from, guint count)
{
	if (from->len == 0)
		return;
	for (guint k = 0; k < count; k++) {
		guint64 i = (guint64)k * (from->len - 1) / MAX(count - 1, 1);
		g_array_append_val(stops, g_array_index(from, guint64, i));
	}
}

static void
sweep_stops(const gchar *policy, const gchar *behaviour, gboolean migrates)
{
	Record rec = {g_array_new(FALSE, FALSE, 1), g_array_new(FALSE, FALSE, 1),
		      g_array_new(FALSE, FALSE, sizeof(CmasimTimeNs)), NULL};
	g_autoptr(GArray) stops = g_array_new(FALSE, FALSE, sizeof(guint64));
	g_autoptr(GArray) with_window = NULL;
	g_autoptr(GArray) with_request = NULL;
	g_autoptr(GArray) every = g_array_new(FALSE, FALSE, sizeof(guint64));
	g_autoptr(GArray) last_at_time = g_array_new(FALSE, FALSE, sizeof(guint64));
	g_autoptr(CmasimScenario) scenario = load_scenario(behaviour, 0);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = scenario_test_make_tmp_dir();
	guint64 total;
	guint stopped_with_window = 0, stopped_in_flight = 0;

	assert_non_null(dir);
	/* the uninterrupted run, recording its state after every event */
	{
		g_autoptr(CmasimSim) sim = new_sim(scenario, policy);
		rec.sim = sim;
		cmasim_engine_set_post_event_hook(sim->engine, record_event, &rec);
		assert_true(cmasim_sim_run(sim, &error));
		assert_false(cmasim_sim_get_summary(sim)->partial);
		total = cmasim_engine_get_events_processed(sim->engine);
		assert_int_equal(rec.in_flight->len, total);
	}
	for (guint64 n = 1; n <= total; n++)
		g_array_append_val(every, n);
	with_window = indices_where(rec.windows);
	with_request = indices_where(rec.in_flight);
	pick_evenly(stops, every, N_EVEN);
	pick_evenly(stops, with_window, N_WINDOW);
	pick_evenly(stops, with_request, N_IN_FLIGHT);
	/* the tiny workload has requests in flight a good part of the time */
	assert_true(with_request->len > total / 100);
	if (migrates)
		assert_true(with_window->len > 0);

	for (guint s = 0; s < stops->len; s++) {
		guint64 n = g_array_index(stops, guint64, s);
		g_autoptr(CmasimSim) sim = new_sim(scenario, policy);
		g_autofree gchar *summary = NULL;
		guint in_flight, windows;

		cmasim_sim_set_stop_after_events(sim, n);
		if (!cmasim_sim_set_output_dir(sim, dir, &error))
			fail_msg("%s", error->message);
		if (!cmasim_sim_run(sim, &error))
			fail_msg("%s at event %" G_GUINT64_FORMAT, error->message, n);
		assert_int_equal(cmasim_engine_get_events_processed(sim->engine), n);
		/* the same state as the uninterrupted run after n events */
		in_flight = cmasim_policy_get_in_flight(sim->policy);
		windows = cmasim_policy_get_windows_in_use(sim->policy);
		assert_int_equal(MIN(in_flight, 255), g_array_index(rec.in_flight, guint8, n - 1));
		assert_int_equal(MIN(windows, 255), g_array_index(rec.windows, guint8, n - 1));
		assert_true(windows <= in_flight);
		stopped_with_window += windows > 0;
		stopped_in_flight += in_flight > 0;
		if (!cmasim_sim_write_outputs(sim, dir, &error))
			fail_msg("%s at event %" G_GUINT64_FORMAT, error->message, n);
		summary = scenario_test_read_file(dir, "summary.yaml", NULL);
		assert_non_null(strstr(summary, "\npartial: true\n"));
		assert_int_equal(cmasim_sim_get_summary(sim)->unfinished, in_flight);
	}
	assert_true(stopped_in_flight >= N_IN_FLIGHT);
	if (migrates)
		assert_true(stopped_with_window >= N_WINDOW);
	else
		assert_int_equal(stopped_with_window, 0);

	/* the run's duration ends while a request is in flight: not partial,
	 * the request counted as unfinished, its window freed with the policy */
	for (guint i = 0; i < total; i++) {
		GArray *values = migrates ? rec.windows : rec.in_flight;
		/* the last event before its time + 1 ns, a run that ends then has
		 * run it (and the generators start nothing at the end itself) */
		if (g_array_index(values, guint8, i) != 0 &&
		    (i + 1 == total || g_array_index(rec.time_ns, CmasimTimeNs, i + 1) >
					   g_array_index(rec.time_ns, CmasimTimeNs, i) + 1)) {
			guint64 n = (guint64)i + 1;
			g_array_append_val(last_at_time, n);
		}
	}
	assert_true(last_at_time->len >= N_DURATIONS);
	for (guint k = 0; k < N_DURATIONS; k++) {
		guint64 n = g_array_index(last_at_time, guint64,
					  (guint64)k * (last_at_time->len - 1) / (N_DURATIONS - 1));
		CmasimTimeNs at = g_array_index(rec.time_ns, CmasimTimeNs, n - 1) + 1;
		g_autoptr(CmasimScenario) shorter = load_scenario(behaviour, at);
		g_autoptr(CmasimSim) sim = new_sim(shorter, policy);

		if (!cmasim_sim_run(sim, &error))
			fail_msg("%s", error->message);
		assert_false(cmasim_sim_get_summary(sim)->partial);
		assert_true(cmasim_policy_get_in_flight(sim->policy) > 0);
		assert_int_equal(cmasim_sim_get_summary(sim)->unfinished,
				 cmasim_policy_get_in_flight(sim->policy));
		if (migrates)
			assert_true(cmasim_policy_get_windows_in_use(sim->policy) > 0);
	}
	scenario_test_remove_dir(dir);
	g_array_unref(rec.in_flight);
	g_array_unref(rec.windows);
	g_array_unref(rec.time_ns);
}

static void
test_stop_cma_mainline(void **state)
{
	(void)state;
	sweep_stops("cma", "mainline", TRUE);
}

static void
test_stop_cma_v14(void **state)
{
	(void)state;
	sweep_stops("cma", "v14", TRUE);
}

static void
test_stop_acp(void **state)
{
	(void)state;
	sweep_stops("alloc_contig_pages", "mainline", TRUE);
}

static void
test_stop_carveout(void **state)
{
	(void)state;
	sweep_stops("carveout", "mainline", FALSE);
}

/* the engine's own hook: exactly n events, then STOPPED with events left */
static void
count_event(gpointer ctx, const CmasimEvent *event)
{
	CmasimEngine *engine = ctx;
	(void)event;
	if (cmasim_engine_now(engine) < 1000)
		cmasim_engine_schedule_in(engine, 10, 0, 0, 0, NULL);
}

static void
test_engine_stop_after(void **state)
{
	g_autoptr(CmasimEngine) engine = cmasim_engine_new();
	guint32 kind = cmasim_engine_register(engine, count_event, engine);

	(void)state;
	assert_int_equal(kind, 0);
	cmasim_engine_schedule_at(engine, 0, kind, 0, 0, NULL);
	cmasim_engine_set_stop_after(engine, 7);
	assert_int_equal(cmasim_engine_run(engine, 10000), CMASIM_ENGINE_STOPPED);
	assert_int_equal(cmasim_engine_get_events_processed(engine), 7);
	assert_int_equal(cmasim_engine_now(engine), 60);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_engine_stop_after),
	    cmocka_unit_test(test_stop_cma_mainline),
	    cmocka_unit_test(test_stop_cma_v14),
	    cmocka_unit_test(test_stop_acp),
	    cmocka_unit_test(test_stop_carveout),
	};
	g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
