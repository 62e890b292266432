/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The simulation driver: one run of one scenario under one policy.
 *
 * cmasim_sim_new() builds the machine (cmasim-sim-machine.c), the cost
 * model and the DMA map, the policy (which reserves its areas at boot, as
 * cma_init_reserved_areas() or the carve-out code do) and the generators
 * (cmasim-sim-tasks.c). cmasim_sim_run() runs the engine to the scenario's
 * duration; the policy reports every contiguous request to the observer
 * here, which is where everything about contiguous allocation is measured
 * (as the kernel's cma tracepoints and vmstat/sysfs counters sit around
 * cma_alloc()), so every policy is measured the same way. A sampler event
 * every sim.sample_interval writes one timeline row.
 *
 * Memory cost: the pages a policy set aside at boot that the system cannot
 * use (a carve-out; nothing for CMA, whose free pages serve movable
 * allocations) minus those devices hold, integrated over simulated time at
 * every observer callback and every sample, in exact integer page-ns.
 */
#define G_LOG_DOMAIN "CmasimSim"

#include <string.h>

#include "sim/cmasim-sim-private.h"

#define CMASIM_SIM_PROGRESS_EVENTS 65536u

/* ---- trace attribution ---- */

#define CMASIM_SIM_PID_BACKGROUND 1000
#define CMASIM_SIM_PID_DEVICE     2000
#define CMASIM_SIM_PID_REPLAY     3000

static CmasimFtraceTask
cmasim_trace_task_for_request(CmasimSim *sim, const CmasimContigRequest *req)
{
	const CmasimSimRequest *request = (const CmasimSimRequest *)req;
	CmasimFtraceTask task = {req->task, CMASIM_SIM_PID_REPLAY, 0};
	if (request->owner != CMASIM_SIM_TASK_TIMED)
		task.pid = CMASIM_SIM_PID_DEVICE + request->owner;
	return task;
}

static CmasimPfn
cmasim_trace_pfn(CmasimSim *sim, CmasimPfn pfn)
{
	if (pfn == CMASIM_PFN_NONE)
		return pfn;
	return (CmasimPfn)(sim->base_pfn + pfn);
}

static void
cmasim_on_extfrag(gpointer ctx, CmasimPfn pfn, guint alloc_order, guint fallback_order,
                  CmasimMigratetype alloc_mt, CmasimMigratetype fallback_mt,
                  gboolean change_ownership)
{
	CmasimSim *sim = ctx;
	CmasimFtraceTask task = {"cmasim", 1, 0};

	if (sim->ftrace == NULL)
		return;
	if (sim->current_task >= 0) {
		const CmasimSimBgTask *bg =
		    &g_array_index(sim->bg, CmasimSimBgTask, sim->current_task);
		task.comm = bg->spec->name;
		task.pid = CMASIM_SIM_PID_BACKGROUND + sim->current_task;
	}
	cmasim_ftrace_mm_page_alloc_extfrag(sim->ftrace, &task, cmasim_engine_now(sim->engine),
	                                    cmasim_trace_pfn(sim, pfn), alloc_order, fallback_order,
	                                    sim->mm_config.pageblock_order, alloc_mt, fallback_mt,
	                                    change_ownership);
}

/* ---- memory cost ---- */

void
_cmasim_sim_account_idle(CmasimSim *sim)
{
	CmasimTimeNs now = cmasim_engine_now(sim->engine);
	guint64 reserved = 0;
	guint64 in_use = 0;

	if (now > sim->idle_last_ns) {
		CmasimTimeNs dt = now - sim->idle_last_ns;
		sim->idle_page_s += sim->idle_pages * (dt / CMASIM_NS_PER_S);
		sim->idle_page_ns_frac += sim->idle_pages * (dt % CMASIM_NS_PER_S);
		sim->idle_page_s += sim->idle_page_ns_frac / CMASIM_NS_PER_S;
		sim->idle_page_ns_frac %= CMASIM_NS_PER_S;
		sim->idle_last_ns = now;
	}
	if (sim->policy != NULL)
		cmasim_policy_reserved_pages(sim->policy, &reserved, &in_use);
	sim->idle_pages = reserved > in_use ? reserved - in_use : 0;
}

