/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Atomic output files: write to a unique temporary name next to the final
 * one, then fflush, fsync and rename(2) over the final name (rename is atomic
 * within a file system), so readers see either the old file or the complete
 * new one. An uncommitted file is removed when freed. No kernel code is
 * mirrored here.
 */
#define G_LOG_DOMAIN "CmasimReport"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cmasim/cmasim-error.h"
#include "cmasim/cmasim-report.h"

/* stdio buffer of each output file */
#define CMASIM_OUTPUT_BUFFER_BYTES (64u * 1024u)

struct _CmasimOutputFile {
	gchar *path;	 /* final name */
	gchar *tmp_path; /* where the bytes go until commit */
	FILE *stream;
	gboolean committed;
	GError *error; /* first write error, sticky */
};

/**
 * cmasim_output_file_new:
 * @path: the final file name
 * @error: (nullable): return location for a CMASIM_ERROR_IO error
 *
 * Creates "<path>.tmp.XXXXXX" with mode 0666 minus the umask.
 *
 * Returns: (transfer full) (nullable): the file, or NULL on error
 */
CmasimOutputFile *
cmasim_output_file_new(const gchar *path, GError **error)
{
	g_autoptr(CmasimOutputFile) self = NULL;
	gint fd;

	g_return_val_if_fail(path != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	self = g_new0(CmasimOutputFile, 1);
	self->path = g_strdup(path);
	self->tmp_path = g_strdup_printf("%s.tmp.XXXXXX", path);
	fd = g_mkstemp_full(self->tmp_path, O_RDWR | O_CLOEXEC, 0666);
	if (fd < 0) {
		gint saved_errno = errno;

		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO,
			    "cannot create a temporary file for '%s': %s", path,
			    g_strerror(saved_errno));
		/* nothing was created: keep free() from unlinking the template */
		g_clear_pointer(&self->tmp_path, g_free);
		return NULL;
	}
	self->stream = fdopen(fd, "w");
	if (self->stream == NULL) {
		gint saved_errno = errno;

		close(fd);
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO, "cannot open '%s': %s",
			    self->tmp_path, g_strerror(saved_errno));
		return NULL;
	}
	/* a failed setvbuf only costs speed */
	(void)setvbuf(self->stream, NULL, _IOFBF, CMASIM_OUTPUT_BUFFER_BYTES);
	return g_steal_pointer(&self);
}

/**
 * cmasim_output_file_free:
 *
 * Closes the file; if it was not committed, deletes the temporary file so
 * nothing is left under either name.
 */
void
cmasim_output_file_free(CmasimOutputFile *self)
{
	if (self == NULL)
		return;
	if (self->stream != NULL)
		fclose(self->stream);
	if (!self->committed && self->tmp_path != NULL)
		(void)g_unlink(self->tmp_path);
	g_free(self->path);
	g_free(self->tmp_path);
	g_clear_error(&self->error);
	g_free(self);
}

const gchar *
cmasim_output_file_get_path(const CmasimOutputFile *self)
{
	g_return_val_if_fail(self != NULL, NULL);
	return self->path;
}

/* remember the first failure and hand a copy to the caller */
static gboolean
cmasim_output_file_fail(CmasimOutputFile *self, gint saved_errno, const gchar *what,
			GError **error)
{
	if (self->error == NULL) {
		self->error = g_error_new(CMASIM_ERROR, CMASIM_ERROR_IO, "cannot %s '%s': %s", what,
					  self->path, g_strerror(saved_errno));
	}
	if (error != NULL)
		*error = g_error_copy(self->error);
	return FALSE;
}

static gboolean
cmasim_output_file_check(CmasimOutputFile *self, GError **error)
{
	if (self->error != NULL) {
		if (error != NULL)
			*error = g_error_copy(self->error);
		return FALSE;
	}
	if (self->stream == NULL) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO,
			    "'%s' was already committed", self->path);
		return FALSE;
	}
	return TRUE;
}

gboolean
cmasim_output_file_write(CmasimOutputFile *self, const void *data, gsize len, GError **error)
{
	g_return_val_if_fail(self != NULL, FALSE);
	g_return_val_if_fail(data != NULL || len == 0, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

	if (!cmasim_output_file_check(self, error))
		return FALSE;
	if (len == 0)
		return TRUE;
	errno = 0;
	if (fwrite(data, 1, len, self->stream) != len)
		return cmasim_output_file_fail(self, errno != 0 ? errno : EIO, "write", error);
	return TRUE;
}

gboolean
cmasim_output_file_printf(CmasimOutputFile *self, GError **error, const gchar *format, ...)
{
	va_list args;
	gint written;

	g_return_val_if_fail(self != NULL, FALSE);
	g_return_val_if_fail(format != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

	if (!cmasim_output_file_check(self, error))
		return FALSE;
	errno = 0;
	va_start(args, format);
	written = vfprintf(self->stream, format, args);
	va_end(args);
	if (written < 0)
		return cmasim_output_file_fail(self, errno != 0 ? errno : EIO, "write", error);
	return TRUE;
}

/* make the rename itself durable; failure here does not lose data already synced */
static void
cmasim_output_sync_dir(const gchar *path)
{
	g_autofree gchar *dir = g_path_get_dirname(path);
	gint fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	(void)fsync(fd);
	close(fd);
}

/**
 * cmasim_output_file_commit:
 *
 * Flushes, fsyncs and closes the temporary file and renames it over the
 * final name. On failure the temporary file is removed by free().
 *
 * Returns: TRUE if the final file now holds everything written
 */
gboolean
cmasim_output_file_commit(CmasimOutputFile *self, GError **error)
{
	FILE *stream;

	g_return_val_if_fail(self != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

	if (!cmasim_output_file_check(self, error))
		return FALSE;
	errno = 0;
	if (fflush(self->stream) != 0)
		return cmasim_output_file_fail(self, errno != 0 ? errno : EIO, "write", error);
	if (fsync(fileno(self->stream)) != 0 && errno != EINVAL)
		return cmasim_output_file_fail(self, errno, "sync", error);
	stream = g_steal_pointer(&self->stream);
	if (fclose(stream) != 0)
		return cmasim_output_file_fail(self, errno != 0 ? errno : EIO, "close", error);
	if (g_rename(self->tmp_path, self->path) != 0)
		return cmasim_output_file_fail(self, errno, "rename a temporary file to", error);
	self->committed = TRUE;
	cmasim_output_sync_dir(self->path);
	return TRUE;
}

gboolean
cmasim_output_write_file_atomic(const gchar *path, const void *data, gsize len, GError **error)
{
	g_autoptr(CmasimOutputFile) file = NULL;

	g_return_val_if_fail(path != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

	file = cmasim_output_file_new(path, error);
	if (file == NULL)
		return FALSE;
	if (!cmasim_output_file_write(file, data, len, error))
		return FALSE;
	return cmasim_output_file_commit(file, error);
}

gboolean
cmasim_output_ensure_dir(const gchar *path, GError **error)
{
	g_return_val_if_fail(path != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

	if (*path == '\0') {
		g_set_error_literal(error, CMASIM_ERROR, CMASIM_ERROR_IO,
				    "empty output directory name");
		return FALSE;
	}
	if (g_mkdir_with_parents(path, 0777) != 0) {
		gint saved_errno = errno;

		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO,
			    "cannot create directory '%s': %s", path, g_strerror(saved_errno));
		return FALSE;
	}
	if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, CMASIM_ERROR, CMASIM_ERROR_IO,
			    "cannot create directory '%s': %s", path, g_strerror(ENOTDIR));
		return FALSE;
	}
	return TRUE;
}
