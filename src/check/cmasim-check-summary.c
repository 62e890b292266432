/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The side of the regression gate that reads runs: summary.yaml through the
 * workload reader's pull parser (so a damaged summary is reported as
 * FILE:LINE:COLUMN like any input), flattened into dotted paths, and the
 * runs of a run or compare directory (docs/output-formats.md).
 */
#define G_LOG_DOMAIN "CmasimCheck"

#include <string.h>

#include "check/cmasim-check-private.h"

static void
cmasim_summary_value_free(CmasimSummaryValue *value)
{
	g_free(value->text);
	g_free(value);
}

static void
cmasim_summary_put(GHashTable *out, const gchar *path, const gchar *text, const CmasimPos *pos)
{
	CmasimSummaryValue *value = g_new0(CmasimSummaryValue, 1);
	value->text = g_strdup(text);
	value->pos = *pos;
	g_hash_table_replace(out, g_strdup(path), value);
}

static gchar *
cmasim_summary_join(const gchar *path, const gchar *key)
{
	return *path == '\0' ? g_strdup(key) : g_strconcat(path, ".", key, NULL);
}

static GHashTable *
cmasim_summary_table_new(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                             (GDestroyNotify)cmasim_summary_value_free);
}

/* copy @src's entries under @prefix */
static void
cmasim_summary_put_all(GHashTable *out, const gchar *prefix, GHashTable *src)
{
	GHashTableIter iter;
	gpointer key;
	gpointer data;

	g_hash_table_iter_init(&iter, src);
	while (g_hash_table_iter_next(&iter, &key, &data)) {
		const CmasimSummaryValue *value = data;
		g_autofree gchar *path = cmasim_summary_join(prefix, key);
		cmasim_summary_put(out, *(const gchar *)key == '\0' ? prefix : path, value->text,
		                   &value->pos);
	}
}

/* the node whose first event is current, and everything under it, at @path */
static gboolean
cmasim_summary_read_node(CmasimReader *reader, const gchar *path, GHashTable *out, GError **error)
{
	CmasimPos pos = _cmasim_reader_pos(reader);

	if (_cmasim_reader_is_scalar(reader)) {
		cmasim_summary_put(out, path, _cmasim_reader_scalar(reader), &pos);
		return TRUE;
	}
	cmasim_summary_put(out, path, NULL, &pos);
	if (reader->event.type == YAML_MAPPING_START_EVENT) {
		for (;;) {
			g_autofree gchar *child = NULL;
			if (!_cmasim_reader_next(reader, error))
				return FALSE;
			if (reader->event.type == YAML_MAPPING_END_EVENT)
				return TRUE;
			if (!_cmasim_reader_expect_scalar(reader, "summary", "a key", error))
				return FALSE;
			child = cmasim_summary_join(path, _cmasim_reader_scalar(reader));
			if (!_cmasim_reader_next(reader, error))
				return FALSE;
			if (!cmasim_summary_read_node(reader, child, out, error))
				return FALSE;
		}
	}
	/* a sequence: each item by index, and by name when it has one */
	for (guint index = 0;; index++) {
		g_autoptr(GHashTable) item = cmasim_summary_table_new();
		g_autofree gchar *number = g_strdup_printf("%u", index);
		g_autofree gchar *by_index = cmasim_summary_join(path, number);
		const CmasimSummaryValue *name;

		if (!_cmasim_reader_next(reader, error))
			return FALSE;
		if (reader->event.type == YAML_SEQUENCE_END_EVENT)
			return TRUE;
		if (!cmasim_summary_read_node(reader, "", item, error))
			return FALSE;
		cmasim_summary_put_all(out, by_index, item);
		name = g_hash_table_lookup(item, "name");
		if (name != NULL && name->text != NULL) {
			g_autofree gchar *by_name = cmasim_summary_join(path, name->text);
			cmasim_summary_put_all(out, by_name, item);
		}
	}
}

GHashTable *
_cmasim_summary_load(const gchar *path, GError **error)
{
	g_auto(CmasimReader) reader = {0};
	g_autoptr(GHashTable) out = cmasim_summary_table_new();
	gboolean empty = FALSE;
	CmasimPos pos;

	if (!_cmasim_reader_open_file(&reader, path, path, error))
		return NULL;
	if (!_cmasim_reader_begin(&reader, &empty, error))
		return NULL;
	pos = _cmasim_reader_pos(&reader);
	if (empty || reader.event.type != YAML_MAPPING_START_EVENT) {
		_cmasim_set_error_at(error, CMASIM_ERROR_PARSE, &pos,
		                     "the summary is %s (expected the mapping cmasim run writes)",
		                     empty ? "empty" : _cmasim_reader_node_kind(&reader));
		return NULL;
	}
	if (!cmasim_summary_read_node(&reader, "", out, error))
		return NULL;
	if (!_cmasim_reader_end(&reader, error))
		return NULL;
	return g_steal_pointer(&out);
}

