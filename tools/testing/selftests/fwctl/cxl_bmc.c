// SPDX-License-Identifier: GPL-2.0
/*
 * The default and the BMC build of cxl_fwctl, told apart by the module's
 * version, and the difference between them proved both ways with exact
 * errnos: in the default build Set LSA and Sanitize are refused and Kernel
 * Lockdown refuses the mutating scopes; in the BMC build, at
 * debug_write_full with CAP_SYS_RAWIO, Set LSA writes the label area,
 * Sanitize runs and lockdown does not stop them. Without CAP_SYS_RAWIO
 * both refuse. The lockdown test raises lockdown for good: it runs last.
 * On a kernel locked down from boot (suite secureboot-bmc, signed
 * modules) every test runs under lockdown, and the BMC build must behave
 * the same.
 */
#include "kselftest_harness.h"
#include "cxl_util.h"

#define LSA_LEN 64
#define LOCKDOWN_FILE "/sys/kernel/security/lockdown"

static bool bmc_build(void)
{
	char ver[64];

	if (read_file("/sys/module/cxl_fwctl/version", ver, sizeof(ver)))
		return false;
	return !strcmp(ver, "1.0-bmc");
}

static int get_lsa(int fd, uint8_t out[LSA_LEN])
{
	uint32_t in[2] = { 0, LSA_LEN };
	struct cxl_reply reply;

	if (rpc(fd, FWCTL_RPC_CONFIGURATION, OP_GET_LSA, in, sizeof(in),
		&reply))
		return -errno;
	if (reply.retval || reply.size != LSA_LEN)
		return -EIO;
	memcpy(out, reply.payload, LSA_LEN);
	return 0;
}

/* Set LSA at @scope; -errno, or the device's return code. */
static int set_lsa(int fd, uint32_t scope, const uint8_t data[LSA_LEN])
{
	uint8_t in[8 + LSA_LEN] = { 0 };
	struct cxl_reply reply;

	memcpy(in + 8, data, LSA_LEN);
	if (rpc(fd, scope, OP_SET_LSA, in, sizeof(in), &reply))
		return -errno;
	return reply.retval;
}

FIXTURE(bmc) {
	char memdev[32];
	int fd;
	bool bmc;
	uint8_t lsa[LSA_LEN];
};

FIXTURE_SETUP(bmc)
{
	char names[4][32];

	ASSERT_EQ(2, list_memdevs(names, 4));
	snprintf(self->memdev, sizeof(self->memdev), "%s", names[0]);
	self->fd = open_memdev_fwctl(self->memdev);
	ASSERT_LE(0, self->fd);
	self->bmc = bmc_build();
	ASSERT_EQ(0, get_lsa(self->fd, self->lsa));
}

FIXTURE_TEARDOWN(bmc)
{
	close(self->fd);
}

TEST_F(bmc, build_says_what_it_is)
{
	char ver[64];
	int logged;

	ASSERT_EQ(0, read_file("/sys/module/cxl_fwctl/version", ver,
			       sizeof(ver)));
	ASSERT_EQ(0, strcmp(ver, self->bmc ? "1.0-bmc" : "1.0"));
	logged = run_cmd("dmesg | grep -q 'cxl_fwctl: BMC build: '");
	ASSERT_EQ(self->bmc ? 0 : 1, logged);
	/* Every BMC-built module says so when it loads. */
	run_cmd("insmod " MODDIR "/cxl_switch_fwctl.ko 2>/dev/null");
	ASSERT_EQ(0, access("/sys/module/cxl_switch_fwctl", F_OK));
	logged = run_cmd("dmesg | grep -q 'cxl_switch_fwctl: BMC build: '");
	ASSERT_EQ(self->bmc ? 0 : 1, logged);
	TH_LOG("this is the %s build", self->bmc ? "BMC" : "default");
}

