/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Test helpers of the cost tests: load a CPU profile (configs/cpus/<name>.yaml)
 * into a CmasimParams without the workload reader, so the profiles, the tests
 * and docs/cost-model.md are checked against each other. The profiles are flat
 * by construction ("  key: value  # source"), so a line reader is enough.
 */
#pragma once

#include <glib.h>

#include "cmasim/cmasim-params.h"

G_BEGIN_DECLS

/* $CMASIM_DATADIR (the source tree in `meson test`) joined with @relpath */
gchar *cost_test_source_path(const gchar *relpath);
/* set every cost.K of configs/cpus/<@cpu>.yaml in @params; @n_keys_out: keys read */
gboolean cost_test_load_profile(CmasimParams *params, const gchar *cpu, guint *n_keys_out,
				GError **error);
/* a fresh CmasimParams with @cpu's profile applied (aborts the test on error) */
CmasimParams *cost_test_params_for(const gchar *cpu);

G_END_DECLS
