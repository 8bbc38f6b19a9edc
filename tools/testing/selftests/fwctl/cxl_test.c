// SPDX-License-Identifier: GPL-2.0
/*
 * The CXL fwctl backend against QEMU's emulated CXL type-3 devices: real
 * mailbox commands, the CEL policy, Features and their ownership, every
 * malformed request. Values asserted are those QEMU 10.0.2 reports.
 */
#include "kselftest_harness.h"
#include "cxl_util.h"

FIXTURE(cxl) {
	char memdev[32];
	int fd;
	struct cxl_reply reply;
};

FIXTURE_SETUP(cxl)
{
	char names[4][32];

	ASSERT_EQ(2, list_memdevs(names, 4));
	snprintf(self->memdev, sizeof(self->memdev), "%s", names[0]);
	self->fd = open_memdev_fwctl(self->memdev);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(cxl)
{
	close(self->fd);
}

/* The whole buffer is written, zero past the driver's data; not beyond. */
TEST_F(cxl, info_reports_cxl)
{
	uint32_t data[4] = { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff };
	struct fwctl_info info = {
		.size = sizeof(info),
		.device_data_len = 12,
		.out_device_data = (uintptr_t)data,
	};

	ASSERT_EQ(0, ioctl(self->fd, FWCTL_INFO, &info));
	ASSERT_EQ(FWCTL_DEVICE_TYPE_CXL, info.out_device_type);
	ASSERT_EQ(sizeof(struct fwctl_info_cxl), info.device_data_len);
	ASSERT_EQ(0, data[0]);
	ASSERT_EQ(0, data[1]);
	ASSERT_EQ(0, data[2]);
	ASSERT_EQ(0xffffffff, data[3]);
}

TEST_F(cxl, identify_at_configuration_matches_sysfs)
{
	char path[128], fw[64];

	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_IDENTIFY_MEMDEV,
			 NULL, 0, &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	ASSERT_EQ(0x45, self->reply.size);
	snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/firmware_version",
		 self->memdev);
	ASSERT_EQ(0, read_file(path, fw, sizeof(fw)));
	ASSERT_NE(0, strlen(fw));
	ASSERT_EQ(0, strncmp(fw, (char *)self->reply.payload, strlen(fw)));
}

TEST_F(cxl, out_len_reports_full_length_and_truncates)
{
	struct fwctl_rpc_cxl req = { .opcode = OP_IDENTIFY_MEMDEV };
	uint8_t out[16];
	struct fwctl_rpc r = {
		.size = sizeof(r),
		.scope = FWCTL_RPC_CONFIGURATION,
		.in_len = sizeof(req),
		.out_len = 12,
		.in = (uintptr_t)&req,
		.out = (uintptr_t)out,
	};

	memset(out, 0x5a, sizeof(out));
	ASSERT_EQ(0, ioctl(self->fd, FWCTL_RPC, &r));
	/*
	 * QEMU answers Identify Memory Device with the r3.1 layout, 0x45
	 * bytes; the length counts sizeof(struct fwctl_rpc_cxl_out), 16, as
	 * mainline counts it.
	 */
	ASSERT_EQ(16 + 0x45, r.out_len);
	ASSERT_EQ(0x45, ((uint32_t *)out)[0]);
	ASSERT_EQ(0, ((uint32_t *)out)[1]);
	ASSERT_EQ(0x5a, out[12]);
	ASSERT_EQ(0x5a, out[15]);
}

