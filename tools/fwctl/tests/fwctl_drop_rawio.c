// SPDX-License-Identifier: GPL-2.0
/*
 * Test helper for the VM: run a program without CAP_SYS_RAWIO.
 *
 *   fwctl_drop_rawio PROG [ARGS]   drop the capability for good, exec PROG
 *   fwctl_drop_rawio               check that dropping works (TAP)
 *
 * busybox's setpriv cannot change the bounding set, and root regains every
 * capability in it on exec, so the capability leaves the bounding set here.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <linux/capability.h>

static int drop(void)
{
	if (prctl(PR_CAPBSET_DROP, CAP_SYS_RAWIO, 0, 0, 0)) {
		fprintf(stderr, "fwctl_drop_rawio: PR_CAPBSET_DROP: %s\n",
			strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		if (drop())
			return 126;
		execvp(argv[1], argv + 1);
		fprintf(stderr, "fwctl_drop_rawio: %s: %s\n", argv[1], strerror(errno));
		return 127;
	}
	printf("TAP version 13\n1..1\n");
	if (drop() || prctl(PR_CAPBSET_READ, CAP_SYS_RAWIO, 0, 0, 0) != 0) {
		printf("not ok 1 - CAP_SYS_RAWIO leaves the bounding set\n");
		return 1;
	}
	printf("ok 1 - CAP_SYS_RAWIO leaves the bounding set\n");
	return 0;
}
