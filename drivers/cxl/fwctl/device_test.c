// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the CXL fwctl backend against a fake device. The fake replaces the
 * mailbox's transport, so it can answer as no sane device would: logs of
 * odd length, short and long replies, counts that disagree with the data,
 * return codes outside the specification.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <compat/unaligned.h>
#include <uapi/fwctl/cxl.h>
#include <cxlmem.h>

#include "cxl_fwctl.h"
#include "policy.h"

#define FAKE_MAX_CEL	512
#define FAKE_MAX_FEATS	8
#define FAKE_MAX_CALLS	32

static const uuid_t test_other_log =
	UUID_INIT(0x5e1819d9, 0x11a9, 0x400c, 0x81, 0x1f, 0xd6, 0x07, 0x19,
		  0x40, 0x3d, 0x86);

/**
 * struct fake_call - one command the fake received
 * @opcode: its opcode
 * @size_in: input length
 * @in: the first bytes of its input
 */
struct fake_call {
	u16 opcode;
	size_t size_in;
	u8 in[40];
};

/**
 * struct fake_dev - a scripted CXL device behind a mailbox
 * @mbox: the mailbox whose transport is faked
 * @cel: the log's bytes
 * @cel_len: bytes in @cel
 * @cel_announced: the size Get Supported Logs reports for the CEL
 * @has_cel: list the CEL in Get Supported Logs
 * @gsl_count_extra: entries Get Supported Logs claims beyond those it sends
 * @log_short_at: Get Log returns at most this many bytes per call (0: all)
 * @feats: Supported Features entries
 * @nfeats: entries the fake has
 * @feats_announced: the total it reports
 * @feats_per_reply: entries per reply at most (0: as many as fit)
 * @feats_num_lie: added to the entry count of each reply
 * @feature_data: the data Get Feature returns, for every Feature
 * @fail_opcode: answer this opcode with @fail_rc
 * @fail_rc: the return code for @fail_opcode (any 16-bit value)
 * @fail_after: let this many @fail_opcode commands succeed first
 * @transport_err: return this errno from the transport for every command
 * @long_reply: claim this many bytes more output than asked (a transport
 *	that does not truncate)
 * @calls: what was received
 * @ncalls: entries in @calls
 */
struct fake_dev {
	struct cxl_mailbox mbox;
	u8 cel[FAKE_MAX_CEL];
	size_t cel_len;
	u32 cel_announced;
	bool has_cel;
	u16 gsl_count_extra;
	size_t log_short_at;
	struct cxl_feat_entry feats[FAKE_MAX_FEATS];
	unsigned int nfeats;
	u16 feats_announced;
	unsigned int feats_per_reply;
	int feats_num_lie;
	u8 feature_data[256];
	u16 fail_opcode;
	u16 fail_rc;
	unsigned int fail_after;
	int transport_err;
	size_t long_reply;
	struct fake_call calls[FAKE_MAX_CALLS];
	unsigned int ncalls;
};

static size_t fake_gsl(struct fake_dev *f, u8 *out)
{
	u16 n = 0;

	memset(out, 0, 8);
	if (f->has_cel) {
		export_uuid(out + 8, &test_other_log);
		put_unaligned_le32(64, out + 24);
		export_uuid(out + 28, &cxl_fwctl_cel_uuid);
		put_unaligned_le32(f->cel_announced, out + 44);
		n = 2;
	} else {
		export_uuid(out + 8, &test_other_log);
		put_unaligned_le32(64, out + 24);
		n = 1;
	}
	put_unaligned_le16(n + f->gsl_count_extra, out);
	return 8 + n * 20;
}

static size_t fake_get_log(struct fake_dev *f, const u8 *in, u8 *out)
{
	size_t off = get_unaligned_le32(in + 16);
	size_t len = get_unaligned_le32(in + 20);

	if (off >= f->cel_len)
		return 0;
	len = min(len, f->cel_len - off);
	if (f->log_short_at)
		len = min(len, f->log_short_at);
	memcpy(out, f->cel + off, len);
	return len;
}

static size_t fake_get_sup_feats(struct fake_dev *f, const u8 *in, u8 *out,
				 size_t out_size)
{
	size_t count = get_unaligned_le32(in);
	unsigned int start = get_unaligned_le16(in + 4), n = 0;

	count = min(count, out_size);
	while (start + n < f->nfeats &&
	       8 + (n + 1) * CXL_FWCTL_FEAT_ENTRY_SIZE <= count &&
	       (!f->feats_per_reply || n < f->feats_per_reply)) {
		memcpy(out + 8 + n * CXL_FWCTL_FEAT_ENTRY_SIZE,
		       &f->feats[start + n], CXL_FWCTL_FEAT_ENTRY_SIZE);
		n++;
	}
	put_unaligned_le16(n + f->feats_num_lie, out);
	put_unaligned_le16(f->feats_announced, out + 2);
	memset(out + 4, 0, 4);
	return 8 + n * CXL_FWCTL_FEAT_ENTRY_SIZE;
}

