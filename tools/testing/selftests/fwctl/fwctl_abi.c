// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl core ABI: ioctl numbers, structure sizes in both directions, every
 * errno of the ABI table, FWCTL_INFO data and lengths, and RPC responses
 * that are larger or smaller than the caller's buffer. Runs against a
 * fwctl_test device so that every byte is known.
 */
#include <sys/mman.h>
#include <sys/sysmacros.h>

#include "kselftest_harness.h"
#include "fwctl_util.h"
#include "fwctl_fixture.h"

#define MAX_RPC_LEN	(2u * 1024 * 1024)
#define GUARD		0xcc

static const struct fwctl_test_info expected_info = {
	.magic = FWCTL_TEST_INFO_MAGIC,
	.version = FWCTL_TEST_INFO_VERSION,
	.pattern = FWCTL_TEST_INFO_PATTERN,
};

static bool all_bytes(const void *buf, int c, size_t len)
{
	const unsigned char *p = buf;

	while (len--)
		if (*p++ != c)
			return false;
	return true;
}

TEST_F(fwctl, ioctl_numbers)
{
	ASSERT_EQ(0x9A00u, FWCTL_INFO);
	ASSERT_EQ(0x9A01u, FWCTL_RPC);
	ASSERT_EQ(24u, sizeof(struct fwctl_info));
	ASSERT_EQ(32u, sizeof(struct fwctl_rpc));
}

TEST_F(fwctl, device_nodes)
{
	char path[PATH_MAX], buf[64];
	unsigned int major, minor;
	struct stat st;
	int n;

	snprintf(path, sizeof(path), FWCTL_DEV_DIR "/%s", self->name);
	ASSERT_EQ(0, stat(path, &st));
	ASSERT_TRUE(S_ISCHR(st.st_mode));
	snprintf(path, sizeof(path), FWCTL_CLASS_DIR "/%s/dev", self->name);
	ASSERT_EQ(0, fwctl_read_file(path, buf, sizeof(buf)));
	n = sscanf(buf, "%u:%u", &major, &minor);
	ASSERT_EQ(2, n);
	ASSERT_EQ(major, major(st.st_rdev));
	ASSERT_EQ(minor, minor(st.st_rdev));
	ASSERT_EQ(0, strncmp(self->name, "fwctl", 5));
	ASSERT_EQ(minor, strtoul(self->name + 5, NULL, 10));
}

TEST_F(fwctl, unknown_ioctl)
{
	struct fwctl_info info = { .size = sizeof(info) };

	ASSERT_EQ(-1, ioctl(self->fd, _IO(FWCTL_TYPE, 2), &info));
	ASSERT_EQ(ENOTTY, errno);
	ASSERT_EQ(-1, ioctl(self->fd, _IO(FWCTL_TYPE, 0xff), &info));
	ASSERT_EQ(ENOTTY, errno);
	/* Size or direction bits make it another command. */
	ASSERT_EQ(-1, ioctl(self->fd, _IOWR(FWCTL_TYPE, 0, struct fwctl_info),
			    &info));
	ASSERT_EQ(ENOTTY, errno);
	ASSERT_EQ(-1, ioctl(self->fd, _IO(FWCTL_TYPE + 1, 0), &info));
	ASSERT_EQ(ENOTTY, errno);
	ASSERT_EQ(-1, ioctl(self->fd, _IO(0, 0), NULL));
	ASSERT_EQ(ENOTTY, errno);
}

TEST_F(fwctl, bad_pointer)
{
	ASSERT_EQ(-1, ioctl(self->fd, FWCTL_INFO, NULL));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(-1, ioctl(self->fd, FWCTL_RPC, NULL));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(-1, ioctl(self->fd, FWCTL_RPC, (void *)-8L));
	ASSERT_EQ(EFAULT, errno);
}

