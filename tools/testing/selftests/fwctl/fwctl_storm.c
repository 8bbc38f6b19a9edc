// SPDX-License-Identifier: GPL-2.0
/*
 * Unplug storm: cxl_pci unbound and bound again (50 cycles, both devices)
 * and cxl_fwctl unloaded and loaded again (20 cycles) while two threads per
 * CXL device issue RPCs and hold their files open.
 *
 * Every RPC must succeed or fail with ENODEV; after every cycle /dev/fwctl
 * must hold exactly the nodes of /sys/class/fwctl, one per memdev; device
 * numbers stay within what the open files can pin, and once every file is
 * closed a reload gives the devices fwctl0 and fwctl1 again. The kernel log
 * is judged by the VM's runner. Parameters (kernel command line):
 * storm_pci_cycles=, storm_module_cycles=. Output is TAP.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <fwctl/fwctl.h>
#include <fwctl/cxl.h>

#include "fwctl_util.h"
#include "cxl_util.h"
#include "fwctl_tap.h"

#define NDEVS			2
#define THREADS_PER_DEV		2
#define NTHREADS		(NDEVS * THREADS_PER_DEV)
/* Live devices plus one dead device per thread's open file. */
#define MAX_DEVNUM		(NDEVS + NTHREADS)
#define SETTLE_MS		30000
#define PCI_DRV			"/sys/bus/pci/drivers/cxl_pci"

struct worker {
	int dev;
	bool holder;		/* keeps its file until the device goes */
	pthread_t thread;
	unsigned long ok, enodev, other, opens, open_fails;
	int first_other;
	uint32_t first_other_op;
	int max_devnum;
};

static char bdfs[NDEVS][32];
static struct worker workers[NTHREADS];
static atomic_bool stop;

/* An optional run.sh --append parameter, else @def. */
static unsigned long long param(const char *name, unsigned long long def)
{
	unsigned long long val;

	return fwctl_cmdline_param(name, &val) ? val : def;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The PCI function under a memdev: .../0000:0d:00.0/memX */
static int memdev_bdf(const char *memdev, char *bdf, size_t size)
{
	char path[128], target[PATH_MAX], *slash;
	ssize_t len;

	snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s", memdev);
	len = readlink(path, target, sizeof(target) - 1);
	if (len < 0)
		return -errno;
	target[len] = 0;
	slash = strrchr(target, '/');
	if (!slash)
		return -EINVAL;
	*slash = 0;
	slash = strrchr(target, '/');
	if (!slash)
		return -EINVAL;
	snprintf(bdf, size, "%s", slash + 1);
	return 0;
}

/*
 * The fwctl device of the memdev under @bdf: its name in @name and its
 * number as the return value, or -errno.
 */
static int bdf_fwctl(const char *bdf, char *name, size_t size)
{
	char path[PATH_MAX];
	struct dirent *e, *f;
	int ret = -ENOENT;
	DIR *d, *d2;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s", bdf);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((e = readdir(d)) && ret == -ENOENT) {
		if (strncmp(e->d_name, "mem", 3) || !e->d_name[3])
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s/fwctl",
			 bdf, e->d_name);
		d2 = opendir(path);
		if (!d2)
			continue;
		while ((f = readdir(d2)))
			if (!strncmp(f->d_name, "fwctl", 5)) {
				snprintf(name, size, "%.*s", (int)size - 1,
					 f->d_name);
				ret = atoi(f->d_name + 5);
				break;
			}
		closedir(d2);
	}
	closedir(d);
	return ret;
}

