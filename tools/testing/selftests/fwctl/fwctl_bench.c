// SPDX-License-Identifier: GPL-2.0
/*
 * The overhead of fwctl for CXL, in figures (no timing is asserted):
 *
 *   1. Identify Memory Device through FWCTL_RPC against the memdev's own
 *      CXL_MEM_SEND_COMMAND (CXL_MEM_COMMAND_ID_IDENTIFY) on the same
 *      device, interleaved, N calls each (bench_n=, default 10000).
 *   2. Get Supported Features, answered from the cache, against a mailbox
 *      round trip of the same response size through the same path: Get Log
 *      of the Command Effects Log, 104 bytes (Get Supported Features is
 *      not reachable natively on 6.12 without raw commands). Get Feature
 *      (ECS, 13 bytes) for reference.
 *   3. Where the difference goes, each pair interleaved: an unknown ioctl
 *      on both files (the system call alone); a request refused by the
 *      policy (Set Timestamp at CONFIGURATION: the core, the request's
 *      checks, the CEL lookup and the policy, no mailbox) against
 *      CXL_MEM_QUERY_COMMANDS for 0 commands (the native ioctl's fixed
 *      part); then the core alone (a fwctl_test READ, no device behind it)
 *      and FWCTL_INFO on the CXL device.
 *   4. Identify through FWCTL_RPC: one thread on one device, two threads on
 *      two devices (different mailboxes must not serialise), and two
 *      threads on one device (one mailbox: they must); then the same
 *      through the native ioctl, which shows what the emulator itself
 *      serialises.
 *
 * Medians and 99th percentiles in microseconds, from CLOCK_MONOTONIC
 * around each ioctl; the ratios are fwctl over native, cache over mailbox.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/cxl_mem.h>

#include <fwctl/fwctl.h>
#include <fwctl/cxl.h>

#include "fwctl_util.h"
#include "cxl_util.h"

#define OP_GET_LOG	0x0401
#define GSF_OUT		(8 + 2 * 48)
#define THROUGHPUT_ROUNDS	4

static const uint8_t cel_uuid[16] = {
	0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78,
	0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17,
};

/* A prepared FWCTL_RPC: request and response built once. */
struct prepared {
	struct fwctl_rpc rpc;
	uint8_t in[64];
	uint8_t out[4096];
};