TEST_F(cxl, get_supported_features)
{
	uint8_t in[8] = { 0 };
	uint32_t count = 8 + 2 * 48;
	uint8_t *e;

	memcpy(in, &count, 4);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_SUP_FEATS,
			 in, sizeof(in), &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	ASSERT_EQ(8 + 2 * 48, self->reply.size);
	ASSERT_EQ(2, self->reply.payload[0] | self->reply.payload[1] << 8);
	ASSERT_EQ(2, self->reply.payload[2] | self->reply.payload[3] << 8);

	e = self->reply.payload + 8;
	ASSERT_EQ(0, memcmp(e, patrol_scrub_uuid, 16));
	ASSERT_EQ(0, e[16] | e[17] << 8);	/* id */
	ASSERT_EQ(4, e[18] | e[19] << 8);	/* get size */
	ASSERT_EQ(2, e[20] | e[21] << 8);	/* set size */
	ASSERT_EQ(1, e[22] & 1);		/* changeable */
	ASSERT_EQ(1, e[26]);			/* get version */
	ASSERT_EQ(1, e[27]);			/* set version */
	ASSERT_EQ(0x0202, e[28] | e[29] << 8);	/* set effects */

	e += 48;
	ASSERT_EQ(0, memcmp(e, ecs_uuid, 16));
	ASSERT_EQ(1, e[16] | e[17] << 8);
	ASSERT_EQ(13, e[18] | e[19] << 8);
	ASSERT_EQ(7, e[20] | e[21] << 8);
	ASSERT_EQ(1, e[22] & 1);
	ASSERT_EQ(0x0202, e[28] | e[29] << 8);
}

TEST_F(cxl, get_supported_features_bounds)
{
	uint8_t in[8] = { 0 };
	uint32_t count = 8 + 48;

	/* Room for one entry: one entry, the total still 2. */
	memcpy(in, &count, 4);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_SUP_FEATS,
			 in, sizeof(in), &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	ASSERT_EQ(8 + 48, self->reply.size);
	ASSERT_EQ(1, self->reply.payload[0]);
	ASSERT_EQ(2, self->reply.payload[2]);

	/* Starting at the second entry: ECS. */
	in[4] = 1;
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_SUP_FEATS,
			 in, sizeof(in), &self->reply));
	ASSERT_EQ(0, memcmp(self->reply.payload + 8, ecs_uuid, 16));

	/* At or past the end: EINVAL, as in mainline. */
	in[4] = 2;
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_SUP_FEATS,
			  in, sizeof(in), &self->reply));
	ASSERT_EQ(EINVAL, errno);
	in[4] = 3;
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_SUP_FEATS,
			  in, sizeof(in), &self->reply));
	ASSERT_EQ(EINVAL, errno);

	/* count is bytes of entries: below one entry, the header alone. */
	in[4] = 0;
	count = 47;
	memcpy(in, &count, 4);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_SUP_FEATS,
			 in, sizeof(in), &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	ASSERT_EQ(8, self->reply.size);
	ASSERT_EQ(0, self->reply.payload[0] | self->reply.payload[1] << 8);
	ASSERT_EQ(2, self->reply.payload[2] | self->reply.payload[3] << 8);
}

TEST_F(cxl, get_feature_values)
{
	uint8_t in[21];

	get_feature_in(in, patrol_scrub_uuid, 0, 4, 0);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE,
			 in, sizeof(in), &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	ASSERT_EQ(4, self->reply.size);
	ASSERT_EQ(0, memcmp(self->reply.payload, patrol_scrub_value, 4));

	get_feature_in(in, ecs_uuid, 0, 13, 0);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_DEBUG_READ_ONLY, OP_GET_FEATURE,
			 in, sizeof(in), &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	ASSERT_EQ(13, self->reply.size);
	ASSERT_EQ(0, memcmp(self->reply.payload, ecs_value, 13));

	/* An offset into the Feature. */
	get_feature_in(in, patrol_scrub_uuid, 1, 2, 0);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE,
			 in, sizeof(in), &self->reply));
	ASSERT_EQ(2, self->reply.size);
	ASSERT_EQ(0, memcmp(self->reply.payload, patrol_scrub_value + 1, 2));
}

TEST_F(cxl, get_feature_unknown_or_malformed)
{
	uint8_t in[22];

	/* As in mainline, the device judges the UUID: its return code. */
	get_feature_in(in, patrol_scrub_uuid, 0, 4, 0);
	in[0] ^= 0xff;
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE,
			 in, 21, &self->reply));
	ASSERT_EQ(QEMU_RC_UNKNOWN_FEATURE, self->reply.retval);
	ASSERT_EQ(0, self->reply.size);

	/* count 0. */
	get_feature_in(in, patrol_scrub_uuid, 0, 0, 0);
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE,
			  in, 21, &self->reply));
	ASSERT_EQ(EINVAL, errno);

	get_feature_in(in, patrol_scrub_uuid, 0, 4, 0);
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE,
			  in, 20, &self->reply));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE,
			  in, 22, &self->reply));
	ASSERT_EQ(EINVAL, errno);
}