static int fake_send(struct cxl_mailbox *mbox, struct cxl_mbox_cmd *cmd)
{
	struct fake_dev *f = container_of(mbox, struct fake_dev, mbox);
	u8 *out = cmd->payload_out;
	size_t produced = 0;

	if (f->ncalls < FAKE_MAX_CALLS) {
		struct fake_call *c = &f->calls[f->ncalls];

		c->opcode = cmd->opcode;
		c->size_in = cmd->size_in;
		memcpy(c->in, cmd->payload_in, min(cmd->size_in, sizeof(c->in)));
	}
	f->ncalls++;

	if (f->transport_err)
		return f->transport_err;
	if (f->fail_opcode == cmd->opcode && f->fail_after) {
		f->fail_after--;
	} else if (f->fail_opcode == cmd->opcode) {
		cmd->return_code = f->fail_rc;
		return 0;
	}

	cmd->return_code = 0;
	switch (cmd->opcode) {
	case CXL_FWCTL_OP_GET_SUPPORTED_LOGS:
		produced = fake_gsl(f, out);
		break;
	case CXL_FWCTL_OP_GET_LOG:
		produced = fake_get_log(f, cmd->payload_in, out);
		break;
	case CXL_FWCTL_OP_GET_SUPPORTED_FEATURES:
		produced = fake_get_sup_feats(f, cmd->payload_in, out,
					      cmd->size_out);
		break;
	case CXL_FWCTL_OP_GET_FEATURE: {
		const u8 *in = cmd->payload_in;
		size_t off = get_unaligned_le16(in + 16);
		size_t n = get_unaligned_le16(in + 18);

		if (off >= sizeof(f->feature_data))
			break;
		produced = min(n, sizeof(f->feature_data) - off);
		memcpy(out, f->feature_data + off, produced);
		break;
	}
	default:
		break;
	}
	/* Like cxl_pci: never more than asked, unless told to misbehave. */
	cmd->size_out = min(produced, cmd->size_out) + f->long_reply;
	return 0;
}

static struct fake_dev *fake_new(struct kunit *test, size_t payload_size)
{
	struct fake_dev *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->mbox.payload_size = payload_size;
	f->mbox.mbox_send = fake_send;
	f->has_cel = true;
	return f;
}

/* A CEL of @n entries: opcode 0x4000 + i, effects i. */
static void fake_cel(struct fake_dev *f, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		put_unaligned_le16(0x4000 + i, f->cel + 4 * i);
		put_unaligned_le16(i, f->cel + 4 * i + 2);
	}
	f->cel_len = 4 * n;
	f->cel_announced = 4 * n;
}

static struct device *test_dev(struct kunit *test)
{
	struct device *dev = kunit_kzalloc(test, sizeof(*dev), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, dev);
	/* Only named, for log lines: never registered, nothing to release. */
	dev->init_name = "fake-memdev";
	return dev;
}

static void cel_well_formed_chunked(struct kunit *test)
{
	struct fake_dev *f = fake_new(test, 64);
	struct cxl_fwctl_cel cel;
	const struct cxl_fwctl_cel_entry *e;

	fake_cel(f, 100);
	KUNIT_ASSERT_EQ(test, 0, cxl_fwctl_cel_read(&cel, &f->mbox, test_dev(test)));
	KUNIT_EXPECT_EQ(test, 100, cel.count);
	/* Get Supported Logs, then 400 bytes in 64-byte Get Log chunks. */
	KUNIT_EXPECT_EQ(test, 1 + 7, f->ncalls);
	e = cxl_fwctl_cel_find(&cel, 0x4000 + 57);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, 57, e->effects);
	KUNIT_EXPECT_NULL(test, cxl_fwctl_cel_find(&cel, 0x4000 + 100));
	KUNIT_EXPECT_NULL(test, cxl_fwctl_cel_find(&cel, 0x0001));
	cxl_fwctl_cel_free(&cel);
}

static void cel_odd_length_drops_partial_entry(struct kunit *test)
{
	struct fake_dev *f = fake_new(test, 64);
	struct cxl_fwctl_cel cel;

	fake_cel(f, 3);
	f->cel_announced = 10;
	KUNIT_ASSERT_EQ(test, 0, cxl_fwctl_cel_read(&cel, &f->mbox, test_dev(test)));
	KUNIT_EXPECT_EQ(test, 2, cel.count);
	KUNIT_EXPECT_NOT_NULL(test, cxl_fwctl_cel_find(&cel, 0x4001));
	KUNIT_EXPECT_NULL(test, cxl_fwctl_cel_find(&cel, 0x4002));
	cxl_fwctl_cel_free(&cel);
}

