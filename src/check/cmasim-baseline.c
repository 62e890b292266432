/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Baseline files of the regression gate: reading them with the workload
 * reader's pull parser (every mistake is one FILE:LINE:COLUMN message),
 * and writing one from a run or compare directory (`cmasim baseline`).
 *
 *   baseline: 1
 *   workload: goni-camera                    # summary.yaml's workload:
 *   workload_file: workloads/goni-camera.yaml # optional, for scripts
 *   seed: 1                                  # optional
 *   policies:
 *     cma:
 *       contiguous.latency_ns.p99: 193679936              # exact
 *       memory.reserved_idle_page_seconds:
 *         {value: 0.0, tolerance: {relative: 2%}, why: "a float sum"}
 */
#define G_LOG_DOMAIN "CmasimCheck"

#include <string.h>

#include "check/cmasim-check-private.h"
#include "cmasim/cmasim-report.h"
#include "cmasim/cmasim-units.h"

/* ---- the parsed baseline ---- */

static void
cmasim_baseline_metric_free(CmasimBaselineMetric *metric)
{
	g_free(metric->metric);
	g_free(metric->text);
	g_free(metric->why);
	g_free(metric);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimBaselineMetric, cmasim_baseline_metric_free)

static void
cmasim_baseline_policy_free(CmasimBaselinePolicy *policy)
{
	g_free(policy->name);
	g_hash_table_unref(policy->by_name);
	g_ptr_array_unref(policy->metrics);
	g_free(policy);
}

void
cmasim_baseline_free(CmasimBaseline *self)
{
	if (self == NULL)
		return;
	g_free(self->workload);
	g_free(self->workload_file);
	g_ptr_array_unref(self->policies);
	g_free(self);
}

const gchar *
cmasim_baseline_get_workload(const CmasimBaseline *self)
{
	g_return_val_if_fail(self != NULL, NULL);
	return self->workload;
}

const gchar *
cmasim_baseline_get_workload_file(const CmasimBaseline *self)
{
	g_return_val_if_fail(self != NULL, NULL);
	return self->workload_file;
}

const CmasimBaselinePolicy *
_cmasim_baseline_find_policy(const CmasimBaseline *self, const gchar *policy)
{
	for (guint i = 0; i < self->policies->len; i++) {
		const CmasimBaselinePolicy *entry = g_ptr_array_index(self->policies, i);
		if (g_strcmp0(entry->name, policy) == 0)
			return entry;
	}
	return NULL;
}

GPtrArray *
cmasim_baseline_get_policies(const CmasimBaseline *self)
{
	GPtrArray *names = g_ptr_array_new();

	g_return_val_if_fail(self != NULL, names);
	for (guint i = 0; i < self->policies->len; i++) {
		const CmasimBaselinePolicy *entry = g_ptr_array_index(self->policies, i);
		g_ptr_array_add(names, entry->name);
	}
	return names;
}

gboolean
cmasim_baseline_get_metric(const CmasimBaseline *self, const gchar *policy, const gchar *metric,
                           CmasimCheckNumber *value, CmasimTolerance *tolerance)
{
	const CmasimBaselinePolicy *entry;
	const CmasimBaselineMetric *found;

	g_return_val_if_fail(self != NULL, FALSE);
	entry = _cmasim_baseline_find_policy(self, policy);
	found = entry != NULL ? g_hash_table_lookup(entry->by_name, metric) : NULL;
	if (found == NULL)
		return FALSE;
	if (value != NULL)
		*value = found->value;
	if (tolerance != NULL)
		*tolerance = found->tolerance;
	return TRUE;
}

/* ---- reading ---- */

static gboolean cmasim_baseline_read_text(CmasimReader *reader, const gchar *what, gchar **out,
                                          GError **error);

#define CMASIM_TOLERANCE_EXPECTED                                                                  \
	"exact, {absolute: N} or {relative: F} with F a fraction or a percentage"

static gboolean
cmasim_baseline_read_amount(CmasimReader *reader, const gchar *what, gboolean percent,
                            gdouble *out, GError **error)
{
	CmasimPos pos = _cmasim_reader_pos(reader);
	g_autofree gchar *number = NULL;
	GError *local = NULL;
	gsize len;

	if (!_cmasim_reader_expect_scalar(reader, what, "a non-negative number", error))
		return FALSE;
	number = g_strstrip(g_strdup(_cmasim_reader_scalar(reader)));
	len = strlen(number);
	if (percent && len > 0 && number[len - 1] == '%') {
		number[len - 1] = '\0';
		g_strchomp(number);
	} else {
		percent = FALSE;
	}
	if (!cmasim_parse_double(number, out, &local)) {
		_cmasim_propagate_at(error, local, &pos, what);
		return FALSE;
	}
	if (percent)
		*out /= 100.0;
	return TRUE;
}

