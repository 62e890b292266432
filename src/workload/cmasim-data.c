/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * The data search path: machine presets, CPU profiles and workloads are
 * looked up in $CMASIM_DATADIR, the source tree the binary was built from,
 * the installed data directory and finally the copies compiled into the
 * binary as a GResource (/org/cmasim/), so the default scenario runs from
 * any directory.
 */
#define G_LOG_DOMAIN "CmasimWorkload"

#include <gio/gio.h>
#include <string.h>

#include "cmasim-config.h"
#include "workload/cmasim-data-resources.h"
#include "workload/cmasim-workload-private.h"

#define CMASIM_RESOURCE_PREFIX "/org/cmasim/"

static gboolean cmasim_data_builtin_only = FALSE;

void
_cmasim_data_set_builtin_only(gboolean builtin_only)
{
	cmasim_data_builtin_only = builtin_only;
}

GPtrArray *
cmasim_data_search_path(void)
{
	GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
	const gchar *env = g_getenv("CMASIM_DATADIR");

	if (cmasim_data_builtin_only)
		return dirs;

	if (env != NULL && *env != '\0') {
		g_auto(GStrv) parts = g_strsplit(env, G_SEARCHPATH_SEPARATOR_S, -1);
		for (guint i = 0; parts[i] != NULL; i++) {
			if (*parts[i] != '\0')
				g_ptr_array_add(dirs, g_strdup(parts[i]));
		}
	}
	g_ptr_array_add(dirs, g_strdup(CMASIM_SOURCE_DIR));
	g_ptr_array_add(dirs, g_strdup(CMASIM_DATADIR));
	return dirs;
}

static gboolean
cmasim_relpath_is_safe(const gchar *relpath)
{
	g_auto(GStrv) parts = NULL;
	if (relpath == NULL || *relpath == '\0' || g_path_is_absolute(relpath))
		return FALSE;
	parts = g_strsplit(relpath, "/", -1);
	for (guint i = 0; parts[i] != NULL; i++) {
		if (g_strcmp0(parts[i], "..") == 0 || *parts[i] == '\0')
			return FALSE;
	}
	return TRUE;
}

gchar *
_cmasim_data_lookup_builtin(const gchar *relpath, gsize *len)
{
	g_autofree gchar *resource_path = g_strconcat(CMASIM_RESOURCE_PREFIX, relpath, NULL);
	g_autoptr(GBytes) bytes = g_resource_lookup_data(cmasim_data_get_resource(), resource_path,
	                                                 G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
	gsize size = 0;
	const gchar *data;
	gchar *copy;

	if (bytes == NULL)
		return NULL;
	data = g_bytes_get_data(bytes, &size);
	copy = g_malloc(size + 1);
	if (size > 0)
		memcpy(copy, data, size);
	copy[size] = '\0';
	if (len != NULL)
		*len = size;
	return copy;
}

/**
 * cmasim_data_lookup_full:
 * @relpath: e.g. "configs/machines/goni-s5pc110.yaml"
 * @origin: (out) (optional): where it was found
 * @len: (out) (optional): its length
 * @error: (nullable): CMASIM_ERROR_IO when no location has it
 *
 * Returns: (transfer full) (nullable): the file's contents, NUL-terminated
 */
gchar *
cmasim_data_lookup_full(const gchar *relpath, gchar **origin, gsize *len, GError **error)
{
	g_autoptr(GPtrArray) dirs = NULL;
	g_autoptr(GString) searched = NULL;
	gchar *contents;

	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	if (!cmasim_relpath_is_safe(relpath)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO,
		            "'%s' is not a data file name (expected a relative path without '..')",
		            relpath != NULL ? relpath : "");
		return NULL;
	}
	dirs = cmasim_data_search_path();
	searched = g_string_new(NULL);
	for (guint i = 0; i < dirs->len; i++) {
		g_autofree gchar *path =
		    g_build_filename(g_ptr_array_index(dirs, i), relpath, NULL);
		gsize size = 0;
		if (g_file_test(path, G_FILE_TEST_IS_REGULAR) &&
		    g_file_get_contents(path, &contents, &size, NULL)) {
			if (origin != NULL)
				*origin = g_steal_pointer(&path);
			if (len != NULL)
				*len = size;
			return contents;
		}
		g_string_append_printf(searched, "%s, ", (const gchar *)g_ptr_array_index(dirs, i));
	}
	contents = _cmasim_data_lookup_builtin(relpath, len);
	if (contents != NULL) {
		if (origin != NULL)
			*origin = g_strconcat("resource://" CMASIM_RESOURCE_PREFIX, relpath, NULL);
		return contents;
	}
	g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO,
	            "data file '%s' not found (searched %sand the built-in copies)", relpath,
	            searched->str);
	return NULL;
}

/**
 * cmasim_data_lookup:
 * @relpath: e.g. "workloads/goni-camera.yaml"
 * @len: (out) (optional): its length
 * @error: (nullable): CMASIM_ERROR_IO when no location has it
 *
 * Returns: (transfer full) (nullable): the file's contents, NUL-terminated
 */
gchar *
cmasim_data_lookup(const gchar *relpath, gsize *len, GError **error)
{
	return cmasim_data_lookup_full(relpath, NULL, len, error);
}

static gint
cmasim_data_strcmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const gchar *const *)a, *(const gchar *const *)b);
}

static void
cmasim_data_add_name(GPtrArray *names, const gchar *file)
{
	g_autofree gchar *name = NULL;
	if (!g_str_has_suffix(file, ".yaml") || *file == '.')
		return;
	name = g_strndup(file, strlen(file) - 5);
	if (g_ptr_array_find_with_equal_func(names, name, g_str_equal, NULL))
		return;
	g_ptr_array_add(names, g_steal_pointer(&name));
}

/**
 * cmasim_data_list:
 * @subdir: e.g. "configs/machines"
 *
 * Returns: (transfer full) (element-type utf8): sorted names without .yaml
 */
GPtrArray *
cmasim_data_list(const gchar *subdir)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) dirs = NULL;
	g_autofree gchar *resource_dir = NULL;
	g_auto(GStrv) children = NULL;

	if (!cmasim_relpath_is_safe(subdir))
		return names;
	dirs = cmasim_data_search_path();
	for (guint i = 0; i < dirs->len; i++) {
		g_autofree gchar *path = g_build_filename(g_ptr_array_index(dirs, i), subdir, NULL);
		g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
		const gchar *file;
		if (dir == NULL)
			continue;
		while ((file = g_dir_read_name(dir)) != NULL) {
			g_autofree gchar *full = g_build_filename(path, file, NULL);
			if (g_file_test(full, G_FILE_TEST_IS_REGULAR))
				cmasim_data_add_name(names, file);
		}
	}
	resource_dir = g_strconcat(CMASIM_RESOURCE_PREFIX, subdir, "/", NULL);
	children = g_resource_enumerate_children(cmasim_data_get_resource(), resource_dir,
	                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
	for (guint i = 0; children != NULL && children[i] != NULL; i++)
		cmasim_data_add_name(names, children[i]);
	g_ptr_array_sort(names, cmasim_data_strcmp);
	return names;
}