static void cel_short_read_keeps_what_arrived(struct kunit *test)
{
	struct fake_dev *f = fake_new(test, 64);
	struct cxl_fwctl_cel cel;

	/* The log is announced at 40 entries but the device has only 10. */
	fake_cel(f, 10);
	f->cel_announced = 160;
	KUNIT_ASSERT_EQ(test, 0, cxl_fwctl_cel_read(&cel, &f->mbox, test_dev(test)));
	KUNIT_EXPECT_EQ(test, 10, cel.count);
	/* One full chunk, then a short one ends the read: no loop. */
	KUNIT_EXPECT_EQ(test, 1 + 1, f->ncalls);
	cxl_fwctl_cel_free(&cel);

	/* A device that returns 6 bytes per call: entries stay whole. */
	f = fake_new(test, 64);
	fake_cel(f, 10);
	f->log_short_at = 6;
	KUNIT_ASSERT_EQ(test, 0, cxl_fwctl_cel_read(&cel, &f->mbox, test_dev(test)));
	KUNIT_EXPECT_EQ(test, 1, cel.count);
	cxl_fwctl_cel_free(&cel);
}

static void cel_implausible_size_is_capped(struct kunit *test)
{
	struct fake_dev *f = fake_new(test, 2048);
	struct cxl_fwctl_cel cel;

	fake_cel(f, 26);
	f->cel_announced = 0xffffffff;
	KUNIT_ASSERT_EQ(test, 0, cxl_fwctl_cel_read(&cel, &f->mbox, test_dev(test)));
	KUNIT_EXPECT_EQ(test, 26, cel.count);
	cxl_fwctl_cel_free(&cel);
}

static void cel_duplicates_merge_effects(struct kunit *test)
{
	struct cxl_fwctl_cel cel;
	const struct cxl_fwctl_cel_entry *e;
	u8 raw[12];

	put_unaligned_le16(0x4300, raw);
	put_unaligned_le16(0x0000, raw + 2);
	put_unaligned_le16(0x0100, raw + 4);
	put_unaligned_le16(0x0000, raw + 6);
	put_unaligned_le16(0x4300, raw + 8);
	put_unaligned_le16(0x0004, raw + 10);
	KUNIT_ASSERT_EQ(test, 0, cxl_fwctl_cel_index(&cel, raw, sizeof(raw)));
	KUNIT_EXPECT_EQ(test, 2, cel.count);
	e = cxl_fwctl_cel_find(&cel, 0x4300);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_EXPECT_EQ(test, 0x0004, e->effects);
	cxl_fwctl_cel_free(&cel);
}

static void cel_missing_or_failing(struct kunit *test)
{
	struct fake_dev *f = fake_new(test, 64);
	struct cxl_fwctl_cel cel;

	f->has_cel = false;
	KUNIT_EXPECT_EQ(test, -ENOENT,
			cxl_fwctl_cel_read(&cel, &f->mbox, test_dev(test)));
	KUNIT_EXPECT_EQ(test, 0, cel.count);

	/* More log entries claimed than sent: only those sent are read. */
	f = fake_new(test, 64);
	fake_cel(f, 4);
	f->gsl_count_extra = 1000;
	KUNIT_ASSERT_EQ(test, 0, cxl_fwctl_cel_read(&cel, &f->mbox, test_dev(test)));
	KUNIT_EXPECT_EQ(test, 4, cel.count);
	cxl_fwctl_cel_free(&cel);

	/* Get Supported Logs fails with a code outside the spec's table. */
	f = fake_new(test, 64);
	f->fail_opcode = CXL_FWCTL_OP_GET_SUPPORTED_LOGS;
	f->fail_rc = 0xffff;
	KUNIT_EXPECT_EQ(test, -ENXIO,
			cxl_fwctl_cel_read(&cel, &f->mbox, test_dev(test)));
	KUNIT_EXPECT_EQ(test, 0, cel.count);

	/* Get Log fails half way. */
	f = fake_new(test, 64);
	fake_cel(f, 40);
	f->fail_opcode = CXL_FWCTL_OP_GET_LOG;
	f->fail_rc = 0x0004;
	f->fail_after = 1;
	KUNIT_ASSERT_EQ(test, 0, cxl_fwctl_cel_read(&cel, &f->mbox, test_dev(test)));
	KUNIT_EXPECT_EQ(test, 16, cel.count);
	cxl_fwctl_cel_free(&cel);
}

static void fake_feats(struct fake_dev *f, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct cxl_feat_entry *e = &f->feats[i];

		memset(e, 0, sizeof(*e));
		e->uuid.b[0] = 0xf0 + i;
		e->id = cpu_to_le16(i);
		e->get_feat_size = cpu_to_le16(200);
		e->set_feat_size = cpu_to_le16(100);
		e->flags = cpu_to_le32(CXL_FEATURE_F_CHANGEABLE);
		e->effects = cpu_to_le16(0x0202);
	}
	f->nfeats = n;
	f->feats_announced = n;
}

