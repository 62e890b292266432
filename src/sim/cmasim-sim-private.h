/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Internals of the simulation driver shared by its files: the sim object,
 * the generators' state, the machine builder and region placement, and the
 * small id map used for replayed events.
 */
#pragma once

#include <signal.h>

#include "core/cmasim-idmap.h"
#include "cmasim/cmasim-cost.h"
#include "cmasim/cmasim-dma-map.h"
#include "cmasim/cmasim-engine.h"
#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-metrics.h"
#include "cmasim/cmasim-mm.h"
#include "cmasim/cmasim-policy.h"
#include "cmasim/cmasim-report.h"
#include "cmasim/cmasim-sim.h"

G_BEGIN_DECLS

/* ---- machine and region placement (cmasim-sim-machine.c) ---- */

/* a region placed in pfn space (pfn 0 = the first bank's first page) */
typedef struct {
	const CmasimRegionSpec *spec;
	CmasimPfn pfn;
	guint64 count; /* pages, after the rounding cma_declare_contiguous() does */
	gint zone;     /* zone index holding it */
} CmasimSimRegion;

/*
 * Scenario machine -> memory-model configuration: banks become holes, the
 * span is rounded up to a max-order block (the excess is a hole), zones are
 * rounded to pageblocks and the last one takes the excess. @base_pfn gets
 * the absolute pfn of the first bank (for physical alignment).
 */
gboolean _cmasim_sim_build_mm_config(const CmasimScenario *scenario, const CmasimParams *params,
                                     CmasimMmConfig *config, guint64 *base_pfn, GError **error);
/*
 * Place every region of @scenario: fixed ones (`reg`) first, then dynamic
 * ones top-down in their alloc-ranges, zone or lowmem, as
 * cma_declare_contiguous() does; reusable regions are aligned to at least a
 * pageblock and their size rounded up to the alignment.
 * Returns (element-type CmasimSimRegion) in the scenario's order.
 */
GArray *_cmasim_sim_place_regions(const CmasimScenario *scenario, const CmasimMmConfig *config,
                                  guint64 base_pfn, GError **error);
/* pfn ranges that are RAM: the banks in pfn space, sorted */
guint _cmasim_sim_ram_ranges(const CmasimMmConfig *config, CmasimPfn *start, guint64 *count,
                             guint max);

/* ---- distributions (cmasim-sim-tasks.c) ---- */

CmasimTimeNs _cmasim_dist_sample_ns(const CmasimDist *dist, CmasimRng *rng);

/* ---- the sim ---- */

#define CMASIM_SIM_TASK_TIMED G_MAXUINT16 /* hinfo.task of a replayed allocation */

/* hinfo.flags */
#define CMASIM_SIM_HANDLE_FILL         (1u << 0) /* replaced by a new one when it expires */
#define CMASIM_SIM_HANDLE_FREE_PENDING (1u << 1) /* freed while pinned: free at the last unpin */
#define CMASIM_SIM_HANDLE_LIVE         (1u << 2) /* allocated and not freed in the model */
#define CMASIM_SIM_HANDLE_IN_TASK      (1u << 3) /* in its task's live array */

/* what the driver knows about one live background allocation, indexed by handle */
typedef struct {
	guint32 slot; /* position in its task's live array */
	guint32 gen;  /* bumped at every free: stale events compare it */
	guint16 task; /* background task index or CMASIM_SIM_TASK_TIMED */
	guint8 pins;  /* short-term pins the driver holds */
	guint8 flags; /* CMASIM_SIM_HANDLE_* */
	guint8 order;
} CmasimSimHandleInfo;

/* how many of a task's next deaths are loaded ahead */
#define CMASIM_SIM_PREFETCH_AHEAD 3

#define CMASIM_SIM_PREFETCH_IDLE 0
#define CMASIM_SIM_PREFETCH_DONE G_MAXUINT16

