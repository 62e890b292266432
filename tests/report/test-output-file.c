/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Atomic output files: commit publishes the whole file, an abandoned file
 * leaves nothing behind (not even the temporary), errors name the path.
 */
#define G_LOG_DOMAIN "CmasimTest"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-report.h"

static int
setup_dir(void **state)
{
	gchar *dir = g_dir_make_tmp("cmasim-output-XXXXXX", NULL);

	if (dir == NULL)
		return -1;
	*state = dir;
	return 0;
}

/* rm -r of a test directory (no symlinks are ever created in it) */
static gboolean
test_remove_tree(const gchar *dir)
{
	g_autoptr(GDir) handle = g_dir_open(dir, 0, NULL);
	const gchar *name;

	if (handle == NULL)
		return FALSE;
	while ((name = g_dir_read_name(handle)) != NULL) {
		g_autofree gchar *path = g_build_filename(dir, name, NULL);

		if (g_file_test(path, G_FILE_TEST_IS_DIR))
			(void)test_remove_tree(path);
		else
			(void)g_unlink(path);
	}
	return g_rmdir(dir) == 0;
}

static int
teardown_dir(void **state)
{
	g_autofree gchar *dir = *state;

	return test_remove_tree(dir) ? 0 : -1;
}

static guint
test_count_entries(const gchar *dir)
{
	g_autoptr(GDir) handle = g_dir_open(dir, 0, NULL);
	guint n = 0;

	assert_non_null(handle);
	while (g_dir_read_name(handle) != NULL)
		n++;
	return n;
}

static void
test_output_commit(void **state)
{
	const gchar *dir = *state;
	g_autofree gchar *path = g_build_filename(dir, "stats.txt", NULL);
	g_autofree gchar *contents = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimOutputFile) file = cmasim_output_file_new(path, &error);
	GStatBuf st;
	mode_t mask;

	assert_non_null(file);
	assert_null(error);
	assert_string_equal(cmasim_output_file_get_path(file), path);
	/* only the temporary exists until commit */
	assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	assert_int_equal(test_count_entries(dir), 1);
	assert_true(cmasim_output_file_write(file, "hello ", 6, &error));
	assert_true(cmasim_output_file_write(file, NULL, 0, &error));
	assert_true(cmasim_output_file_printf(file, &error, "%s %d\n", "world", 42));
	assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	assert_true(cmasim_output_file_commit(file, &error));
	assert_null(error);

	assert_true(g_file_get_contents(path, &contents, NULL, &error));
	assert_string_equal(contents, "hello world 42\n");
	assert_int_equal(test_count_entries(dir), 1);
	/* mode 0666 minus the umask, not mkstemp's 0600 */
	mask = umask(0);
	umask(mask);
	assert_int_equal(g_stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0666 & ~mask);

	/* writing after commit is refused */
	assert_false(cmasim_output_file_write(file, "x", 1, &error));
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_IO));
}

static void
test_output_replace(void **state)
{
	const gchar *dir = *state;
	g_autofree gchar *path = g_build_filename(dir, "summary.yaml", NULL);
	g_autofree gchar *contents = NULL;
	g_autoptr(GError) error = NULL;

	assert_true(cmasim_output_write_file_atomic(path, "old\n", 4, &error));
	{
		g_autoptr(CmasimOutputFile) file = cmasim_output_file_new(path, &error);

		assert_non_null(file);
		assert_true(cmasim_output_file_write(file, "new", 3, &error));
		/* the old content stays visible until commit */
		assert_true(g_file_get_contents(path, &contents, NULL, &error));
		assert_string_equal(contents, "old\n");
		g_clear_pointer(&contents, g_free);
		assert_true(cmasim_output_file_commit(file, &error));
	}
	assert_true(g_file_get_contents(path, &contents, NULL, &error));
	assert_string_equal(contents, "new");
	assert_int_equal(test_count_entries(dir), 1);
}

static void
test_output_abort(void **state)
{
	const gchar *dir = *state;
	g_autofree gchar *path = g_build_filename(dir, "requests.tsv", NULL);
	g_autoptr(GError) error = NULL;
	CmasimOutputFile *file = cmasim_output_file_new(path, &error);
	g_autofree gchar *big = g_strnfill(1024 * 1024, 'x');

	assert_non_null(file);
	/* more than the stdio buffer, so bytes really reach the temporary file */
	assert_true(cmasim_output_file_write(file, big, strlen(big), &error));
	assert_int_equal(test_count_entries(dir), 1);
	cmasim_output_file_free(file);
	assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
	assert_int_equal(test_count_entries(dir), 0);
}

