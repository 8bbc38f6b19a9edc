// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl taint: bit 19 of the taint mask is set when, and only when, a
 * command that can change the device was delivered. Reads under any scope
 * and refused writes leave it clear.
 *
 * Taint is sticky, so this program must run first in its VM: its first test
 * asserts that bit 19 is still clear, and the tests run in the order below.
 */
#include "kselftest_harness.h"
#include "fwctl_util.h"
#include "fwctl_fixture.h"

/* Bit FWCTL_TAINT_BIT (19) of the taint mask */
#define TAINT_FWCTL_MASK	0x80000ll

static bool fwctl_taint_set(void)
{
	long long mask = fwctl_tainted();

	return mask >= 0 && (mask & TAINT_FWCTL_MASK);
}

/* /dev/kmsg positioned at its end, to see only what follows. */
static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* Number of new log records that contain every one of @words. */
static int kmsg_count(int fd, const char *const *words, int nwords)
{
	char rec[2048];
	int count = 0;
	ssize_t len;
	int i;

	for (;;) {
		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)
			continue;
		if (len <= 0)
			break;
		rec[len] = '\0';
		for (i = 0; i < nwords; i++)
			if (!strstr(rec, words[i]))
				break;
		if (i == nwords)
			count++;
	}
	return count;
}

TEST_F(fwctl, taint_clear_at_start)
{
	long long mask = fwctl_tainted();

	ASSERT_LE(0, mask);
	ASSERT_EQ(0, mask & TAINT_FWCTL_MASK);
}

TEST_F(fwctl, reads_do_not_taint)
{
	struct fwctl_test_resp resp;
	struct fwctl_test_req req = { .opcode = FWCTL_TEST_OP_ECHO };
	uint32_t scope, out_len;

	for (scope = FWCTL_RPC_CONFIGURATION;
	     scope <= FWCTL_RPC_DEBUG_WRITE_FULL; scope++) {
		ASSERT_EQ(0, fwctl_test_cmd(self->fd, scope,
					    FWCTL_TEST_OP_READ, 0, &resp));
		ASSERT_EQ((__u32)FWCTL_TEST_STATUS_OK, resp.status);
		out_len = sizeof(resp);
		ASSERT_EQ(0, fwctl_rpc(self->fd, scope, &req, sizeof(req),
				       &resp, &out_len));
		ASSERT_FALSE(fwctl_taint_set());
	}
}

TEST_F(fwctl, refused_writes_do_not_taint)
{
	struct fwctl_test_resp resp;

	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, FWCTL_RPC_CONFIGURATION,
				     FWCTL_TEST_OP_WRITE, 1, &resp));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_READ_ONLY,
				     FWCTL_TEST_OP_WRITE_FULL, 1, &resp));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE,
				     FWCTL_TEST_OP_WRITE_FULL, 1, &resp));
	ASSERT_EQ(EPERM, errno);
	/* Refused by the core before the driver: unknown scope. */
	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, 4, FWCTL_TEST_OP_WRITE, 1,
				     &resp));
	ASSERT_EQ(EOPNOTSUPP, errno);
	ASSERT_FALSE(fwctl_taint_set());

	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_CONFIGURATION,
				    FWCTL_TEST_OP_READ, 0, &resp));
	ASSERT_EQ(0u, resp.value);
}

TEST_F(fwctl, write_taints_and_logs_once)
{
	long long before = fwctl_tainted(), after;
	struct fwctl_test_resp resp;
	const char *words[4];
	char pid[32];
	int kmsg;

	ASSERT_LE(0, before);
	ASSERT_EQ(0, before & TAINT_FWCTL_MASK);
	kmsg = kmsg_open();
	ASSERT_LE(0, kmsg);

	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE,
				    FWCTL_TEST_OP_WRITE, 7, &resp));
	after = fwctl_tainted();
	ASSERT_EQ(TAINT_FWCTL_MASK, after & TAINT_FWCTL_MASK);
	/* Nothing but our bit changed. */
	ASSERT_EQ(before & ~TAINT_FWCTL_MASK, after & ~TAINT_FWCTL_MASK);

	/* A second write on the same device is not logged again. */
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL,
				    FWCTL_TEST_OP_WRITE_FULL, 8, &resp));
	ASSERT_EQ(7u, resp.value);

	snprintf(pid, sizeof(pid), "[%d]", getpid());
	words[0] = self->name;
	words[1] = pid;
	words[2] = "debug_write";
	words[3] = "taint";
	ASSERT_EQ(1, kmsg_count(kmsg, words, 4));
	close(kmsg);
}

TEST_HARNESS_MAIN
