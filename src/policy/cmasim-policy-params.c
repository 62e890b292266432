/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Parameters of the contiguous allocation policies (policy.*).
 */
#define G_LOG_DOMAIN "CmasimPolicy"

#include "core/cmasim-params-private.h"

static const CmasimParamDef cmasim_policy_param_defs[] = {
    {"policy.name", CMASIM_PARAM_ENUM, "cma", "", "cma|alloc_contig_pages|carveout",
     "the contiguous allocation policy of the run", "cmasim", 0},
    {"policy.cma.behaviour", CMASIM_PARAM_ENUM, "mainline", "", "v14|mainline",
     "v14 = the Aug-2011 design (one attempt from offset 0, MAX_ORDER-aligned "
     "isolation); mainline = 6.x (-EBUSY retry walk, pageblock isolation)",
     "kernel-facts 1.3, 2.1, 2.2", 0},
    {"policy.cma.mutex", CMASIM_PARAM_ENUM, "global", "", "global|per-area",
     "the lock around alloc_contig_range: the global cma_mutex or a per-area "
     "alloc_mutex (2025 kernels)",
     "kernel-facts 1.1", 0},
    {"policy.cma.placement", CMASIM_PARAM_ENUM, "first-fit", "",
     "first-fit|best-fit|fewest-migrations",
     "where in a CMA area a request goes: the kernel's lowest aligned hole, the "
     "smallest hole that fits, or the window with the fewest pages to migrate",
     "kernel-facts 1.2", 0},
    {"policy.cma.retry_sleep", CMASIM_PARAM_TIME, "0", "ns", NULL,
     "vendor sleep-and-retry: after a walk that failed with -EBUSY, sleep this "
     "long and walk again (0 = off)",
     "field-survey 2.6", 10 * G_GUINT64_CONSTANT(1000000000)},
    {"policy.cma.max_walks", CMASIM_PARAM_UINT, "1", "", NULL,
     "walks over the area per request when retry_sleep is set (1 = no second walk)",
     "field-survey 2.6", 1000},
    {"policy.migrate_batch", CMASIM_PARAM_UINT, "0", "pages", NULL,
     "pages migrated per engine step; 0 = by the window's rules: 256 under the "
     "2010/2011 rules (v14 cma, kamezawa acp: NR_OFFLINE_AT_ONCE_PAGES), 512 "
     "otherwise (NR_MAX_BATCHED_MIGRATION)",
     "kernel-facts 0, 5.1", 65536},
    {"policy.migrate_retries", CMASIM_PARAM_UINT, "5", "", NULL,
     "consecutive passes without progress before alloc_contig_range gives up "
     "with -EBUSY",
     "kernel-facts 0 (MIGRATION_RETRY)", 1000},
    {"policy.acp.variant", CMASIM_PARAM_ENUM, "kamezawa", "", "kamezawa|stride",
     "alloc_contig_pages: Kamezawa 2010 (MAX_ORDER-aligned scan, jump past the "
     "blocking page) or the modern size-aligned stride",
     "kernel-facts 2.3, 2.4", 0},
    {"policy.carveout.pow2", CMASIM_PARAM_BOOL, "true", "", NULL,
     "round carve-out requests up to a power-of-two, size-aligned region as "
     "kernel/dma/coherent.c does",
     "kernel-facts 7", 0},
};

const CmasimParamTable _cmasim_policy_param_table = {
    .section = "policy",
    .defs = cmasim_policy_param_defs,
    .n_defs = G_N_ELEMENTS(cmasim_policy_param_defs),
};
