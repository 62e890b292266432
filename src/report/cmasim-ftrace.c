/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 The cmasim authors */
/*
 * ftrace text output. Mirrors what reading /sys/kernel/tracing/trace prints
 * with the default options: the context columns of
 * kernel/trace/trace_output.c (comm-pid, cpu, irq-info flags, timestamp of
 * the "local" clock in seconds.microseconds) and the TP_printk formats of
 * include/trace/events/cma.h (cma_alloc_start, cma_alloc_finish,
 * cma_alloc_busy_retry, cma_release), kmem.h (mm_page_alloc, mm_page_free,
 * mm_page_alloc_extfrag) and migrate.h (mm_migrate_pages) of current
 * mainline, so that trace-pagealloc-postprocess.pl style tools and the
 * cmasim importer read the simulated trace like a real one. The flag columns
 * are always "....." (no irq, preemption or migrate-disable state is
 * simulated). One line buffer is reused: no allocation per event once it
 * has grown.
 */
#define G_LOG_DOMAIN "CmasimReport"

#include "cmasim/cmasim-report.h"

struct _CmasimFtrace {
	GString *sink;		/* borrowed; lines are appended directly */
	CmasimOutputFile *file; /* borrowed; lines go through @line */
	GString *line;
};

/* the kernel's unsigned long -1, printed for "no pfn" */
#define CMASIM_FTRACE_PFN_MINUS_ONE G_MAXUINT64

CmasimFtrace *
cmasim_ftrace_new_for_string(GString *sink)
{
	CmasimFtrace *self;

	g_return_val_if_fail(sink != NULL, NULL);

	self = g_new0(CmasimFtrace, 1);
	self->sink = sink;
	return self;
}

CmasimFtrace *
cmasim_ftrace_new_for_file(CmasimOutputFile *file)
{
	CmasimFtrace *self;

	g_return_val_if_fail(file != NULL, NULL);

	self = g_new0(CmasimFtrace, 1);
	self->file = file;
	self->line = g_string_sized_new(256);
	return self;
}

void
cmasim_ftrace_free(CmasimFtrace *self)
{
	if (self == NULL)
		return;
	if (self->line != NULL)
		g_string_free(self->line, TRUE);
	g_free(self);
}

static GString *
cmasim_ftrace_target(CmasimFtrace *self)
{
	if (self->sink != NULL)
		return self->sink;
	g_string_truncate(self->line, 0);
	return self->line;
}

static void
cmasim_ftrace_flush(CmasimFtrace *self, GString *out)
{
	/* errors stay in the file and come back from its commit */
	if (self->file != NULL)
		(void)cmasim_output_file_write(self->file, out->str, out->len, NULL);
}

/* "comm-pid [cpu] ..... secs.usecs: event: " */
static GString *
cmasim_ftrace_begin(CmasimFtrace *self, const CmasimFtraceTask *task, CmasimTimeNs ts_ns,
		    const gchar *event)
{
	GString *out = cmasim_ftrace_target(self);
	/* ns to us rounded to nearest, as ftrace does before printing */
	guint64 usecs = ts_ns / 1000u + (ts_ns % 1000u >= 500u ? 1u : 0u);

	g_string_append_printf(out, "%16.15s-%-7d [%03u] ..... %5" G_GUINT64_FORMAT ".%06u: %s: ",
			       task->comm != NULL ? task->comm : "<...>", task->pid, task->cpu,
			       usecs / G_USEC_PER_SEC, (guint)(usecs % G_USEC_PER_SEC), event);
	return out;
}

static void
cmasim_ftrace_end(CmasimFtrace *self, GString *out)
{
	g_string_append_c(out, '\n');
	cmasim_ftrace_flush(self, out);
}

/* the fake struct page address of @pfn, or NULL */
static guint64
cmasim_ftrace_page(CmasimPfn pfn, gboolean valid)
{
	if (!valid || pfn == CMASIM_PFN_NONE)
		return 0;
	return CMASIM_FTRACE_VMEMMAP_BASE + (guint64)pfn * CMASIM_FTRACE_STRUCT_PAGE_SIZE;
}

static guint64
cmasim_ftrace_pfn(CmasimPfn pfn)
{
	return pfn == CMASIM_PFN_NONE ? CMASIM_FTRACE_PFN_MINUS_ONE : (guint64)pfn;
}