TEST_F(cxl, set_feature_scopes_capability_taint)
{
	uint8_t in[64], get[21];
	size_t len;
	pid_t pid;
	int status;

	len = set_feature_in(in, patrol_scrub_uuid, 0, patrol_scrub_set_new, 2);

	/* Immediate configuration change: write_full only. */
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_SET_FEATURE,
			  in, len, &self->reply));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE, OP_SET_FEATURE,
			  in, len, &self->reply));
	ASSERT_EQ(EPERM, errno);

	/* Without CAP_SYS_RAWIO, write_full is refused by the core. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct cxl_reply r;

		if (drop_rawio())
			_exit(2);
		if (rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SET_FEATURE,
			in, len, &r) != -1 || errno != EPERM)
			_exit(1);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));

	/* Still the original value: nothing reached the device. */
	get_feature_in(get, patrol_scrub_uuid, 0, 4, 0);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE,
			 get, sizeof(get), &self->reply));
	ASSERT_EQ(0, memcmp(self->reply.payload, patrol_scrub_value, 4));

	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SET_FEATURE,
			 in, len, &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	ASSERT_EQ(0, self->reply.size);
	ASSERT_NE(0, taint_mask() & (1UL << TAINT_FWCTL_BIT));

	/* Read back: cycle 0x0d hours, scrub enabled. */
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE,
			 get, sizeof(get), &self->reply));
	ASSERT_EQ(4, self->reply.size);
	ASSERT_EQ(0, memcmp(self->reply.payload, patrol_scrub_value_new, 4));

	/* Put the original back for the other tests. */
	len = set_feature_in(in, patrol_scrub_uuid, 0, patrol_scrub_set_orig, 2);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SET_FEATURE,
			 in, len, &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE,
			 get, sizeof(get), &self->reply));
	ASSERT_EQ(0, memcmp(self->reply.payload, patrol_scrub_value, 4));
}

TEST_F(cxl, set_feature_refusals)
{
	uint8_t data[2] = { 0x0c, 0x01 };
	uint8_t in[64];
	size_t len;

	/* Unknown Feature. */
	len = set_feature_in(in, patrol_scrub_uuid, 0, data, 2);
	in[3] ^= 0xff;
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SET_FEATURE,
			  in, len, &self->reply));
	ASSERT_EQ(ENOENT, errno);

	/* Shorter than the Set Feature header, and no data. */
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SET_FEATURE,
			  in, 31, &self->reply));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SET_FEATURE,
			  in, 32, &self->reply));
	ASSERT_EQ(EINVAL, errno);
}

/*
 * The kernel owns the transfer, as in mainline: the request's transfer
 * action is ignored and the data goes in one "full" transfer.
 */
TEST_F(cxl, set_feature_transfer_action_ignored)
{
	uint8_t in[64], get[21];
	size_t len;

	len = set_feature_in(in, patrol_scrub_uuid, 1, patrol_scrub_set_orig,
			     2);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SET_FEATURE,
			 in, len, &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	get_feature_in(get, patrol_scrub_uuid, 0, 4, 0);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE,
			 get, sizeof(get), &self->reply));
	ASSERT_EQ(0, memcmp(self->reply.payload, patrol_scrub_value, 4));
}

