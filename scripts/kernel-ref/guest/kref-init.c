/* kref-init: PID 1 of the kernel reference capture guest (cmasim issue #16).
 *
 * Runs in an initramfs under QEMU. It mounts the pseudo file systems, records
 * the boot state, puts a background load in place (anon, pagecache, shmem or
 * none), replays /ops.txt against /sys/kernel/debug/cma/<area>/{alloc,free}
 * and prints every output file line by line on the console as
 *     "KREF <file> <text>"
 * (plus "KREF-BEGIN <file>" / "KREF-END <file>" around the verbatim /proc
 * copies) so the host can split the console log into a capture directory.
 * The last line is "KREF-DONE"; then the guest powers off.
 *
 * Configuration comes from /kref.conf in the initramfs:
 *     arch <name>
 *     scenario <name>
 *     background <none|anon|pagecache|shmem> <bytes>
 *     ram_bytes <bytes>
 *
 * Build: <cross>gcc -static -O2 -o kref-init kref-init.c
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define CMA_DIR "/sys/kernel/debug/cma"
#define TRACE_DIR "/sys/kernel/tracing"

static char area_name[64];
static char area_dir[160];
static int have_trace;

struct kref_state {
	long used_pages;
	long maxchunk_pages;
	long nr_free_pages;
	long nr_free_cma;
	long nr_file_pages;
	long nr_anon_pages;
	long pgmigrate_success;
	long pgmigrate_fail;
};

static void
die(const char *fmt, ...)
{
	va_list ap;

	printf("KREF-ERROR ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (errno %d: %s)\n", errno, strerror(errno));
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

/* One line of an output file. */
static void
emit(const char *file, const char *fmt, ...)
{
	va_list ap;

	printf("KREF %s ", file);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static char *
slurp(const char *path, size_t *len_out)
{
	int fd = open(path, O_RDONLY);
	size_t cap = 65536, len = 0;
	char *buf;

	if (fd < 0)
		return NULL;
	buf = malloc(cap + 1);
	if (!buf)
		die("out of memory");
	for (;;) {
		ssize_t n;

		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			if (!buf)
				die("out of memory");
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	if (len_out)
		*len_out = len;
	return buf;
}

static long
read_long(const char *path)
{
	char *s = slurp(path, NULL);
	long v;

	if (!s)
		die("cannot read %s", path);
	v = strtol(s, NULL, 0);
	free(s);
	return v;
}

static void
write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_TRUNC);

	if (fd < 0)
		die("cannot open %s", path);
	if (write(fd, s, strlen(s)) < 0)
		die("cannot write '%s' to %s", s, path);
	close(fd);
}

/* Copy a file verbatim to the console, one "KREF name line" per line. */
static void
dump_file(const char *path, const char *name)
{
	char *s = slurp(path, NULL);
	char *line, *next;

	if (!s)
		die("cannot read %s", path);
	printf("KREF-BEGIN %s\n", name);
	for (line = s; *line; line = next) {
		char *nl = strchr(line, '\n');

		if (nl) {
			*nl = '\0';
			next = nl + 1;
		} else {
			next = line + strlen(line);
		}
		emit(name, "%s", line);
	}
	printf("KREF-END %s\n", name);
	fflush(stdout);
	free(s);
}

static long
vmstat_get(const char *vm, const char *key)
{
	size_t klen = strlen(key);
	const char *p = vm;

	while (p && *p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == ' ')
			return strtol(p + klen + 1, NULL, 10);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

static void
state_read(struct kref_state *st)
{
	char path[256];
	char *vm;

	snprintf(path, sizeof path, "%s/used", area_dir);
	st->used_pages = read_long(path);
	snprintf(path, sizeof path, "%s/maxchunk", area_dir);
	st->maxchunk_pages = read_long(path);
	vm = slurp("/proc/vmstat", NULL);
	if (!vm)
		die("cannot read /proc/vmstat");
	st->nr_free_pages = vmstat_get(vm, "nr_free_pages");
	st->nr_free_cma = vmstat_get(vm, "nr_free_cma");
	st->nr_file_pages = vmstat_get(vm, "nr_file_pages");
	st->nr_anon_pages = vmstat_get(vm, "nr_anon_pages");
	st->pgmigrate_success = vmstat_get(vm, "pgmigrate_success");
	st->pgmigrate_fail = vmstat_get(vm, "pgmigrate_fail");
	free(vm);
}

static void
emit_state(const char *tag, const struct kref_state *st)
{
	emit("ops.log", "%s used=%ld maxchunk=%ld nr_free_pages=%ld nr_free_cma=%ld nr_file_pages=%ld nr_anon_pages=%ld",
	     tag, st->used_pages, st->maxchunk_pages, st->nr_free_pages, st->nr_free_cma,
	     st->nr_file_pages, st->nr_anon_pages);
	fflush(stdout);
}

static void
emit_zones(void)
{
	char *s = slurp("/proc/zoneinfo", NULL);
	char *line, *save = NULL;
	char zone[32] = "";
	long spanned = 0, present = 0, managed = 0;

	if (!s)
		die("cannot read /proc/zoneinfo");
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *t = line;
		long v;
		int node;

		while (*t == ' ')
			t++;
		if (sscanf(t, "Node %d, zone %31s", &node, zone) == 2) {
			spanned = present = managed = 0;
		} else if (sscanf(t, "spanned %ld", &v) == 1) {
			spanned = v;
		} else if (sscanf(t, "present %ld", &v) == 1) {
			present = v;
		} else if (sscanf(t, "managed %ld", &v) == 1) {
			managed = v;
		} else if (sscanf(t, "start_pfn: %ld", &v) == 1) {
			if (present > 0)
				emit("ops.log", "zone name=%s start_pfn=%ld spanned=%ld present=%ld managed=%ld",
				     zone, v, spanned, present, managed);
		}
	}
	free(s);
}

