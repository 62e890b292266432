/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Internals of the regression gate shared by its files: the parsed
 * baseline, and summary.yaml read as a flat table of dotted paths.
 */
#pragma once

#include "cmasim/cmasim-check.h"
#include "workload/cmasim-workload-private.h"

G_BEGIN_DECLS

/* one metric of one policy, as the baseline wrote it */
typedef struct {
	gchar *metric; /* dotted path into summary.yaml */
	gchar *text;   /* the value as written */
	CmasimCheckNumber value;
	CmasimTolerance tolerance;
	gchar *why;    /* why the tolerance is not exact, or NULL */
	CmasimPos pos; /* the metric's key */
} CmasimBaselineMetric;

typedef struct {
	gchar *name;
	CmasimPos pos;
	GPtrArray *metrics;  /* (element-type CmasimBaselineMetric), in file order */
	GHashTable *by_name; /* metric -> CmasimBaselineMetric (in @metrics) */
} CmasimBaselinePolicy;

struct _CmasimBaseline {
	const gchar *file; /* interned display name */
	gchar *workload;
	CmasimPos workload_pos;
	gchar *workload_file;
	gboolean has_seed;
	guint64 seed;
	CmasimPos seed_pos;
	GPtrArray *policies; /* (element-type CmasimBaselinePolicy) */
};

const CmasimBaselinePolicy *_cmasim_baseline_find_policy(const CmasimBaseline *self,
                                                         const gchar *policy);

/* a value of summary.yaml: the scalar, or NULL for a mapping or sequence */
typedef struct {
	gchar *text;
	CmasimPos pos;
} CmasimSummaryValue;

/*
 * summary.yaml as path -> CmasimSummaryValue: mapping keys joined with '.'
 * ("contiguous.latency_ns.p99"), sequence items by index ("regions.0.count")
 * and, when they are mappings with a name:, by name ("regions.fimc.count")
 */
GHashTable *_cmasim_summary_load(const gchar *path, GError **error);
/* the scalar at @metric, else an error naming @path */
const CmasimSummaryValue *_cmasim_summary_lookup(GHashTable *summary, const gchar *path,
                                                 const gchar *metric, GError **error);

/* one run of a directory */
typedef struct {
	gchar *policy;       /* the summary's policy: */
	gchar *summary_path; /* DIR/summary.yaml or DIR/<policy>/summary.yaml */
	GHashTable *summary;
} CmasimCheckRun;

void _cmasim_check_run_free(CmasimCheckRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimCheckRun, _cmasim_check_run_free)
/*
 * The run directory @dir (it holds summary.yaml) as one run; a compare
 * directory as DIR/<p>/summary.yaml for every @policies (nullable: those
 * listed in DIR/comparison.tsv). Every summary must be complete (not
 * partial) and name its policy. (element-type CmasimCheckRun)
 */
GPtrArray *_cmasim_check_runs_load(const gchar *dir, GPtrArray *policies, GError **error);

G_END_DECLS