TEST_F(cxl, set_feature_refused_while_kernel_owned)
{
	uint8_t in[64], get[21], gs[8] = { 8 + 96, 0 };
	char path[256], buf[4096], line[128];
	size_t len;

	ASSERT_EQ(0, run_cmd("insmod " MODDIR "/cxl_fwctl_owner_test.ko"));

	len = set_feature_in(in, patrol_scrub_uuid, 0, patrol_scrub_set_new, 2);
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SET_FEATURE,
			  in, len, &self->reply));
	ASSERT_EQ(EPERM, errno);

	/* Reads still work; Get Supported Features shows it read-only. */
	get_feature_in(get, patrol_scrub_uuid, 0, 4, 0);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE,
			 get, sizeof(get), &self->reply));
	ASSERT_EQ(0, memcmp(self->reply.payload, patrol_scrub_value, 4));
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_SUP_FEATS,
			 gs, sizeof(gs), &self->reply));
	ASSERT_EQ(0, self->reply.payload[8 + 22] & 1);
	ASSERT_EQ(0, self->reply.payload[8 + 20]);
	ASSERT_EQ(1, self->reply.payload[8 + 48 + 22] & 1);

	/* The owner shows in debugfs. */
	snprintf(path, sizeof(path), "/sys/kernel/debug/cxl_fwctl/%s/features",
		 self->memdev);
	ASSERT_EQ(0, read_file(path, buf, sizeof(buf)));
	snprintf(line, sizeof(line), "%s %4u %-10s 0x%04x  %-16s %s",
		 "96dad7d6-fde8-482b-a733-75774e06db8a", 0, "yes", 0x0202,
		 "feature-owned", "cxl_fwctl_owner_test");
	ASSERT_NE(NULL, strstr(buf, line));
	snprintf(line, sizeof(line), "%s %4u %-10s 0x%04x  %-16s %s",
		 "e5b13f22-2328-4a14-b8ba-b9691e893386", 1, "yes", 0x0202,
		 "debug_write_full", "-");
	ASSERT_NE(NULL, strstr(buf, line));

	ASSERT_EQ(0, run_cmd("rmmod cxl_fwctl_owner_test"));
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SET_FEATURE,
			 in, len, &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE,
			 get, sizeof(get), &self->reply));
	ASSERT_EQ(0, memcmp(self->reply.payload, patrol_scrub_value_new, 4));

	len = set_feature_in(in, patrol_scrub_uuid, 0, patrol_scrub_set_orig, 2);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SET_FEATURE,
			 in, len, &self->reply));
	ASSERT_EQ(0, self->reply.retval);
}

/* The kernel's own verdicts, as the user tool shows them. */
TEST_F(cxl, debugfs_cel_verdicts)
{
	static const char *const expect[] = {
		"0x4000 0x0000  configuration    allowed                no effects",
		"0x0501 0x0000  configuration    read-only              ",
		"0x4103 0x0006  -                kernel-coordinated     ",
		"0x4301 0x0000  -                kernel-coordinated     ",
		"0x4400 0x0064  -                kernel-coordinated     ",
		"0x0502 0x003e  per-feature      per-feature            ",
	};
	char path[256], buf[8192];
	int lines = 0;

	snprintf(path, sizeof(path), "/sys/kernel/debug/cxl_fwctl/%s/cel",
		 self->memdev);
	ASSERT_EQ(0, read_file(path, buf, sizeof(buf)));
	for (unsigned int i = 0; i < ARRAY_SIZE(expect); i++)
		ASSERT_NE(NULL, strstr(buf, expect[i]));
	for (char *p = buf; (p = strchr(p, '\n')); p++)
		lines++;
	/* A header and one line per CEL entry: QEMU lists 26 opcodes. */
	ASSERT_EQ(26, lines);
}

/*
 * The command sets Linux refuses on its own RAW path, whole: Sanitize and
 * Media Operations (0x44), data-at-rest security (0x45, even the Get
 * Security State QEMU lists with no effects) and Security Passthrough
 * (0x46): EPERM at every scope, listed in the CEL or not.
 */