static long
pageblock_order_get(void)
{
	char *s = slurp("/proc/pagetypeinfo", NULL);
	const char *p;
	long v = -1;

	if (!s)
		die("cannot read /proc/pagetypeinfo");
	p = strstr(s, "Page block order:");
	if (p)
		v = strtol(p + strlen("Page block order:"), NULL, 10);
	free(s);
	return v;
}

/* Lists every CMA area and picks "reserved" (the global area), else the first. */
static void
emit_areas(void)
{
	DIR *d = opendir(CMA_DIR);
	struct dirent *e;
	char names[8][64];
	int n = 0, i;

	if (!d)
		die("cannot open %s", CMA_DIR);
	while ((e = readdir(d)) && n < 8) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(names[n++], sizeof names[0], "%s", e->d_name);
	}
	closedir(d);
	if (n == 0)
		die("no CMA area in %s", CMA_DIR);
	/* readdir order is not sorted: sort by name for a stable ops.log */
	for (i = 1; i < n; i++) {
		for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char tmp[64];

			memcpy(tmp, names[j], sizeof tmp);
			memcpy(names[j], names[j - 1], sizeof tmp);
			memcpy(names[j - 1], tmp, sizeof tmp);
		}
	}
	snprintf(area_name, sizeof area_name, "%s", names[0]);
	for (i = 0; i < n; i++) {
		char path[256];
		long base, count, opb;

		if (strcmp(names[i], "reserved") == 0)
			snprintf(area_name, sizeof area_name, "%s", names[i]);
		snprintf(path, sizeof path, "%s/%s/base_pfn", CMA_DIR, names[i]);
		base = read_long(path);
		snprintf(path, sizeof path, "%s/%s/count", CMA_DIR, names[i]);
		count = read_long(path);
		snprintf(path, sizeof path, "%s/%s/order_per_bit", CMA_DIR, names[i]);
		opb = read_long(path);
		emit("ops.log", "area name=%s base_pfn=%ld count=%ld order_per_bit=%ld", names[i], base, count, opb);
	}
	snprintf(area_dir, sizeof area_dir, "%s/%s", CMA_DIR, area_name);
}

static void
conf_read(char *arch, char *scenario, char *bg_kind, long *bg_bytes, long *ram_bytes)
{
	char *s = slurp("/kref.conf", NULL);
	char *line, *save = NULL;

	if (!s)
		die("cannot read /kref.conf");
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "arch %31s", arch) == 1)
			continue;
		if (sscanf(line, "scenario %31s", scenario) == 1)
			continue;
		if (sscanf(line, "background %31s %ld", bg_kind, bg_bytes) == 2)
			continue;
		if (sscanf(line, "ram_bytes %ld", ram_bytes) == 1)
			continue;
	}
	free(s);
}

static void
background_anon(long bytes)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *p = mmap(NULL, (size_t)bytes, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap %ld bytes", bytes);
	for (long off = 0; off < bytes; off += page)
		p[off] = (unsigned char)(1 + (off / page) % 251);
	/* kept mapped until power off */
}

