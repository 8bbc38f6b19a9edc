// SPDX-License-Identifier: GPL-2.0
/*
 * Background commands for cxl_fwctl: one user operation per device, run
 * without holding the mailbox.
 *
 * A request for a command whose CEL effects have the background bit claims
 * the device's slot, submits the command (the mailbox mutex is held for the
 * submission only), then polls the Background Command Status register with
 * interruptible sleeps until the operation ends, a signal arrives, the time
 * bound passes or the device goes away. The response carries the register's
 * final state.
 *
 * When the wait ends early and the device can abort the command, the abort
 * is requested and its outcome reported. Otherwise the request fails with
 * EINTR, ETIMEDOUT or ENODEV and the slot stays taken ("orphaned") until
 * the register shows the operation ended; the next claim checks that. The
 * owner's close requests an abort of its orphan when the device can.
 *
 * Nothing here runs outside a fwctl op (an RPC or close_uctx), so once
 * fwctl_unregister() returned nothing of this file touches the device;
 * detach wakes a waiter first so unregister does not wait for the bound.
 */
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <compat/unaligned.h>
#include <uapi/fwctl/cxl.h>

#include "cxl_fwctl.h"
#include "policy.h"

unsigned int cxl_fwctl_bg_timeout_ms = 120000;
module_param_named(bg_timeout_ms, cxl_fwctl_bg_timeout_ms, uint, 0644);
MODULE_PARM_DESC(bg_timeout_ms,
		 "longest wait for a user background command, in ms (default 120000; 0 means 1)");

/* Polls start often, for short operations, and slow down to this. */
#define CXL_FWCTL_BG_POLL_MAX_MS	20
/* How long an accepted abort may take to show in the register. */
#define CXL_FWCTL_BG_ABORT_WAIT_MS	2000

/* The status block of a response: see fwctl-cxl.rst. */
#define CXL_FWCTL_BG_OUT_SIZE		8
#define CXL_FWCTL_BG_ABORTED_SIGNAL	BIT(0)
#define CXL_FWCTL_BG_ABORTED_TIMEOUT	BIT(1)

/**
 * cxl_fwctl_bg_init - set up a device's background slot
 * @bg: the slot
 * @hw: how it reaches the device
 * @dev: the device named in log lines
 */
void cxl_fwctl_bg_init(struct cxl_fwctl_bg *bg,
		       const struct cxl_fwctl_bg_hw *hw, struct device *dev)
{
	*bg = (struct cxl_fwctl_bg) { .hw = hw, .dev = dev };
	spin_lock_init(&bg->lock);
	init_waitqueue_head(&bg->wq);
}

/* The operation @opcode is over, as far as the device shows. */
static bool bg_ended(const struct cxl_fwctl_bg_status *st, u16 opcode)
{
	return !st->running || st->opcode != opcode;
}

/* Caller holds bg->lock. */
static int bg_claim_locked(struct cxl_fwctl *cxlfw, struct fwctl_uctx *uctx,
			   u16 opcode, bool abortable)
{
	struct cxl_fwctl_bg *bg = &cxlfw->bg;
	struct cxl_fwctl_bg_status st;

	if (bg->dying)
		return -ENODEV;
	if (bg->state == CXL_FWCTL_BG_ORPHAN) {
		bg->hw->status(cxlfw, &st);
		if (!bg_ended(&st, bg->opcode))
			return -EBUSY;
		dev_dbg(bg->dev, "cxl_fwctl: background opcode %#06x ended\n",
			bg->opcode);
		bg->state = CXL_FWCTL_BG_IDLE;
		bg->owner = NULL;
	}
	if (bg->state != CXL_FWCTL_BG_IDLE)
		return -EBUSY;
	/* An operation the kernel started; checked again at submission. */
	bg->hw->status(cxlfw, &st);
	if (st.running)
		return -EBUSY;

	bg->state = CXL_FWCTL_BG_ACTIVE;
	bg->opcode = opcode;
	bg->abortable = abortable;
	bg->abort_sent = false;
	bg->owner = uctx;
	return 0;
}

static int bg_claim(struct cxl_fwctl *cxlfw, struct fwctl_uctx *uctx,
		    u16 opcode, bool abortable)
{
	int rc;

	spin_lock(&cxlfw->bg.lock);
	rc = bg_claim_locked(cxlfw, uctx, opcode, abortable);
	spin_unlock(&cxlfw->bg.lock);
	return rc;
}

static void bg_release(struct cxl_fwctl_bg *bg)
{
	spin_lock(&bg->lock);
	bg->state = CXL_FWCTL_BG_IDLE;
	bg->owner = NULL;
	spin_unlock(&bg->lock);
}

