// SPDX-License-Identifier: GPL-2.0
/*
 * Background commands through CXL fwctl on QEMU's emulated devices: Scan
 * Media (0x4304, about 3 s on QEMU) runs without holding the mailbox, so
 * the memdev's own ioctl and fwctl stay prompt meanwhile; one operation per
 * device; a signal ends the wait. QEMU cannot abort (no 0x0005, no CEL bit
 * 8), so a signal leaves the operation running and the slot taken until it
 * ends. Taints the kernel: runs in a VM of its own.
 */
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <time.h>
#include <linux/cxl_mem.h>

#include "kselftest_harness.h"
#include "cxl_util.h"

/* The status block of a background response (fwctl-cxl.rst): 8 bytes. */
struct bg_block {
	uint16_t opcode;
	uint8_t percent;
	uint8_t flags;
	uint16_t rc;
	uint16_t vendor;
};

#define PROMPT_MS	250	/* "promptly": far below Scan Media's 3 s */
#define SCAN_MS		3000
/* The whole of each 256 MiB device, in 64-byte lines. */
#define SCAN_LINES	((256ULL << 20) / 64)

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Scan Media input: DPA, length in 64-byte lines, flags. */
static size_t scan_media_in(uint8_t in[17], uint64_t dpa, uint64_t lines)
{
	memset(in, 0, 17);
	memcpy(in, &dpa, 8);
	memcpy(in + 8, &lines, 8);
	return 17;
}

static int scan_media(int fd, uint64_t dpa, struct cxl_reply *reply)
{
	uint8_t in[17];

	return rpc(fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SCAN_MEDIA, in,
		   scan_media_in(in, dpa, SCAN_LINES), reply);
}

/* Identify through the memdev's own ioctl; 0 or the errno. */
static int memdev_identify(int fd)
{
	uint8_t out[128];
	struct cxl_send_command cmd = {
		.id = CXL_MEM_COMMAND_ID_IDENTIFY,
		.out.size = sizeof(out),
		.out.payload = (uintptr_t)out,
	};

	if (ioctl(fd, CXL_MEM_SEND_COMMAND, &cmd))
		return errno;
	return cmd.retval ? EIO : 0;
}

static int open_memdev_node(const char *memdev)
{
	char path[64];

	snprintf(path, sizeof(path), "/dev/cxl/%s", memdev);
	return open(path, O_RDWR);
}

#define CXL_PCI_DRIVER	"/sys/bus/pci/drivers/cxl_pci"

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

/* Run Scan Media in a child; its exit status is 0 when it completed. */
static pid_t scan_in_child(const char *memdev)
{
	pid_t pid = fork();

	if (!pid) {
		struct cxl_reply reply;
		int fd = open_memdev_fwctl(memdev);

		if (fd < 0)
			_exit(1);
		if (scan_media(fd, 0, &reply)) {
			fprintf(stderr, "# Scan Media in the child: %s\n",
				strerror(errno));
			_exit(1);
		}
		if (reply.retval)
			fprintf(stderr, "# Scan Media in the child: return code %#x\n",
				reply.retval);
		_exit(reply.retval ? 2 : 0);
	}
	return pid;
}

/* Retry until a new Scan Media is accepted: the device's one ended. */
static int wait_slot_free(int fd, struct cxl_reply *reply)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (!scan_media(fd, 0, reply))
			return 0;
		if (errno != EBUSY)
			return -1;
		usleep(50 * 1000);
	}
	return -1;
}

FIXTURE(bg) {
	char memdev[32];
	int fd;
	int node;
	struct cxl_reply reply;
};

FIXTURE_SETUP(bg)
{
	char names[4][32];

	ASSERT_EQ(2, list_memdevs(names, 4));
	snprintf(self->memdev, sizeof(self->memdev), "%s", names[0]);
	self->fd = open_memdev_fwctl(self->memdev);
	ASSERT_LE(0, self->fd);
	self->node = open_memdev_node(self->memdev);
	ASSERT_LE(0, self->node);
}

FIXTURE_TEARDOWN(bg)
{
	close(self->node);
	close(self->fd);
}