/* the current event is a tolerance: exact, {absolute: N} or {relative: F} */
static gboolean
cmasim_baseline_read_tolerance(CmasimReader *reader, const gchar *metric, CmasimTolerance *out,
                               GError **error)
{
	CmasimPos pos = _cmasim_reader_pos(reader);
	g_autofree gchar *what = g_strdup_printf("%s: tolerance", metric);
	g_autofree gchar *kind = NULL;

	if (_cmasim_reader_is_scalar(reader)) {
		if (g_strcmp0(_cmasim_reader_scalar(reader), "exact") == 0) {
			out->kind = CMASIM_TOLERANCE_EXACT;
			out->amount = 0.0;
			return TRUE;
		}
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
		                     "%s: unknown tolerance '%s' (expected %s)", what,
		                     _cmasim_reader_scalar(reader), CMASIM_TOLERANCE_EXPECTED);
		return FALSE;
	}
	if (reader->event.type != YAML_MAPPING_START_EVENT) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
		                     "%s: found %s (expected %s)", what,
		                     _cmasim_reader_node_kind(reader), CMASIM_TOLERANCE_EXPECTED);
		return FALSE;
	}
	for (;;) {
		CmasimPos key_pos;
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (reader->event.type == YAML_MAPPING_END_EVENT)
			break;
		key_pos = _cmasim_reader_pos(reader);
		if (!_cmasim_reader_expect_scalar(reader, what, "absolute or relative", error))
			return FALSE;
		if (kind != NULL) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			                     "%s: a second kind '%s' after '%s' (expected one of "
			                     "absolute or relative)",
			                     what, _cmasim_reader_scalar(reader), kind);
			return FALSE;
		}
		kind = g_strdup(_cmasim_reader_scalar(reader));
		if (g_strcmp0(kind, "absolute") == 0)
			out->kind = CMASIM_TOLERANCE_ABSOLUTE;
		else if (g_strcmp0(kind, "relative") == 0)
			out->kind = CMASIM_TOLERANCE_RELATIVE;
		else {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			                     "%s: unknown kind '%s' (expected absolute or relative)",
			                     what, kind);
			return FALSE;
		}
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (!cmasim_baseline_read_amount(reader, what,
		                                 out->kind == CMASIM_TOLERANCE_RELATIVE,
		                                 &out->amount, error))
			return FALSE;
	}
	if (kind == NULL) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
		                     "%s: empty (expected %s)", what, CMASIM_TOLERANCE_EXPECTED);
		return FALSE;
	}
	return TRUE;
}

static gboolean
cmasim_baseline_read_value(CmasimReader *reader, CmasimBaselineMetric *metric, GError **error)
{
	CmasimPos pos = _cmasim_reader_pos(reader);

	if (!_cmasim_reader_expect_scalar(reader, metric->metric, "a number", error))
		return FALSE;
	if (!cmasim_check_number_parse(_cmasim_reader_scalar(reader), &metric->value)) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
		                     "%s: '%s' is not a number (expected a number such as 42, "
		                     "-1.0 or 0.25)",
		                     metric->metric, _cmasim_reader_scalar(reader));
		return FALSE;
	}
	metric->text = g_strdup(_cmasim_reader_scalar(reader));
	return TRUE;
}

/* a dotted path: components separated by single dots */
static gboolean
cmasim_baseline_check_path(const gchar *path, const CmasimPos *pos, GError **error)
{
	if (*path != '\0' && *path != '.' && !g_str_has_suffix(path, ".") &&
	    strstr(path, "..") == NULL)
		return TRUE;
	_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
	                     "'%s' is not a metric path (expected keys of summary.yaml joined "
	                     "by dots, such as contiguous.latency_ns.p99)",
	                     path);
	return FALSE;
}