static void features_chunked(struct kunit *test)
{
	struct fake_dev *f = fake_new(test, 2048);
	struct cxl_fwctl_features feats;

	fake_feats(f, 3);
	f->feats_per_reply = 1;
	KUNIT_ASSERT_EQ(test, 0,
			cxl_fwctl_features_read(&feats, &f->mbox, test_dev(test)));
	KUNIT_EXPECT_EQ(test, 3, feats.count);
	KUNIT_EXPECT_EQ(test, 3, f->ncalls);
	KUNIT_EXPECT_EQ(test, 2, le16_to_cpu(feats.entries[2].id));
	KUNIT_EXPECT_PTR_EQ(test, &feats.entries[1],
			    cxl_fwctl_feature_find(&feats, &f->feats[1].uuid));
	cxl_fwctl_features_free(&feats);
}

static void features_count_disagrees(struct kunit *test)
{
	struct fake_dev *f = fake_new(test, 2048);
	struct cxl_fwctl_features feats;

	/* Announces 5, has 2: stops when the device sends none. */
	fake_feats(f, 2);
	f->feats_announced = 5;
	KUNIT_ASSERT_EQ(test, 0,
			cxl_fwctl_features_read(&feats, &f->mbox, test_dev(test)));
	KUNIT_EXPECT_EQ(test, 2, feats.count);
	KUNIT_EXPECT_EQ(test, 2, f->ncalls);
	cxl_fwctl_features_free(&feats);

	/* A reply whose entry count exceeds the entries it carries. */
	f = fake_new(test, 2048);
	fake_feats(f, 2);
	f->feats_num_lie = 40;
	KUNIT_ASSERT_EQ(test, 0,
			cxl_fwctl_features_read(&feats, &f->mbox, test_dev(test)));
	KUNIT_EXPECT_EQ(test, 2, feats.count);
	cxl_fwctl_features_free(&feats);

	/* A failure before anything arrived leaves the cache empty. */
	f = fake_new(test, 2048);
	fake_feats(f, 2);
	f->fail_opcode = CXL_FWCTL_OP_GET_SUPPORTED_FEATURES;
	f->fail_rc = 0x0016;
	KUNIT_EXPECT_EQ(test, -EPROTO,
			cxl_fwctl_features_read(&feats, &f->mbox, test_dev(test)));
	KUNIT_EXPECT_EQ(test, 0, feats.count);
	KUNIT_EXPECT_NULL(test, feats.entries);
}

static struct cxl_fwctl *fake_cxlfw(struct kunit *test, struct fake_dev *f)
{
	struct cxl_fwctl *cxlfw = kunit_kzalloc(test, sizeof(*cxlfw), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, cxlfw);
	cxlfw->mbox = &f->mbox;
	cxlfw->payload_size = f->mbox.payload_size;
	cxlfw->features.entries = f->feats;
	cxlfw->features.count = f->nfeats;
	return cxlfw;
}