TEST_F(bg, scan_media_completes)
{
	struct bg_block blk;
	double t0, t;

	t0 = now_ms();
	ASSERT_EQ(0, scan_media(self->fd, 0, &self->reply));
	t = now_ms() - t0;
	TH_LOG("Scan Media of %llu lines took %.0f ms", SCAN_LINES, t);
	ASSERT_EQ(0, self->reply.retval);
	ASSERT_EQ(sizeof(blk), self->reply.size);
	memcpy(&blk, self->reply.payload, sizeof(blk));
	ASSERT_EQ(OP_SCAN_MEDIA, blk.opcode);
	ASSERT_EQ(100, blk.percent);
	ASSERT_EQ(0, blk.flags);
	ASSERT_EQ(0, blk.rc);
	/* It ran in the background for a while, and was seen to end. */
	ASSERT_LT(SCAN_MS / 3, t);
	ASSERT_GT(30000, t);
	/* Mutating: taints. */
	ASSERT_NE(0, taint_mask() & (1UL << TAINT_FWCTL_BIT));
}

TEST_F(bg, scan_media_needs_write_full)
{
	uint8_t in[17];

	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE, OP_SCAN_MEDIA, in,
			  scan_media_in(in, 0, 16), &self->reply));
	ASSERT_EQ(EPERM, errno);
}

TEST_F(bg, invalid_input_answered_at_once)
{
	/* An unaligned address: the device refuses without starting. */
	ASSERT_EQ(0, scan_media(self->fd, 1, &self->reply));
	ASSERT_EQ(0x0002, self->reply.retval);
	ASSERT_EQ(0, self->reply.size);
}

TEST_F(bg, sanitize_stays_refused)
{
	ASSERT_EQ(-1, rpc(self->fd, FWCTL_RPC_DEBUG_WRITE_FULL, OP_SANITIZE,
			  NULL, 0, &self->reply));
	ASSERT_EQ(EPERM, errno);
}

