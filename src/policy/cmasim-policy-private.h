/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
#pragma once

#include "cmasim/cmasim-cost.h"
#include "cmasim/cmasim-dma-map.h"
#include "cmasim/cmasim-policy.h"
#include "mm/cmasim-contig.h"

G_BEGIN_DECLS

/* the policies of the registry, one getter each */
const CmasimPolicyOps *_cmasim_policy_cma_get_ops(void);
const CmasimPolicyOps *_cmasim_policy_acp_get_ops(void);
const CmasimPolicyOps *_cmasim_policy_carveout_get_ops(void);

/* helpers for implementations */
CmasimMm *_cmasim_policy_mm(const CmasimPolicy *self);
const CmasimCost *_cmasim_policy_cost(const CmasimPolicy *self);
CmasimDmaMap *_cmasim_policy_dma_map(const CmasimPolicy *self);
/* ceil(log2(n)), 0 for n <= 1 (get_order() in pages) */
guint _cmasim_order_of(guint64 n);

G_END_DECLS