static void get_feature_split(struct kunit *test)
{
	struct fake_dev *f = fake_new(test, 64);
	struct cxl_fwctl *cxlfw;
	struct fwctl_rpc_cxl_out *out;
	size_t out_len, i;
	u8 in[21] = {};

	fake_feats(f, 1);
	for (i = 0; i < sizeof(f->feature_data); i++)
		f->feature_data[i] = i;
	cxlfw = fake_cxlfw(test, f);
	export_uuid(in, &f->feats[0].uuid);
	put_unaligned_le16(10, in + 16);
	put_unaligned_le16(150, in + 18);

	/* The caller's buffer, as the core passes it in: room for 150. */
	out_len = 8 + 150;
	out = cxl_fwctl_get_feature(cxlfw, in, sizeof(in), &out_len);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, 0, out->retval);
	KUNIT_EXPECT_EQ(test, 150, out->size);
	/* Mainline's length: sizeof(struct fwctl_rpc_cxl_out) + size. */
	KUNIT_EXPECT_EQ(test, 16 + 150, out_len);
	for (i = 0; i < 150; i++)
		KUNIT_EXPECT_EQ(test, 10 + i, out->payload[i]);
	/* 64 + 64 + 22 bytes at offsets 10, 74, 138. */
	KUNIT_ASSERT_EQ(test, 3, f->ncalls);
	KUNIT_EXPECT_EQ(test, 74, get_unaligned_le16(f->calls[1].in + 16));
	KUNIT_EXPECT_EQ(test, 22, get_unaligned_le16(f->calls[2].in + 18));
	kvfree(out);

	/* The Feature's data ends early: a short chunk ends the read. */
	f->ncalls = 0;
	put_unaligned_le16(200, in + 16);
	put_unaligned_le16(150, in + 18);
	out_len = 4096;
	out = cxl_fwctl_get_feature(cxlfw, in, sizeof(in), &out_len);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, 56, out->size);
	KUNIT_EXPECT_EQ(test, 1, f->ncalls);
	kvfree(out);

	/* A failing chunk: its return code, no data. */
	f->ncalls = 0;
	f->fail_opcode = CXL_FWCTL_OP_GET_FEATURE;
	f->fail_rc = 0x0019;
	f->fail_after = 1;
	put_unaligned_le16(0, in + 16);
	out_len = 4096;
	out = cxl_fwctl_get_feature(cxlfw, in, sizeof(in), &out_len);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, 0x0019, out->retval);
	KUNIT_EXPECT_EQ(test, 0, out->size);
	KUNIT_EXPECT_EQ(test, 16, out_len);
	kvfree(out);

	/* As in mainline, the device judges an unknown Feature. */
	f->ncalls = 0;
	f->fail_opcode = 0;
	in[0] ^= 0xff;
	put_unaligned_le16(4, in + 18);
	out_len = 4096;
	out = cxl_fwctl_get_feature(cxlfw, in, sizeof(in), &out_len);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, 1, f->ncalls);
	kvfree(out);

	/* Refused before the device: count 0, no room for count bytes. */
	f->ncalls = 0;
	put_unaligned_le16(0, in + 18);
	out_len = 4096;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			PTR_ERR(cxl_fwctl_get_feature(cxlfw, in, sizeof(in),
						      &out_len)));
	put_unaligned_le16(4, in + 18);
	out_len = 8 + 3;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			PTR_ERR(cxl_fwctl_get_feature(cxlfw, in, sizeof(in),
						      &out_len)));
	out_len = 4096;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			PTR_ERR(cxl_fwctl_get_feature(cxlfw, in, 20,
						      &out_len)));
	KUNIT_EXPECT_EQ(test, 0, f->ncalls);
}

static void set_feature_split(struct kunit *test)
{
	struct fake_dev *f = fake_new(test, 64);
	struct fwctl_rpc_cxl_out *out;
	struct cxl_fwctl *cxlfw;
	bool delivered = false;
	u8 in[32 + 80] = {};
	size_t out_len;

	fake_feats(f, 1);
	cxlfw = fake_cxlfw(test, f);
	export_uuid(in, &f->feats[0].uuid);
	put_unaligned_le16(4, in + 20);

	/* 80 bytes, 32 per part: initiate, continue, finish. */
	out = cxl_fwctl_set_feature(cxlfw, in, sizeof(in), &out_len, &delivered);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_TRUE(test, delivered);
	KUNIT_EXPECT_EQ(test, 0, out->retval);
	KUNIT_EXPECT_EQ(test, 16, out_len);
	KUNIT_ASSERT_EQ(test, 3, f->ncalls);
	KUNIT_EXPECT_EQ(test, 1, get_unaligned_le32(f->calls[0].in + 16));
	KUNIT_EXPECT_EQ(test, 2, get_unaligned_le32(f->calls[1].in + 16));
	KUNIT_EXPECT_EQ(test, 3, get_unaligned_le32(f->calls[2].in + 16));
	KUNIT_EXPECT_EQ(test, 4, get_unaligned_le16(f->calls[0].in + 20));
	KUNIT_EXPECT_EQ(test, 36, get_unaligned_le16(f->calls[1].in + 20));
	KUNIT_EXPECT_EQ(test, 68, get_unaligned_le16(f->calls[2].in + 20));
	KUNIT_EXPECT_EQ(test, 32 + 16, f->calls[2].size_in);
	kvfree(out);

	/* The second part fails: the transfer is aborted. */
	f->ncalls = 0;
	f->fail_opcode = CXL_FWCTL_OP_SET_FEATURE;
	f->fail_rc = 0x001a;
	f->fail_after = 1;
	out = cxl_fwctl_set_feature(cxlfw, in, sizeof(in), &out_len, &delivered);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, 0x001a, out->retval);
	KUNIT_ASSERT_EQ(test, 3, f->ncalls);
	KUNIT_EXPECT_EQ(test, 4, get_unaligned_le32(f->calls[2].in + 16));
	kvfree(out);

	/* A small write is one "full" transfer. */
	f->ncalls = 0;
	f->fail_opcode = 0;
	out = cxl_fwctl_set_feature(cxlfw, in, 32 + 8, &out_len, &delivered);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, 1, f->ncalls);
	KUNIT_EXPECT_EQ(test, 0, get_unaligned_le32(f->calls[0].in + 16));
	kvfree(out);

	/*
	 * As in mainline, the user's transfer action is replaced by the
	 * kernel's; the other flags go as given, the reserved bytes as zero.
	 */
	f->ncalls = 0;
	put_unaligned_le32(0x100 | CXL_SET_FEAT_FLAG_DATA_SAVED_ACROSS_RESET |
			   CXL_SET_FEAT_FLAG_CONTINUE_DATA_TRANSFER, in + 16);
	in[22] = 7;
	memset(in + 23, 0xee, 9);
	out = cxl_fwctl_set_feature(cxlfw, in, 32 + 8, &out_len, &delivered);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_ASSERT_EQ(test, 1, f->ncalls);
	KUNIT_EXPECT_EQ(test, 0x100 | CXL_SET_FEAT_FLAG_DATA_SAVED_ACROSS_RESET,
			get_unaligned_le32(f->calls[0].in + 16));
	KUNIT_EXPECT_EQ(test, 7, f->calls[0].in[22]);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(f->calls[0].in + 23, 0, 9));
	kvfree(out);
}

