// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the background slot against a fake device whose background
 * operation advances one step per status read, so a test decides when it
 * ends, whether it can be aborted and whether an abort is accepted.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched/signal.h>
#include <compat/unaligned.h>
#include <uapi/fwctl/cxl.h>

#include "cxl_fwctl.h"
#include "policy.h"

#define SCAN_MEDIA	0x4304
#define SANITIZE	0x4400
#define RC_RETRY	0x0005
#define RC_INTERNAL	0x0004
#define RC_ABORTED	0x0012
#define FOREVER		UINT_MAX

/**
 * struct bg_fake - a device with one background operation at a time
 * @cxlfw: the backend's device; first, the fake is found from it
 * @running: an operation runs
 * @opcode: the last operation's opcode
 * @percent: its progress
 * @rc: its return code once ended
 * @polls_left: status reads before it ends with @final_rc; FOREVER: never
 * @final_rc: the return code it ends with
 * @submit_rc: answer a start with this return code instead of starting
 * @submit_err: fail every submission with this errno
 * @abort_refusals: refuse this many aborts with Retry Required first
 * @nstarts: operations started or answered
 * @naborts: abort requests received
 * @nstatus: status reads
 */
struct bg_fake {
	struct cxl_fwctl cxlfw;
	bool running;
	u16 opcode;
	u8 percent;
	u16 rc;
	unsigned int polls_left;
	u16 final_rc;
	u16 submit_rc;
	int submit_err;
	unsigned int abort_refusals;
	unsigned int nstarts;
	unsigned int naborts;
	unsigned int nstatus;
};

static struct bg_fake *to_fake(struct cxl_fwctl *cxlfw)
{
	return container_of(cxlfw, struct bg_fake, cxlfw);
}

static void fake_status(struct cxl_fwctl *cxlfw, struct cxl_fwctl_bg_status *st)
{
	struct bg_fake *f = to_fake(cxlfw);
	unsigned int left = READ_ONCE(f->polls_left);

	WRITE_ONCE(f->nstatus, f->nstatus + 1);
	if (f->running) {
		if (!left) {
			f->running = false;
			f->percent = 100;
			f->rc = f->final_rc;
		} else {
			if (left != FOREVER)
				WRITE_ONCE(f->polls_left, left - 1);
			f->percent = min(f->percent + 10, 99);
		}
	}
	*st = (struct cxl_fwctl_bg_status) {
		.running = f->running,
		.opcode = f->opcode,
		.percent = f->percent,
		.rc = f->rc,
		.vendor = 0xbeef,
	};
}

static int fake_submit(struct cxl_fwctl *cxlfw, u16 opcode, const void *in,
		       size_t in_size, void *out, size_t *out_len, u16 running,
		       u16 *retval)
{
	struct bg_fake *f = to_fake(cxlfw);

	*out_len = 0;
	if (f->submit_err)
		return f->submit_err;
	if (running) {
		WRITE_ONCE(f->naborts, f->naborts + 1);
		if (!f->running || f->opcode != running)
			return -ESRCH;
		if (f->abort_refusals) {
			f->abort_refusals--;
			*retval = RC_RETRY;
			return 0;
		}
		f->running = false;
		f->rc = RC_ABORTED;
		*retval = 0;
		return 0;
	}
	if (f->running)
		return -EBUSY;
	WRITE_ONCE(f->nstarts, f->nstarts + 1);
	if (f->submit_rc) {
		*retval = f->submit_rc;
		return 0;
	}
	f->running = true;
	f->opcode = opcode;
	f->percent = 0;
	f->rc = 0;
	*retval = CXL_FWCTL_RC_BACKGROUND_STARTED;
	return 0;
}

static const struct cxl_fwctl_bg_hw fake_hw = {
	.submit = fake_submit,
	.status = fake_status,
};