/* One RPC of a few kinds: mailbox, cache, FWCTL_INFO. */
static int one_rpc(int fd, unsigned int n, uint32_t *op)
{
	static const uint8_t gsf_in[8] = { 8 + 2 * 48 };
	struct fwctl_info info = { .size = sizeof(info) };
	struct cxl_reply reply;

	switch (n % 4) {
	case 0:
	case 1:
		*op = OP_IDENTIFY_MEMDEV;
		if (rpc(fd, FWCTL_RPC_CONFIGURATION, OP_IDENTIFY_MEMDEV, NULL,
			0, &reply))
			return -errno;
		return reply.retval || reply.size != 0x45 ? -EBADMSG : 0;
	case 2:
		*op = OP_GET_SUP_FEATS;
		if (rpc(fd, FWCTL_RPC_DEBUG_READ_ONLY, OP_GET_SUP_FEATS, gsf_in,
			sizeof(gsf_in), &reply))
			return -errno;
		return reply.retval ? -EBADMSG : 0;
	default:
		*op = FWCTL_INFO;
		return ioctl(fd, FWCTL_INFO, &info) ? -errno : 0;
	}
}

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	unsigned int n = 0, per_open;
	char name[32];
	uint32_t op;
	int fd, num, ret;

	while (!atomic_load(&stop)) {
		num = bdf_fwctl(bdfs[w->dev], name, sizeof(name));
		fd = num < 0 ? num : fwctl_open(name);
		if (fd < 0) {
			/* Between unbind and bind: no device to open. */
			w->open_fails++;
			usleep(2000);
			continue;
		}
		w->opens++;
		if (num > w->max_devnum)
			w->max_devnum = num;
		per_open = w->holder ? ~0u : 20;
		while (!atomic_load(&stop) && per_open--) {
			ret = one_rpc(fd, n++, &op);
			if (!ret) {
				w->ok++;
				continue;
			}
			if (ret == -ENODEV) {
				w->enodev++;
				/*
				 * A holder keeps the dead device's file a
				 * while: its number stays taken, and the
				 * device that comes back must get another.
				 */
				if (w->holder)
					usleep(50000);
				break;
			}
			if (!w->other++) {
				w->first_other = -ret;
				w->first_other_op = op;
			}
		}
		close(fd);
	}
	return NULL;
}

/* /dev/fwctl and /sys/class/fwctl list the same names. */
static bool nodes_consistent(char *why, size_t size)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d;
	bool ok = true;

	d = opendir(FWCTL_DEV_DIR);
	if (d) {
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), FWCTL_CLASS_DIR "/%s",
				 e->d_name);
			if (access(path, F_OK)) {
				snprintf(why, size, "stale node /dev/fwctl/%.64s",
					 e->d_name);
				ok = false;
			}
		}
		closedir(d);
	}
	d = opendir(FWCTL_CLASS_DIR);
	if (d) {
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), FWCTL_DEV_DIR "/%s",
				 e->d_name);
			if (access(path, F_OK)) {
				snprintf(why, size, "no node for %.64s", e->d_name);
				ok = false;
			}
		}
		closedir(d);
	}
	return ok;
}

/* Both devices have their fwctl device again, or -ETIMEDOUT. */
static int wait_attached(int *nums)
{
	long long end = now_ms() + SETTLE_MS;
	char name[32];
	int i, n;

	do {
		for (i = 0, n = 0; i < NDEVS; i++) {
			nums[i] = bdf_fwctl(bdfs[i], name, sizeof(name));
			if (nums[i] >= 0)
				n++;
		}
		if (n == NDEVS &&
		    fwctl_count_entries(FWCTL_CLASS_DIR) == NDEVS)
			return 0;
		usleep(5000);
	} while (now_ms() < end);
	return -ETIMEDOUT;
}

static bool after_cycle(const char *what, int cycle, int *max_seen)
{
	char why[128] = "";
	int nums[NDEVS], i;

	if (wait_attached(nums)) {
		printf("# %s cycle %d: the fwctl devices did not come back\n",
		       what, cycle);
		return false;
	}
	if (!nodes_consistent(why, sizeof(why))) {
		printf("# %s cycle %d: %s\n", what, cycle, why);
		return false;
	}
	for (i = 0; i < NDEVS; i++)
		if (nums[i] > *max_seen)
			*max_seen = nums[i];
	return true;
}

static int pci_cycle(int cycle, int *max_seen)
{
	char why[128] = "";
	int i;

	for (i = 0; i < NDEVS; i++)
		if (fwctl_write_file(PCI_DRV "/unbind", bdfs[i])) {
			printf("# cycle %d: unbind %s: %s\n", cycle, bdfs[i],
			       strerror(errno));
			return -1;
		}
	/* Nothing of the memdevs may be left. */
	if (fwctl_count_entries(FWCTL_CLASS_DIR) ||
	    !nodes_consistent(why, sizeof(why))) {
		printf("# cycle %d: after unbind: %d class devices %s\n", cycle,
		       fwctl_count_entries(FWCTL_CLASS_DIR), why);
		return -1;
	}
	for (i = 0; i < NDEVS; i++)
		if (fwctl_write_file(PCI_DRV "/bind", bdfs[i])) {
			printf("# cycle %d: bind %s: %s\n", cycle, bdfs[i],
			       strerror(errno));
			return -1;
		}
	return after_cycle("cxl_pci", cycle, max_seen) ? 0 : -1;
}

