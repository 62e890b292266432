/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * Output writers: atomic output files, the kernel's /proc and debugfs text
 * formats (mm/vmstat.c), ftrace text lines with the kernel's TP_printk
 * formats (include/trace/events/cma.h, kmem.h, migrate.h), TSV tables and a
 * YAML emitter on libyaml. Every writer is locale-independent and produces
 * the same bytes for the same input.
 */
#pragma once

#include <glib.h>

#include "cmasim/cmasim-metrics.h"
#include "cmasim/cmasim-types.h"

G_BEGIN_DECLS

/*
 * Atomic output file: written to "<path>.tmp.XXXXXX" in the same directory
 * and renamed over <path> by cmasim_output_file_commit() after fflush() and
 * fsync(). Freeing an uncommitted file deletes the temporary file, so an
 * interrupted run never leaves a half-written file under the final name.
 * Write errors are sticky: the first one is returned by the failing write
 * and again by commit (writers that return void rely on that).
 */
typedef struct _CmasimOutputFile CmasimOutputFile;

CmasimOutputFile *cmasim_output_file_new(const gchar *path, GError **error);
void cmasim_output_file_free(CmasimOutputFile *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimOutputFile, cmasim_output_file_free)

/* the final path, as given to new() */
const gchar *cmasim_output_file_get_path(const CmasimOutputFile *self);
gboolean cmasim_output_file_write(CmasimOutputFile *self, const void *data, gsize len,
				  GError **error);
/* libc printf: %f/%g follow LC_NUMERIC, so format doubles with g_ascii_formatd() */
gboolean cmasim_output_file_printf(CmasimOutputFile *self, GError **error, const gchar *format,
				   ...) G_GNUC_PRINTF(3, 4);
gboolean cmasim_output_file_commit(CmasimOutputFile *self, GError **error);

/* new + write + commit */
gboolean cmasim_output_write_file_atomic(const gchar *path, const void *data, gsize len,
					 GError **error);
/* mkdir -p; succeeds if @path already is a directory */
gboolean cmasim_output_ensure_dir(const gchar *path, GError **error);

/*
 * Kernel text formats (mm/vmstat.c), appended to @out byte for byte as the
 * kernel prints them, including the space the kernel leaves before each
 * newline. @nr_free / @nr_free_of_type hold @n_orders free-block counts.
 */
/* /proc/buddyinfo: one zone line */
void cmasim_kformat_buddyinfo(GString *out, guint node, const gchar *zone_name,
			      const guint64 *nr_free, guint n_orders);
/* /proc/pagetypeinfo: "Page block order" lines and the free-count column header */
void cmasim_kformat_pagetypeinfo_header(GString *out, guint pageblock_order, guint n_orders);
/* one "Node %4d, zone %8s, type %12s" line; counts >= 100000 print as ">100000" */
void cmasim_kformat_pagetypeinfo_free_row(GString *out, guint node, const gchar *zone_name,
					  const gchar *type_name,
					  const guint64 *nr_free_of_type, guint n_orders);
/* blank line + "Number of blocks type" header (the kernel prints the blank line with it) */
void cmasim_kformat_pagetypeinfo_blocks_header(GString *out, const gchar *const *type_names,
					       guint n_types);
void cmasim_kformat_pagetypeinfo_blocks_row(GString *out, guint node, const gchar *zone_name,
					    const guint64 *counts, guint n_types);
/* debugfs extfrag/unusable_index: one zone line, "%d.%03d " per order */
void cmasim_kformat_unusable_index(GString *out, guint node, const gchar *zone_name,
				   const guint64 *nr_free, guint n_orders);
/* debugfs extfrag/extfrag_index: one zone line, "%2d.%03d " per order (-1000 is "-1.000") */
void cmasim_kformat_extfrag_index(GString *out, guint node, const gchar *zone_name,
				  const guint64 *nr_free, guint n_orders);

/*
 * ftrace text ("trace" file) writer. Each line is
 *   "%16s-%-7d [%03d] ..... %5lu.%06lu: <event>: <fields>"
 * (comm-pid, cpu, the five irq-info flag columns, the timestamp in seconds
 * with microseconds, rounded as ftrace rounds ns to us) followed by the
 * event's TP_printk output. Struct page pointers are printed as unhashed
 * %p does (16 hex digits, no 0x) for a fake vmemmap:
 * CMASIM_FTRACE_VMEMMAP_BASE + pfn * 64. Sink errors are sticky in the
 * CmasimOutputFile and reported by its commit.
 */
