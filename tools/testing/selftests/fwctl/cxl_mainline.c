// SPDX-License-Identifier: GPL-2.0
/*
 * Conformance with mainline (Linux 6.15 - 7.3) as its clients see it: a
 * client written the way mainline's reference client (ndctl's
 * test/fwctl.c) is, against the QEMU 10.0.2 type-3 device of the test VM.
 *
 *   - mainline's names and layouts, from the uAPI headers as installed
 *     (<fwctl/fwctl.h>, <fwctl/cxl.h>, <cxl/features.h>); nothing of the
 *     project's own test helpers;
 *   - requests sized as that client sizes them: in_len is
 *     sizeof(struct fwctl_rpc_cxl) + sizeof(input) [+ data], op_size the
 *     input [+ data], so 32 bytes follow the input;
 *   - the device found as libcxl finds it: the memdev's fwctl/ directory,
 *     the major:minor of /dev/fwctl/<name>, opened as /dev/char/M:m.
 *
 * Every case mainline defines is asserted byte for byte: the errno, the
 * response bytes, the length the kernel reports (mainline counts
 * sizeof(struct fwctl_rpc_cxl_out), 16, before the payload size, so 8 zero
 * bytes follow the payload), and that nothing is written past the
 * caller's buffer. The few cases where this project answers otherwise are
 * asserted too, each marked "Divergence", as listed in
 * Documentation/userspace-api/fwctl/fwctl-cxl.rst.
 */
#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <fwctl/fwctl.h>
#include <fwctl/cxl.h>
#include <cxl/features.h>

#include "kselftest_harness.h"
/* Only for what the emulated device holds and its memdevs' names. */
#include "cxl_util.h"

#define OPCODE_GET_SUPPORTED_FEATURES	0x0500
#define OPCODE_GET_FEATURE		0x0501
#define OPCODE_SET_FEATURE		0x0502
#define OPCODE_IDENTIFY_MEMDEV		0x4000

/* The test VM's device: two Features, both changeable, immediate effects. */
#define NUM_FEATURES			2
#define PATROL_SCRUB_GET_SIZE		4
#define PATROL_SCRUB_SET_SIZE		2
#define ECS_GET_SIZE			13
#define ECS_SET_SIZE			7
#define FEATURE_EFFECTS			(CXL_CMD_CONFIG_CHANGE_IMMEDIATE | \
					 CXL_CMD_EFFECTS_VALID)

/* Patrol scrub's UUID with its last byte flipped: no Feature of QEMU's. */
static const uint8_t unknown_uuid[16] = {
	0x96, 0xda, 0xd7, 0xd6, 0xfd, 0xe8, 0x48, 0x2b,
	0xa7, 0x33, 0x75, 0x77, 0x4e, 0x06, 0xdb, 0x75,
};

/* Poison for the caller's buffers: what the kernel does not write. */
#define UNTOUCHED			0xa5
#define SPARE				64

/*
 * libcxl's lookup: the first "fwctl*" entry of the memdev's fwctl/
 * directory, its major:minor from the node under /dev/fwctl/, and the
 * reference client opens /dev/char/M:m. The VM has no udev to create that
 * link, so it is made here as udev's default rules make it. The sysfs dev
 * attribute must agree.
 */
