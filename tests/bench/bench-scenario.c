/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Benchmark: whole scenarios of workloads/bench/, one per invocation (so
 * that the peak RSS, getrusage() ru_maxrss, is the scenario's own):
 *
 *   bench-scenario background W.yaml
 *       background events per second, peak RSS, bytes per simulated page
 *   bench-scenario migrate W.yaml
 *       the one contiguous request of W: pages migrated, wall ns per
 *       migrated page, simulated latency
 *   bench-scenario trace W.yaml GEN-TRACE.sh TRACE.yml EVENTS
 *       stream a timed-event trace of EVENTS events (written by
 *       scripts/gen-trace.sh into the build directory when missing):
 *       events per second and peak RSS
 *
 * The report is TAP on stdout: one "ok" line per functional fact and the
 * measurements as "#" lines. Wall-clock figures are reported, never
 * asserted (docs/performance.md).
 */
#define G_LOG_DOMAIN "CmasimBench"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "cmasim/cmasim-mm.h"
#include "cmasim/cmasim-sim.h"
#include "sim/cmasim-sim-private.h"

/* the memory model's budget (docs/performance.md, product spec "Performance") */
#define BENCH_MAX_MODEL_BYTES_PER_PAGE 24.0

static guint bench_n_checks;
static gboolean bench_failed;

static void
bench_check(gboolean ok, const gchar *what)
{
	printf("%s %u - %s\n", ok ? "ok" : "not ok", ++bench_n_checks, what);
	if (!ok)
		bench_failed = TRUE;
}

static gdouble
bench_peak_rss_mib(void)
{
	struct rusage usage;
	if (getrusage(RUSAGE_SELF, &usage) != 0)
		return 0.0;
	return (gdouble)usage.ru_maxrss / 1024.0; /* ru_maxrss is in KiB on Linux */
}

static gint
bench_fail(const gchar *what, const GError *error)
{
	printf("Bail out! %s: %s\n", what, error != NULL ? error->message : "failed");
	return 1;
}

static gint
bench_finish(void)
{
	printf("1..%u\n", bench_n_checks);
	return bench_failed ? 1 : 0;
}

/* memory of the model and of the whole process per simulated page */
static void
bench_report_memory(CmasimSim *sim)
{
	guint64 span = cmasim_mm_get_span_pages(sim->mm);
	gdouble model = (gdouble)cmasim_mm_get_memory_bytes(sim->mm) / (gdouble)span;
	gdouble rss_mib = bench_peak_rss_mib();

	printf("# simulated pages: %" G_GUINT64_FORMAT "\n", span);
	printf("# memory model: %.2f bytes per simulated page\n", model);
	printf("# peak RSS: %.1f MiB, %.2f bytes per simulated page\n", rss_mib,
	       rss_mib * 1048576.0 / (gdouble)span);
	bench_check(model <= BENCH_MAX_MODEL_BYTES_PER_PAGE,
		    "memory model within 24 bytes per simulated page");
}

/* load @path, apply @set (nullable), build the sim under the scenario's policy */
static CmasimSim *
bench_new_sim(const gchar *path, const gchar *set, CmasimScenario **scenario, GError **error)
{
	*scenario = cmasim_scenario_load(path, error);
	if (*scenario == NULL)
		return NULL;
	if (set != NULL && !cmasim_scenario_apply_set(*scenario, set, error))
		return NULL;
	return cmasim_sim_new(*scenario, NULL, error);
}

static gint
bench_background(const gchar *path)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario = NULL;
	g_autoptr(CmasimSim) sim = bench_new_sim(path, NULL, &scenario, &error);
	const CmasimSimSummary *s;
	guint64 deaths = 0, ready = 0;
	gdouble wall;

	if (sim == NULL || !cmasim_sim_run(sim, &error))
		return bench_fail(path, error);
	s = cmasim_sim_get_summary(sim);
	wall = cmasim_sim_get_wall_seconds(sim);
	printf("# %s under %s: %.1f simulated s in %.2f s of wall time\n", scenario->name,
	       s->policy, (gdouble)s->simulated_ns / 1e9, wall);
	printf("# events: %" G_GUINT64_FORMAT ", %.2f M/s; background events: %" G_GUINT64_FORMAT
	       ", %.2f M/s\n",
	       s->events_processed, (gdouble)s->events_processed / wall / 1e6,
	       s->background_events, (gdouble)s->background_events / wall / 1e6);
	cmasim_sim_get_prefetch_stats(sim, &deaths, &ready);
	printf("# random deaths: %" G_GUINT64_FORMAT ", victim loaded ahead for %.1f%%\n", deaths,
	       deaths > 0 ? 100.0 * (gdouble)ready / (gdouble)deaths : 0.0);
	bench_report_memory(sim);
	bench_check(!s->partial && s->background_events >= 10000000,
		    "ran to the end with over 10 million background events");
	return bench_finish();
}

