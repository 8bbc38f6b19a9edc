// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a whole FWCTL_RPC through cxl_fwctl's ops, from the request to
 * the response, against a device whose transport fails in ways QEMU's
 * emulated device never does (a command that times out, a transport error
 * in the middle of a split transfer, a return code outside the
 * specification) and against a bounce buffer another request holds while
 * the caller is signalled. These are the paths the VM suites cannot reach
 * (make coverage shows them); each case checks the errno, the response
 * bytes and whether the request counts as having changed the device
 * (which taints the kernel).
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/sched/signal.h>
#include <compat/unaligned.h>
#include <uapi/fwctl/cxl.h>
#include <cxlmem.h>

#include "cxl_fwctl.h"
#include "policy.h"

/* A vendor opcode that changes the configuration at once. */
#define MIS_OP_VENDOR		0xc000
#define MIS_MAX_CALLS		16
/* Set Feature's transfer actions (flags bits 2:0), CXL r3.1 table 8-101. */
#define MIS_SET_FEAT_INITIATE	1
#define MIS_SET_FEAT_ABORT	4

/**
 * struct mis_dev - a device that misbehaves on cue, and its fwctl state
 * @cxlfw: what cxl_fwctl's ops see
 * @mbox: the mailbox whose transport is faked
 * @uctx: the caller's context
 * @cel: the device's CEL, sorted by opcode
 * @feat: its one Feature
 * @fail_call: the call (1-based) whose transport fails with @fail_err
 * @fail_err: the errno of that call; 0 for none
 * @retval: the return code of every answered command
 * @reply_len: bytes of output each answered command produces
 * @ncalls: commands the transport received
 * @opcodes: their opcodes
 * @flags: the flags word (bytes 16..19) of each input, for Set Feature
 */
struct mis_dev {
	struct cxl_fwctl cxlfw;
	struct cxl_mailbox mbox;
	struct fwctl_uctx uctx;
	struct cxl_fwctl_cel_entry cel[3];
	struct cxl_feat_entry feat;
	unsigned int fail_call;
	int fail_err;
	u16 retval;
	size_t reply_len;
	unsigned int ncalls;
	u16 opcodes[MIS_MAX_CALLS];
	u32 flags[MIS_MAX_CALLS];
};

static const uuid_t mis_feature =
	UUID_INIT(0x3d8c58a5, 0x5b5a, 0x4a8e, 0x9c, 0x1f, 0x21, 0x3c, 0x5e,
		  0x7b, 0x11, 0x02);

static int mis_send(struct cxl_mailbox *mbox, struct cxl_mbox_cmd *cmd)
{
	struct mis_dev *d = container_of(mbox, struct mis_dev, mbox);
	unsigned int n = d->ncalls++;
	u8 *out = cmd->payload_out;
	size_t i;

	if (n < MIS_MAX_CALLS) {
		d->opcodes[n] = cmd->opcode;
		if (cmd->size_in >= 20)
			d->flags[n] = get_unaligned_le32((u8 *)cmd->payload_in + 16);
	}
	if (d->fail_err && d->fail_call == n + 1)
		return d->fail_err;

	cmd->return_code = d->retval;
	if (d->retval)
		return 0;
	cmd->size_out = min(d->reply_len, cmd->size_out);
	for (i = 0; i < cmd->size_out; i++)
		out[i] = i * 3 + 1;
	return 0;
}

static struct mis_dev *mis_new(struct kunit *test, size_t payload_size)
{
	struct mis_dev *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	struct cxl_fwctl *cxlfw;

	KUNIT_ASSERT_NOT_NULL(test, d);
	d->mbox.payload_size = payload_size;
	d->mbox.mbox_send = mis_send;

