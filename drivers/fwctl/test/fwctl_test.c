// SPDX-License-Identifier: GPL-2.0
/*
 * fwctl_test: a mock fwctl device for the fwctl core's selftests. Test-only,
 * never for a production kernel.
 *
 * Devices are registered and removed on demand through debugfs, under
 * /sys/kernel/debug/fwctl_test/; all of them are children of the root
 * device /sys/devices/fwctl_test. The debugfs files and the RPC protocol
 * are described in tools/testing/selftests/fwctl/fwctl_test_proto.h, which
 * the selftests share. In short: a read needing CONFIGURATION, a write
 * needing DEBUG_WRITE, a write needing DEBUG_WRITE_FULL, an echo of the
 * request, and a command that sleeps until released or until its device is
 * removed, so that tests can race hot unplug.
 *
 * Removal wakes the device's sleepers before fwctl_unregister(), which
 * waits for every RPC in flight. Unloading the module removes every device.
 */
#include <linux/atomic.h>
#include <linux/cleanup.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fwctl.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "../../../tools/testing/selftests/fwctl/fwctl_test_proto.h"

/**
 * struct fwctl_test_dev - one mock device
 * @fwctl: the core's part; first member
 * @node: in fwctl_test_devs, under fwctl_test_lock
 * @sleep_wq: SLEEP commands wait here
 * @release_seq: bumped to release the current sleepers
 * @removing: set before unregister; ends and refuses every SLEEP
 * @reg: the register READ, WRITE and WRITE_FULL act on
 */
struct fwctl_test_dev {
	struct fwctl_device fwctl;
	struct list_head node;
	wait_queue_head_t sleep_wq;
	atomic_t release_seq;
	bool removing;
	atomic64_t reg;
};

struct fwctl_test_uctx {
	struct fwctl_uctx uctx;
};

/* Serializes add and remove; protects fwctl_test_devs. */
static DEFINE_MUTEX(fwctl_test_lock);
static LIST_HEAD(fwctl_test_devs);
static struct device *fwctl_test_parent;
static struct dentry *fwctl_test_dir;
/* Statistics for the tests; atomic, no lock. */
static atomic_t fwctl_test_sleepers = ATOMIC_INIT(0);
static atomic_t fwctl_test_contexts = ATOMIC_INIT(0);

static struct fwctl_test_dev *to_test_dev(struct fwctl_uctx *uctx)
{
	return container_of(uctx->fwctl, struct fwctl_test_dev, fwctl);
}

static int fwctl_test_open_uctx(struct fwctl_uctx *uctx)
{
	atomic_inc(&fwctl_test_contexts);
	return 0;
}

static void fwctl_test_close_uctx(struct fwctl_uctx *uctx)
{
	atomic_dec(&fwctl_test_contexts);
}

static void *fwctl_test_info(struct fwctl_uctx *uctx, size_t *length)
{
	struct fwctl_test_info *info = kzalloc(sizeof(*info), GFP_KERNEL);

	if (!info)
		return ERR_PTR(-ENOMEM);
	memcpy(info->magic, FWCTL_TEST_INFO_MAGIC, sizeof(info->magic));
	info->version = FWCTL_TEST_INFO_VERSION;
	info->pattern = FWCTL_TEST_INFO_PATTERN;
	*length = sizeof(*info);
	return info;
}

static int fwctl_test_sleep(struct fwctl_test_dev *tdev)
{
	int seq = atomic_read(&tdev->release_seq);
	int ret;

	atomic_inc(&fwctl_test_sleepers);
	ret = wait_event_interruptible(tdev->sleep_wq,
				       READ_ONCE(tdev->removing) ||
				       atomic_read(&tdev->release_seq) != seq);
	atomic_dec(&fwctl_test_sleepers);
	if (ret)
		return ret;
	return READ_ONCE(tdev->removing) ? FWCTL_TEST_STATUS_ABORTED :
					   FWCTL_TEST_STATUS_OK;
}