/*
 * A Set Feature that timed out reached the device, which may have acted:
 * it counts as delivered (so the kernel is tainted), one part or several.
 * One the transport could not send at all (EBUSY: doorbell stuck) does not.
 */
static void set_feature_timeout_delivered(struct kunit *test)
{
	struct fake_dev *f = fake_new(test, 64);
	struct cxl_fwctl *cxlfw;
	bool delivered = false;
	u8 in[32 + 80] = {};
	size_t out_len;

	fake_feats(f, 1);
	cxlfw = fake_cxlfw(test, f);
	export_uuid(in, &f->feats[0].uuid);

	f->transport_err = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, -ETIMEDOUT,
			PTR_ERR(cxl_fwctl_set_feature(cxlfw, in, 32 + 8,
						      &out_len, &delivered)));
	KUNIT_EXPECT_TRUE(test, delivered);
	delivered = false;
	KUNIT_EXPECT_EQ(test, -ETIMEDOUT,
			PTR_ERR(cxl_fwctl_set_feature(cxlfw, in, sizeof(in),
						      &out_len, &delivered)));
	KUNIT_EXPECT_TRUE(test, delivered);

	f->transport_err = -EBUSY;
	delivered = false;
	KUNIT_EXPECT_EQ(test, -EBUSY,
			PTR_ERR(cxl_fwctl_set_feature(cxlfw, in, 32 + 8,
						      &out_len, &delivered)));
	KUNIT_EXPECT_FALSE(test, delivered);
	KUNIT_EXPECT_EQ(test, -EBUSY,
			PTR_ERR(cxl_fwctl_set_feature(cxlfw, in, sizeof(in),
						      &out_len, &delivered)));
	KUNIT_EXPECT_FALSE(test, delivered);
}

/* A user's Get Poison List, sent through the fwctl op from a thread. */
struct poison_rpc {
	struct fwctl_uctx uctx;
	u8 req[FWCTL_RPC_INPLACE_LEN];
	void *out;
	size_t out_len;
	bool mutated;
	struct completion done;
};

static int poison_rpc_fn(void *data)
{
	struct poison_rpc *p = data;

	p->out_len = sizeof(p->req);
	p->out = cxl_fwctl_ops.fw_rpc(&p->uctx, FWCTL_RPC_CONFIGURATION,
				      p->req, 16 + 16, &p->out_len,
				      &p->mutated);
	complete(&p->done);
	return 0;
}

/*
 * Linux 6.12 reads the poison list in several calls under its poison lock
 * ("more records" is device state). A user's Get Poison List that arrives
 * meanwhile must not reach the device until the kernel's walk is over, or
 * it would take records the kernel then never sees.
 */