static int open_like_libcxl(struct __test_metadata *_metadata,
			    const char *memdev)
{
	char path[512], name[256] = "", target[300], dev[32], want[32];
	struct dirent *e;
	struct stat st;
	ssize_t n;
	DIR *d;
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/fwctl/", memdev);
	d = opendir(path);
	if (!d) {
		TH_LOG("%s: %s", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		if (!strncmp(e->d_name, "fwctl", strlen("fwctl"))) {
			snprintf(name, sizeof(name), "%s", e->d_name);
			break;
		}
	}
	closedir(d);
	if (!name[0]) {
		TH_LOG("no fwctl device under %s", path);
		return -1;
	}

	snprintf(path, sizeof(path), "/dev/fwctl/%s", name);
	if (stat(path, &st) || !S_ISCHR(st.st_mode)) {
		TH_LOG("%s: %s", path, strerror(errno));
		return -1;
	}

	snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s/fwctl/%s/dev",
		 memdev, name);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		TH_LOG("%s: %s", path, strerror(errno));
		return -1;
	}
	n = read(fd, dev, sizeof(dev) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	dev[n] = 0;
	dev[strcspn(dev, "\n")] = 0;
	snprintf(want, sizeof(want), "%u:%u", major(st.st_rdev),
		 minor(st.st_rdev));
	EXPECT_STREQ(want, dev);

	/* Made afresh: after a reload the numbers may name another node. */
	mkdir("/dev/char", 0755);
	snprintf(path, sizeof(path), "/dev/char/%s", want);
	unlink(path);
	snprintf(target, sizeof(target), "../fwctl/%s", name);
	if (symlink(target, path)) {
		TH_LOG("%s: %s", path, strerror(errno));
		return -1;
	}
	/* As the reference client does: read-only, the ioctls need no more. */
	fd = open(path, O_RDONLY);
	if (fd < 0)
		TH_LOG("%s: %s", path, strerror(errno));
	return fd;
}

/* One request laid out as the reference client lays it out. */
struct call {
	struct fwctl_rpc rpc;
	struct fwctl_rpc_cxl *in;
	struct fwctl_rpc_cxl_out *out;
	size_t out_size;
};

static void *zalloc16(size_t size)
{
	void *p;

	if (posix_memalign(&p, 16, size ? size : 1))
		return NULL;
	memset(p, 0, size);
	return p;
}

/*
 * in_size and out_size as the client computes them; the output buffer has
 * SPARE poisoned bytes after out_size, to see that nothing lands there.
 */
static void prep(struct __test_metadata *_metadata, struct call *c,
		 uint16_t opcode, uint32_t scope, size_t in_size,
		 uint32_t op_size, size_t out_size)
{
	/* At least the struct, so its members can be filled in; in_len says. */
	c->in = zalloc16(in_size > sizeof(*c->in) ? in_size : sizeof(*c->in));
	c->out = zalloc16(out_size + SPARE);
	ASSERT_NE(NULL, c->in);
	ASSERT_NE(NULL, c->out);
	memset(c->out, UNTOUCHED, out_size + SPARE);
	c->out_size = out_size;
	c->in->opcode = opcode;
	c->in->op_size = op_size;
	c->rpc = (struct fwctl_rpc) {
		.size = sizeof(c->rpc),
		.scope = scope,
		.in_len = in_size,
		.out_len = out_size,
		.in = (uintptr_t)c->in,
		.out = (uintptr_t)c->out,
	};
}

static void unprep(struct call *c)
{
	free(c->in);
	free(c->out);
}

static int call_rpc(int fd, struct call *c)
{
	return ioctl(fd, FWCTL_RPC, &c->rpc) ? errno : 0;
}

/*
 * A successful answer as mainline gives it: the reported length is 16 +
 * size, the payload is followed by 8 zero bytes, at most out_size bytes
 * are written and nothing after them.
 */
static void check_answer(struct __test_metadata *_metadata,
			 const struct call *c, uint32_t size, uint32_t retval)
{
	const uint8_t *b = (const uint8_t *)c->out;
	size_t full = sizeof(struct fwctl_rpc_cxl_out) + size;
	size_t wrote = full < c->out_size ? full : c->out_size;
	size_t i;

	ASSERT_EQ(full, c->rpc.out_len);
	if (c->out_size >= sizeof(c->out->hdr)) {
		ASSERT_EQ(size, c->out->size);
		ASSERT_EQ(retval, c->out->retval);
	}
	for (i = sizeof(c->out->hdr) + size; i < wrote; i++)
		ASSERT_EQ(0, b[i]) TH_LOG("byte %zu after the payload", i);
	for (i = wrote; i < c->out_size + SPARE; i++)
		ASSERT_EQ(UNTOUCHED, b[i]) TH_LOG("byte %zu past the buffer", i);
}

