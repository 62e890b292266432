/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The regression gate (`cmasim check`, `cmasim baseline`): a baseline file
 * names a workload and, per policy, metrics of summary.yaml by their dotted
 * path with a tolerance; a run or compare directory is checked against it.
 * The format is described in docs/regression-gate.md.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CMASIM_BASELINE_VERSION 1

typedef enum {
	CMASIM_TOLERANCE_EXACT,    /* the same number */
	CMASIM_TOLERANCE_ABSOLUTE, /* |now - baseline| <= amount (the metric's unit) */
	CMASIM_TOLERANCE_RELATIVE, /* |now - baseline| <= amount * |baseline| (a fraction) */
} CmasimToleranceKind;

typedef struct {
	CmasimToleranceKind kind;
	gdouble amount; /* ABSOLUTE and RELATIVE: finite, >= 0 */
} CmasimTolerance;

/* a number as summary.yaml or a baseline writes it */
typedef struct {
	gboolean integral; /* written as an integer that fits a gint64: @i is exact */
	gint64 i;
	gdouble d; /* always set (±inf and NaN for .inf, -.inf, .nan) */
} CmasimCheckNumber;

/* "123", "-4", "0.25", "1.0e+20", ".inf", "-.inf", ".nan"; FALSE if not a number */
gboolean cmasim_check_number_parse(const gchar *text, CmasimCheckNumber *out);
/* does @now stay within @tolerance of @baseline? Boundaries are inclusive */
gboolean cmasim_tolerance_accepts(const CmasimTolerance *tolerance,
                                  const CmasimCheckNumber *baseline, const CmasimCheckNumber *now);
/* "exact", "±5", "±2%" */
gchar *cmasim_tolerance_to_string(const CmasimTolerance *tolerance);
/* now - baseline: "0", "+120 (+1.45%)", "-0.003" */
gchar *cmasim_check_change_to_string(const CmasimCheckNumber *baseline,
                                     const CmasimCheckNumber *now);

typedef struct _CmasimBaseline CmasimBaseline;

CmasimBaseline *cmasim_baseline_load(const gchar *path, GError **error);
/* @display names the text in messages */
CmasimBaseline *cmasim_baseline_load_from_data(const gchar *display, const gchar *data, gsize len,
                                               GError **error);
void cmasim_baseline_free(CmasimBaseline *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimBaseline, cmasim_baseline_free)
const gchar *cmasim_baseline_get_workload(const CmasimBaseline *self);
/* NULL when the baseline has no workload_file: */
const gchar *cmasim_baseline_get_workload_file(const CmasimBaseline *self);
/* the policies, in file order (transfer container) */
GPtrArray *cmasim_baseline_get_policies(const CmasimBaseline *self);
/* the value and tolerance of one metric; FALSE if the baseline does not have it */
gboolean cmasim_baseline_get_metric(const CmasimBaseline *self, const gchar *policy,
                                    const gchar *metric, CmasimCheckNumber *value,
                                    CmasimTolerance *tolerance);

/* one metric of one policy, checked */
typedef struct {
	gchar *policy;
	gchar *metric;
	gchar *baseline_text; /* as written in the baseline */
	gchar *now_text;      /* as written in summary.yaml */
	CmasimCheckNumber baseline;
	CmasimCheckNumber now;
	CmasimTolerance tolerance;
	gboolean ok;
} CmasimCheckRow;

void cmasim_check_row_free(CmasimCheckRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimCheckRow, cmasim_check_row_free)

/*
 * Check @dir, a run directory (summary.yaml) or a compare directory
 * (<policy>/summary.yaml for every policy of the baseline), against
 * @baseline. Returns every metric checked (element-type CmasimCheckRow);
 * NULL with @error when a directory, summary or metric is missing, a value
 * is not a number, the run is partial, or the run is not the baseline's
 * workload and seed.
 */
GPtrArray *cmasim_check_dir(const CmasimBaseline *baseline, const gchar *dir, GError **error);
/* the rows as an aligned text table (only those out of tolerance unless @all) */
gchar *cmasim_check_table(GPtrArray *rows, gboolean all);

/*
 * A baseline of @dir (a run or compare directory): every policy run there,
 * with the metrics and tolerances of @like (nullable) for the policies it
 * has and the headline metrics, all exact, for the others. @workload_file
 * (nullable; else @like's) is recorded as workload_file:.
 */
gchar *cmasim_baseline_emit(const gchar *dir, const CmasimBaseline *like,
                            const gchar *workload_file, GError **error);

G_END_DECLS