/* the current event is the value of one metric: a number, or {value:, tolerance:} */
static CmasimBaselineMetric *
cmasim_baseline_read_metric(CmasimReader *reader, const gchar *name, const CmasimPos *pos,
                            GError **error)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(CmasimBaselineMetric) metric = g_new0(CmasimBaselineMetric, 1);
	CmasimPos value_pos = _cmasim_reader_pos(reader);

	metric->metric = g_strdup(name);
	metric->pos = *pos;
	metric->tolerance.kind = CMASIM_TOLERANCE_EXACT;
	if (reader->event.type != YAML_MAPPING_START_EVENT) {
		if (!cmasim_baseline_read_value(reader, metric, error))
			return NULL;
		return g_steal_pointer(&metric);
	}
	for (;;) {
		CmasimPos key_pos;
		g_autofree gchar *key = NULL;
		gboolean done;
		if (!_cmasim_reader_next_key(reader, seen, name, TRUE, &key_pos, &done,
		                             error))
			return NULL;
		if (done)
			break;
		key = g_strdup(_cmasim_reader_scalar(reader));
		if (!_cmasim_reader_next(reader, error))
			return NULL;
		if (g_strcmp0(key, "value") == 0) {
			if (!cmasim_baseline_read_value(reader, metric, error))
				return NULL;
		} else if (g_strcmp0(key, "tolerance") == 0) {
			if (!cmasim_baseline_read_tolerance(reader, name, &metric->tolerance, error))
				return NULL;
		} else if (g_strcmp0(key, "why") == 0) {
			g_autofree gchar *what = g_strdup_printf("%s: why", name);
			if (!cmasim_baseline_read_text(reader, what, &metric->why, error))
				return NULL;
		} else {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			                     "%s: unknown key '%s' (expected value, tolerance or why)",
			                     name, key);
			return NULL;
		}
	}
	if (metric->text == NULL) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &value_pos,
		                     "%s: no value (expected {value: N, tolerance: ...})", name);
		return NULL;
	}
	return g_steal_pointer(&metric);
}

/* the current event starts the metrics of one policy */
static gboolean
cmasim_baseline_read_policy(CmasimReader *reader, CmasimBaselinePolicy *policy, GError **error)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	if (reader->event.type != YAML_MAPPING_START_EVENT) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &policy->pos,
		                     "policy '%s': found %s (expected a mapping of metrics)",
		                     policy->name, _cmasim_reader_node_kind(reader));
		return FALSE;
	}
	for (;;) {
		CmasimPos key_pos;
		g_autofree gchar *name = NULL;
		CmasimBaselineMetric *metric;
		gboolean done;
		if (!_cmasim_reader_next_key(reader, seen, policy->name, TRUE, &key_pos, &done,
		                             error))
			return FALSE;
		if (done)
			break;
		name = g_strdup(_cmasim_reader_scalar(reader));
		if (!cmasim_baseline_check_path(name, &key_pos, error))
			return FALSE;
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		metric = cmasim_baseline_read_metric(reader, name, &key_pos, error);
		if (metric == NULL)
			return FALSE;
		g_ptr_array_add(policy->metrics, metric);
		g_hash_table_insert(policy->by_name, metric->metric, metric);
	}
	if (policy->metrics->len == 0) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &policy->pos,
		                     "policy '%s': no metric (expected at least one)", policy->name);
		return FALSE;
	}
	return TRUE;
}

static gboolean
cmasim_baseline_read_policies(CmasimReader *reader, CmasimBaseline *self, const CmasimPos *pos,
                              GError **error)
{
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	if (reader->event.type != YAML_MAPPING_START_EVENT) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
		                     "policies: found %s (expected a mapping policy -> metrics)",
		                     _cmasim_reader_node_kind(reader));
		return FALSE;
	}
	for (;;) {
		CmasimBaselinePolicy *policy;
		gboolean done;
		if (!_cmasim_reader_next_key(reader, seen, "policies", TRUE, NULL, &done,
		                             error))
			return FALSE;
		if (done)
			break;
		policy = g_new0(CmasimBaselinePolicy, 1);
		policy->name = g_strdup(_cmasim_reader_scalar(reader));
		policy->pos = _cmasim_reader_pos(reader);
		policy->metrics =
		    g_ptr_array_new_with_free_func((GDestroyNotify)cmasim_baseline_metric_free);
		policy->by_name = g_hash_table_new(g_str_hash, g_str_equal);
		g_ptr_array_add(self->policies, policy);
		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (!cmasim_baseline_read_policy(reader, policy, error))
			return FALSE;
	}
	if (self->policies->len == 0) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, pos,
		                     "policies: empty (expected at least one policy)");
		return FALSE;
	}
	return TRUE;
}

