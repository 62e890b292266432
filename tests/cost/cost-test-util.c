/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Test helpers of the cost tests: a line reader for the flat CPU profiles.
 * Not a YAML parser: it accepts exactly the shape of configs/cpus/<cpu>.yaml and
 * fails on anything else, which also keeps the profiles in that shape.
 */
#define G_LOG_DOMAIN "CmasimCostTest"

#include <string.h>

#include "cmasim-config.h"
#include "cmasim/cmasim-error.h"
#include "cost-test-util.h"

gchar *
cost_test_source_path(const gchar *relpath)
{
	const gchar *root = g_getenv("CMASIM_DATADIR");

	if (root == NULL || *root == '\0')
		root = CMASIM_SOURCE_DIR;
	return g_build_filename(root, relpath, NULL);
}

gboolean
cost_test_load_profile(CmasimParams *params, const gchar *cpu, guint *n_keys_out, GError **error)
{
	g_autofree gchar *name = g_strdup_printf("%s.yaml", cpu);
	g_autofree gchar *rel = g_build_filename("configs", "cpus", name, NULL);
	g_autofree gchar *path = cost_test_source_path(rel);
	g_autofree gchar *contents = NULL;
	g_auto(GStrv) lines = NULL;
	gboolean in_cost = FALSE;
	guint n_keys = 0;

	if (!g_file_get_contents(path, &contents, NULL, error))
		return FALSE;
	lines = g_strsplit(contents, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		g_autofree gchar *body = NULL;
		g_autofree gchar *key = NULL;
		gchar *hash;
		gchar *colon;
		const gchar *line = lines[i];

		if (!in_cost) {
			in_cost = g_strcmp0(line, "cost:") == 0;
			continue;
		}
		if (*line == '\0')
			continue;
		if (!g_str_has_prefix(line, "  ")) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_PARSE,
				    "%s:%u: unexpected line after cost:", path, i + 1);
			return FALSE;
		}
		body = g_strstrip(g_strdup(line));
		if (body[0] == '#')
			continue;
		hash = strstr(body, " #");
		if (hash == NULL) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_PARSE,
				    "%s:%u: value without a source comment", path, i + 1);
			return FALSE;
		}
		*hash = '\0';
		colon = strchr(body, ':');
		if (colon == NULL) {
			g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_PARSE,
				    "%s:%u: expected 'key: value'", path, i + 1);
			return FALSE;
		}
		*colon = '\0';
		key = g_strdup_printf("cost.%s", body);
		if (!cmasim_params_set(params, key, g_strstrip(colon + 1), error)) {
			g_prefix_error(error, "%s:%u: ", path, i + 1);
			return FALSE;
		}
		n_keys++;
	}
	if (n_keys_out != NULL)
		*n_keys_out = n_keys;
	return TRUE;
}

CmasimParams *
cost_test_params_for(const gchar *cpu)
{
	g_autoptr(CmasimParams) params = cmasim_params_new();
	g_autoptr(GError) error = NULL;

	if (!cost_test_load_profile(params, cpu, NULL, &error))
		g_error("profile %s: %s", cpu, error->message);
	return g_steal_pointer(&params);
}