/* The request gives up; the slot stays taken until the operation ended. */
static void bg_orphan(struct cxl_fwctl_bg *bg, u16 opcode, int why)
{
	scoped_guard(spinlock, &bg->lock)
		bg->state = CXL_FWCTL_BG_ORPHAN;
	dev_warn(bg->dev,
		 "cxl_fwctl: background opcode %#06x still runs after the wait ended (%d); no new one until it ends\n",
		 opcode, why);
}

static bool bg_dying(struct cxl_fwctl_bg *bg)
{
	return READ_ONCE(bg->dying);
}

/*
 * Poll until the operation ends (0), a signal (-EINTR), the bound
 * (-ETIMEDOUT) or detach (-ENODEV). @interruptible: a signal ends the wait.
 */
static int bg_wait(struct cxl_fwctl *cxlfw, u16 opcode, unsigned int bound_ms,
		   bool interruptible, struct cxl_fwctl_bg_status *st)
{
	struct cxl_fwctl_bg *bg = &cxlfw->bg;
	unsigned long deadline = jiffies + msecs_to_jiffies(bound_ms);
	unsigned int poll_ms = 1;
	long left, t;

	for (;;) {
		bg->hw->status(cxlfw, st);
		if (bg_ended(st, opcode))
			return 0;
		if (bg_dying(bg))
			return -ENODEV;
		left = (long)(deadline - jiffies);
		if (left <= 0)
			return -ETIMEDOUT;
		t = min_t(long, msecs_to_jiffies(poll_ms), left);
		if (interruptible) {
			if (wait_event_interruptible_timeout(bg->wq,
							     bg_dying(bg),
							     t) < 0)
				return -EINTR;
		} else {
			wait_event_timeout(bg->wq, bg_dying(bg), t);
		}
		poll_ms = min(poll_ms * 2, CXL_FWCTL_BG_POLL_MAX_MS);
	}
}

/* Ask the device to abort @opcode; 0 when it accepted. */
static int bg_request_abort(struct cxl_fwctl *cxlfw, u16 opcode)
{
	size_t out_len = 0;
	u16 retval;
	int rc;

	rc = cxlfw->bg.hw->submit(cxlfw, CXL_FWCTL_OP_ABORT_BACKGROUND, NULL, 0,
				  NULL, &out_len, opcode, &retval);
	if (rc == -ESRCH)
		return 0;	/* it ended meanwhile: nothing to abort */
	if (rc)
		return rc;
	return retval == CXL_FWCTL_RC_SUCCESS ? 0 : -EIO;
}

static void *bg_response(const struct cxl_fwctl_bg_status *st, u8 flags,
			 size_t *out_len)
{
	struct fwctl_rpc_cxl_out *out;

	out = kvzalloc(sizeof(*out) + CXL_FWCTL_BG_OUT_SIZE, GFP_KERNEL);
	if (!out)
		return ERR_PTR(-ENOMEM);
	out->size = CXL_FWCTL_BG_OUT_SIZE;
	out->retval = st->rc;
	put_unaligned_le16(st->opcode, out->payload);
	out->payload[2] = st->percent;
	out->payload[3] = flags;
	put_unaligned_le16(st->rc, out->payload + 4);
	put_unaligned_le16(st->vendor, out->payload + 6);
	*out_len = sizeof(*out) + CXL_FWCTL_BG_OUT_SIZE;
	return out;
}

/* A command that ended at submission: an ordinary response. */
static void *bg_immediate(struct cxl_fwctl *cxlfw, u16 opcode, u16 retval,
			  void *data, size_t len, size_t *out_len)
{
	struct fwctl_rpc_cxl_out *out;

	/* The device refused it because an operation runs: a collision. */
	if (retval == CXL_FWCTL_RC_BUSY)
		return ERR_PTR(-EBUSY);
	out = kvzalloc(sizeof(*out) + len, GFP_KERNEL);
	if (!out)
		return ERR_PTR(-ENOMEM);
	out->size = len;
	out->retval = retval;
	memcpy(out->payload, data, len);
	*out_len = sizeof(*out) + len;
	return out;
}

/**
 * cxl_fwctl_bg_run - run a user background command to its end
 * @cxlfw: the device
 * @uctx: the requesting context, which owns the operation
 * @opcode: the command, allowed by the policy
 * @effects: its CEL effects
 * @in: input payload, @in_size bytes
 * @in_size: at most the mailbox payload size
 * @out_len: set to the response's length
 * @delivered: set when the command reached the device and may have acted:
 *	not when the device answered Busy
 *
 * Context: process context, in a fwctl op; sleeps.
 * Return: the response (kvmalloc'ed): the final Background Command Status
 * as an 8-byte block with the operation's return code in retval, or an
 * ordinary response when the command did not run in the background. An
 * ERR_PTR: -EBUSY when an operation runs already, -EINTR, -ETIMEDOUT or
 * -ENODEV when the wait ended without the operation ending, or the
 * submission's errno.
 */