#define CMASIM_FTRACE_VMEMMAP_BASE G_GUINT64_CONSTANT(0xffffea0000000000)
#define CMASIM_FTRACE_STRUCT_PAGE_SIZE 64u

typedef struct _CmasimFtrace CmasimFtrace;

/* the task an event is attributed to */
typedef struct {
	const gchar *comm; /* truncated to 15 characters, as the kernel's TASK_COMM_LEN */
	gint pid;
	guint cpu;
} CmasimFtraceTask;

/* @sink / @file are borrowed and must outlive the writer */
CmasimFtrace *cmasim_ftrace_new_for_string(GString *sink);
CmasimFtrace *cmasim_ftrace_new_for_file(CmasimOutputFile *file);
void cmasim_ftrace_free(CmasimFtrace *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimFtrace, cmasim_ftrace_free)

/* "# tracer: nop" and the column legend (no entries-in-buffer line: the writer streams) */
void cmasim_ftrace_header(CmasimFtrace *self);

/* cma:cma_alloc_start "name=%s request_count=%lu available_count=%lu total_count=%lu align=%u" */
void cmasim_ftrace_cma_alloc_start(CmasimFtrace *self, const CmasimFtraceTask *task,
				   CmasimTimeNs ts_ns, const gchar *name, guint64 request_count,
				   guint64 available_count, guint64 total_count, guint align);
/*
 * cma:cma_alloc_finish "name=%s pfn=0x%lx page=%p count=%lu align=%u errorno=%d".
 * @pfn is the allocated pfn on success and the last pfn tried on failure
 * (CMASIM_PFN_NONE prints the kernel's -1UL); page is NULL when @errorno != 0.
 */
void cmasim_ftrace_cma_alloc_finish(CmasimFtrace *self, const CmasimFtraceTask *task,
				    CmasimTimeNs ts_ns, const gchar *name, CmasimPfn pfn,
				    guint64 count, guint align, gint errorno);
/* cma:cma_alloc_busy_retry "name=%s pfn=0x%lx page=%p count=%lu align=%u" */
void cmasim_ftrace_cma_alloc_busy_retry(CmasimFtrace *self, const CmasimFtraceTask *task,
					CmasimTimeNs ts_ns, const gchar *name, CmasimPfn pfn,
					guint64 count, guint align);
/* cma:cma_release "name=%s pfn=0x%lx page=%p count=%lu" */
void cmasim_ftrace_cma_release(CmasimFtrace *self, const CmasimFtraceTask *task,
			       CmasimTimeNs ts_ns, const gchar *name, CmasimPfn pfn,
			       guint64 count);
/*
 * kmem:mm_page_alloc_extfrag "page=%p pfn=0x%lx alloc_order=%d fallback_order=%d
 * pageblock_order=%d alloc_migratetype=%d fallback_migratetype=%d fragmenting=%d
 * change_ownership=%d"; fragmenting is fallback_order < pageblock_order, as in the kernel.
 */
void cmasim_ftrace_mm_page_alloc_extfrag(CmasimFtrace *self, const CmasimFtraceTask *task,
					 CmasimTimeNs ts_ns, CmasimPfn pfn, guint alloc_order,
					 guint fallback_order, guint pageblock_order,
					 CmasimMigratetype alloc_migratetype,
					 CmasimMigratetype fallback_migratetype,
					 gboolean change_ownership);
/*
 * migrate:mm_migrate_pages "nr_succeeded=%lu nr_failed=%lu nr_thp_succeeded=%lu
 * nr_thp_failed=%lu nr_thp_split=%lu nr_split=%lu mode=%s reason=%s".
 * @mode: "MIGRATE_ASYNC", "MIGRATE_SYNC_LIGHT" or "MIGRATE_SYNC";
 * @reason: the kernel's migrate_reason names, e.g. "contig_range", "compaction",
 * "longterm_pin", "memory_hotplug", "numa_misplaced".
 */
void cmasim_ftrace_mm_migrate_pages(CmasimFtrace *self, const CmasimFtraceTask *task,
				    CmasimTimeNs ts_ns, guint64 nr_succeeded, guint64 nr_failed,
				    guint64 nr_thp_succeeded, guint64 nr_thp_failed,
				    guint64 nr_thp_split, guint64 nr_split, const gchar *mode,
				    const gchar *reason);
