/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Parameters of the cost model (cost.*): what each elementary kernel action
 * costs in simulated time, and the switches of the ARM DMA-mapping model.
 *
 * The defaults are the "generic" profile: the measured x86-64 KVM guest of
 * reference/kernel-facts.md §5.2 wherever a measurement exists, 64-byte
 * lines and no outer cache otherwise. The rules that belong to an
 * architecture rather than to a CPU (TLB flush ceiling, whether mismatched
 * cache attributes are forbidden, the DMA mapping mode) default to "by
 * architecture", so a run without a CPU profile still follows its arch.
 * configs/cpus/<cpu>.yaml override these values; docs/cost-model.md lists
 * every parameter with its formula.
 *
 * Conventions: a cost charged once per unit (page, line, word, pfn, entry)
 * is a DOUBLE in ns so that sub-nanosecond parts survive; a cost charged
 * once per operation is a TIME; throughputs are DOUBLE bytes/ns (= GB/s).
 */
#define G_LOG_DOMAIN "CmasimCost"

#include "core/cmasim-params-private.h"

#define CMASIM_COST_MAX_LINE_BYTES G_GUINT64_CONSTANT(4096)
#define CMASIM_COST_MAX_THRESHOLD  (G_GUINT64_CONSTANT(1) << 40)
#define CMASIM_COST_MAX_POOL_BYTES (G_GUINT64_CONSTANT(1) << 30)
#define CMASIM_COST_MAX_TIME_NS	   (G_GUINT64_CONSTANT(3600) * G_GUINT64_CONSTANT(1000000000))