TEST_F(cxl, security_command_sets_refused)
{
	static const uint16_t ops[] = {
		0x4400, 0x4401, 0x4402, 0x44ff, 0x4500, 0x4505, 0x45ff,
		0x4600, 0x4601, 0x46ff,
	};
	char path[256], buf[8192];

	for (unsigned int i = 0; i < ARRAY_SIZE(ops); i++) {
		for (int s = FWCTL_RPC_CONFIGURATION;
		     s <= FWCTL_RPC_DEBUG_WRITE_FULL; s++) {
			ASSERT_EQ(-1, rpc(self->fd, s, ops[i], NULL, 0,
					  &self->reply))
				TH_LOG("opcode 0x%04x at scope %d", ops[i], s);
			ASSERT_EQ(EPERM, errno)
				TH_LOG("opcode 0x%04x at scope %d", ops[i], s);
		}
	}
	snprintf(path, sizeof(path), "/sys/kernel/debug/cxl_fwctl/%s/cel",
		 self->memdev);
	ASSERT_EQ(0, read_file(path, buf, sizeof(buf)));
	ASSERT_NE(NULL, strstr(buf, "0x4500 0x0000  -                kernel-coordinated     "));
}

static void get_lsa(struct __test_metadata *_metadata, int fd,
		    struct cxl_reply *reply, uint8_t out[64])
{
	uint32_t in[2] = { 0, 64 };

	ASSERT_EQ(0, rpc(fd, FWCTL_RPC_CONFIGURATION, OP_GET_LSA, in,
			 sizeof(in), reply));
	ASSERT_EQ(0, reply->retval);
	ASSERT_EQ(64, reply->size);
	memcpy(out, reply->payload, 64);
}

TEST_F(cxl, kernel_coordinated_refused_device_unchanged)
{
	uint8_t lsa_before[64], lsa_after[64], set_lsa[8 + 64];
	uint8_t poison_before[PAYLOAD_MAX], poison_after[PAYLOAD_MAX];
	uint64_t poison_in[2] = { 0, 0x10000 };
	uint64_t addr = 0x1000;
	uint32_t poison_len;

	get_lsa(_metadata, self->fd, &self->reply, lsa_before);
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_POISON,
			 poison_in, sizeof(poison_in), &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	poison_len = self->reply.size;
	memcpy(poison_before, self->reply.payload, poison_len);

	memset(set_lsa, 0, sizeof(set_lsa));
	for (int i = 0; i < 64; i++)
		set_lsa[8 + i] = ~lsa_before[i];
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SET_LSA,
			  set_lsa, sizeof(set_lsa), &self->reply));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SANITIZE,
			  NULL, 0, &self->reply));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL,
			  OP_INJECT_POISON, &addr, sizeof(addr), &self->reply));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SET_TIMESTAMP,
			  &addr, sizeof(addr), &self->reply));
	ASSERT_EQ(EPERM, errno);
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_CLEAR_EVENTS,
			  &addr, 8, &self->reply));
	ASSERT_EQ(EPERM, errno);

	get_lsa(_metadata, self->fd, &self->reply, lsa_after);
	ASSERT_EQ(0, memcmp(lsa_before, lsa_after, 64));
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_POISON,
			 poison_in, sizeof(poison_in), &self->reply));
	ASSERT_EQ(poison_len, self->reply.size);
	memcpy(poison_after, self->reply.payload, poison_len);
	ASSERT_EQ(0, memcmp(poison_before, poison_after, poison_len));
}

/*
 * Get LSA slices no device can answer are refused before they reach it:
 * QEMU 10.0.2 aborts on a slice that wraps (found by fwctl_fuzz, seed
 * 0x4221fc129f0e064d) or is empty (seed 0x422215acdf2a3009, in the debug
 * lane) and overruns its payload on one longer than that.
 */
TEST_F(cxl, get_lsa_slices_checked)
{
	uint32_t in[3] = { 0, 64, 0 };

	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_LSA, in, 8,
			 &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	ASSERT_EQ(64, self->reply.size);

	in[0] = 0xffffffc0;
	in[1] = 0x80;
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_LSA, in, 8,
			  &self->reply));
	ASSERT_EQ(EINVAL, errno);
	in[0] = 0;
	in[1] = PAYLOAD_MAX + 1;
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_LSA, in, 8,
			  &self->reply));
	ASSERT_EQ(EINVAL, errno);
	in[0] = 64;
	in[1] = 0;
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_LSA, in, 8,
			  &self->reply));
	ASSERT_EQ(EINVAL, errno);
	in[1] = 64;
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_LSA, in, 12,
			  &self->reply));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_LSA, in, 4,
			  &self->reply));
	ASSERT_EQ(EINVAL, errno);

	/* The device is still there. */
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_IDENTIFY_MEMDEV,
			 NULL, 0, &self->reply));
	ASSERT_EQ(0, self->reply.retval);
}