/* All of device_data_len is written, zero past the driver's data (mainline). */
TEST_F(fwctl, info)
{
	unsigned char data[64];
	struct fwctl_info info = {
		.size = sizeof(info),
		.device_data_len = 48,
		.out_device_data = (uintptr_t)data,
	};

	memset(data, GUARD, sizeof(data));
	ASSERT_EQ(0, ioctl(self->fd, FWCTL_INFO, &info));
	ASSERT_EQ(sizeof(info), info.size);
	ASSERT_EQ(0u, info.flags);
	ASSERT_EQ(FWCTL_TEST_DEVICE_TYPE, info.out_device_type);
	ASSERT_EQ(sizeof(expected_info), info.device_data_len);
	ASSERT_EQ((uintptr_t)data, info.out_device_data);
	ASSERT_EQ(0, memcmp(data, &expected_info, sizeof(expected_info)));
	ASSERT_TRUE(all_bytes(data + sizeof(expected_info), 0,
			      48 - sizeof(expected_info)));
	ASSERT_TRUE(all_bytes(data + 48, GUARD, sizeof(data) - 48));
}

TEST_F(fwctl, info_zero_length_reports_length)
{
	struct fwctl_info info = { .size = sizeof(info) };

	ASSERT_EQ(0, ioctl(self->fd, FWCTL_INFO, &info));
	ASSERT_EQ(FWCTL_TEST_DEVICE_TYPE, info.out_device_type);
	ASSERT_EQ(sizeof(expected_info), info.device_data_len);
}

TEST_F(fwctl, info_truncated)
{
	unsigned char data[sizeof(expected_info)];
	struct fwctl_info info = {
		.size = sizeof(info),
		.device_data_len = 5,
		.out_device_data = (uintptr_t)data,
	};

	memset(data, GUARD, sizeof(data));
	ASSERT_EQ(0, ioctl(self->fd, FWCTL_INFO, &info));
	ASSERT_EQ(sizeof(expected_info), info.device_data_len);
	ASSERT_EQ(0, memcmp(data, &expected_info, 5));
	ASSERT_TRUE(all_bytes(data + 5, GUARD, sizeof(data) - 5));
}

TEST_F(fwctl, info_bad_data_pointer)
{
	struct fwctl_info info = {
		.size = sizeof(info),
		.device_data_len = 16,
		.out_device_data = 8,
	};

	ASSERT_EQ(-1, ioctl(self->fd, FWCTL_INFO, &info));
	ASSERT_EQ(EFAULT, errno);
}

TEST_F(fwctl, info_flags)
{
	struct fwctl_info info = { .size = sizeof(info), .flags = 1 };

	ASSERT_EQ(-1, ioctl(self->fd, FWCTL_INFO, &info));
	ASSERT_EQ(EOPNOTSUPP, errno);
	info.flags = 0x80000000;
	ASSERT_EQ(-1, ioctl(self->fd, FWCTL_INFO, &info));
	ASSERT_EQ(EOPNOTSUPP, errno);
}

TEST_F(fwctl, info_short_size)
{
	struct fwctl_info info = {};
	static const uint32_t sizes[] = { 0, 4, 16, 23 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		info.size = sizes[i];
		ASSERT_EQ(-1, ioctl(self->fd, FWCTL_INFO, &info));
		ASSERT_EQ(EINVAL, errno);
	}
}

struct info_ext {
	struct fwctl_info info;
	uint64_t tail[2];
	unsigned char guard[8];
};

TEST_F(fwctl, info_long_size)
{
	struct info_ext ext = {};

	memset(ext.guard, GUARD, sizeof(ext.guard));
	ext.info.size = sizeof(ext.info) + sizeof(ext.tail);
	ASSERT_EQ(0, ioctl(self->fd, FWCTL_INFO, &ext));
	ASSERT_EQ(sizeof(expected_info), ext.info.device_data_len);
	ASSERT_EQ(FWCTL_TEST_DEVICE_TYPE, ext.info.out_device_type);
	ASSERT_EQ(0u, ext.tail[0]);
	ASSERT_EQ(0u, ext.tail[1]);
	ASSERT_TRUE(all_bytes(ext.guard, GUARD, sizeof(ext.guard)));

	ext.tail[1] = 1;
	ext.info.out_device_type = 0;
	ASSERT_EQ(-1, ioctl(self->fd, FWCTL_INFO, &ext));
	ASSERT_EQ(E2BIG, errno);
	ASSERT_EQ(0u, ext.info.out_device_type);
}