void
cmasim_ftrace_header(CmasimFtrace *self)
{
	GString *out;

	g_return_if_fail(self != NULL);

	out = cmasim_ftrace_target(self);
	g_string_append(out, "# tracer: nop\n"
			     "#\n"
			     "#                                _-----=> irqs-off/BH-disabled\n"
			     "#                               / _----=> need-resched\n"
			     "#                              | / _---=> hardirq/softirq\n"
			     "#                              || / _--=> preempt-depth\n"
			     "#                              ||| / _-=> migrate-disable\n"
			     "#                              |||| /     delay\n"
			     "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
			     "#              | |         |   |||||     |         |\n");
	cmasim_ftrace_flush(self, out);
}

void
cmasim_ftrace_cma_alloc_start(CmasimFtrace *self, const CmasimFtraceTask *task,
			      CmasimTimeNs ts_ns, const gchar *name, guint64 request_count,
			      guint64 available_count, guint64 total_count, guint align)
{
	GString *out;

	g_return_if_fail(self != NULL);
	g_return_if_fail(task != NULL);
	g_return_if_fail(name != NULL);

	out = cmasim_ftrace_begin(self, task, ts_ns, "cma_alloc_start");
	g_string_append_printf(out,
			       "name=%s request_count=%" G_GUINT64_FORMAT
			       " available_count=%" G_GUINT64_FORMAT
			       " total_count=%" G_GUINT64_FORMAT " align=%u",
			       name, request_count, available_count, total_count, align);
	cmasim_ftrace_end(self, out);
}

void
cmasim_ftrace_cma_alloc_finish(CmasimFtrace *self, const CmasimFtraceTask *task,
			       CmasimTimeNs ts_ns, const gchar *name, CmasimPfn pfn, guint64 count,
			       guint align, gint errorno)
{
	GString *out;

	g_return_if_fail(self != NULL);
	g_return_if_fail(task != NULL);
	g_return_if_fail(name != NULL);

	out = cmasim_ftrace_begin(self, task, ts_ns, "cma_alloc_finish");
	g_string_append_printf(out,
			       "name=%s pfn=0x%" G_GINT64_MODIFIER "x page=%016" G_GINT64_MODIFIER
			       "x count=%" G_GUINT64_FORMAT " align=%u errorno=%d",
			       name, cmasim_ftrace_pfn(pfn), cmasim_ftrace_page(pfn, errorno == 0),
			       count, align, errorno);
	cmasim_ftrace_end(self, out);
}

void
cmasim_ftrace_cma_alloc_busy_retry(CmasimFtrace *self, const CmasimFtraceTask *task,
				   CmasimTimeNs ts_ns, const gchar *name, CmasimPfn pfn,
				   guint64 count, guint align)
{
	GString *out;

	g_return_if_fail(self != NULL);
	g_return_if_fail(task != NULL);
	g_return_if_fail(name != NULL);

	out = cmasim_ftrace_begin(self, task, ts_ns, "cma_alloc_busy_retry");
	g_string_append_printf(out,
			       "name=%s pfn=0x%" G_GINT64_MODIFIER "x page=%016" G_GINT64_MODIFIER
			       "x count=%" G_GUINT64_FORMAT " align=%u",
			       name, cmasim_ftrace_pfn(pfn), cmasim_ftrace_page(pfn, TRUE), count,
			       align);
	cmasim_ftrace_end(self, out);
}

void
cmasim_ftrace_cma_release(CmasimFtrace *self, const CmasimFtraceTask *task, CmasimTimeNs ts_ns,
			  const gchar *name, CmasimPfn pfn, guint64 count)
{
	GString *out;

	g_return_if_fail(self != NULL);
	g_return_if_fail(task != NULL);
	g_return_if_fail(name != NULL);

	out = cmasim_ftrace_begin(self, task, ts_ns, "cma_release");
	g_string_append_printf(out,
			       "name=%s pfn=0x%" G_GINT64_MODIFIER "x page=%016" G_GINT64_MODIFIER
			       "x count=%" G_GUINT64_FORMAT,
			       name, cmasim_ftrace_pfn(pfn), cmasim_ftrace_page(pfn, TRUE), count);
	cmasim_ftrace_end(self, out);
}

