// SPDX-License-Identifier: GPL-2.0
/*
 * A seeded ioctl fuzzer for fwctl: FWCTL_RPC and FWCTL_INFO with random
 * struct sizes and tails, scopes, flags, opcodes (weighted towards the
 * device's CEL and the kernel's deny list), op_size/in_len/out_len
 * mismatches, payload bytes, bad and unaligned user pointers, and files of
 * removed devices, against both CXL memdevs and the fwctl_test device.
 *
 * Two passes: without CAP_SYS_RAWIO (anything goes: the kernel must refuse
 * whatever would change a CXL device), then with it, on read-only opcodes
 * only. Every call is checked against what the core promises (exact errnos
 * where the core decides, no write past the caller's buffers, no mutating
 * CXL command delivered). Around both passes: /proc/meminfo Slab, the test
 * module's open contexts, and the CXL devices' LSA, Feature values, poison
 * list and partition info must not change.
 *
 * Parameters, from the kernel command line (the test VM) or the
 * environment (FWCTL_FUZZ_SEED, ...): fuzz_seed=, fuzz_count= (calls per
 * pass), fuzz_seconds= (time bound per pass), fuzz_slab_kb= (the Slab
 * growth bound), fuzz_verbose= (see fuzz_rpc()). The seed is printed
 * first: rerun with fuzz_seed=<seed> to replay a failure. Output is TAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>

#include <fwctl/fwctl.h>
#include <fwctl/cxl.h>

#include "fwctl_util.h"
#include "cxl_util.h"
#include "fwctl_tap.h"

#define PAGE			4096UL
#define MAX_RPC_LEN		(2UL << 20)
#define INFO_MIN		24
#define RPC_MIN			32
#define CANARY			0xc5
#define MAX_MEMDEVS		2
#define STATE_LSA_LEN		8192
#define STATE_LSA_CHUNK		1024
#define FAILS_SHOWN		20
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* splitmix64: tiny, seedable, good enough to pick cases. */
static uint64_t rng_state;

static uint64_t rnd64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rnd(uint32_t n)
{
	return n ? rnd64() % n : 0;
}

static bool chance(unsigned int percent)
{
	return rnd(100) < percent;
}

enum kind { K_CXL, K_TEST, K_REMOVED };

struct target {
	enum kind kind;
	char label[40];
	char node[32];
	int fd;
};

/*
 * User memory the calls point into. Each area is followed by an
 * inaccessible page, so a buffer can be placed to end exactly at it.
 */
struct area {
	uint8_t *base;
	size_t len;
};

static struct area rw_area;	/* requests, structs, output buffers */
static struct area big_area;	/* in_len up to 2 MiB */
static uint8_t *ro_page;	/* readable, not writable */
static uint8_t *none_page;	/* neither */

static struct target targets[8];
static int ntargets;
static char memdevs[MAX_MEMDEVS][32];
static int nmemdevs;

static unsigned long calls, fails, succeeded, per_errno[256];
static bool pass_rawio;
static unsigned long long verbose;

static void fail(const char *fmt, ...)
{
	va_list ap;

	fails++;
	if (fails > FAILS_SHOWN)
		return;
	printf("# FAIL call %lu: ", calls);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void *map(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static bool setup_memory(void)
{
	uint8_t *p;

	rw_area.len = 64 * PAGE;
	p = map(rw_area.len + PAGE, PROT_READ | PROT_WRITE);
	if (!p)
		return false;
	rw_area.base = p;
	mprotect(p + rw_area.len, PAGE, PROT_NONE);

	big_area.len = MAX_RPC_LEN + 2 * PAGE;
	p = map(big_area.len + PAGE, PROT_READ | PROT_WRITE);
	if (!p)
		return false;
	big_area.base = p;
	mprotect(p + big_area.len, PAGE, PROT_NONE);

	p = map(2 * PAGE, PROT_READ | PROT_WRITE);
	if (!p)
		return false;
	memset(p, 0x11, PAGE);
	mprotect(p, PAGE, PROT_READ);
	ro_page = p;
	none_page = p + PAGE;
	mprotect(none_page, PAGE, PROT_NONE);
	return true;
}

/* Whether [p, p + len) is ordinary writable memory of ours. */
static bool writable(const void *p, size_t len)
{
	const uint8_t *b = p;

	if (b >= rw_area.base && b < rw_area.base + rw_area.len &&
	    len <= (size_t)(rw_area.base + rw_area.len - b))
		return true;
	return b >= big_area.base && b < big_area.base + big_area.len &&
	       len <= (size_t)(big_area.base + big_area.len - b);
}

static bool readable(const void *p, size_t len)
{
	const uint8_t *b = p;

	if (!len)
		return true;
	if (b >= ro_page && b < ro_page + PAGE &&
	    len <= (size_t)(ro_page + PAGE - b))
		return true;
	return writable(p, len);
}

/*
 * A pointer for a user buffer of @len bytes: mostly a good one (aligned or
 * not, placed to end at a guard page or not), sometimes a bad one.
 */
static uint8_t *pick_ptr(uint8_t *good, size_t len, bool *bad)
{
	*bad = true;
	switch (rnd(40)) {
	case 0:
		return NULL;
	case 1:
		return (uint8_t *)1;
	case 2:
		return (uint8_t *)0xffff888000000000ULL;
	case 3:
		return (uint8_t *)~0xfffULL;
	case 4:
		return none_page + rnd(PAGE);
	case 5:
		/* Below mmap_min_addr: never mapped. */
		return (uint8_t *)PAGE + rnd(PAGE);
	case 6:
		return ro_page + rnd(64);
	case 7:
		/* Runs into the guard page after the area. */
		if (len)
			return rw_area.base + rw_area.len - rnd(len);
		break;
	default:
		break;
	}
	*bad = false;
	return good;
}

/* ---- the expected outcome of one call ---------------------------------- */

/*
 * A set of acceptable results, one bit per result: bit 0 success, then
 * the errnos of known_errnos[]; any other errno is bit 63, never allowed
 * but by ANY_OUTCOME.
 */
#define outcome_t	uint64_t
#define OK_SUCCESS	1ULL
#define E(x)		(1ULL << errno_bit(x))
#define ANY_OUTCOME	(~0ULL)
#define OTHER_BIT	63

static const int known_errnos[] = {
	0, EINVAL, E2BIG, EFAULT, ENODEV, EMSGSIZE, EOPNOTSUPP, EPERM,
	ENOSPC, ENOENT, EBUSY, ENOTTY, ENOMEM, EIO,
};

static int errno_bit(int e)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(known_errnos); i++)
		if (known_errnos[i] == e)
			return i;
	return OTHER_BIT;
}

