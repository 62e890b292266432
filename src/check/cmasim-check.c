/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The regression gate's comparison: numbers as summary.yaml writes them,
 * tolerances (exact, absolute, relative), checking a run or compare
 * directory against a baseline, and the table `cmasim check` prints.
 *
 * Simulated time is integer nanoseconds from a deterministic engine, so
 * integers compare exactly as integers, never through a double. Absolute
 * and relative bounds are inclusive and allow a few units in the last place
 * so that a decimal boundary (1.1 +- 0.2 reaching 1.3) is inside.
 */
#define G_LOG_DOMAIN "CmasimCheck"

#include <float.h>
#include <math.h>
#include <string.h>

#include "check/cmasim-check-private.h"

/* ---- numbers and tolerances ---- */

gboolean
cmasim_check_number_parse(const gchar *text, CmasimCheckNumber *out)
{
	static const struct {
		const gchar *text;
		gdouble value;
	} special[] = {
	    {".inf", INFINITY}, {"+.inf", INFINITY}, {"-.inf", -INFINITY}, {".nan", NAN},
	    {".Inf", INFINITY}, {"+.Inf", INFINITY}, {"-.Inf", -INFINITY}, {".NaN", NAN},
	};
	const gchar *digits = text;
	gchar *end = NULL;
	gint64 i = 0;

	g_return_val_if_fail(out != NULL, FALSE);

	memset(out, 0, sizeof(*out));
	if (text == NULL || *text == '\0')
		return FALSE;
	for (guint k = 0; k < G_N_ELEMENTS(special); k++) {
		if (strcmp(text, special[k].text) == 0) {
			out->d = special[k].value;
			return TRUE;
		}
	}
	if (*digits == '+' || *digits == '-')
		digits++;
	/* g_ascii_strtod() also takes hex, "inf" and leading spaces: only decimals here */
	if (!g_ascii_isdigit(*digits) && !(*digits == '.' && g_ascii_isdigit(digits[1])))
		return FALSE;
	for (const gchar *p = digits; *p != '\0'; p++) {
		if (!g_ascii_isdigit(*p) && strchr(".eE+-", *p) == NULL)
			return FALSE;
	}
	if (g_ascii_string_to_signed(text, 10, G_MININT64, G_MAXINT64, &i, NULL)) {
		out->integral = TRUE;
		out->i = i;
		out->d = (gdouble)i;
		return TRUE;
	}
	out->d = g_ascii_strtod(text, &end);
	return end != NULL && end != text && *end == '\0';
}

static gboolean
cmasim_check_number_equal(const CmasimCheckNumber *a, const CmasimCheckNumber *b)
{
	if (a->integral && b->integral)
		return a->i == b->i;
	if (isnan(a->d) || isnan(b->d))
		return isnan(a->d) && isnan(b->d);
	return a->d == b->d;
}

/* |b - a|, exactly for integers that do not overflow */
static gdouble
cmasim_check_distance(const CmasimCheckNumber *a, const CmasimCheckNumber *b)
{
	if (a->integral && b->integral) {
		guint64 high = (guint64)MAX(a->i, b->i);
		guint64 low = (guint64)MIN(a->i, b->i);
		return (gdouble)(high - low);
	}
	return fabs(b->d - a->d);
}

gboolean
cmasim_tolerance_accepts(const CmasimTolerance *tolerance, const CmasimCheckNumber *baseline,
                         const CmasimCheckNumber *now)
{
	gdouble bound;
	gdouble slack;

	g_return_val_if_fail(tolerance != NULL && baseline != NULL && now != NULL, FALSE);

	if (cmasim_check_number_equal(baseline, now))
		return TRUE;
	/* NaN and infinities only match themselves */
	if (tolerance->kind == CMASIM_TOLERANCE_EXACT || !isfinite(baseline->d) ||
	    !isfinite(now->d))
		return FALSE;
	switch (tolerance->kind) {
	case CMASIM_TOLERANCE_ABSOLUTE:
		bound = tolerance->amount;
		break;
	case CMASIM_TOLERANCE_RELATIVE:
		bound = tolerance->amount * fabs(baseline->d);
		break;
	case CMASIM_TOLERANCE_EXACT:
	default:
		return FALSE;
	}
	/*
	 * decimal fractions are not exact in binary: a few ulps at the boundary,
	 * of the values too unless both are integers (their distance is exact)
	 */
	slack = 4.0 * DBL_EPSILON * bound;
	if (!baseline->integral || !now->integral)
		slack = 4.0 * DBL_EPSILON * MAX(MAX(fabs(baseline->d), fabs(now->d)), bound);
	return cmasim_check_distance(baseline, now) <= bound + slack;
}

