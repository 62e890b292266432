/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The parsed workload: machine, contiguous regions (device-tree
 * reserved-memory vocabulary), tasks and parameters. Produced by the YAML
 * reader in src/workload/, consumed by src/sim/. Timed events (`events:`)
 * are not held here: they are streamed from their file with
 * CmasimEventStream so a multi-million-event trace never sits in memory.
 *
 * Everything is resolved: presets applied, defaults filled in, sizes in
 * bytes, times in ns. All structs are plain data owned by the scenario.
 */
#pragma once

#include <glib.h>

#include "cmasim/cmasim-params.h"
#include "cmasim/cmasim-types.h"

G_BEGIN_DECLS

#define CMASIM_WORKLOAD_VERSION 1

typedef struct {
	guint64 base_bytes; /* physical address */
	guint64 size_bytes;
} CmasimRange;

typedef struct {
	gchar *name;	    /* "DMA", "DMA32", "Normal", "HighMem" (a HighMem zone is "highmem") */
	guint64 size_bytes; /* zones tile [first bank base, last bank end) in address order */
} CmasimZoneSpec;

typedef struct {
	gchar *preset;		 /* configs/machines/<preset>.yaml it came from, or NULL */
	gchar *arch;		 /* "arm32", "arm64", "x86-64" */
	gchar *cpu;		 /* configs/cpus/<cpu>.yaml, the cost profile */
	guint ncpus;		 /* CPUs (drains, per-CPU costs) */
	guint64 ram_bytes;	 /* sum of the banks */
	guint32 page_size_bytes; /* power of two, 4 KiB to 64 KiB */
	guint max_order;	 /* MAX_PAGE_ORDER, inclusive (2011's MAX_ORDER - 1) */
	guint pageblock_order;	 /* <= max_order */
	GArray *banks;		 /* (element-type CmasimRange) sorted, disjoint, >= 1 */
	GArray *zones;		 /* (element-type CmasimZoneSpec) address order, >= 1 */
	guint64 min_free_kbytes; /* 0 = the kernel's formula */
	guint watermark_scale_factor; /* 1/10000 of the zone; kernel default 10 */
	/* kernel memory at boot: memblock-reserved (present - managed), in pages */
	guint64 reserved_pages;
	/* the kernel's own unmovable allocations made before any task, in pages */
	guint64 boot_unmovable_pages;
	/*
	 * the DMA atomic pools allocated at boot (arch/arm/mm/dma-mapping.c
	 * atomic_pool_init(), kernel/dma/pool.c dma_atomic_pool_init()): this
	 * many pools of coherent_pool_bytes each, from the default CMA area
	 */
	guint64 coherent_pool_bytes;
	guint coherent_pools;
} CmasimMachineSpec;

/* kernel/dma/pool.c: the kernel, DMA and DMA32 pools */
#define CMASIM_MAX_COHERENT_POOLS 3
/* CONFIG_CMA_ALIGNMENT default: the largest align order of dma_alloc_contiguous() */
#define CMASIM_CMA_ALIGNMENT 8

typedef struct {
	gchar *name;		 /* unique */
	guint64 size_bytes;	 /* > 0 */
	guint64 alignment_bytes; /* 0 = the policy's minimum (a pageblock for CMA) */
	gboolean has_base;	 /* `reg`: fixed placement */
	guint64 base_bytes;
	GArray *alloc_ranges;	 /* (element-type CmasimRange) where a dynamic placement may go */
	gchar *zone;		 /* place inside this zone (e.g. "HighMem"), or NULL */
	gboolean reusable;	 /* DT `reusable`: CMA-capable */
	gboolean no_map;	 /* DT `no-map`: carve-out */
	gboolean is_default;	 /* `linux,cma-default`: devices without a region use it */
	guint order_per_bit;	 /* CMA bitmap granularity */
	GPtrArray *devices;	 /* (element-type utf8) devices using this region */
} CmasimRegionSpec;

typedef enum {
	CMASIM_DIST_FIXED,	 /* a */
	CMASIM_DIST_UNIFORM,	 /* [a, b] */
	CMASIM_DIST_EXPONENTIAL, /* mean a */
	CMASIM_DIST_LOGNORMAL,	 /* median a, sigma b */
} CmasimDistKind;

/* a distribution of a time (ns) */
typedef struct {
	CmasimDistKind kind;
	gdouble a;
	gdouble b;
} CmasimDist;

typedef struct {
	guint order;
	gdouble weight; /* > 0; normalised by the generator */
} CmasimOrderWeight;

