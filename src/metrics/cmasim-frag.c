/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Fragmentation indices of a set of buddy free lists. Mirrors mm/vmstat.c:
 * fill_contig_page_info(), unusable_free_index(), __fragmentation_index()
 * and extfrag_for_order() (Mel Gorman's metrics behind debugfs
 * extfrag/unusable_index and extfrag/extfrag_index), reimplemented from the
 * formulas with the same integer arithmetic so that the printed values are
 * identical to the kernel's for the same free-list counts.
 */
#define G_LOG_DOMAIN "CmasimMetrics"

#include "cmasim/cmasim-metrics.h"

void
cmasim_frag_contig_info(const guint64 *nr_free, guint n_orders, guint order, guint64 *free_pages,
			guint64 *free_blocks_total, guint64 *free_blocks_suitable)
{
	guint64 pages = 0;
	guint64 blocks_total = 0;
	guint64 blocks_suitable = 0;

	g_return_if_fail(nr_free != NULL || n_orders == 0);
	g_return_if_fail(n_orders <= CMASIM_FRAG_MAX_ORDERS);

	for (guint i = 0; i < n_orders; i++) {
		guint64 blocks = nr_free[i];

		blocks_total += blocks;
		pages += blocks << i;
		/* how many order-@order blocks the larger free blocks would give */
		if (i >= order)
			blocks_suitable += blocks << (i - order);
	}
	if (free_pages != NULL)
		*free_pages = pages;
	if (free_blocks_total != NULL)
		*free_blocks_total = blocks_total;
	if (free_blocks_suitable != NULL)
		*free_blocks_suitable = blocks_suitable;
}

/**
 * cmasim_frag_unusable_index:
 *
 * U(order) = (free_pages - suitable * 2^order) / free_pages, x1000, rounded
 * down: the share of free memory that cannot serve an order-@order request.
 *
 * Returns: 0..1000; 1000 when there are no free pages at all
 */
gint
cmasim_frag_unusable_index(const guint64 *nr_free, guint n_orders, guint order)
{
	guint64 free_pages = 0;
	guint64 suitable = 0;

	g_return_val_if_fail(order < 64, 1000);

	cmasim_frag_contig_info(nr_free, n_orders, order, &free_pages, NULL, &suitable);
	if (free_pages == 0)
		return 1000;
	return (gint)(((free_pages - (suitable << order)) * 1000u) / free_pages);
}

/**
 * cmasim_frag_extfrag_index:
 *
 * The fragmentation index of an order-@order request that cannot be met:
 * towards 0 it would fail for lack of memory, towards 1000 because the free
 * memory is in blocks that are too small.
 *
 * Returns: 0 when there is no free block (or @order is beyond the free lists,
 *   where the kernel warns and returns 0), -1000 when a suitable block
 *   exists (the request would succeed), else
 *   1000 - (1000 + free_pages * 1000 / 2^order) / free_blocks_total
 */
gint
cmasim_frag_extfrag_index(const guint64 *nr_free, guint n_orders, guint order)
{
	guint64 free_pages = 0;
	guint64 blocks_total = 0;
	guint64 suitable = 0;
	guint64 scaled;

	if (order >= n_orders)
		return 0;
	cmasim_frag_contig_info(nr_free, n_orders, order, &free_pages, &blocks_total, &suitable);
	if (blocks_total == 0)
		return 0;
	if (suitable > 0)
		return -1000;
	scaled = (1000u + (free_pages * 1000u) / (G_GUINT64_CONSTANT(1) << order)) / blocks_total;
	return 1000 - (gint)scaled;
}

/**
 * cmasim_frag_extfrag_for_order:
 *
 * The per-order term of the proactive compaction score: the unusable free
 * space index as a percentage.
 *
 * Returns: 0..100; 0 when there are no free pages
 */
guint
cmasim_frag_extfrag_for_order(const guint64 *nr_free, guint n_orders, guint order)
{
	guint64 free_pages = 0;
	guint64 suitable = 0;

	g_return_val_if_fail(order < 64, 0);

	cmasim_frag_contig_info(nr_free, n_orders, order, &free_pages, NULL, &suitable);
	if (free_pages == 0)
		return 0;
	return (guint)(((free_pages - (suitable << order)) * 100u) / free_pages);
}
