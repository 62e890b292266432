/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The run directory: summary.yaml (the numbers scripts and CI rely on),
 * requests.tsv (one row per contiguous request), timeline.tsv (the
 * sampler's rows), the final memory state in the kernel's /proc and
 * debugfs formats (buddyinfo, pagetypeinfo, unusable_index, extfrag_index,
 * every zone), trace.txt, config.effective.yaml and run-info.yaml. Every
 * file goes through a temporary name and a rename (CmasimOutputFile); only
 * run-info.yaml may differ between two runs of the same inputs. The
 * formats are documented in docs/output-formats.md.
 */
#define G_LOG_DOMAIN "CmasimSim"

#include "cmasim-config.h"

#include <stdlib.h>
#include <string.h>

#include "sim/cmasim-sim-private.h"

#define CMASIM_SIM_SINK_FLUSH_BYTES (64u * 1024u)

/* ---- sinks: outputs written while the run goes on ---- */

void
_cmasim_sim_sink_init(CmasimSimSink *sink)
{
	sink->buf = g_string_new(NULL);
	sink->file = NULL;
	sink->error = NULL;
}

gboolean
_cmasim_sim_sink_open(CmasimSimSink *sink, const gchar *path, GError **error)
{
	sink->file = cmasim_output_file_new(path, error);
	return sink->file != NULL;
}

void
_cmasim_sim_sink_flush(CmasimSimSink *sink, gboolean force)
{
	if (sink->file == NULL || sink->buf == NULL)
		return;
	if (!force && sink->buf->len < CMASIM_SIM_SINK_FLUSH_BYTES)
		return;
	if (sink->buf->len > 0 && sink->error == NULL)
		cmasim_output_file_write(sink->file, sink->buf->str, sink->buf->len, &sink->error);
	g_string_truncate(sink->buf, 0);
}

void
_cmasim_sim_sink_clear(CmasimSimSink *sink)
{
	if (sink->buf != NULL)
		g_string_free(sink->buf, TRUE);
	sink->buf = NULL;
	g_clear_pointer(&sink->file, cmasim_output_file_free);
	g_clear_error(&sink->error);
}

/* write the sink as @path: commit the streamed file, or write the buffer atomically */
static gboolean
cmasim_sim_sink_commit(CmasimSimSink *sink, const gchar *path, GError **error)
{
	if (sink->file != NULL) {
		_cmasim_sim_sink_flush(sink, TRUE);
		if (sink->error != NULL) {
			g_propagate_error(error, g_steal_pointer(&sink->error));
			return FALSE;
		}
		if (!cmasim_output_file_commit(sink->file, error))
			return FALSE;
		g_clear_pointer(&sink->file, cmasim_output_file_free);
		return TRUE;
	}
	return cmasim_output_write_file_atomic(path, sink->buf->str, sink->buf->len, error);
}

void
_cmasim_format_milli(GString *out, gint value)
{
	guint magnitude = value < 0 ? (guint)(-(gint64)value) : (guint)value;
	g_string_append_printf(out, "%s%u.%03u", value < 0 ? "-" : "", magnitude / 1000,
	                       magnitude % 1000);
}

/* ---- timeline.tsv ---- */

static guint
cmasim_sim_n_orders(const CmasimSim *sim)
{
	return sim->mm_config.max_order + 1;
}

void
_cmasim_sim_timeline_header(CmasimSim *sim)
{
	GString *out = sim->timeline.buf;
	guint n_orders = cmasim_sim_n_orders(sim);

	g_string_append_printf(out,
	                       "# cmasim timeline: policy=%s workload=%s seed=%" G_GUINT64_FORMAT
	                       " sample_interval_ns=%" G_GUINT64_FORMAT " frag_zone=%s\n",
	                       sim->policy_name, sim->scenario->name, sim->scenario->seed,
	                       cmasim_params_get_time(sim->params, "sim.sample_interval"),
	                       cmasim_mm_zone_get_name(sim->mm, sim->frag_zone));
	g_string_append(out, "# time_ns");
	for (guint mt = 0; mt < CMASIM_MIGRATETYPES; mt++)
		g_string_append_printf(out, "\tfree_%s", cmasim_migratetype_to_string(mt));
	g_string_append(out, "\tfree_pages\tcontig_pages\treserved_idle_pages");
	for (guint i = 0; i < sim->regions->len; i++)
		g_string_append_printf(out, "\t%s_contig_pages\t%s_movable_pages",
		                       sim->region_names[i], sim->region_names[i]);
	for (guint o = 0; o < n_orders; o++)
		g_string_append_printf(out, "\tunusable_%u", o);
	for (guint o = 0; o < n_orders; o++)
		g_string_append_printf(out, "\textfrag_%u", o);
	g_string_append_c(out, '\n');
	_cmasim_sim_sink_flush(&sim->timeline, FALSE);
}

static void
cmasim_sim_zone_nr_free(CmasimSim *sim, guint zone, guint64 *nr_free)
{
	for (guint o = 0; o < cmasim_sim_n_orders(sim); o++)
		nr_free[o] = cmasim_mm_zone_get_nr_free(sim->mm, zone, o);
}

void
_cmasim_sim_timeline_row(CmasimSim *sim)
{
	GString *row = sim->timeline.buf;
	guint n_orders = cmasim_sim_n_orders(sim);
	guint n_zones = cmasim_mm_get_n_zones(sim->mm);
	guint64 nr_free[CMASIM_NR_ORDERS_LIMIT];
	guint32 pb_order = sim->mm_config.pageblock_order;

	cmasim_tsv_field_uint(row, cmasim_engine_now(sim->engine));
	for (guint mt = 0; mt < CMASIM_MIGRATETYPES; mt++) {
		guint64 pages = 0;
		for (guint z = 0; z < n_zones; z++) {
			for (guint o = 0; o < n_orders; o++)
				pages += cmasim_mm_zone_get_nr_free_mt(sim->mm, z, o, mt) << o;
		}
		cmasim_tsv_field_uint(row, pages);
	}
	cmasim_tsv_field_uint(row, cmasim_mm_get_free_pages(sim->mm));
	cmasim_tsv_field_uint(row, sim->total.contig_pages);
	cmasim_tsv_field_uint(row, sim->idle_pages);
	for (guint i = 0; i < sim->regions->len; i++) {
		guint64 movable = 0;
		guint32 first = sim->region_pfn[i] >> pb_order;
		guint32 last =
		    (guint32)((sim->region_pfn[i] + sim->region_count[i] - 1) >> pb_order);
		for (guint32 b = first; b <= last; b++)
			movable += cmasim_mm_pageblock_get_nr_movable(sim->mm, b);
		cmasim_tsv_field_uint(row, sim->region_stats[i].contig_pages);
		cmasim_tsv_field_uint(row, movable);
	}
	cmasim_sim_zone_nr_free(sim, sim->frag_zone, nr_free);
	for (guint o = 0; o < n_orders; o++) {
		g_string_append_c(row, '\t');
		_cmasim_format_milli(row, cmasim_frag_unusable_index(nr_free, n_orders, o));
	}
	for (guint o = 0; o < n_orders; o++) {
		g_string_append_c(row, '\t');
		_cmasim_format_milli(row, cmasim_frag_extfrag_index(nr_free, n_orders, o));
	}
	cmasim_tsv_end_row(row);
	_cmasim_sim_sink_flush(&sim->timeline, FALSE);
}

/* ---- pfnmap.tsv: the memory-map heat map ---- */

void
_cmasim_sim_pfnmap_header(CmasimSim *sim)
{
	GString *out = sim->pfnmap.buf;

	g_string_append_printf(
	    out,
	    "# cmasim pfnmap: policy=%s workload=%s seed=%" G_GUINT64_FORMAT
	    " interval_ns=%" G_GUINT64_FORMAT " pageblock_pages=%u pageblocks_per_bin=%u bins=%u\n",
	    sim->policy_name, sim->scenario->name, sim->scenario->seed, sim->pfnmap_interval_ns,
	    1u << sim->mm_config.pageblock_order, sim->pfnmap_blocks_per_bin, sim->pfnmap_bins);
	g_string_append(out, "# migratetype:");
	for (guint mt = 0; mt < CMASIM_MIGRATETYPES; mt++)
		g_string_append_printf(out, " %u=%s", mt, cmasim_migratetype_to_string(mt));
	g_string_append(out, "\n# use:");
	for (guint u = 0; u < CMASIM_PAGE_USES; u++)
		g_string_append_printf(out, " %u=%s", u, cmasim_page_use_to_string(u));
	g_string_append(out, "\n# time_ns\tbin\tpfn\tmigratetype\tuse");
	for (guint u = 0; u < CMASIM_PAGE_USES; u++)
		g_string_append_printf(out, "\t%s_pages", cmasim_page_use_to_string(u));
	g_string_append_c(out, '\n');
	_cmasim_sim_sink_flush(&sim->pfnmap, FALSE);
}

/* the index of the largest count, the lowest index on a tie */
static guint
cmasim_argmax(const guint64 *counts, guint n)
{
	guint best = 0;
	for (guint i = 1; i < n; i++) {
		if (counts[i] > counts[best])
			best = i;
	}
	return best;
}

/*
 * One snapshot: per bin of whole pageblocks, the migratetype most of its
 * pageblocks have, the use most of its pages have, and the pages by use.
 */
void
_cmasim_sim_pfnmap_row(CmasimSim *sim)
{
	GString *row = sim->pfnmap.buf;
	guint32 nr_blocks = cmasim_mm_get_nr_pageblocks(sim->mm);
	guint pb_order = sim->mm_config.pageblock_order;
	CmasimTimeNs now = cmasim_engine_now(sim->engine);

	for (guint32 bin = 0; bin < sim->pfnmap_bins; bin++) {
		guint32 first = bin * sim->pfnmap_blocks_per_bin;
		guint32 last = MIN(first + sim->pfnmap_blocks_per_bin, nr_blocks);
		guint64 mt_blocks[CMASIM_MIGRATETYPES] = {0};
		guint64 use_pages[CMASIM_PAGE_USES] = {0};
		CmasimPfn pfn = (CmasimPfn)first << pb_order;

		for (guint32 b = first; b < last; b++)
			mt_blocks[cmasim_mm_get_pageblock_migratetype(sim->mm, b << pb_order)]++;
		cmasim_mm_count_page_use(sim->mm, pfn, (guint64)(last - first) << pb_order,
		                         use_pages);
		cmasim_tsv_field_uint(row, now);
		cmasim_tsv_field_uint(row, bin);
		cmasim_tsv_field_uint(row, sim->base_pfn + pfn);
		cmasim_tsv_field_uint(row, cmasim_argmax(mt_blocks, CMASIM_MIGRATETYPES));
		cmasim_tsv_field_uint(row, cmasim_argmax(use_pages, CMASIM_PAGE_USES));
		for (guint u = 0; u < CMASIM_PAGE_USES; u++)
			cmasim_tsv_field_uint(row, use_pages[u]);
		cmasim_tsv_end_row(row);
		_cmasim_sim_sink_flush(&sim->pfnmap, FALSE);
	}
}

/* ---- requests.tsv ---- */

void
_cmasim_sim_requests_header(CmasimSim *sim)
{
	static const gchar *const columns[] = {
	    "id",
	    "task",
	    "device",
	    "region",
	    "arrival_ns",
	    "finish_ns",
	    "latency_ns",
	    "count",
	    "align",
	    "status",
	    "errno",
	    "pfn",
	    "pages_migrated",
	    "pages_dropped",
	    "pages_written",
	    "migrate_failed",
	    "retries",
	    "attempts",
	};
	GString *out = sim->requests_tsv;

	g_string_append(out, "# ");
	for (guint i = 0; i < G_N_ELEMENTS(columns); i++)
		g_string_append_printf(out, "%s%s", i > 0 ? "\t" : "", columns[i]);
	for (guint s = 0; s < CMASIM_STEPS; s++)
		g_string_append_printf(out, "\t%s_ns", cmasim_step_to_string(s));
	g_string_append_c(out, '\n');
}

void
_cmasim_sim_requests_row(CmasimSim *sim, const CmasimContigRequest *req)
{
	GString *row = sim->requests_tsv;
	gint region = req->region;
	CmasimTimeNs latency_ns =
	    req->finish_ns >= req->arrival_ns ? req->finish_ns - req->arrival_ns : 0;

	cmasim_tsv_field_uint(row, req->id);
	cmasim_tsv_field_str(row, req->task);
	cmasim_tsv_field_str(row, req->device);
	cmasim_tsv_field_str(row, region >= 0 && (guint)region < sim->regions->len
	                              ? sim->region_names[region]
	                              : NULL);
	cmasim_tsv_field_uint(row, req->arrival_ns);
	cmasim_tsv_field_uint(row, req->finish_ns);
	cmasim_tsv_field_uint(row, latency_ns);
	cmasim_tsv_field_uint(row, req->count);
	cmasim_tsv_field_uint(row, req->align);
	cmasim_tsv_field_str(row, cmasim_alloc_status_to_string(req->status));
	cmasim_tsv_field_int(row, cmasim_alloc_status_to_errno(req->status));
	if (req->status == CMASIM_ALLOC_OK && req->pfn != CMASIM_PFN_NONE)
		cmasim_tsv_field_uint(row, sim->base_pfn + req->pfn);
	else
		cmasim_tsv_field_int(row, -1);
	cmasim_tsv_field_uint(row, req->pages_migrated);
	cmasim_tsv_field_uint(row, req->pages_dropped);
	cmasim_tsv_field_uint(row, req->pages_written);
	cmasim_tsv_field_uint(row, req->migrate_failed);
	cmasim_tsv_field_uint(row, req->retries);
	cmasim_tsv_field_uint(row, req->attempts);
	for (guint s = 0; s < CMASIM_STEPS; s++)
		cmasim_tsv_field_uint(row, req->breakdown.step_ns[s]);
	cmasim_tsv_end_row(row);
}

/* ---- the summary ---- */

void
_cmasim_sim_fill_summary(CmasimSim *sim)
{
	CmasimSimSummary *s = &sim->summary;
	const CmasimSimRequestStats *t = &sim->total;
	const CmasimMmStats *mm_stats = cmasim_mm_get_stats(sim->mm);
	guint64 nr_free[CMASIM_NR_ORDERS_LIMIT];
	guint64 free_cma = 0;
	guint64 in_use = 0;

	s->policy = sim->policy_name;
	s->workload = sim->scenario->name;
	s->seed = sim->scenario->seed;
	s->simulated_ns = cmasim_engine_now(sim->engine);

	s->requests = t->requests;
	s->succeeded = t->succeeded;
	s->failed = t->requests - t->succeeded;
	memcpy(s->failed_by_status, t->failed_by_status, sizeof(s->failed_by_status));
	s->unfinished = sim->policy != NULL ? cmasim_policy_get_in_flight(sim->policy) : 0;
	s->latency_min_ns = cmasim_histogram_min(t->latency);
	s->latency_p50_ns = cmasim_histogram_percentile(t->latency, 50.0);
	s->latency_p90_ns = cmasim_histogram_percentile(t->latency, 90.0);
	s->latency_p99_ns = cmasim_histogram_percentile(t->latency, 99.0);
	s->latency_p999_ns = cmasim_histogram_percentile(t->latency, 99.9);
	s->latency_max_ns = cmasim_histogram_max(t->latency);
	s->latency_mean_ns = cmasim_histogram_mean(t->latency);
	s->breakdown_ns = t->breakdown;
	s->pages_migrated = t->pages_migrated;
	s->pages_dropped = t->pages_dropped;
	s->pages_written = t->pages_written;
	s->retries = t->retries;
	s->attempts = t->attempts;

	s->boot_reserved_pages = sim->boot.reserved_pages;
	s->boot_unmovable_pages = sim->boot.unmovable_pages;
	s->boot_pool_cma_pages = sim->boot.pool_cma_pages;
	s->boot_pool_buddy_pages = sim->boot.pool_buddy_pages;
	s->boot_free_pages = sim->boot.free_pages;
	s->reserved_idle_page_seconds =
	    (gdouble)sim->idle_page_s + (gdouble)sim->idle_page_ns_frac / (gdouble)CMASIM_NS_PER_S;
	s->reserved_idle_mib_seconds =
	    s->reserved_idle_page_seconds * sim->mm_config.page_size_bytes / (1024.0 * 1024.0);
	s->reserved_pages = 0;
	if (sim->policy != NULL)
		cmasim_policy_reserved_pages(sim->policy, &s->reserved_pages, &in_use);
	s->background_alloc_failures = mm_stats->alloc_fail > sim->fill_stop_failures
	                                   ? mm_stats->alloc_fail - sim->fill_stop_failures
	                                   : 0;
	s->pgscan = mm_stats->pgscan;
	s->pgsteal = mm_stats->pgsteal;
	s->kswapd_wakeups = mm_stats->kswapd_wakeups;
	s->longterm_pin_migrations = mm_stats->longterm_pin_migrations;
	s->longterm_pin_failures = mm_stats->longterm_pin_failures;

	s->counters = sim->counters;
	s->counters.events[CMASIM_COUNTER_PGSCAN] = mm_stats->pgscan;
	s->counters.events[CMASIM_COUNTER_PGSTEAL] = mm_stats->pgsteal;
	s->counters.events[CMASIM_COUNTER_PGALLOC] = mm_stats->pgalloc;
	s->counters.events[CMASIM_COUNTER_PGFREE] = mm_stats->pgfree;
	for (guint z = 0; z < cmasim_mm_get_n_zones(sim->mm); z++)
		free_cma += cmasim_mm_zone_get_free_cma_pages(sim->mm, z);
	cmasim_counters_set_gauge(&s->counters, CMASIM_GAUGE_NR_FREE_CMA, free_cma);
	cmasim_counters_set_gauge(&s->counters, CMASIM_GAUGE_NR_FREE_PAGES,
	                          cmasim_mm_get_free_pages(sim->mm));
	{
		/* shmem is anon to the memory model and page cache to vmstat; its
		 * pages are never reclaimed, so the tasks' own counts are exact */
		guint64 owned[CMASIM_OWNER_KINDS];
		guint64 shmem = 0;
		cmasim_mm_get_owned_pages(sim->mm, owned);
		for (guint b = 0; b < sim->bg->len; b++) {
			const CmasimSimBgTask *task = &g_array_index(sim->bg, CmasimSimBgTask, b);
			if (task->spec->shmem)
				shmem += task->owned_pages;
		}
		shmem = MIN(shmem, owned[CMASIM_OWNER_ANON]);
		cmasim_counters_set_gauge(&s->counters, CMASIM_GAUGE_NR_ANON_PAGES,
					  owned[CMASIM_OWNER_ANON] - shmem);
		cmasim_counters_set_gauge(&s->counters, CMASIM_GAUGE_NR_FILE_PAGES,
					  owned[CMASIM_OWNER_FILE] + shmem);
		cmasim_counters_set_gauge(&s->counters, CMASIM_GAUGE_NR_SHMEM, shmem);
	}

	s->frag_zone = cmasim_mm_zone_get_name(sim->mm, sim->frag_zone);
	s->n_orders = cmasim_sim_n_orders(sim);
	cmasim_sim_zone_nr_free(sim, sim->frag_zone, nr_free);
	for (guint o = 0; o < s->n_orders; o++) {
		s->unusable_index[o] = cmasim_frag_unusable_index(nr_free, s->n_orders, o);
		s->extfrag_index[o] = cmasim_frag_extfrag_index(nr_free, s->n_orders, o);
	}
	s->request_order = MIN(sim->request_order, sim->mm_config.max_order);

	s->events_processed = cmasim_engine_get_events_processed(sim->engine);
	s->background_events = sim->background_events;
	s->timed_events = sim->timed_events;
}

static void
cmasim_yaml_uint(CmasimYamlOut *y, const gchar *key, guint64 value)
{
	cmasim_yaml_out_key(y, key);
	cmasim_yaml_out_scalar_uint(y, value);
}

static void
cmasim_yaml_double(CmasimYamlOut *y, const gchar *key, gdouble value)
{
	cmasim_yaml_out_key(y, key);
	cmasim_yaml_out_scalar_double(y, value);
}

static void
cmasim_yaml_str(CmasimYamlOut *y, const gchar *key, const gchar *value)
{
	cmasim_yaml_out_key(y, key);
	cmasim_yaml_out_scalar_str(y, value);
}

static void
cmasim_yaml_latency(CmasimYamlOut *y, const gchar *key, const CmasimHistogram *h)
{
	cmasim_yaml_out_key(y, key);
	cmasim_yaml_out_mapping_start(y, TRUE);
	cmasim_yaml_uint(y, "min", cmasim_histogram_min(h));
	cmasim_yaml_uint(y, "p50", cmasim_histogram_percentile(h, 50.0));
	cmasim_yaml_uint(y, "p90", cmasim_histogram_percentile(h, 90.0));
	cmasim_yaml_uint(y, "p99", cmasim_histogram_percentile(h, 99.0));
	cmasim_yaml_uint(y, "p999", cmasim_histogram_percentile(h, 99.9));
	cmasim_yaml_uint(y, "max", cmasim_histogram_max(h));
	/* integer ns, rounded: stable text across platforms */
	cmasim_yaml_uint(y, "mean", (guint64)(cmasim_histogram_mean(h) + 0.5));
	cmasim_yaml_out_mapping_end(y);
}

/* the request statistics of the whole run or of one region, inside an open mapping */
static void
cmasim_yaml_request_stats(CmasimYamlOut *y, const CmasimSimRequestStats *st)
{
	cmasim_yaml_uint(y, "requests", st->requests);
	cmasim_yaml_uint(y, "succeeded", st->succeeded);
	cmasim_yaml_out_key(y, "failed");
	cmasim_yaml_out_mapping_start(y, TRUE);
	for (guint status = CMASIM_ALLOC_OK + 1; status < CMASIM_ALLOC_STATUSES; status++)
		cmasim_yaml_uint(y, cmasim_alloc_status_to_string(status),
		                 st->failed_by_status[status]);
	cmasim_yaml_out_mapping_end(y);
	cmasim_yaml_latency(y, "latency_ns", st->latency);
	cmasim_yaml_latency(y, "latency_ok_ns", st->latency_ok);
	cmasim_yaml_out_key(y, "breakdown_ns");
	cmasim_yaml_out_mapping_start(y, TRUE);
	for (guint s = 0; s < CMASIM_STEPS; s++)
		cmasim_yaml_uint(y, cmasim_step_to_string(s), st->breakdown.step_ns[s]);
	cmasim_yaml_out_mapping_end(y);
	cmasim_yaml_uint(y, "pages_migrated", st->pages_migrated);
	cmasim_yaml_uint(y, "pages_dropped", st->pages_dropped);
	cmasim_yaml_uint(y, "pages_written", st->pages_written);
	cmasim_yaml_uint(y, "migrate_failed", st->migrate_failed);
	cmasim_yaml_uint(y, "retries", st->retries);
	cmasim_yaml_uint(y, "attempts", st->attempts);
}

static void
cmasim_yaml_index_map(CmasimYamlOut *y, const gchar *key, const gint *values, guint n_orders)
{
	cmasim_yaml_out_key(y, key);
	cmasim_yaml_out_mapping_start(y, TRUE);
	for (guint o = 0; o < n_orders; o++) {
		cmasim_yaml_out_scalar_uint(y, o);
		cmasim_yaml_out_scalar_double(y, values[o] / 1000.0);
	}
	cmasim_yaml_out_mapping_end(y);
}

typedef struct {
	const gchar *name;
	guint64 value;
} CmasimNamedValue;

static int
cmasim_named_value_cmp(const void *a, const void *b)
{
	return strcmp(((const CmasimNamedValue *)a)->name, ((const CmasimNamedValue *)b)->name);
}

static gchar *
cmasim_sim_summary_yaml(CmasimSim *sim, GError **error)
{
	const CmasimSimSummary *s = cmasim_sim_get_summary(sim);
	g_autoptr(CmasimYamlOut) y = cmasim_yaml_out_new();
	CmasimDmaMapStats dma;
	guint n_regions = sim->regions->len;
	const CmasimSimRequestStats *none = &sim->region_stats[n_regions];

	cmasim_dma_map_get_stats(sim->dma_map, s->simulated_ns, &dma);

	cmasim_yaml_out_mapping_start(y, FALSE);
	cmasim_yaml_str(y, "policy", s->policy);
	cmasim_yaml_str(y, "workload", s->workload);
	cmasim_yaml_uint(y, "seed", s->seed);
	cmasim_yaml_out_key(y, "partial");
	cmasim_yaml_out_scalar_bool(y, s->partial);
	cmasim_yaml_uint(y, "duration_ns", sim->duration_ns);
	cmasim_yaml_uint(y, "simulated_ns", s->simulated_ns);

	cmasim_yaml_out_key(y, "contiguous");
	cmasim_yaml_out_mapping_start(y, FALSE);
	cmasim_yaml_request_stats(y, &sim->total);
	cmasim_yaml_uint(y, "unfinished", s->unfinished);
	cmasim_yaml_uint(y, "peak_contig_pages", sim->total.peak_contig_pages);
	cmasim_yaml_out_mapping_end(y);

	cmasim_yaml_out_key(y, "regions");
	cmasim_yaml_out_sequence_start(y, FALSE);
	for (guint i = 0; i < n_regions; i++) {
		const CmasimSimRegion *region = &g_array_index(sim->regions, CmasimSimRegion, i);
		cmasim_yaml_out_mapping_start(y, FALSE);
		cmasim_yaml_str(y, "name", sim->region_names[i]);
		cmasim_yaml_uint(y, "base_pfn", sim->base_pfn + region->pfn);
		cmasim_yaml_uint(y, "count", region->count);
		cmasim_yaml_uint(y, "size_bytes", region->count * sim->mm_config.page_size_bytes);
		cmasim_yaml_str(y, "zone", cmasim_mm_zone_get_name(sim->mm, (guint)region->zone));
		cmasim_yaml_str(y, "type",
		                region->spec->reusable ? "reusable"
		                : region->spec->no_map ? "no-map"
		                                       : "shared-dma-pool");
		cmasim_yaml_request_stats(y, &sim->region_stats[i]);
		cmasim_yaml_uint(y, "peak_contig_pages", sim->region_stats[i].peak_contig_pages);
		cmasim_yaml_out_mapping_end(y);
	}
	if (none->requests > 0) {
		/* requests the policy served outside any region (alloc_contig_pages) */
		cmasim_yaml_out_mapping_start(y, FALSE);
		cmasim_yaml_out_key(y, "name");
		cmasim_yaml_out_scalar_null(y);
		cmasim_yaml_request_stats(y, none);
		cmasim_yaml_uint(y, "peak_contig_pages", none->peak_contig_pages);
		cmasim_yaml_out_mapping_end(y);
	}
	cmasim_yaml_out_sequence_end(y);

	cmasim_yaml_out_key(y, "tasks");
	cmasim_yaml_out_sequence_start(y, FALSE);
	for (guint t = 0; t < sim->bg->len; t++) {
		const CmasimSimBgTask *task = &g_array_index(sim->bg, CmasimSimBgTask, t);
		cmasim_yaml_out_mapping_start(y, TRUE);
		cmasim_yaml_str(y, "name", task->spec->name);
		cmasim_yaml_str(y, "kind", task->spec->shmem
						   ? "shmem"
						   : cmasim_owner_kind_to_string(task->spec->kind));
		cmasim_yaml_uint(y, "allocs", task->allocs);
		cmasim_yaml_uint(y, "fill_allocs", task->fill_allocs);
		cmasim_yaml_uint(y, "alloc_failures", task->alloc_failures);
		cmasim_yaml_uint(y, "frees", task->frees);
		cmasim_yaml_uint(y, "pins", task->pins);
		cmasim_yaml_uint(y, "pins_skipped", task->pins_skipped);
		cmasim_yaml_uint(y, "live_pages", task->owned_pages);
		if (task->streaming)
			cmasim_yaml_uint(y, "stream_left_pages", task->stream_left_pages);
		cmasim_yaml_out_mapping_end(y);
	}
	for (guint d = 0; d < sim->dev->len; d++) {
		const CmasimSimDevTask *dev = &g_array_index(sim->dev, CmasimSimDevTask, d);
		cmasim_yaml_out_mapping_start(y, TRUE);
		cmasim_yaml_str(y, "name", dev->spec->name);
		cmasim_yaml_str(y, "device", dev->spec->device);
		cmasim_yaml_uint(y, "count", dev->count_pages);
		cmasim_yaml_uint(y, "iterations", dev->iterations);
		cmasim_yaml_uint(y, "overruns", dev->overruns);
		cmasim_yaml_out_mapping_end(y);
	}
	cmasim_yaml_out_sequence_end(y);

	cmasim_yaml_out_key(y, "memory");
	cmasim_yaml_out_mapping_start(y, FALSE);
	cmasim_yaml_double(y, "reserved_idle_page_seconds", s->reserved_idle_page_seconds);
	cmasim_yaml_double(y, "reserved_idle_mib_seconds", s->reserved_idle_mib_seconds);
	cmasim_yaml_uint(y, "reserved_pages", s->reserved_pages);
	cmasim_yaml_uint(y, "present_pages", cmasim_mm_get_present_pages(sim->mm));
	cmasim_yaml_uint(y, "free_pages", cmasim_mm_get_free_pages(sim->mm));
	cmasim_yaml_uint(y, "background_alloc_failures", s->background_alloc_failures);
	cmasim_yaml_out_key(y, "boot");
	cmasim_yaml_out_mapping_start(y, TRUE);
	cmasim_yaml_uint(y, "reserved_pages", s->boot_reserved_pages);
	cmasim_yaml_uint(y, "unmovable_pages", s->boot_unmovable_pages);
	cmasim_yaml_uint(y, "coherent_pool_cma_pages", s->boot_pool_cma_pages);
	cmasim_yaml_uint(y, "coherent_pool_buddy_pages", s->boot_pool_buddy_pages);
	cmasim_yaml_uint(y, "free_pages", s->boot_free_pages);
	cmasim_yaml_out_mapping_end(y);
	cmasim_yaml_out_key(y, "reclaim");
	cmasim_yaml_out_mapping_start(y, TRUE);
	cmasim_yaml_uint(y, "pgscan", s->pgscan);
	cmasim_yaml_uint(y, "pgsteal", s->pgsteal);
	cmasim_yaml_uint(y, "kswapd_wakeups", s->kswapd_wakeups);
	cmasim_yaml_out_mapping_end(y);
	cmasim_yaml_out_key(y, "longterm_pins");
	cmasim_yaml_out_mapping_start(y, TRUE);
	cmasim_yaml_uint(y, "migrations", s->longterm_pin_migrations);
	cmasim_yaml_uint(y, "failures", s->longterm_pin_failures);
	cmasim_yaml_out_mapping_end(y);
	cmasim_yaml_out_mapping_end(y);

	/* kernel-named counters and gauges, sorted by name */
	cmasim_yaml_out_key(y, "counters");
	cmasim_yaml_out_mapping_start(y, FALSE);
	{
		CmasimNamedValue values[CMASIM_COUNTERS + CMASIM_GAUGES];
		guint n = 0;
		for (guint id = 0; id < CMASIM_COUNTERS; id++) {
			/* direct reclaim stalls are not modelled */
			if (id == CMASIM_COUNTER_ALLOCSTALL)
				continue;
			values[n].name = cmasim_counter_name(id);
			values[n++].value = cmasim_counters_get(&s->counters, id);
		}
		for (guint id = 0; id < CMASIM_GAUGES; id++) {
			values[n].name = cmasim_gauge_name(id);
			values[n++].value = cmasim_counters_get_gauge(&s->counters, id);
		}
		qsort(values, n, sizeof(values[0]), cmasim_named_value_cmp);
		for (guint i = 0; i < n; i++)
			cmasim_yaml_uint(y, values[i].name, values[i].value);
	}
	cmasim_yaml_out_mapping_end(y);

	cmasim_yaml_out_key(y, "dma_map");
	cmasim_yaml_out_mapping_start(y, FALSE);
	cmasim_yaml_str(y, "mode",
	                cmasim_dma_map_mode_to_string(cmasim_dma_map_get_mode(sim->dma_map)));
	cmasim_yaml_uint(y, "pte_table_bytes", dma.pte_table_bytes);
	cmasim_yaml_uint(y, "pte_mapped_pages", dma.pte_mapped_pages);
	cmasim_yaml_double(y, "tlb_tax_ns_per_s", dma.tlb_tax_ns_per_s);
	cmasim_yaml_uint(y, "tlb_tax_ns", dma.tlb_tax_ns);
	cmasim_yaml_uint(y, "remaps", dma.remaps);
	cmasim_yaml_out_key(y, "atomic_pool");
	cmasim_yaml_out_mapping_start(y, TRUE);
	cmasim_yaml_uint(y, "bytes", dma.atomic_pool_bytes);
	cmasim_yaml_uint(y, "used_bytes", dma.atomic_pool_used_bytes);
	cmasim_yaml_uint(y, "peak_bytes", dma.atomic_pool_peak_bytes);
	cmasim_yaml_uint(y, "allocs", dma.atomic_allocs);
	cmasim_yaml_uint(y, "failures", dma.atomic_failures);
	cmasim_yaml_out_mapping_end(y);
	cmasim_yaml_uint(y, "alias_violations", dma.alias_violations);
	cmasim_yaml_out_mapping_end(y);

	cmasim_yaml_out_key(y, "fragmentation");
	cmasim_yaml_out_mapping_start(y, FALSE);
	cmasim_yaml_str(y, "zone", s->frag_zone);
	cmasim_yaml_uint(y, "request_order", s->request_order);
	cmasim_yaml_index_map(y, "unusable_index", s->unusable_index, s->n_orders);
	cmasim_yaml_index_map(y, "extfrag_index", s->extfrag_index, s->n_orders);
	cmasim_yaml_out_mapping_end(y);

	cmasim_yaml_uint(y, "events_processed", s->events_processed);
	cmasim_yaml_uint(y, "background_events", s->background_events);
	cmasim_yaml_uint(y, "timed_events", s->timed_events);
	cmasim_yaml_uint(y, "timed_events_skipped", sim->timed_skipped);
	cmasim_yaml_out_mapping_end(y);
	return cmasim_yaml_out_finish(y, error);
}

/* ---- the final state in the kernel's formats ---- */

static void
cmasim_sim_kernel_files(CmasimSim *sim, GString *buddyinfo, GString *pagetypeinfo,
                        GString *unusable, GString *extfrag)
{
	guint n_orders = cmasim_sim_n_orders(sim);
	guint n_zones = cmasim_mm_get_n_zones(sim->mm);
	const gchar *type_names[CMASIM_MIGRATETYPES];
	guint64 nr_free[CMASIM_NR_ORDERS_LIMIT];

	for (guint mt = 0; mt < CMASIM_MIGRATETYPES; mt++)
		type_names[mt] = cmasim_migratetype_to_string(mt);
	cmasim_kformat_pagetypeinfo_header(pagetypeinfo, sim->mm_config.pageblock_order, n_orders);
	for (guint z = 0; z < n_zones; z++) {
		const gchar *name = cmasim_mm_zone_get_name(sim->mm, z);
		cmasim_sim_zone_nr_free(sim, z, nr_free);
		cmasim_kformat_buddyinfo(buddyinfo, 0, name, nr_free, n_orders);
		cmasim_kformat_unusable_index(unusable, 0, name, nr_free, n_orders);
		cmasim_kformat_extfrag_index(extfrag, 0, name, nr_free, n_orders);
		for (guint mt = 0; mt < CMASIM_MIGRATETYPES; mt++) {
			guint64 nr_free_mt[CMASIM_NR_ORDERS_LIMIT];
			for (guint o = 0; o < n_orders; o++)
				nr_free_mt[o] = cmasim_mm_zone_get_nr_free_mt(sim->mm, z, o, mt);
			cmasim_kformat_pagetypeinfo_free_row(pagetypeinfo, 0, name, type_names[mt],
			                                     nr_free_mt, n_orders);
		}
	}
	cmasim_kformat_pagetypeinfo_blocks_header(pagetypeinfo, type_names, CMASIM_MIGRATETYPES);
	for (guint z = 0; z < n_zones; z++) {
		guint64 counts[CMASIM_MIGRATETYPES];
		for (guint mt = 0; mt < CMASIM_MIGRATETYPES; mt++)
			counts[mt] = cmasim_mm_zone_count_pageblocks(sim->mm, z, mt);
		cmasim_kformat_pagetypeinfo_blocks_row(pagetypeinfo, 0,
		                                       cmasim_mm_zone_get_name(sim->mm, z), counts,
		                                       CMASIM_MIGRATETYPES);
	}
}

static gchar *
cmasim_sim_run_info_yaml(CmasimSim *sim, GError **error)
{
	g_autoptr(CmasimYamlOut) y = cmasim_yaml_out_new();
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autofree gchar *date = g_date_time_format_iso8601(now);
	g_autofree gchar *glib_version =
	    g_strdup_printf("%u.%u.%u", glib_major_version, glib_minor_version, glib_micro_version);
	guint64 events = cmasim_engine_get_events_processed(sim->engine);
	gdouble wall = sim->wall_seconds;

	cmasim_yaml_out_mapping_start(y, FALSE);
	cmasim_yaml_str(y, "cmasim_version", CMASIM_VERSION);
	cmasim_yaml_str(y, "glib_version", glib_version);
	cmasim_yaml_str(y, "host", g_get_host_name());
	cmasim_yaml_str(y, "finished_at", date);
	cmasim_yaml_double(y, "wall_seconds", wall);
	cmasim_yaml_uint(y, "events_processed", events);
	cmasim_yaml_double(y, "events_per_second", wall > 0 ? (gdouble)events / wall : 0.0);
	cmasim_yaml_double(y, "simulated_seconds_per_second",
	                   wall > 0 ? (gdouble)cmasim_engine_now(sim->engine) / 1e9 / wall : 0.0);
	cmasim_yaml_uint(y, "mm_memory_bytes", cmasim_mm_get_memory_bytes(sim->mm));
	cmasim_yaml_uint(y, "event_queue_bytes",
	                 cmasim_event_queue_get_memory_bytes(cmasim_engine_get_queue(sim->engine)));
	cmasim_yaml_out_mapping_end(y);
	return cmasim_yaml_out_finish(y, error);
}

static gboolean
cmasim_write_text(const gchar *dir, const gchar *name, const gchar *text, gsize len, GError **error)
{
	g_autofree gchar *path = g_build_filename(dir, name, NULL);
	return cmasim_output_write_file_atomic(path, text, len, error);
}

/**
 * cmasim_sim_write_outputs:
 * @self: a sim that has run
 * @out_dir: the run directory (created if needed)
 * @error: (nullable): a #GError
 *
 * Returns: FALSE with @error set if a file could not be written
 */
gboolean
cmasim_sim_write_outputs(CmasimSim *self, const gchar *out_dir, GError **error)
{
	g_autofree gchar *summary = NULL;
	g_autofree gchar *run_info = NULL;
	g_autofree gchar *timeline_path = NULL;
	g_autoptr(GString) buddyinfo = g_string_new(NULL);
	g_autoptr(GString) pagetypeinfo = g_string_new(NULL);
	g_autoptr(GString) unusable = g_string_new(NULL);
	g_autoptr(GString) extfrag = g_string_new(NULL);

	g_return_val_if_fail(self != NULL, FALSE);
	g_return_val_if_fail(out_dir != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

	if (self->out_dir != NULL && g_strcmp0(self->out_dir, out_dir) != 0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_FAILED,
		            "outputs are being written to %s, not %s", self->out_dir, out_dir);
		return FALSE;
	}
	if (!cmasim_output_ensure_dir(out_dir, error))
		return FALSE;

	if (!cmasim_write_text(out_dir, "config.effective.yaml", self->config_yaml,
	                       strlen(self->config_yaml), error))
		return FALSE;
	summary = cmasim_sim_summary_yaml(self, error);
	if (summary == NULL)
		return FALSE;
	if (!cmasim_write_text(out_dir, "summary.yaml", summary, strlen(summary), error))
		return FALSE;
	if (!cmasim_write_text(out_dir, "requests.tsv", self->requests_tsv->str,
	                       self->requests_tsv->len, error))
		return FALSE;
	timeline_path = g_build_filename(out_dir, "timeline.tsv", NULL);
	if (!cmasim_sim_sink_commit(&self->timeline, timeline_path, error))
		return FALSE;
	if (self->pfnmap_bins > 0) {
		g_autofree gchar *pfnmap_path = g_build_filename(out_dir, "pfnmap.tsv", NULL);
		if (!cmasim_sim_sink_commit(&self->pfnmap, pfnmap_path, error))
			return FALSE;
	}

	cmasim_sim_kernel_files(self, buddyinfo, pagetypeinfo, unusable, extfrag);
	if (!cmasim_write_text(out_dir, "buddyinfo.txt", buddyinfo->str, buddyinfo->len, error))
		return FALSE;
	if (!cmasim_write_text(out_dir, "pagetypeinfo.txt", pagetypeinfo->str, pagetypeinfo->len,
	                       error))
		return FALSE;
	if (!cmasim_write_text(out_dir, "unusable_index", unusable->str, unusable->len, error))
		return FALSE;
	if (!cmasim_write_text(out_dir, "extfrag_index", extfrag->str, extfrag->len, error))
		return FALSE;

	if (self->ftrace != NULL) {
		g_autofree gchar *trace_path = g_build_filename(out_dir, "trace.txt", NULL);
		/* the writer borrows the file: finish with it first */
		g_clear_pointer(&self->ftrace, cmasim_ftrace_free);
		if (!cmasim_sim_sink_commit(&self->trace, trace_path, error))
			return FALSE;
	}

	run_info = cmasim_sim_run_info_yaml(self, error);
	if (run_info == NULL)
		return FALSE;
	return cmasim_write_text(out_dir, "run-info.yaml", run_info, strlen(run_info), error);
}