static const char *errname(int e)
{
	static char buf[16];

	switch (e) {
	case 0: return "success";
	case EINVAL: return "EINVAL";
	case E2BIG: return "E2BIG";
	case EFAULT: return "EFAULT";
	case ENODEV: return "ENODEV";
	case EMSGSIZE: return "EMSGSIZE";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EPERM: return "EPERM";
	case ENOSPC: return "ENOSPC";
	case ENOENT: return "ENOENT";
	case EBUSY: return "EBUSY";
	case ENOTTY: return "ENOTTY";
	case ENOMEM: return "ENOMEM";
	case EIO: return "EIO";
	}
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

static void print_set(char *buf, size_t size, outcome_t set)
{
	size_t n = 0;
	int e;

	buf[0] = 0;
	for (e = 0; e < (int)ARRAY_SIZE(known_errnos) && n < size; e++)
		if (set & (1ULL << e))
			n += snprintf(buf + n, size - n, "%s%s", n ? "|" : "",
				      errname(known_errnos[e]));
}

/*
 * The struct layer, decided by the core alone: the size word, the minimum,
 * the tail beyond the kernel's struct. Returns 0 when the call gets past
 * it, else the set of possible errors.
 */
static outcome_t struct_layer(const uint8_t *arg, uint32_t size,
			      uint32_t min, uint32_t ksize, bool arg_bad)
{
	uint32_t i;

	if (arg_bad || !readable(arg, 4))
		return E(EFAULT);
	if (size < min)
		return E(EINVAL);
	if (size > ksize) {
		for (i = ksize; i < size; i++) {
			if (!readable(arg + i, 1))
				return E(EFAULT);
			if (arg[i])
				return E(E2BIG);
		}
	}
	if (!readable(arg, size < ksize ? size : ksize))
		return E(EFAULT);
	return 0;
}

/* ---- targets ------------------------------------------------------------ */

static int add_target(enum kind kind, const char *label, const char *node)
{
	struct target *t = &targets[ntargets];

	t->kind = kind;
	snprintf(t->label, sizeof(t->label), "%s", label);
	snprintf(t->node, sizeof(t->node), "%s", node);
	t->fd = fwctl_open(node);
	if (t->fd < 0)
		return t->fd;
	ntargets++;
	return 0;
}

static int memdev_node(const char *memdev, char *node, size_t size)
{
	char path[300];
	struct dirent *e;
	DIR *d;
	int ret = -ENOENT;

	snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/fwctl", memdev);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "fwctl", 5)) {
			snprintf(node, size, "%.*s", (int)size - 1, e->d_name);
			ret = 0;
			break;
		}
	closedir(d);
	return ret;
}

/* A file whose test device was removed after it was opened. */
static int make_removed(struct target *t)
{
	char name[32];
	int ret;

	ret = fwctl_test_add(name, sizeof(name));
	if (ret)
		return ret;
	if (t->fd >= 0)
		close(t->fd);
	t->kind = K_REMOVED;
	snprintf(t->node, sizeof(t->node), "%s", name);
	snprintf(t->label, sizeof(t->label), "removed %s", name);
	t->fd = fwctl_open(name);
	ret = fwctl_test_remove(name);
	return t->fd < 0 ? t->fd : ret;
}

/*
 * Start the test targets afresh: the first pass ran in a child whose
 * renewals this process did not see.
 */
static int reset_test_targets(void)
{
	char buf[4096], *line, *save;
	struct target *t;
	int ret;

	for (t = targets; t < targets + ntargets; t++)
		if (t->kind != K_CXL && t->fd >= 0) {
			close(t->fd);
			t->fd = -1;
		}
	ret = fwctl_read_file(FWCTL_TEST_DEBUGFS "/devices", buf, sizeof(buf));
	if (ret)
		return ret;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		fwctl_test_remove(line);
	for (t = targets; t < targets + ntargets; t++) {
		if (t->kind == K_REMOVED) {
			ret = make_removed(t);
		} else if (t->kind == K_TEST) {
			ret = fwctl_test_add(t->node, sizeof(t->node));
			if (!ret) {
				snprintf(t->label, sizeof(t->label), "test %s",
					 t->node);
				t->fd = fwctl_open(t->node);
				ret = t->fd < 0 ? t->fd : 0;
			}
		}
		if (ret)
			return ret;
	}
	return 0;
}