static void
test_output_abort_keeps_old(void **state)
{
	const gchar *dir = *state;
	g_autofree gchar *path = g_build_filename(dir, "buddyinfo.txt", NULL);
	g_autofree gchar *contents = NULL;
	g_autoptr(GError) error = NULL;

	assert_true(cmasim_output_write_file_atomic(path, "complete\n", 9, &error));
	{
		g_autoptr(CmasimOutputFile) file = cmasim_output_file_new(path, &error);

		assert_true(cmasim_output_file_write(file, "half", 4, &error));
		/* interrupted: never committed */
	}
	assert_true(g_file_get_contents(path, &contents, NULL, &error));
	assert_string_equal(contents, "complete\n");
	assert_int_equal(test_count_entries(dir), 1);
}

static void
test_output_missing_dir(void **state)
{
	const gchar *dir = *state;
	g_autofree gchar *path = g_build_filename(dir, "no-such-dir", "stats.txt", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimOutputFile) file = cmasim_output_file_new(path, &error);

	assert_null(file);
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_IO));
	assert_non_null(strstr(error->message, path));
	g_clear_error(&error);

	assert_false(cmasim_output_write_file_atomic(path, "x", 1, &error));
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_IO));
	assert_non_null(strstr(error->message, path));
	assert_int_equal(test_count_entries(dir), 0);
}

static void
test_output_commit_fails(void **state)
{
	const gchar *dir = *state;
	g_autofree gchar *path = g_build_filename(dir, "is-a-dir", NULL);
	g_autofree gchar *inner = g_build_filename(path, "keep", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(CmasimOutputFile) file = NULL;

	/* a non-empty directory under the final name makes rename() fail */
	assert_int_equal(g_mkdir(path, 0755), 0);
	assert_int_equal(g_mkdir(inner, 0755), 0);
	file = cmasim_output_file_new(path, &error);
	assert_non_null(file);
	assert_true(cmasim_output_file_write(file, "data", 4, &error));
	assert_false(cmasim_output_file_commit(file, &error));
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_IO));
	assert_non_null(strstr(error->message, path));
	g_clear_pointer(&file, cmasim_output_file_free);
	/* the temporary is gone, the directory untouched */
	assert_int_equal(test_count_entries(dir), 1);
	assert_true(g_file_test(inner, G_FILE_TEST_IS_DIR));
}

static void
test_output_ensure_dir(void **state)
{
	const gchar *dir = *state;
	g_autofree gchar *nested = g_build_filename(dir, "a", "b", "c", NULL);
	g_autofree gchar *a = g_build_filename(dir, "a", NULL);
	g_autofree gchar *b = g_build_filename(dir, "a", "b", NULL);
	g_autofree gchar *file_path = g_build_filename(dir, "plain", NULL);
	g_autofree gchar *below_file = g_build_filename(dir, "plain", "sub", NULL);
	g_autoptr(GError) error = NULL;

	assert_true(cmasim_output_ensure_dir(nested, &error));
	assert_true(g_file_test(nested, G_FILE_TEST_IS_DIR));
	/* again: already there */
	assert_true(cmasim_output_ensure_dir(nested, &error));
	assert_null(error);

	assert_true(cmasim_output_write_file_atomic(file_path, "", 0, &error));
	assert_false(cmasim_output_ensure_dir(file_path, &error));
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_IO));
	assert_non_null(strstr(error->message, file_path));
	g_clear_error(&error);
	assert_false(cmasim_output_ensure_dir(below_file, &error));
	assert_true(g_error_matches(error, CMASIM_ERROR, CMASIM_ERROR_IO));
	assert_non_null(strstr(error->message, below_file));

	assert_int_equal(g_rmdir(nested), 0);
	assert_int_equal(g_rmdir(b), 0);
	assert_int_equal(g_rmdir(a), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_output_commit, setup_dir, teardown_dir),
	    cmocka_unit_test_setup_teardown(test_output_replace, setup_dir, teardown_dir),
	    cmocka_unit_test_setup_teardown(test_output_abort, setup_dir, teardown_dir),
	    cmocka_unit_test_setup_teardown(test_output_abort_keeps_old, setup_dir, teardown_dir),
	    cmocka_unit_test_setup_teardown(test_output_missing_dir, setup_dir, teardown_dir),
	    cmocka_unit_test_setup_teardown(test_output_commit_fails, setup_dir, teardown_dir),
	    cmocka_unit_test_setup_teardown(test_output_ensure_dir, setup_dir, teardown_dir),
	};

	return cmocka_run_group_tests_name("output-file", tests, NULL, NULL);
}