/* one victim of a task's death process being loaded ahead, one dependent step per event */
typedef struct {
	guint32 slot;	  /* in the task's live array */
	guint32 handle;	  /* read from the slot at step 1 */
	guint32 pfn_hint; /* read with it */
	guint16 step;	  /* CMASIM_SIM_PREFETCH_IDLE, 1 slot requested, 2+ 2 + the mm's
			   * step, CMASIM_SIM_PREFETCH_DONE when everything is requested */
	guint16 ready;	  /* the pump's tick from which step 1 may load the slot */
} CmasimSimPrefetch;

/*
 * A live block of a task: its handle, and its pfn when it was allocated, a
 * hint for loading its page ahead without first loading the handle's
 * entry; stale once the block migrates or is dropped, so never used for
 * anything but prefetching
 */
typedef struct {
	guint32 handle;
	guint32 pfn_hint;
} CmasimSimLive;

typedef struct {
	const CmasimBackgroundTask *spec;
	CmasimRng rng;       /* "task:<name>": orders, flags, lifetimes, arrivals */
	CmasimRng pin_rng;   /* "task:<name>:pin": pin arrivals, targets, durations */
	CmasimRng death_rng; /* "task:<name>:free": the times of the deaths of exponential lifetimes */
	CmasimRng victim_rng; /* "task:<name>:victim": whom they take */
	/* the numbers the next deaths' victims are scaled from (cmasim_rng_scale_below()),
	 * drawn ahead so that the victims can be loaded ahead: a ring, the next at victim_head */
	guint64 victim_u[CMASIM_SIM_PREFETCH_AHEAD];
	guint8 victim_head;
	gdouble *order_cum;  /* cumulative weights */
	guint *order_val;
	guint n_orders;
	CmasimSimLive *live; /* swap-removed: a random live block in O(1) */
	guint32 live_len;
	guint32 live_cap;
	guint64 owned_pages;
	guint64 fill_target_pages;
	gboolean lifetime_forever;
	gboolean lifetime_exponential; /* one death process instead of one event per block */
	gboolean draws_state;          /* a file task with dirty or writeback pages */
	gboolean draws_longterm;       /* longterm_pin > 0 */
	gdouble lifetime_mean_ns;
	CmasimEventId death_event;
	gboolean death_batched; /* inside one of the task's handlers: reschedule once at its end */
	gboolean death_dirty;
	/* the victims of the pending death ([0], known when it is scheduled) and
	 * of the deaths after it ([1]..., guessed: cmasim_bg_predict_death()),
	 * loaded ahead one dependent step per background event (hints only,
	 * never used for anything but prefetching) */
	CmasimSimPrefetch ahead[CMASIM_SIM_PREFETCH_AHEAD];
	CmasimTimeNs next_arrival_ns; /* of the pending arrival, CMASIM_TIME_NS_MAX if none */
	CmasimTimeNs stop_ns;
	gboolean streaming;	   /* `stream:` arrivals end once stream_left_pages is 0 */
	guint64 stream_left_pages; /* pages still to be allocated by the stream */
	/* statistics */
	guint64 allocs;
	guint64 alloc_failures;
	guint64 frees;
	guint64 pins;
	guint64 pins_skipped;
	guint64 fill_allocs;
} CmasimSimBgTask;

typedef struct _CmasimSimRequest CmasimSimRequest;

typedef struct {
	const CmasimDeviceTask *spec;
	guint16 index;
	CmasimRng rng; /* "task:<name>": start delay, hold times */
	guint64 count_pages;
	guint64 iterations;
	CmasimTimeNs iteration_start_ns;
	guint buffers_issued;
	guint buffers_done;
	CmasimSimRequest **held; /* [spec->buffers] */
	gboolean finished_loops;
	/* statistics */
	guint64 overruns; /* iterations that started late because the previous one ran over */
} CmasimSimDevTask;

/* a contiguous request and what the driver needs to know about it */
struct _CmasimSimRequest {
	CmasimContigRequest req; /* first: the observer's pointer converts back */
	guint32 index;           /* in sim->requests */
	guint16 owner;           /* device task index or CMASIM_SIM_TASK_TIMED */
	gboolean in_use;
	gboolean release_pending; /* replay: cma_release before the request finished */
	guint64 timed_id;
	/*
	 * replay: the pages the event stream still holds, [pfn + timed_held_offset,
	 * + timed_held_count); cma_release events shrink it at once, the policy
	 * gives the pages back once the request has finished
	 */
	guint64 timed_held_offset;
	guint64 timed_held_count;
};