static gboolean
cmasim_baseline_read_uint(CmasimReader *reader, const gchar *what, guint64 *out, GError **error)
{
	CmasimPos pos = _cmasim_reader_pos(reader);
	GError *local = NULL;

	if (!_cmasim_reader_expect_scalar(reader, what, "an integer", error))
		return FALSE;
	if (!cmasim_parse_uint64(_cmasim_reader_scalar(reader), out, &local)) {
		_cmasim_propagate_at(error, local, &pos, what);
		return FALSE;
	}
	return TRUE;
}

static gboolean
cmasim_baseline_read_text(CmasimReader *reader, const gchar *what, gchar **out, GError **error)
{
	CmasimPos pos = _cmasim_reader_pos(reader);

	if (!_cmasim_reader_expect_scalar(reader, what, "text", error))
		return FALSE;
	if (_cmasim_reader_is_null(reader) || *_cmasim_reader_scalar(reader) == '\0') {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
		                     "%s: empty (expected text)", what);
		return FALSE;
	}
	g_free(*out);
	*out = g_strdup(_cmasim_reader_scalar(reader));
	return TRUE;
}

static CmasimBaseline *
cmasim_baseline_read(CmasimReader *reader, GError **error)
{
	g_autoptr(CmasimBaseline) self = g_new0(CmasimBaseline, 1);
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	const gchar *expected = "a mapping with baseline: 1, workload: and policies:";
	gboolean has_version = FALSE;
	gboolean empty = FALSE;
	CmasimPos root;

	self->file = reader->file;
	self->policies = g_ptr_array_new_with_free_func((GDestroyNotify)cmasim_baseline_policy_free);
	if (!_cmasim_reader_begin(reader, &empty, error))
		return NULL;
	root = _cmasim_reader_pos(reader);
	if (empty || reader->event.type != YAML_MAPPING_START_EVENT) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &root,
		                     "the baseline is %s (expected %s)",
		                     empty ? "empty" : _cmasim_reader_node_kind(reader), expected);
		return NULL;
	}
	for (;;) {
		CmasimPos key_pos;
		g_autofree gchar *key = NULL;
		gboolean done;
		if (!_cmasim_reader_next_key(reader, seen, "baseline", FALSE, &key_pos, &done,
		                             error))
			return NULL;
		if (done)
			break;
		key = g_strdup(_cmasim_reader_scalar(reader));
		if (!_cmasim_reader_next(reader, error))
			return NULL;
		if (g_strcmp0(key, "baseline") == 0) {
			CmasimPos pos = _cmasim_reader_pos(reader);
			guint64 version = 0;
			if (!cmasim_baseline_read_uint(reader, key, &version, error))
				return NULL;
			if (version != CMASIM_BASELINE_VERSION) {
				_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &pos,
				                     "unsupported baseline version %" G_GUINT64_FORMAT
				                     " (expected baseline: %u)",
				                     version, CMASIM_BASELINE_VERSION);
				return NULL;
			}
			has_version = TRUE;
		} else if (g_strcmp0(key, "workload") == 0) {
			self->workload_pos = _cmasim_reader_pos(reader);
			if (!cmasim_baseline_read_text(reader, key, &self->workload, error))
				return NULL;
		} else if (g_strcmp0(key, "workload_file") == 0) {
			if (!cmasim_baseline_read_text(reader, key, &self->workload_file, error))
				return NULL;
		} else if (g_strcmp0(key, "seed") == 0) {
			self->seed_pos = _cmasim_reader_pos(reader);
			if (!cmasim_baseline_read_uint(reader, key, &self->seed, error))
				return NULL;
			self->has_seed = TRUE;
		} else if (g_strcmp0(key, "policies") == 0) {
			if (!cmasim_baseline_read_policies(reader, self, &key_pos, error))
				return NULL;
		} else {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &key_pos,
			                     "unknown key '%s' (expected one of: baseline, workload, "
			                     "workload_file, seed, policies)",
			                     key);
			return NULL;
		}
	}
	if (!_cmasim_reader_end(reader, error))
		return NULL;
	if (!has_version || self->workload == NULL || self->policies->len == 0) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &root, "no %s: (expected %s)",
		                     !has_version             ? "baseline"
		                     : self->workload == NULL ? "workload"
		                                              : "policies",
		                     expected);
		return NULL;
	}
	return g_steal_pointer(&self);
}