/* ---- the observer ---- */

static CmasimSimRequestStats *
cmasim_stats_for_region(CmasimSim *sim, gint region)
{
	guint n = sim->regions->len;
	if (region >= 0 && (guint)region < n)
		return &sim->region_stats[region];
	return &sim->region_stats[n];
}

static const gchar *
cmasim_area_name(CmasimSim *sim, gint region)
{
	if (region >= 0 && (guint)region < sim->regions->len)
		return sim->region_names[region];
	return sim->policy_name;
}

static gint
cmasim_request_region(CmasimSim *sim, const CmasimContigRequest *req)
{
	if (req->region >= 0)
		return req->region;
	return cmasim_policy_region_for_device(sim->policy, req->device);
}

static void
cmasim_observe_start(gpointer ctx, const CmasimContigRequest *req)
{
	CmasimSim *sim = ctx;
	CmasimFtraceTask task;
	gint region;
	guint64 total, available;

	_cmasim_sim_account_idle(sim);
	if (sim->ftrace == NULL)
		return;
	region = cmasim_request_region(sim, req);
	if (region >= 0 && (guint)region < sim->regions->len) {
		CmasimSimRequestStats *st = cmasim_stats_for_region(sim, region);
		total = sim->region_count[region];
		available = total > st->contig_pages ? total - st->contig_pages : 0;
	} else {
		total = cmasim_mm_get_present_pages(sim->mm);
		available = cmasim_mm_get_free_pages(sim->mm);
	}
	task = cmasim_trace_task_for_request(sim, req);
	cmasim_ftrace_cma_alloc_start(sim->ftrace, &task, cmasim_engine_now(sim->engine),
	                              cmasim_area_name(sim, region), req->count, available, total,
	                              req->align);
}

static void
cmasim_observe_busy_retry(gpointer ctx, const CmasimContigRequest *req, CmasimPfn pfn)
{
	CmasimSim *sim = ctx;
	CmasimFtraceTask task;

	_cmasim_sim_account_idle(sim);
	if (sim->ftrace == NULL)
		return;
	task = cmasim_trace_task_for_request(sim, req);
	cmasim_ftrace_cma_alloc_busy_retry(sim->ftrace, &task, cmasim_engine_now(sim->engine),
	                                   cmasim_area_name(sim, cmasim_request_region(sim, req)),
	                                   cmasim_trace_pfn(sim, pfn), req->count, req->align);
}

static void
cmasim_observe_migrate(gpointer ctx, const CmasimContigRequest *req, guint64 nr_succeeded,
                       guint64 nr_failed)
{
	CmasimSim *sim = ctx;
	CmasimFtraceTask task;

	cmasim_counters_add(&sim->counters, CMASIM_COUNTER_PGMIGRATE_SUCCESS, nr_succeeded);
	cmasim_counters_add(&sim->counters, CMASIM_COUNTER_PGMIGRATE_FAIL, nr_failed);
	if (sim->ftrace == NULL)
		return;
	task = cmasim_trace_task_for_request(sim, req);
	cmasim_ftrace_mm_migrate_pages(sim->ftrace, &task, cmasim_engine_now(sim->engine),
	                               nr_succeeded, nr_failed, 0, 0, 0, 0, "MIGRATE_SYNC",
	                               "contig_range");
}

