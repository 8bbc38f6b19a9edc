// SPDX-License-Identifier: GPL-2.0
/*
 * The life of a CXL memdev's fwctl device: cxl_fwctl unloaded and reloaded,
 * cxl_pci unbound and bound again, with file descriptors held open across
 * both; and Features marked kernel-owned by the module parameter.
 */
#include <libgen.h>
#include <limits.h>

#include "kselftest_harness.h"
#include "cxl_util.h"

#define CXL_FWCTL_KO	MODDIR "/cxl_fwctl.ko"
#define CXL_PCI_DRIVER	"/sys/bus/pci/drivers/cxl_pci"

/* How many memdevs have a fwctl device under them. */
static int count_attached(void)
{
	char names[8][32];
	int n = list_memdevs(names, 8), attached = 0;

	for (int i = 0; i < n; i++) {
		int fd = open_memdev_fwctl(names[i]);

		if (fd >= 0) {
			attached++;
			close(fd);
		}
	}
	return attached;
}

/* Wait up to ten seconds for @memdevs memdevs, each with its device. */
static int wait_attached(int memdevs)
{
	char names[8][32];

	for (int i = 0; i < 100; i++) {
		if (list_memdevs(names, 8) == memdevs &&
		    count_attached() == memdevs)
			return 0;
		usleep(100 * 1000);
	}
	return -1;
}

