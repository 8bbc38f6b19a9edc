// SPDX-License-Identifier: GPL-2.0
/*
 * Sending one mailbox command for cxl_fwctl.
 *
 * Linux 6.12's cxl_internal_send_cmd() turns the device's return code into
 * an errno by indexing a table without a bounds check, and drops the raw
 * code for most failures. fwctl hands the raw code to userspace, and a
 * device may answer anything, so this calls the mailbox's transport itself
 * and applies the same size checks without the table.
 */
#include <linux/bitfield.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/minmax.h>
#include <cxlmem.h>

#include "cxl_fwctl.h"

/**
 * cxl_fwctl_mbox_send - send one command and collect the device's answer
 * @mbox: the memdev's mailbox
 * @opcode: the command
 * @in: input payload, @in_size bytes
 * @in_size: at most the mailbox payload size
 * @out: buffer for the output payload, @out_size bytes
 * @out_size: at most the mailbox payload size
 * @out_len: set to the bytes of output the device produced, at most
 *	@out_size; 0 when the device reported a failure
 * @retval: set to the device's return code, as the device gave it
 *
 * No background polling is asked of the transport (no poll_count, which
 * 6.1 lacks, means none on 6.12), so a command the device runs in the
 * background makes it return at once instead of holding the mailbox while
 * it waits.
 *
 * Context: process context; takes the mailbox mutex.
 * Return: 0 when the device answered (its verdict is in @retval), or a
 * negative errno when the command was not delivered or not answered.
 */