static void
cmasim_stats_add_finish(CmasimSimRequestStats *st, const CmasimContigRequest *req,
                        CmasimTimeNs latency_ns)
{
	st->requests++;
	if (req->status == CMASIM_ALLOC_OK) {
		st->succeeded++;
		st->contig_pages += req->count;
		st->peak_contig_pages = MAX(st->peak_contig_pages, st->contig_pages);
		cmasim_histogram_record(st->latency_ok, latency_ns);
	} else if ((guint)req->status < CMASIM_ALLOC_STATUSES) {
		st->failed_by_status[req->status]++;
	}
	cmasim_histogram_record(st->latency, latency_ns);
	cmasim_breakdown_add(&st->breakdown, &req->breakdown);
	st->pages_migrated += req->pages_migrated;
	st->pages_dropped += req->pages_dropped;
	st->pages_written += req->pages_written;
	st->migrate_failed += req->migrate_failed;
	st->retries += req->retries;
	st->attempts += req->attempts;
}

static void
cmasim_observe_finish(gpointer ctx, const CmasimContigRequest *req)
{
	CmasimSim *sim = ctx;
	CmasimTimeNs latency_ns =
	    req->finish_ns >= req->arrival_ns ? req->finish_ns - req->arrival_ns : 0;
	gboolean ok = req->status == CMASIM_ALLOC_OK;

	_cmasim_sim_account_idle(sim);
	cmasim_stats_add_finish(&sim->total, req, latency_ns);
	cmasim_stats_add_finish(cmasim_stats_for_region(sim, req->region), req, latency_ns);
	cmasim_counters_add(&sim->counters,
	                    ok ? CMASIM_COUNTER_CMA_ALLOC_SUCCESS : CMASIM_COUNTER_CMA_ALLOC_FAIL,
	                    1);
	cmasim_counters_add(
	    &sim->counters,
	    ok ? CMASIM_COUNTER_ALLOC_PAGES_SUCCESS : CMASIM_COUNTER_ALLOC_PAGES_FAIL, req->count);
	_cmasim_sim_requests_row(sim, req);
	if (sim->ftrace != NULL) {
		CmasimFtraceTask task = cmasim_trace_task_for_request(sim, req);
		cmasim_ftrace_cma_alloc_finish(
		    sim->ftrace, &task, cmasim_engine_now(sim->engine),
		    cmasim_area_name(sim, cmasim_request_region(sim, req)),
		    cmasim_trace_pfn(sim, req->pfn), req->count, req->align,
		    cmasim_alloc_status_to_errno(req->status));
	}
}

static void
cmasim_observe_release(gpointer ctx, const CmasimContigRequest *req, CmasimPfn pfn,
                       guint64 count, CmasimTimeNs now_ns)
{
	CmasimSim *sim = ctx;
	CmasimSimRequestStats *st = cmasim_stats_for_region(sim, req->region);

	_cmasim_sim_account_idle(sim);
	st->contig_pages = st->contig_pages > count ? st->contig_pages - count : 0;
	sim->total.contig_pages = sim->total.contig_pages > count ? sim->total.contig_pages - count : 0;
	cmasim_counters_add(&sim->counters, CMASIM_COUNTER_RELEASE_PAGES_SUCCESS, count);
	if (sim->ftrace != NULL) {
		CmasimFtraceTask task = cmasim_trace_task_for_request(sim, req);
		cmasim_ftrace_cma_release(sim->ftrace, &task, now_ns,
		                          cmasim_area_name(sim, cmasim_request_region(sim, req)),
		                          cmasim_trace_pfn(sim, pfn), count);
	}
}

static const CmasimPolicyObserver cmasim_sim_observer = {
    .start = cmasim_observe_start,
    .busy_retry = cmasim_observe_busy_retry,
    .migrate = cmasim_observe_migrate,
    .finish = cmasim_observe_finish,
    .release = cmasim_observe_release,
};

/* ---- sampler and run-loop hook ---- */

/*
 * The memory-map heat map: a snapshot every pfnmap interval, taken by the
 * sampler (no event of its own, so the event count does not depend on it),
 * in at most sim.pfnmap_bins bins of whole pageblocks.
 */