static void *fwctl_test_rpc(struct fwctl_uctx *uctx,
			    enum fwctl_rpc_scope scope, void *rpc_in,
			    size_t in_len, size_t *out_len, bool *mutated)
{
	struct fwctl_test_dev *tdev = to_test_dev(uctx);
	struct fwctl_test_req *req = rpc_in;
	struct fwctl_test_resp *resp;
	enum fwctl_rpc_scope needs;
	u64 value = 0;
	int status;

	if (in_len < sizeof(*req) || req->reserved)
		return ERR_PTR(-EINVAL);

	switch (req->opcode) {
	case FWCTL_TEST_OP_READ:
	case FWCTL_TEST_OP_ECHO:
	case FWCTL_TEST_OP_SLEEP:
	case FWCTL_TEST_OP_INPLACE:
		needs = FWCTL_RPC_CONFIGURATION;
		break;
	case FWCTL_TEST_OP_WRITE:
		needs = FWCTL_RPC_DEBUG_WRITE;
		break;
	case FWCTL_TEST_OP_WRITE_FULL:
		needs = FWCTL_RPC_DEBUG_WRITE_FULL;
		break;
	default:
		return ERR_PTR(-EOPNOTSUPP);
	}
	if (scope < needs)
		return ERR_PTR(-EPERM);

	if (req->opcode == FWCTL_TEST_OP_ECHO) {
		*out_len = in_len;
		return rpc_in;
	}
	/* Trusts arg: the core must catch a claim beyond the room. */
	if (req->opcode == FWCTL_TEST_OP_INPLACE) {
		*out_len = req->arg;
		return rpc_in;
	}

	resp = kvzalloc(sizeof(*resp), GFP_KERNEL);
	if (!resp)
		return ERR_PTR(-ENOMEM);

	status = FWCTL_TEST_STATUS_OK;
	switch (req->opcode) {
	case FWCTL_TEST_OP_READ:
		value = atomic64_read(&tdev->reg);
		break;
	case FWCTL_TEST_OP_WRITE:
	case FWCTL_TEST_OP_WRITE_FULL:
		value = atomic64_xchg(&tdev->reg, req->arg);
		*mutated = true;
		break;
	case FWCTL_TEST_OP_SLEEP:
		status = fwctl_test_sleep(tdev);
		if (status < 0) {
			kvfree(resp);
			return ERR_PTR(-EINTR);
		}
		break;
	}

	resp->opcode = req->opcode;
	resp->status = status;
	resp->value = value;
	*out_len = sizeof(*resp);
	return resp;
}

static const struct fwctl_ops fwctl_test_ops = {
	.device_type = FWCTL_TEST_DEVICE_TYPE,
	.uctx_size = sizeof(struct fwctl_test_uctx),
	.open_uctx = fwctl_test_open_uctx,
	.close_uctx = fwctl_test_close_uctx,
	.info = fwctl_test_info,
	.fw_rpc = fwctl_test_rpc,
};

static int fwctl_test_add(void)
{
	struct fwctl_test_dev *tdev;
	int ret;

	tdev = fwctl_alloc_device(fwctl_test_parent, &fwctl_test_ops,
				  struct fwctl_test_dev, fwctl);
	if (!tdev)
		return -ENOMEM;
	INIT_LIST_HEAD(&tdev->node);
	init_waitqueue_head(&tdev->sleep_wq);
	atomic_set(&tdev->release_seq, 0);
	atomic64_set(&tdev->reg, 0);

	ret = fwctl_register(&tdev->fwctl);
	if (ret) {
		fwctl_put(&tdev->fwctl);
		return ret;
	}

	guard(mutex)(&fwctl_test_lock);
	list_add_tail(&tdev->node, &fwctl_test_devs);
	return 0;
}

/* Called with fwctl_test_lock held. */
static void fwctl_test_remove(struct fwctl_test_dev *tdev)
{
	list_del(&tdev->node);
	/* Unblock every sleeper first: unregister waits for them. */
	WRITE_ONCE(tdev->removing, true);
	wake_up_all(&tdev->sleep_wq);
	fwctl_unregister(&tdev->fwctl);
	fwctl_put(&tdev->fwctl);
}

/* Called with fwctl_test_lock held. */
static struct fwctl_test_dev *fwctl_test_find(const char *name)
{
	struct fwctl_test_dev *tdev;

	list_for_each_entry(tdev, &fwctl_test_devs, node)
		if (sysfs_streq(dev_name(&tdev->fwctl.dev), name))
			return tdev;
	return NULL;
}

static ssize_t fwctl_test_add_write(struct file *file, const char __user *buf,
				    size_t count, loff_t *ppos)
{
	int ret = fwctl_test_add();

	return ret ? ret : count;
}

/* The device named by a write of "fwctlN", with fwctl_test_lock held. */
static struct fwctl_test_dev *fwctl_test_lookup(const char __user *buf,
						size_t count)
{
	char name[32];

	lockdep_assert_held(&fwctl_test_lock);
	if (count >= sizeof(name))
		return ERR_PTR(-EINVAL);
	if (copy_from_user(name, buf, count))
		return ERR_PTR(-EFAULT);
	name[count] = '\0';
	return fwctl_test_find(name) ?: ERR_PTR(-ENOENT);
}