int cxl_fwctl_mbox_send(struct cxl_mailbox *mbox, u16 opcode, void *in,
			size_t in_size, void *out, size_t out_size,
			size_t *out_len, u16 *retval)
{
	struct cxl_mbox_cmd cmd = {
		.opcode = opcode,
		.payload_in = in,
		.size_in = in_size,
		.payload_out = out,
		.size_out = out_size,
	};
	int rc;

	*out_len = 0;
	*retval = 0;
	if (in_size > mbox->payload_size || out_size > mbox->payload_size)
		return -EMSGSIZE;

	rc = mbox->mbox_send(mbox, &cmd);
	if (rc)
		return rc;

	*retval = cmd.return_code;
	/* On failure the transport leaves size_out as it was: no output. */
	if (cmd.return_code == CXL_FWCTL_RC_SUCCESS)
		*out_len = min(cmd.size_out, out_size);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(cxl_fwctl_mbox_send, CXL_FWCTL);

/*
 * Background commands, on cxl_pci's mailbox registers.
 *
 * cxl_pci's transport waits for a background operation with the mailbox
 * mutex held, and with no polling it logs an error for every operation it
 * sees start. So the background slot submits the command itself, the way
 * cxl_pci does (CXL r3.1 8.2.8.4), holding the mailbox mutex for the
 * submission only; it then polls the Background Command Status register,
 * which needs no lock. cxl_pci's completion interrupt still fires and wakes
 * a waiter that is not there, which is harmless.
 */
#define CXL_FWCTL_DOORBELL_TIMEOUT_US	(2 * USEC_PER_SEC)

static bool doorbell_busy(void __iomem *mbox)
{
	return readl(mbox + CXLDEV_MBOX_CTRL_OFFSET) & CXLDEV_MBOX_CTRL_DOORBELL;
}

static void pci_bg_status(struct cxl_fwctl *cxlfw,
			  struct cxl_fwctl_bg_status *st)
{
	void __iomem *mbox = cxlfw->cxlmd->cxlds->regs.mbox;
	u64 sts, bg;

	if (!mbox) {
		*st = (struct cxl_fwctl_bg_status) {};
		return;
	}
	sts = readq(mbox + CXLDEV_MBOX_STATUS_OFFSET);
	bg = readq(mbox + CXLDEV_MBOX_BG_CMD_STATUS_OFFSET);
	st->opcode = FIELD_GET(CXLDEV_MBOX_BG_CMD_COMMAND_OPCODE_MASK, bg);
	st->percent = FIELD_GET(CXLDEV_MBOX_BG_CMD_COMMAND_PCT_MASK, bg);
	st->rc = FIELD_GET(CXLDEV_MBOX_BG_CMD_COMMAND_RC_MASK, bg);
	st->vendor = FIELD_GET(CXLDEV_MBOX_BG_CMD_COMMAND_VENDOR_MASK, bg);
	/*
	 * Running, as cxl_pci judges it: the register names an opcode (0 is
	 * none: a device that never ran one) that is below 100 percent. An
	 * aborted operation may stop below 100: it reports Aborted with the
	 * Mailbox Status background bit clear. That bit is not trusted
	 * otherwise: QEMU clears it with every later command while the
	 * operation still runs.
	 */
	st->running = st->opcode && st->percent < 100 &&
		      !(st->rc == CXL_FWCTL_RC_ABORTED &&
			!(sts & CXLDEV_MBOX_STATUS_BG_CMD));
}

/* Caller holds the mailbox mutex. */
static int pci_bg_submit_locked(struct cxl_fwctl *cxlfw, u16 opcode,
				const void *in, size_t in_size, void *out,
				size_t *out_len, u16 running, u16 *retval)
{
	struct cxl_dev_state *cxlds = cxlfw->cxlmd->cxlds;
	void __iomem *mbox = cxlds->regs.mbox;
	struct cxl_fwctl_bg_status st;
	size_t len;
	u64 reg;
	u32 ctrl;
	int rc;

	if (doorbell_busy(mbox))
		return -EBUSY;
	/* The kernel's Sanitize: cxl_pci refuses everything meanwhile. */
	if (cxl_fwctl_kernel_sanitizing(cxlds))
		return -EBUSY;
	pci_bg_status(cxlfw, &st);
	if (!running && st.running)
		return -EBUSY;
	if (running && (!st.running || st.opcode != running))
		return -ESRCH;

	reg = FIELD_PREP(CXLDEV_MBOX_CMD_COMMAND_OPCODE_MASK, opcode);
	if (in_size) {
		reg |= FIELD_PREP(CXLDEV_MBOX_CMD_PAYLOAD_LENGTH_MASK, in_size);
		memcpy_toio(mbox + CXLDEV_MBOX_PAYLOAD_OFFSET, in, in_size);
	}
	writeq(reg, mbox + CXLDEV_MBOX_CMD_OFFSET);
	writel(CXLDEV_MBOX_CTRL_DOORBELL, mbox + CXLDEV_MBOX_CTRL_OFFSET);

	rc = readl_poll_timeout(mbox + CXLDEV_MBOX_CTRL_OFFSET, ctrl,
				!(ctrl & CXLDEV_MBOX_CTRL_DOORBELL), 10,
				CXL_FWCTL_DOORBELL_TIMEOUT_US);
	if (rc)
		return rc;

	reg = readq(mbox + CXLDEV_MBOX_STATUS_OFFSET);
	*retval = FIELD_GET(CXLDEV_MBOX_STATUS_RET_CODE_MASK, reg);
	len = 0;
	if (*retval == CXL_FWCTL_RC_SUCCESS && out) {
		reg = readq(mbox + CXLDEV_MBOX_CMD_OFFSET);
		len = FIELD_GET(CXLDEV_MBOX_CMD_PAYLOAD_LENGTH_MASK, reg);
		len = min3(len, *out_len, cxlfw->payload_size);
		memcpy_fromio(out, mbox + CXLDEV_MBOX_PAYLOAD_OFFSET, len);
	}
	*out_len = len;
	return 0;
}

static int pci_bg_submit(struct cxl_fwctl *cxlfw, u16 opcode, const void *in,
			 size_t in_size, void *out, size_t *out_len,
			 u16 running, u16 *retval)
{
	struct mutex *lock = &cxlfw->mbox->mbox_mutex;
	struct mutex *poison;	/* the kernel's poison lock, if held */
	int rc;

	*retval = 0;
	if (in_size > cxlfw->payload_size)
		return -EMSGSIZE;
	if (!cxlfw->cxlmd->cxlds->regs.mbox)
		return -EOPNOTSUPP;
	/* Scan Media starts between the kernel's poison list walks only. */
	poison = running ? NULL : cxl_fwctl_poison_lock(cxlfw, opcode);
	if (IS_ERR(poison))
		return PTR_ERR(poison);
	if (mutex_lock_interruptible(lock)) {
		cxl_fwctl_poison_unlock(poison);
		return -EINTR;
	}
	rc = pci_bg_submit_locked(cxlfw, opcode, in, in_size, out, out_len,
				  running, retval);
	mutex_unlock(lock);
	cxl_fwctl_poison_unlock(poison);
	return rc;
}

const struct cxl_fwctl_bg_hw cxl_fwctl_bg_pci = {
	.submit = pci_bg_submit,
	.status = pci_bg_status,
};