static void
cmasim_sim_setup_pfnmap(CmasimSim *self, CmasimTimeNs sample_ns)
{
	guint64 bins = cmasim_params_get_uint(self->params, "sim.pfnmap_bins");
	guint32 nr_blocks = cmasim_mm_get_nr_pageblocks(self->mm);
	CmasimTimeNs interval = cmasim_params_get_time(self->params, "sim.pfnmap_interval");

	if (bins == 0 || nr_blocks == 0)
		return;
	self->pfnmap_blocks_per_bin = (guint32)((nr_blocks + bins - 1) / bins);
	self->pfnmap_bins =
	    (nr_blocks + self->pfnmap_blocks_per_bin - 1) / self->pfnmap_blocks_per_bin;
	if (interval == 0)
		interval = self->duration_ns / 200;
	/* a whole number of samples, at least one */
	interval = MAX(interval / sample_ns + (interval % sample_ns != 0), 1) * sample_ns;
	self->pfnmap_interval_ns = interval;
	self->pfnmap_next_ns = 0;
}

static void
cmasim_on_sample(gpointer ctx, const CmasimEvent *event)
{
	CmasimSim *sim = ctx;
	CmasimTimeNs interval = event->arg64;
	CmasimTimeNs next = cmasim_engine_now(sim->engine) + interval;

	_cmasim_sim_account_idle(sim);
	_cmasim_sim_timeline_row(sim);
	if (sim->pfnmap_bins > 0 && cmasim_engine_now(sim->engine) >= sim->pfnmap_next_ns) {
		_cmasim_sim_pfnmap_row(sim);
		sim->pfnmap_next_ns += sim->pfnmap_interval_ns;
	}
	if (next <= sim->duration_ns && next > cmasim_engine_now(sim->engine))
		cmasim_engine_schedule_at(sim->engine, next, sim->ev_sample, 0, interval, NULL);
}

static void
cmasim_post_event(gpointer ctx, const CmasimEvent *event)
{
	CmasimSim *sim = ctx;
	guint64 events;

	if (sim->validate && sim->run_error == NULL) {
		g_autoptr(GError) error_local = NULL;
		if (!cmasim_mm_check(sim->mm, &error_local)) {
			sim->run_error = g_error_new(
			    CMASIM_ERROR, CMASIM_ERROR_INTERNAL,
			    "memory model invariant broken after event %" G_GUINT64_FORMAT
			    " (kind %u) at %" G_GUINT64_FORMAT " ns: %s",
			    cmasim_engine_get_events_processed(sim->engine), event->kind,
			    event->time_ns, error_local->message);
			cmasim_engine_request_stop(sim->engine);
		}
	}
	events = cmasim_engine_get_events_processed(sim->engine);
	if (sim->progress_func != NULL && events % CMASIM_SIM_PROGRESS_EVENTS == 0)
		sim->progress_func(sim->progress_ctx, cmasim_engine_now(sim->engine),
		                   sim->duration_ns, events);
}

/* ---- construction ---- */

static gchar *
cmasim_sim_effective_yaml(const CmasimScenario *scenario, const gchar *policy_name, GError **error)
{
	g_autofree gchar *yaml = cmasim_scenario_to_yaml(scenario);
	g_autofree gchar *assignment = NULL;
	g_autoptr(CmasimScenario) copy = NULL;

	if (yaml == NULL) {
		g_set_error_literal(error, CMASIM_ERROR, CMASIM_ERROR_INTERNAL,
		                    "cannot write the effective configuration");
		return NULL;
	}
	if (g_strcmp0(cmasim_params_get_text(scenario->params, "policy.name"), policy_name) == 0)
		return g_steal_pointer(&yaml);
	/* another policy than the scenario's: the same scenario with policy.name set */
	copy = cmasim_scenario_load_from_data(scenario->name, yaml, strlen(yaml), error);
	if (copy == NULL) {
		g_prefix_error(error, "effective configuration: ");
		return NULL;
	}
	assignment = g_strdup_printf("policy.name=%s", policy_name);
	if (!cmasim_scenario_apply_set(copy, assignment, error))
		return NULL;
	return cmasim_scenario_to_yaml(copy);
}