/*
 * A response that fits the core's in-place room (128 bytes: 112 of
 * payload, after the 16 bytes counted before it) is built there, a longer
 * one is allocated; both carry exactly the device's bytes, then the 8
 * zero bytes mainline's length counts, and nothing after them (built in
 * place, those 8 bytes held the request). run.sh writes (i * 7 + 3) & 0xff
 * at LSA offset 4096 + i.
 */
TEST_F(cxl, responses_in_place_and_allocated)
{
	static const uint32_t lens[] = { 1, 64, 111, 112, 113, 114, 256, 1024 };
	uint32_t in[2], out_len, i, k;

	for (k = 0; k < ARRAY_SIZE(lens); k++) {
		in[0] = 4096 + 5;
		in[1] = lens[k];
		ASSERT_EQ(0, rpc_raw(self->fd, FWCTL_RPC_CONFIGURATION,
				     OP_GET_LSA, 0, sizeof(in), 0, in,
				     sizeof(in), &self->reply, &out_len));
		ASSERT_EQ(0, self->reply.retval);
		ASSERT_EQ(lens[k], self->reply.size);
		ASSERT_EQ(16 + lens[k], out_len);
		for (i = 0; i < lens[k]; i++)
			ASSERT_EQ(((5 + i) * 7 + 3) & 0xff,
				  self->reply.payload[i]) {
				TH_LOG("length %u, byte %u", lens[k], i);
			}
		for (i = lens[k]; i < lens[k] + 8; i++)
			ASSERT_EQ(0, self->reply.payload[i]) {
				TH_LOG("length %u, byte %u", lens[k], i);
			}
		ASSERT_EQ(0xa5, self->reply.payload[lens[k] + 8]);
	}
}

TEST_F(cxl, cel_policy_on_the_device)
{
	/* Get Timestamp: no effects, every scope. */
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_GET_TIMESTAMP,
			 NULL, 0, &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	ASSERT_EQ(8, self->reply.size);
	/* Not in the CEL. */
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_VENDOR,
			  NULL, 0, &self->reply));
	ASSERT_EQ(EOPNOTSUPP, errno);
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_CONFIGURATION, 0x0001,
			  NULL, 0, &self->reply));
	ASSERT_EQ(EOPNOTSUPP, errno);
	/* Scan Media runs in the background: write_full (cxl_bg_test). */
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE, OP_SCAN_MEDIA,
			  NULL, 0, &self->reply));
	ASSERT_EQ(EPERM, errno);
}

