/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * One GError domain for tool errors (bad input, I/O). Simulated allocation
 * failures are never GErrors: they are data (CmasimAllocStatus).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CMASIM_ERROR (cmasim_error_quark())
GQuark cmasim_error_quark(void);

typedef enum {
	CMASIM_ERROR_FAILED,	     /* generic */
	CMASIM_ERROR_INVALID_CONFIG, /* semantically wrong workload or machine values */
	CMASIM_ERROR_PARSE,	     /* YAML syntax */
	CMASIM_ERROR_IO,	     /* file access */
	CMASIM_ERROR_NOT_SUPPORTED,  /* valid but not modelled */
	CMASIM_ERROR_INTERNAL,	     /* an invariant broke */
	CMASIM_ERROR_INTERRUPTED,    /* the run was stopped by a signal */
} CmasimError;

G_END_DECLS