/* A tail that runs into unmapped memory is a fault, not a crash. */
TEST_F(fwctl, info_size_past_mapping)
{
	long page = sysconf(_SC_PAGESIZE);
	struct fwctl_info *info;
	char *map;

	map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, map);
	ASSERT_EQ(0, munmap(map + page, page));
	info = (struct fwctl_info *)(map + page - sizeof(*info));
	info->size = 64;
	ASSERT_EQ(-1, ioctl(self->fd, FWCTL_INFO, info));
	ASSERT_EQ(EFAULT, errno);
	info->size = UINT32_MAX;
	ASSERT_EQ(-1, ioctl(self->fd, FWCTL_INFO, info));
	ASSERT_EQ(EFAULT, errno);
	munmap(map, page);
}

/* The kernel writes back no more than the caller's size. */
TEST_F(fwctl, info_copy_back_limited)
{
	struct info_ext ext = {};

	memset(ext.tail, GUARD, sizeof(ext.tail));
	ext.info.size = sizeof(ext.info);
	ASSERT_EQ(0, ioctl(self->fd, FWCTL_INFO, &ext));
	ASSERT_EQ(sizeof(expected_info), ext.info.device_data_len);
	ASSERT_TRUE(all_bytes(ext.tail, GUARD, sizeof(ext.tail)));
}

TEST_F(fwctl, rpc_read)
{
	struct fwctl_test_resp resp;
	uint32_t scope;

	for (scope = FWCTL_RPC_CONFIGURATION;
	     scope <= FWCTL_RPC_DEBUG_READ_ONLY; scope++) {
		ASSERT_EQ(0, fwctl_test_cmd(self->fd, scope,
					    FWCTL_TEST_OP_READ, 0, &resp));
		ASSERT_EQ((__u32)FWCTL_TEST_OP_READ, resp.opcode);
		ASSERT_EQ((__u32)FWCTL_TEST_STATUS_OK, resp.status);
		ASSERT_EQ(0u, resp.value);
	}
}

TEST_F(fwctl, rpc_short_size)
{
	static const uint32_t sizes[] = { 0, 4, 24, 31 };
	struct fwctl_rpc rpc = {};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		rpc.size = sizes[i];
		ASSERT_EQ(-1, ioctl(self->fd, FWCTL_RPC, &rpc));
		ASSERT_EQ(EINVAL, errno);
	}
}

struct rpc_ext {
	struct fwctl_rpc rpc;
	uint64_t tail[3];
	unsigned char guard[8];
};

static void rpc_ext_echo(struct rpc_ext *ext, struct fwctl_test_req *req,
			 void *out, uint32_t out_len)
{
	memset(ext, 0, sizeof(*ext));
	memset(ext->guard, GUARD, sizeof(ext->guard));
	memset(req, 0, sizeof(*req));
	req->opcode = FWCTL_TEST_OP_ECHO;
	req->arg = 0x0123456789abcdefull;
	ext->rpc.size = sizeof(ext->rpc);
	ext->rpc.scope = FWCTL_RPC_CONFIGURATION;
	ext->rpc.in_len = sizeof(*req);
	ext->rpc.in = (uintptr_t)req;
	ext->rpc.out_len = out_len;
	ext->rpc.out = (uintptr_t)out;
}

TEST_F(fwctl, rpc_long_size)
{
	struct fwctl_test_req req, out;
	struct rpc_ext ext;

	rpc_ext_echo(&ext, &req, &out, sizeof(out));
	ext.rpc.size = sizeof(ext.rpc) + sizeof(ext.tail);
	ASSERT_EQ(0, ioctl(self->fd, FWCTL_RPC, &ext));
	ASSERT_EQ(sizeof(req), ext.rpc.out_len);
	ASSERT_EQ(0, memcmp(&req, &out, sizeof(req)));
	ASSERT_EQ(0u, ext.tail[0]);
	ASSERT_EQ(0u, ext.tail[2]);
	ASSERT_TRUE(all_bytes(ext.guard, GUARD, sizeof(ext.guard)));

	rpc_ext_echo(&ext, &req, &out, sizeof(out));
	ext.rpc.size = sizeof(ext.rpc) + sizeof(ext.tail);
	ext.tail[2] = 1ull << 63;
	ASSERT_EQ(-1, ioctl(self->fd, FWCTL_RPC, &ext));
	ASSERT_EQ(E2BIG, errno);
	ASSERT_EQ(sizeof(out), ext.rpc.out_len);
}