	d->cel[0] = (struct cxl_fwctl_cel_entry) {
		CXL_FWCTL_OP_GET_FEATURE, 0 };
	d->cel[1] = (struct cxl_fwctl_cel_entry) {
		CXL_FWCTL_OP_SET_FEATURE, CXL_FWCTL_EFFECT_IMMEDIATE_CONFIG };
	d->cel[2] = (struct cxl_fwctl_cel_entry) {
		MIS_OP_VENDOR, CXL_FWCTL_EFFECT_IMMEDIATE_CONFIG };

	uuid_copy(&d->feat.uuid, &mis_feature);
	d->feat.get_feat_size = cpu_to_le16(256);
	d->feat.set_feat_size = cpu_to_le16(256);
	d->feat.flags = cpu_to_le32(CXL_FEATURE_F_CHANGEABLE);
	d->feat.effects = cpu_to_le16(CXL_FWCTL_EFFECT_IMMEDIATE_CONFIG);

	cxlfw = &d->cxlfw;
	/* Only compared (owner claims) and named in debug lines. */
	cxlfw->cxlmd = kunit_kzalloc(test, sizeof(*cxlfw->cxlmd), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cxlfw->cxlmd);
	cxlfw->mbox = &d->mbox;
	cxlfw->payload_size = payload_size;
	cxlfw->cel.entries = d->cel;
	cxlfw->cel.count = ARRAY_SIZE(d->cel);
	cxlfw->features.entries = &d->feat;
	cxlfw->features.count = 1;
	mutex_init(&cxlfw->bounce_lock);
	cxlfw->bounce = kunit_kzalloc(test, payload_size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cxlfw->bounce);
	d->uctx.fwctl = &cxlfw->fwctl;
	return d;
}

/*
 * A request of @op_size payload bytes in a buffer of the room the core
 * gives (at least FWCTL_RPC_INPLACE_LEN), as the core would pass it.
 */
static struct fwctl_rpc_cxl *mis_req(struct kunit *test, u16 opcode,
				     size_t op_size, size_t *in_len)
{
	struct fwctl_rpc_cxl *req;

	*in_len = sizeof(*req) + op_size;
	req = kunit_kzalloc(test, max_t(size_t, *in_len, FWCTL_RPC_INPLACE_LEN),
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, req);
	req->opcode = opcode;
	req->op_size = op_size;
	return req;
}

/* One FWCTL_RPC at debug_write_full with a response buffer of @out_len. */
static void *mis_rpc(struct mis_dev *d, struct fwctl_rpc_cxl *req,
		     size_t in_len, size_t *out_len, bool *mutated)
{
	*mutated = false;
	return cxl_fwctl_ops.fw_rpc(&d->uctx, FWCTL_RPC_DEBUG_WRITE_FULL, req,
				    in_len, out_len, mutated);
}

static void mis_free(void *out, struct fwctl_rpc_cxl *req)
{
	if (!IS_ERR_OR_NULL(out) && out != req)
		kvfree(out);
}

/*
 * One FWCTL_RPC that must fail with @err after @calls commands reached the
 * transport, and count as a change of the device exactly when @changed.
 */
static void mis_expect_err(struct kunit *test, struct mis_dev *d,
			   struct fwctl_rpc_cxl *req, size_t in_len, int err,
			   bool changed, unsigned int calls)
{
	size_t out_len = 512;
	bool mutated;
	void *out;

	d->ncalls = 0;
	out = mis_rpc(d, req, in_len, &out_len, &mutated);
	KUNIT_EXPECT_EQ(test, err, PTR_ERR_OR_ZERO(out));
	KUNIT_EXPECT_EQ(test, changed, mutated);
	KUNIT_EXPECT_EQ(test, calls, d->ncalls);
	mis_free(out, req);
}

/*
 * A command that timed out reached the device and may have acted: the
 * caller gets ETIMEDOUT and the kernel is tainted as for a success. Any
 * other transport error means the device never saw it: no taint.
 */