typedef struct {
	guint64 requests;
	guint64 succeeded;
	guint64 failed_by_status[CMASIM_ALLOC_STATUSES];
	CmasimHistogram *latency;    /* every finished request */
	CmasimHistogram *latency_ok; /* the successful ones */
	CmasimBreakdown breakdown;
	guint64 pages_migrated;
	guint64 pages_dropped;
	guint64 pages_written;
	guint64 migrate_failed;
	guint64 retries;
	guint64 attempts;
	guint64 contig_pages; /* held by contiguous buffers now */
	guint64 peak_contig_pages;
} CmasimSimRequestStats;

/* an output streamed while running (or kept in memory when no directory is set) */
typedef struct {
	GString *buf;
	CmasimOutputFile *file; /* NULL: everything stays in buf */
	GError *error;          /* first write error, sticky */
} CmasimSimSink;

struct _CmasimSim {
	const CmasimScenario *scenario;
	CmasimParams *params; /* the scenario's, with policy.name set to what runs */
	gchar *policy_name;
	gchar *config_yaml; /* config.effective.yaml */
	CmasimTimeNs duration_ns;

	CmasimMmConfig mm_config;
	guint64 base_pfn; /* absolute pfn of pfn 0 */
	CmasimMm *mm;
	CmasimEngine *engine;
	CmasimCost *cost;
	CmasimDmaMap *dma_map;
	const CmasimPolicyOps *ops;
	CmasimPolicy *policy;
	CmasimPolicyEnv env;

	/* regions, placed, and the arrays the policy env points into */
	GArray *regions; /* (element-type CmasimSimRegion) */
	const gchar **region_names;
	CmasimPfn *region_pfn;
	guint64 *region_count;
	guint *region_order_per_bit;
	const gchar ***region_devices;

	/* event kinds */
	guint32 ev_fill, ev_arrival, ev_free, ev_death, ev_pin, ev_unpin, ev_writeback;
	guint32 ev_dev_iteration, ev_dev_next, ev_dev_hold_end, ev_req_release;
	guint32 ev_timed, ev_sample;
	guint16 prefetch_tick; /* cmasim_bg_prefetch_pump() calls, wrapping */
	guint64 prefetch_deaths; /* random deaths of the death processes */
	guint64 prefetch_ready;	 /* of them, with the victim's loads all issued ahead */

	/* generators */
	GArray *bg;  /* (element-type CmasimSimBgTask) */
	GArray *dev; /* (element-type CmasimSimDevTask) */
	CmasimSimHandleInfo *hinfo;
	guint32 hinfo_len;   /* capacity */
	guint32 hinfo_ready; /* entries below are initialised (zero until first used) */
	CmasimTimeNs writeback_ns;
	guint writeback_lane; /* the engine's FIFO lane of writeback completions */
	gint current_task; /* background task allocating now (for trace attribution), -1 none */
	guint64 fill_stop_failures; /* the one failure that ends each fill phase */

	/* replayed events */
	CmasimEventStream *stream;
	CmasimTimedEvent timed_next;
	CmasimIdMap timed_allocs;   /* id -> handle */
	CmasimIdMap timed_requests; /* id -> index in requests */
	guint64 timed_skipped;      /* events naming an unknown or duplicate id */

	/* what the kernel took at boot (cmasim-sim-boot.c) */
	struct {
		guint64 reserved_pages;
		guint64 unmovable_pages;
		guint64 pool_cma_pages;   /* DMA atomic pools from the default CMA area */
		guint64 pool_buddy_pages; /* ... from the buddy allocator */
		guint64 free_pages;       /* free once all of it is taken */
		CmasimContigRequest pools[CMASIM_MAX_COHERENT_POOLS];
	} boot;