static struct bg_fake *bg_fake_new(struct kunit *test)
{
	struct bg_fake *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct device *dev = kunit_kzalloc(test, sizeof(*dev), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	dev->init_name = "fake-bg-memdev";
	f->cxlfw.payload_size = 64;
	f->polls_left = 3;
	cxl_fwctl_bg_init(&f->cxlfw.bg, &fake_hw, dev);
	return f;
}

/* Give the device Request Abort Background Operation in its CEL. */
static void bg_fake_cel_abort(struct kunit *test, struct bg_fake *f)
{
	u8 raw[4];

	put_unaligned_le16(CXL_FWCTL_OP_ABORT_BACKGROUND, raw);
	put_unaligned_le16(0, raw + 2);
	KUNIT_ASSERT_EQ(test, 0,
			cxl_fwctl_cel_index(&f->cxlfw.cel, raw, sizeof(raw)));
}

static void bg_fake_cleanup(struct bg_fake *f)
{
	cxl_fwctl_cel_free(&f->cxlfw.cel);
}

static void *run(struct bg_fake *f, struct fwctl_uctx *uctx, u16 effects,
		 size_t *out_len, bool *delivered)
{
	*out_len = 0;
	*delivered = false;
	return cxl_fwctl_bg_run(&f->cxlfw, uctx, SCAN_MEDIA,
				CXL_FWCTL_EFFECT_BACKGROUND | effects, NULL, 0,
				out_len, delivered);
}

/* The status block: opcode, percent, flags, return code, vendor status. */
static void expect_block(struct kunit *test, struct fwctl_rpc_cxl_out *out,
			 size_t out_len, u16 rc, u8 percent, u8 flags)
{
	KUNIT_EXPECT_EQ(test, 16 + 8, out_len);
	KUNIT_EXPECT_EQ(test, 8, out->size);
	KUNIT_EXPECT_EQ(test, rc, out->retval);
	KUNIT_EXPECT_EQ(test, SCAN_MEDIA, get_unaligned_le16(out->payload));
	KUNIT_EXPECT_EQ(test, percent, out->payload[2]);
	KUNIT_EXPECT_EQ(test, flags, out->payload[3]);
	KUNIT_EXPECT_EQ(test, rc, get_unaligned_le16(out->payload + 4));
	KUNIT_EXPECT_EQ(test, 0xbeef, get_unaligned_le16(out->payload + 6));
}

/* Signal the test's own thread, as a user's signal would its ioctl. */
static void signal_self(void)
{
	allow_signal(SIGUSR1);
	send_sig(SIGUSR1, current, 0);
}

static void unsignal_self(void)
{
	flush_signals(current);
	disallow_signal(SIGUSR1);
}

static void bg_completes(struct kunit *test)
{
	struct bg_fake *f = bg_fake_new(test);
	struct fwctl_uctx a;
	struct fwctl_rpc_cxl_out *out;
	size_t out_len;
	bool delivered;

	out = run(f, &a, 0, &out_len, &delivered);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_TRUE(test, delivered);
	expect_block(test, out, out_len, 0, 100, 0);
	KUNIT_EXPECT_EQ(test, 1, f->nstarts);
	KUNIT_EXPECT_EQ(test, 0, f->naborts);
	kvfree(out);

	/* The slot is free again, for any context. */
	f->polls_left = 1;
	out = run(f, &a + 1, 0, &out_len, &delivered);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, 2, f->nstarts);
	kvfree(out);
}

static void bg_failure_code(struct kunit *test)
{
	struct bg_fake *f = bg_fake_new(test);
	struct fwctl_rpc_cxl_out *out;
	struct fwctl_uctx a;
	size_t out_len;
	bool delivered;

	f->final_rc = RC_INTERNAL;
	out = run(f, &a, 0, &out_len, &delivered);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	expect_block(test, out, out_len, RC_INTERNAL, 100, 0);
	kvfree(out);

	/* Failed at submission: an ordinary response, no status block. */
	f->submit_rc = CXL_FWCTL_RC_INVALID_INPUT;
	out = run(f, &a, 0, &out_len, &delivered);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_TRUE(test, delivered);
	KUNIT_EXPECT_EQ(test, CXL_FWCTL_RC_INVALID_INPUT, out->retval);
	KUNIT_EXPECT_EQ(test, 0, out->size);
	KUNIT_EXPECT_EQ(test, 16, out_len);
	kvfree(out);

	/* A submission the transport could not make frees the slot. */
	f->submit_rc = 0;
	f->submit_err = -EIO;
	KUNIT_EXPECT_EQ(test, -EIO, PTR_ERR(run(f, &a, 0, &out_len,
						&delivered)));
	KUNIT_EXPECT_FALSE(test, delivered);
	f->submit_err = 0;
	out = run(f, &a, 0, &out_len, &delivered);
	KUNIT_EXPECT_FALSE(test, IS_ERR(out));
	kvfree(out);
}