static void mis_timeout_counts_as_delivered(struct kunit *test)
{
	struct mis_dev *d = mis_new(test, 256);
	struct fwctl_rpc_cxl *req;
	size_t in_len;

	req = mis_req(test, MIS_OP_VENDOR, 4, &in_len);
	d->fail_call = 1;
	d->fail_err = -ETIMEDOUT;
	mis_expect_err(test, d, req, in_len, -ETIMEDOUT, true, 1);
	d->fail_err = -ENXIO;
	mis_expect_err(test, d, req, in_len, -ENXIO, false, 1);
}

/*
 * A return code outside the specification is passed on as it is, with no
 * output, and the command counts as delivered.
 */
static void mis_return_code_passed_on(struct kunit *test)
{
	struct mis_dev *d = mis_new(test, 256);
	struct fwctl_rpc_cxl_out *out;
	struct fwctl_rpc_cxl *req;
	size_t in_len, out_len = 64;
	bool mutated;

	req = mis_req(test, MIS_OP_VENDOR, 0, &in_len);
	d->retval = 0xffff;
	d->reply_len = 32;
	out = mis_rpc(d, req, in_len, &out_len, &mutated);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_PTR_EQ(test, (void *)out, (void *)req);
	KUNIT_EXPECT_EQ(test, 0xffff, out->retval);
	KUNIT_EXPECT_EQ(test, 0, out->size);
	KUNIT_EXPECT_EQ(test, sizeof(*out), out_len);
	KUNIT_EXPECT_TRUE(test, mutated);
}

/*
 * The response is built in the request's room when it fits, and in a
 * buffer of its own when it does not; either way with the device's bytes.
 */
static void mis_reply_room_or_allocated(struct kunit *test)
{
	struct mis_dev *d = mis_new(test, 1024);
	struct fwctl_rpc_cxl_out *out;
	struct fwctl_rpc_cxl *req;
	size_t in_len, out_len = 1024, i, sizes[] = { 16, 700 };
	unsigned int k;
	bool mutated;

	for (k = 0; k < ARRAY_SIZE(sizes); k++) {
		req = mis_req(test, MIS_OP_VENDOR, 8, &in_len);
		d->reply_len = sizes[k];
		out = mis_rpc(d, req, in_len, &out_len, &mutated);
		KUNIT_ASSERT_FALSE(test, IS_ERR(out));
		if (sizes[k] + sizeof(*out) <= FWCTL_RPC_INPLACE_LEN)
			KUNIT_EXPECT_PTR_EQ(test, (void *)out, (void *)req);
		else
			KUNIT_EXPECT_PTR_NE(test, (void *)out, (void *)req);
		KUNIT_EXPECT_EQ(test, 0, out->retval);
		KUNIT_EXPECT_EQ(test, sizes[k], out->size);
		KUNIT_EXPECT_EQ(test, sizeof(*out) + sizes[k], out_len);
		for (i = 0; i < sizes[k]; i++)
			if (out->payload[i] != (u8)(i * 3 + 1))
				break;
		KUNIT_EXPECT_EQ(test, sizes[k], i);
		KUNIT_EXPECT_TRUE(test, mutated);
		mis_free(out, req);
	}
}

/**
 * struct mis_holder - a thread that holds a device's bounce buffer
 * @lock: the device's bounce_lock, held from @held until @release
 * @held: completed once @lock is held
 * @release: completed by the test to let go
 */
struct mis_holder {
	struct mutex *lock; /* the device's bounce_lock, not our own */
	struct completion held;
	struct completion release;
};

static int mis_hold_fn(void *data)
{
	struct mis_holder *h = data;

	mutex_lock(h->lock);
	complete(&h->held);
	wait_for_completion(&h->release);
	mutex_unlock(h->lock);
	return 0;
}

/*
 * Another request holds the bounce buffer and the caller is signalled
 * while it waits: EINTR, nothing sent, nothing changed.
 */
