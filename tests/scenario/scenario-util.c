/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib/gstdio.h>

#include "scenario-util.h"

gchar *
scenario_test_make_tmp_dir(void)
{
	g_autoptr(GError) error = NULL;
	gchar *dir = g_dir_make_tmp("cmasim-test-scenario-XXXXXX", &error);
	if (dir == NULL)
		fail_msg("%s", error->message);
	return dir;
}

void
scenario_test_remove_dir(const gchar *path)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	const gchar *name;

	if (dir == NULL)
		return;
	while ((name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *child = g_build_filename(path, name, NULL);
		if (g_file_test(child, G_FILE_TEST_IS_DIR))
			scenario_test_remove_dir(child);
		else
			g_unlink(child);
	}
	g_rmdir(path);
}

gchar *
scenario_test_read_file(const gchar *dir, const gchar *name, gsize *len)
{
	g_autofree gchar *path = g_build_filename(dir, name, NULL);
	g_autoptr(GError) error = NULL;
	gchar *contents = NULL;
	if (!g_file_get_contents(path, &contents, len, &error))
		fail_msg("%s", error->message);
	return contents;
}