typedef struct {
	gchar *name;
	CmasimOwnerKind kind;	       /* to the memory model (shmem: CMASIM_OWNER_ANON) */
	gboolean shmem;		       /* kind: shmem (tmpfs/shmem: swap-backed, not reclaimed) */
	gdouble rate_per_s;	       /* Poisson allocation arrivals; 0 = only the fill */
	guint64 stream_bytes;	       /* > 0: arrivals stop once this much was allocated */
	GArray *orders;		       /* (element-type CmasimOrderWeight) default {0: 1} */
	CmasimDist lifetime_ns;	       /* how long each allocation lives */
	gdouble fill_percent;	       /* 0..100: allocate at start until this task owns this % of RAM */
	gdouble dirty_fraction;	       /* file: fraction of allocations dirty */
	gdouble writeback_fraction;    /* file: fraction under writeback */
	gdouble pin_rate_per_s;	       /* short-term pins (GUP, direct I/O) on live allocations */
	CmasimDist pin_duration_ns;    /* how long a short-term pin is held */
	gdouble longterm_pin_fraction; /* fraction of allocations pinned FOLL_LONGTERM */
	CmasimTimeNs start_ns;	       /* first arrival not before */
	CmasimTimeNs stop_ns;	       /* no arrivals after; 0 = the run's duration */
} CmasimBackgroundTask;

typedef struct {
	gchar *name;
	gchar *device;		   /* device name: selects the region */
	guint64 size_bytes;	   /* one buffer */
	guint buffers;		   /* buffers allocated back to back per iteration (>= 1) */
	guint align_order;	   /* alignment as an order, as cma_alloc(..., align) */
	CmasimDist hold_ns;	   /* how long each iteration holds its buffers */
	CmasimTimeNs period_ns;	   /* start-to-start time of iterations */
	guint64 loops;		   /* iterations; 0 = until the run's end */
	CmasimDist start_delay_ns; /* first iteration starts after this */
	gboolean gfp_atomic;	   /* GFP_ATOMIC: served from the atomic pool, never sleeps */
} CmasimDeviceTask;

typedef struct {
	gchar *path;	       /* the workload file (NULL for embedded data) */
	gchar *name;	       /* `name:` or the file's basename without .yaml */
	guint version;	       /* CMASIM_WORKLOAD_VERSION */
	guint64 seed;	       /* RNG seed */
	CmasimTimeNs duration_ns; /* simulated time to run */
	CmasimMachineSpec machine;
	GPtrArray *regions;    /* (element-type CmasimRegionSpec) */
	GPtrArray *background; /* (element-type CmasimBackgroundTask) */
	GPtrArray *devices;    /* (element-type CmasimDeviceTask) */
	CmasimParams *params;  /* policy.*, cost.*, sim.* */
	gchar *events_path;    /* file holding the `events:` sequence, or NULL */
	guint64 n_events;      /* counted by the streaming validation pass */
	struct _CmasimScenarioPrivate *priv; /* the reader's state (for --set and to_yaml); opaque */
} CmasimScenario;

void cmasim_scenario_free(CmasimScenario *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimScenario, cmasim_scenario_free)

/*
 * Load and validate a workload file (includes resolved relative to the
 * including file, presets from the data search path). Any problem is one
 * GError "file:line:column: what is wrong (what was expected)".
 */
CmasimScenario *cmasim_scenario_load(const gchar *path, GError **error);
/* the same from memory; @name is used in messages and as the default name */
CmasimScenario *cmasim_scenario_load_from_data(const gchar *name, const gchar *data, gsize len,
					       GError **error);
/* apply one `--set key.path=value` and re-validate */
gboolean cmasim_scenario_apply_set(CmasimScenario *self, const gchar *assignment, GError **error);
/* config.effective.yaml: every resolved value; loading it reproduces the run */
gchar *cmasim_scenario_to_yaml(const CmasimScenario *self);

/* ---- timed events, streamed ---- */

typedef enum {
	CMASIM_TIMED_ALLOC,	  /* background allocation: id, kind, order */
	CMASIM_TIMED_FREE,	  /* free allocation id */
	CMASIM_TIMED_CMA_ALLOC,	  /* contiguous request: id, device, count_pages, align */
	CMASIM_TIMED_CMA_RELEASE, /* release contiguous request id: count_pages, offset_pages */
	CMASIM_TIMED_PIN,	  /* short-term pin of allocation id */
	CMASIM_TIMED_UNPIN,	  /* drop that pin */
} CmasimTimedOp;

typedef struct {
	CmasimTimeNs at_ns; /* non-decreasing through the stream */
	CmasimTimedOp op;
	guint64 id;	     /* ties alloc/free, pin/unpin, cma_alloc/cma_release */
	CmasimOwnerKind kind; /* alloc */
	guint order;	     /* alloc */
	guint64 count_pages; /* cma_alloc; cma_release: pages to release, 0 = all still held */
	guint64 offset_pages; /* cma_release: from the head of what the id still holds */
	guint align_order;   /* cma_alloc */
	gchar device[64];    /* cma_alloc: device name ("" = default area) */
	guint line;	     /* 1-based source position, for runtime messages */
	guint column;
} CmasimTimedEvent;

typedef struct _CmasimEventStream CmasimEventStream;

/* NULL with no error when the scenario has no timed events */
CmasimEventStream *cmasim_event_stream_open(const CmasimScenario *scenario, GError **error);
/* TRUE and fills @event; FALSE at the end (error unset) or on error (error set) */
gboolean cmasim_event_stream_next(CmasimEventStream *self, CmasimTimedEvent *event,
				  GError **error);
void cmasim_event_stream_free(CmasimEventStream *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimEventStream, cmasim_event_stream_free)

G_END_DECLS
