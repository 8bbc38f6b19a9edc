// SPDX-License-Identifier: GPL-2.0
/*
 * The switch CCI's primary mailbox: finding it in the device capability
 * array and sending one command at a time (CXL r3.1, 8.2.8.4).
 *
 * The function has no interrupts, so the doorbell is polled, sleeping
 * between reads, under a lock of this driver's own, with a timeout. Nothing
 * the device reports is trusted: the capability array's offsets and lengths
 * must lie inside the register block, the payload size inside the mailbox,
 * and an output length is clamped to the buffer and to the payload size.
 */
#include <linux/bitfield.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <cxl.h>

#include "swcci.h"

/*
 * The doorbell wait holds the mailbox lock, and readl_poll_timeout() takes
 * a timeout of 0 to mean "forever": the bound must stay a bound.
 */
#define CXL_SWCCI_TIMEOUT_MIN_MS	1
#define CXL_SWCCI_TIMEOUT_MAX_MS	60000

unsigned int cxl_swcci_timeout_ms = 2000;

static int timeout_set(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, CXL_SWCCI_TIMEOUT_MIN_MS,
				     CXL_SWCCI_TIMEOUT_MAX_MS);
}

static const struct kernel_param_ops timeout_ops = {
	.set = timeout_set,
	.get = param_get_uint,
};

module_param_cb(timeout_ms, &timeout_ops, &cxl_swcci_timeout_ms, 0644);
MODULE_PARM_DESC(timeout_ms,
		 "how long a mailbox command may take before it is abandoned (ms, 1-60000)");

/* Poll interval of the doorbell: QEMU answers within the doorbell write. */
#define CXL_SWCCI_POLL_US	10

#define CAP_HDR_SIZE		16
#define MBOX_MIN_PAYLOAD_SHIFT	8
#define MBOX_MAX_PAYLOAD_SHIFT	20

/**
 * cxl_swcci_find_mailbox - find the primary mailbox in a device register
 *	block
 * @block: the mapped device register block
 * @len: its length
 * @offset: set to the mailbox's offset in @block
 * @size: set to the mailbox's length, at most what @block still holds
 *
 * Context: may read registers; does not sleep.
 * Return: 0, -ENODEV when the block has no usable capability array or no
 * primary mailbox, or -ENXIO when the mailbox does not fit in @block.
 */
int cxl_swcci_find_mailbox(void __iomem *block, size_t len, size_t *offset,
			   size_t *size)
{
	unsigned int count, i;
	u64 cap;

	if (len < 2 * CAP_HDR_SIZE)
		return -ENODEV;
	cap = readq(block + CXLDEV_CAP_ARRAY_OFFSET);
	if (FIELD_GET(CXLDEV_CAP_ARRAY_ID_MASK, cap) != CXLDEV_CAP_ARRAY_CAP_ID)
		return -ENODEV;
	count = FIELD_GET(CXLDEV_CAP_ARRAY_COUNT_MASK, cap);
	count = min_t(size_t, count, len / CAP_HDR_SIZE - 1);

	for (i = 1; i <= count; i++) {
		void __iomem *hdr = block + i * CAP_HDR_SIZE;
		u32 id = readl(hdr) & CXLDEV_CAP_HDR_CAP_ID_MASK;
		u32 off = readl(hdr + 4), n = readl(hdr + 8);

		if (id != CXLDEV_CAP_CAP_ID_PRIMARY_MAILBOX)
			continue;
		if (off >= len || n > len - off ||
		    n < CXLDEV_MBOX_PAYLOAD_OFFSET + CXL_SWCCI_MIN_PAYLOAD)
			return -ENXIO;
		*offset = off;
		*size = n;
		return 0;
	}
	return -ENODEV;
}

static bool mbox_gone(u32 ctrl)
{
	/* A surprise-removed function reads all ones. */
	return ctrl == U32_MAX;
}