static int module_cycle(int cycle, int *max_seen)
{
	char why[128] = "";
	int ret, tries = 0;

	while ((ret = fwctl_unload_module("cxl_fwctl")) == -EAGAIN ||
	       ret == -EBUSY) {
		if (++tries > 100)
			break;
		usleep(10000);
	}
	if (ret) {
		printf("# cycle %d: unload cxl_fwctl: %s\n", cycle,
		       strerror(-ret));
		return -1;
	}
	if (fwctl_count_entries(FWCTL_CLASS_DIR) ||
	    !nodes_consistent(why, sizeof(why))) {
		printf("# cycle %d: after unload: %d class devices %s\n", cycle,
		       fwctl_count_entries(FWCTL_CLASS_DIR), why);
		return -1;
	}
	ret = fwctl_load_module("cxl_fwctl");
	if (ret < 0) {
		printf("# cycle %d: load cxl_fwctl: %s\n", cycle,
		       strerror(-ret));
		return -1;
	}
	return after_cycle("cxl_fwctl", cycle, max_seen) ? 0 : -1;
}

int main(void)
{
	int pci_cycles = param("storm_pci_cycles", 50);
	int mod_cycles = param("storm_module_cycles", 20);
	unsigned long ok = 0, enodev = 0, other = 0, opens = 0;
	char names[NDEVS][32];
	int i, done, max_seen = -1, max_held = -1, nums[NDEVS];
	long long start;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n1..6\n");

	if (list_memdevs(names, NDEVS) != NDEVS ||
	    memdev_bdf(names[0], bdfs[0], sizeof(bdfs[0])) ||
	    memdev_bdf(names[1], bdfs[1], sizeof(bdfs[1])) ||
	    wait_attached(nums)) {
		tap(false, "setup: two memdevs with their fwctl devices");
		return 1;
	}
	tap(true, "setup: %s on %s (fwctl%d), %s on %s (fwctl%d)", names[0],
	    bdfs[0], nums[0], names[1], bdfs[1], nums[1]);

	for (i = 0; i < NTHREADS; i++) {
		workers[i].dev = i % NDEVS;
		workers[i].holder = i < NDEVS;
		workers[i].max_devnum = -1;
		if (pthread_create(&workers[i].thread, NULL, worker_fn,
				   &workers[i])) {
			tap(false, "cannot start the RPC threads");
			return 1;
		}
	}
	usleep(200000);

	start = now_ms();
	for (i = 0, done = 0; i < pci_cycles; i++, done++)
		if (pci_cycle(i, &max_seen))
			break;
	tap(done == pci_cycles,
	    "cxl_pci unbind/bind of both devices: %d of %d cycles in %.1f s, nodes consistent after each",
	    done, pci_cycles, (now_ms() - start) / 1000.0);

	start = now_ms();
	for (i = 0, done = 0; i < mod_cycles; i++, done++)
		if (module_cycle(i, &max_seen))
			break;
	tap(done == mod_cycles,
	    "cxl_fwctl unload/load: %d of %d cycles in %.1f s, nodes consistent after each",
	    done, mod_cycles, (now_ms() - start) / 1000.0);

	atomic_store(&stop, true);
	for (i = 0; i < NTHREADS; i++) {
		struct worker *w = &workers[i];

		pthread_join(w->thread, NULL);
		ok += w->ok;
		enodev += w->enodev;
		other += w->other;
		opens += w->opens;
		if (w->max_devnum > max_held)
			max_held = w->max_devnum;
		printf("# thread %d (%s, %s): %lu ok, %lu ENODEV, %lu other, opens %lu/%lu\n",
		       i, bdfs[w->dev], w->holder ? "holds its file" : "reopens",
		       w->ok, w->enodev, w->other, w->opens,
		       w->opens + w->open_fails);
		if (w->other)
			printf("#   first other result: %s (%d) for %#x\n",
			       strerror(w->first_other), w->first_other,
			       w->first_other_op);
	}
	tap(!other && ok > 0,
	    "every RPC succeeded or failed with ENODEV: %lu ok, %lu ENODEV, %lu other, over %lu opens",
	    ok, enodev, other, opens);

	tap(max_seen < MAX_DEVNUM && max_held < MAX_DEVNUM,
	    "device numbers reused while files were open: highest fwctl%d registered, fwctl%d opened (bound: below %d)",
	    max_seen, max_held, MAX_DEVNUM);

	/* Every file closed: a reload starts from the lowest numbers. */
	if (module_cycle(mod_cycles, &max_seen) || wait_attached(nums)) {
		tap(false, "final reload of cxl_fwctl");
	} else {
		bool low = (nums[0] == 0 && nums[1] == 1) ||
			   (nums[0] == 1 && nums[1] == 0);

		tap(low && fwctl_count_entries(FWCTL_DEV_DIR) == NDEVS,
		    "with every file closed, a reload gives fwctl%d and fwctl%d, %d nodes",
		    nums[0], nums[1], fwctl_count_entries(FWCTL_DEV_DIR));
	}
	return tap_failed;
}