static void prepare(struct prepared *p, uint16_t opcode, const void *payload,
		    uint32_t len)
{
	struct fwctl_rpc_cxl *req = (struct fwctl_rpc_cxl *)p->in;

	memset(p, 0, sizeof(*p));
	req->opcode = opcode;
	req->op_size = len;
	memcpy(req->payload, payload, len);
	p->rpc.size = sizeof(p->rpc);
	p->rpc.scope = FWCTL_RPC_CONFIGURATION;
	p->rpc.in_len = sizeof(req->hdr) + len;
	p->rpc.in = (uintptr_t)p->in;
	p->rpc.out = (uintptr_t)p->out;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* One call, timed; exits on any failure (a broken path has no figure). */
static double timed_rpc(int fd, struct prepared *p)
{
	struct fwctl_rpc_cxl_out *out = (struct fwctl_rpc_cxl_out *)p->out;
	double t;

	p->rpc.out_len = sizeof(p->out);
	t = now_us();
	if (ioctl(fd, FWCTL_RPC, &p->rpc)) {
		perror("FWCTL_RPC");
		exit(1);
	}
	t = now_us() - t;
	if (out->retval) {
		fprintf(stderr, "mailbox return code %u\n", out->retval);
		exit(1);
	}
	return t;
}

static double timed_native(int fd, struct cxl_send_command *cmd)
{
	double t;

	cmd->retval = 0;
	cmd->out.size = 256;
	t = now_us();
	if (ioctl(fd, CXL_MEM_SEND_COMMAND, cmd)) {
		perror("CXL_MEM_SEND_COMMAND");
		exit(1);
	}
	t = now_us() - t;
	if (cmd->retval) {
		fprintf(stderr, "native identify: return code %u\n",
			cmd->retval);
		exit(1);
	}
	return t;
}

/* One ioctl expected to end with @err (0: success), timed. */
struct expected_call {
	int fd;
	unsigned long request;
	void *arg;
	int err;
};

/* Exits when the call ends otherwise. */
static double timed_call(const struct expected_call *c)
{
	double t = now_us();
	int ret = ioctl(c->fd, c->request, c->arg);
	int err = errno;

	t = now_us() - t;
	if (c->err ? ret != -1 || err != c->err : ret != 0) {
		fprintf(stderr, "ioctl %#lx: %d, errno %d, want errno %d\n",
			c->request, ret, err, c->err);
		exit(1);
	}
	return t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct stats {
	double median, p99;
};

static struct stats stats(double *v, int n)
{
	struct stats s;

	qsort(v, n, sizeof(*v), cmp_double);
	s.median = v[n / 2];
	s.p99 = v[(int)(n * 0.99)];
	return s;
}

static void show(const char *what, struct stats s)
{
	printf("%-34s median %8.1f us   p99 %8.1f us\n", what, s.median,
	       s.p99);
}

static int open_native(const char *memdev)
{
	char path[64];

	snprintf(path, sizeof(path), "/dev/cxl/%s", memdev);
	return open(path, O_RDWR);
}

/* ---- threads ----------------------------------------------------------- */

struct runner {
	int fd, n;
	bool native;
	double seconds;
	pthread_t thread;
};

static pthread_barrier_t barrier;

static void *runner_fn(void *arg)
{
	struct runner *r = arg;
	struct prepared *p = malloc(sizeof(*p));
	struct cxl_send_command cmd = { .id = CXL_MEM_COMMAND_ID_IDENTIFY };
	double start;
	int i;

	if (!p) {
		fprintf(stderr, "fwctl_bench: out of memory\n");
		exit(1);
	}
	cmd.out.payload = (uintptr_t)p->out;
	prepare(p, OP_IDENTIFY_MEMDEV, NULL, 0);
	pthread_barrier_wait(&barrier);
	start = now_us();
	for (i = 0; i < r->n; i++) {
		if (r->native)
			timed_native(r->fd, &cmd);
		else
			timed_rpc(r->fd, p);
	}
	r->seconds = (now_us() - start) / 1e6;
	free(p);
	return NULL;
}

/*
 * Calls per second of @nthreads threads on @fds, @n calls each, through
 * fwctl or, with @native, through the memdevs' own ioctl.
 */
static double throughput(int *fds, int nthreads, int n, bool native)
{
	struct runner r[2];
	double longest = 0;
	int i;

	pthread_barrier_init(&barrier, NULL, nthreads);
	for (i = 0; i < nthreads; i++) {
		r[i].fd = fds[i];
		r[i].n = n;
		r[i].native = native;
		pthread_create(&r[i].thread, NULL, runner_fn, &r[i]);
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(r[i].thread, NULL);
		if (r[i].seconds > longest)
			longest = r[i].seconds;
	}
	pthread_barrier_destroy(&barrier);
	return nthreads * n / longest;
}

/* An optional run.sh --append parameter, else @def. */
static unsigned long param(const char *name, unsigned long def)
{
	unsigned long long val;

	return fwctl_cmdline_param(name, &val) ? val : def;
}

int main(void)
{
	int n = param("bench_n", 10000);
	struct cxl_send_command cmd = { .id = CXL_MEM_COMMAND_ID_IDENTIFY };
	uint8_t native_out[256], gsf_in[8] = { 0 }, log_in[24], feat_in[21];
	struct prepared *id, *gsf, *log, *feat;
	double *a, *b, one, two;
	int fwfd[2], nat, nat1, i, k, fds[2];
	struct stats sa, sb;
	char names[2][32];
	uint32_t v;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* The thread figures run in rounds of n / 4 calls. */
	if (n < 4)
		n = 4;
	if (list_memdevs(names, 2) != 2) {
		fprintf(stderr, "fwctl_bench: need two memdevs\n");
		return 1;
	}
	for (i = 0; i < 2; i++) {
		fwfd[i] = open_memdev_fwctl(names[i]);
		if (fwfd[i] < 0) {
			fprintf(stderr, "fwctl_bench: no fwctl device for %s\n",
				names[i]);
			return 1;
		}
	}
	nat = open_native(names[0]);
	nat1 = open_native(names[1]);
	a = calloc(n, sizeof(*a));
	b = calloc(n, sizeof(*b));
	id = malloc(sizeof(*id));
	gsf = malloc(sizeof(*gsf));
	log = malloc(sizeof(*log));
	feat = malloc(sizeof(*feat));
	if (nat < 0 || nat1 < 0 || !a || !b || !id || !gsf || !log || !feat) {
		fprintf(stderr, "fwctl_bench: setup failed\n");
		return 1;
	}
	cmd.out.payload = (uintptr_t)native_out;

	printf("fwctl_bench: %s, N = %d per path, CLOCK_MONOTONIC\n",
	       names[0], n);

	/* 1. Identify: fwctl against native, interleaved, order alternating. */
	prepare(id, OP_IDENTIFY_MEMDEV, NULL, 0);
	for (i = 0; i < 200; i++) {
		timed_rpc(fwfd[0], id);
		timed_native(nat, &cmd);
	}
	for (i = 0; i < n; i++) {
		if (i & 1) {
			a[i] = timed_rpc(fwfd[0], id);
			b[i] = timed_native(nat, &cmd);
		} else {
			b[i] = timed_native(nat, &cmd);
			a[i] = timed_rpc(fwfd[0], id);
		}
	}
	sa = stats(a, n);
	sb = stats(b, n);
	show("identify via FWCTL_RPC", sa);
	show("identify via CXL_MEM_SEND_COMMAND", sb);
	printf("identify median ratio: %.3f (fwctl over native)\n",
	       sa.median / sb.median);
	printf("identify p99 ratio: %.3f\n", sa.p99 / sb.p99);

	/* 2. The cache against a mailbox round trip of the same size. */
	v = GSF_OUT;
	memcpy(gsf_in, &v, 4);
	prepare(gsf, OP_GET_SUP_FEATS, gsf_in, sizeof(gsf_in));
	memset(log_in, 0, sizeof(log_in));
	memcpy(log_in, cel_uuid, 16);
	v = 0;
	memcpy(log_in + 16, &v, 4);
	v = GSF_OUT;
	memcpy(log_in + 20, &v, 4);
	prepare(log, OP_GET_LOG, log_in, sizeof(log_in));
	get_feature_in(feat_in, ecs_uuid, 0, 13, 0);
	prepare(feat, OP_GET_FEATURE, feat_in, sizeof(feat_in));
	for (i = 0; i < 200; i++) {
		timed_rpc(fwfd[0], gsf);
		timed_rpc(fwfd[0], log);
	}
	for (i = 0; i < n; i++) {
		if (i & 1) {
			a[i] = timed_rpc(fwfd[0], gsf);
			b[i] = timed_rpc(fwfd[0], log);
		} else {
			b[i] = timed_rpc(fwfd[0], log);
			a[i] = timed_rpc(fwfd[0], gsf);
		}
	}
	sa = stats(a, n);
	sb = stats(b, n);
	show("get supported features (cache)", sa);
	show("get log, CEL, 104 bytes (mailbox)", sb);
	printf("cache over mailbox, medians: %.3f\n", sa.median / sb.median);
	printf("cache over mailbox, p99s: %.3f\n", sa.p99 / sb.p99);
	for (i = 0; i < n; i++)
		a[i] = timed_rpc(fwfd[0], feat);
	show("get feature, ECS, 13 bytes (mailbox)", stats(a, n));
	prepare(feat, OP_GET_TIMESTAMP, NULL, 0);
	for (i = 0; i < n; i++)
		a[i] = timed_rpc(fwfd[0], feat);
	show("get timestamp, 8 bytes (mailbox)", stats(a, n));

	/* 3. The fixed costs, fwctl against native where there is a pair. */
	{
		struct cxl_mem_query_commands query = { .n_commands = 0 };
		uint8_t timestamp[8] = { 0 };
		const struct expected_call pairs[][2] = {
			{ { fwfd[0], _IO(FWCTL_TYPE, 0x7f), NULL, ENOTTY },
			  { nat, _IO(0xce, 0x7f), NULL, ENOTTY } },
			{ { fwfd[0], FWCTL_RPC, &feat->rpc, EPERM },
			  { nat, CXL_MEM_QUERY_COMMANDS, &query, 0 } },
		};
		static const char *const what[][2] = {
			{ "unknown ioctl on /dev/fwctl", "unknown ioctl on /dev/cxl" },
			{ "refused by the policy", "query commands, n = 0" },
		};

		/* Set Timestamp: the kernel's to send, refused with EPERM. */
		prepare(feat, OP_SET_TIMESTAMP, timestamp, sizeof(timestamp));
		feat->rpc.out_len = sizeof(feat->out);
		for (k = 0; k < 2; k++) {
			for (i = 0; i < n; i++) {
				/* 0 asks for the count, which the call sets. */
				query.n_commands = 0;
				if (i & 1) {
					a[i] = timed_call(&pairs[k][0]);
					b[i] = timed_call(&pairs[k][1]);
				} else {
					b[i] = timed_call(&pairs[k][1]);
					a[i] = timed_call(&pairs[k][0]);
				}
			}
			show(what[k][0], stats(a, n));
			show(what[k][1], stats(b, n));
		}
	}

	/* The core alone, and FWCTL_INFO. */
	if (fwctl_load_module("fwctl_test") >= 0) {
		struct fwctl_test_resp resp;
		char tname[32];
		int tfd;

		if (!fwctl_test_add(tname, sizeof(tname))) {
			tfd = fwctl_open(tname);
			for (i = 0; tfd >= 0 && i < n; i++) {
				double t = now_us();

				fwctl_test_cmd(tfd, FWCTL_RPC_CONFIGURATION,
					       FWCTL_TEST_OP_READ, 0, &resp);
				a[i] = now_us() - t;
			}
			if (tfd >= 0) {
				show("fwctl_test READ (core only)", stats(a, n));
				close(tfd);
			}
			fwctl_test_remove(tname);
		}
	}
	for (i = 0; i < n; i++) {
		struct fwctl_info info = { .size = sizeof(info) };
		double t = now_us();

		ioctl(fwfd[0], FWCTL_INFO, &info);
		a[i] = now_us() - t;
	}
	show("FWCTL_INFO on the CXL device", stats(a, n));

	/*
	 * 4. Different mailboxes in parallel, one mailbox shared; the native
	 * ioctl alike, so what the emulator serialises shows in both. Rounds
	 * of every configuration in turn, so drift hits all of them alike.
	 */
	{
		static const char *const what[] = {
			"1 thread on 1 device:  ", "2 threads on 2 devices:",
			"2 threads on 1 device: ",
		};
		double calls[2][3] = { 0 }, secs[2][3] = { 0 };
		int round, c;

		for (round = 0; round < THROUGHPUT_ROUNDS; round++) {
			for (c = 0; c < 3; c++) {
				for (k = 0; k < 2; k++) {
					int *dev = k ? (int[]){ nat, nat1 } :
						       (int[]){ fwfd[0], fwfd[1] };
					int nthreads = c ? 2 : 1;
					double tp;

					fds[0] = dev[0];
					fds[1] = c == 1 ? dev[1] : dev[0];
					tp = throughput(fds, nthreads, n / 4, k);
					calls[k][c] += nthreads * (n / 4);
					secs[k][c] += nthreads * (n / 4) / tp;
				}
			}
		}
		for (k = 0; k < 2; k++) {
			one = calls[k][0] / secs[k][0];
			for (c = 0; c < 3; c++) {
				two = calls[k][c] / secs[k][c];
				printf("identify %-6s %s %8.0f calls/s (%.2fx)\n",
				       k ? "native" : "fwctl", what[c], two,
				       two / one);
			}
		}
	}
	printf("online CPUs in the VM: %ld\n", sysconf(_SC_NPROCESSORS_ONLN));
	return 0;
}