static void
background_pagecache(long bytes)
{
	static char buf[1 << 20];
	long done = 0;
	int fd;

	if (mount("/dev/vda", "/mnt", "ext2", MS_RDONLY, NULL) != 0)
		die("mount /dev/vda on /mnt");
	fd = open("/mnt/data", O_RDONLY);
	if (fd < 0)
		die("open /mnt/data");
	while (done < bytes) {
		size_t want = sizeof buf;
		ssize_t n;

		if ((long)want > bytes - done)
			want = (size_t)(bytes - done);
		n = read(fd, buf, want);
		if (n < 0)
			die("read /mnt/data");
		if (n == 0)
			break;
		done += n;
	}
	close(fd);
	if (done < bytes)
		die("/mnt/data has only %ld of %ld bytes", done, bytes);
}

static void
background_shmem(long bytes)
{
	static char buf[1 << 16];
	char opts[64];
	long done = 0;
	int fd;

	snprintf(opts, sizeof opts, "size=%ld", bytes + (16L << 20));
	if (mount("tmpfs", "/shm", "tmpfs", 0, opts) != 0)
		die("mount tmpfs on /shm");
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)('a' + i % 26);
	fd = open("/shm/data", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		die("open /shm/data");
	while (done < bytes) {
		size_t want = sizeof buf;
		ssize_t n;

		if ((long)want > bytes - done)
			want = (size_t)(bytes - done);
		n = write(fd, buf, want);
		if (n <= 0)
			die("write /shm/data");
		done += n;
	}
	close(fd);
}

/* Per-op findings from the trace buffer. */
struct kref_trace {
	long alloc_pfn;
	int have_alloc_pfn;
	long retries;
	char released[4096];
};

static void
trace_collect(long seq, struct kref_trace *tr)
{
	char *s, *line, *save = NULL;
	size_t rlen = 0;

	tr->alloc_pfn = -1;
	tr->have_alloc_pfn = 0;
	tr->retries = 0;
	tr->released[0] = '\0';
	if (!have_trace)
		return;
	s = slurp(TRACE_DIR "/trace", NULL);
	if (!s)
		die("cannot read trace");
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *p;
		unsigned long pfn, count;

		if (line[0] == '#')
			continue;
		emit("trace.txt", "%s", line);
		if ((p = strstr(line, "cma_alloc_finish: "))) {
			p = strstr(p, " pfn=0x");
			if (p && sscanf(p, " pfn=0x%lx", &pfn) == 1) {
				tr->alloc_pfn = (long)pfn;
				tr->have_alloc_pfn = 1;
			}
		} else if (strstr(line, "cma_alloc_busy_retry: ")) {
			tr->retries++;
		} else if ((p = strstr(line, "cma_release: "))) {
			const char *pp = strstr(p, " pfn=0x");
			const char *pc = strstr(p, " count=");

			if (pp && pc && sscanf(pp, " pfn=0x%lx", &pfn) == 1 &&
			    sscanf(pc, " count=%lu", &count) == 1 && rlen + 40 < sizeof tr->released) {
				rlen += (size_t)snprintf(tr->released + rlen, sizeof tr->released - rlen,
							 "%s0x%lx+%lu", rlen ? "," : "", pfn, count);
			}
		}
	}
	free(s);
	/* clear the buffer for the next op */
	write_str(TRACE_DIR "/trace", "");
	(void)seq;
}

static void
trace_setup(void)
{
	if (mount("tracefs", TRACE_DIR, "tracefs", 0, NULL) != 0 && errno != EBUSY) {
		have_trace = 0;
		return;
	}
	if (access(TRACE_DIR "/events/cma/enable", W_OK) != 0) {
		have_trace = 0;
		return;
	}
	write_str(TRACE_DIR "/tracing_on", "0");
	write_str(TRACE_DIR "/buffer_size_kb", "2048");
	write_str(TRACE_DIR "/events/cma/enable", "1");
	write_str(TRACE_DIR "/trace", "");
	write_str(TRACE_DIR "/tracing_on", "1");
	have_trace = 1;
}

static void
trace_marker(long seq)
{
	char buf[64];
	int fd;

	if (!have_trace)
		return;
	fd = open(TRACE_DIR "/trace_marker", O_WRONLY);
	if (fd < 0)
		die("open trace_marker");
	snprintf(buf, sizeof buf, "cmasim_op seq=%ld\n", seq);
	if (write(fd, buf, strlen(buf)) < 0)
		die("write trace_marker");
	close(fd);
}

