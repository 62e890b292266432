/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The contiguous-allocation policy plug-in interface.
 *
 * A policy is a versioned table of operations (CmasimPolicyOps) in the
 * registry of src/policy/cmasim-policy.c. Callers never call the table: they
 * go through the wrappers below, which run every request as a process in
 * simulated time (mutex wait -> search -> isolation -> migration batches ->
 * final check -> take -> remap) and report start, busy retry, finish and
 * release to one observer, so every policy is measured the same way (as
 * mm/cma.c puts its tracepoints around the per-range loop).
 *
 * A simulated failure (ENOMEM, EBUSY...) is data in the request's status,
 * never a GError.
 */
#pragma once

#include <glib.h>

#include "cmasim/cmasim-engine.h"
#include "cmasim/cmasim-mm.h"
#include "cmasim/cmasim-params.h"
#include "cmasim/cmasim-types.h"

G_BEGIN_DECLS

#define CMASIM_POLICY_OPS_VERSION 1

typedef struct _CmasimContigRequest CmasimContigRequest;
/* called when a request has finished, successfully or not */
typedef void (*CmasimContigDoneFunc)(gpointer ctx, CmasimContigRequest *req);

/* one contiguous request and, once finished, its result */
struct _CmasimContigRequest {
	/* input */
	guint64 id;		 /* unique within the run */
	CmasimTimeNs arrival_ns; /* when the request was made */
	guint64 count;		 /* pages */
	guint align;		 /* order, as cma_alloc(..., align) */
	gchar device[64];	 /* selects the region; "" = the default one */
	gchar task[64];		 /* the workload task, for attribution */
	gboolean atomic;	 /* GFP_ATOMIC: the atomic pool, never sleeps */

	/* result, valid when finished */
	CmasimAllocStatus status;
	CmasimPfn pfn;		/* first pfn on success */
	CmasimTimeNs finish_ns; /* latency = finish_ns - arrival_ns */
	CmasimBreakdown breakdown;
	guint64 pages_migrated;
	guint64 pages_dropped; /* clean page cache dropped instead of migrated */
	guint64 pages_written; /* dirty page cache written out first */
	guint64 migrate_failed; /* page migration failures (pins, ...) */
	guint64 retries;	/* -EBUSY retries at another window */
	guint64 attempts;	/* alloc_contig_range calls */
	gint region;		/* index of the region/area used, -1 = none */
	gboolean finished;
	gboolean released; /* nothing of it is held any more */
	/* pages still held, after partial releases: [pfn + held_offset, + held_count) */
	guint64 held_offset;
	guint64 held_count;

	/* process state, owned by the wrappers */
	guint32 state;
	guint32 mutex;
	CmasimTimeNs wait_start_ns;
	guint64 cursor; /* policy-defined search position */
	guint64 window_count;
	gpointer window; /* alloc_contig_range state */
	guint64 bit;	 /* policy-defined (bitmap position of the window) */
	guint64 atomic_offset;
	guint64 walks;		/* vendor sleep-and-retry: walks over the area so far */
	CmasimTimeNs slept_ns;	/* ... and the time slept between them */
	CmasimContigDoneFunc done;
	gpointer done_ctx;
	CmasimTimeNs step_cost_ns;
};

typedef struct _CmasimPolicy CmasimPolicy;

/* what a policy needs from the simulation; owned by the caller */
typedef struct {
	CmasimEngine *engine;
	CmasimMm *mm;
	const CmasimParams *params;
	gpointer cost;	   /* CmasimCost * */
	gpointer dma_map;  /* CmasimDmaMap * */
	/* the regions, placed: pfn ranges */
	guint n_regions;
	const gchar *const *region_names;
	const CmasimPfn *region_pfn;
	const guint64 *region_count;
	const guint *region_order_per_bit;
	const gchar *const *const *region_devices; /* NULL-terminated per region */
	gint default_region;			   /* -1 = none */
	/* boot-time placement of each region already happened in the caller */
} CmasimPolicyEnv;

/* the observer: called by the wrappers (and only them) */
typedef struct {
	void (*start)(gpointer ctx, const CmasimContigRequest *req);
	void (*busy_retry)(gpointer ctx, const CmasimContigRequest *req, CmasimPfn pfn);
	void (*migrate)(gpointer ctx, const CmasimContigRequest *req, guint64 nr_succeeded,
			guint64 nr_failed);
	void (*finish)(gpointer ctx, const CmasimContigRequest *req);
	/* [pfn, pfn + count) of @req was given back */
	void (*release)(gpointer ctx, const CmasimContigRequest *req, CmasimPfn pfn,
			guint64 count, CmasimTimeNs now_ns);
} CmasimPolicyObserver;