TEST_F(fwctl, rpc_copy_back_limited)
{
	struct fwctl_test_req req, out;
	struct rpc_ext ext;

	rpc_ext_echo(&ext, &req, &out, sizeof(out));
	memset(ext.tail, GUARD, sizeof(ext.tail));
	ASSERT_EQ(0, ioctl(self->fd, FWCTL_RPC, &ext));
	ASSERT_EQ(sizeof(req), ext.rpc.out_len);
	ASSERT_TRUE(all_bytes(ext.tail, GUARD, sizeof(ext.tail)));
	ASSERT_TRUE(all_bytes(ext.guard, GUARD, sizeof(ext.guard)));
}

TEST_F(fwctl, rpc_msgsize)
{
	struct fwctl_test_req req = { .opcode = FWCTL_TEST_OP_READ };
	struct fwctl_test_resp resp;
	uint32_t out_len;

	out_len = sizeof(resp);
	ASSERT_EQ(-1, fwctl_rpc(self->fd, FWCTL_RPC_CONFIGURATION, &req,
				MAX_RPC_LEN + 1, &resp, &out_len));
	ASSERT_EQ(EMSGSIZE, errno);
	ASSERT_EQ(-1, fwctl_rpc(self->fd, FWCTL_RPC_CONFIGURATION, &req,
				UINT32_MAX, &resp, &out_len));
	ASSERT_EQ(EMSGSIZE, errno);
	out_len = MAX_RPC_LEN + 1;
	ASSERT_EQ(-1, fwctl_rpc(self->fd, FWCTL_RPC_CONFIGURATION, &req,
				sizeof(req), &resp, &out_len));
	ASSERT_EQ(EMSGSIZE, errno);
	out_len = UINT32_MAX;
	ASSERT_EQ(-1, fwctl_rpc(self->fd, FWCTL_RPC_CONFIGURATION, &req,
				sizeof(req), &resp, &out_len));
	ASSERT_EQ(EMSGSIZE, errno);
}

TEST_F(fwctl, rpc_unknown_scope)
{
	static const uint32_t scopes[] = { 4, 5, 0x80000000, UINT32_MAX };
	struct fwctl_test_resp resp;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(scopes); i++) {
		ASSERT_EQ(-1, fwctl_test_cmd(self->fd, scopes[i],
					     FWCTL_TEST_OP_READ, 0, &resp));
		ASSERT_EQ(EOPNOTSUPP, errno);
	}
}

/* The driver refuses a command above the caller's scope; nothing changes. */
TEST_F(fwctl, rpc_scope_too_low)
{
	struct fwctl_test_resp resp;

	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, FWCTL_RPC_CONFIGURATION,
				     FWCTL_TEST_OP_WRITE, 5, &resp));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_READ_ONLY,
				     FWCTL_TEST_OP_WRITE, 5, &resp));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE,
				     FWCTL_TEST_OP_WRITE_FULL, 5, &resp));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_CONFIGURATION,
				    FWCTL_TEST_OP_READ, 0, &resp));
	ASSERT_EQ(0u, resp.value);
}

TEST_F(fwctl, rpc_write)
{
	struct fwctl_test_resp resp;

	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE,
				    FWCTL_TEST_OP_WRITE, 0x1234, &resp));
	ASSERT_EQ((__u32)FWCTL_TEST_STATUS_OK, resp.status);
	ASSERT_EQ(0u, resp.value);
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL,
				    FWCTL_TEST_OP_WRITE_FULL, 0x5678, &resp));
	ASSERT_EQ(0x1234u, resp.value);
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_CONFIGURATION,
				    FWCTL_TEST_OP_READ, 0, &resp));
	ASSERT_EQ(0x5678u, resp.value);
}