static ssize_t fwctl_test_remove_write(struct file *file,
				       const char __user *buf, size_t count,
				       loff_t *ppos)
{
	struct fwctl_test_dev *tdev;

	guard(mutex)(&fwctl_test_lock);
	tdev = fwctl_test_lookup(buf, count);
	if (IS_ERR(tdev))
		return PTR_ERR(tdev);
	fwctl_test_remove(tdev);
	return count;
}

static ssize_t fwctl_test_release_write(struct file *file,
					const char __user *buf, size_t count,
					loff_t *ppos)
{
	struct fwctl_test_dev *tdev;

	guard(mutex)(&fwctl_test_lock);
	tdev = fwctl_test_lookup(buf, count);
	if (IS_ERR(tdev))
		return PTR_ERR(tdev);
	atomic_inc(&tdev->release_seq);
	wake_up_all(&tdev->sleep_wq);
	return count;
}

static int fwctl_test_devices_show(struct seq_file *s, void *unused)
{
	struct fwctl_test_dev *tdev;

	guard(mutex)(&fwctl_test_lock);
	list_for_each_entry(tdev, &fwctl_test_devs, node)
		seq_printf(s, "%s\n", dev_name(&tdev->fwctl.dev));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(fwctl_test_devices);

static const struct file_operations fwctl_test_add_fops = {
	.owner = THIS_MODULE,
	.write = fwctl_test_add_write,
};

static const struct file_operations fwctl_test_remove_fops = {
	.owner = THIS_MODULE,
	.write = fwctl_test_remove_write,
};

static const struct file_operations fwctl_test_release_fops = {
	.owner = THIS_MODULE,
	.write = fwctl_test_release_write,
};

static void fwctl_test_remove_all(void)
{
	struct fwctl_test_dev *tdev, *next;

	guard(mutex)(&fwctl_test_lock);
	list_for_each_entry_safe(tdev, next, &fwctl_test_devs, node)
		fwctl_test_remove(tdev);
}

/*
 * Devices added at load. A kernel locked down from boot refuses writes to
 * debugfs, so its tests cannot use the "add" file; they load the module
 * with devices=N instead.
 */
#define FWCTL_TEST_MAX_LOAD_DEVICES	16
static unsigned int devices;
module_param(devices, uint, 0444);
MODULE_PARM_DESC(devices, "test devices to add at load (at most 16)");

static int __init fwctl_test_init(void)
{
	unsigned int i;
	int ret;

	if (devices > FWCTL_TEST_MAX_LOAD_DEVICES)
		return -EINVAL;

	fwctl_test_parent = root_device_register(FWCTL_TEST_PARENT);
	if (IS_ERR(fwctl_test_parent))
		return PTR_ERR(fwctl_test_parent);

	fwctl_test_dir = debugfs_create_dir("fwctl_test", NULL);
	debugfs_create_file("add", 0200, fwctl_test_dir, NULL,
			    &fwctl_test_add_fops);
	debugfs_create_file("remove", 0200, fwctl_test_dir, NULL,
			    &fwctl_test_remove_fops);
	debugfs_create_file("release", 0200, fwctl_test_dir, NULL,
			    &fwctl_test_release_fops);
	debugfs_create_file("devices", 0400, fwctl_test_dir, NULL,
			    &fwctl_test_devices_fops);
	debugfs_create_atomic_t("sleepers", 0400, fwctl_test_dir,
				&fwctl_test_sleepers);
	debugfs_create_atomic_t("contexts", 0400, fwctl_test_dir,
				&fwctl_test_contexts);

	for (i = 0; i < devices; i++) {
		ret = fwctl_test_add();
		if (ret)
			goto err_remove;
	}
	return 0;

err_remove:
	debugfs_remove_recursive(fwctl_test_dir);
	fwctl_test_remove_all();
	root_device_unregister(fwctl_test_parent);
	return ret;
}

static void __exit fwctl_test_exit(void)
{
	/* No add or remove can start after this; running ones are done. */
	debugfs_remove_recursive(fwctl_test_dir);
	fwctl_test_remove_all();
	root_device_unregister(fwctl_test_parent);
}

module_init(fwctl_test_init);
module_exit(fwctl_test_exit);
MODULE_DESCRIPTION("fwctl mock device for the fwctl selftests (test only)");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(FWCTL);
