# SPDX-License-Identifier: GPL-2.0
#
# Front door for people. kbuild itself reads ./Kbuild when it builds the
# modules; everything here wraps it or the test rig.
#
#   make                  build the modules against KDIR (the running
#                         kernel's headers if it can take them)
#   make KVER=6.1         the same against a Debian kernel, named by series
#                         (6.1, 6.12) or release (6.1.0-56-amd64)
#   make test-modules     also the test-only modules
#   make selftests        the kselftest binaries (static)
#   make tool             the fwctl user tool, its man pages, its VM helpers
#   make install          modules into /lib/modules/KVER/extra, depmod, the
#                         tool into /usr/local/bin, the uAPI headers into
#                         /usr/local/include, the udev rule (as root)
#   make headers_install  the uAPI headers only, under $(DESTDIR)$(PREFIX)
#   make uapi-check       build a program written with mainline's names
#                         against the installed headers: mainline's layout
#   make vmtest           boot the QEMU CXL VM and run the suites
#   make kunit            KUnit under UML
#   make sparse | checkpatch | w1
#   make check            all of the above, with one summary line
#   make deb              the Debian packages (fwctl-cxl-dkms, fwctl-cxl-tools)
#                         into out/deb/
#   make check-roots      the packages in Debian 12 and 13 roots (not in CI)
#   make check-debug      the debug lane (KASAN, lockdep, UBSAN, kmemleak)
#   make coverage         the debug lane, then line and branch coverage of
#                         drivers/ and tools/fwctl (out/coverage/)
#   make coverage-report  only the coverage of the last debug lane's runs
#   make demo             boot the VM and show the modules at work
#   make bench            boot the VM, run the benchmarks, print their figures

# FWCTL_CACHE=DIR on the command line (dkms.conf) reaches the scripts too.
ENV = $(if $(FWCTL_CACHE),FWCTL_CACHE=$(FWCTL_CACHE) )scripts/kernel-env.sh
# The host's own kernel serves only builds for the host; the VM and the
# checks use the Debian kernels fetched into the cache (kernel-env.sh).
HOST_GOALS := all modules install clean
ifeq ($(filter-out $(HOST_GOALS),$(or $(MAKECMDGOALS),all)),)
KDIR ?= $(shell $(ENV) kdir $(KVER))
else
KDIR ?= $(shell $(ENV) vm-kdir $(KVER))
endif
# Building the modules alone (make, make install, DKMS, make test-modules)
# needs only the CXL driver's internal headers from the source; everything
# else (selftests, static checks, KUnit, the VM) takes the whole source.
# Packaging needs no kernel at all.
MODULE_GOALS := all modules install test-modules
ifeq ($(filter-out deb,$(or $(MAKECMDGOALS),all)),)
else ifeq ($(filter-out $(MODULE_GOALS),$(or $(MAKECMDGOALS),all)),)
KDIR := $(KDIR)
CXL_INC := $(shell $(ENV) check $(KDIR) >&2 && $(ENV) cxl-headers $(KDIR))
ifeq ($(CXL_INC),)
$(error cannot build: see the line above)
endif
else
KDIR := $(KDIR)
KSRC := $(shell $(ENV) check $(KDIR) >&2 && $(ENV) source $(KDIR))
ifeq ($(KSRC),)
$(error cannot build: see the line above)
endif
CXL_INC := $(KSRC)/drivers/cxl
endif

PWD := $(CURDIR)
# The release the VM boots: that of KDIR, whatever KVER said.
VM_KVER = $(shell $(ENV) release $(KDIR))
KBUILD = $(MAKE) -C $(KDIR) M=$(PWD) CXL_INTERNAL_INC=$(CXL_INC)
TEST_CONFIG := CONFIG_FWCTL_TEST=m CONFIG_CXL_FWCTL_TEST=m CONFIG_FWCTL_RIG_SELFTEST=m
SELFTESTS := tools/testing/selftests/fwctl

SUITES ?=
EXTRA_TESTS ?=

.PHONY: all modules test-modules selftests vmtest kunit sparse checkpatch \
	w1 check check-debug check-roots coverage coverage-report demo bench \
	clean tool install headers_install uapi-check deb

all: modules

modules:
	$(KBUILD) modules