/* Caller holds sw->mbox_lock. */
static int mbox_send_locked(struct cxl_swcci *sw, struct cxl_mbox_cmd *cmd)
{
	void __iomem *regs = sw->regs;
	size_t len;
	u64 reg;
	u32 ctrl;
	int rc;

	ctrl = readl(regs + CXLDEV_MBOX_CTRL_OFFSET);
	if (mbox_gone(ctrl))
		return -ENODEV;
	/* Left set by a command that timed out: it still runs. */
	if (ctrl & CXLDEV_MBOX_CTRL_DOORBELL)
		return -EBUSY;

	reg = FIELD_PREP(CXLDEV_MBOX_CMD_COMMAND_OPCODE_MASK, cmd->opcode);
	if (cmd->size_in) {
		reg |= FIELD_PREP(CXLDEV_MBOX_CMD_PAYLOAD_LENGTH_MASK,
				  cmd->size_in);
		memcpy_toio(regs + CXLDEV_MBOX_PAYLOAD_OFFSET, cmd->payload_in,
			    cmd->size_in);
	}
	writeq(reg, regs + CXLDEV_MBOX_CMD_OFFSET);
	writel(CXLDEV_MBOX_CTRL_DOORBELL, regs + CXLDEV_MBOX_CTRL_OFFSET);

	rc = readl_poll_timeout(regs + CXLDEV_MBOX_CTRL_OFFSET, ctrl,
				mbox_gone(ctrl) ||
				!(ctrl & CXLDEV_MBOX_CTRL_DOORBELL),
				CXL_SWCCI_POLL_US,
				(u64)clamp(READ_ONCE(cxl_swcci_timeout_ms),
					   CXL_SWCCI_TIMEOUT_MIN_MS,
					   CXL_SWCCI_TIMEOUT_MAX_MS) *
				USEC_PER_MSEC);
	if (rc) {
		dev_err_ratelimited(sw->dev,
				    "cxl_switch_fwctl: opcode %#06x timed out\n",
				    cmd->opcode);
		return -ETIMEDOUT;
	}
	if (mbox_gone(ctrl))
		return -ENODEV;

	reg = readq(regs + CXLDEV_MBOX_STATUS_OFFSET);
	cmd->return_code = FIELD_GET(CXLDEV_MBOX_STATUS_RET_CODE_MASK, reg);
	if (cmd->return_code != CXL_SWCCI_RC_SUCCESS)
		return 0;	/* size_out untouched: no output */

	reg = readq(regs + CXLDEV_MBOX_CMD_OFFSET);
	len = FIELD_GET(CXLDEV_MBOX_CMD_PAYLOAD_LENGTH_MASK, reg);
	if (len > sw->mbox.payload_size)
		dev_warn_ratelimited(sw->dev,
				     "cxl_switch_fwctl: opcode %#06x claims %zu bytes of output; payload is %zu\n",
				     cmd->opcode, len, sw->mbox.payload_size);
	len = min3(len, cmd->size_out, sw->mbox.payload_size);
	if (len)
		memcpy_fromio(cmd->payload_out,
			      regs + CXLDEV_MBOX_PAYLOAD_OFFSET, len);
	cmd->size_out = len;
	return 0;
}

/* The transport cxl_fwctl_mbox_send() calls through sw->mbox.mbox_send. */
static int mbox_send(struct cxl_mailbox *mbox, struct cxl_mbox_cmd *cmd)
{
	struct cxl_swcci *sw = container_of(mbox, struct cxl_swcci, mbox);
	int rc;

	if (cmd->size_in > mbox->payload_size)
		return -EMSGSIZE;
	if (!cmd->payload_out)
		cmd->size_out = 0;
	if (mutex_lock_killable(&sw->mbox_lock))
		return -EINTR;
	rc = mbox_send_locked(sw, cmd);
	mutex_unlock(&sw->mbox_lock);
	return rc;
}

/**
 * cxl_swcci_mbox_init - set up the transport on a found mailbox
 * @sw: the switch CCI; cxl_swcci_init() was called
 * @regs: the mailbox registers
 * @size: their length
 *
 * Context: process context.
 * Return: 0, or -ENXIO when the payload size the device reports is out of
 * the specification's range.
 */
int cxl_swcci_mbox_init(struct cxl_swcci *sw, void __iomem *regs, size_t size)
{
	u32 caps = readl(regs + CXLDEV_MBOX_CAPS_OFFSET);
	unsigned int shift = FIELD_GET(CXLDEV_MBOX_CAP_PAYLOAD_SIZE_MASK, caps);
	size_t payload;

	if (shift < MBOX_MIN_PAYLOAD_SHIFT || shift > MBOX_MAX_PAYLOAD_SHIFT) {
		dev_err(sw->dev, "cxl_switch_fwctl: payload size 2^%u is out of range\n",
			shift);
		return -ENXIO;
	}
	payload = 1UL << shift;
	if (payload > size - CXLDEV_MBOX_PAYLOAD_OFFSET) {
		dev_warn(sw->dev, "cxl_switch_fwctl: payload of %zu bytes does not fit the mailbox; using %zu\n",
			 payload, size - CXLDEV_MBOX_PAYLOAD_OFFSET);
		payload = size - CXLDEV_MBOX_PAYLOAD_OFFSET;
	}
	sw->regs = regs;
	sw->mbox.payload_size = payload;
	sw->mbox.mbox_send = mbox_send;
	return 0;
}