/* The PCI function (its BDF) a memdev belongs to. */
static int memdev_pci(const char *memdev, char *bdf, size_t len)
{
	char path[128], real[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/bus/cxl/devices/%s", memdev);
	if (!realpath(path, real))
		return -1;
	snprintf(bdf, len, "%s", basename(dirname(real)));
	return 0;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int identify(int fd)
{
	struct cxl_reply reply;

	if (rpc(fd, FWCTL_RPC_CONFIGURATION, OP_IDENTIFY_MEMDEV, NULL, 0,
		&reply))
		return -errno;
	return reply.retval;
}

static int fwctl_name_of(int fd, char *name, size_t len)
{
	char link[64], target[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return -1;
	target[n] = 0;
	snprintf(name, len, "%s", basename(target));
	return 0;
}

TEST(reload_with_fds_open)
{
	char names[4][32], node[2][32], path[64];
	struct fwctl_info info = { .size = sizeof(info) };
	int fd[2], newfd;

	ASSERT_EQ(2, list_memdevs(names, 4));
	for (int i = 0; i < 2; i++) {
		fd[i] = open_memdev_fwctl(names[i]);
		ASSERT_LE(0, fd[i]);
		ASSERT_EQ(0, identify(fd[i]));
		ASSERT_EQ(0, fwctl_name_of(fd[i], node[i], sizeof(node[i])));
	}

	ASSERT_EQ(0, run_cmd("rmmod cxl_fwctl"));
	for (int i = 0; i < 2; i++) {
		ASSERT_EQ(-ENODEV, identify(fd[i]));
		ASSERT_EQ(-1, ioctl(fd[i], FWCTL_INFO, &info));
		ASSERT_EQ(ENODEV, errno);
		snprintf(path, sizeof(path), "/dev/fwctl/%s", node[i]);
		ASSERT_NE(0, access(path, F_OK));
	}
	ASSERT_EQ(0, count_attached());

	ASSERT_EQ(0, run_cmd("insmod " CXL_FWCTL_KO));
	ASSERT_EQ(2, count_attached());
	for (int i = 0; i < 2; i++) {
		newfd = open_memdev_fwctl(names[i]);
		ASSERT_LE(0, newfd);
		ASSERT_EQ(0, identify(newfd));
		ASSERT_EQ(-ENODEV, identify(fd[i]));
		close(newfd);
		ASSERT_EQ(0, close(fd[i]));
	}
}

TEST(cxl_pci_unbind_bind_with_fd_open)
{
	char names[4][32], bdf[64], path[128];
	int fd;

	ASSERT_EQ(2, list_memdevs(names, 4));
	ASSERT_EQ(0, memdev_pci(names[0], bdf, sizeof(bdf)));
	snprintf(path, sizeof(path), "%s/%s", CXL_PCI_DRIVER, bdf);
	ASSERT_EQ(0, access(path, F_OK));
	fd = open_memdev_fwctl(names[0]);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, identify(fd));

	ASSERT_EQ(0, write_file(CXL_PCI_DRIVER "/unbind", bdf));
	ASSERT_EQ(-ENODEV, identify(fd));
	ASSERT_EQ(1, list_memdevs(names, 4));
	ASSERT_EQ(1, count_attached());

	ASSERT_EQ(0, write_file(CXL_PCI_DRIVER "/bind", bdf));
	ASSERT_EQ(0, wait_attached(2));
	ASSERT_EQ(-ENODEV, identify(fd));
	ASSERT_EQ(0, close(fd));

	ASSERT_EQ(2, list_memdevs(names, 4));
	for (int i = 0; i < 2; i++) {
		fd = open_memdev_fwctl(names[i]);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, identify(fd));
		close(fd);
	}
}

/* Set Feature of @uuid with its current data, as write_full. */
static int set_same(int fd, const uint8_t uuid[16], const uint8_t *data,
		    size_t len)
{
	struct cxl_reply reply;
	uint8_t in[64];
	size_t n = set_feature_in(in, uuid, 0, data, len);

	if (rpc(fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SET_FEATURE, in, n, &reply))
		return -errno;
	return reply.retval;
}

static const uint8_t ecs_set_orig[7] = { 0x03, 0x00, 0x03, 0x00, 0x03, 0x00,
					 0x03 };

TEST(kernel_owned_parameter)
{
	char names[4][32], path[128], buf[4096], line[128];
	struct cxl_reply reply;
	uint8_t get[21];
	int fd;

	ASSERT_EQ(2, list_memdevs(names, 4));
	ASSERT_EQ(0, run_cmd("rmmod cxl_fwctl"));
	/* A word that is neither a UUID nor "ras" fails the load. */
	ASSERT_NE(0, run_cmd("insmod " CXL_FWCTL_KO " kernel_owned=bogus"));
	ASSERT_NE(0, access("/sys/module/cxl_fwctl", F_OK));

	ASSERT_EQ(0, run_cmd("insmod " CXL_FWCTL_KO " kernel_owned=ras"));
	fd = open_memdev_fwctl(names[0]);
	ASSERT_LE(0, fd);
	ASSERT_EQ(-EPERM, set_same(fd, patrol_scrub_uuid,
				   patrol_scrub_set_orig, 2));
	ASSERT_EQ(-EPERM, set_same(fd, ecs_uuid, ecs_set_orig, 7));
	get_feature_in(get, patrol_scrub_uuid, 0, 4, 0);
	ASSERT_EQ(0, rpc(fd, FWCTL_RPC_CONFIGURATION, OP_GET_FEATURE, get,
			 sizeof(get), &reply));
	ASSERT_EQ(0, memcmp(reply.payload, patrol_scrub_value, 4));
	snprintf(path, sizeof(path), "/sys/kernel/debug/cxl_fwctl/%s/features",
		 names[0]);
	ASSERT_EQ(0, read_file(path, buf, sizeof(buf)));
	snprintf(line, sizeof(line), "%s %4u %-10s 0x%04x  %-16s %s",
		 "96dad7d6-fde8-482b-a733-75774e06db8a", 0, "yes", 0x0202,
		 "feature-owned", "kernel_owned");
	ASSERT_NE(NULL, strstr(buf, line));
	close(fd);

	/* Only ECS, by UUID: patrol scrub is the user's again. */
	ASSERT_EQ(0, run_cmd("rmmod cxl_fwctl"));
	ASSERT_EQ(0, run_cmd("insmod " CXL_FWCTL_KO
			     " kernel_owned=e5b13f22-2328-4a14-b8ba-b9691e893386"));
	fd = open_memdev_fwctl(names[0]);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, set_same(fd, patrol_scrub_uuid, patrol_scrub_set_orig, 2));
	ASSERT_EQ(-EPERM, set_same(fd, ecs_uuid, ecs_set_orig, 7));
	close(fd);

	/*
	 * A repeated entry is merged, and every later entry still counts:
	 * patrol scrub twice (by UUID, then within "ras") leaves ECS owned.
	 */
	for (int i = 0; i < 2; i++) {
		static const char *const lists[] = {
			"96dad7d6-fde8-482b-a733-75774e06db8a,ras",
			"ras,e5b13f22-2328-4a14-b8ba-b9691e893386,ras",
		};
		char cmd[256];

		ASSERT_EQ(0, run_cmd("rmmod cxl_fwctl"));
		snprintf(cmd, sizeof(cmd), "insmod %s kernel_owned=%s",
			 CXL_FWCTL_KO, lists[i]);
		ASSERT_EQ(0, run_cmd(cmd));
		fd = open_memdev_fwctl(names[0]);
		ASSERT_LE(0, fd);
		ASSERT_EQ(-EPERM, set_same(fd, patrol_scrub_uuid,
					   patrol_scrub_set_orig, 2))
			TH_LOG("kernel_owned=%s", lists[i]);
		ASSERT_EQ(-EPERM, set_same(fd, ecs_uuid, ecs_set_orig, 7))
			TH_LOG("kernel_owned=%s", lists[i]);
		close(fd);
	}

	/* Anything malformed fails the load, wherever it stands. */
	ASSERT_EQ(0, run_cmd("rmmod cxl_fwctl"));
	ASSERT_NE(0, run_cmd("insmod " CXL_FWCTL_KO " kernel_owned=ras,bogus"));
	ASSERT_NE(0, access("/sys/module/cxl_fwctl", F_OK));
	ASSERT_NE(0, run_cmd("insmod " CXL_FWCTL_KO " kernel_owned=ras,,ras"));
	ASSERT_NE(0, access("/sys/module/cxl_fwctl", F_OK));
	ASSERT_NE(0, run_cmd("insmod " CXL_FWCTL_KO
			     " kernel_owned=96dad7d6-fde8-482b-a733-75774e06db8a,"));
	ASSERT_NE(0, access("/sys/module/cxl_fwctl", F_OK));

	ASSERT_EQ(0, run_cmd("insmod " CXL_FWCTL_KO));
	ASSERT_EQ(2, count_attached());
}

TEST_HARNESS_MAIN