static gint
bench_migrate(const gchar *path)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario = NULL;
	g_autoptr(CmasimSim) sim = bench_new_sim(path, NULL, &scenario, &error);
	const CmasimSimSummary *s;
	gint64 t0;
	gdouble wall_ns;

	if (sim == NULL)
		return bench_fail(path, error);
	/* the fill at time 0, untimed; the request starts at 1 s */
	cmasim_engine_run(sim->engine, 999 * G_GUINT64_CONSTANT(1000000));
	t0 = g_get_monotonic_time();
	if (!cmasim_sim_run(sim, &error))
		return bench_fail(path, error);
	wall_ns = (gdouble)(g_get_monotonic_time() - t0) * 1000.0;
	s = cmasim_sim_get_summary(sim);
	printf("# %s under %s: %" G_GUINT64_FORMAT " request(s), %" G_GUINT64_FORMAT
	       " pages migrated, %" G_GUINT64_FORMAT " dropped\n",
	       scenario->name, s->policy, s->requests, s->pages_migrated, s->pages_dropped);
	printf("# simulated latency: %.3f ms (%.0f simulated ns per migrated page)\n",
	       (gdouble)s->latency_max_ns / 1e6,
	       s->pages_migrated > 0 ? (gdouble)s->latency_max_ns / (gdouble)s->pages_migrated
				     : 0.0);
	printf("# wall time from 1 s to the end: %.3f ms, %.1f ns per migrated page\n",
	       wall_ns / 1e6, s->pages_migrated > 0 ? wall_ns / (gdouble)s->pages_migrated : 0.0);
	bench_check(s->requests == 1 && s->succeeded == 1, "the one request succeeded");
	bench_check(s->pages_migrated >= 6000, "it migrated at least 6000 pages");
	return bench_finish();
}

static gboolean
bench_generate_trace(const gchar *script, const gchar *out, const gchar *events, GError **error)
{
	const gchar *argv[] = {"bash", script, out, events, NULL};
	gint status = 0;

	if (g_file_test(out, G_FILE_TEST_EXISTS))
		return TRUE;
	printf("# generating %s (%s events)\n", out, events);
	if (!g_spawn_sync(NULL, (gchar **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
			  &status, error))
		return FALSE;
	return g_spawn_check_wait_status(status, error);
}

static gint
bench_trace(const gchar *path, const gchar *script, const gchar *trace, const gchar *events)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimScenario) scenario = NULL;
	g_autoptr(CmasimSim) sim = NULL;
	g_autofree gchar *set = g_strconcat("events.file=", trace, NULL);
	guint64 n_events = g_ascii_strtoull(events, NULL, 10);
	const CmasimSimSummary *s;
	gdouble wall;

	if (!bench_generate_trace(script, trace, events, &error))
		return bench_fail(trace, error);
	sim = bench_new_sim(path, set, &scenario, &error);
	if (sim == NULL || !cmasim_sim_run(sim, &error))
		return bench_fail(path, error);
	s = cmasim_sim_get_summary(sim);
	wall = cmasim_sim_get_wall_seconds(sim);
	printf("# %s under %s: %" G_GUINT64_FORMAT " timed events streamed in %.2f s: %.2f M/s\n",
	       scenario->name, s->policy, s->timed_events, wall,
	       (gdouble)s->timed_events / wall / 1e6);
	printf("# peak RSS: %.1f MiB\n", bench_peak_rss_mib());
	bench_check(!s->partial && s->timed_events == n_events, "every event of the trace was read");
	return bench_finish();
}

int
main(int argc, char **argv)
{
	if (argc == 3 && g_str_equal(argv[1], "background"))
		return bench_background(argv[2]);
	if (argc == 3 && g_str_equal(argv[1], "migrate"))
		return bench_migrate(argv[2]);
	if (argc == 6 && g_str_equal(argv[1], "trace"))
		return bench_trace(argv[2], argv[3], argv[4], argv[5]);
	fprintf(stderr, "usage: %s background|migrate W.yaml\n"
			"       %s trace W.yaml GEN-TRACE.sh TRACE.yml EVENTS\n",
		argv[0], argv[0]);
	return 2;
}
