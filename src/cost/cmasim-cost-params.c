/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/* Parameters of the cost model (cost.*). Placeholder until src/cost/ lands. */
#define G_LOG_DOMAIN "CmasimCost"

#include "core/cmasim-params-private.h"

static const CmasimParamDef cmasim_cost_param_defs[] = {
    {"cost.migrate_page", CMASIM_PARAM_TIME, "2us", "ns", NULL,
     "time to migrate one 4 KiB page", "kernel-facts 5.2", 0},
};

const CmasimParamTable _cmasim_cost_param_table = {
    .section = "cost",
    .defs = cmasim_cost_param_defs,
    .n_defs = G_N_ELEMENTS(cmasim_cost_param_defs),
};