/* A refusal: the errno, and the caller's buffer and length untouched. */
static void check_refused(struct __test_metadata *_metadata,
			  const struct call *c, int err, int want)
{
	const uint8_t *b = (const uint8_t *)c->out;
	size_t i;

	ASSERT_EQ(want, err);
	ASSERT_EQ(c->out_size, c->rpc.out_len);
	for (i = 0; i < c->out_size + SPARE; i++)
		ASSERT_EQ(UNTOUCHED, b[i]) TH_LOG("byte %zu written", i);
}

static int get_sup_feats(int fd, struct __test_metadata *_metadata,
			 struct call *c, size_t in_size, uint32_t count,
			 uint16_t start, size_t out_size)
{
	prep(_metadata, c, OPCODE_GET_SUPPORTED_FEATURES,
	     FWCTL_RPC_CONFIGURATION, in_size,
	     sizeof(struct cxl_mbox_get_sup_feats_in), out_size);
	c->in->get_sup_feats_in.count = htole32(count);
	c->in->get_sup_feats_in.start_idx = htole16(start);
	return call_rpc(fd, c);
}

static int get_feature(int fd, struct __test_metadata *_metadata,
		       struct call *c, const uint8_t uuid[16], uint16_t offset,
		       uint16_t count, size_t out_size)
{
	struct cxl_mbox_get_feat_in *feat_in;

	prep(_metadata, c, OPCODE_GET_FEATURE, FWCTL_RPC_CONFIGURATION,
	     sizeof(*c->in) + sizeof(*feat_in), sizeof(*feat_in), out_size);
	feat_in = &c->in->get_feat_in;
	memcpy(feat_in->uuid, uuid, 16);
	feat_in->offset = htole16(offset);
	feat_in->count = htole16(count);
	feat_in->selection = CXL_GET_FEAT_SEL_CURRENT_VALUE;
	return call_rpc(fd, c);
}

static int set_feature(int fd, struct __test_metadata *_metadata,
		       struct call *c, uint32_t scope, const uint8_t uuid[16],
		       const void *data, size_t len, size_t out_size)
{
	struct cxl_mbox_set_feat_in *feat_in;

	prep(_metadata, c, OPCODE_SET_FEATURE, scope,
	     sizeof(*c->in) + sizeof(*feat_in) + len, sizeof(*feat_in) + len,
	     out_size);
	feat_in = &c->in->set_feat_in;
	memcpy(feat_in->uuid, uuid, 16);
	feat_in->flags = htole32(CXL_SET_FEAT_FLAG_FULL_DATA_TRANSFER);
	feat_in->version = 1;
	if (len)
		memcpy(feat_in->feat_data, data, len);
	return call_rpc(fd, c);
}

FIXTURE(mainline) {
	int fd;
};