struct bg_thread {
	struct bg_fake *f;
	struct fwctl_uctx *uctx;
	u16 effects;
	void *out;
	size_t out_len;
	bool delivered;
	struct completion done;
};

static int bg_thread_fn(void *data)
{
	struct bg_thread *t = data;

	t->out = run(t->f, t->uctx, t->effects, &t->out_len, &t->delivered);
	complete(&t->done);
	return 0;
}

/* Start a request in a thread and return once its wait began. */
static void bg_start_waiter(struct kunit *test, struct bg_thread *t,
			    struct bg_fake *f, struct fwctl_uctx *uctx,
			    u16 effects)
{
	struct task_struct *task;
	int i;

	*t = (struct bg_thread) { .f = f, .uctx = uctx, .effects = effects };
	init_completion(&t->done);
	f->polls_left = FOREVER;
	task = kthread_run(bg_thread_fn, t, "cxl_fwctl_bg_test");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	for (i = 0; i < 1000 && READ_ONCE(f->nstatus) < 3; i++)
		usleep_range(1000, 2000);
	KUNIT_ASSERT_GE(test, READ_ONCE(f->nstatus), 3);
}

static void bg_busy(struct kunit *test)
{
	struct bg_fake *f = bg_fake_new(test);
	struct fwctl_rpc_cxl_out *out;
	struct fwctl_uctx a, b;
	struct bg_thread t;
	size_t out_len;
	bool delivered;

	/* A second request while one waits: EBUSY at once, not sent. */
	bg_start_waiter(test, &t, f, &a, 0);
	KUNIT_EXPECT_EQ(test, -EBUSY,
			PTR_ERR(run(f, &b, 0, &out_len, &delivered)));
	KUNIT_EXPECT_EQ(test, -EBUSY,
			PTR_ERR(run(f, &a, 0, &out_len, &delivered)));
	KUNIT_EXPECT_FALSE(test, delivered);
	KUNIT_EXPECT_EQ(test, 1, f->nstarts);
	WRITE_ONCE(f->polls_left, 0);
	KUNIT_ASSERT_NE(test, 0,
			wait_for_completion_timeout(&t.done, 5 * HZ));
	KUNIT_ASSERT_FALSE(test, IS_ERR(t.out));
	expect_block(test, t.out, t.out_len, 0, 100, 0);
	kvfree(t.out);

	/* An operation the kernel started: EBUSY, nothing sent. */
	f->running = true;
	f->opcode = SANITIZE;
	f->polls_left = FOREVER;
	KUNIT_EXPECT_EQ(test, -EBUSY,
			PTR_ERR(run(f, &b, 0, &out_len, &delivered)));
	KUNIT_EXPECT_EQ(test, 1, f->nstarts);
	f->running = false;

	/*
	 * The device answers Busy: EBUSY, not delivered (nothing ran, so no
	 * taint), and the slot is free after.
	 */
	f->submit_rc = CXL_FWCTL_RC_BUSY;
	KUNIT_EXPECT_EQ(test, -EBUSY,
			PTR_ERR(run(f, &b, 0, &out_len, &delivered)));
	KUNIT_EXPECT_FALSE(test, delivered);
	f->submit_rc = 0;
	f->polls_left = 1;
	out = run(f, &b, 0, &out_len, &delivered);
	KUNIT_EXPECT_FALSE(test, IS_ERR(out));
	kvfree(out);
}