gchar *
cmasim_tolerance_to_string(const CmasimTolerance *tolerance)
{
	gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

	g_return_val_if_fail(tolerance != NULL, NULL);

	switch (tolerance->kind) {
	case CMASIM_TOLERANCE_ABSOLUTE:
		return g_strdup_printf("±%s", g_ascii_formatd(buf, sizeof(buf), "%.6g",
		                                               tolerance->amount));
	case CMASIM_TOLERANCE_RELATIVE:
		return g_strdup_printf("±%s%%", g_ascii_formatd(buf, sizeof(buf), "%.6g",
		                                                 tolerance->amount * 100.0));
	case CMASIM_TOLERANCE_EXACT:
	default:
		return g_strdup("exact");
	}
}

gchar *
cmasim_check_change_to_string(const CmasimCheckNumber *baseline, const CmasimCheckNumber *now)
{
	gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
	g_autofree gchar *delta = NULL;

	g_return_val_if_fail(baseline != NULL && now != NULL, NULL);

	if (cmasim_check_number_equal(baseline, now))
		return g_strdup("0");
	if (!isfinite(baseline->d) || !isfinite(now->d))
		return g_strdup("changed");
	if (baseline->integral && now->integral) {
		gdouble distance = cmasim_check_distance(baseline, now);
		delta = g_strdup_printf("%c%.0f", now->i > baseline->i ? '+' : '-', distance);
	} else {
		delta = g_strdup(g_ascii_formatd(buf, sizeof(buf), "%+.6g", now->d - baseline->d));
	}
	if (baseline->d == 0.0)
		return g_steal_pointer(&delta);
	return g_strdup_printf("%s (%s%%)", delta,
	                       g_ascii_formatd(buf, sizeof(buf), "%+.3g",
	                                       100.0 * (now->d - baseline->d) /
	                                           fabs(baseline->d)));
}

/* ---- checking a directory ---- */

void
cmasim_check_row_free(CmasimCheckRow *row)
{
	if (row == NULL)
		return;
	g_free(row->policy);
	g_free(row->metric);
	g_free(row->baseline_text);
	g_free(row->now_text);
	g_free(row);
}

/* the run is the baseline's workload (and seed, when the baseline says) */
static gboolean
cmasim_check_identity(const CmasimBaseline *baseline, const CmasimCheckRun *run, GError **error)
{
	const CmasimSummaryValue *workload;
	const CmasimSummaryValue *seed;

	workload = _cmasim_summary_lookup(run->summary, run->summary_path, "workload", error);
	if (workload == NULL)
		return FALSE;
	if (g_strcmp0(workload->text, baseline->workload) != 0) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &workload->pos,
		                     "the run is of workload '%s' (expected '%s', as %s:%u:%u says)",
		                     workload->text, baseline->workload, baseline->workload_pos.file,
		                     baseline->workload_pos.line, baseline->workload_pos.column);
		return FALSE;
	}
	if (!baseline->has_seed)
		return TRUE;
	seed = _cmasim_summary_lookup(run->summary, run->summary_path, "seed", error);
	if (seed == NULL)
		return FALSE;
	if (g_ascii_strtoull(seed->text, NULL, 10) != baseline->seed) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &seed->pos,
		                     "the run used seed %s (expected %" G_GUINT64_FORMAT
		                     ", as %s:%u:%u says)",
		                     seed->text, baseline->seed, baseline->seed_pos.file,
		                     baseline->seed_pos.line, baseline->seed_pos.column);
		return FALSE;
	}
	return TRUE;
}

static gboolean
cmasim_check_run(const CmasimBaseline *baseline, const CmasimBaselinePolicy *policy,
                 const CmasimCheckRun *run, GPtrArray *rows, GError **error)
{
	if (!cmasim_check_identity(baseline, run, error))
		return FALSE;
	for (guint i = 0; i < policy->metrics->len; i++) {
		const CmasimBaselineMetric *metric = g_ptr_array_index(policy->metrics, i);
		g_autoptr(CmasimCheckRow) row = g_new0(CmasimCheckRow, 1);
		g_autoptr(GError) local = NULL;
		const CmasimSummaryValue *now =
		    _cmasim_summary_lookup(run->summary, run->summary_path, metric->metric, &local);

		if (now == NULL) {
			g_autofree gchar *what = g_strdup_printf("policy '%s'", policy->name);
			_cmasim_propagate_at(error, g_steal_pointer(&local), &metric->pos, what);
			return FALSE;
		}
		if (!cmasim_check_number_parse(now->text, &row->now)) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &now->pos,
			                     "%s: '%s' is not a number (expected a numeric metric, as "
			                     "%s:%u:%u asks)",
			                     metric->metric, now->text, metric->pos.file,
			                     metric->pos.line, metric->pos.column);
			return FALSE;
		}
		row->policy = g_strdup(policy->name);
		row->metric = g_strdup(metric->metric);
		row->baseline_text = g_strdup(metric->text);
		row->now_text = g_strdup(now->text);
		row->baseline = metric->value;
		row->tolerance = metric->tolerance;
		row->ok = cmasim_tolerance_accepts(&row->tolerance, &row->baseline, &row->now);
		g_ptr_array_add(rows, g_steal_pointer(&row));
	}
	return TRUE;
}