	/* contiguous requests */
	GPtrArray *requests;   /* (element-type CmasimSimRequest) all ever made, owned */
	GArray *free_requests; /* (element-type guint32) indices ready for reuse */
	guint64 next_request_id;
	guint request_order;

	/* metrics */
	CmasimSimRequestStats total;
	CmasimSimRequestStats *region_stats; /* n_regions + 1 (the last: no region) */
	CmasimCounters counters;
	guint64 background_events;
	guint64 timed_events;
	guint frag_zone;

	/* memory cost: reserved-idle pages integrated over time */
	CmasimTimeNs idle_last_ns;
	guint64 idle_pages;
	guint64 idle_page_s;       /* whole page-seconds */
	guint64 idle_page_ns_frac; /* page-ns below one page-second, < 1e9 */

	/* outputs */
	GString *requests_tsv;
	CmasimSimSink timeline;
	CmasimSimSink trace;
	CmasimSimSink pfnmap;		 /* used only when pfnmap_bins > 0 */
	guint32 pfnmap_bins;		 /* bins per snapshot */
	guint32 pfnmap_blocks_per_bin;	 /* pageblocks in each bin */
	CmasimTimeNs pfnmap_interval_ns; /* a multiple of the sample interval */
	CmasimTimeNs pfnmap_next_ns;	 /* time of the next snapshot */
	CmasimFtrace *ftrace;
	gboolean trace_enabled;
	gchar *out_dir; /* set by cmasim_sim_set_output_dir() */

	/* run state */
	volatile sig_atomic_t stop_requested;
	gboolean validate;
	gboolean ran;
	GError *run_error;
	gdouble wall_seconds;
	CmasimSimProgressFunc progress_func;
	gpointer progress_ctx;
	CmasimSimSummary summary;
};

/* tasks and timed events (cmasim-sim-tasks.c) */
gboolean _cmasim_sim_tasks_init(CmasimSim *sim, GError **error);
void _cmasim_sim_tasks_clear(CmasimSim *sim);
void _cmasim_sim_register_task_events(CmasimSim *sim);
void _cmasim_sim_schedule_tasks(CmasimSim *sim);
/* the request pool */
CmasimSimRequest *_cmasim_sim_request_new(CmasimSim *sim, guint16 owner);
void _cmasim_sim_request_put(CmasimSim *sim, CmasimSimRequest *request);

/* memory-cost integration (cmasim-sim.c) */
void _cmasim_sim_account_idle(CmasimSim *sim);

/* outputs (cmasim-sim-output.c) */
void _cmasim_sim_sink_init(CmasimSimSink *sink);
gboolean _cmasim_sim_sink_open(CmasimSimSink *sink, const gchar *path, GError **error);
/* after appending to sink->buf: write it out when large */
void _cmasim_sim_sink_flush(CmasimSimSink *sink, gboolean force);
void _cmasim_sim_sink_clear(CmasimSimSink *sink);
void _cmasim_sim_timeline_header(CmasimSim *sim);
void _cmasim_sim_timeline_row(CmasimSim *sim);
void _cmasim_sim_pfnmap_header(CmasimSim *sim);
void _cmasim_sim_pfnmap_row(CmasimSim *sim);
void _cmasim_sim_requests_header(CmasimSim *sim);
void _cmasim_sim_requests_row(CmasimSim *sim, const CmasimContigRequest *req);
void _cmasim_sim_fill_summary(CmasimSim *sim);
/* "%d.%03d" of a x1000 index, as the kernel prints it */
void _cmasim_format_milli(GString *out, gint value);

/* get_order() in pages: ceil(log2(count_pages)), 0 for one page (cmasim-sim-tasks.c) */
guint _cmasim_sim_get_order(guint64 count_pages);

/* ---- boot (cmasim-sim-boot.c) ---- */

/* machine.reserved: memblock reservations, before the policy activates its areas */
gboolean _cmasim_sim_boot_reserve(CmasimSim *sim, GError **error);
/* machine.boot_unmovable and the DMA atomic pools, after the policy's init */
gboolean _cmasim_sim_boot_allocate(CmasimSim *sim, GError **error);

G_END_DECLS