TEST_F(cxl, malformed_requests)
{
	uint8_t pad[PAYLOAD_MAX + 8] = { 0 };
	struct fwctl_rpc_cxl req = { .opcode = OP_IDENTIFY_MEMDEV };
	struct fwctl_rpc r = {
		.size = sizeof(r),
		.scope = FWCTL_RPC_CONFIGURATION,
		.out_len = sizeof(self->reply),
		.in = (uintptr_t)&req,
		.out = (uintptr_t)&self->reply,
	};
	uint32_t out_len;

	/* Shorter than the 16-byte header, including empty. */
	r.in_len = 0;
	ASSERT_EQ(-1, ioctl(self->fd, FWCTL_RPC, &r));
	ASSERT_EQ(EINVAL, errno);
	r.in_len = 15;
	ASSERT_EQ(-1, ioctl(self->fd, FWCTL_RPC, &r));
	ASSERT_EQ(EINVAL, errno);

	/* Output buffer too small for the 8-byte response header. */
	r.in_len = sizeof(req);
	r.out_len = 7;
	ASSERT_EQ(-1, ioctl(self->fd, FWCTL_RPC, &r));
	ASSERT_EQ(ENOSPC, errno);

	/* op_size running past in_len, by one byte or by far. */
	ASSERT_EQ(-1, rpc_raw(self->fd, 0, OP_IDENTIFY_MEMDEV, 0, 4, 0, pad, 0,
			      &self->reply, &out_len));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, rpc_raw(self->fd, 0, OP_GET_LSA, 0, 9, 0, pad, 8,
			      &self->reply, &out_len));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, rpc_raw(self->fd, 0, OP_IDENTIFY_MEMDEV, 0, 0xffffffff, 0,
			      pad, 4, &self->reply, &out_len));
	ASSERT_EQ(EINVAL, errno);

	/*
	 * Bytes after op_size are ignored, whatever they hold, as mainline's
	 * clients send sizeof(struct fwctl_rpc_cxl) + the input's size.
	 */
	memset(pad, 0xa5, 40);
	ASSERT_EQ(0, rpc_raw(self->fd, 0, OP_IDENTIFY_MEMDEV, 0, 0, 0, pad, 40,
			     &self->reply, &out_len));
	ASSERT_EQ(0, self->reply.retval);
	ASSERT_EQ(0x45, self->reply.size);
	ASSERT_EQ(16 + 0x45, out_len);
	memset(pad, 0, 40);

	/* reserved1, flags, opcode above 16 bits. */
	ASSERT_EQ(-1, rpc_raw(self->fd, 0, OP_IDENTIFY_MEMDEV, 0, 0, 1, pad, 0,
			      &self->reply, &out_len));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(-1, rpc_raw(self->fd, 0, OP_IDENTIFY_MEMDEV, 1, 0, 0, pad, 0,
			      &self->reply, &out_len));
	ASSERT_EQ(EOPNOTSUPP, errno);
	ASSERT_EQ(-1, rpc_raw(self->fd, 0, 0x10000 | OP_IDENTIFY_MEMDEV, 0, 0,
			      0, pad, 0, &self->reply, &out_len));
	ASSERT_EQ(EINVAL, errno);

	/* A payload larger than the mailbox's. */
	ASSERT_EQ(-1, rpc_raw(self->fd, 0, OP_GET_TIMESTAMP, 0,
			      PAYLOAD_MAX + 1, 0, pad, PAYLOAD_MAX + 1,
			      &self->reply, &out_len));
	ASSERT_EQ(EMSGSIZE, errno);

	/* And after all that, the device still answers. */
	ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION, OP_IDENTIFY_MEMDEV,
			 NULL, 0, &self->reply));
	ASSERT_EQ(0, self->reply.retval);
}

/* Each memdev answers for itself: the capacities match its own sysfs. */
TEST(both_memdevs_independent)
{
	char names[4][32], path[128], buf[64];
	struct cxl_reply reply;
	int fd[2];

	ASSERT_EQ(2, list_memdevs(names, 4));
	for (int i = 0; i < 2; i++) {
		fd[i] = open_memdev_fwctl(names[i]);
		ASSERT_LE(0, fd[i]);
	}
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 2; i++) {
			uint64_t vol, pers;

			ASSERT_EQ(0, rpc(fd[i], FWCTL_RPC_CONFIGURATION,
					 OP_IDENTIFY_MEMDEV, NULL, 0, &reply));
			ASSERT_EQ(0, reply.retval);
			memcpy(&vol, reply.payload + 0x18, 8);
			memcpy(&pers, reply.payload + 0x20, 8);
			snprintf(path, sizeof(path),
				 "/sys/bus/cxl/devices/%s/ram/size", names[i]);
			ASSERT_EQ(0, read_file(path, buf, sizeof(buf)));
			ASSERT_EQ(strtoull(buf, NULL, 0), vol * (256ULL << 20));
			snprintf(path, sizeof(path),
				 "/sys/bus/cxl/devices/%s/pmem/size", names[i]);
			ASSERT_EQ(0, read_file(path, buf, sizeof(buf)));
			ASSERT_EQ(strtoull(buf, NULL, 0), pers * (256ULL << 20));
		}
	}
	close(fd[0]);
	close(fd[1]);
}

TEST_HARNESS_MAIN
