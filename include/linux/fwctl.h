/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fwctl driver API: what a device driver implements and calls to offer its
 * firmware interface through /dev/fwctl/fwctlN.
 *
 * Modelled on mainline's API so that drivers port with little change. The
 * one difference: the RPC op reports whether the command it delivered could
 * change the device, so the core taints only for what was really sent.
 */
#ifndef __LINUX_FWCTL_H
#define __LINUX_FWCTL_H

#include <linux/build_bug.h>
#include <linux/cdev.h>
#include <linux/cleanup.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <uapi/fwctl/fwctl.h>

struct fwctl_device;
struct fwctl_uctx;

/*
 * The room fw_rpc() has at rpc_in for a response built in place, at least:
 * the core keeps requests up to this size on its stack, and a driver that
 * answers in place saves an allocation per call.
 */
#define FWCTL_RPC_INPLACE_LEN	128

/**
 * struct fwctl_ops - what a driver provides
 * @device_type: reported to userspace by FWCTL_INFO
 * @uctx_size: size of the driver's per-open context; its first member must
 *	be a struct fwctl_uctx
 * @lockdown_exempt: Kernel Lockdown does not refuse the mutating scopes on
 *	this device. Only for a build whose threat model puts the device
 *	outside what lockdown protects (a BMC managing other hosts' devices,
 *	CONFIG_CXL_FWCTL_BMC); never a run-time choice.
 * @open_uctx: called for each open of the char device, after the core set up
 *	@uctx; returns 0 or a negative errno that fails the open
 * @close_uctx: called at release, or at unregister for fds still open; the
 *	last call the driver gets for @uctx
 * @info: returns a kmalloc'ed buffer with the driver data of FWCTL_INFO and
 *	sets @length; or an ERR_PTR. The core frees the buffer.
 * @fw_rpc: delivers one request. @scope is the highest scope the caller
 *	accepts; the driver refuses (ERR_PTR(-EPERM)) a command that needs more.
 *	@rpc_in holds the @in_len bytes of the request, and has room for
 *	max(@in_len, %FWCTL_RPC_INPLACE_LEN) bytes, zeroed past the request;
 *	it may be on the core's stack and is valid only during the call.
 *	On entry *@out_len is the length of the caller's response buffer, a
 *	hint only: the core never copies more than that to userspace. Returns
 *	the response, which may be @rpc_in itself (a response built in place,
 *	at most max(@in_len, %FWCTL_RPC_INPLACE_LEN) bytes long) or a
 *	kvmalloc'ed buffer the core frees, and sets *@out_len to its full
 *	length; or an ERR_PTR meaning nothing was delivered. Sets *@mutated to
 *	true when the command it delivered needs FWCTL_RPC_DEBUG_WRITE or
 *	higher: the core then taints the kernel (it does so even if the op
 *	then returns an ERR_PTR).
 *
 * @uctx_size and @fw_rpc are required; the other ops are optional. All ops
 * are called with the device's registration lock held, so they never run
 * after fwctl_unregister() has returned; @close_uctx is the only one that may
 * run with it held for write.
 */
struct fwctl_ops {
	enum fwctl_device_type device_type;
	size_t uctx_size;
	bool lockdown_exempt;
	int (*open_uctx)(struct fwctl_uctx *uctx);
	void (*close_uctx)(struct fwctl_uctx *uctx);
	void *(*info)(struct fwctl_uctx *uctx, size_t *length);
	void *(*fw_rpc)(struct fwctl_uctx *uctx, enum fwctl_rpc_scope scope,
			void *rpc_in, size_t in_len, size_t *out_len,
			bool *mutated);
};

/**
 * struct fwctl_device - a registered fwctl device
 * @dev: the class device, /sys/class/fwctl/fwctlN; its parent is the device
 *	the driver controls
 * @cdev: the char device, /dev/fwctl/fwctlN
 * @registration_lock: held for read by every ioctl, open and release while it
 *	uses @ops; held for write by fwctl_unregister(), which then sets @ops to
 *	NULL so later calls see the device is gone
 * @uctx_list_lock: protects @uctx_list; nests inside @registration_lock
 * @uctx_list: every open context not yet closed, so unregister can close
 *	them. Changed with @registration_lock held for read and
 *	@uctx_list_lock held; walked by fwctl_unregister() with
 *	@registration_lock held for write, which excludes every change
 * @ops: the driver's ops; NULL once unregistered. Read only with
 *	@registration_lock held; written only with it held for write
 * @flags: core-private state, changed with atomic bitops only (bit 0: the
 *	taint caused by this device has been logged)
 *
 * Embedded at the start of the driver's own device structure; allocate with
 * fwctl_alloc_device().
 */
struct fwctl_device {
	struct device dev;
	struct cdev cdev;
	struct rw_semaphore registration_lock;
	struct mutex uctx_list_lock; /* protects uctx_list */
	struct list_head uctx_list;
	const struct fwctl_ops *ops;
	unsigned long flags;
};

/**
 * struct fwctl_uctx - the core's part of a per-open context
 * @fwctl: the device this fd was opened on
 * @uctx_list_entry: in fwctl_device.uctx_list, under uctx_list_lock
 *
 * Must be the first member of the driver's context of fwctl_ops.uctx_size.
 */
struct fwctl_uctx {
	struct fwctl_device *fwctl;
	struct list_head uctx_list_entry;
};

struct fwctl_device *_fwctl_alloc_device(struct device *parent,
					 const struct fwctl_ops *ops,
					 size_t size);

/*
 * 0 when @... (one expression) points at a struct fwctl_device at offset 0
 * of a NULL-based structure; otherwise the build fails.
 */
#define __fwctl_first_member(...)                                          \
	(BUILD_BUG_ON_ZERO(!__same_type(__VA_ARGS__, struct fwctl_device *)) + \
	 BUILD_BUG_ON_ZERO((unsigned long)(__VA_ARGS__)))

/**
 * fwctl_alloc_device - allocate a driver structure embedding a fwctl_device
 * @parent: the device the driver controls
 * @ops: the driver's ops; must stay valid until fwctl_unregister() returns
 * @type: the driver's structure type
 * @member: the name of its struct fwctl_device member, which must be first
 *
 * Return: the driver structure, or NULL. Release it with fwctl_put().
 */
#define fwctl_alloc_device(parent, ops, type, member)                  \
	((type *)_fwctl_alloc_device(parent, ops,                      \
				     sizeof(type) +                    \
				     __fwctl_first_member(             \
					&((type *)NULL)[0].member)))

/**
 * fwctl_get - take a reference on a fwctl device
 * @fwctl: the device
 *
 * Return: @fwctl
 */
static inline struct fwctl_device *fwctl_get(struct fwctl_device *fwctl)
{
	get_device(&fwctl->dev);
	return fwctl;
}

/**
 * fwctl_put - drop a reference on a fwctl device
 * @fwctl: the device, or NULL
 */
static inline void fwctl_put(struct fwctl_device *fwctl)
{
	if (fwctl)
		put_device(&fwctl->dev);
}

DEFINE_FREE(fwctl, struct fwctl_device *, fwctl_put(_T))

int fwctl_register(struct fwctl_device *fwctl);
void fwctl_unregister(struct fwctl_device *fwctl);

#endif
