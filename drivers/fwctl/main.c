// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl core: the fwctl class, one char device per registered device, the
 * FWCTL_INFO and FWCTL_RPC ioctls, the checks common to every device (sizes,
 * scope, CAP_SYS_RAWIO, Kernel Lockdown), the taint, and hot unplug.
 *
 * Lifetime: a struct fwctl_device is a refcounted class device. The driver
 * holds one reference from fwctl_alloc_device() to its fwctl_put(); every
 * open file holds another. The release callback and the file operations
 * live in this module, never in the driver, so a driver module may unload
 * while files are still open. Open files pin this module through the cdev
 * and fops owner; drivers pin it through the symbols they import.
 */
#include <linux/capability.h>
#include <linux/cdev.h>
#include <linux/compat.h>
#include <compat/class.h>
#include <compat/cleanup.h>
#include <linux/fs.h>
#include <linux/fwctl.h>
#include <linux/idr.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/panic.h>
#include <linux/sched.h>
#include <linux/security.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "scope.h"

/* Largest request or response buffer an RPC may name. */
#define FWCTL_MAX_RPC_LEN	SZ_2M
#define FWCTL_MAX_DEVICES	4096

/*
 * Mainline's TAINT_FWCTL. Kernels without it (6.12) still keep the bit in
 * the taint mask and report it in /proc/sys/kernel/tainted.
 */
#ifdef TAINT_FWCTL
#define FWCTL_TAINT		TAINT_FWCTL
#else
#define FWCTL_TAINT		19
#endif

/* Bits of fwctl_device.flags */
#define FWCTL_FLAG_TAINT_LOGGED	0

/* Set once at init, before the class exists; read-only afterwards. */
static dev_t fwctl_devt;
/* Device numbers; the IDA has its own lock. */
static DEFINE_IDA(fwctl_ida);

static char *fwctl_devnode(FWCTL_DEVNODE_CONST struct device *dev,
			   umode_t *mode)
{
	return kasprintf(GFP_KERNEL, "fwctl/%s", dev_name(dev));
}

static void fwctl_device_release(struct device *dev)
{
	struct fwctl_device *fwctl = container_of(dev, struct fwctl_device, dev);

	ida_free(&fwctl_ida, MINOR(fwctl->dev.devt));
	mutex_destroy(&fwctl->uctx_list_lock);
	kfree(fwctl);
}

static FWCTL_CLASS_CONST struct class fwctl_class = {
	.name = "fwctl",
	.devnode = fwctl_devnode,
	.dev_release = fwctl_device_release,
};

/* One ioctl call: the command copied in, and where the answer goes. */
union fwctl_ucmd_buffer {
	struct fwctl_info info;
	struct fwctl_rpc rpc;
};

struct fwctl_ucmd {
	struct fwctl_uctx *uctx;
	void __user *ubuffer;
	u32 user_size;
	union fwctl_ucmd_buffer *cmd;
	u32 kernel_size;
};

/* Copy the command back, never more than either side knows. */
static int fwctl_ucmd_respond(struct fwctl_ucmd *ucmd)
{
	if (copy_to_user(ucmd->ubuffer, ucmd->cmd,
			 min(ucmd->user_size, ucmd->kernel_size)))
		return -EFAULT;
	return 0;
}

static int fwctl_cmd_info(struct fwctl_ucmd *ucmd)
{
	struct fwctl_device *fwctl = ucmd->uctx->fwctl;
	struct fwctl_info *cmd = &ucmd->cmd->info;
	void __user *buf = u64_to_user_ptr(cmd->out_device_data);
	size_t len = 0, copied = 0;

	if (cmd->flags)
		return -EOPNOTSUPP;

	/*
	 * Ask the driver even for a zero-length buffer: the caller learns
	 * the length it needs from device_data_len.
	 */
	if (fwctl->ops->info) {
		void *data __free(kfree) = fwctl->ops->info(ucmd->uctx, &len);

		if (IS_ERR(data))
			return PTR_ERR(data);
		if (!data)
			len = 0;
		if (len > U32_MAX)
			return -EOVERFLOW;
		copied = min_t(size_t, cmd->device_data_len, len);
		if (copy_to_user(buf, data, copied))
			return -EFAULT;
	}
	/* As mainline promises: the whole buffer is written, zero past the data. */
	if (cmd->device_data_len > copied &&
	    clear_user(buf + copied, cmd->device_data_len - copied))
		return -EFAULT;

	cmd->out_device_type = fwctl->ops->device_type;
	cmd->device_data_len = len;
	return fwctl_ucmd_respond(ucmd);
}

