/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Kernel reference captures (tests/data/kernel/<arch>-<scenario>/): what a
 * real kernel did with a script of debugfs cma alloc/free writes, read from
 * the capture's ops.log (the format is described in docs/kernel-agreement.md).
 * From a capture cmasim writes a workload that replays the same operations on
 * the same machine (`cmasim import-kernel`), and compares a run of that
 * workload with the kernel, operation by operation (`cmasim agree`).
 */
#pragma once

#include <glib.h>

#include "cmasim/cmasim-types.h"

G_BEGIN_DECLS

#define CMASIM_KREF_PFN_NONE              G_MAXUINT64
#define CMASIM_KREF_DEFAULT_TOLERANCE_PCT 10.0
/*
 * the capture's migrated and dropped totals (over every alloc op) must be
 * within this share of the kernel's, or within CMASIM_KREF_TOTAL_SLACK_PAGES
 * pages for small totals: per op the pageblock slack hides small errors, the
 * totals do not
 */
#define CMASIM_KREF_TOTAL_TOLERANCE_PCT 20.0
#define CMASIM_KREF_TOTAL_SLACK_PAGES 64
/* debugfs runs the ops one after another: each must finish before the next starts */
#define CMASIM_KREF_DEFAULT_OP_SPACING_NS (G_GUINT64_CONSTANT(1000000000))

typedef enum {
	CMASIM_KREF_OP_ALLOC,
	CMASIM_KREF_OP_FREE,
} CmasimKrefOpCmd;

typedef enum {
	CMASIM_KREF_BACKGROUND_NONE,
	CMASIM_KREF_BACKGROUND_ANON,
	CMASIM_KREF_BACKGROUND_PAGECACHE,
	CMASIM_KREF_BACKGROUND_SHMEM,
} CmasimKrefBackgroundKind;

/* a range of pages cma_release() gave back */
typedef struct {
	guint64 pfn;
	guint64 count;
} CmasimKrefRange;

/* the used/maxchunk of the area and /proc/vmstat numbers at one moment (pages) */
typedef struct {
	guint64 used;
	guint64 maxchunk;
	guint64 nr_free_pages;
	guint64 nr_free_cma;
	guint64 nr_file_pages;
	guint64 nr_anon_pages;
} CmasimKrefState;

/* one populated zone of /proc/zoneinfo */
typedef struct {
	gchar name[16];
	guint64 start_pfn;
	guint64 spanned;
	guint64 present;
	guint64 managed;
} CmasimKrefZone;

/* one debugfs write and what it did */
typedef struct {
	guint seq;
	CmasimKrefOpCmd cmd;
	guint64 count;
	gint rc;          /* 0 or a negative errno */
	guint64 pfn;      /* alloc: first pfn of the chunk; CMASIM_KREF_PFN_NONE otherwise */
	GArray *released; /* of CmasimKrefRange; empty for none */
	guint64 used;     /* after the op */
	guint64 maxchunk; /* after the op */
	guint64 pgmigrate_success; /* deltas over the op */
	guint64 pgmigrate_fail;
	guint64 file_dropped;
	guint64 retries;
	guint line; /* in ops.log */
} CmasimKrefOp;

typedef struct {
	gchar *path; /* of ops.log */
	gchar *arch; /* arm32, arm64, x86-64 */
	gchar *kernel;
	gchar *cmdline;
	gchar *scenario;
	guint64 page_size;
	guint pageblock_order;
	guint64 ram_bytes;
	GArray *zones; /* of CmasimKrefZone, in address order */
	gchar *area_name;
	guint64 area_base_pfn;
	guint64 area_count;
	guint area_order_per_bit;
	CmasimKrefState boot;
	CmasimKrefBackgroundKind background_kind;
	guint64 background_bytes;
	CmasimKrefState ready;
	GArray *ops; /* of CmasimKrefOp, seq 1.. */
	CmasimKrefState end;
} CmasimKrefCapture;