/* Replace the live test device by a new one: device numbers churn. */
static int renew_test(struct target *t)
{
	char name[32];
	int ret;

	close(t->fd);
	ret = fwctl_test_remove(t->node);
	if (ret)
		return ret;
	ret = fwctl_test_add(name, sizeof(name));
	if (ret)
		return ret;
	snprintf(t->node, sizeof(t->node), "%s", name);
	snprintf(t->label, sizeof(t->label), "test %s", name);
	t->fd = fwctl_open(name);
	return t->fd < 0 ? t->fd : 0;
}

/* ---- CXL opcodes -------------------------------------------------------- */

/* The kernel's deny list (drivers/cxl/fwctl/policy_table.h). */
static const uint16_t deny_ops[] = {
	0x0101, 0x0103, 0x0201, 0x0202, 0x0301, 0x4101, 0x4103, 0x4204,
	0x4301, 0x4302, 0x4400, 0x4401, 0x4501, 0x4502, 0x4503, 0x4504,
	0x4505, 0x4802, 0x4803, 0x4402, 0x4500, 0x4600, 0x4601, 0x5102,
	0x5103, 0x5201, 0x5202, 0x5301, 0x5302, 0x5402, 0x5600, 0x5604,
};

/* The device's CEL, and which of its opcodes are reads. */
static uint16_t cel_ops[256], ro_ops[256];
static int ncel, nro;

static bool is_denied(uint16_t op)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(deny_ops); i++)
		if (deny_ops[i] == op)
			return true;
	return false;
}

/*
 * From the kernel's own view of the CEL (debugfs): every opcode, and as
 * reads those with no effects that the kernel allows at every scope.
 */
static int read_cel(const char *memdev)
{
	char path[128], line[256];
	unsigned int op, eff;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/cxl_fwctl/%s/cel",
		 memdev);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f) && ncel < 256) {
		if (sscanf(line, "0x%x 0x%x", &op, &eff) != 2)
			continue;
		cel_ops[ncel++] = op;
		if (!eff && !is_denied(op) && op != OP_SET_FEATURE &&
		    strstr(line, "configuration"))
			ro_ops[nro++] = op;
	}
	fclose(f);
	return ncel ? 0 : -ENOENT;
}