void *cxl_fwctl_bg_run(struct cxl_fwctl *cxlfw, struct fwctl_uctx *uctx,
		       u16 opcode, u16 effects, const void *in, size_t in_size,
		       size_t *out_len, bool *delivered)
{
	struct cxl_fwctl_bg *bg = &cxlfw->bg;
	struct cxl_fwctl_bg_status st;
	bool abortable;
	size_t got;
	void *data;
	u16 retval;
	u8 flags;
	int rc;

	abortable = (effects & CXL_FWCTL_EFFECT_ABORT_SUPPORTED) ||
		    cxl_fwctl_cel_find(&cxlfw->cel,
				       CXL_FWCTL_OP_ABORT_BACKGROUND);
	rc = bg_claim(cxlfw, uctx, opcode, abortable);
	if (rc)
		return ERR_PTR(rc);

	got = cxlfw->payload_size;
	data = kvzalloc(got, GFP_KERNEL);
	if (!data) {
		bg_release(bg);
		return ERR_PTR(-ENOMEM);
	}
	rc = bg->hw->submit(cxlfw, opcode, in, in_size, data, &got, 0, &retval);
	if (rc == -ETIMEDOUT) {
		/* The device took the command and never answered. */
		*delivered = true;
		kvfree(data);
		bg_orphan(bg, opcode, rc);
		return ERR_PTR(rc);
	}
	if (rc) {
		kvfree(data);
		bg_release(bg);
		return ERR_PTR(rc);
	}
	/* Busy: the device refused it for the operation it runs; nothing ran. */
	*delivered = retval != CXL_FWCTL_RC_BUSY;
	if (retval != CXL_FWCTL_RC_BACKGROUND_STARTED) {
		void *out = bg_immediate(cxlfw, opcode, retval, data, got,
					 out_len);

		kvfree(data);
		bg_release(bg);
		return out;
	}
	kvfree(data);

	rc = bg_wait(cxlfw, opcode, max(READ_ONCE(cxl_fwctl_bg_timeout_ms), 1U),
		     true, &st);
	flags = 0;
	if (rc && abortable && !bg_request_abort(cxlfw, opcode)) {
		scoped_guard(spinlock, &bg->lock)
			bg->abort_sent = true;
		if (rc != -ENODEV &&
		    !bg_wait(cxlfw, opcode, CXL_FWCTL_BG_ABORT_WAIT_MS, false,
			     &st)) {
			flags = rc == -EINTR ? CXL_FWCTL_BG_ABORTED_SIGNAL :
					       CXL_FWCTL_BG_ABORTED_TIMEOUT;
			rc = 0;
		}
	}
	if (rc) {
		bg_orphan(bg, opcode, rc);
		return ERR_PTR(rc);
	}
	bg_release(bg);
	return bg_response(&st, flags, out_len);
}

/**
 * cxl_fwctl_bg_close - a context closes: abort the operation it orphaned
 * @cxlfw: the device
 * @uctx: the closing context
 *
 * Context: close_uctx; sleeps while the abort is sent.
 */
void cxl_fwctl_bg_close(struct cxl_fwctl *cxlfw, struct fwctl_uctx *uctx)
{
	struct cxl_fwctl_bg *bg = &cxlfw->bg;
	u16 opcode;
	int rc;

	scoped_guard(spinlock, &bg->lock) {
		if (bg->owner != uctx)
			return;
		bg->owner = NULL;
		if (bg->state != CXL_FWCTL_BG_ORPHAN || !bg->abortable ||
		    bg->abort_sent)
			return;
		/* No claim may reap the slot and start anew meanwhile. */
		bg->state = CXL_FWCTL_BG_ABORTING;
		opcode = bg->opcode;
	}
	rc = bg_request_abort(cxlfw, opcode);
	scoped_guard(spinlock, &bg->lock) {
		bg->state = CXL_FWCTL_BG_ORPHAN;
		bg->abort_sent = !rc;
	}
	if (rc)
		dev_warn(bg->dev,
			 "cxl_fwctl: abort of background opcode %#06x failed (%d)\n",
			 opcode, rc);
}

/**
 * cxl_fwctl_bg_detach - the device goes away: end every wait now
 * @cxlfw: the device
 *
 * Called before fwctl_unregister(), which waits for the RPCs this wakes. A
 * woken waiter requests an abort where the device supports it and returns
 * ENODEV; no new operation starts.
 */
void cxl_fwctl_bg_detach(struct cxl_fwctl *cxlfw)
{
	struct cxl_fwctl_bg *bg = &cxlfw->bg;

	scoped_guard(spinlock, &bg->lock)
		WRITE_ONCE(bg->dying, true);
	wake_up_all(&bg->wq);
}