/*
 * Parse a capture: @path is a capture directory (its ops.log is read) or an
 * ops.log file itself. Every malformed line is a CMASIM_ERROR_PARSE error
 * "FILE:LINE:COLUMN: message" (1-based).
 */
CmasimKrefCapture *cmasim_kref_capture_load(const gchar *path, GError **error);
/* the same from memory; @name is the file name used in error messages */
CmasimKrefCapture *cmasim_kref_capture_parse(const gchar *name, const gchar *data, gsize len,
                                             GError **error);
void cmasim_kref_capture_free(CmasimKrefCapture *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimKrefCapture, cmasim_kref_capture_free)

/* the name of a background kind as ops.log writes it */
const gchar *cmasim_kref_background_kind_to_string(CmasimKrefBackgroundKind kind);

/* what the workload writer may use of the workload format */
typedef struct {
	/* machine keys `reserved:` and `boot_unmovable:` */
	gboolean machine_reserved;
	/* `count:` on cma_release (needed for partial frees) */
	gboolean release_count;
	/* time from one op to the next; 0 = CMASIM_KREF_DEFAULT_OP_SPACING_NS */
	CmasimTimeNs op_spacing_ns;
} CmasimKrefWriteOptions;

/* everything: the workload format of this build has every key the writer can use */
void cmasim_kref_write_options_init(CmasimKrefWriteOptions *options);

/* one step of the debugfs free walk translated into a timed cma_release */
typedef struct {
	guint seq;      /* the free op */
	guint id;       /* the seq of the alloc op whose chunk it releases */
	guint64 count;  /* pages released: the first @count of what the chunk still holds */
	gboolean whole; /* the chunk is released whole (cma_release {id}) */
} CmasimKrefRelease;

/*
 * Replay debugfs's chunk list over the ops (kernel outcomes): successful
 * allocs push a chunk at the head; `free N` walks from the head releasing
 * whole chunks of <= the remaining pages, then the first pages of a larger
 * chunk when order_per_bit is 0 (nothing when it is not), and stops.
 * Returns an array of CmasimKrefRelease in op order.
 */
GArray *cmasim_kref_release_walk(const CmasimKrefCapture *capture);

/*
 * Append to @out a workload (YAML, deterministic) that builds the capture's
 * machine and area, loads its background and replays its ops as timed
 * events (docs/kernel-agreement.md "Mapping"). @options NULL: what
 * cmasim_kref_write_options_init() gives. Fails (CMASIM_ERROR_NOT_SUPPORTED)
 * when a partial free is needed and options->release_count is FALSE.
 */
gboolean cmasim_kref_write_workload(const CmasimKrefCapture *capture, GString *out,
                                    const CmasimKrefWriteOptions *options, GError **error);

/* the workload's name for a capture: kernel-<arch>-<scenario> */
gchar *cmasim_kref_workload_name(const CmasimKrefCapture *capture);

/*
 * Does a migrated or dropped count of the sim agree with the kernel's?
 * |sim - kernel| <= max(@tolerance_pct % of kernel, @pageblock_pages).
 */
gboolean cmasim_kref_count_agrees(guint64 kernel, guint64 sim, gdouble tolerance_pct,
                                  guint64 pageblock_pages);

/*
 * Compare the capture with a run of its imported workload: reads
 * @rundir/requests.tsv (one row per cma_alloc, task `replay`, id = the k-th
 * alloc op) and appends to @out a table, one line per op, and a summary line.
 * *@n_disagree gets the number of alloc ops whose outcome or pfn differ or
 * whose migrated or dropped counts are out of tolerance, plus the free ops
 * whose released pages differ from what the chunk walk releases, plus one
 * when the area's pages used at boot (summary.yaml memory.boot
 * coherent_pool_cma_pages) differ from the capture's boot used=. FALSE with @error
 * for a missing or malformed requests.tsv.
 */
gboolean cmasim_kref_agree(const CmasimKrefCapture *capture, const gchar *rundir,
                           gdouble tolerance_pct, GString *out, guint *n_disagree, GError **error);

G_END_DECLS
