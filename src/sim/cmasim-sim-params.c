/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Parameters of the simulation itself and of the memory model (sim.*, mm.*).
 */
#define G_LOG_DOMAIN "CmasimSim"

#include "core/cmasim-params-private.h"

static const CmasimParamDef cmasim_sim_param_defs[] = {
    {"sim.sample_interval", CMASIM_PARAM_TIME, "10ms", "ns", NULL,
     "simulated time between two timeline.tsv samples", "cmasim", 0},
    {"sim.pfnmap_interval", CMASIM_PARAM_TIME, "0", "ns", NULL,
     "simulated time between two pfnmap.tsv (memory-map heat map) snapshots, rounded up to "
     "a multiple of sim.sample_interval; 0 = about 200 snapshots over the run",
     "cmasim", 366 * 24 * 3600 * G_GUINT64_CONSTANT(1000000000)},
    {"sim.pfnmap_bins", CMASIM_PARAM_UINT, "128", "", NULL,
     "most pfn bins in a pfnmap.tsv snapshot (each a whole number of pageblocks); 0 = no "
     "pfnmap.tsv",
     "cmasim", 65536},
    {"sim.validate", CMASIM_PARAM_BOOL, "false", "", NULL,
     "run the memory-model invariant checker after every event (slow)", "cmasim", 0},
    {"sim.trace", CMASIM_PARAM_BOOL, "false", "", NULL,
     "write trace.txt with the kernel's tracepoint formats", "cmasim", 0},
    {"sim.writeback_duration", CMASIM_PARAM_TIME, "10ms", "ns", NULL,
     "how long a file page allocated under writeback stays under writeback before it "
     "is clean",
     "estimate", 3600 * G_GUINT64_CONSTANT(1000000000)},
    {"mm.cma_fallback", CMASIM_PARAM_ENUM, "auto", "", "auto|v14|mainline",
     "where movable allocations take CMA pageblocks: v14 = last fallback "
     "(2011), mainline = CMA first when free CMA > half of free (5.7+), auto = "
     "follow policy.cma.behaviour",
     "kernel-facts 1.8", 0},
    {"mm.reclaim", CMASIM_PARAM_BOOL, "true", "", NULL,
     "reclaim clean page cache when free memory falls below the low watermark "
     "(kswapd, simplified)",
     "kernel-facts 3.4", 0},
};

const CmasimParamTable _cmasim_sim_param_table = {
    .section = "sim",
    .defs = cmasim_sim_param_defs,
    .n_defs = G_N_ELEMENTS(cmasim_sim_param_defs),
};
