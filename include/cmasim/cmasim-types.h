/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Basic types shared by every module: simulated time, page frame numbers,
 * migratetypes (named and ordered as in include/linux/mmzone.h of 6.12) and
 * the kinds of page owner the memory model knows.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* simulated time, integer nanoseconds since the start of the run */
typedef guint64 CmasimTimeNs;
#define CMASIM_TIME_NS_MAX G_MAXUINT64
#define CMASIM_NS_PER_US G_GUINT64_CONSTANT(1000)
#define CMASIM_NS_PER_MS G_GUINT64_CONSTANT(1000000)
#define CMASIM_NS_PER_S	 G_GUINT64_CONSTANT(1000000000)

/* page frame number, relative to the first page of simulated RAM */
typedef guint32 CmasimPfn;
#define CMASIM_PFN_NONE G_MAXUINT32

/* a background allocation's stable identity; 0 is "none" */
typedef guint32 CmasimHandle;
#define CMASIM_HANDLE_NONE 0u

/* pageblock migratetypes, in the 6.12 numbering */
typedef enum {
	CMASIM_MIGRATETYPE_UNMOVABLE = 0,
	CMASIM_MIGRATETYPE_MOVABLE = 1,
	CMASIM_MIGRATETYPE_RECLAIMABLE = 2,
	CMASIM_MIGRATETYPE_HIGHATOMIC = 3,
	CMASIM_MIGRATETYPE_CMA = 4,
	CMASIM_MIGRATETYPE_ISOLATE = 5,
	CMASIM_MIGRATETYPES = 6,
} CmasimMigratetype;

/* what owns an allocated block of pages */
typedef enum {
	CMASIM_OWNER_ANON = 0,	      /* movable anonymous memory, on the anon LRU */
	CMASIM_OWNER_FILE = 1,	      /* movable page cache, on the file LRU */
	CMASIM_OWNER_RECLAIMABLE = 2, /* e.g. slab caches with shrinkers (not migratable) */
	CMASIM_OWNER_UNMOVABLE = 3,   /* kernel allocations, page tables, driver pages */
	CMASIM_OWNER_KINDS = 4,
} CmasimOwnerKind;

const gchar *cmasim_migratetype_to_string(CmasimMigratetype mt);
const gchar *cmasim_owner_kind_to_string(CmasimOwnerKind kind);
gboolean cmasim_owner_kind_from_string(const gchar *str, CmasimOwnerKind *kind);
CmasimMigratetype cmasim_owner_kind_to_migratetype(CmasimOwnerKind kind);

/* simulated outcome of a contiguous request; mirrors kernel return codes */
typedef enum {
	CMASIM_ALLOC_OK = 0,
	CMASIM_ALLOC_ENOMEM, /* no suitable range, or no migration target */
	CMASIM_ALLOC_EBUSY,  /* range found but could not be isolated or emptied */
	CMASIM_ALLOC_EINTR,  /* interrupted (fatal signal in the kernel) */
	CMASIM_ALLOC_EINVAL, /* request the policy cannot express */
	CMASIM_ALLOC_STATUSES,
} CmasimAllocStatus;

const gchar *cmasim_alloc_status_to_string(CmasimAllocStatus status);
/* the kernel errno value, 0 for success (e.g. -16 for EBUSY) */
gint cmasim_alloc_status_to_errno(CmasimAllocStatus status);

/* where a contiguous request's latency goes */
typedef enum {
	CMASIM_STEP_MUTEX_WAIT = 0, /* waiting for cma_mutex / alloc_mutex */
	CMASIM_STEP_SEARCH,	    /* bitmap or pfn-range search */
	CMASIM_STEP_ISOLATION,	    /* pageblock isolation, drains, test_pages_isolated */
	CMASIM_STEP_MIGRATION,	    /* unmap, copy, remap of movable pages, dropping page cache */
	CMASIM_STEP_RECLAIM,	    /* writeback waits and writeout of dirty pages */
	CMASIM_STEP_CACHE,	    /* cache clean/invalidate, zeroing */
	CMASIM_STEP_TLB,	    /* TLB invalidation */
	CMASIM_STEP_MAPPING,	    /* PTE writes, vmap, bookkeeping */
	CMASIM_STEPS,
} CmasimStep;
typedef struct {
	CmasimTimeNs step_ns[CMASIM_STEPS];
} CmasimBreakdown;
const gchar *cmasim_step_to_string(CmasimStep step); /* implemented in src/cost/ */

G_END_DECLS
