/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Shared by the libFuzzer harnesses of tests/fuzz/: a deterministic
 * environment, the filter that keeps fuzzed include: and events: file:
 * names inside tests/data/, and the oracle for rejected inputs.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the name fuzzed documents are read under: relative include: and events:
 * file: names resolve in tests/data/good/ of the source tree */
const gchar *fuzz_document_name(void);
/* once, from LLVMFuzzerInitialize(): presets and CPU profiles come from the
 * compiled-in copies only, criticals abort */
void fuzz_setup(void);
/*
 * Would reading @data open a file outside tests/data/? TRUE when some
 * scalar, taken as a file name relative to the document, is outside: such
 * an input could make the reader open /dev/stdin (blocks), /dev/urandom
 * (not reproducible) or the fuzzer's own growing corpus.
 */
gboolean fuzz_names_a_file_outside(const guint8 *data, gsize len);
/* the same test for one text (a scalar, a --set value) */
gboolean fuzz_text_names_a_file_outside(const gchar *text, gsize length);
/* a rejected input must give one "FILE:LINE:COLUMN: ... expected ..."
 * message in the CMASIM_ERROR domain; aborts (a finding) otherwise */
void fuzz_check_rejection(const GError *error);

G_END_DECLS