void
cmasim_ftrace_mm_page_alloc_extfrag(CmasimFtrace *self, const CmasimFtraceTask *task,
				    CmasimTimeNs ts_ns, CmasimPfn pfn, guint alloc_order,
				    guint fallback_order, guint pageblock_order,
				    CmasimMigratetype alloc_migratetype,
				    CmasimMigratetype fallback_migratetype,
				    gboolean change_ownership)
{
	GString *out;

	g_return_if_fail(self != NULL);
	g_return_if_fail(task != NULL);

	out = cmasim_ftrace_begin(self, task, ts_ns, "mm_page_alloc_extfrag");
	g_string_append_printf(out,
			       "page=%016" G_GINT64_MODIFIER "x pfn=0x%" G_GINT64_MODIFIER
			       "x alloc_order=%d fallback_order=%d pageblock_order=%d"
			       " alloc_migratetype=%d fallback_migratetype=%d fragmenting=%d"
			       " change_ownership=%d",
			       cmasim_ftrace_page(pfn, TRUE), cmasim_ftrace_pfn(pfn),
			       (gint)alloc_order, (gint)fallback_order, (gint)pageblock_order,
			       (gint)alloc_migratetype, (gint)fallback_migratetype,
			       fallback_order < pageblock_order ? 1 : 0, change_ownership ? 1 : 0);
	cmasim_ftrace_end(self, out);
}

void
cmasim_ftrace_mm_migrate_pages(CmasimFtrace *self, const CmasimFtraceTask *task,
			       CmasimTimeNs ts_ns, guint64 nr_succeeded, guint64 nr_failed,
			       guint64 nr_thp_succeeded, guint64 nr_thp_failed,
			       guint64 nr_thp_split, guint64 nr_split, const gchar *mode,
			       const gchar *reason)
{
	GString *out;

	g_return_if_fail(self != NULL);
	g_return_if_fail(task != NULL);
	g_return_if_fail(mode != NULL);
	g_return_if_fail(reason != NULL);

	out = cmasim_ftrace_begin(self, task, ts_ns, "mm_migrate_pages");
	g_string_append_printf(out,
			       "nr_succeeded=%" G_GUINT64_FORMAT " nr_failed=%" G_GUINT64_FORMAT
			       " nr_thp_succeeded=%" G_GUINT64_FORMAT
			       " nr_thp_failed=%" G_GUINT64_FORMAT
			       " nr_thp_split=%" G_GUINT64_FORMAT " nr_split=%" G_GUINT64_FORMAT
			       " mode=%s reason=%s",
			       nr_succeeded, nr_failed, nr_thp_succeeded, nr_thp_failed,
			       nr_thp_split, nr_split, mode, reason);
	cmasim_ftrace_end(self, out);
}

void
cmasim_ftrace_mm_page_alloc(CmasimFtrace *self, const CmasimFtraceTask *task, CmasimTimeNs ts_ns,
			    CmasimPfn pfn, guint order, CmasimMigratetype migratetype,
			    const gchar *gfp_flags)
{
	GString *out;
	gboolean valid = pfn != CMASIM_PFN_NONE;

	g_return_if_fail(self != NULL);
	g_return_if_fail(task != NULL);
	g_return_if_fail(gfp_flags != NULL);

	out = cmasim_ftrace_begin(self, task, ts_ns, "mm_page_alloc");
	g_string_append_printf(out,
			       "page=%016" G_GINT64_MODIFIER "x pfn=0x%" G_GINT64_MODIFIER
			       "x order=%d migratetype=%d gfp_flags=%s",
			       cmasim_ftrace_page(pfn, valid), valid ? (guint64)pfn : 0u,
			       (gint)order, (gint)migratetype, gfp_flags);
	cmasim_ftrace_end(self, out);
}

void
cmasim_ftrace_mm_page_free(CmasimFtrace *self, const CmasimFtraceTask *task, CmasimTimeNs ts_ns,
			   CmasimPfn pfn, guint order)
{
	GString *out;

	g_return_if_fail(self != NULL);
	g_return_if_fail(task != NULL);

	out = cmasim_ftrace_begin(self, task, ts_ns, "mm_page_free");
	g_string_append_printf(out,
			       "page=%016" G_GINT64_MODIFIER "x pfn=0x%" G_GINT64_MODIFIER
			       "x order=%d",
			       cmasim_ftrace_page(pfn, TRUE), cmasim_ftrace_pfn(pfn), (gint)order);
	cmasim_ftrace_end(self, out);
}
