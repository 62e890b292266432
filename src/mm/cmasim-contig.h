/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * alloc_contig_range() as resumable steps, so that background events run
 * between two migration batches. Used by the policies; the costs of each
 * step are computed by the caller from the work it reports.
 */
#pragma once

#include "mm/cmasim-mm-private.h"

G_BEGIN_DECLS

typedef struct {
	CmasimPfn start; /* the requested range [start, end) */
	CmasimPfn end;
	CmasimPfn iso_start; /* the isolated pageblocks [iso_start, iso_end) */
	CmasimPfn iso_end;
	CmasimMigratetype mt;	/* CMA or MOVABLE: what the blocks are restored to */
	gboolean old_semantics; /* 2011: MAX_ORDER-aligned isolation, Movable/CMA blocks unchecked */
	guint max_tries;	/* passes without progress before -EBUSY (5) */
	CmasimPfn cursor;
	guint tries;
	gboolean pass_progress;
	gboolean pass_failed;
	gboolean isolated;
} CmasimContigRange;

/* what a step did, for the cost model and the counters */
typedef struct {
	guint64 pageblocks_isolated;
	guint64 pfns_scanned;
	guint64 migrated;	 /* pages moved to a new block */
	guint64 dropped;	 /* clean page cache freed instead */
	guint64 written;	 /* dirty page cache written out first */
	guint64 writeback_waits; /* pages whose writeback had to finish */
	guint64 failed;		 /* pages that could not be migrated this time */
	guint64 buddy_ops;	 /* free blocks taken or given back */
} CmasimContigWork;

typedef enum {
	CMASIM_CONTIG_MORE,	 /* call migrate_step again */
	CMASIM_CONTIG_MIGRATED,	 /* every page of the range handled: go to complete */
	CMASIM_CONTIG_GAVE_UP,	 /* max_tries passes without progress (-EBUSY, ignored) */
	CMASIM_CONTIG_NOMEM,	 /* no migration target: -ENOMEM */
} CmasimContigStep;

void _cmasim_contig_init(CmasimContigRange *cr, const CmasimMm *mm, CmasimPfn start,
			 CmasimPfn end, CmasimMigratetype mt, gboolean old_semantics,
			 guint max_tries);
/* start_isolate_page_range(): OK, or EBUSY (unmovable pages, already isolated,
 * a CMA block isolated for MOVABLE) with everything rolled back */
CmasimAllocStatus _cmasim_contig_isolate(CmasimMm *mm, CmasimContigRange *cr,
					 CmasimContigWork *work);
/* one batch of __alloc_contig_migrate_range(): up to @batch_pages pages */
CmasimContigStep _cmasim_contig_migrate_step(CmasimMm *mm, CmasimContigRange *cr,
					     guint64 batch_pages, CmasimContigWork *work);
/* test_pages_isolated() + isolate_freepages_range() + undo_isolate_page_range():
 * OK with [start, end) taken (CONTIG pages), or EBUSY with nothing taken */
CmasimAllocStatus _cmasim_contig_complete(CmasimMm *mm, CmasimContigRange *cr,
					  CmasimContigWork *work);
/* undo the isolation after a failure */
void _cmasim_contig_abort(CmasimMm *mm, CmasimContigRange *cr, CmasimContigWork *work);
/* free_contig_range(): give [pfn, pfn + count) back to the buddy */
void _cmasim_contig_release(CmasimMm *mm, CmasimPfn pfn, guint64 count, CmasimContigWork *work);
/* take [pfn, end) out of the free lists (all pages must be free) */
void _cmasim_mm_take_free_range(CmasimMm *mm, CmasimPfn pfn, CmasimPfn end);

G_END_DECLS