static void bg_signal_abort_supported(struct kunit *test)
{
	struct bg_fake *f = bg_fake_new(test);
	struct fwctl_rpc_cxl_out *out;
	struct fwctl_uctx a;
	size_t out_len;
	bool delivered;

	/* Abort announced by the command's own CEL entry (bit 8). */
	f->polls_left = FOREVER;
	signal_self();
	out = run(f, &a, CXL_FWCTL_EFFECT_ABORT_SUPPORTED, &out_len,
		  &delivered);
	unsignal_self();
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_TRUE(test, delivered);
	KUNIT_EXPECT_EQ(test, 1, f->naborts);
	KUNIT_EXPECT_FALSE(test, f->running);
	expect_block(test, out, out_len, RC_ABORTED, 10, BIT(0));
	kvfree(out);

	/* Abort announced by 0x0005 in the CEL; the slot was freed. */
	bg_fake_cel_abort(test, f);
	signal_self();
	out = run(f, &a, 0, &out_len, &delivered);
	unsignal_self();
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, 2, f->naborts);
	KUNIT_EXPECT_EQ(test, RC_ABORTED, out->retval);
	kvfree(out);
	bg_fake_cleanup(f);
}

static void bg_signal_no_abort(struct kunit *test)
{
	struct bg_fake *f = bg_fake_new(test);
	struct fwctl_rpc_cxl_out *out;
	struct fwctl_uctx a, b;
	size_t out_len;
	bool delivered;

	f->polls_left = FOREVER;
	signal_self();
	out = run(f, &a, 0, &out_len, &delivered);
	unsignal_self();
	KUNIT_EXPECT_EQ(test, -EINTR, PTR_ERR(out));
	KUNIT_EXPECT_TRUE(test, delivered);
	KUNIT_EXPECT_EQ(test, 0, f->naborts);
	KUNIT_EXPECT_TRUE(test, f->running);

	/* The slot stays taken while the register shows it running ... */
	KUNIT_EXPECT_EQ(test, -EBUSY,
			PTR_ERR(run(f, &b, 0, &out_len, &delivered)));
	/* ... closing its fd cannot abort it ... */
	cxl_fwctl_bg_close(&f->cxlfw, &a);
	KUNIT_EXPECT_EQ(test, 0, f->naborts);
	KUNIT_EXPECT_EQ(test, -EBUSY,
			PTR_ERR(run(f, &b, 0, &out_len, &delivered)));
	KUNIT_EXPECT_EQ(test, 1, f->nstarts);

	/* ... and is free once it shows it ended. */
	f->polls_left = 0;
	out = run(f, &b, 0, &out_len, &delivered);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, 2, f->nstarts);
	kvfree(out);
}

static void bg_time_bound(struct kunit *test)
{
	unsigned int saved = cxl_fwctl_bg_timeout_ms;
	struct bg_fake *f = bg_fake_new(test);
	struct fwctl_rpc_cxl_out *out;
	struct fwctl_uctx a;
	unsigned long start;
	size_t out_len;
	bool delivered;

	cxl_fwctl_bg_timeout_ms = 30;
	f->polls_left = FOREVER;
	start = jiffies;
	out = run(f, &a, 0, &out_len, &delivered);
	KUNIT_EXPECT_EQ(test, -ETIMEDOUT, PTR_ERR(out));
	KUNIT_EXPECT_GE(test, jiffies_to_msecs(jiffies - start), 30);
	KUNIT_EXPECT_LT(test, jiffies_to_msecs(jiffies - start), 2000);
	KUNIT_EXPECT_EQ(test, 0, f->naborts);
	KUNIT_EXPECT_EQ(test, -EBUSY,
			PTR_ERR(run(f, &a, 0, &out_len, &delivered)));

	/* Abortable: aborted at the bound, and that is what is reported. */
	f->running = false;
	out = run(f, &a, CXL_FWCTL_EFFECT_ABORT_SUPPORTED, &out_len,
		  &delivered);
	cxl_fwctl_bg_timeout_ms = saved;
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, 1, f->naborts);
	KUNIT_EXPECT_EQ(test, RC_ABORTED, out->retval);
	KUNIT_EXPECT_EQ(test, BIT(1), out->payload[3]);
	kvfree(out);
}

