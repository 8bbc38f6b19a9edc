// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: latency of Identify Memory Device through the memdev's own
 * ioctl (/dev/cxl/memX), idle and while a fwctl Scan Media runs on the same
 * device. Prints both distributions and the ratios of their medians and
 * 99th percentiles. Were the mailbox held during the scan, an Identify
 * would wait for it (seconds), and the p99 ratio would be about 1000.
 *
 * A figure-printing program, not a test: it fails only when it cannot
 * measure.
 */
#include <signal.h>
#include <time.h>
#include <linux/cxl_mem.h>

#include "cxl_util.h"

#define IDLE_SAMPLES	2000
#define MAX_SAMPLES	200000
#define SCANS		2

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int identify(int fd)
{
	uint8_t out[128];
	struct cxl_send_command cmd = {
		.id = CXL_MEM_COMMAND_ID_IDENTIFY,
		.out.size = sizeof(out),
		.out.payload = (uintptr_t)out,
	};

	if (ioctl(fd, CXL_MEM_SEND_COMMAND, &cmd) || cmd.retval)
		return -1;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
	size_t i = (size_t)(p * (n - 1) + 0.5);

	return v[i < n ? i : n - 1];
}

static void report(const char *what, double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	printf("%-22s n=%-7zu min %8.1f us  median %8.1f us  p99 %8.1f us  max %8.1f us\n",
	       what, n, v[0], pct(v, n, 0.5), pct(v, n, 0.99), v[n - 1]);
}

/* A child that runs Scan Media through fwctl and exits 0 on success. */
static pid_t scan_child(const char *memdev)
{
	pid_t pid = fork();

	if (!pid) {
		uint8_t in[17] = { 0 };
		uint64_t lines = (256ULL << 20) / 64;	/* the whole device */
		struct cxl_reply reply;
		int fd = open_memdev_fwctl(memdev);

		memcpy(in + 8, &lines, 8);
		if (fd < 0 || rpc(fd, FWCTL_RPC_DEBUG_WRITE_FULL,
				  OP_SCAN_MEDIA, in, sizeof(in), &reply))
			_exit(1);
		_exit(reply.retval ? 2 : 0);
	}
	return pid;
}

int main(void)
{
	static double idle[IDLE_SAMPLES], busy[MAX_SAMPLES];
	size_t nbusy = 0, i;
	double t0, m_idle, m_busy, p_idle, p_busy, scan_us;
	char names[4][32], path[64];
	int fd, s, status;
	pid_t pid;

	if (list_memdevs(names, 4) < 1) {
		printf("cxl_bg_bench: no CXL memdev\n");
		return 1;
	}
	snprintf(path, sizeof(path), "/dev/cxl/%s", names[0]);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		printf("cxl_bg_bench: cannot open %s\n", path);
		return 1;
	}

	for (i = 0; i < 100; i++)
		identify(fd);	/* warm up */
	for (i = 0; i < IDLE_SAMPLES; i++) {
		t0 = now_us();
		if (identify(fd)) {
			printf("cxl_bg_bench: Identify failed\n");
			return 1;
		}
		idle[i] = now_us() - t0;
	}

	scan_us = 0;
	for (s = 0; s < SCANS; s++) {
		double start = now_us();

		pid = scan_child(names[0]);
		if (pid < 0)
			return 1;
		/* Let the child submit; count only samples while it waits. */
		usleep(100 * 1000);
		while (waitpid(pid, &status, WNOHANG) == 0 &&
		       nbusy < MAX_SAMPLES / SCANS * (s + 1)) {
			t0 = now_us();
			if (identify(fd)) {
				printf("cxl_bg_bench: Identify failed during the scan\n");
				return 1;
			}
			busy[nbusy++] = now_us() - t0;
		}
		if (nbusy == MAX_SAMPLES / SCANS * (s + 1))
			waitpid(pid, &status, 0);
		scan_us += now_us() - start;
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("cxl_bg_bench: Scan Media through fwctl failed\n");
			return 1;
		}
	}
	if (nbusy < 10) {
		printf("cxl_bg_bench: too few samples during the scans\n");
		return 1;
	}

	printf("Identify Memory Device via %s, %d Scan Media via fwctl (%.1f s each)\n",
	       path, SCANS, scan_us / SCANS / 1e6);
	report("idle:", idle, IDLE_SAMPLES);
	report("during Scan Media:", busy, nbusy);
	m_idle = pct(idle, IDLE_SAMPLES, 0.5);
	m_busy = pct(busy, nbusy, 0.5);
	p_idle = pct(idle, IDLE_SAMPLES, 0.99);
	p_busy = pct(busy, nbusy, 0.99);
	printf("median ratio: %.2f\n", m_busy / m_idle);
	printf("p99 ratio: %.2f\n", p_busy / p_idle);
	close(fd);
	return 0;
}