static gboolean
cmasim_sim_setup_regions(CmasimSim *self, GError **error)
{
	guint n = self->regions->len;

	self->region_names = g_new0(const gchar *, n + 1);
	self->region_pfn = g_new0(CmasimPfn, n + 1);
	self->region_count = g_new0(guint64, n + 1);
	self->region_order_per_bit = g_new0(guint, n + 1);
	self->region_devices = g_new0(const gchar **, n + 1);
	self->env.default_region = -1;
	for (guint i = 0; i < n; i++) {
		const CmasimSimRegion *region = &g_array_index(self->regions, CmasimSimRegion, i);
		const CmasimRegionSpec *spec = region->spec;
		guint n_devices = spec->devices != NULL ? spec->devices->len : 0;

		self->region_names[i] = spec->name;
		self->region_pfn[i] = region->pfn;
		self->region_count[i] = region->count;
		self->region_order_per_bit[i] = spec->order_per_bit;
		self->region_devices[i] = g_new0(const gchar *, n_devices + 1);
		for (guint d = 0; d < n_devices; d++)
			self->region_devices[i][d] = g_ptr_array_index(spec->devices, d);
		if (spec->is_default && self->env.default_region < 0)
			self->env.default_region = (gint)i;
	}
	self->env.n_regions = n;
	self->env.region_names = self->region_names;
	self->env.region_pfn = self->region_pfn;
	self->env.region_count = self->region_count;
	self->env.region_order_per_bit = self->region_order_per_bit;
	self->env.region_devices = (const gchar *const *const *)self->region_devices;
	self->region_stats = g_new0(CmasimSimRequestStats, n + 1);
	for (guint i = 0; i <= n; i++) {
		self->region_stats[i].latency = cmasim_histogram_new();
		self->region_stats[i].latency_ok = cmasim_histogram_new();
	}
	return TRUE;
}

static guint
cmasim_sim_pick_frag_zone(CmasimMm *mm)
{
	guint best = 0;
	guint64 best_pages = 0;
	for (guint z = 0; z < cmasim_mm_get_n_zones(mm); z++) {
		guint64 pages = cmasim_mm_zone_get_managed_pages(mm, z);
		if (pages > best_pages) {
			best = z;
			best_pages = pages;
		}
	}
	return best;
}