static const CmasimParamDef cmasim_cost_param_defs[] = {
    /* migration of one movable page (mm/migrate.c migrate_pages) */
    {"cost.migrate_alloc_target_ns", CMASIM_PARAM_DOUBLE, "250", "ns", NULL,
     "allocating the destination page of one migrated page (alloc_migration_target)",
     "kernel-facts 5.2 (0.1-0.3 us)", 0},
    {"cost.migrate_unmap_ns", CMASIM_PARAM_DOUBLE, "400", "ns", NULL,
     "replacing the PTEs of one page by migration entries (try_to_migrate), without the TLB "
     "flush",
     "kernel-facts 5.2 (0.1-0.5 us)", 0},
    {"cost.copy_bytes_per_ns", CMASIM_PARAM_DOUBLE, "13", "bytes/ns", NULL,
     "memcpy throughput of a page copy during migration (folio_mc_copy)",
     "kernel-facts 5.2 [bench] (4 KiB in 0.30-0.33 us)", 0},
    {"cost.migrate_remap_ns", CMASIM_PARAM_DOUBLE, "800", "ns", NULL,
     "locks, refcount freeze, mapping replacement and remove_migration_ptes of one page",
     "estimate (fits the 1.8-2.6 us/page of kernel-facts 5.2 [bench])", 0},
    {"cost.migrate_tlb_flush_page_ns", CMASIM_PARAM_DOUBLE, "500", "ns", NULL,
     "TLB flush of one unmapped page when flushes are not batched (2011 and pre-6.3 sync "
     "migration)",
     "kernel-facts 5.2 (local flush 0.1-0.5 us)", 0},
    {"cost.migrate_tlb_batch_flush_ns", CMASIM_PARAM_TIME, "6us", "ns", NULL,
     "the one deferred TLB flush per migrate_pages batch (6.3+, try_to_unmap_flush)",
     "kernel-facts 5.2 [bench] (remote shootdown 5.9-11 us)", CMASIM_COST_MAX_TIME_NS},

    /* page cache and writeback */
    {"cost.drop_clean_page_ns", CMASIM_PARAM_DOUBLE, "300", "ns", NULL,
     "dropping one clean page-cache page instead of migrating it "
     "(reclaim_clean_pages_from_list)",
     "estimate (field-survey 2.6: discard ~20x cheaper than migration)", 0},
    {"cost.writeout_page_ns", CMASIM_PARAM_DOUBLE, "100000", "ns", NULL,
     "writing out one dirty file page before it can be migrated (pageout and I/O)",
     "estimate", 0},
    {"cost.writeback_wait_ns", CMASIM_PARAM_TIME, "100us", "ns", NULL,
     "waiting for the in-flight writeback of one page (folio_wait_writeback)", "estimate",
     CMASIM_COST_MAX_TIME_NS},

    /* search, isolation, buddy */
    {"cost.search_word_ns", CMASIM_PARAM_DOUBLE, "1", "ns", NULL,
     "scanning one bitmap word (32 bits on arm32, 64 elsewhere) in "
     "bitmap_find_next_zero_area_off",
     "estimate", 0},
    {"cost.pfn_scan_ns", CMASIM_PARAM_DOUBLE, "3.4", "ns", NULL,
     "checking the state of one pfn (isolation, test_pages_isolated, range scans)",
     "kernel-facts 5.2 [bench] (1.43 M pfn in 4.9 ms)", 0},
    {"cost.isolate_pageblock_ns", CMASIM_PARAM_DOUBLE, "1000", "ns", NULL,
     "set_migratetype_isolate of one pageblock without its per-pfn checks (zone lock, flags, "
     "move_freepages_block)",
     "estimate", 0},
    {"cost.drain_cpu_ns", CMASIM_PARAM_DOUBLE, "5000", "ns", NULL,
     "draining the per-CPU page and LRU lists of one CPU (drain_all_pages, lru_add_drain_all)",
     "estimate (cf. kernel-facts 5.2 [bench] remote IPI 5.9-11 us)", 0},
    {"cost.buddy_op_ns", CMASIM_PARAM_DOUBLE, "100", "ns", NULL,
     "one buddy allocator operation (take or free one block under the zone lock)", "estimate",
     0},

    /* zeroing and cache maintenance */
    {"cost.zero_bytes_per_ns", CMASIM_PARAM_DOUBLE, "20", "bytes/ns", NULL,
     "memset throughput when a coherent buffer is cleared", "estimate (cf. kernel-facts 5.2)",
     0},
    {"cost.l1_line_bytes", CMASIM_PARAM_SIZE, "64", "bytes", NULL,
     "line size of the by-VA (inner) D-cache maintenance (CTR / CTR_EL0)", "kernel-facts 5.4",
     CMASIM_COST_MAX_LINE_BYTES},
    {"cost.l1_line_ns", CMASIM_PARAM_DOUBLE, "5", "ns", NULL,
     "clean or clean+invalidate of one line by VA to the point of coherency (DCCIMVAC, DC "
     "CIVAC, clflushopt); on CPUs with an integrated L2 this reaches it too",
     "kernel-facts 5.4 [bench] (1 MiB of dirty lines in 76-84 us)", 0},
    {"cost.l1_whole_clean_threshold_bytes", CMASIM_PARAM_SIZE, "0", "bytes", NULL,
     "range size at or above which a clean uses one whole-cache operation instead of lines; "
     "0 = never (mainline always works by line)",
     "kernel-facts 5.4", CMASIM_COST_MAX_THRESHOLD},
    {"cost.l1_whole_flush_threshold_bytes", CMASIM_PARAM_SIZE, "0", "bytes", NULL,
     "range size at or above which a clean+invalidate uses one whole-cache operation; 0 = "
     "never",
     "kernel-facts 5.4", CMASIM_COST_MAX_THRESHOLD},
    {"cost.l1_whole_clean_ns", CMASIM_PARAM_TIME, "100us", "ns", NULL,
     "cleaning the whole inner D-cache by set/way", "estimate", CMASIM_COST_MAX_TIME_NS},
    {"cost.l1_whole_flush_ns", CMASIM_PARAM_TIME, "100us", "ns", NULL,
     "cleaning and invalidating the whole inner D-cache by set/way", "estimate",
     CMASIM_COST_MAX_TIME_NS},
    {"cost.outer_cache", CMASIM_PARAM_BOOL, "false", "", NULL,
     "an outer L2 cache controller (L2C-310/PL310) that needs by-PA maintenance after the "
     "inner cache",
     "kernel-facts 5.4", 0},
    {"cost.l2_line_bytes", CMASIM_PARAM_SIZE, "32", "bytes", NULL,
     "line size of the outer cache (PL310: 32 bytes)", "kernel-facts 5.4",
     CMASIM_COST_MAX_LINE_BYTES},
    {"cost.l2_line_ns", CMASIM_PARAM_DOUBLE, "15", "ns", NULL,
     "one by-PA line operation of the outer cache (an MMIO register write)", "estimate", 0},
    {"cost.l2_whole_clean_threshold_bytes", CMASIM_PARAM_SIZE, "0", "bytes", NULL,
     "range size at or above which an outer clean becomes a whole-cache by-way operation; 0 "
     "= never",
     "kernel-facts 5.4", CMASIM_COST_MAX_THRESHOLD},
    {"cost.l2_whole_flush_threshold_bytes", CMASIM_PARAM_SIZE, "0", "bytes", NULL,
     "range size at or above which an outer clean+invalidate becomes a whole-cache by-way "
     "operation; 0 = never",
     "kernel-facts 5.4", CMASIM_COST_MAX_THRESHOLD},
    {"cost.l2_whole_clean_ns", CMASIM_PARAM_TIME, "120us", "ns", NULL,
     "cleaning the whole outer cache by way", "estimate", CMASIM_COST_MAX_TIME_NS},
    {"cost.l2_whole_flush_ns", CMASIM_PARAM_TIME, "230us", "ns", NULL,
     "cleaning and invalidating the whole outer cache by way", "estimate",
     CMASIM_COST_MAX_TIME_NS},

    /* TLB and page tables */
    {"cost.tlb_page_ns", CMASIM_PARAM_DOUBLE, "100", "ns", NULL,
     "invalidating one page of a kernel range (TLBIMVAIS, TLBI VAALE1IS, INVLPG)",
     "estimate (kernel-facts 5.3)", 0},
    {"cost.tlb_range_base_ns", CMASIM_PARAM_TIME, "2us", "ns", NULL,
     "fixed part of one kernel-range TLB invalidation (barriers; the IPI on x86)",
     "kernel-facts 5.2 [bench] (2.0 us local mprotect)", CMASIM_COST_MAX_TIME_NS},
    {"cost.tlb_full_flush_ns", CMASIM_PARAM_TIME, "5us", "ns", NULL,
     "one whole-TLB invalidation used above the ceiling, refills included", "estimate",
     CMASIM_COST_MAX_TIME_NS},
    {"cost.tlb_flush_ceiling_pages", CMASIM_PARAM_UINT, "0", "pages", NULL,
     "pages above which a kernel-range invalidation becomes one full flush; 0 = the "
     "architecture's rule (arm32: none, arm64: 512, x86-64: 33)",
     "kernel-facts 0, 5.3", 0},
    {"cost.pte_write_ns", CMASIM_PARAM_DOUBLE, "10", "ns", NULL,
     "writing or clearing one kernel PTE (set_pte_ext through apply_to_page_range, or a "
     "vunmap clear)",
     "estimate", 0},
    {"cost.vmap_page_ns", CMASIM_PARAM_DOUBLE, "30", "ns", NULL,
     "mapping one page into a vmalloc-space alias (PTE write plus page-array bookkeeping)",
     "estimate", 0},
    {"cost.vmap_area_ns", CMASIM_PARAM_TIME, "2us", "ns", NULL,
     "reserving or releasing one vmalloc area (vmap_area tree) for an alias", "estimate",
     CMASIM_COST_MAX_TIME_NS},

    /* the ARM DMA-mapping model */
    {"cost.atomic_pool_size", CMASIM_PARAM_SIZE, "256KiB", "bytes", NULL,
     "size of the coherent pool carved at boot for GFP_ATOMIC allocations (coherent_pool=)",
     "kernel-facts 0, 6.2", CMASIM_COST_MAX_POOL_BYTES},
    {"cost.forbid_mismatched_attrs", CMASIM_PARAM_ENUM, "auto", "", "auto|true|false",
     "whether mapping one page with two cache attributes is forbidden (ARMv6/v7) and counted "
     "by the aliasing detector; auto = true on arm32 only",
     "kernel-facts 6.1", 0},
    {"cost.dma_map_mode", CMASIM_PARAM_ENUM, "auto", "",
     "auto|arm32-remap|arm64-vmap|unsafe-alias|coherent",
     "how a coherent buffer gets its uncached view: v14 linear-PTE rewrite, arm64 vmap alias, "
     "a forbidden alias, or none (coherent device); auto = by arch",
     "kernel-facts 6.2-6.4", 0},
    {"cost.linear_map_accesses_per_s", CMASIM_PARAM_DOUBLE, "100000000", "1/s", NULL,
     "CPU accesses per second through the kernel linear map, spread evenly over RAM (input of "
     "the TLB tax of PTE-mapped CMA areas)",
     "estimate", 0},
    {"cost.pte_extra_miss_rate", CMASIM_PARAM_DOUBLE, "0.01", "", NULL,
     "fraction of accesses to a PTE-mapped page that miss the TLB only because the page lost "
     "its 1 MiB section mapping",
     "estimate (field-survey 2.8)", 0},
    {"cost.tlb_miss_penalty_ns", CMASIM_PARAM_DOUBLE, "30", "ns", NULL,
     "one page-table walk after a TLB miss", "estimate", 0},
};

const CmasimParamTable _cmasim_cost_param_table = {
    .section = "cost",
    .defs = cmasim_cost_param_defs,
    .n_defs = G_N_ELEMENTS(cmasim_cost_param_defs),
};
