/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
#pragma once

#include "cmasim/cmasim-params.h"

/* each module defines one table; the registry in cmasim-params.c lists them */
extern const CmasimParamTable _cmasim_sim_param_table;
extern const CmasimParamTable _cmasim_policy_param_table;
extern const CmasimParamTable _cmasim_cost_param_table;
