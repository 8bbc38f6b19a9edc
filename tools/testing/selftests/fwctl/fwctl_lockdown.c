// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl under Kernel Lockdown: once the kernel is locked down, the scopes
 * that may change a device (DEBUG_WRITE, DEBUG_WRITE_FULL) are refused with
 * EPERM before the driver sees the request, and a line is logged;
 * CONFIGURATION and DEBUG_READ_ONLY keep working.
 *
 * Two ways to run it, each in a VM of its own (lockdown cannot be lifted):
 * - lockdown raised at run time: the first test prepares everything that
 *   lockdown forbids later (loading an unsigned module, writing to
 *   debugfs), has one write delivered, then raises lockdown;
 * - locked down from boot (lockdown= on the kernel command line, signed
 *   modules, suite secureboot): the test device was added at load
 *   (fwctl_test devices=1), and the very first RPC that could write is
 *   refused; nothing is ever delivered, so nothing is tainted.
 */
#include "kselftest_harness.h"
#include "fwctl_util.h"

#define LOCKDOWN	"/sys/kernel/security/lockdown"
/* The value a write delivered before lockdown leaves in the test device. */
#define WRITTEN_BEFORE	42u

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

/* The lockdown= word of the kernel command line, or NULL. */
static const char *boot_lockdown(void)
{
	static char mode[32];
	char cmdline[4096], *p;

	if (fwctl_read_file("/proc/cmdline", cmdline, sizeof(cmdline)))
		return NULL;
	for (p = strstr(cmdline, "lockdown="); p; p = strstr(p + 1, "lockdown="))
		if (p == cmdline || p[-1] == ' ') {
			if (sscanf(p, "lockdown=%31[a-z]", mode) != 1)
				return NULL;
			return mode;
		}
	return NULL;
}

/* Bit 19 (TAINT_FWCTL's number in mainline) of the taint mask. */
static bool fwctl_tainted_bit(void)
{
	long long t = fwctl_tainted();

	return t < 0 || (t & (1LL << 19));
}

TEST(raise_lockdown)
{
	struct fwctl_test_resp resp;
	char name[32], want[48], buf[128];
	const char *boot = boot_lockdown();
	int fd;

	if (boot) {
		/* Locked down before any module loaded. */
		snprintf(want, sizeof(want), "[%s]", boot);
		ASSERT_EQ(0, fwctl_read_file(LOCKDOWN, buf, sizeof(buf)));
		ASSERT_NE(NULL, strstr(buf, want));
		ASSERT_EQ(0, find_test_device(name, sizeof(name)));
		fd = fwctl_open(name);
		ASSERT_LE(0, fd);
		/* The first RPC of all, a write: refused. */
		ASSERT_EQ(-1, fwctl_test_cmd(fd, FWCTL_RPC_DEBUG_WRITE,
					     FWCTL_TEST_OP_WRITE, 42, &resp));
		ASSERT_EQ(EPERM, errno);
		ASSERT_EQ(0, close(fd));
		return;
	}

	ASSERT_FALSE(locked_down());
	ASSERT_LE(0, fwctl_load_module("fwctl_test"));
	ASSERT_EQ(0, fwctl_test_add(name, sizeof(name)));
	fd = fwctl_open(name);
	ASSERT_LE(0, fd);
	/* Before lockdown a write is delivered. */
	ASSERT_EQ(0, fwctl_test_cmd(fd, FWCTL_RPC_DEBUG_WRITE,
				    FWCTL_TEST_OP_WRITE, WRITTEN_BEFORE, &resp));
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

/* What the device holds: the write before lockdown, or nothing ever. */
static unsigned int expected_value(void)
{
	return boot_lockdown() ? 0 : WRITTEN_BEFORE;
}

TEST_F(locked, reads_work)
{
	struct fwctl_test_resp resp;
	struct fwctl_info info = { .size = sizeof(info) };

	ASSERT_EQ(0, ioctl(self->fd, FWCTL_INFO, &info));
	ASSERT_EQ(FWCTL_TEST_DEVICE_TYPE, info.out_device_type);
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_CONFIGURATION,
				    FWCTL_TEST_OP_READ, 0, &resp));
	ASSERT_EQ(expected_value(), resp.value);
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_READ_ONLY,
				    FWCTL_TEST_OP_READ, 0, &resp));
	ASSERT_EQ(expected_value(), resp.value);
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
	ASSERT_EQ(expected_value(), resp.value);
}

/* /dev/kmsg opened at its end, so that only new records are read. */
static int kmsg_open_at_end(void)
{
	int kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (kmsg >= 0)
		lseek(kmsg, 0, SEEK_END);
	return kmsg;
}

/* Records since kmsg_open_at_end() that name @name's lockdown refusal. */
static int kmsg_count_refusals(int kmsg, const char *name)
{
	char rec[2048];
	int lines = 0;
	ssize_t len;

	while ((len = read(kmsg, rec, sizeof(rec) - 1)) > 0 ||
	       (len < 0 && errno == EPIPE)) {
		if (len <= 0)
			continue;
		rec[len] = '\0';
		if (strstr(rec, name) && strstr(rec, "locked down"))
			lines++;
	}
	close(kmsg);
	return lines;
}

TEST_F(locked, refusal_logged)
{
	struct fwctl_test_resp resp;
	int kmsg = kmsg_open_at_end();

	ASSERT_LE(0, kmsg);
	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE,
				     FWCTL_TEST_OP_WRITE, 1, &resp));
	ASSERT_EQ(EPERM, errno);
	ASSERT_LE(1, kmsg_count_refusals(kmsg, self->name));
}

/*
 * A burst of refusals is logged rate-limited: at least once, and at most
 * the default burst of ten lines, not once per refusal.
 */
TEST_F(locked, refusals_rate_limited)
{
	struct fwctl_test_resp resp;
	int kmsg = kmsg_open_at_end();
	int i, lines;

	ASSERT_LE(0, kmsg);
	for (i = 0; i < 50; i++) {
		ASSERT_EQ(-1, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE,
					     FWCTL_TEST_OP_WRITE, 1, &resp));
		ASSERT_EQ(EPERM, errno);
	}
	lines = kmsg_count_refusals(kmsg, self->name);
	ASSERT_LE(1, lines);
	ASSERT_GE(10, lines);
}

/*
 * The taint follows delivery: set by the write delivered before lockdown
 * was raised, never set on a kernel locked down from boot.
 */
TEST_F(locked, taint_follows_delivery)
{
	ASSERT_EQ(!boot_lockdown(), fwctl_tainted_bit());
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