test-modules:
	$(KBUILD) $(TEST_CONFIG) modules

selftests:
	$(MAKE) -C $(SELFTESTS) KSFT_DIR=$(KSRC)/tools/testing/selftests

vmtest: test-modules selftests
	KDIR=$(KDIR) KVER=$(VM_KVER) tools/testing/vm/run.sh --suites "$(SUITES)" \
		--extra "$(EXTRA_TESTS)"

demo: test-modules selftests tool
	KDIR=$(KDIR) KVER=$(VM_KVER) tools/testing/vm/run.sh --demo

# The figures go to the terminal, the ratio lines last; the full logs stay
# in out/vm/bench/.
bench: test-modules selftests
	KDIR=$(KDIR) KVER=$(VM_KVER) tools/testing/vm/run.sh --suites bench; \
	rc=$$?; tools/testing/vm/bench-report.py out/vm/bench/results.log || rc=1; \
	exit $$rc

tool:
	$(MAKE) -C tools/fwctl all tests

# For a real host. DKMS (dkms.conf) does the module part by itself for
# every new kernel; this is the one-off way.
KREL = $(shell cat $(KDIR)/include/config/kernel.release)
PREFIX ?= /usr/local
UDEVDIR ?= /etc/udev/rules.d

# The uAPI headers, so programs build against them as against mainline's.
UAPI_HEADERS := fwctl/fwctl.h fwctl/cxl.h cxl/features.h

headers_install:
	for h in $(UAPI_HEADERS); do \
		install -D -m 0644 include/uapi/$$h \
			$(DESTDIR)$(PREFIX)/include/$$h || exit 1; \
	done

# A program written with mainline's names and mainline's sizes and offsets
# as static assertions, built against the headers as installed.
uapi-check:
	rm -rf out/uapi
	$(MAKE) -s headers_install DESTDIR=$(PWD)/out/uapi PREFIX=/usr
	$(CC) -std=gnu11 -Wall -Wextra -Werror -I out/uapi/usr/include \
		-o out/uapi/cxl_uapi_layout \
		tools/testing/selftests/fwctl/cxl_uapi_layout.c
	out/uapi/cxl_uapi_layout

install: modules headers_install
	$(KBUILD) INSTALL_MOD_DIR=extra modules_install
	depmod -a $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KREL)
	$(MAKE) -C tools/fwctl install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	install -D -m 0644 packaging/udev/60-fwctl.rules \
		$(DESTDIR)$(UDEVDIR)/60-fwctl.rules
	-command -v udevadm >/dev/null && udevadm control --reload 2>/dev/null

# The Debian packages, built from a copy of the tree into out/deb/.
deb:
	scripts/deb-build.sh

kunit:
	KDIR=$(KDIR) scripts/kunit.sh

sparse:
	KDIR=$(KDIR) KSRC=$(KSRC) scripts/static-check.sh sparse

checkpatch:
	KDIR=$(KDIR) KSRC=$(KSRC) scripts/static-check.sh checkpatch

w1:
	KDIR=$(KDIR) KSRC=$(KSRC) scripts/static-check.sh w1

check:
	KDIR=$(KDIR) KSRC=$(KSRC) scripts/check.sh

# The packages installed in Debian 12 and 13 roots (debootstrap), DKMS
# there, then each root's kernel in the VM. Not in make check: see
# scripts/check-roots.sh for the cost.
check-roots:
	KDIR=$(KDIR) KSRC=$(KSRC) scripts/check-roots.sh

# The debug lane: KUnit and the VM suites under KASAN, lockdep, UBSAN and
# kmemleak, on a debug kernel built once into the cache.
check-debug:
	KDIR=$(KDIR) KSRC=$(KSRC) scripts/check-debug.sh

# gcov counts of every VM run of the debug lane, merged with lcov
# (scripts/coverage.sh); the lane's last stage checks scripts/coverage-floor.
coverage:
	KDIR=$(KDIR) KSRC=$(KSRC) scripts/coverage.sh run

coverage-report:
	scripts/coverage.sh report

clean:
	$(KBUILD) $(TEST_CONFIG) clean
	$(MAKE) -C $(SELFTESTS) clean
	$(MAKE) -C tools/fwctl clean