/* The caller's scope, checked before the driver sees the request. */
static int fwctl_check_scope(struct fwctl_device *fwctl,
			     const struct fwctl_scope_rule *rule)
{
	if ((rule->needs & FWCTL_SCOPE_NEEDS_RAWIO) && !capable(CAP_SYS_RAWIO))
		return -EPERM;

	if ((rule->needs & FWCTL_SCOPE_MUTATES) &&
	    !fwctl->ops->lockdown_exempt &&
	    security_locked_down(LOCKDOWN_PCI_ACCESS)) {
		dev_warn_ratelimited(&fwctl->dev,
				     "%s[%d]: %s scope refused, the kernel is locked down\n",
				     current->comm, task_pid_nr(current),
				     rule->name);
		return -EPERM;
	}
	return 0;
}

/* The driver delivered a command that may have changed the device. */
static void fwctl_taint(struct fwctl_device *fwctl,
			const struct fwctl_scope_rule *rule)
{
	add_taint(FWCTL_TAINT, LOCKDEP_STILL_OK);
	if (!test_and_set_bit(FWCTL_FLAG_TAINT_LOGGED, &fwctl->flags))
		dev_warn(&fwctl->dev,
			 "%s[%d] changed the state of %s with scope %s; tainting the kernel\n",
			 current->comm, task_pid_nr(current),
			 dev_name(fwctl->dev.parent), rule->name);
}

/*
 * Requests up to FWCTL_RPC_INPLACE_LEN are copied to the stack: an
 * allocation charged to the caller's memory cgroup, zeroed and freed
 * again, was about a third of fwctl's overhead on a mailbox command. The
 * stack buffer is zeroed, so a response built in place never carries stale
 * stack.
 */
static int fwctl_cmd_rpc(struct fwctl_ucmd *ucmd)
{
	struct fwctl_device *fwctl = ucmd->uctx->fwctl;
	struct fwctl_rpc *cmd = &ucmd->cmd->rpc;
	u8 stack_in[FWCTL_RPC_INPLACE_LEN] __aligned(8) = {};
	const struct fwctl_scope_rule *rule;
	void *inbuf = stack_in;
	bool mutated = false;
	size_t out_len;
	void *outbuf;
	int ret;

	if (cmd->in_len > FWCTL_MAX_RPC_LEN || cmd->out_len > FWCTL_MAX_RPC_LEN)
		return -EMSGSIZE;

	rule = fwctl_scope_rule(cmd->scope);
	if (!rule)
		return -EOPNOTSUPP;
	ret = fwctl_check_scope(fwctl, rule);
	if (ret)
		return ret;

	void *heap_in __free(fwctl_kvfree) = NULL;

	if (cmd->in_len > sizeof(stack_in)) {
		heap_in = kvzalloc(cmd->in_len, GFP_KERNEL_ACCOUNT);
		if (!heap_in)
			return -ENOMEM;
		inbuf = heap_in;
	}
	if (copy_from_user(inbuf, u64_to_user_ptr(cmd->in), cmd->in_len))
		return -EFAULT;

	out_len = cmd->out_len;
	outbuf = fwctl->ops->fw_rpc(ucmd->uctx, cmd->scope, inbuf, cmd->in_len,
				    &out_len, &mutated);
	if (mutated)
		fwctl_taint(fwctl, rule);
	if (IS_ERR(outbuf))
		return PTR_ERR(outbuf);
	/* A response built in place is freed, if at all, as heap_in. */
	void *resp __free(fwctl_kvfree) = outbuf == inbuf ? NULL : outbuf;

	if (!outbuf || out_len > U32_MAX ||
	    (outbuf == inbuf &&
	     out_len > max_t(size_t, cmd->in_len, sizeof(stack_in))))
		return -EIO;
	/* Never write past the caller's buffer; report the full length. */
	if (copy_to_user(u64_to_user_ptr(cmd->out), outbuf,
			 min_t(size_t, cmd->out_len, out_len)))
		return -EFAULT;

	cmd->out_len = out_len;
	return fwctl_ucmd_respond(ucmd);
}

/*
 * One row per ioctl: the handler, the structure, and the end of the last
 * member every caller must send (the size of the first version).
 */
struct fwctl_ioctl_op {
	unsigned int ioctl_num;
	unsigned int size;
	unsigned int min_size;
	int (*execute)(struct fwctl_ucmd *ucmd);
};

#define FWCTL_IOCTL_OP(_ioctl, _fn, _struct, _last)                          \
	{                                                                    \
		.ioctl_num = _ioctl,                                         \
		.size = sizeof(_struct) +                                    \
			BUILD_BUG_ON_ZERO(sizeof(union fwctl_ucmd_buffer) <  \
					  sizeof(_struct)),                  \
		.min_size = offsetofend(_struct, _last),                     \
		.execute = _fn,                                              \
	}

