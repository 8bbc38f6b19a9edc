// SPDX-License-Identifier: GPL-2.0
/*
 * The poison list and media scan commands, coordinated with the kernel.
 *
 * Linux 6.12 refuses Get Poison List, Scan Media and Get Scan Media Results
 * on its own RAW path because it keeps the memdev's error list itself. It
 * reads the device's poison list in several Get Poison List calls while the
 * device says "more records", and that flag is device state: a user's Get
 * Poison List in the middle of the walk would consume records the kernel
 * then never sees. Scan Media changes what the lists hold while it runs,
 * and Get Scan Media Results is the same kind of multi-call read.
 *
 * So these commands are sent holding the kernel's own poison lock (the
 * memdev state's poison.lock, which 6.12 holds across its walk): a user's
 * command never lands inside the kernel's walk. Scan Media, a background
 * command, holds it for its submission only (mbox.c), so it starts between
 * two walks and the wait for its end blocks nobody. The lock is taken
 * before the driver's bounce buffer lock and the mailbox mutex, the order
 * 6.12 uses. Linux 6.1 never reads a poison list: there is nothing to
 * serialise with there.
 */
#include <linux/mutex.h>
#include <cxlmem.h>

#include "cxl_fwctl.h"

#define CXL_FWCTL_OP_GET_POISON		0x4300
#define CXL_FWCTL_OP_SCAN_MEDIA		0x4304
#define CXL_FWCTL_OP_GET_SCAN_MEDIA	0x4305

/**
 * cxl_fwctl_poison_lock - take the kernel's poison lock if @opcode needs it
 * @cxlfw: the device
 * @opcode: the command about to be sent
 *
 * Context: process context; sleeps, interruptibly.
 * Return: the lock now held, to hand to cxl_fwctl_poison_unlock(); NULL
 * when @opcode needs none (or the kernel has none); ERR_PTR(-EINTR) when a
 * signal came while waiting for it.
 */
struct mutex *cxl_fwctl_poison_lock(struct cxl_fwctl *cxlfw, u16 opcode)
{
	struct mutex *lock;	/* the kernel's, or NULL */

	if (opcode != CXL_FWCTL_OP_GET_POISON &&
	    opcode != CXL_FWCTL_OP_SCAN_MEDIA &&
	    opcode != CXL_FWCTL_OP_GET_SCAN_MEDIA)
		return NULL;
	lock = cxl_fwctl_kernel_poison_lock(cxlfw->cxlmd->cxlds);
	if (lock && mutex_lock_interruptible(lock))
		return ERR_PTR(-EINTR);
	return lock;
}

/**
 * cxl_fwctl_poison_unlock - release what cxl_fwctl_poison_lock() took
 * @lock: its return value (NULL: nothing)
 */
void cxl_fwctl_poison_unlock(struct mutex *lock)
{
	if (lock)
		mutex_unlock(lock);
}