/*
 * kmem:mm_page_alloc "page=%p pfn=0x%lx order=%d migratetype=%d gfp_flags=%s";
 * a failed allocation (CMASIM_PFN_NONE) prints a NULL page and pfn=0x0
 */
void cmasim_ftrace_mm_page_alloc(CmasimFtrace *self, const CmasimFtraceTask *task,
				 CmasimTimeNs ts_ns, CmasimPfn pfn, guint order,
				 CmasimMigratetype migratetype, const gchar *gfp_flags);
/* kmem:mm_page_free "page=%p pfn=0x%lx order=%d" */
void cmasim_ftrace_mm_page_free(CmasimFtrace *self, const CmasimFtraceTask *task,
				CmasimTimeNs ts_ns, CmasimPfn pfn, guint order);

/*
 * TSV tables: "# col1\tcol2...\n" header, tab-separated fields, '\n' rows.
 * A field function appends a '\t' first unless @row is empty or ends with a
 * newline, so several rows can share one GString. Text fields have tabs and
 * newlines replaced by spaces, and an empty or NULL text prints "-". Doubles
 * are printed "%.6f" in the C locale.
 */
void cmasim_tsv_header(GString *out, const gchar *const *columns);
void cmasim_tsv_field_str(GString *row, const gchar *value);
void cmasim_tsv_field_uint(GString *row, guint64 value);
void cmasim_tsv_field_int(GString *row, gint64 value);
void cmasim_tsv_field_double(GString *row, gdouble value);
void cmasim_tsv_end_row(GString *row);

/*
 * requests.tsv: columns arrival_ns task policy region count align status
 * latency_ns pages_migrated retries pfn pages_dropped (status as
 * cmasim_alloc_status_to_string(), pfn -1 when none)
 */

/*
 * YAML emitter (libyaml) into memory. Calls never fail on their own: the
 * first libyaml or nesting error is kept and returned by finish(). Strings
 * that a YAML reader would take for a number, a boolean or null are
 * double-quoted; doubles use the shortest text that reads back to the same
 * value, always with a '.' or an exponent (.inf, -.inf, .nan for the rest).
 */
typedef struct _CmasimYamlOut CmasimYamlOut;

CmasimYamlOut *cmasim_yaml_out_new(void);
void cmasim_yaml_out_free(CmasimYamlOut *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(CmasimYamlOut, cmasim_yaml_out_free)

/* @flow: TRUE for "{a: 1, b: 2}" / "[1, 2]", FALSE for block style */
void cmasim_yaml_out_mapping_start(CmasimYamlOut *self, gboolean flow);
void cmasim_yaml_out_mapping_end(CmasimYamlOut *self);
void cmasim_yaml_out_sequence_start(CmasimYamlOut *self, gboolean flow);
void cmasim_yaml_out_sequence_end(CmasimYamlOut *self);
/* a mapping key: the same as a string scalar */
void cmasim_yaml_out_key(CmasimYamlOut *self, const gchar *key);
void cmasim_yaml_out_scalar_str(CmasimYamlOut *self, const gchar *value);
void cmasim_yaml_out_scalar_uint(CmasimYamlOut *self, guint64 value);
void cmasim_yaml_out_scalar_int(CmasimYamlOut *self, gint64 value);
void cmasim_yaml_out_scalar_double(CmasimYamlOut *self, gdouble value);
void cmasim_yaml_out_scalar_bool(CmasimYamlOut *self, gboolean value);
/* "null" */
void cmasim_yaml_out_scalar_null(CmasimYamlOut *self);
/*
 * Ends the document and returns its text. Fails (CMASIM_ERROR_INTERNAL) on an
 * emitter error, unbalanced start/end calls or an empty document. Nothing can
 * be emitted afterwards.
 */
gchar *cmasim_yaml_out_finish(CmasimYamlOut *self, GError **error);

/* shortest round-trip text of a double, as the emitter writes it; returns @buf */
#define CMASIM_YAML_DOUBLE_BUF_SIZE 40
const gchar *cmasim_yaml_format_double(gchar *buf, gsize buf_len, gdouble value);

G_END_DECLS
