# SPDX-License-Identifier: GPL-2.0
#
# Compat feature probes: what the C preprocessor cannot test (a header
# that may be missing: Debian 12's sparse has no __has_include; a function
# that may be missing) is looked up here, in the kernel's own headers, and
# passed to the compat headers as FWCTL_COMPAT_* defines. No define means
# the newest supported kernel, so a build that skips this file (the KUnit
# overlay on 6.12) gets the 6.12 code.

# <linux/unaligned.h> is 6.12's; 6.1 has <asm/unaligned.h>.
ifeq ($(wildcard $(srctree)/include/linux/unaligned.h),)
subdir-ccflags-y += -DFWCTL_COMPAT_ASM_UNALIGNED
endif

# pcim_iomap_region() arrived in 6.11.
fwctl_have_pcim_iomap_region := $(shell grep -qsw pcim_iomap_region \
	$(srctree)/include/linux/pci.h && echo y)
ifneq ($(fwctl_have_pcim_iomap_region),y)
subdir-ccflags-y += -DFWCTL_COMPAT_NO_PCIM_IOMAP_REGION
endif