static const struct fwctl_ioctl_op fwctl_ioctl_ops[] = {
	FWCTL_IOCTL_OP(FWCTL_INFO, fwctl_cmd_info, struct fwctl_info,
		       out_device_data),
	FWCTL_IOCTL_OP(FWCTL_RPC, fwctl_cmd_rpc, struct fwctl_rpc, out),
};

/* The whole command number must match: type, number, and no size bits. */
static const struct fwctl_ioctl_op *fwctl_find_ioctl(unsigned int cmd)
{
	const struct fwctl_ioctl_op *op;

	for (op = fwctl_ioctl_ops; op < fwctl_ioctl_ops +
	     ARRAY_SIZE(fwctl_ioctl_ops); op++)
		if (op->ioctl_num == cmd)
			return op;
	return NULL;
}

static long fwctl_fops_ioctl(struct file *filp, unsigned int cmd,
			     unsigned long arg)
{
	struct fwctl_uctx *uctx = filp->private_data;
	struct fwctl_device *fwctl = uctx->fwctl;
	const struct fwctl_ioctl_op *op;
	union fwctl_ucmd_buffer buf;
	struct fwctl_ucmd ucmd = {
		.uctx = uctx,
		.ubuffer = (void __user *)arg,
		.cmd = &buf,
	};
	int ret;

	op = fwctl_find_ioctl(cmd);
	if (!op)
		return -ENOTTY;

	ret = get_user(ucmd.user_size, (u32 __user *)ucmd.ubuffer);
	if (ret)
		return ret;
	if (ucmd.user_size < op->min_size)
		return -EINVAL;
	ucmd.kernel_size = op->size;
	ret = copy_struct_from_user(ucmd.cmd, op->size, ucmd.ubuffer,
				    ucmd.user_size);
	if (ret)
		return ret;

	guard(rwsem_read)(&fwctl->registration_lock);
	if (!fwctl->ops)
		return -ENODEV;
	return op->execute(&ucmd);
}

static int fwctl_fops_open(struct inode *inode, struct file *filp)
{
	struct fwctl_device *fwctl =
		container_of(inode->i_cdev, struct fwctl_device, cdev);
	int ret;

	guard(rwsem_read)(&fwctl->registration_lock);
	if (!fwctl->ops)
		return -ENODEV;

	struct fwctl_uctx *uctx __free(kfree) =
		kzalloc(fwctl->ops->uctx_size, GFP_KERNEL_ACCOUNT);
	if (!uctx)
		return -ENOMEM;

	uctx->fwctl = fwctl;
	if (fwctl->ops->open_uctx) {
		ret = fwctl->ops->open_uctx(uctx);
		if (ret)
			return ret;
	}

	scoped_guard(mutex, &fwctl->uctx_list_lock)
		list_add_tail(&uctx->uctx_list_entry, &fwctl->uctx_list);
	fwctl_get(fwctl);
	filp->private_data = no_free_ptr(uctx);
	return 0;
}

/* Called with registration_lock held and ops still set. */
static void fwctl_close_uctx(struct fwctl_uctx *uctx)
{
	struct fwctl_device *fwctl = uctx->fwctl;

	scoped_guard(mutex, &fwctl->uctx_list_lock)
		list_del(&uctx->uctx_list_entry);
	if (fwctl->ops->close_uctx)
		fwctl->ops->close_uctx(uctx);
}

static int fwctl_fops_release(struct inode *inode, struct file *filp)
{
	struct fwctl_uctx *uctx = filp->private_data;
	struct fwctl_device *fwctl = uctx->fwctl;

	scoped_guard(rwsem_read, &fwctl->registration_lock) {
		/* Once ops is NULL, fwctl_unregister() closed it already. */
		if (fwctl->ops)
			fwctl_close_uctx(uctx);
	}

	kfree(uctx);
	fwctl_put(fwctl);
	return 0;
}