static uint32_t pick_cxl_opcode(void)
{
	uint32_t op;

	if (pass_rawio) {
		op = ro_ops[rnd(nro)];
		/* Upper bits must be refused, never truncated away. */
		if (chance(5))
			op |= (1 + rnd(0xffff)) << 16;
		return op;
	}
	switch (rnd(20)) {
	case 0 ... 6:
		return cel_ops[rnd(ncel)];
	case 7 ... 11:
		return deny_ops[rnd(ARRAY_SIZE(deny_ops))];
	case 12 ... 14:
		return OP_GET_SUP_FEATS + rnd(3);
	case 15 ... 16:
		return rnd(0x10000);
	case 17:
		return 0xc000 + rnd(0x4000);
	case 18:
		return (uint32_t)rnd64();
	default:
		return deny_ops[rnd(3)] | (1 + rnd(0xffff)) << 16;
	}
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static const uint8_t cel_uuid[16] = {
	0x0d, 0xa9, 0xc0, 0xb5, 0xbf, 0x41, 0x4b, 0x78,
	0x8f, 0x79, 0x96, 0xb1, 0x62, 0x3b, 0x3f, 0x17,
};

static const uint8_t *pick_uuid(void)
{
	static uint8_t random_uuid[16];
	unsigned int i;

	switch (rnd(4)) {
	case 0:
		return patrol_scrub_uuid;
	case 1:
		return ecs_uuid;
	case 2:
		return cel_uuid;
	}
	for (i = 0; i < sizeof(random_uuid); i++)
		random_uuid[i] = rnd(256);
	return random_uuid;
}

/* Mailbox payload: plausible for the opcode most of the time. */
static uint32_t fill_cxl_payload(uint16_t op, uint8_t *p, uint32_t room)
{
	uint32_t len = rnd(4) ? rnd(72) : rnd(room < 2200 ? room : 2200);
	uint32_t i;

	if (len > room)
		len = room;
	for (i = 0; i < len; i++)
		p[i] = chance(50) ? 0 : rnd(256);
	if (chance(30) || room < 40)
		return len;

	switch (op) {
	case OP_GET_SUP_FEATS:
		len = 8;
		put32(p, rnd(3) ? 8 + 48 * rnd(4) : rnd(4096));
		put16(p + 4, rnd(4));
		put16(p + 6, 0);
		break;
	case OP_GET_FEATURE:
		len = 21;
		memcpy(p, pick_uuid(), 16);
		put16(p + 16, rnd(16));
		put16(p + 18, rnd(3) ? rnd(16) : rnd(0x10000));
		p[20] = rnd(4);
		break;
	case OP_SET_FEATURE:
		len = 32 + rnd(8);
		memcpy(p, pick_uuid(), 16);
		put32(p + 16, rnd(3) ? 0 : rnd(16));
		put16(p + 20, rnd(3) ? 0 : rnd(16));
		p[22] = 1;
		memset(p + 23, 0, 9);
		break;
	case OP_GET_LSA:
		len = 8;
		put32(p, rnd(3) ? rnd(8192) : (uint32_t)rnd64());
		put32(p + 4, rnd(3) ? rnd(2048) : (uint32_t)rnd64());
		break;
	case OP_GET_POISON:
		len = 16;
		memset(p, 0, 16);
		put32(p, rnd(0x10000) << 6);
		put32(p + 8, rnd(0x20000));
		break;
	case 0x0401:		/* Get Log */
		len = 24;
		memcpy(p, pick_uuid(), 16);
		put32(p + 16, rnd(256));
		put32(p + 20, rnd(3) ? rnd(512) : rnd(4096));
		break;
	default:
		break;
	}
	return len;
}

/* ---- one FWCTL_RPC ------------------------------------------------------- */

static uint32_t pick_len(uint32_t typical)
{
	switch (rnd(12)) {
	case 0:
		return 0;
	case 1:
		return 1 + rnd(15);
	case 2:
		return MAX_RPC_LEN;
	case 3:
		return MAX_RPC_LEN + 1 + rnd(64);
	case 4:
		return (uint32_t)rnd64();
	case 5:
		return typical + rnd(8) - 4;
	default:
		return typical;
	}
}

static uint32_t pick_scope(void)
{
	switch (rnd(12)) {
	case 0:
		return 4 + rnd(8);
	case 1:
		return (uint32_t)rnd64();
	default:
		return rnd(4);
	}
}

/* A struct of @ksize bytes at a random place, with a random size word. */
static uint8_t *place_struct(uint32_t min, uint32_t ksize, uint32_t *usize,
			     bool *bad)
{
	uint32_t size, room;
	uint8_t *p;

	switch (rnd(16)) {
	case 0:
		size = rnd(min);
		break;
	case 1:
		size = min + rnd(ksize - min + 1);
		break;
	case 2 ... 4:
		size = ksize + 1 + rnd(64);
		break;
	case 5:
		size = ksize + 1 + rnd(2 * PAGE);
		break;
	case 6:
		size = (uint32_t)rnd64();
		break;
	default:
		size = ksize;
		break;
	}
	*usize = size;

	/* Room for the struct and its tail: the last pages of rw_area. */
	room = 3 * PAGE;
	if (chance(20))
		p = rw_area.base + rw_area.len - (size < room ? size : room) +
		    (chance(50) ? rnd(8) : 0);
	else
		p = rw_area.base + rw_area.len - room + rnd(64);
	if (p + 4 > rw_area.base + rw_area.len)
		p = rw_area.base + rw_area.len - 4;
	memset(p, 0, rw_area.base + rw_area.len - p);
	/* The tail: zero, or one stray non-zero byte. */
	if (size > ksize && chance(40)) {
		uint32_t off = ksize + rnd(size - ksize);

		if (writable(p + off, 1))
			p[off] = 1 + rnd(255);
	}
	return pick_ptr(p, size, bad);
}

static void check_result(const char *what, struct target *t, int ret,
			 int err, outcome_t allowed, const char *detail)
{
	int got = ret ? err : 0;
	char set[200];

	calls++;
	if (!ret)
		succeeded++;
	else if (err > 0 && err < 256)
		per_errno[err]++;
	if (allowed & (got ? E(got) : OK_SUCCESS))
		return;
	print_set(set, sizeof(set), allowed);
	fail("%s on %s: got %s, want %s (%s)", what, t->label, errname(got),
	     set, detail);
}

/* The room the core gives a driver to answer in place, in bytes. */
static uint64_t inplace_room(uint32_t in_len)
{
	return in_len > 128 ? in_len : 128;
}

/*
 * Whether the request is a well-formed INPLACE to a test device (one the
 * driver answers in place); if so *@claim is the length it claims.
 */
static bool inplace_claim(const struct target *t, const uint8_t *in,
			  uint32_t in_len, uint64_t *claim)
{
	struct fwctl_test_req req;

	if (t->kind != K_TEST || in_len < sizeof(req))
		return false;
	memcpy(&req, in, sizeof(req));
	if (req.opcode != FWCTL_TEST_OP_INPLACE || req.reserved)
		return false;
	*claim = req.arg;
	return true;
}

/* An in-place response: the request, then zeroes; @wrote bytes of it. */
static bool inplace_bytes_ok(const uint8_t *in, uint32_t in_len,
			     const uint8_t *out, uint32_t wrote)
{
	uint32_t i;

	for (i = 0; i < wrote; i++)
		if (out[i] != (i < in_len ? in[i] : 0))
			return false;
	return true;
}

/* The bytes a call may not write, after the last one it may. */
static bool canary_ok(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != CANARY)
			return false;
	return true;
}

