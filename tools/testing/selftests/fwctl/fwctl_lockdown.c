// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl under Kernel Lockdown: once the kernel is locked down, the scopes
 * that may change a device (DEBUG_WRITE, DEBUG_WRITE_FULL) are refused with
 * EPERM before the driver sees the request, and a line is logged;
 * CONFIGURATION and DEBUG_READ_ONLY keep working.
 *
 * Lockdown cannot be lifted, so this program runs in its own VM, and its
 * first test prepares everything that lockdown forbids later (loading an
 * unsigned module, writing to debugfs) before raising it.
 */
#include "kselftest_harness.h"
#include "fwctl_util.h"

#define LOCKDOWN	"/sys/kernel/security/lockdown"

/* The first registered test device, or -ENOENT. */
static int find_test_device(char *name, size_t size)
{
	char buf[4096], *end;
	int ret;

	ret = fwctl_read_file(FWCTL_TEST_DEBUGFS "/devices", buf, sizeof(buf));
	if (ret)
		return ret;
	end = strchr(buf, '\n');
	if (!end)
		return -ENOENT;
	if ((size_t)(end - buf) >= size)
		return -ENAMETOOLONG;
	memcpy(name, buf, end - buf);
	name[end - buf] = '\0';
	return 0;
}

static bool locked_down(void)
{
	char buf[128];

	if (fwctl_read_file(LOCKDOWN, buf, sizeof(buf)))
		return false;
	return !strstr(buf, "[none]");
}

TEST(raise_lockdown)
{
	struct fwctl_test_resp resp;
	char name[32];
	int fd;

	ASSERT_FALSE(locked_down());
	ASSERT_LE(0, fwctl_load_module("fwctl_test"));
	ASSERT_EQ(0, fwctl_test_add(name, sizeof(name)));
	fd = fwctl_open(name);
	ASSERT_LE(0, fd);
	/* Before lockdown a write is delivered. */
	ASSERT_EQ(0, fwctl_test_cmd(fd, FWCTL_RPC_DEBUG_WRITE,
				    FWCTL_TEST_OP_WRITE, 42, &resp));
	ASSERT_EQ(0, close(fd));

	ASSERT_EQ(0, fwctl_write_file(LOCKDOWN, "integrity"));
	ASSERT_TRUE(locked_down());
}

FIXTURE(locked) {
	int fd;
	char name[32];
};

FIXTURE_SETUP(locked)
{
	ASSERT_TRUE(locked_down());
	ASSERT_EQ(0, find_test_device(self->name, sizeof(self->name)));
	self->fd = fwctl_open(self->name);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(locked)
{
	close(self->fd);
}

TEST_F(locked, reads_work)
{
	struct fwctl_test_resp resp;
	struct fwctl_info info = { .size = sizeof(info) };

	ASSERT_EQ(0, ioctl(self->fd, FWCTL_INFO, &info));
	ASSERT_EQ(FWCTL_TEST_DEVICE_TYPE, info.out_device_type);
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_CONFIGURATION,
				    FWCTL_TEST_OP_READ, 0, &resp));
	ASSERT_EQ(42u, resp.value);
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_READ_ONLY,
				    FWCTL_TEST_OP_READ, 0, &resp));
	ASSERT_EQ(42u, resp.value);
}

TEST_F(locked, writes_refused)
{
	struct fwctl_test_resp resp;

	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE,
				     FWCTL_TEST_OP_WRITE, 1, &resp));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL,
				     FWCTL_TEST_OP_WRITE_FULL, 2, &resp));
	ASSERT_EQ(EPERM, errno);
	/* The scope is refused, even for a command that only reads. */
	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE,
				     FWCTL_TEST_OP_READ, 0, &resp));
	ASSERT_EQ(EPERM, errno);
	/* Nothing was delivered. */
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_CONFIGURATION,
				    FWCTL_TEST_OP_READ, 0, &resp));
	ASSERT_EQ(42u, resp.value);
}

TEST_F(locked, refusal_logged)
{
	struct fwctl_test_resp resp;
	char rec[2048];
	bool found = false;
	ssize_t len;
	int kmsg;

	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ASSERT_LE(0, kmsg);
	lseek(kmsg, 0, SEEK_END);
	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE,
				     FWCTL_TEST_OP_WRITE, 1, &resp));
	ASSERT_EQ(EPERM, errno);
	while ((len = read(kmsg, rec, sizeof(rec) - 1)) > 0 ||
	       (len < 0 && errno == EPIPE)) {
		if (len <= 0)
			continue;
		rec[len] = '\0';
		if (strstr(rec, self->name) && strstr(rec, "locked down"))
			found = true;
	}
	close(kmsg);
	ASSERT_TRUE(found);
}

/* The error ordering of the ABI is unchanged under lockdown. */
TEST_F(locked, other_errors_unchanged)
{
	struct fwctl_test_resp resp;

	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, 4, FWCTL_TEST_OP_READ, 0,
				     &resp));
	ASSERT_EQ(EOPNOTSUPP, errno);
	ASSERT_EQ(-1, ioctl(self->fd, _IO(FWCTL_TYPE, 2), NULL));
	ASSERT_EQ(ENOTTY, errno);
}

TEST_HARNESS_MAIN