static const struct file_operations fwctl_fops = {
	.owner = THIS_MODULE,
	.open = fwctl_fops_open,
	.release = fwctl_fops_release,
	.unlocked_ioctl = fwctl_fops_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

/**
 * _fwctl_alloc_device() - allocate a driver structure embedding a fwctl_device
 * @parent: the device the driver controls; parent of /sys/class/fwctl/fwctlN
 * @ops: the driver's ops; must stay valid until fwctl_unregister() returns
 * @size: size of the driver structure, whose first member is the
 *	struct fwctl_device
 *
 * Use the fwctl_alloc_device() wrapper. The device gets its number and name
 * here but is not visible until fwctl_register().
 *
 * Context: process context, may sleep.
 * Return: the new device with one reference, or NULL on failure or on ops
 * that lack a required member. Drop the reference with fwctl_put().
 */
struct fwctl_device *_fwctl_alloc_device(struct device *parent,
					 const struct fwctl_ops *ops,
					 size_t size)
{
	struct fwctl_device *fwctl;
	int devnum;

	if (WARN_ON(!ops || !ops->fw_rpc ||
		    ops->uctx_size < sizeof(struct fwctl_uctx) ||
		    size < sizeof(*fwctl)))
		return NULL;

	fwctl = kzalloc(size, GFP_KERNEL);
	if (!fwctl)
		return NULL;

	devnum = ida_alloc_max(&fwctl_ida, FWCTL_MAX_DEVICES - 1, GFP_KERNEL);
	if (devnum < 0) {
		kfree(fwctl);
		return NULL;
	}

	init_rwsem(&fwctl->registration_lock);
	mutex_init(&fwctl->uctx_list_lock);
	INIT_LIST_HEAD(&fwctl->uctx_list);
	fwctl->ops = ops;
	fwctl->dev.class = &fwctl_class;
	fwctl->dev.parent = parent;
	fwctl->dev.devt = MKDEV(MAJOR(fwctl_devt), devnum);
	/* From here on, fwctl_device_release() frees everything. */
	device_initialize(&fwctl->dev);

	cdev_init(&fwctl->cdev, &fwctl_fops);
	/* Open files keep this module, and so the release callback, loaded. */
	fwctl->cdev.owner = THIS_MODULE;

	if (dev_set_name(&fwctl->dev, "fwctl%d", devnum)) {
		put_device(&fwctl->dev);
		return NULL;
	}
	return fwctl;
}
EXPORT_SYMBOL_NS_GPL(_fwctl_alloc_device, FWCTL);

/**
 * fwctl_register() - make a fwctl device visible to userspace
 * @fwctl: from fwctl_alloc_device()
 *
 * Adds /sys/class/fwctl/fwctlN and /dev/fwctl/fwctlN. The ops may be called
 * as soon as this starts. Undo with fwctl_unregister(), once.
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative errno.
 */
int fwctl_register(struct fwctl_device *fwctl)
{
	return cdev_device_add(&fwctl->cdev, &fwctl->dev);
}
EXPORT_SYMBOL_NS_GPL(fwctl_register, FWCTL);

/**
 * fwctl_unregister() - disconnect a fwctl device from its driver
 * @fwctl: a device fwctl_register() succeeded on
 *
 * Removes the char device and the sysfs entry, waits for every ioctl in
 * flight to return, closes every open context with the driver's close_uctx
 * op, and then forgets the ops. Files still open afterwards get ENODEV from
 * every ioctl and may be closed at any time. The driver must make sure that
 * none of its ops blocks indefinitely first (for example by failing
 * outstanding requests), or this call waits for them. The caller still owns
 * its reference: drop it with fwctl_put().
 *
 * Context: process context, may sleep; not from within a fwctl op.
 */
void fwctl_unregister(struct fwctl_device *fwctl)
{
	struct fwctl_uctx *uctx, *next;

	cdev_device_del(&fwctl->cdev, &fwctl->dev);

	guard(rwsem_write)(&fwctl->registration_lock);
	list_for_each_entry_safe(uctx, next, &fwctl->uctx_list,
				 uctx_list_entry)
		fwctl_close_uctx(uctx);
	fwctl->ops = NULL;
}
EXPORT_SYMBOL_NS_GPL(fwctl_unregister, FWCTL);

/*
 * The device number region and the class exist before anything can call
 * fwctl_alloc_device(): no driver can resolve our symbols until this
 * returns 0.
 */
static int __init fwctl_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&fwctl_devt, 0, FWCTL_MAX_DEVICES, "fwctl");
	if (ret)
		return ret;

	ret = class_register(&fwctl_class);
	if (ret)
		goto err_chrdev;
	return 0;

err_chrdev:
	unregister_chrdev_region(fwctl_devt, FWCTL_MAX_DEVICES);
	return ret;
}

static void __exit fwctl_exit(void)
{
	class_unregister(&fwctl_class);
	unregister_chrdev_region(fwctl_devt, FWCTL_MAX_DEVICES);
	WARN_ON(!ida_is_empty(&fwctl_ida));
}

module_init(fwctl_init);
module_exit(fwctl_exit);
MODULE_DESCRIPTION("fwctl device firmware access framework");
MODULE_LICENSE("GPL");