GPtrArray *
cmasim_check_dir(const CmasimBaseline *baseline, const gchar *dir, GError **error)
{
	g_autoptr(GPtrArray) rows =
	    g_ptr_array_new_with_free_func((GDestroyNotify)cmasim_check_row_free);
	g_autoptr(GPtrArray) policies = NULL;
	g_autoptr(GPtrArray) runs = NULL;

	g_return_val_if_fail(baseline != NULL && dir != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	policies = cmasim_baseline_get_policies(baseline);
	runs = _cmasim_check_runs_load(dir, policies, error);
	if (runs == NULL)
		return NULL;
	for (guint i = 0; i < runs->len; i++) {
		const CmasimCheckRun *run = g_ptr_array_index(runs, i);
		const CmasimBaselinePolicy *policy =
		    _cmasim_baseline_find_policy(baseline, run->policy);
		if (policy == NULL) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
			            "%s: policy '%s' has no entry in %s (expected one under "
			            "policies:)",
			            run->summary_path, run->policy, baseline->file);
			return NULL;
		}
		if (!cmasim_check_run(baseline, policy, run, rows, error))
			return NULL;
	}
	return g_steal_pointer(&rows);
}

/* ---- the table ---- */

enum {
	CMASIM_CHECK_COL_POLICY,
	CMASIM_CHECK_COL_METRIC,
	CMASIM_CHECK_COL_BASELINE,
	CMASIM_CHECK_COL_NOW,
	CMASIM_CHECK_COL_CHANGE,
	CMASIM_CHECK_COL_TOLERANCE,
	CMASIM_CHECK_COL_RESULT,
	CMASIM_CHECK_N_COLS,
};

static void
cmasim_check_table_line(GString *out, gchar **cells, const guint *width)
{
	for (guint c = 0; c < CMASIM_CHECK_N_COLS; c++) {
		glong pad = (glong)width[c] - g_utf8_strlen(cells[c], -1);
		if (c == CMASIM_CHECK_N_COLS - 1) {
			g_string_append(out, cells[c]);
			break;
		}
		g_string_append(out, cells[c]);
		g_string_append_printf(out, "%*s", (gint)MAX(pad, 0) + 2, "");
	}
	g_string_append_c(out, '\n');
}

gchar *
cmasim_check_table(GPtrArray *rows, gboolean all)
{
	/* NULL-terminated: g_strdupv() reads up to the NULL */
	static const gchar *const head[CMASIM_CHECK_N_COLS + 1] = {
	    "policy", "metric", "baseline", "now", "change", "tolerance", "result", NULL,
	};
	g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
	guint width[CMASIM_CHECK_N_COLS] = {0};
	GString *out = g_string_new(NULL);

	g_return_val_if_fail(rows != NULL, NULL);

	g_ptr_array_add(lines, g_strdupv((gchar **)head));
	for (guint i = 0; i < rows->len; i++) {
		const CmasimCheckRow *row = g_ptr_array_index(rows, i);
		gchar **cells;
		if (row->ok && !all)
			continue;
		cells = g_new0(gchar *, CMASIM_CHECK_N_COLS + 1);
		cells[CMASIM_CHECK_COL_POLICY] = g_strdup(row->policy);
		cells[CMASIM_CHECK_COL_METRIC] = g_strdup(row->metric);
		cells[CMASIM_CHECK_COL_BASELINE] = g_strdup(row->baseline_text);
		cells[CMASIM_CHECK_COL_NOW] = g_strdup(row->now_text);
		cells[CMASIM_CHECK_COL_CHANGE] =
		    cmasim_check_change_to_string(&row->baseline, &row->now);
		cells[CMASIM_CHECK_COL_TOLERANCE] = cmasim_tolerance_to_string(&row->tolerance);
		cells[CMASIM_CHECK_COL_RESULT] = g_strdup(row->ok ? "ok" : "FAIL");
		g_ptr_array_add(lines, cells);
	}
	for (guint i = 0; i < lines->len; i++) {
		gchar **cells = g_ptr_array_index(lines, i);
		for (guint c = 0; c < CMASIM_CHECK_N_COLS; c++)
			width[c] = MAX(width[c], (guint)g_utf8_strlen(cells[c], -1));
	}
	for (guint i = 0; i < lines->len; i++)
		cmasim_check_table_line(out, g_ptr_array_index(lines, i), width);
	return g_string_free(out, FALSE);
}
