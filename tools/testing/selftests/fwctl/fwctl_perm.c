// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl permissions: DEBUG_WRITE_FULL needs CAP_SYS_RAWIO, checked at each
 * RPC; opening needs only the node's permissions. Tested with the
 * capability dropped by capset(), and as an unprivileged user on a node
 * made world-accessible.
 */
#include <grp.h>
#include <linux/capability.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "fwctl_util.h"
#include "fwctl_fixture.h"

#define NOBODY	65534

static int caps_get(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};

	return syscall(__NR_capget, &hdr, data);
}

static bool cap_effective(int cap)
{
	struct __user_cap_data_struct data[2] = {};

	if (caps_get(data))
		return false;
	return data[CAP_TO_INDEX(cap)].effective & CAP_TO_MASK(cap);
}

/* Drops @cap from the effective and permitted sets of this process. */
static int cap_drop(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2] = {};

	if (caps_get(data))
		return -errno;
	data[CAP_TO_INDEX(cap)].effective &= ~CAP_TO_MASK(cap);
	data[CAP_TO_INDEX(cap)].permitted &= ~CAP_TO_MASK(cap);
	data[CAP_TO_INDEX(cap)].inheritable &= ~CAP_TO_MASK(cap);
	if (syscall(__NR_capset, &hdr, data))
		return -errno;
	return 0;
}

TEST_F(fwctl, write_full_with_rawio)
{
	struct fwctl_test_resp resp;

	ASSERT_TRUE(cap_effective(CAP_SYS_RAWIO));
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL,
				    FWCTL_TEST_OP_WRITE_FULL, 3, &resp));
	ASSERT_EQ((__u32)FWCTL_TEST_STATUS_OK, resp.status);
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL,
				    FWCTL_TEST_OP_READ, 0, &resp));
	ASSERT_EQ(3u, resp.value);
}

TEST_F(fwctl, write_full_without_rawio)
{
	struct fwctl_test_resp resp;

	ASSERT_EQ(0, cap_drop(CAP_SYS_RAWIO));
	ASSERT_FALSE(cap_effective(CAP_SYS_RAWIO));

	/* The scope alone is refused, whatever the command. */
	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL,
				     FWCTL_TEST_OP_WRITE_FULL, 3, &resp));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(-1, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL,
				     FWCTL_TEST_OP_READ, 0, &resp));
	ASSERT_EQ(EPERM, errno);

	/* Lower scopes need no capability. */
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_DEBUG_WRITE,
				    FWCTL_TEST_OP_WRITE, 4, &resp));
	ASSERT_EQ(0u, resp.value);
	ASSERT_EQ(0, fwctl_test_cmd(self->fd, FWCTL_RPC_CONFIGURATION,
				    FWCTL_TEST_OP_READ, 0, &resp));
	ASSERT_EQ(4u, resp.value);
}

/* Exit codes of the unprivileged child: 0, or the step that failed. */
enum {
	STEP_SETID = 10,
	STEP_CAPS,
	STEP_OPEN,
	STEP_INFO,
	STEP_READ,
	STEP_WRITE_FULL,
	STEP_WRITE,
	STEP_VALUE,
	STEP_OPEN_DENIED,
};

static int unprivileged(const char *name)
{
	struct fwctl_info info = { .size = sizeof(info) };
	struct fwctl_test_resp resp;
	int fd;

	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		return STEP_SETID;
	if (cap_effective(CAP_SYS_RAWIO))
		return STEP_CAPS;
	fd = fwctl_open(name);
	if (fd < 0)
		return STEP_OPEN;
	if (ioctl(fd, FWCTL_INFO, &info) ||
	    info.out_device_type != FWCTL_TEST_DEVICE_TYPE)
		return STEP_INFO;
	if (fwctl_test_cmd(fd, FWCTL_RPC_DEBUG_READ_ONLY, FWCTL_TEST_OP_READ,
			   0, &resp))
		return STEP_READ;
	if (fwctl_test_cmd(fd, FWCTL_RPC_DEBUG_WRITE_FULL,
			   FWCTL_TEST_OP_WRITE_FULL, 9, &resp) != -1 ||
	    errno != EPERM)
		return STEP_WRITE_FULL;
	if (fwctl_test_cmd(fd, FWCTL_RPC_DEBUG_WRITE, FWCTL_TEST_OP_WRITE, 5,
			   &resp))
		return STEP_WRITE;
	if (fwctl_test_cmd(fd, FWCTL_RPC_CONFIGURATION, FWCTL_TEST_OP_READ, 0,
			   &resp) || resp.value != 5)
		return STEP_VALUE;
	close(fd);
	return 0;
}

static int run_child(int (*fn)(const char *name), const char *name)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid)
		_exit(fn(name));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

TEST_F(fwctl, unprivileged_user)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), FWCTL_DEV_DIR "/%s", self->name);
	ASSERT_EQ(0, chmod(path, 0666));
	ASSERT_EQ(0, run_child(unprivileged, self->name));
}

static int unprivileged_denied(const char *name)
{
	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		return STEP_SETID;
	if (fwctl_open(name) != -EACCES)
		return STEP_OPEN_DENIED;
	return 0;
}

TEST_F(fwctl, unprivileged_user_node_closed)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), FWCTL_DEV_DIR "/%s", self->name);
	ASSERT_EQ(0, chmod(path, 0600));
	ASSERT_EQ(0, run_child(unprivileged_denied, self->name));
}

TEST_HARNESS_MAIN
