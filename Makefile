# Build, install and package Bailanys (Linux).
#
#   make                          the release binary (Swift runtime linked in: needs only libc, ncursesw, SQLite)
#   make install PREFIX=/usr/local [DESTDIR=…]
#   make uninstall PREFIX=/usr/local
#   make deb                      bailanys_VERSION_ARCH.deb from the same staging as `make install`
#
# Installed: bin/bailanys, share/man/man1/bailanys.1, and bash, zsh and fish completions.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man/man1
BASH_COMPLETION_DIR ?= $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR ?= $(PREFIX)/share/zsh/site-functions
FISH_COMPLETION_DIR ?= $(PREFIX)/share/fish/vendor_completions.d

SWIFT ?= swift
VERSION := $(shell cat VERSION)
ARCH := $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
# The page's date: the last commit's, so the same commit gives the same page (today's outside git).
MAN_DATE := $(shell git log -1 --format=%cs 2>/dev/null || date +%F)
# Generated files (man page, completions) and the .deb's root; all under .build, which git ignores.
GEN := .build/bailanys-gen
DEB_ROOT := .build/bailanys-deb/root
DEB := bailanys_$(VERSION)_$(ARCH).deb

INSTALLED := $(BINDIR)/bailanys $(MANDIR)/bailanys.1 $(BASH_COMPLETION_DIR)/bailanys \
	$(ZSH_COMPLETION_DIR)/_bailanys $(FISH_COMPLETION_DIR)/bailanys.fish

.PHONY: all build man completions install uninstall deb clean-dist

all: build

SWIFT_BUILD := $(SWIFT) build -c release --static-swift-stdlib

build:
	$(SWIFT_BUILD) --product bailanys
	@mkdir -p $(GEN)
	cp "$$($(SWIFT_BUILD) --show-bin-path)/bailanys" $(GEN)/bailanys

# The page comes from swift-argument-parser's generate-manual tool run on the built binary, through
# packaging/ascii-help, which keeps the non-ASCII characters the tool would drop. (Its
# `swift package generate-manual` plugin front end first rebuilds the whole package with its own flags,
# a second full release build, so the Makefile builds the tool with ours and runs it itself.)
# The hand-written sections (keys, environment, files, exit status) replace the empty EXIT STATUS.
man: build
	$(SWIFT_BUILD) --product generate-manual
	@mkdir -p $(GEN)/manual
	BAILANYS_BINARY=$(abspath $(GEN)/bailanys) "$$($(SWIFT_BUILD) --show-bin-path)/generate-manual" \
	    packaging/ascii-help --date $(MAN_DATE) --section 1 --output-directory $(GEN)/manual
	perl -CS -pe 's/<U\+([0-9A-F]{4,6})>/chr(hex($$1))/ge' $(GEN)/manual/bailanys.1 \
	  | awk 'FNR == NR { extra = extra $$0 "\n"; next } \
	     !done && /^\.Sh "?EXIT STATUS/ { printf "%s", extra; done = 1; next } { print } \
	     END { if (!done) printf "%s", extra }' packaging/bailanys-extra.mdoc - > $(GEN)/bailanys.1

# The bash script is sourced by bash-completion, never run: no #! line (lintian: bash-completion-with-hashbang).
completions: build
	$(GEN)/bailanys --generate-completion-script bash | sed '1{/^#!/d}' > $(GEN)/bailanys.bash
	$(GEN)/bailanys --generate-completion-script zsh > $(GEN)/_bailanys
	$(GEN)/bailanys --generate-completion-script fish > $(GEN)/bailanys.fish

install: build man completions
	install -d -m 755 $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(BASH_COMPLETION_DIR) \
	    $(DESTDIR)$(ZSH_COMPLETION_DIR) $(DESTDIR)$(FISH_COMPLETION_DIR)
	install -m 755 $(GEN)/bailanys $(DESTDIR)$(BINDIR)/bailanys
	install -m 644 $(GEN)/bailanys.1 $(DESTDIR)$(MANDIR)/bailanys.1
	install -m 644 $(GEN)/bailanys.bash $(DESTDIR)$(BASH_COMPLETION_DIR)/bailanys
	install -m 644 $(GEN)/_bailanys $(DESTDIR)$(ZSH_COMPLETION_DIR)/_bailanys
	install -m 644 $(GEN)/bailanys.fish $(DESTDIR)$(FISH_COMPLETION_DIR)/bailanys.fish

# Exactly the installed files; folders are left, since other programs may share them.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))

# The same install into a staging root with Debian's paths, then what Debian policy adds: a stripped
# binary, a compressed page, copyright and changelog, and Depends computed by dpkg-shlibdeps (which
# reads debian/control from its working folder: it gets a minimal one there).
deb:
	@head -1 packaging/debian/changelog | grep -qF "bailanys ($(VERSION))" \
	    || { echo "packaging/debian/changelog: error: no entry for version $(VERSION) at the top" >&2; exit 1; }
	rm -rf $(dir $(DEB_ROOT)) && mkdir -p $(DEB_ROOT)
	$(MAKE) install DESTDIR=$(abspath $(DEB_ROOT)) PREFIX=/usr ZSH_COMPLETION_DIR=/usr/share/zsh/vendor-completions
	strip --remove-section=.comment --remove-section=.note --strip-unneeded $(DEB_ROOT)/usr/bin/bailanys
	gzip -9n $(DEB_ROOT)/usr/share/man/man1/bailanys.1
	install -d -m 755 $(DEB_ROOT)/usr/share/doc/bailanys $(DEB_ROOT)/DEBIAN
	install -m 644 packaging/debian/copyright $(DEB_ROOT)/usr/share/doc/bailanys/copyright
	gzip -9n < packaging/debian/changelog > $(DEB_ROOT)/usr/share/doc/bailanys/changelog.gz
	chmod 644 $(DEB_ROOT)/usr/share/doc/bailanys/changelog.gz
	mkdir -p $(dir $(DEB_ROOT))debian && cp packaging/debian/control $(dir $(DEB_ROOT))debian/control
	cd $(dir $(DEB_ROOT)) && dpkg-shlibdeps -O -e root/usr/bin/bailanys | sed -n 's/^shlibs:Depends=//p' > depends
	test -s $(dir $(DEB_ROOT))depends
	sed -e 's/@VERSION@/$(VERSION)/' -e 's/@ARCH@/$(ARCH)/' \
	    -e "s/@DEPENDS@/$$(cat $(dir $(DEB_ROOT))depends)/" \
	    -e "s/@SIZE@/$$(du -sk --exclude=DEBIAN $(DEB_ROOT) | cut -f1)/" \
	    packaging/debian/control.in > $(DEB_ROOT)/DEBIAN/control
	dpkg-deb --build --root-owner-group -Zxz $(DEB_ROOT) $(DEB)

clean-dist:
	rm -rf $(GEN) $(dir $(DEB_ROOT)) bailanys_*.deb