TEST_F(bg, mailbox_free_while_it_runs)
{
	double t0, worst_node = 0, worst_fwctl = 0, t;
	int status, i;
	pid_t pid;

	pid = scan_in_child(self->memdev);
	ASSERT_LT(0, pid);
	usleep(300 * 1000);
	for (i = 0; i < 20; i++) {
		t0 = now_ms();
		ASSERT_EQ(0, memdev_identify(self->node));
		t = now_ms() - t0;
		worst_node = t > worst_node ? t : worst_node;

		t0 = now_ms();
		ASSERT_EQ(0, rpc(self->fd, FWCTL_RPC_CONFIGURATION,
				 OP_IDENTIFY_MEMDEV, NULL, 0, &self->reply));
		t = now_ms() - t0;
		ASSERT_EQ(0, self->reply.retval);
		worst_fwctl = t > worst_fwctl ? t : worst_fwctl;
	}
	/* The scan was still running all along. */
	ASSERT_EQ(0, waitpid(pid, &status, WNOHANG));
	TH_LOG("worst Identify while Scan Media runs: memdev %.2f ms, fwctl %.2f ms",
	       worst_node, worst_fwctl);
	ASSERT_GT(PROMPT_MS, worst_node);
	ASSERT_GT(PROMPT_MS, worst_fwctl);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

TEST_F(bg, second_request_busy)
{
	char names[4][32];
	int status, other;
	double t0;
	pid_t pid;

	pid = scan_in_child(self->memdev);
	ASSERT_LT(0, pid);
	usleep(300 * 1000);
	t0 = now_ms();
	ASSERT_EQ(-1, scan_media(self->fd, 0, &self->reply));
	ASSERT_EQ(EBUSY, errno);
	ASSERT_GT(PROMPT_MS, now_ms() - t0);

	/* The other memdev has a slot of its own. */
	ASSERT_EQ(2, list_memdevs(names, 4));
	other = open_memdev_fwctl(names[1]);
	ASSERT_LE(0, other);
	ASSERT_EQ(0, scan_media(other, 0, &self->reply));
	ASSERT_EQ(0, self->reply.retval);
	close(other);

	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

static void on_usr1(int sig)
{
}

TEST_F(bg, signal_ends_wait)
{
	struct sigaction sa = { .sa_handler = on_usr1 };	/* no SA_RESTART */
	int pipefd[2], status;
	double t;
	pid_t pid;

	ASSERT_EQ(0, pipe(pipefd));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		double t0;
		int rc, err;

		sigaction(SIGUSR1, &sa, NULL);
		t0 = now_ms();
		rc = scan_media(self->fd, 0, &self->reply);
		err = errno;
		t0 = now_ms() - t0;
		if (write(pipefd[1], &t0, sizeof(t0)) != sizeof(t0))
			_exit(3);
		_exit(rc == -1 && err == EINTR ? 0 : 1);
	}
	usleep(500 * 1000);
	ASSERT_EQ(0, kill(pid, SIGUSR1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(sizeof(t), read(pipefd[0], &t, sizeof(t)));
	/* It ended at the signal, well before the scan would have. */
	ASSERT_GT(SCAN_MS - 500, t);
	close(pipefd[0]);
	close(pipefd[1]);

	/* No abort on QEMU: the slot stays taken until the scan ends. */
	ASSERT_EQ(-1, scan_media(self->fd, 0, &self->reply));
	ASSERT_EQ(EBUSY, errno);
	ASSERT_EQ(0, wait_slot_free(self->fd, &self->reply));
	ASSERT_EQ(0, self->reply.retval);
}

TEST_F(bg, close_and_exit_midway)
{
	int status;
	pid_t pid;

	/* The requester dies mid-wait: no leak, the slot comes back. */
	pid = scan_in_child(self->memdev);
	ASSERT_LT(0, pid);
	usleep(300 * 1000);
	ASSERT_EQ(0, kill(pid, SIGKILL));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	ASSERT_EQ(0, wait_slot_free(self->fd, &self->reply));
	ASSERT_EQ(0, self->reply.retval);
}

/* A child whose Scan Media must end with ENODEV: exit 0 if it did. */
static pid_t scan_expect_enodev(const char *memdev)
{
	pid_t pid = fork();

	if (!pid) {
		struct cxl_reply reply;
		int fd = open_memdev_fwctl(memdev);

		if (fd < 0)
			_exit(1);
		if (!scan_media(fd, 0, &reply) || errno != ENODEV) {
			fprintf(stderr, "# Scan Media: %s\n", strerror(errno));
			_exit(2);
		}
		_exit(0);
	}
	return pid;
}

/* The device goes away mid-operation: the waiter and removal are prompt. */
TEST_F(bg, unload_and_unbind_midway)
{
	char names[4][32], bdf[64];
	struct cxl_reply reply;
	int status, fd;
	double t0;
	pid_t pid;

	ASSERT_EQ(2, list_memdevs(names, 4));
	pid = scan_expect_enodev(names[0]);
	ASSERT_LT(0, pid);
	usleep(300 * 1000);
	t0 = now_ms();
	ASSERT_EQ(0, run_cmd("rmmod cxl_fwctl"));
	ASSERT_GT(1000, now_ms() - t0);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(0, run_cmd("insmod " MODDIR "/cxl_fwctl.ko"));

	/* Unbinding cxl_pci removes the memdev while a scan waits. */
	fd = open_memdev_fwctl(names[0]);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, wait_slot_free(fd, &reply));
	close(fd);
	ASSERT_EQ(0, memdev_pci(names[0], bdf, sizeof(bdf)));
	pid = scan_expect_enodev(names[0]);
	ASSERT_LT(0, pid);
	usleep(300 * 1000);
	t0 = now_ms();
	ASSERT_EQ(0, write_file(CXL_PCI_DRIVER "/unbind", bdf));
	ASSERT_GT(1000, now_ms() - t0);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_EQ(0, write_file(CXL_PCI_DRIVER "/bind", bdf));
	for (int i = 0; i < 100; i++) {
		fd = -1;
		if (list_memdevs(names, 4) == 2) {
			fd = open_memdev_fwctl(names[0]);
			if (fd >= 0)
				close(fd);
			fd = fd >= 0 ? open_memdev_fwctl(names[1]) : -1;
		}
		if (fd >= 0)
			break;
		usleep(100 * 1000);
	}
	ASSERT_LE(0, fd);
	close(fd);

	/* Both devices work again once the orphaned operation ended. */
	for (int i = 0; i < 2; i++) {
		fd = open_memdev_fwctl(names[i]);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, wait_slot_free(fd, &reply));
		ASSERT_EQ(0, reply.retval);
		close(fd);
	}
}

TEST_HARNESS_MAIN