/* The first memdev, as the reference client takes the bus's first. */
FIXTURE_SETUP(mainline)
{
	char names[4][32];

	ASSERT_LE(1, list_memdevs(names, 4));
	self->fd = open_like_libcxl(_metadata, names[0]);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(mainline)
{
	close(self->fd);
}

static void read_patrol_scrub(struct __test_metadata *_metadata, int fd,
			      const uint8_t want[4])
{
	struct call c;

	ASSERT_EQ(0, get_feature(fd, _metadata, &c, patrol_scrub_uuid, 0,
				 PATROL_SCRUB_GET_SIZE,
				 sizeof(*c.out) + PATROL_SCRUB_GET_SIZE));
	check_answer(_metadata, &c, PATROL_SCRUB_GET_SIZE, 0);
	ASSERT_EQ(0, memcmp(c.out->payload, want, 4));
	unprep(&c);
}

/* The client's first call: count 0, in_len 56, op_size 8, out_len 24. */
TEST_F(mainline, get_supported_features_count_only)
{
	struct cxl_mbox_get_sup_feats_out *feat_out;
	struct call c;

	ASSERT_EQ(0, get_sup_feats(self->fd, _metadata, &c,
				   sizeof(*c.in) + sizeof(c.in->get_sup_feats_in),
				   0, 0, sizeof(*c.out) + sizeof(*feat_out)));
	ASSERT_EQ(56, c.rpc.in_len);
	ASSERT_EQ(8, c.in->op_size);
	check_answer(_metadata, &c, sizeof(*feat_out), 0);
	feat_out = &c.out->get_sup_feats_out;
	ASSERT_EQ(0, le16toh(feat_out->num_entries));
	ASSERT_EQ(NUM_FEATURES, le16toh(feat_out->supported_feats));
	ASSERT_EQ(0, feat_out->reserved[0] | feat_out->reserved[1] |
		     feat_out->reserved[2] | feat_out->reserved[3]);
	unprep(&c);

	/* Exactly header-sized (in_len 24): the same answer. */
	ASSERT_EQ(0, get_sup_feats(self->fd, _metadata, &c,
				   sizeof(c.in->hdr) +
				   sizeof(c.in->get_sup_feats_in),
				   0, 0, sizeof(*c.out) + sizeof(*feat_out)));
	ASSERT_EQ(24, c.rpc.in_len);
	check_answer(_metadata, &c, sizeof(*feat_out), 0);
	ASSERT_EQ(0, le16toh(c.out->get_sup_feats_out.num_entries));
	ASSERT_EQ(NUM_FEATURES,
		  le16toh(c.out->get_sup_feats_out.supported_feats));
	unprep(&c);

	/* A count below one entry is still only the header. */
	ASSERT_EQ(0, get_sup_feats(self->fd, _metadata, &c,
				   sizeof(*c.in) + sizeof(c.in->get_sup_feats_in),
				   sizeof(struct cxl_feat_entry) - 1, 0, 4096));
	check_answer(_metadata, &c, sizeof(*feat_out), 0);
	unprep(&c);
}

/* The client's second call: count = n * 48 gets n entries. */
TEST_F(mainline, get_supported_features_entries)
{
	struct cxl_mbox_get_sup_feats_out *feat_out;
	struct cxl_feat_entry *e;
	size_t out_size;
	struct call c;

	out_size = sizeof(*c.out) + sizeof(*feat_out) +
		   NUM_FEATURES * sizeof(*e);
	ASSERT_EQ(0, get_sup_feats(self->fd, _metadata, &c,
				   sizeof(*c.in) + sizeof(c.in->get_sup_feats_in),
				   NUM_FEATURES * sizeof(*e), 0, out_size));
	check_answer(_metadata, &c, sizeof(*feat_out) + NUM_FEATURES * sizeof(*e),
		     0);
	feat_out = &c.out->get_sup_feats_out;
	ASSERT_EQ(NUM_FEATURES, le16toh(feat_out->num_entries));
	ASSERT_EQ(NUM_FEATURES, le16toh(feat_out->supported_feats));

	e = &feat_out->ents[0];
	ASSERT_EQ(0, memcmp(e->uuid, patrol_scrub_uuid, 16));
	ASSERT_EQ(0, le16toh(e->id));
	ASSERT_EQ(PATROL_SCRUB_GET_SIZE, le16toh(e->get_feat_size));
	ASSERT_EQ(PATROL_SCRUB_SET_SIZE, le16toh(e->set_feat_size));
	ASSERT_EQ(CXL_FEATURE_F_CHANGEABLE, le32toh(e->flags));
	ASSERT_EQ(1, e->get_feat_ver);
	ASSERT_EQ(1, e->set_feat_ver);
	ASSERT_EQ(FEATURE_EFFECTS, le16toh(e->effects));

	e = &feat_out->ents[1];
	ASSERT_EQ(0, memcmp(e->uuid, ecs_uuid, 16));
	ASSERT_EQ(1, le16toh(e->id));
	ASSERT_EQ(ECS_GET_SIZE, le16toh(e->get_feat_size));
	ASSERT_EQ(ECS_SET_SIZE, le16toh(e->set_feat_size));
	ASSERT_EQ(CXL_FEATURE_F_CHANGEABLE, le32toh(e->flags));
	ASSERT_EQ(FEATURE_EFFECTS, le16toh(e->effects));
	unprep(&c);

	/* From the second entry, more asked than there is: one entry. */
	ASSERT_EQ(0, get_sup_feats(self->fd, _metadata, &c,
				   sizeof(*c.in) + sizeof(c.in->get_sup_feats_in),
				   10 * sizeof(*e), 1, out_size));
	check_answer(_metadata, &c, sizeof(*feat_out) + sizeof(*e), 0);
	ASSERT_EQ(1, le16toh(c.out->get_sup_feats_out.num_entries));
	ASSERT_EQ(0, memcmp(c.out->get_sup_feats_out.ents[0].uuid, ecs_uuid,
			    16));
	unprep(&c);

	/* A buffer too short for the answer: truncated, full length told. */
	ASSERT_EQ(0, get_sup_feats(self->fd, _metadata, &c,
				   sizeof(*c.in) + sizeof(c.in->get_sup_feats_in),
				   NUM_FEATURES * sizeof(*e), 0, 40));
	check_answer(_metadata, &c, sizeof(*feat_out) + NUM_FEATURES * sizeof(*e),
		     0);
	unprep(&c);

	/* Even one too short for the response header: nothing written. */
	ASSERT_EQ(0, get_sup_feats(self->fd, _metadata, &c,
				   sizeof(*c.in) + sizeof(c.in->get_sup_feats_in),
				   0, 0, 0));
	check_answer(_metadata, &c, sizeof(*feat_out), 0);
	unprep(&c);
}

TEST_F(mainline, get_supported_features_refused)
{
	struct call c;

	/* start_idx at or past the number of Features. */
	ASSERT_EQ(EINVAL, get_sup_feats(self->fd, _metadata, &c,
					sizeof(*c.in) + 8, 0, NUM_FEATURES,
					4096));
	unprep(&c);
	ASSERT_EQ(EINVAL, get_sup_feats(self->fd, _metadata, &c,
					sizeof(*c.in) + 8, 48, 0xffff, 4096));
	unprep(&c);

	/* op_size other than 8, within in_len. */
	ASSERT_EQ(0, get_sup_feats(self->fd, _metadata, &c, sizeof(*c.in) + 8,
				   0, 0, 4096));
	unprep(&c);
	prep(_metadata, &c, OPCODE_GET_SUPPORTED_FEATURES,
	     FWCTL_RPC_CONFIGURATION, sizeof(*c.in) + 8, 7, 4096);
	ASSERT_EQ(EINVAL, call_rpc(self->fd, &c));
	unprep(&c);
	prep(_metadata, &c, OPCODE_GET_SUPPORTED_FEATURES,
	     FWCTL_RPC_CONFIGURATION, sizeof(*c.in) + 8, 9, 4096);
	ASSERT_EQ(EINVAL, call_rpc(self->fd, &c));
	unprep(&c);
}

/* in_len 69, op_size 21: the Feature's 4 bytes. */
TEST_F(mainline, get_feature)
{
	struct call c;

	ASSERT_EQ(0, get_feature(self->fd, _metadata, &c, patrol_scrub_uuid, 0,
				 PATROL_SCRUB_GET_SIZE,
				 sizeof(*c.out) + PATROL_SCRUB_GET_SIZE));
	ASSERT_EQ(69, c.rpc.in_len);
	ASSERT_EQ(21, c.in->op_size);
	check_answer(_metadata, &c, PATROL_SCRUB_GET_SIZE, 0);
	ASSERT_EQ(0, memcmp(c.out->payload, patrol_scrub_value, 4));
	unprep(&c);

	/* An offset; and room for exactly count bytes after the header. */
	ASSERT_EQ(0, get_feature(self->fd, _metadata, &c, patrol_scrub_uuid, 1,
				 2, sizeof(c.out->hdr) + 2));
	check_answer(_metadata, &c, 2, 0);
	ASSERT_EQ(0, memcmp(c.out->payload, patrol_scrub_value + 1, 2));
	unprep(&c);

	/* As in mainline the device judges the UUID: its return code. */
	ASSERT_EQ(0, get_feature(self->fd, _metadata, &c, ecs_uuid, 0, 4,
				 4096));
	check_answer(_metadata, &c, 4, 0);
	unprep(&c);
	ASSERT_EQ(0, get_feature(self->fd, _metadata, &c, unknown_uuid, 0, 4,
				 4096));
	check_answer(_metadata, &c, 0, QEMU_RC_UNKNOWN_FEATURE);
	unprep(&c);

	/*
	 * Divergence: more than the Feature holds. The device sends its 4
	 * bytes; mainline counts the short reply as a failure and answers
	 * size 0, return code 0.
	 */
	ASSERT_EQ(0, get_feature(self->fd, _metadata, &c, patrol_scrub_uuid, 0,
				 8, 4096));
	check_answer(_metadata, &c, PATROL_SCRUB_GET_SIZE, 0);
	ASSERT_EQ(0, memcmp(c.out->payload, patrol_scrub_value, 4));
	unprep(&c);
}

TEST_F(mainline, get_feature_refused)
{
	struct call c;
	int err;

	/* count 0. */
	err = get_feature(self->fd, _metadata, &c, patrol_scrub_uuid, 0, 0,
			  4096);
	check_refused(_metadata, &c, err, EINVAL);
	unprep(&c);

	/* 7.3: out_len with no room for count bytes after the header. */
	err = get_feature(self->fd, _metadata, &c, patrol_scrub_uuid, 0,
			  PATROL_SCRUB_GET_SIZE,
			  offsetof(struct fwctl_rpc_cxl_out, payload));
	check_refused(_metadata, &c, err, EINVAL);
	unprep(&c);
	err = get_feature(self->fd, _metadata, &c, patrol_scrub_uuid, 0,
			  PATROL_SCRUB_GET_SIZE, sizeof(c.out->hdr) + 3);
	check_refused(_metadata, &c, err, EINVAL);
	unprep(&c);

	/* op_size other than 21. */
	prep(_metadata, &c, OPCODE_GET_FEATURE, FWCTL_RPC_CONFIGURATION,
	     sizeof(*c.in) + 21, 20, 4096);
	check_refused(_metadata, &c, call_rpc(self->fd, &c), EINVAL);
	unprep(&c);
	prep(_metadata, &c, OPCODE_GET_FEATURE, FWCTL_RPC_CONFIGURATION,
	     sizeof(*c.in) + 22, 22, 4096);
	check_refused(_metadata, &c, call_rpc(self->fd, &c), EINVAL);
	unprep(&c);
}

/*
 * in_len 82, op_size 34: two bytes of patrol scrub, then back. Divergence:
 * mainline owns patrol scrub (one of the RAS Features) always and answers
 * EPERM; here it is owned only while a driver claims it (below).
 */
TEST_F(mainline, set_feature)
{
	struct call c;
	int err;

	err = set_feature(self->fd, _metadata, &c, FWCTL_RPC_DEBUG_WRITE_FULL,
			  patrol_scrub_uuid, patrol_scrub_set_new, 2,
			  sizeof(*c.out) + 2);
	ASSERT_EQ(82, c.rpc.in_len);
	ASSERT_EQ(34, c.in->op_size);
	ASSERT_EQ(0, err);
	check_answer(_metadata, &c, 0, 0);
	unprep(&c);
	read_patrol_scrub(_metadata, self->fd, patrol_scrub_value_new);

	/* Room for the response header and no more is enough. */
	err = set_feature(self->fd, _metadata, &c, FWCTL_RPC_DEBUG_WRITE_FULL,
			  patrol_scrub_uuid, patrol_scrub_set_orig, 2,
			  sizeof(c.out->hdr));
	ASSERT_EQ(0, err);
	check_answer(_metadata, &c, 0, 0);
	unprep(&c);
	read_patrol_scrub(_metadata, self->fd, patrol_scrub_value);
}

TEST_F(mainline, set_feature_refused)
{
	struct call c;
	int err;

	/* No data after the 32-byte header. */
	err = set_feature(self->fd, _metadata, &c, FWCTL_RPC_DEBUG_WRITE_FULL,
			  patrol_scrub_uuid, NULL, 0, 4096);
	check_refused(_metadata, &c, err, EINVAL);
	unprep(&c);

	/* 7.3: out_len below the 8-byte response header. */
	err = set_feature(self->fd, _metadata, &c, FWCTL_RPC_DEBUG_WRITE_FULL,
			  patrol_scrub_uuid, patrol_scrub_set_new, 2, 0);
	check_refused(_metadata, &c, err, EINVAL);
	unprep(&c);
	err = set_feature(self->fd, _metadata, &c, FWCTL_RPC_DEBUG_WRITE_FULL,
			  patrol_scrub_uuid, patrol_scrub_set_new, 2,
			  sizeof(c.out->hdr) - 1);
	check_refused(_metadata, &c, err, EINVAL);
	unprep(&c);

	/*
	 * Divergence: immediate effects below DEBUG_WRITE_FULL, and an
	 * unknown Feature, fail on mainline too, with EINVAL.
	 */
	err = set_feature(self->fd, _metadata, &c, FWCTL_RPC_DEBUG_WRITE,
			  patrol_scrub_uuid, patrol_scrub_set_new, 2, 4096);
	check_refused(_metadata, &c, err, EPERM);
	unprep(&c);
	err = set_feature(self->fd, _metadata, &c, FWCTL_RPC_DEBUG_WRITE_FULL,
			  unknown_uuid, patrol_scrub_set_new, 2, 4096);
	check_refused(_metadata, &c, err, ENOENT);
	unprep(&c);
	read_patrol_scrub(_metadata, self->fd, patrol_scrub_value);
}

/*
 * A Feature the kernel owns (the test module claims patrol scrub, as EDAC
 * would): listed with set_feat_size 0 and changeable cleared, read as
 * before, and Set Feature is EPERM.
 */
TEST_F(mainline, kernel_owned_feature)
{
	struct cxl_feat_entry *e;
	struct call c;
	int err;

	ASSERT_EQ(0, system("insmod /modules/cxl_fwctl_owner_test.ko"));

	ASSERT_EQ(0, get_sup_feats(self->fd, _metadata, &c,
				   sizeof(*c.in) + sizeof(c.in->get_sup_feats_in),
				   NUM_FEATURES * sizeof(*e), 0, 4096));
	check_answer(_metadata, &c, 8 + NUM_FEATURES * sizeof(*e), 0);
	e = &c.out->get_sup_feats_out.ents[0];
	ASSERT_EQ(0, memcmp(e->uuid, patrol_scrub_uuid, 16));
	ASSERT_EQ(0, le16toh(e->set_feat_size));
	ASSERT_EQ(0, le32toh(e->flags) & CXL_FEATURE_F_CHANGEABLE);
	ASSERT_EQ(PATROL_SCRUB_GET_SIZE, le16toh(e->get_feat_size));
	ASSERT_EQ(FEATURE_EFFECTS, le16toh(e->effects));
	e = &c.out->get_sup_feats_out.ents[1];
	ASSERT_EQ(ECS_SET_SIZE, le16toh(e->set_feat_size));
	ASSERT_EQ(CXL_FEATURE_F_CHANGEABLE, le32toh(e->flags));
	unprep(&c);

	read_patrol_scrub(_metadata, self->fd, patrol_scrub_value);

	err = set_feature(self->fd, _metadata, &c, FWCTL_RPC_DEBUG_WRITE_FULL,
			  patrol_scrub_uuid, patrol_scrub_set_new, 2, 4096);
	check_refused(_metadata, &c, err, EPERM);
	unprep(&c);

	/* Divergence: at too low a scope too (mainline: EINVAL). */
	err = set_feature(self->fd, _metadata, &c, FWCTL_RPC_DEBUG_WRITE,
			  patrol_scrub_uuid, patrol_scrub_set_new, 2, 4096);
	check_refused(_metadata, &c, err, EPERM);
	unprep(&c);

	ASSERT_EQ(0, system("rmmod cxl_fwctl_owner_test"));
	read_patrol_scrub(_metadata, self->fd, patrol_scrub_value);
}

/*
 * The request is the header and op_size bytes; what follows is ignored
 * whatever it holds, and the answer is the same.
 */
TEST_F(mainline, bytes_after_the_input_ignored)
{
	uint8_t first[64];
	struct call c;

	ASSERT_EQ(0, get_sup_feats(self->fd, _metadata, &c,
				   sizeof(*c.in) + 8, 2 * 48, 0, sizeof(first)));
	memcpy(first, c.out, sizeof(first));
	unprep(&c);

	prep(_metadata, &c, OPCODE_GET_SUPPORTED_FEATURES,
	     FWCTL_RPC_CONFIGURATION, sizeof(*c.in) + 8 + 100, 8,
	     sizeof(first));
	c.in->get_sup_feats_in.count = htole32(2 * 48);
	memset((uint8_t *)c.in + sizeof(c.in->hdr) + 8, 0xee, 40 + 100);
	ASSERT_EQ(0, call_rpc(self->fd, &c));
	ASSERT_EQ(0, memcmp(first, c.out, sizeof(first)));
	check_answer(_metadata, &c, 8 + 2 * 48, 0);
	unprep(&c);

	/* But op_size may not run past in_len. */
	prep(_metadata, &c, OPCODE_GET_SUPPORTED_FEATURES,
	     FWCTL_RPC_CONFIGURATION, sizeof(c.in->hdr) + 7, 8, 4096);
	check_refused(_metadata, &c, call_rpc(self->fd, &c), EINVAL);
	unprep(&c);
}

/*
 * What this project does beyond mainline, seen by a mainline client: the
 * header's reserved fields are checked, and other opcodes are judged by
 * the device's CEL instead of refused.
 */
TEST_F(mainline, beyond_mainline)
{
	struct call c;

	/* Divergence: mainline ignores flags and reserved1. */
	prep(_metadata, &c, OPCODE_GET_SUPPORTED_FEATURES,
	     FWCTL_RPC_CONFIGURATION, sizeof(*c.in) + 8, 8, 4096);
	c.in->flags = 1;
	check_refused(_metadata, &c, call_rpc(self->fd, &c), EOPNOTSUPP);
	unprep(&c);
	prep(_metadata, &c, OPCODE_GET_SUPPORTED_FEATURES,
	     FWCTL_RPC_CONFIGURATION, sizeof(*c.in) + 8, 8, 4096);
	c.in->reserved1 = 1;
	check_refused(_metadata, &c, call_rpc(self->fd, &c), EINVAL);
	unprep(&c);

	/*
	 * Divergence: mainline refuses every other opcode with EINVAL. The
	 * answer is counted as mainline counts its answers.
	 */
	prep(_metadata, &c, OPCODE_IDENTIFY_MEMDEV, FWCTL_RPC_CONFIGURATION,
	     sizeof(*c.in), 0, 4096);
	ASSERT_EQ(0, call_rpc(self->fd, &c));
	check_answer(_metadata, &c, 0x45, 0);
	unprep(&c);
}

/* FWCTL_INFO writes all of device_data_len, zero past the driver's data. */
TEST_F(mainline, info_fills_the_buffer)
{
	uint8_t data[32];
	struct fwctl_info info = {
		.size = sizeof(info),
		.device_data_len = 24,
		.out_device_data = (uintptr_t)data,
	};
	int i;

	memset(data, UNTOUCHED, sizeof(data));
	ASSERT_EQ(0, ioctl(self->fd, FWCTL_INFO, &info));
	ASSERT_EQ(FWCTL_DEVICE_TYPE_CXL, info.out_device_type);
	/* Divergence: struct fwctl_info_cxl, 4 zero bytes (mainline: 0). */
	ASSERT_EQ(4, info.device_data_len);
	for (i = 0; i < 24; i++)
		ASSERT_EQ(0, data[i]) TH_LOG("byte %d", i);
	for (i = 24; i < (int)sizeof(data); i++)
		ASSERT_EQ(UNTOUCHED, data[i]) TH_LOG("byte %d", i);
}

TEST_HARNESS_MAIN