static void fuzz_rpc(struct target *t)
{
	struct fwctl_rpc *rpc;
	struct fwctl_rpc_cxl *req;
	uint8_t *in, *out, *arg, *inbuf, *outbuf;
	uint32_t usize, in_len, out_len, scope, opcode = 0, pay;
	bool arg_bad, in_bad, out_bad, out_ptr_bad, denied = false;
	bool inplace = false;
	uint64_t claim = 0;
	outcome_t allowed;
	size_t out_room;
	char detail[160];
	int ret, err;

	/* Request and response buffers in the first pages of rw_area. */
	inbuf = rw_area.base;
	outbuf = rw_area.base + 16 * PAGE;
	out_room = 32 * PAGE;

	if (t->kind == K_CXL || (t->kind == K_REMOVED && chance(50))) {
		req = (struct fwctl_rpc_cxl *)inbuf;
		opcode = pick_cxl_opcode();
		pay = fill_cxl_payload(opcode, req->payload, 12 * PAGE);
		req->opcode = opcode;
		req->flags = chance(95) ? 0 : (uint32_t)rnd64();
		req->reserved1 = chance(95) ? 0 : (uint32_t)rnd64();
		/* Exact, or with the 32 bytes mainline's clients add. */
		in_len = (chance(50) ? sizeof(req->hdr) : sizeof(*req)) + pay;
		req->op_size = chance(85) ? pay : (uint32_t)(pay + rnd(64) - 32);
		if (chance(3))
			req->op_size = (uint32_t)rnd64();
		denied = is_denied(opcode & 0xffff) || opcode > 0xffff ||
			 (opcode == OP_SET_FEATURE && !pass_rawio);
	} else {
		struct fwctl_test_req *treq = (struct fwctl_test_req *)inbuf;
		uint32_t i;

		treq->opcode = rnd(7);
		/* Never SLEEP; with CAP_SYS_RAWIO, reads only. */
		if (treq->opcode == FWCTL_TEST_OP_SLEEP)
			treq->opcode = FWCTL_TEST_OP_ECHO;
		if (pass_rawio && (treq->opcode == FWCTL_TEST_OP_WRITE ||
				   treq->opcode == FWCTL_TEST_OP_WRITE_FULL))
			treq->opcode = FWCTL_TEST_OP_ECHO;
		if (chance(3))
			treq->opcode = (uint32_t)rnd64();
		if (treq->opcode == FWCTL_TEST_OP_SLEEP)
			treq->opcode = FWCTL_TEST_OP_READ;
		treq->reserved = chance(90) ? 0 : (uint32_t)rnd64();
		treq->arg = rnd64();
		/* INPLACE claims arg bytes: around the room, sometimes beyond. */
		if (treq->opcode == FWCTL_TEST_OP_INPLACE)
			treq->arg = chance(90) ? rnd(300) : rnd64();
		pay = rnd(4) ? 0 : rnd(256);
		for (i = 0; i < pay; i++)
			inbuf[sizeof(*treq) + i] = rnd(256);
		in_len = sizeof(*treq) + pay;
		opcode = treq->opcode;
	}

	if (chance(25))
		in_len = pick_len(in_len);
	out_len = chance(70) ? 8 + rnd(2200) : pick_len(rnd(4) ? 64 : 4096);

	/* Where the request and the response go. */
	in = inbuf;
	if (in_len > 12 * PAGE && in_len <= big_area.len) {
		in = big_area.base;
		memcpy(in, inbuf, 12 * PAGE);
	}
	if (chance(10) && in_len <= 12 * PAGE) {
		/* Ends where the request area does, often unaligned. */
		in = inbuf + 12 * PAGE - in_len;
		memmove(in, inbuf, in_len);
	}
	in = pick_ptr(in, in_len, &in_bad);
	/* Read-only memory is fine for a request. */
	in_bad = !readable(in, in_len);

	out = outbuf + (chance(20) ? rnd(8) : 0);
	memset(outbuf, CANARY, out_room);
	out = pick_ptr(out, out_len, &out_ptr_bad);
	out_bad = out_ptr_bad || !writable(out, out_len);

	scope = pick_scope();
	arg = place_struct(RPC_MIN, sizeof(*rpc), &usize, &arg_bad);
	if (!arg_bad) {
		struct fwctl_rpc r = {
			.size = usize,
			.scope = scope,
			.in_len = in_len,
			.out_len = out_len,
			.in = (uintptr_t)in,
			.out = (uintptr_t)out,
		};
		size_t n = usize < sizeof(r) ? usize : sizeof(r);

		if (writable(arg, n))
			memcpy(arg, &r, n);
		else if (writable(arg, 4))
			memcpy(arg, &usize, 4);
	}

	snprintf(detail, sizeof(detail),
		 "size %u scope %u opcode %#x in %p+%u out %p+%u", usize,
		 scope, opcode, in, in_len, out, out_len);

	allowed = struct_layer(arg, usize, RPC_MIN, sizeof(*rpc), arg_bad);
	if (arg_bad && readable(arg, 4)) {
		/* Someone else's bytes: only the struct layer is known. */
		memcpy(&usize, arg, 4);
		allowed = struct_layer(arg, usize, RPC_MIN, sizeof(*rpc), false);
		if (!allowed)
			allowed = ANY_OUTCOME;
	}
	if (!allowed && t->kind == K_REMOVED)
		allowed = E(ENODEV);
	if (!allowed && (in_len > MAX_RPC_LEN || out_len > MAX_RPC_LEN))
		allowed = E(EMSGSIZE);
	if (!allowed && scope > FWCTL_RPC_DEBUG_WRITE_FULL)
		allowed = E(EOPNOTSUPP);
	if (!allowed && scope == FWCTL_RPC_DEBUG_WRITE_FULL && !pass_rawio)
		allowed = E(EPERM);
	if (!allowed && in_bad)
		allowed = E(EFAULT);
	if (!allowed) {
		/* The driver decides; a bad output buffer faults at the end. */
		allowed = E(EINVAL) | E(EOPNOTSUPP) | E(ENOSPC) | E(EMSGSIZE) |
			  E(EPERM) | E(ENOENT) | E(EBUSY) | E(EFAULT);
		if (!(denied && t->kind == K_CXL))
			allowed |= OK_SUCCESS;
		inplace = inplace_claim(t, in, in_len, &claim);
		if (inplace) {
			/* Exactly: the core's room decides. */
			allowed = claim > inplace_room(in_len) ? E(EIO) :
								  OK_SUCCESS;
			if (allowed == OK_SUCCESS && out_bad)
				allowed |= E(EFAULT);
		}
		if (!out_bad)
			allowed &= ~E(EFAULT);
	}

	/*
	 * fuzz_verbose=1: print every RPC before it is made; 2: those of the
	 * second pass; 3: those to a CXL device, each drained to the serial
	 * port before the call (finds the request that kills an emulator).
	 */
	if (verbose == 1 || (verbose == 2 && pass_rawio))
		printf("# %lu: rpc %s: %s\n", calls, t->label, detail);
	if (verbose == 3 && t->kind == K_CXL) {
		printf("# %lu: rpc %s: %s\n", calls, t->label, detail);
		tcdrain(1);
	}
	ret = ioctl(t->fd, FWCTL_RPC, arg);
	err = errno;
	check_result("FWCTL_RPC", t, ret, err, allowed, detail);
	if (ret || arg_bad || out_ptr_bad)
		return;

	if (usize < sizeof(*rpc) + 64 && writable(arg, usize) &&
	    usize > sizeof(*rpc)) {
		/* The kernel copies back at most its own struct. */
		uint32_t i;

		for (i = sizeof(*rpc); i < usize; i++)
			if (arg[i]) {
				fail("FWCTL_RPC wrote the struct's tail (%s)",
				     detail);
				break;
			}
	}
	rpc = (struct fwctl_rpc *)arg;
	if (usize >= offsetof(struct fwctl_rpc, out_len) + 4) {
		uint32_t full = rpc->out_len;
		uint32_t wrote = full < out_len ? full : out_len;

		if (out + wrote <= outbuf + out_room &&
		    !canary_ok(out + wrote, outbuf + out_room - (out + wrote)))
			fail("FWCTL_RPC wrote past %u of %u bytes (%s)", wrote,
			     out_len, detail);
		if (inplace && (full != claim ||
				!inplace_bytes_ok(in, in_len, out, wrote)))
			fail("INPLACE claimed %llu: out_len %u or bytes wrong (%s)",
			     (unsigned long long)claim, full, detail);
		/* Counted from sizeof(struct fwctl_rpc_cxl_out), as mainline. */
		if (t->kind == K_CXL && wrote >= 8 &&
		    ((struct fwctl_rpc_cxl_out *)out)->size + 16 != full)
			fail("CXL response size %u, out_len %u (%s)",
			     ((struct fwctl_rpc_cxl_out *)out)->size, full,
			     detail);
	}
}