/* Returns 0 or -errno of the debugfs write. */
static int
cma_write(const char *file, long count)
{
	char path[256], buf[32];
	int fd, rc = 0;

	snprintf(path, sizeof path, "%s/%s", area_dir, file);
	snprintf(buf, sizeof buf, "%ld\n", count);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		die("open %s", path);
	if (write(fd, buf, strlen(buf)) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

static void
run_ops(void)
{
	char *s = slurp("/ops.txt", NULL);
	char *line, *save = NULL;
	long seq = 0;
	long n_alloc = 0, n_alloc_failed = 0;

	if (!s)
		die("cannot read /ops.txt");
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char cmd[16];
		long count;
		struct kref_state before, after;
		struct kref_trace tr;
		int rc;
		char pfn[32];

		if (line[0] == '#' || sscanf(line, "%15s %ld", cmd, &count) != 2)
			continue;
		if (strcmp(cmd, "alloc") != 0 && strcmp(cmd, "free") != 0)
			die("bad op line '%s'", line);
		seq++;
		state_read(&before);
		trace_marker(seq);
		rc = cma_write(cmd, count);
		state_read(&after);
		trace_collect(seq, &tr);
		if (strcmp(cmd, "alloc") == 0) {
			n_alloc++;
			if (rc == 0 && tr.have_alloc_pfn)
				snprintf(pfn, sizeof pfn, "0x%lx", tr.alloc_pfn);
			else
				snprintf(pfn, sizeof pfn, "none");
			if (rc != 0)
				n_alloc_failed++;
		} else {
			snprintf(pfn, sizeof pfn, "none");
		}
		emit("ops.log",
		     "op seq=%ld cmd=%s count=%ld rc=%d pfn=%s released=%s used=%ld maxchunk=%ld pgmigrate_success=%ld pgmigrate_fail=%ld file_dropped=%ld retries=%ld",
		     seq, cmd, count, rc, pfn, tr.released[0] ? tr.released : "none",
		     after.used_pages, after.maxchunk_pages,
		     after.pgmigrate_success - before.pgmigrate_success,
		     after.pgmigrate_fail - before.pgmigrate_fail,
		     before.nr_file_pages > after.nr_file_pages ? before.nr_file_pages - after.nr_file_pages : 0,
		     tr.retries);
		fflush(stdout);
	}
	free(s);
	printf("KREF-SUMMARY ops=%ld allocs=%ld allocs_failed=%ld trace=%d\n", seq, n_alloc, n_alloc_failed,
	       have_trace);
}

int
main(void)
{
	char arch[32] = "unknown", scenario[32] = "unknown", bg_kind[32] = "none";
	long bg_bytes = 0, ram_bytes = 0;
	struct utsname u;
	struct kref_state st;
	char *cmdline;

	/* Address space layout randomisation would make the number of page
	 * faults (and so nr_anon_pages) differ from boot to boot: run without. */
	if (!(personality(0xffffffff) & ADDR_NO_RANDOMIZE)) {
		char *const argv[] = { "/init", NULL };

		personality(ADDR_NO_RANDOMIZE);
		execv("/init", argv);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	if (mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL) != 0)
		die("mount debugfs");
	printf("KREF-START\n");

	conf_read(arch, scenario, bg_kind, &bg_bytes, &ram_bytes);
	uname(&u);
	cmdline = slurp("/proc/cmdline", NULL);
	if (!cmdline)
		die("cannot read /proc/cmdline");
	cmdline[strcspn(cmdline, "\n")] = '\0';

	emit("ops.log", "# cmasim-kref 1");
	emit("ops.log", "arch %s", arch);
	emit("ops.log", "kernel %s", u.release);
	emit("ops.log", "cmdline %s", cmdline);
	emit("ops.log", "scenario %s", scenario);
	emit("ops.log", "page_size %ld", sysconf(_SC_PAGESIZE));
	emit("ops.log", "pageblock_order %ld", pageblock_order_get());
	emit("ops.log", "ram_bytes %ld", ram_bytes);
	emit_zones();
	emit_areas();
	state_read(&st);
	emit_state("boot", &st);

	if (strcmp(bg_kind, "anon") == 0)
		background_anon(bg_bytes);
	else if (strcmp(bg_kind, "pagecache") == 0)
		background_pagecache(bg_bytes);
	else if (strcmp(bg_kind, "shmem") == 0)
		background_shmem(bg_bytes);
	else if (strcmp(bg_kind, "none") != 0)
		die("unknown background kind '%s'", bg_kind);
	emit("ops.log", "background kind=%s bytes=%ld", bg_kind, strcmp(bg_kind, "none") ? bg_bytes : 0L);
	state_read(&st);
	emit_state("ready", &st);
	dump_file("/proc/vmstat", "vmstat.before");
	dump_file("/proc/pagetypeinfo", "pagetypeinfo.before");
	dump_file("/proc/zoneinfo", "zoneinfo.before");

	trace_setup();
	run_ops();

	state_read(&st);
	emit_state("end", &st);
	dump_file("/proc/vmstat", "vmstat.after");
	dump_file("/proc/pagetypeinfo", "pagetypeinfo.after");
	printf("KREF-DONE\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
	return 0;
}