TEST_F(fwctl, rpc_driver_rejects)
{
	struct fwctl_test_req req = { .opcode = FWCTL_TEST_OP_READ };
	struct fwctl_test_resp resp;
	uint32_t out_len = sizeof(resp);

	ASSERT_EQ(-1, fwctl_rpc(self->fd, FWCTL_RPC_CONFIGURATION, &req, 0,
				&resp, &out_len));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, fwctl_rpc(self->fd, FWCTL_RPC_CONFIGURATION, &req,
				sizeof(req) - 1, &resp, &out_len));
	ASSERT_EQ(EINVAL, errno);
	req.reserved = 1;
	ASSERT_EQ(-1, fwctl_rpc(self->fd, FWCTL_RPC_CONFIGURATION, &req,
				sizeof(req), &resp, &out_len));
	ASSERT_EQ(EINVAL, errno);
	req.reserved = 0;
	req.opcode = 0;
	ASSERT_EQ(-1, fwctl_rpc(self->fd, FWCTL_RPC_CONFIGURATION, &req,
				sizeof(req), &resp, &out_len));
	ASSERT_EQ(EOPNOTSUPP, errno);
	req.opcode = 1000;
	ASSERT_EQ(-1, fwctl_rpc(self->fd, FWCTL_RPC_CONFIGURATION, &req,
				sizeof(req), &resp, &out_len));
	ASSERT_EQ(EOPNOTSUPP, errno);
}

TEST_F(fwctl, rpc_bad_pointers)
{
	struct fwctl_test_req req = { .opcode = FWCTL_TEST_OP_READ };
	struct fwctl_test_resp resp;
	uint32_t out_len = sizeof(resp);

	ASSERT_EQ(-1, fwctl_rpc(self->fd, FWCTL_RPC_CONFIGURATION, (void *)8,
				sizeof(req), &resp, &out_len));
	ASSERT_EQ(EFAULT, errno);
	ASSERT_EQ(-1, fwctl_rpc(self->fd, FWCTL_RPC_CONFIGURATION, &req,
				sizeof(req), (void *)8, &out_len));
	ASSERT_EQ(EFAULT, errno);
}

static unsigned char *pattern(size_t len)
{
	unsigned char *buf = malloc(len);
	size_t i;

	if (buf) {
		for (i = 0; i < len; i++)
			buf[i] = (i * 7 + i / 251) & 0xff;
		memset(buf, 0, sizeof(struct fwctl_test_req));
		((struct fwctl_test_req *)buf)->opcode = FWCTL_TEST_OP_ECHO;
	}
	return buf;
}

TEST_F(fwctl, rpc_echo)
{
	unsigned char *in = pattern(64), out[80];
	uint32_t out_len = sizeof(out);

	ASSERT_NE(NULL, in);
	memset(out, GUARD, sizeof(out));
	ASSERT_EQ(0, fwctl_rpc(self->fd, FWCTL_RPC_DEBUG_READ_ONLY, in, 64, out,
			       &out_len));
	ASSERT_EQ(64u, out_len);
	ASSERT_EQ(0, memcmp(in, out, 64));
	ASSERT_TRUE(all_bytes(out + 64, GUARD, sizeof(out) - 64));
	free(in);
}

/* A response larger than the buffer: truncated, full length reported. */
TEST_F(fwctl, rpc_response_truncated)
{
	unsigned char *in = pattern(4096), out[64];
	uint32_t out_len = 10;

	ASSERT_NE(NULL, in);
	memset(out, GUARD, sizeof(out));
	ASSERT_EQ(0, fwctl_rpc(self->fd, FWCTL_RPC_CONFIGURATION, in, 4096, out,
			       &out_len));
	ASSERT_EQ(4096u, out_len);
	ASSERT_EQ(0, memcmp(in, out, 10));
	ASSERT_TRUE(all_bytes(out + 10, GUARD, sizeof(out) - 10));

	/* No buffer at all: only the length. */
	out_len = 0;
	ASSERT_EQ(0, fwctl_rpc(self->fd, FWCTL_RPC_CONFIGURATION, in, 4096,
			       NULL, &out_len));
	ASSERT_EQ(4096u, out_len);
	free(in);
}