/* ---- one FWCTL_INFO ------------------------------------------------------ */

static void fuzz_info(struct target *t)
{
	uint8_t *arg, *data, *good = rw_area.base + 16 * PAGE;
	uint32_t usize, flags, len;
	bool arg_bad, data_bad;
	outcome_t allowed;
	char detail[120];
	uint32_t dlen;
	int ret;

	switch (t->kind) {
	case K_CXL:
		dlen = sizeof(struct fwctl_info_cxl);
		break;
	case K_TEST:
		dlen = sizeof(struct fwctl_test_info);
		break;
	default:
		dlen = 0;
		break;
	}

	/*
	 * The kernel writes all len bytes (zero past the driver's data), so a
	 * huge len runs into the guard page after rw_area and faults there.
	 */
	flags = chance(90) ? 0 : (uint32_t)rnd64();
	len = chance(80) ? rnd(64) : (uint32_t)rnd64();
	memset(good, CANARY, PAGE);
	data = pick_ptr(good + (chance(30) ? rnd(8) : 0),
			len < PAGE ? len : PAGE, &data_bad);
	if (!data_bad && !writable(data, len))
		data_bad = true;
	arg = place_struct(INFO_MIN, sizeof(struct fwctl_info), &usize,
			   &arg_bad);
	if (!arg_bad) {
		struct fwctl_info info = {
			.size = usize,
			.flags = flags,
			.device_data_len = len,
			.out_device_data = (uintptr_t)data,
		};
		size_t n = usize < sizeof(info) ? usize : sizeof(info);

		if (writable(arg, n))
			memcpy(arg, &info, n);
		else if (writable(arg, 4))
			memcpy(arg, &usize, 4);
	}
	snprintf(detail, sizeof(detail), "size %u flags %#x data %p+%u",
		 usize, flags, data, len);

	allowed = struct_layer(arg, usize, INFO_MIN, sizeof(struct fwctl_info),
			       arg_bad);
	if (arg_bad && readable(arg, 4)) {
		memcpy(&usize, arg, 4);
		allowed = struct_layer(arg, usize, INFO_MIN,
				       sizeof(struct fwctl_info), false);
		if (!allowed)
			allowed = ANY_OUTCOME;
	}
	if (!allowed && t->kind == K_REMOVED)
		allowed = E(ENODEV);
	if (!allowed && flags)
		allowed = E(EOPNOTSUPP);
	if (!allowed) {
		if (data_bad && len)
			allowed = E(EFAULT);
		else
			allowed = OK_SUCCESS;
	}

	ret = ioctl(t->fd, FWCTL_INFO, arg);
	check_result("FWCTL_INFO", t, ret, errno, allowed, detail);
	if (ret || data_bad || arg_bad)
		return;
	for (uint32_t i = dlen; i < len; i++)
		if (data[i]) {
			fail("FWCTL_INFO left byte %u of %u unzeroed (%s)", i,
			     len, detail);
			break;
		}
	if (data + len + 64 <= good + PAGE && !canary_ok(data + len, 64))
		fail("FWCTL_INFO wrote past %u bytes (%s)", len, detail);
	if (writable(arg, 16) &&
	    ((struct fwctl_info *)arg)->device_data_len != dlen)
		fail("FWCTL_INFO device_data_len %u, want %u (%s)",
		     ((struct fwctl_info *)arg)->device_data_len, dlen,
		     detail);
}

/* Another command number on the same files: ENOTTY, nothing else. */
static void fuzz_other_ioctl(struct target *t)
{
	unsigned int cmd;
	int ret;

	do {
		cmd = chance(50) ? (FWCTL_TYPE << 8 | rnd(256)) :
				   (uint32_t)rnd64();
		if (chance(30))
			cmd = FWCTL_RPC | (rnd(0x3fff) + 1) << 16;
	} while (cmd == FWCTL_INFO || cmd == FWCTL_RPC);
	ret = ioctl(t->fd, cmd, rw_area.base);
	check_result("ioctl", t, ret, errno, E(ENOTTY), "unknown command");
}