CmasimBaseline *
cmasim_baseline_load(const gchar *path, GError **error)
{
	g_auto(CmasimReader) reader = {0};

	g_return_val_if_fail(path != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	if (!_cmasim_reader_open_file(&reader, path, path, error))
		return NULL;
	return cmasim_baseline_read(&reader, error);
}

CmasimBaseline *
cmasim_baseline_load_from_data(const gchar *display, const gchar *data, gsize len,
                               GError **error)
{
	g_auto(CmasimReader) reader = {0};
	g_autoptr(GBytes) bytes = NULL;

	g_return_val_if_fail(display != NULL && data != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	bytes = g_bytes_new(data, len);
	_cmasim_reader_open_bytes(&reader, display, bytes);
	return cmasim_baseline_read(&reader, error);
}

/* ---- writing ---- */

/* the headline metrics; "@order" is the summary's fragmentation.request_order */
static const gchar *const cmasim_baseline_headline[] = {
    "contiguous.requests",
    "contiguous.succeeded",
    "contiguous.failed.ENOMEM",
    "contiguous.failed.EBUSY",
    "contiguous.failed.EINTR",
    "contiguous.failed.EINVAL",
    "contiguous.unfinished",
    "contiguous.latency_ns.min",
    "contiguous.latency_ns.p50",
    "contiguous.latency_ns.p90",
    "contiguous.latency_ns.p99",
    "contiguous.latency_ns.p999",
    "contiguous.latency_ns.max",
    "contiguous.latency_ns.mean",
    "contiguous.pages_migrated",
    "contiguous.pages_dropped",
    "contiguous.pages_written",
    "contiguous.migrate_failed",
    "contiguous.retries",
    "contiguous.attempts",
    "contiguous.peak_contig_pages",
    "memory.reserved_idle_page_seconds",
    "memory.reserved_pages",
    "memory.free_pages",
    "memory.background_alloc_failures",
    "memory.reclaim.pgscan",
    "memory.reclaim.pgsteal",
    "dma_map.alias_violations",
    "dma_map.tlb_tax_ns",
    "dma_map.atomic_pool.failures",
    "fragmentation.request_order",
    "fragmentation.unusable_index.@order",
    "fragmentation.extfrag_index.@order",
};

static void
cmasim_baseline_emit_number(CmasimYamlOut *out, const CmasimCheckNumber *number)
{
	if (number->integral)
		cmasim_yaml_out_scalar_int(out, number->i);
	else
		cmasim_yaml_out_scalar_double(out, number->d);
}

/* "metric: N" or "metric: {value: N, tolerance: {relative: F}}" */
static void
cmasim_baseline_emit_metric(CmasimYamlOut *out, const gchar *metric,
                            const CmasimCheckNumber *number, const CmasimTolerance *tolerance,
                            const gchar *why)
{
	cmasim_yaml_out_key(out, metric);
	if ((tolerance == NULL || tolerance->kind == CMASIM_TOLERANCE_EXACT) && why == NULL) {
		cmasim_baseline_emit_number(out, number);
		return;
	}
	cmasim_yaml_out_mapping_start(out, TRUE);
	cmasim_yaml_out_key(out, "value");
	cmasim_baseline_emit_number(out, number);
	cmasim_yaml_out_key(out, "tolerance");
	if (tolerance->kind == CMASIM_TOLERANCE_EXACT) {
		cmasim_yaml_out_scalar_str(out, "exact");
	} else {
		cmasim_yaml_out_mapping_start(out, TRUE);
		cmasim_yaml_out_key(out, tolerance->kind == CMASIM_TOLERANCE_ABSOLUTE ? "absolute"
		                                                                      : "relative");
		cmasim_yaml_out_scalar_double(out, tolerance->amount);
		cmasim_yaml_out_mapping_end(out);
	}
	if (why != NULL) {
		cmasim_yaml_out_key(out, "why");
		cmasim_yaml_out_scalar_str(out, why);
	}
	cmasim_yaml_out_mapping_end(out);
}

static gboolean
cmasim_baseline_emit_run(CmasimYamlOut *out, const CmasimCheckRun *run,
                         const CmasimBaseline *like, GError **error)
{
	const CmasimBaselinePolicy *kept =
	    like != NULL ? _cmasim_baseline_find_policy(like, run->policy) : NULL;
	const CmasimSummaryValue *order = NULL;
	guint n = kept != NULL ? kept->metrics->len : G_N_ELEMENTS(cmasim_baseline_headline);

	if (kept == NULL) {
		order = _cmasim_summary_lookup(run->summary, run->summary_path,
		                               "fragmentation.request_order", error);
		if (order == NULL)
			return FALSE;
	}
	cmasim_yaml_out_key(out, run->policy);
	cmasim_yaml_out_mapping_start(out, FALSE);
	for (guint i = 0; i < n; i++) {
		const CmasimBaselineMetric *metric =
		    kept != NULL ? g_ptr_array_index(kept->metrics, i) : NULL;
		g_autofree gchar *name = NULL;
		const CmasimSummaryValue *now;
		CmasimCheckNumber number;

		if (metric != NULL) {
			name = g_strdup(metric->metric);
		} else {
			g_auto(GStrv) parts = g_strsplit(cmasim_baseline_headline[i], "@order", 2);
			name = g_strjoinv(order->text, parts);
		}
		now = _cmasim_summary_lookup(run->summary, run->summary_path, name, error);
		if (now == NULL)
			return FALSE;
		if (!cmasim_check_number_parse(now->text, &number)) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &now->pos,
			                     "%s: '%s' is not a number (expected a numeric metric)",
			                     name, now->text);
			return FALSE;
		}
		cmasim_baseline_emit_metric(out, name, &number,
		                            metric != NULL ? &metric->tolerance : NULL,
		                            metric != NULL ? metric->why : NULL);
	}
	cmasim_yaml_out_mapping_end(out);
	return TRUE;
}