static void poison_list_waits_for_kernel_walk(struct kunit *test)
{
	struct cxl_memdev_state *mds = kunit_kzalloc(test, sizeof(*mds),
						     GFP_KERNEL);
	struct cxl_memdev *cxlmd = kunit_kzalloc(test, sizeof(*cxlmd),
						 GFP_KERNEL);
	struct poison_rpc *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	struct fake_dev *f = fake_new(test, 64);
	struct fwctl_rpc_cxl *req;
	struct task_struct *task;
	struct cxl_fwctl *cxlfw;
	u16 retval;
	size_t got;
	u8 raw[4];

	KUNIT_ASSERT_NOT_NULL(test, mds);
	KUNIT_ASSERT_NOT_NULL(test, cxlmd);
	KUNIT_ASSERT_NOT_NULL(test, p);
	mds->cxlds.type = CXL_DEVTYPE_CLASSMEM;
	mutex_init(&mds->poison.lock);
	cxlmd->cxlds = &mds->cxlds;
	cxlfw = fake_cxlfw(test, f);
	cxlfw->cxlmd = cxlmd;
	cxlfw->bounce = kunit_kzalloc(test, f->mbox.payload_size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cxlfw->bounce);
	mutex_init(&cxlfw->bounce_lock);
	put_unaligned_le16(0x4300, raw);
	put_unaligned_le16(0, raw + 2);
	KUNIT_ASSERT_EQ(test, 0, cxl_fwctl_cel_index(&cxlfw->cel, raw,
						     sizeof(raw)));
	p->uctx.fwctl = &cxlfw->fwctl;
	req = (struct fwctl_rpc_cxl *)p->req;
	req->opcode = 0x4300;
	req->op_size = 16;
	init_completion(&p->done);

	/* The kernel's walk: its first call, then the user's request. */
	mutex_lock(&mds->poison.lock);
	cxl_fwctl_mbox_send(&f->mbox, 0x4300, p->req + 16, 16, NULL, 0, &got,
			    &retval);
	task = kthread_run(poison_rpc_fn, p, "cxl_fwctl_poison_test");
	if (IS_ERR(task)) {
		mutex_unlock(&mds->poison.lock);
		KUNIT_FAIL(test, "kthread_run: %ld", PTR_ERR(task));
		goto out;
	}
	KUNIT_EXPECT_EQ(test, 0, wait_for_completion_timeout(&p->done,
							     msecs_to_jiffies(200)));
	/* The kernel's next call follows its first, nothing in between. */
	cxl_fwctl_mbox_send(&f->mbox, 0x4300, p->req + 16, 16, NULL, 0, &got,
			    &retval);
	KUNIT_EXPECT_EQ(test, 2, f->ncalls);
	mutex_unlock(&mds->poison.lock);

	/* The walk is over: the user's read goes through. */
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&p->done, 5 * HZ));
	KUNIT_ASSERT_FALSE(test, IS_ERR(p->out));
	KUNIT_EXPECT_EQ(test, 3, f->ncalls);
	KUNIT_EXPECT_EQ(test, 0x4300, f->calls[2].opcode);
	KUNIT_EXPECT_FALSE(test, p->mutated);
	if (p->out != (void *)p->req)
		kvfree(p->out);
out:
	cxl_fwctl_cel_free(&cxlfw->cel);
}

static void mbox_send_distrusts_device(struct kunit *test)
{
	struct fake_dev *f = fake_new(test, 64);
	size_t out_len;
	u16 retval;
	u8 buf[64];

	/* A return code beyond the specification's table comes back raw. */
	f->fail_opcode = 0x4000;
	f->fail_rc = 0xfffe;
	KUNIT_EXPECT_EQ(test, 0, cxl_fwctl_mbox_send(&f->mbox, 0x4000, NULL, 0,
						     buf, sizeof(buf), &out_len,
						     &retval));
	KUNIT_EXPECT_EQ(test, 0xfffe, retval);
	KUNIT_EXPECT_EQ(test, 0, out_len);

	/* A transport claiming more output than asked is clipped. */
	f = fake_new(test, 64);
	f->long_reply = 1000;
	KUNIT_EXPECT_EQ(test, 0, cxl_fwctl_mbox_send(&f->mbox, 0x4000, NULL, 0,
						     buf, 16, &out_len,
						     &retval));
	KUNIT_EXPECT_EQ(test, 16, out_len);

	/* Transport errors are errnos: not delivered or not answered. */
	f->transport_err = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, -ETIMEDOUT,
			cxl_fwctl_mbox_send(&f->mbox, 0x4000, NULL, 0, buf, 16,
					    &out_len, &retval));

	/* Sizes over the mailbox payload never reach the transport. */
	f->ncalls = 0;
	KUNIT_EXPECT_EQ(test, -EMSGSIZE,
			cxl_fwctl_mbox_send(&f->mbox, 0x4000, buf, 65, NULL, 0,
					    &out_len, &retval));
	KUNIT_EXPECT_EQ(test, 0, f->ncalls);
}