/* ---- device state ---------------------------------------------------------- */

struct dev_state {
	uint8_t lsa[STATE_LSA_LEN];
	uint8_t scrub[4], ecs[13];
	uint8_t poison[PAYLOAD_MAX];
	uint32_t poison_len;
	uint8_t partition[64];
	uint32_t partition_len;
};

static struct cxl_reply reply;

static int read_state(int fd, struct dev_state *s)
{
	uint64_t poison_in[2] = { 0, (256 << 20) / 64 };
	uint8_t in[21];
	uint32_t lsa_in[2], off;

	memset(s, 0, sizeof(*s));
	for (off = 0; off < STATE_LSA_LEN; off += STATE_LSA_CHUNK) {
		lsa_in[0] = off;
		lsa_in[1] = STATE_LSA_CHUNK;
		if (rpc(fd, FWCTL_RPC_CONFIGURATION, OP_GET_LSA, lsa_in,
			sizeof(lsa_in), &reply) || reply.retval ||
		    reply.size != STATE_LSA_CHUNK)
			return -1;
		memcpy(s->lsa + off, reply.payload, STATE_LSA_CHUNK);
	}
	get_feature_in(in, patrol_scrub_uuid, 0, 4, 0);
	if (rpc(fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE, in, sizeof(in),
		&reply) || reply.retval || reply.size != 4)
		return -2;
	memcpy(s->scrub, reply.payload, 4);
	get_feature_in(in, ecs_uuid, 0, 13, 0);
	if (rpc(fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE, in, sizeof(in),
		&reply) || reply.retval || reply.size != 13)
		return -3;
	memcpy(s->ecs, reply.payload, 13);
	if (rpc(fd, FWCTL_RPC_CONFIGURATION, OP_GET_POISON, poison_in,
		sizeof(poison_in), &reply) || reply.retval ||
	    reply.size > PAYLOAD_MAX)
		return -4;
	s->poison_len = reply.size;
	memcpy(s->poison, reply.payload, reply.size);
	/* Get Partition Info */
	if (rpc(fd, FWCTL_RPC_CONFIGURATION, 0x4100, NULL, 0, &reply) ||
	    reply.retval || reply.size > sizeof(s->partition))
		return -5;
	s->partition_len = reply.size;
	memcpy(s->partition, reply.payload, reply.size);
	return 0;
}