static void mis_contended_and_signalled(struct kunit *test)
{
	struct mis_dev *d = mis_new(test, 256);
	struct mis_holder *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	struct task_struct *task;
	struct fwctl_rpc_cxl *req;
	size_t in_len;

	KUNIT_ASSERT_NOT_NULL(test, h);
	req = mis_req(test, MIS_OP_VENDOR, 0, &in_len);
	h->lock = &d->cxlfw.bounce_lock;
	init_completion(&h->held);
	init_completion(&h->release);
	task = kthread_run(mis_hold_fn, h, "cxl_fwctl_mis_test");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	wait_for_completion(&h->held);

	allow_signal(SIGUSR1);
	send_sig(SIGUSR1, current, 0);
	mis_expect_err(test, d, req, in_len, -EINTR, false, 0);
	flush_signals(current);
	disallow_signal(SIGUSR1);
	complete(&h->release);

	/* Once the buffer is free again, the same request goes through. */
	mis_expect_err(test, d, req, in_len, 0, true, 1);
}

/* A request for the device's one Feature. */
static struct fwctl_rpc_cxl *mis_feature_req(struct kunit *test, u16 opcode,
					     size_t op_size, size_t *in_len)
{
	struct fwctl_rpc_cxl *req = mis_req(test, opcode, op_size, in_len);

	export_uuid(req->payload, &mis_feature);
	return req;
}

/*
 * Get Feature split into several commands: a transport error in the
 * second one fails the request with its errno and returns no data.
 */
static void mis_get_feature_transport_error(struct kunit *test)
{
	struct mis_dev *d = mis_new(test, 64);
	struct fwctl_rpc_cxl *req;
	size_t in_len;

	req = mis_feature_req(test, CXL_FWCTL_OP_GET_FEATURE, 21, &in_len);
	put_unaligned_le16(200, req->payload + 18);
	d->reply_len = 64;
	d->fail_call = 2;
	d->fail_err = -EIO;
	mis_expect_err(test, d, req, in_len, -EIO, false, 2);
}

/*
 * Set Feature split into parts: a transport error after the first part
 * reached the device fails the request with its errno, aborts the
 * transfer, and counts as a change (the first part was delivered). When
 * the first part itself fails, nothing reached the device.
 */
static void mis_set_feature_transport_error(struct kunit *test)
{
	struct mis_dev *d = mis_new(test, 64);
	struct fwctl_rpc_cxl *req;
	size_t in_len;

	/* 32 bytes of header and 100 of data: parts of 32 bytes of data. */
	req = mis_feature_req(test, CXL_FWCTL_OP_SET_FEATURE, 132, &in_len);
	d->fail_call = 2;
	d->fail_err = -EIO;
	mis_expect_err(test, d, req, in_len, -EIO, true, 3);
	KUNIT_EXPECT_EQ(test, MIS_SET_FEAT_INITIATE, d->flags[0] & 7);
	KUNIT_EXPECT_EQ(test, CXL_FWCTL_OP_SET_FEATURE, d->opcodes[2]);
	KUNIT_EXPECT_EQ(test, MIS_SET_FEAT_ABORT, d->flags[2] & 7);

	d->fail_call = 1;
	mis_expect_err(test, d, req, in_len, -EIO, false, 1);
}

static struct kunit_case cxl_fwctl_misbehave_cases[] = {
	KUNIT_CASE(mis_timeout_counts_as_delivered),
	KUNIT_CASE(mis_return_code_passed_on),
	KUNIT_CASE(mis_reply_room_or_allocated),
	KUNIT_CASE(mis_contended_and_signalled),
	KUNIT_CASE(mis_get_feature_transport_error),
	KUNIT_CASE(mis_set_feature_transport_error),
	{}
};

static struct kunit_suite cxl_fwctl_misbehave_suite = {
	.name = "cxl_fwctl_misbehave",
	.test_cases = cxl_fwctl_misbehave_cases,
};

kunit_test_suite(cxl_fwctl_misbehave_suite);
