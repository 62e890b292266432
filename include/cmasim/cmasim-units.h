/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Parsing of the scalar forms users write: sizes with IEC or K/M/G suffixes
 * (all powers of 1024, as the kernel's memparse()), times with ns/us/ms/s,
 * rates "N/s", plain integers, decimals and booleans. Every parser rejects
 * trailing junk, negative values and overflow, and returns a GError
 * (CMASIM_ERROR_INVALID_CONFIG) whose message says what was expected; the
 * caller prefixes file:line:column.
 */
#pragma once

#include <glib.h>

#include "cmasim/cmasim-types.h"

G_BEGIN_DECLS

/* "4KiB", "512M", "1G", "4096" (bytes) */
gboolean cmasim_parse_size_bytes(const gchar *text, guint64 *out, GError **error);
/* "10ms", "250us", "3s", "15ns", "1.5ms"; a bare number is nanoseconds */
gboolean cmasim_parse_time_ns(const gchar *text, CmasimTimeNs *out, GError **error);
/* "2000/s", "5/ms", "0.5/s": events per second */
gboolean cmasim_parse_rate_per_s(const gchar *text, gdouble *out, GError **error);
/* "200MiB/s", "4KiB/ms": bytes per second */
gboolean cmasim_parse_bandwidth(const gchar *text, gdouble *out, GError **error);
/* decimal or 0x hex, no sign */
gboolean cmasim_parse_uint64(const gchar *text, guint64 *out, GError **error);
/* finite, non-negative decimal, optionally with an exponent ("2.5", "1e6") */
gboolean cmasim_parse_double(const gchar *text, gdouble *out, GError **error);
/* true/false/yes/no/on/off/1/0 */
gboolean cmasim_parse_bool(const gchar *text, gboolean *out, GError **error);

/* canonical text forms, used by config.effective.yaml (exact, round-trip) */
gchar *cmasim_format_size_bytes(guint64 bytes);
gchar *cmasim_format_time_ns(CmasimTimeNs ns);

/* overflow-checked arithmetic on sizes taken from input */
gboolean cmasim_mul_u64(guint64 a, guint64 b, guint64 *out);
gboolean cmasim_add_u64(guint64 a, guint64 b, guint64 *out);

G_END_DECLS