const CmasimSummaryValue *
_cmasim_summary_lookup(GHashTable *summary, const gchar *path, const gchar *metric,
                       GError **error)
{
	const CmasimSummaryValue *value = g_hash_table_lookup(summary, metric);

	if (value == NULL) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "%s: no metric '%s' (expected a dotted path to a value, such as "
		            "contiguous.latency_ns.p99)",
		            path, metric);
		return NULL;
	}
	if (value->text == NULL) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &value->pos,
		                     "'%s' is a mapping or a sequence (expected a path to one "
		                     "value, such as %s.%s)",
		                     metric, metric,
		                     g_str_has_suffix(metric, "latency_ns") ? "p99" : "...");
		return NULL;
	}
	return value;
}

void
_cmasim_check_run_free(CmasimCheckRun *run)
{
	if (run == NULL)
		return;
	g_free(run->policy);
	g_free(run->summary_path);
	g_clear_pointer(&run->summary, g_hash_table_unref);
	g_free(run);
}

static CmasimCheckRun *
cmasim_check_run_load(const gchar *summary_path, const gchar *expected_policy, GError **error)
{
	g_autoptr(CmasimCheckRun) run = g_new0(CmasimCheckRun, 1);
	const CmasimSummaryValue *policy;
	const CmasimSummaryValue *partial;

	run->summary_path = g_strdup(summary_path);
	run->summary = _cmasim_summary_load(summary_path, error);
	if (run->summary == NULL)
		return NULL;
	policy = _cmasim_summary_lookup(run->summary, summary_path, "policy", error);
	if (policy == NULL)
		return NULL;
	if (expected_policy != NULL && g_strcmp0(policy->text, expected_policy) != 0) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &policy->pos,
		                     "the run is of policy '%s' (expected '%s', its directory's "
		                     "name)",
		                     policy->text, expected_policy);
		return NULL;
	}
	partial = g_hash_table_lookup(run->summary, "partial");
	if (partial != NULL && g_strcmp0(partial->text, "false") != 0) {
		_cmasim_set_error_at(error, CMASIM_ERROR_INVALID_CONFIG, &partial->pos,
		                     "the run was interrupted, partial: %s (expected a complete "
		                     "run)",
		                     partial->text != NULL ? partial->text : "?");
		return NULL;
	}
	run->policy = g_strdup(policy->text);
	return g_steal_pointer(&run);
}

/* the first column of comparison.tsv: the policies in the order they ran */
static GPtrArray *
cmasim_check_compared_policies(const gchar *dir, GError **error)
{
	g_autofree gchar *path = g_build_filename(dir, "comparison.tsv", NULL);
	g_autofree gchar *text = NULL;
	g_autoptr(GPtrArray) policies = g_ptr_array_new_with_free_func(g_free);
	g_auto(GStrv) lines = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO,
		            "%s: not a run or compare directory (expected summary.yaml or "
		            "comparison.tsv in it)",
		            dir);
		return NULL;
	}
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		gchar *tab = strchr(lines[i], '\t');
		if (lines[i][0] == '#' || lines[i][0] == '\0')
			continue;
		if (tab != NULL)
			*tab = '\0';
		g_ptr_array_add(policies, g_strdup(lines[i]));
	}
	if (policies->len == 0) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_INVALID_CONFIG,
		            "%s: no run listed (expected one row per policy)", path);
		return NULL;
	}
	return g_steal_pointer(&policies);
}

GPtrArray *
_cmasim_check_runs_load(const gchar *dir, GPtrArray *policies, GError **error)
{
	g_autoptr(GPtrArray) runs =
	    g_ptr_array_new_with_free_func((GDestroyNotify)_cmasim_check_run_free);
	g_autoptr(GPtrArray) listed = NULL;
	g_autofree gchar *single = g_build_filename(dir, "summary.yaml", NULL);

	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO,
		            "%s: no such directory (expected a run or compare directory)", dir);
		return NULL;
	}
	if (g_file_test(single, G_FILE_TEST_EXISTS)) {
		CmasimCheckRun *run = cmasim_check_run_load(single, NULL, error);
		if (run == NULL)
			return NULL;
		g_ptr_array_add(runs, run);
		return g_steal_pointer(&runs);
	}
	if (policies == NULL) {
		listed = cmasim_check_compared_policies(dir, error);
		if (listed == NULL)
			return NULL;
		policies = listed;
	}
	for (guint i = 0; i < policies->len; i++) {
		const gchar *policy = g_ptr_array_index(policies, i);
		g_autofree gchar *path = g_build_filename(dir, policy, "summary.yaml", NULL);
		CmasimCheckRun *run;
		if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO,
			            "%s: no run of policy '%s' (expected %s/%s/summary.yaml, as "
			            "cmasim compare writes)",
			            dir, policy, dir, policy);
			return NULL;
		}
		run = cmasim_check_run_load(path, policy, error);
		if (run == NULL)
			return NULL;
		g_ptr_array_add(runs, run);
	}
	return g_steal_pointer(&runs);
}
