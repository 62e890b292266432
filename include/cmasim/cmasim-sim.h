/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The simulation driver: builds the simulated machine of a scenario (zones,
 * holes, regions placed as cma_declare_contiguous() / of_reserved_mem would
 * place them), creates the cost model and the chosen policy, turns the
 * workload's tasks and timed events into engine events, runs the engine and
 * writes the run directory (summary.yaml, requests.tsv, timeline.tsv, the
 * kernel-format state files, trace.txt, config.effective.yaml,
 * run-info.yaml). See docs/architecture.md "Simulation driver" and
 * docs/output-formats.md.
 */
#pragma once

#include <glib.h>

#include "cmasim/cmasim-metrics.h"
#include "cmasim/cmasim-mm.h"
#include "cmasim/cmasim-scenario.h"
#include "cmasim/cmasim-types.h"

G_BEGIN_DECLS

typedef struct _CmasimSim CmasimSim;

/* the numbers of summary.yaml that `compare`, `check` and the tests use */
typedef struct {
	const gchar *policy;   /* borrowed from the sim */
	const gchar *workload; /* borrowed from the scenario */
	guint64 seed;
	gboolean partial;          /* stopped before the end (signal) */
	CmasimTimeNs simulated_ns; /* simulated time reached */

	/* contiguous requests that finished; unfinished ones are counted apart */
	guint64 requests;
	guint64 succeeded;
	guint64 failed;                                  /* every status but OK */
	guint64 failed_by_status[CMASIM_ALLOC_STATUSES]; /* [CMASIM_ALLOC_OK] stays 0 */
	guint64 unfinished;                              /* still in flight at the end */
	CmasimTimeNs latency_min_ns;
	CmasimTimeNs latency_p50_ns;
	CmasimTimeNs latency_p90_ns;
	CmasimTimeNs latency_p99_ns;
	CmasimTimeNs latency_p999_ns;
	CmasimTimeNs latency_max_ns;
	gdouble latency_mean_ns;
	CmasimBreakdown breakdown_ns; /* sums over the finished requests */
	guint64 pages_migrated;
	guint64 pages_dropped;
	guint64 pages_written;
	guint64 retries;
	guint64 attempts;

	/* memory cost */
	gdouble reserved_idle_page_seconds;
	gdouble reserved_idle_mib_seconds; /* the same in MiB x s */
	guint64 reserved_pages; /* at the end: set aside at boot, unusable by the system */
	/* the kernel's own memory at boot (machine.reserved, boot_unmovable, coherent_pool) */
	guint64 boot_reserved_pages;
	guint64 boot_unmovable_pages;
	guint64 boot_pool_cma_pages;
	guint64 boot_pool_buddy_pages;
	guint64 boot_free_pages; /* free pages once the boot has taken all that */
	guint64 background_alloc_failures;
	guint64 pgscan;
	guint64 pgsteal;
	guint64 kswapd_wakeups;
	guint64 longterm_pin_migrations;
	guint64 longterm_pin_failures;

	/* kernel-named counters (cma_alloc_* count requests, alloc_pages_* pages) */
	CmasimCounters counters;

	/* final fragmentation of the zone with the most RAM (x1000, as the kernel computes) */
	const gchar *frag_zone; /* borrowed */
	guint n_orders;
	gint unusable_index[CMASIM_NR_ORDERS_LIMIT];
	gint extfrag_index[CMASIM_NR_ORDERS_LIMIT];
	guint request_order; /* get_order() of the largest device request (0 without devices) */

	/* the simulator itself */
	guint64 events_processed;
	guint64 background_events; /* fill, arrivals, frees, pins, unpins, writeback ends */
	guint64 timed_events;      /* events read from the scenario's event stream */
} CmasimSimSummary;

/*
 * Build the machine, place the regions, create the cost model, the DMA map
 * and @policy_name's policy (NULL: the scenario's policy.name) and schedule
 * the workload. @scenario must stay alive and unmodified until the sim is
 * freed. Fails (CMASIM_ERROR_INVALID_CONFIG) when the machine cannot be
 * built or a region does not fit; the message names the region.
 */
CmasimSim *cmasim_sim_new(const CmasimScenario *scenario, const gchar *policy_name, GError **error);
void cmasim_sim_free(CmasimSim *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimSim, cmasim_sim_free)

/*
 * Check what cmasim_sim_new() would check (machine geometry, region
 * placement) without allocating the simulated memory; for `cmasim validate`.
 */
gboolean cmasim_sim_check_scenario(const CmasimScenario *scenario, GError **error);

/*
 * Optional, before cmasim_sim_run(): stream trace.txt and timeline.tsv into
 * @out_dir while running instead of buffering them in memory. The files
 * keep temporary names until cmasim_sim_write_outputs() with the same
 * directory commits them.
 */
gboolean cmasim_sim_set_output_dir(CmasimSim *self, const gchar *out_dir, GError **error);
/* force trace.txt on (`--trace`); the default is the sim.trace parameter */
void cmasim_sim_set_trace(CmasimSim *self, gboolean trace);

/*
 * Progress report for the CLI: called from the run loop about every 65536
 * events and when the run ends, never from a signal handler. It must not
 * touch the simulation.
 */
typedef void (*CmasimSimProgressFunc)(gpointer ctx, CmasimTimeNs now_ns, CmasimTimeNs duration_ns,
                                      guint64 events_processed);
void cmasim_sim_set_progress_func(CmasimSim *self, CmasimSimProgressFunc func, gpointer ctx);

/*
 * Run to the scenario's duration. FALSE only on a tool error: a broken
 * invariant (sim.validate, CMASIM_ERROR_INTERNAL) or an unreadable event
 * stream. A stop request ends the run early with TRUE; the summary then
 * says partial: true. Can be called once.
 */
gboolean cmasim_sim_run(CmasimSim *self, GError **error);
/* async-signal-safe: stop at the next event boundary */
void cmasim_sim_request_stop(CmasimSim *self);
gboolean cmasim_sim_was_stopped(const CmasimSim *self);
/*
 * Before cmasim_sim_run(): stop as a signal would, right after the
 * @n_events-th event (tests sweep it to interrupt at every kind of moment).
 */
void cmasim_sim_set_stop_after_events(CmasimSim *self, guint64 n_events);

/*
 * Write the run directory (created if needed); every file goes through a
 * temporary name and a rename. Call after cmasim_sim_run().
 */
gboolean cmasim_sim_write_outputs(CmasimSim *self, const gchar *out_dir, GError **error);

/* valid after cmasim_sim_run(); owned by the sim */
const CmasimSimSummary *cmasim_sim_get_summary(CmasimSim *self);
const gchar *cmasim_sim_get_policy_name(const CmasimSim *self);
CmasimTimeNs cmasim_sim_get_duration_ns(const CmasimSim *self);
/* wall-clock seconds spent in cmasim_sim_run() (run-info.yaml only) */
gdouble cmasim_sim_get_wall_seconds(const CmasimSim *self);
/*
 * How well the death processes' victims were loaded ahead (a property of
 * the simulator, not of the model; deterministic): @deaths random deaths,
 * @ready of them found their victim's whole chain of loads issued.
 */
void cmasim_sim_get_prefetch_stats(const CmasimSim *self, guint64 *deaths, guint64 *ready);

G_END_DECLS