static void supported_features_from_cache(struct kunit *test)
{
	struct fake_dev *f = fake_new(test, 2048);
	struct fwctl_rpc_cxl_out *out;
	struct cxl_fwctl *cxlfw;
	size_t out_len;
	u8 in[8] = {};

	fake_feats(f, 3);
	cxlfw = fake_cxlfw(test, f);
	/* count is bytes of entries, as mainline reads it: 3, 2 are left. */
	put_unaligned_le32(3 * 48 + 47, in);
	put_unaligned_le16(1, in + 4);
	out = cxl_fwctl_get_supported_features(cxlfw, in, sizeof(in), &out_len);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, 0, out->retval);
	KUNIT_EXPECT_EQ(test, 8 + 2 * 48, out->size);
	KUNIT_EXPECT_EQ(test, 16 + 8 + 2 * 48, out_len);
	KUNIT_EXPECT_EQ(test, 2, get_unaligned_le16(out->payload));
	KUNIT_EXPECT_EQ(test, 3, get_unaligned_le16(out->payload + 2));
	KUNIT_EXPECT_EQ(test, 1, get_unaligned_le16(out->payload + 8 + 16));
	KUNIT_EXPECT_EQ(test, 0, f->ncalls);
	kvfree(out);

	/* A huge count is bounded by the cache, not allocated. */
	put_unaligned_le32(0xffffffff, in);
	put_unaligned_le16(0, in + 4);
	out = cxl_fwctl_get_supported_features(cxlfw, in, sizeof(in), &out_len);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, 8 + 3 * 48, out->size);
	kvfree(out);

	/* Below one entry: the header alone, with the number of Features. */
	put_unaligned_le32(47, in);
	out = cxl_fwctl_get_supported_features(cxlfw, in, sizeof(in), &out_len);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, 8, out->size);
	KUNIT_EXPECT_EQ(test, 0, get_unaligned_le16(out->payload));
	KUNIT_EXPECT_EQ(test, 3, get_unaligned_le16(out->payload + 2));
	KUNIT_EXPECT_EQ(test, 16 + 8, out_len);
	kvfree(out);

	/* Starting at or past the end of the list. */
	put_unaligned_le16(3, in + 4);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			PTR_ERR(cxl_fwctl_get_supported_features(cxlfw, in, 8,
								 &out_len)));
	put_unaligned_le16(0, in + 4);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			PTR_ERR(cxl_fwctl_get_supported_features(cxlfw, in, 7,
								 &out_len)));
}

/*
 * The request is the header and op_size bytes; in_len may run past them,
 * as mainline's clients send sizeof(struct fwctl_rpc_cxl) + the input.
 */
static void request_sizing(struct kunit *test)
{
	struct {
		struct fwctl_rpc_cxl req;
		u8 more[64];
	} buf = {};
	struct fwctl_rpc_cxl *req = &buf.req;

	req->opcode = 0x4000;
	req->op_size = 8;
	KUNIT_EXPECT_EQ(test, 0, cxl_fwctl_check_header(req, 16 + 8));
	KUNIT_EXPECT_EQ(test, 0, cxl_fwctl_check_header(req, sizeof(*req) + 8));
	memset(buf.more, 0xee, sizeof(buf.more));
	KUNIT_EXPECT_EQ(test, 0, cxl_fwctl_check_header(req, sizeof(buf)));
	KUNIT_EXPECT_EQ(test, -EINVAL, cxl_fwctl_check_header(req, 16 + 7));
	KUNIT_EXPECT_EQ(test, -EINVAL, cxl_fwctl_check_header(req, 15));
	req->op_size = U32_MAX;
	KUNIT_EXPECT_EQ(test, -EINVAL, cxl_fwctl_check_header(req, sizeof(buf)));
	req->op_size = 0;
	KUNIT_EXPECT_EQ(test, 0, cxl_fwctl_check_header(req, 16));

	/* What stays strict. */
	req->reserved1 = 1;
	KUNIT_EXPECT_EQ(test, -EINVAL, cxl_fwctl_check_header(req, 16));
	req->reserved1 = 0;
	req->opcode = 0x14000;
	KUNIT_EXPECT_EQ(test, -EINVAL, cxl_fwctl_check_header(req, 16));
	req->opcode = 0x4000;
	req->flags = 1;
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, cxl_fwctl_check_header(req, 16));
	req->flags = 0;
	KUNIT_EXPECT_EQ(test, -ENOSPC, cxl_fwctl_check_request(req, 16, 7));
	KUNIT_EXPECT_EQ(test, 0, cxl_fwctl_check_request(req, 16, 8));
}

static struct kunit_case cxl_fwctl_device_cases[] = {
	KUNIT_CASE(request_sizing),
	KUNIT_CASE(cel_well_formed_chunked),
	KUNIT_CASE(cel_odd_length_drops_partial_entry),
	KUNIT_CASE(cel_short_read_keeps_what_arrived),
	KUNIT_CASE(cel_implausible_size_is_capped),
	KUNIT_CASE(cel_duplicates_merge_effects),
	KUNIT_CASE(cel_missing_or_failing),
	KUNIT_CASE(features_chunked),
	KUNIT_CASE(features_count_disagrees),
	KUNIT_CASE(get_feature_split),
	KUNIT_CASE(set_feature_split),
	KUNIT_CASE(set_feature_timeout_delivered),
	KUNIT_CASE(poison_list_waits_for_kernel_walk),
	KUNIT_CASE(mbox_send_distrusts_device),
	KUNIT_CASE(supported_features_from_cache),
	{}
};

static struct kunit_suite cxl_fwctl_device_suite = {
	.name = "cxl_fwctl_device",
	.test_cases = cxl_fwctl_device_cases,
};

kunit_test_suite(cxl_fwctl_device_suite);