gchar *
cmasim_baseline_emit(const gchar *dir, const CmasimBaseline *like, const gchar *workload_file,
                     GError **error)
{
	g_autoptr(GPtrArray) runs = NULL;
	g_autoptr(CmasimYamlOut) out = cmasim_yaml_out_new();
	g_autofree gchar *text = NULL;
	const CmasimSummaryValue *workload;
	const CmasimSummaryValue *seed;
	const CmasimCheckRun *first;
	guint64 seed_value = 0;

	g_return_val_if_fail(dir != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	runs = _cmasim_check_runs_load(dir, NULL, error);
	if (runs == NULL)
		return NULL;
	first = g_ptr_array_index(runs, 0);
	workload = _cmasim_summary_lookup(first->summary, first->summary_path, "workload", error);
	if (workload == NULL)
		return NULL;
	seed = _cmasim_summary_lookup(first->summary, first->summary_path, "seed", error);
	if (seed == NULL)
		return NULL;
	if (!g_ascii_string_to_unsigned(seed->text, 10, 0, G_MAXUINT64, &seed_value, NULL)) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &seed->pos,
		                     "seed: '%s' (expected an integer)", seed->text);
		return NULL;
	}
	for (guint i = 1; i < runs->len; i++) {
		const CmasimCheckRun *run = g_ptr_array_index(runs, i);
		const CmasimSummaryValue *other =
		    _cmasim_summary_lookup(run->summary, run->summary_path, "workload", error);
		if (other == NULL)
			return NULL;
		if (g_strcmp0(other->text, workload->text) != 0) {
			_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &other->pos,
			                     "workload '%s' (expected '%s' like %s)", other->text,
			                     workload->text, first->summary_path);
			return NULL;
		}
	}
	if (workload_file == NULL && like != NULL)
		workload_file = like->workload_file;

	cmasim_yaml_out_mapping_start(out, FALSE);
	cmasim_yaml_out_key(out, "baseline");
	cmasim_yaml_out_scalar_uint(out, CMASIM_BASELINE_VERSION);
	cmasim_yaml_out_key(out, "workload");
	cmasim_yaml_out_scalar_str(out, workload->text);
	if (workload_file != NULL) {
		cmasim_yaml_out_key(out, "workload_file");
		cmasim_yaml_out_scalar_str(out, workload_file);
	}
	cmasim_yaml_out_key(out, "seed");
	cmasim_yaml_out_scalar_uint(out, seed_value);
	cmasim_yaml_out_key(out, "policies");
	cmasim_yaml_out_mapping_start(out, FALSE);
	for (guint i = 0; i < runs->len; i++) {
		if (!cmasim_baseline_emit_run(out, g_ptr_array_index(runs, i), like, error))
			return NULL;
	}
	cmasim_yaml_out_mapping_end(out);
	cmasim_yaml_out_mapping_end(out);
	text = cmasim_yaml_out_finish(out, error);
	if (text == NULL)
		return NULL;
	return g_strconcat("# cmasim regression baseline (docs/regression-gate.md), written by\n"
	                   "# `cmasim baseline`; regenerate with scripts/update-baselines.sh.\n"
	                   "# A bare number must match exactly; {value: N, tolerance: ...}\n"
	                   "# allows a difference, and why: says the reason.\n",
	                   text, NULL);
}