gboolean
cmasim_sim_check_scenario(const CmasimScenario *scenario, GError **error)
{
	CmasimMmConfig config;
	guint64 base_pfn = 0;
	g_autoptr(GArray) regions = NULL;

	g_return_val_if_fail(scenario != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

	if (!_cmasim_sim_build_mm_config(scenario, scenario->params, &config, &base_pfn, error))
		return FALSE;
	regions = _cmasim_sim_place_regions(scenario, &config, base_pfn, error);
	return regions != NULL;
}

/**
 * cmasim_sim_new:
 * @scenario: the workload; must outlive the sim and stay unmodified
 * @policy_name: (nullable): the policy to run, NULL for the scenario's policy.name
 * @error: (nullable): a #GError
 *
 * Returns: (transfer full): the sim, ready to run, or NULL with @error set
 */
CmasimSim *
cmasim_sim_new(const CmasimScenario *scenario, const gchar *policy_name, GError **error)
{
	g_autoptr(CmasimSim) self = NULL;
	CmasimTimeNs interval;

	g_return_val_if_fail(scenario != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	self = g_new0(CmasimSim, 1);
	self->scenario = scenario;
	self->current_task = -1;
	self->params = cmasim_params_copy(scenario->params);
	if (policy_name == NULL)
		policy_name = cmasim_params_get_text(self->params, "policy.name");
	self->ops = cmasim_policy_ops_lookup(policy_name, error);
	if (self->ops == NULL)
		return NULL;
	self->policy_name = g_strdup(self->ops->name);
	if (g_strcmp0(cmasim_params_get_text(self->params, "policy.name"), self->policy_name) !=
	    0) {
		g_autoptr(GError) error_local = NULL;
		/* a registered policy the parameter does not list stays out of the params */
		if (!cmasim_params_set(self->params, "policy.name", self->policy_name,
		                       &error_local))
			g_debug("policy.name: %s", error_local->message);
	}
	self->config_yaml = cmasim_sim_effective_yaml(scenario, self->policy_name, error);
	if (self->config_yaml == NULL)
		return NULL;
	self->duration_ns = scenario->duration_ns;
	self->validate = cmasim_params_get_bool(self->params, "sim.validate");
	self->trace_enabled = cmasim_params_get_bool(self->params, "sim.trace");
	self->writeback_ns = cmasim_params_get_time(self->params, "sim.writeback_duration");

	/* the machine */
	if (!_cmasim_sim_build_mm_config(scenario, self->params, &self->mm_config, &self->base_pfn,
	                                 error))
		return NULL;
	self->regions =
	    _cmasim_sim_place_regions(scenario, &self->mm_config, self->base_pfn, error);
	if (self->regions == NULL)
		return NULL;
	self->mm = cmasim_mm_new(&self->mm_config, error);
	if (self->mm == NULL)
		return NULL;
	self->engine = cmasim_engine_new();
	self->cost =
	    cmasim_cost_new(self->params, scenario->machine.arch, self->mm_config.page_size_bytes,
	                    MAX(scenario->machine.ncpus, 1), error);
	if (self->cost == NULL)
		return NULL;
	self->dma_map = cmasim_dma_map_new(self->cost, self->params, scenario->machine.arch,
	                                   self->mm_config.span_pages, error);
	if (self->dma_map == NULL)
		return NULL;
	if (!cmasim_sim_setup_regions(self, error) || !_cmasim_sim_boot_reserve(self, error))
		return NULL;

	/* the policy reserves its areas (init) */
	self->env.engine = self->engine;
	self->env.mm = self->mm;
	self->env.params = self->params;
	self->env.cost = self->cost;
	self->env.dma_map = self->dma_map;
	self->policy = cmasim_policy_new(self->ops, &self->env, &cmasim_sim_observer, self, error);
	if (self->policy == NULL || !_cmasim_sim_boot_allocate(self, error))
		return NULL;
	self->frag_zone = cmasim_sim_pick_frag_zone(self->mm);
	cmasim_counters_reset(&self->counters);
	self->total.latency = cmasim_histogram_new();
	self->total.latency_ok = cmasim_histogram_new();

	/* the workload */
	self->requests = g_ptr_array_new_with_free_func(g_free);
	self->free_requests = g_array_new(FALSE, FALSE, sizeof(guint32));
	_cmasim_sim_register_task_events(self);
	self->ev_sample = cmasim_engine_register(self->engine, cmasim_on_sample, self);
	if (!_cmasim_sim_tasks_init(self, error))
		return NULL;
	_cmasim_sim_schedule_tasks(self);
	interval = cmasim_params_get_time(self->params, "sim.sample_interval");
	if (interval > 0) {
		cmasim_engine_schedule_at(self->engine, 0, self->ev_sample, 0, interval, NULL);
		cmasim_sim_setup_pfnmap(self, interval);
	}
	_cmasim_sim_account_idle(self);

	self->requests_tsv = g_string_new(NULL);
	_cmasim_sim_requests_header(self);
	_cmasim_sim_sink_init(&self->timeline);
	_cmasim_sim_sink_init(&self->trace);
	_cmasim_sim_sink_init(&self->pfnmap);
	return g_steal_pointer(&self);
}

void
cmasim_sim_free(CmasimSim *self)
{
	if (self == NULL)
		return;
	/* the policy first: it may still point into requests, the engine and mm */
	g_clear_pointer(&self->policy, cmasim_policy_free);
	_cmasim_sim_tasks_clear(self);
	g_clear_pointer(&self->ftrace, cmasim_ftrace_free);
	_cmasim_sim_sink_clear(&self->trace);
	_cmasim_sim_sink_clear(&self->timeline);
	_cmasim_sim_sink_clear(&self->pfnmap);
	if (self->requests_tsv != NULL)
		g_string_free(self->requests_tsv, TRUE);
	g_clear_pointer(&self->requests, g_ptr_array_unref);
	g_clear_pointer(&self->free_requests, g_array_unref);
	if (self->region_stats != NULL) {
		for (guint i = 0; i <= self->regions->len; i++) {
			cmasim_histogram_free(self->region_stats[i].latency);
			cmasim_histogram_free(self->region_stats[i].latency_ok);
		}
		g_free(self->region_stats);
	}
	cmasim_histogram_free(self->total.latency);
	cmasim_histogram_free(self->total.latency_ok);
	if (self->region_devices != NULL) {
		for (guint i = 0; self->regions != NULL && i < self->regions->len; i++)
			g_free(self->region_devices[i]);
		g_free(self->region_devices);
	}
	g_free(self->region_names);
	g_free(self->region_pfn);
	g_free(self->region_count);
	g_free(self->region_order_per_bit);
	g_clear_pointer(&self->regions, g_array_unref);
	g_clear_pointer(&self->dma_map, cmasim_dma_map_free);
	g_clear_pointer(&self->cost, cmasim_cost_free);
	g_clear_pointer(&self->engine, cmasim_engine_free);
	g_clear_pointer(&self->mm, cmasim_mm_free);
	g_clear_pointer(&self->params, cmasim_params_free);
	g_clear_error(&self->run_error);
	g_free(self->policy_name);
	g_free(self->config_yaml);
	g_free(self->out_dir);
	g_free(self);
}

gboolean
cmasim_sim_set_output_dir(CmasimSim *self, const gchar *out_dir, GError **error)
{
	g_autofree gchar *timeline_path = NULL;

	g_return_val_if_fail(self != NULL, FALSE);
	g_return_val_if_fail(out_dir != NULL, FALSE);
	g_return_val_if_fail(!self->ran, FALSE);
	g_return_val_if_fail(self->out_dir == NULL, FALSE);

	if (!cmasim_output_ensure_dir(out_dir, error))
		return FALSE;
	timeline_path = g_build_filename(out_dir, "timeline.tsv", NULL);
	if (!_cmasim_sim_sink_open(&self->timeline, timeline_path, error))
		return FALSE;
	if (self->pfnmap_bins > 0) {
		g_autofree gchar *pfnmap_path = g_build_filename(out_dir, "pfnmap.tsv", NULL);
		if (!_cmasim_sim_sink_open(&self->pfnmap, pfnmap_path, error))
			return FALSE;
	}
	self->out_dir = g_strdup(out_dir);
	return TRUE;
}

void
cmasim_sim_set_trace(CmasimSim *self, gboolean trace)
{
	g_return_if_fail(self != NULL);
	g_return_if_fail(!self->ran);
	self->trace_enabled = trace;
}

void
cmasim_sim_set_progress_func(CmasimSim *self, CmasimSimProgressFunc func, gpointer ctx)
{
	g_return_if_fail(self != NULL);
	self->progress_func = func;
	self->progress_ctx = ctx;
}

static gboolean
cmasim_sim_open_trace(CmasimSim *self, GError **error)
{
	if (self->out_dir != NULL) {
		g_autofree gchar *path = g_build_filename(self->out_dir, "trace.txt", NULL);
		if (!_cmasim_sim_sink_open(&self->trace, path, error))
			return FALSE;
		self->ftrace = cmasim_ftrace_new_for_file(self->trace.file);
	} else {
		self->ftrace = cmasim_ftrace_new_for_string(self->trace.buf);
	}
	cmasim_ftrace_header(self->ftrace);
	cmasim_mm_set_extfrag_func(self->mm, cmasim_on_extfrag, self);
	return TRUE;
}

gboolean
cmasim_sim_run(CmasimSim *self, GError **error)
{
	gint64 start_us;
	CmasimEngineStatus status;

	g_return_val_if_fail(self != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
	g_return_val_if_fail(!self->ran, FALSE);

	self->ran = TRUE;
	if (self->trace_enabled && !cmasim_sim_open_trace(self, error))
		return FALSE;
	_cmasim_sim_timeline_header(self);
	if (self->pfnmap_bins > 0)
		_cmasim_sim_pfnmap_header(self);
	if (self->validate || self->progress_func != NULL)
		cmasim_engine_set_post_event_hook(self->engine, cmasim_post_event, self);
	if (self->stop_requested)
		cmasim_engine_request_stop(self->engine);

	start_us = g_get_monotonic_time();
	status = cmasim_engine_run(self->engine, self->duration_ns);
	self->wall_seconds = (gdouble)(g_get_monotonic_time() - start_us) / 1e6;
	_cmasim_sim_account_idle(self);
	_cmasim_sim_sink_flush(&self->timeline, TRUE);
	_cmasim_sim_sink_flush(&self->pfnmap, TRUE);
	if (self->progress_func != NULL)
		self->progress_func(self->progress_ctx, cmasim_engine_now(self->engine),
		                    self->duration_ns,
		                    cmasim_engine_get_events_processed(self->engine));
	if (self->run_error != NULL) {
		g_propagate_error(error, g_steal_pointer(&self->run_error));
		return FALSE;
	}
	self->summary.partial = status == CMASIM_ENGINE_STOPPED;
	_cmasim_sim_fill_summary(self);
	return TRUE;
}

void
cmasim_sim_request_stop(CmasimSim *self)
{
	/* async-signal-safe: two stores */
	self->stop_requested = 1;
	if (self->engine != NULL)
		cmasim_engine_request_stop(self->engine);
}

void
cmasim_sim_set_stop_after_events(CmasimSim *self, guint64 n_events)
{
	g_return_if_fail(self != NULL && !self->ran);
	cmasim_engine_set_stop_after(self->engine, n_events);
}

gboolean
cmasim_sim_was_stopped(const CmasimSim *self)
{
	g_return_val_if_fail(self != NULL, FALSE);
	return self->summary.partial || self->stop_requested;
}

const CmasimSimSummary *
cmasim_sim_get_summary(CmasimSim *self)
{
	g_return_val_if_fail(self != NULL, NULL);
	if (!self->ran)
		_cmasim_sim_fill_summary(self);
	return &self->summary;
}

const gchar *
cmasim_sim_get_policy_name(const CmasimSim *self)
{
	g_return_val_if_fail(self != NULL, NULL);
	return self->policy_name;
}

CmasimTimeNs
cmasim_sim_get_duration_ns(const CmasimSim *self)
{
	g_return_val_if_fail(self != NULL, 0);
	return self->duration_ns;
}

gdouble
cmasim_sim_get_wall_seconds(const CmasimSim *self)
{
	g_return_val_if_fail(self != NULL, 0);
	return self->wall_seconds;
}

void
cmasim_sim_get_prefetch_stats(const CmasimSim *self, guint64 *deaths, guint64 *ready)
{
	g_return_if_fail(self != NULL);
	if (deaths != NULL)
		*deaths = self->prefetch_deaths;
	if (ready != NULL)
		*ready = self->prefetch_ready;
}