TEST_F(fwctl, rpc_max_length)
{
	unsigned char *in = pattern(MAX_RPC_LEN);
	unsigned char *out = malloc(MAX_RPC_LEN + 16);
	uint32_t out_len = MAX_RPC_LEN;

	ASSERT_NE(NULL, in);
	ASSERT_NE(NULL, out);
	memset(out, GUARD, MAX_RPC_LEN + 16);
	ASSERT_EQ(0, fwctl_rpc(self->fd, FWCTL_RPC_CONFIGURATION, in,
			       MAX_RPC_LEN, out, &out_len));
	ASSERT_EQ(MAX_RPC_LEN, out_len);
	ASSERT_EQ(0, memcmp(in, out, MAX_RPC_LEN));
	ASSERT_TRUE(all_bytes(out + MAX_RPC_LEN, GUARD, 16));
	free(in);
	free(out);
}

/*
 * A driver may build its response in place, in the room the core gives it:
 * max(in_len, 128) bytes, zeroed past the request (the core's stack for a
 * short request). A driver claiming more gets EIO, not the bytes beyond.
 */
static int rpc_inplace(int fd, unsigned char *in, uint32_t in_len,
		       uint64_t claim, unsigned char *out, uint32_t *out_len)
{
	struct fwctl_test_req *req = (struct fwctl_test_req *)in;

	req->opcode = FWCTL_TEST_OP_INPLACE;
	req->reserved = 0;
	req->arg = claim;
	return fwctl_rpc(fd, FWCTL_RPC_CONFIGURATION, in, in_len, out, out_len);
}

/* A claim the core accepts: the request, then zeroes up to the claim. */
static bool inplace_ok(int fd, unsigned char *in, uint32_t in_len,
		       uint32_t claim)
{
	unsigned char out[512 + 16];
	uint32_t out_len = sizeof(out), req_part;

	memset(out, GUARD, sizeof(out));
	if (rpc_inplace(fd, in, in_len, claim, out, &out_len) || out_len != claim)
		return false;
	req_part = claim < in_len ? claim : in_len;
	return !memcmp(in, out, req_part) &&
	       all_bytes(out + req_part, 0, claim - req_part) &&
	       all_bytes(out + claim, GUARD, sizeof(out) - claim);
}

/* A claim beyond the room: EIO, and nothing written. */
static bool inplace_refused(int fd, unsigned char *in, uint32_t in_len,
			    uint64_t claim)
{
	unsigned char out[512];
	uint32_t out_len = sizeof(out);

	memset(out, GUARD, sizeof(out));
	return rpc_inplace(fd, in, in_len, claim, out, &out_len) == -1 &&
	       errno == EIO && all_bytes(out, GUARD, sizeof(out));
}

TEST_F(fwctl, rpc_response_in_place_room)
{
	unsigned char *in = pattern(300);

	ASSERT_NE(NULL, in);

	/* A short request: the room is 128 bytes, the rest of it zero. */
	ASSERT_TRUE(inplace_ok(self->fd, in, 24, 128));
	ASSERT_TRUE(inplace_ok(self->fd, in, 24, 0));
	ASSERT_TRUE(inplace_ok(self->fd, in, 24, 16));
	ASSERT_TRUE(inplace_refused(self->fd, in, 24, 129));
	ASSERT_TRUE(inplace_refused(self->fd, in, 24, 1ull << 40));

	/* The last request that fits the stack, and the first that does not. */
	ASSERT_TRUE(inplace_ok(self->fd, in, 128, 128));
	ASSERT_TRUE(inplace_refused(self->fd, in, 128, 129));
	ASSERT_TRUE(inplace_ok(self->fd, in, 129, 129));
	ASSERT_TRUE(inplace_refused(self->fd, in, 129, 130));

	/* A longer request: the room is the request itself. */
	ASSERT_TRUE(inplace_ok(self->fd, in, 300, 300));
	ASSERT_TRUE(inplace_ok(self->fd, in, 300, 200));
	ASSERT_TRUE(inplace_refused(self->fd, in, 300, 301));
	free(in);
}

/* Separate opens get separate contexts; each is counted once. */
TEST_F(fwctl, contexts)
{
	long long before = fwctl_test_stat("contexts");
	int fd2;

	ASSERT_LE(1, before);
	fd2 = fwctl_open(self->name);
	ASSERT_LE(0, fd2);
	ASSERT_EQ(before + 1, fwctl_test_stat("contexts"));
	ASSERT_EQ(0, close(fd2));
	ASSERT_EQ(before, fwctl_test_stat("contexts"));
}

TEST_HARNESS_MAIN
