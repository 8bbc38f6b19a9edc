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
#include <linux/errno.h>
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
 * The transport is called with no background polling, so a command the
 * device runs in the background makes it return at once instead of holding
 * the mailbox while it waits.
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
		.poll_count = 0,
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
