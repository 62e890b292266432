/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Data files of the workload reader: machine presets (configs/machines/),
 * CPU cost profiles (configs/cpus/) and shipped workloads (workloads/),
 * found on a search path so that `cmasim demo` works from any directory:
 *
 *   1. every directory of $CMASIM_DATADIR (':'-separated),
 *   2. the source tree the binary was built from (CMASIM_SOURCE_DIR),
 *   3. the installed data directory (<datadir>/cmasim),
 *   4. copies compiled into the binary (GResource /org/cmasim/).
 *
 * The parsed workload itself is in cmasim-scenario.h.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the workload `cmasim demo` runs: the seed's Goni S5PC110 camera scenario */
#define CMASIM_DEFAULT_WORKLOAD "workloads/goni-camera.yaml"

/*
 * Contents of the first data file @relpath ("configs/machines/rpi4.yaml")
 * on the search path, NUL-terminated; @len (nullable) gets its length.
 * @relpath must be relative and must not contain "..". NULL and
 * CMASIM_ERROR_IO when no location has it.
 */
gchar *cmasim_data_lookup(const gchar *relpath, gsize *len, GError **error);
/* the same, and @origin (nullable) gets where it was found: a file path or
 * "resource:///org/cmasim/<relpath>" */
gchar *cmasim_data_lookup_full(const gchar *relpath, gchar **origin, gsize *len, GError **error);
/*
 * Names (file names without .yaml) of the *.yaml files in @subdir
 * ("configs/machines", "configs/cpus", "workloads") over every location of
 * the search path, without duplicates, sorted. (element-type utf8) (transfer full)
 */
GPtrArray *cmasim_data_list(const gchar *subdir);
/* the directories of the search path, in order, without the compiled-in
 * copies. (element-type utf8) (transfer full) */
GPtrArray *cmasim_data_search_path(void);

G_END_DECLS