static long meminfo_kb(const char *key)
{
	char line[128];
	size_t n = strlen(key);
	long v = -1;
	FILE *f;

	f = fopen("/proc/meminfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* Slab in kB after the kernel dropped what it can drop. */
static long settled_slab(void)
{
	sync();
	fwctl_write_file("/proc/sys/vm/drop_caches", "3");
	usleep(200000);
	return meminfo_kb("Slab");
}

/* ---- parameters -------------------------------------------------------------- */

/* From the environment when run by hand, else from the kernel command line. */
static bool param(const char *name, const char *env, unsigned long long *val)
{
	const char *e = getenv(env);

	if (e) {
		*val = strtoull(e, NULL, 0);
		return true;
	}
	return fwctl_cmdline_param(name, val);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- a pass ---------------------------------------------------------------------- */

struct pass_result {
	unsigned long calls, fails, succeeded;
	double seconds;
};

static void run_pass(unsigned long count, double seconds, bool rawio,
		     struct pass_result *res)
{
	double start = now();
	unsigned long i, e;
	struct target *t;

	pass_rawio = rawio;
	calls = 0;
	fails = 0;
	succeeded = 0;
	memset(per_errno, 0, sizeof(per_errno));
	for (i = 0; i < count; i++) {
		if (!(i % 1024) && now() - start > seconds)
			break;
		if (i && !(i % 4000)) {
			for (t = targets; t < targets + ntargets; t++) {
				if (t->kind == K_REMOVED && make_removed(t))
					fail("cannot make a removed-device file");
				else if (t->kind == K_TEST && renew_test(t))
					fail("cannot renew the test device");
			}
		}
		t = &targets[rnd(ntargets)];
		switch (rnd(20)) {
		case 0 ... 3:
			fuzz_info(t);
			break;
		case 4:
			fuzz_other_ioctl(t);
			break;
		default:
			fuzz_rpc(t);
			break;
		}
	}
	res->calls = calls;
	res->fails = fails;
	res->succeeded = succeeded;
	res->seconds = now() - start;
	printf("# %s CAP_SYS_RAWIO: %lu calls in %.1f s (%.0f/s), %lu succeeded, %lu unexpected\n",
	       rawio ? "with" : "without", calls, res->seconds,
	       calls / res->seconds, succeeded, fails);
	printf("#   errors:");
	for (e = 1; e < 256; e++)
		if (per_errno[e])
			printf(" %s %lu", errname(e), per_errno[e]);
	printf("\n");
}

/* The first pass runs in a child that gave up CAP_SYS_RAWIO for good. */
static bool pass_without_rawio(unsigned long count, double seconds,
			       struct pass_result *res)
{
	struct pass_result *shared;
	int status;
	pid_t pid;

	shared = map(PAGE, PROT_READ | PROT_WRITE);
	if (!shared)
		return false;
	shared = mmap(shared, PAGE, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (shared == MAP_FAILED)
		return false;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return false;
	if (!pid) {
		if (clear_rawio(true)) {
			printf("# cannot drop CAP_SYS_RAWIO: %s\n",
			       strerror(errno));
			_exit(2);
		}
		run_pass(count, seconds, false, shared);
		fflush(stdout);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return false;
	*res = *shared;
	/* The child's random stream is not ours: move on from it. */
	rng_state += res->calls;
	return true;
}

int main(void)
{
	unsigned long long seed, count = 100000, seconds = 150, slab_kb = 1024;
	struct dev_state *before, *after;
	struct pass_result res;
	long slab0, slab1, ctx0, ctx1;
	int fds[MAX_MEMDEVS];
	char node[32];
	int i, ret;

	if (!param("fuzz_seed", "FWCTL_FUZZ_SEED", &seed))
		seed = (uint64_t)time(NULL) * 2654435761ULL ^ getpid();
	param("fuzz_count", "FWCTL_FUZZ_COUNT", &count);
	param("fuzz_seconds", "FWCTL_FUZZ_SECONDS", &seconds);
	param("fuzz_slab_kb", "FWCTL_FUZZ_SLAB_KB", &slab_kb);
	param("fuzz_verbose", "FWCTL_FUZZ_VERBOSE", &verbose);
	rng_state = seed;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n1..8\n");
	printf("# seed %#llx\n", seed);
	printf("# replay: fuzz_seed=%#llx on the kernel command line\n", seed);
	printf("# %llu calls or %llu s per pass, Slab bound %llu kB\n", count,
	       seconds, slab_kb);

	before = calloc(MAX_MEMDEVS, sizeof(*before));
	after = calloc(MAX_MEMDEVS, sizeof(*after));
	ret = fwctl_load_module("fwctl_test");
	nmemdevs = list_memdevs(memdevs, MAX_MEMDEVS);
	if (!before || !after || ret < 0 || nmemdevs != MAX_MEMDEVS ||
	    !setup_memory() || read_cel(memdevs[0]) || !nro) {
		tap(false, "setup: fwctl_test %d, %d memdevs, CEL %d/%d", ret,
		    nmemdevs, ncel, nro);
		return 1;
	}
	for (i = 0; i < nmemdevs; i++) {
		char label[40];

		snprintf(label, sizeof(label), "cxl %s", memdevs[i]);
		if (memdev_node(memdevs[i], node, sizeof(node)) ||
		    add_target(K_CXL, label, node)) {
			tap(false, "setup: no fwctl device for %s", memdevs[i]);
			return 1;
		}
		fds[i] = targets[ntargets - 1].fd;
		if (read_state(fds[i], &before[i])) {
			tap(false, "setup: cannot read %s's state", memdevs[i]);
			return 1;
		}
	}
	if (fwctl_test_add(node, sizeof(node)) ||
	    add_target(K_TEST, "test", node)) {
		tap(false, "setup: no fwctl_test device");
		return 1;
	}
	snprintf(targets[ntargets - 1].label, sizeof(targets[0].label),
		 "test %s", node);
	targets[ntargets].fd = -1;
	if (make_removed(&targets[ntargets])) {
		tap(false, "setup: no removed-device file");
		return 1;
	}
	ntargets++;
	printf("# targets:");
	for (i = 0; i < ntargets; i++)
		printf(" [%s]", targets[i].label);
	printf("\n# %d CEL opcodes, %d of them read-only\n", ncel, nro);

	/*
	 * Warm the caches the calls use, then take the baseline. This
	 * process has CAP_SYS_RAWIO: read-only opcodes only.
	 */
	pass_rawio = true;
	for (i = 0; i < 2000; i++)
		fuzz_rpc(&targets[rnd(ntargets)]);
	calls = 0;
	fails = 0;
	succeeded = 0;
	ctx0 = fwctl_test_stat("contexts");
	slab0 = settled_slab();
	tap(true, "setup: %d memdevs, fwctl_test, a removed device (%ld contexts, Slab %ld kB)",
	    nmemdevs, ctx0, slab0);

	if (!pass_without_rawio(count, seconds, &res))
		tap(false, "fuzz without CAP_SYS_RAWIO: the pass did not finish");
	else
		tap(!res.fails && res.calls >= count,
		    "fuzz without CAP_SYS_RAWIO: %lu calls, %lu unexpected",
		    res.calls, res.fails);

	if (reset_test_targets())
		tap(false, "cannot set the test devices up again");
	run_pass(count, seconds, true, &res);
	tap(!res.fails && res.calls >= count,
	    "fuzz with CAP_SYS_RAWIO, read-only opcodes: %lu calls, %lu unexpected",
	    res.calls, res.fails);

	for (i = 0; i < nmemdevs; i++) {
		ret = read_state(fds[i], &after[i]);
		tap(!ret && !memcmp(&before[i], &after[i], sizeof(before[i])),
		    "%s unchanged: LSA (first %d bytes), patrol scrub, ECS, poison list (%u bytes), partition info",
		    memdevs[i], STATE_LSA_LEN, after[i].poison_len);
	}

	for (i = 0; i < ntargets; i++)
		close(targets[i].fd);
	fwctl_test_remove(targets[2].node);
	ctx1 = fwctl_test_stat("contexts");
	tap(ctx1 == 0 && fwctl_test_stat("sleepers") == 0,
	    "fwctl_test: %ld open contexts before, %ld after closing all (want 0)",
	    ctx0, ctx1);

	tap(run_cmd("dmesg | grep -q 'changed the state of mem'") != 0,
	    "no CXL command was delivered as a mutating one (no taint message for a memdev)");

	slab1 = settled_slab();
	tap(slab1 - slab0 <= (long)slab_kb,
	    "Slab %ld kB before, %ld kB after: %+ld kB (bound %llu kB)", slab0,
	    slab1, slab1 - slab0, slab_kb);

	if (tap_failed)
		printf("# replay with fuzz_seed=%#llx\n", seed);
	return tap_failed;
}
