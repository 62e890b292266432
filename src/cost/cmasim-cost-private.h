/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The resolved cost model, shared by cmasim-cost.c (elementary costs) and
 * cmasim-arm.c (the DMA-mapping model). Per-unit costs are kept as integer
 * picoseconds so that totals are exact integers and independent of the
 * order of summation; one rounding to ns happens per bin per call.
 */
#pragma once

#include "cmasim/cmasim-cost.h"

typedef enum {
	CMASIM_COST_ARCH_ARM32 = 0,
	CMASIM_COST_ARCH_ARM64,
	CMASIM_COST_ARCH_X86_64,
} CmasimCostArch;

struct _CmasimCost {
	gchar *arch_name;
	CmasimCostArch arch;
	guint32 page_size_bytes;
	guint ncpus;
	guint word_bits; /* BITS_PER_LONG: 32 on arm32, 64 elsewhere */

	/* migration, per page unless _ns */
	guint64 migrate_alloc_target_ps;
	guint64 migrate_unmap_ps;
	guint64 migrate_copy_page_ps; /* page_size_bytes / copy_bytes_per_ns */
	guint64 migrate_remap_ps;
	guint64 migrate_tlb_flush_page_ps;
	CmasimTimeNs migrate_tlb_batch_flush_ns;

	guint64 drop_clean_page_ps;
	guint64 writeout_page_ps;
	CmasimTimeNs writeback_wait_ns;

	guint64 search_word_ps;
	guint64 pfn_scan_ps;
	guint64 isolate_pageblock_ps;
	guint64 drain_cpu_ps;
	guint64 buddy_op_ps;

	gdouble zero_bytes_per_ns;

	guint64 l1_line_bytes;
	guint64 l1_line_ps;
	guint64 l1_whole_clean_threshold_bytes; /* 0 = never */
	guint64 l1_whole_flush_threshold_bytes;
	CmasimTimeNs l1_whole_clean_ns;
	CmasimTimeNs l1_whole_flush_ns;
	gboolean outer_cache;
	guint64 l2_line_bytes;
	guint64 l2_line_ps;
	guint64 l2_whole_clean_threshold_bytes;
	guint64 l2_whole_flush_threshold_bytes;
	CmasimTimeNs l2_whole_clean_ns;
	CmasimTimeNs l2_whole_flush_ns;

	guint64 tlb_page_ps;
	CmasimTimeNs tlb_range_base_ns;
	CmasimTimeNs tlb_full_flush_ns;
	guint64 tlb_flush_ceiling_pages; /* resolved; 0 = none */

	guint64 pte_write_ps;
	guint64 vmap_page_ps;
	CmasimTimeNs vmap_area_ns;

	gboolean forbid_mismatched_attrs; /* resolved */

	gdouble linear_map_accesses_per_s;
	gdouble pte_extra_miss_rate;
	gdouble tlb_miss_penalty_ns;
};

/* "arm32" | "arm64" | "x86-64" */
gboolean _cmasim_cost_arch_from_string(const gchar *arch, CmasimCostArch *out, GError **error);
/* @n units of @ps picoseconds, rounded to the nearest ns, saturating */
CmasimTimeNs _cmasim_cost_units_ns(guint64 n, guint64 ps);
/* add @ns to bin @step of @bd (NULL allowed), saturating; returns @ns */
CmasimTimeNs _cmasim_cost_charge(CmasimBreakdown *bd, CmasimStep step, CmasimTimeNs ns);
