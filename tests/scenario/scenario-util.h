/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/* Run directories for the whole-scenario tests: made, read and removed. */
#pragma once

#include <glib.h>

/* a fresh directory under the temporary directory; fails the test if it cannot */
gchar *scenario_test_make_tmp_dir(void);
/* @path and everything under it */
void scenario_test_remove_dir(const gchar *path);
/* the whole of @dir/@name (its length in @len if not NULL); fails the test if unreadable */
gchar *scenario_test_read_file(const gchar *dir, const gchar *name, gsize *len);