TEST_F(bmc, set_lsa)
{
	uint8_t pattern[LSA_LEN], now[LSA_LEN];

	for (int i = 0; i < LSA_LEN; i++)
		pattern[i] = ~self->lsa[i] ^ i;

	/* Below debug_write_full: refused in both builds. */
	ASSERT_EQ(-EPERM, set_lsa(self->fd, FWCTL_RPC_DEBUG_WRITE, pattern));
	if (!self->bmc) {
		ASSERT_EQ(-EPERM, set_lsa(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL,
					  pattern));
		ASSERT_EQ(0, get_lsa(self->fd, now));
		ASSERT_EQ(0, memcmp(now, self->lsa, LSA_LEN));
		return;
	}
	ASSERT_EQ(0, set_lsa(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, pattern));
	ASSERT_EQ(0, get_lsa(self->fd, now));
	ASSERT_EQ(0, memcmp(now, pattern, LSA_LEN));
	ASSERT_NE(0, taint_mask() & (1UL << TAINT_FWCTL_BIT));
	ASSERT_EQ(0, set_lsa(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, self->lsa));
	ASSERT_EQ(0, get_lsa(self->fd, now));
	ASSERT_EQ(0, memcmp(now, self->lsa, LSA_LEN));
}

TEST_F(bmc, refused_without_rawio)
{
	pid_t pid = fork();
	int status;

	ASSERT_LE(0, pid);
	if (!pid) {
		if (drop_rawio())
			_exit(2);
		_exit(set_lsa(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL,
			      self->lsa) == -EPERM ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

/* Sanitize (about 8 s on QEMU): a background command in the BMC build. */
TEST_F_TIMEOUT(bmc, sanitize, 120)
{
	struct cxl_reply reply;
	uint16_t opcode;

	if (!self->bmc) {
		ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL,
				  OP_SANITIZE, NULL, 0, &reply));
		ASSERT_EQ(EPERM, errno);
		return;
	}
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE, OP_SANITIZE, NULL,
			  0, &reply));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SANITIZE,
			 NULL, 0, &reply));
	ASSERT_EQ(0, reply.retval);
	/* The background status block: opcode, then percent. */
	ASSERT_EQ(8, reply.size);
	memcpy(&opcode, reply.payload, 2);
	ASSERT_EQ(OP_SANITIZE, opcode);
	ASSERT_EQ(100, reply.payload[2]);
	/* The device still answers afterwards. */
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_IDENTIFY_MEMDEV,
			 NULL, 0, &reply));
	ASSERT_EQ(0, reply.retval);
}

/* Last: lockdown cannot be lowered again. */
TEST_F(bmc, lockdown)
{
	uint8_t now[LSA_LEN], in[64], get[21];
	struct cxl_reply reply;
	size_t len;
	int rc;

	/* Raised here, unless the kernel was locked down from boot. */
	if (!run_cmd("grep -q '\\[none\\]' " LOCKDOWN_FILE))
		ASSERT_EQ(0, run_cmd("echo integrity > " LOCKDOWN_FILE));
	ASSERT_EQ(0, run_cmd("grep -qE '\\[(integrity|confidentiality)\\]' "
			     LOCKDOWN_FILE));

	/* Reads work in both builds. */
	ASSERT_EQ(0, get_lsa(self->fd, now));
	get_feature_in(get, patrol_scrub_uuid, 0, 4, 0);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_DEBUG_READ_ONLY, OP_GET_FEATURE,
			 get, sizeof(get), &reply));

	len = set_feature_in(in, patrol_scrub_uuid, 0, patrol_scrub_set_orig, 2);
	rc = rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SET_FEATURE, in, len,
		 &reply);
	if (!self->bmc) {
		ASSERT_EQ(-1, rc);
		ASSERT_EQ(EPERM, errno);
		ASSERT_EQ(-EPERM, set_lsa(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL,
					  self->lsa));
		return;
	}
	ASSERT_EQ(0, rc);
	ASSERT_EQ(0, reply.retval);
	ASSERT_EQ(0, set_lsa(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, self->lsa));
}

TEST_HARNESS_MAIN