typedef struct {
	guint version;		   /* CMASIM_POLICY_OPS_VERSION */
	const gchar *name;	   /* "cma", "alloc_contig_pages", "carveout" */
	const gchar *description;  /* one line for `cmasim list policies` */
	gboolean needs_migration;  /* windows must be emptied by alloc_contig_range */
	guint dma_region_kind;	   /* CmasimDmaRegionKind of the pages it hands out */

	/* boot: reserve areas, build bitmaps; read policy.* params */
	gboolean (*init)(CmasimPolicy *policy, GError **error);
	/* free what init() made; may be NULL */
	void (*finalize)(CmasimPolicy *policy);
	/* hold a mutex around alloc_contig_range? return its index, or -1 for none */
	gint (*mutex_for)(CmasimPolicy *policy, CmasimContigRequest *req);
	/* TRUE if the mutex is also held across the search (the 2011 design) */
	gboolean (*lock_covers_search)(CmasimPolicy *policy);
	/*
	 * Pick and reserve the next window for @req, starting from req->cursor;
	 * add the search cost to req->breakdown. Returns CMASIM_ALLOC_OK and the
	 * window, or the status to finish with when no window is left.
	 */
	CmasimAllocStatus (*find)(CmasimPolicy *policy, CmasimContigRequest *req, CmasimPfn *pfn,
				  guint64 *count);
	/* the window failed with @status: undo its reservation; TRUE = try the next one */
	gboolean (*window_failed)(CmasimPolicy *policy, CmasimContigRequest *req,
				  CmasimAllocStatus status);
	/*
	 * needs_migration only: what alloc_contig_range() isolates the windows
	 * for (MIGRATE_CMA or MIGRATE_MOVABLE) and whether the old rules apply
	 * (MAX_ORDER-aligned isolation, per-page TLB flush, 256-page batches, as
	 * in 2010/2011) rather than mainline's
	 */
	void (*isolation)(CmasimPolicy *policy, CmasimMigratetype *mt, gboolean *old_rules);
	/* the window [pfn, pfn+count) is ours; trim it to req->count if needed; may be NULL */
	void (*window_done)(CmasimPolicy *policy, CmasimContigRequest *req);
	/*
	 * give back [pfn, pfn + count) of a successful request's pages, as
	 * cma_release(cma, pfn_to_page(pfn), count); @last: nothing of it stays held
	 */
	void (*release)(CmasimPolicy *policy, CmasimContigRequest *req, CmasimPfn pfn,
			guint64 count, gboolean last);
	/* pages set aside at boot that the system cannot use, and of them, in use now */
	void (*reserved_pages)(CmasimPolicy *policy, guint64 *reserved, guint64 *in_use);
	/* optional: find() ended with @status; return a sleep after which the search
	 * starts over (resetting req->cursor), or 0 to finish with @status */
	CmasimTimeNs (*retry_sleep)(CmasimPolicy *policy, CmasimContigRequest *req,
				    CmasimAllocStatus status);
	/*
	 * the kernel's boot-time users of the default CMA area (the DMA atomic
	 * pools) allocate from this policy's default region: TRUE for cma, where
	 * the region is the kernel's default CMA area
	 */
	gboolean serves_boot_pools;
} CmasimPolicyOps;

/* registry */
const CmasimPolicyOps *cmasim_policy_ops_lookup(const gchar *name, GError **error);
const CmasimPolicyOps *const *cmasim_policy_ops_list(guint *n_ops);

CmasimPolicy *cmasim_policy_new(const CmasimPolicyOps *ops, const CmasimPolicyEnv *env,
				const CmasimPolicyObserver *observer, gpointer observer_ctx,
				GError **error);
void cmasim_policy_free(CmasimPolicy *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimPolicy, cmasim_policy_free)
const CmasimPolicyOps *cmasim_policy_get_ops(const CmasimPolicy *self);

/*
 * Start @req as a process at the engine's current time. The request must
 * stay valid until it has finished (and, if it succeeded, until released).
 * @done is called when it finishes.
 */
void cmasim_policy_alloc(CmasimPolicy *self, CmasimContigRequest *req, CmasimContigDoneFunc done,
			 gpointer done_ctx);
/* release what is still held of a finished, successful request now */
void cmasim_policy_release(CmasimPolicy *self, CmasimContigRequest *req);
/*
 * Release @count pages at @offset pages from the request's first pfn now, as
 * the kernel's cma_release(cma, page, count) on part of an allocation: the
 * range must be held and be its head or its tail (or all of it), so that
 * what stays held is one range. FALSE, and nothing changes, otherwise.
 * Atomic-pool requests are released whole only.
 */
gboolean cmasim_policy_release_range(CmasimPolicy *self, CmasimContigRequest *req,
				     guint64 offset, guint64 count);
/*
 * A boot-time cma_alloc(default area, req->count, req->align) before any
 * task has run, as the DMA atomic pools make one (the area is all free, so
 * nothing migrates and no time passes): the request is finished and held
 * on TRUE. FALSE when the policy does not serve boot pools, has no default
 * region or no window fits; the caller then allocates from the buddy.
 */
gboolean cmasim_policy_boot_alloc(CmasimPolicy *self, CmasimContigRequest *req);
/* pages reserved at boot and unusable by the system / of those in use */
void cmasim_policy_reserved_pages(CmasimPolicy *self, guint64 *reserved, guint64 *in_use);
/* requests not yet finished */
guint cmasim_policy_get_in_flight(const CmasimPolicy *self);
/* windows between isolation and completion (their state is the policy's) */
guint cmasim_policy_get_windows_in_use(const CmasimPolicy *self);

/* ---- for policy implementations ---- */
const CmasimPolicyEnv *cmasim_policy_get_env(const CmasimPolicy *self);
gpointer cmasim_policy_get_data(const CmasimPolicy *self);
void cmasim_policy_set_data(CmasimPolicy *self, gpointer data);
/* the region a device uses (its own, else the default), -1 if none */
gint cmasim_policy_region_for_device(const CmasimPolicy *self, const gchar *device);

G_END_DECLS