static void bg_close_aborts(struct kunit *test)
{
	struct bg_fake *f = bg_fake_new(test);
	struct fwctl_rpc_cxl_out *out;
	struct fwctl_uctx a, b;
	size_t out_len;
	bool delivered;

	/* The abort on the signal is refused: the operation is orphaned. */
	bg_fake_cel_abort(test, f);
	f->polls_left = FOREVER;
	f->abort_refusals = 1;
	signal_self();
	out = run(f, &a, 0, &out_len, &delivered);
	unsignal_self();
	KUNIT_EXPECT_EQ(test, -EINTR, PTR_ERR(out));
	KUNIT_EXPECT_EQ(test, 1, f->naborts);
	KUNIT_EXPECT_TRUE(test, f->running);

	/* Another context's close leaves it alone. */
	cxl_fwctl_bg_close(&f->cxlfw, &b);
	KUNIT_EXPECT_EQ(test, 1, f->naborts);
	KUNIT_EXPECT_EQ(test, -EBUSY,
			PTR_ERR(run(f, &b, 0, &out_len, &delivered)));

	/* Its owner's close aborts it; then the slot is free. */
	cxl_fwctl_bg_close(&f->cxlfw, &a);
	KUNIT_EXPECT_EQ(test, 2, f->naborts);
	KUNIT_EXPECT_FALSE(test, f->running);
	cxl_fwctl_bg_close(&f->cxlfw, &a);
	KUNIT_EXPECT_EQ(test, 2, f->naborts);
	f->polls_left = 1;
	out = run(f, &b, 0, &out_len, &delivered);
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, 0, out->retval);
	kvfree(out);

	/* Closing after a completed operation sends nothing. */
	cxl_fwctl_bg_close(&f->cxlfw, &b);
	KUNIT_EXPECT_EQ(test, 2, f->naborts);
	bg_fake_cleanup(f);
}

static void bg_unplug_midway(struct kunit *test)
{
	struct bg_fake *f = bg_fake_new(test);
	unsigned int nstatus, naborts;
	struct fwctl_uctx a;
	struct bg_thread t;
	unsigned long start;
	size_t out_len;
	bool delivered;

	bg_start_waiter(test, &t, f, &a, CXL_FWCTL_EFFECT_ABORT_SUPPORTED);
	start = jiffies;
	cxl_fwctl_bg_detach(&f->cxlfw);
	KUNIT_ASSERT_NE(test, 0, wait_for_completion_timeout(&t.done, HZ));
	KUNIT_EXPECT_LT(test, jiffies_to_msecs(jiffies - start), 500);
	KUNIT_EXPECT_EQ(test, -ENODEV, PTR_ERR(t.out));
	/* The device could abort it, so it was asked to. */
	KUNIT_EXPECT_EQ(test, 1, f->naborts);
	KUNIT_EXPECT_FALSE(test, f->running);

	/* Nothing starts any more, and nothing touches the device. */
	nstatus = f->nstatus;
	naborts = f->naborts;
	KUNIT_EXPECT_EQ(test, -ENODEV,
			PTR_ERR(run(f, &a, 0, &out_len, &delivered)));
	cxl_fwctl_bg_close(&f->cxlfw, &a);
	msleep(20);
	KUNIT_EXPECT_EQ(test, nstatus, f->nstatus);
	KUNIT_EXPECT_EQ(test, naborts, f->naborts);
	KUNIT_EXPECT_EQ(test, 1, f->nstarts);
}

static struct kunit_case cxl_fwctl_bg_cases[] = {
	KUNIT_CASE(bg_completes),
	KUNIT_CASE(bg_failure_code),
	KUNIT_CASE(bg_busy),
	KUNIT_CASE(bg_signal_abort_supported),
	KUNIT_CASE(bg_signal_no_abort),
	KUNIT_CASE(bg_time_bound),
	KUNIT_CASE(bg_close_aborts),
	KUNIT_CASE(bg_unplug_midway),
	{}
};

static struct kunit_suite cxl_fwctl_bg_suite = {
	.name = "cxl_fwctl_background",
	.test_cases = cxl_fwctl_bg_cases,
};

kunit_test_suite(cxl_fwctl_bg_suite);
