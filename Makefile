# BgFetch DevTools. `make run` builds and opens the app on the demo project; `make test` is what CI runs.
# Both install the Debian/Ubuntu packages they need when they are missing.

GO      ?= go
# migrated_fynedo: Fyne's threading checks (fyne.Do); sqlite_fts5: go-sqlite3 with FTS5, which the history
# search index needs (storage does not build without it). Every build and test uses both.
TAGS    := migrated_fynedo,sqlite_fts5
GOFLAGS_BUILD := -trimpath -tags $(TAGS) -ldflags "-X main.buildVersion=$(shell packaging/version.sh)"
BIN     := bin/bgfetch
DISPLAY_NUM ?= :99

# cgo headers for Fyne's GLFW driver (X11 and Wayland) and gcc for go-sqlite3.
BUILD_DEPS := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev \
              libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev
# A CJK font (Chinese renders as boxes without one) and what the real-window test drives.
RUN_DEPS   := fonts-noto-cjk
TEST_DEPS  := xvfb xauth xdotool imagemagick
# Node.js runs the bridge snippet's tests (app/bridge), in WeChat's component test runtime too: the npm modules of
# $(SIMULATE) (miniprogram-simulate, jsdom), dev dependencies of those tests only. Installed from Debian only when
# there is no node or npm at all (a NodeSource nodejs carries its own npm).
NODE_DEPS  := $(if $(shell command -v node),,nodejs) $(if $(shell command -v npm),,npm)
SIMULATE   := app/bridge/testdata/simulate
# bench/scale.sh times whole processes with GNU time and measures curl beside bgfetch.
BENCH_DEPS := time curl
# The Windows cross build (mingw-w64 gcc and windres) and installer (NSIS); package-test looks inside
# the packages (file, objdump, 7-Zip, desktop-file-validate) and runs bgfetch-cli.exe under wine.
PACKAGE_DEPS      := gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis xz-utils
PACKAGE_TEST_DEPS := file binutils 7zip desktop-file-utils wine64 lintian appstream man-db python3
# The 32-bit wine DLLs the NSIS installer needs under wine64's WoW64 mode: extracted from Debian's
# libwine:i386, not installed (packaging/wine32.sh).
WINE32_DIR        := bin/packaging/wine32

export PATH := $(PATH):/usr/local/go/bin

.PHONY: all build run demo test check vet lint fmt-check unit bench deps build-deps run-deps test-deps clean \
        package package-linux package-windows package-test package-deps package-test-deps notices

all: build

# Install the missing Debian packages (as root, or through sudo). Elsewhere, say what is needed.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "missing system packages:$$missing (install their equivalents for your system)"; exit 1; fi; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  echo "installing:$$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

build-deps:
	$(call apt_install,$(BUILD_DEPS))
run-deps:
	$(call apt_install,$(RUN_DEPS))
test-deps:
	$(call apt_install,$(TEST_DEPS) $(RUN_DEPS) $(NODE_DEPS))
	@if [ ! -f $(SIMULATE)/node_modules/.package-lock.json ] || [ $(SIMULATE)/package-lock.json -nt $(SIMULATE)/node_modules/.package-lock.json ]; then \
	  echo "installing the snippet's test runtime: npm ci in $(SIMULATE)"; \
	  npm ci --prefix $(SIMULATE) --no-audit --no-fund --loglevel=error; \
	fi
package-deps:
	$(call apt_install,$(PACKAGE_DEPS))
package-test-deps:
	$(call apt_install,$(PACKAGE_TEST_DEPS))
	@packaging/wine32.sh $(WINE32_DIR)
deps: build-deps run-deps test-deps

build: build-deps
	$(GO) build $(GOFLAGS_BUILD) -o $(BIN) .

# Opens the window on the embedded demo project, with its demo server on loopback.
run: build run-deps
	./$(BIN) --demo

# Runs the demo server alone (Ctrl-C stops it).
demo: build
	./$(BIN) demo

fmt-check:
	@bad=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$bad" ]; then echo "gofmt would change:"; echo "$$bad"; exit 1; fi

vet: build-deps
	$(GO) vet -tags $(TAGS) ./...

lint: build-deps
	$(GO) tool staticcheck -tags $(TAGS) ./...

# Unit, panel and real-window tests, all with -race. The window test needs an X display: start Xvfb
# when there is none.
unit: build-deps test-deps
	@if [ -z "$$DISPLAY" ]; then \
	  n=$$(echo $(DISPLAY_NUM) | tr -d :); while [ -e /tmp/.X11-unix/X$$n ] || [ -e /tmp/.X$$n-lock ]; do n=$$((n+1)); done; \
	  Xvfb :$$n -screen 0 1280x800x24 -nolisten tcp >/tmp/bgfetch-xvfb.log 2>&1 & echo $$! > /tmp/bgfetch-xvfb.pid; \
	  for i in $$(seq 50); do [ -e /tmp/.X11-unix/X$$n ] && break; sleep 0.1; done; \
	  export DISPLAY=:$$n; started=1; \
	fi; \
	BGFETCH_WINDOW_TEST=1 $(GO) test -race -tags $(TAGS) -count=1 -timeout 12m ./...; rc=$$?; \
	if [ -n "$$started" ]; then kill $$(cat /tmp/bgfetch-xvfb.pid) 2>/dev/null; fi; exit $$rc

test: fmt-check vet lint unit

# The issue 15 figures, each as a ratio against its peer measured in the same run, interleaved (min and
# median of R runs): bench/scale.sh (100k realistic attempts: search, pull, import, export, growth; curl
# and the headless build as peers) and bench/window.sh (the window vs a bare Fyne window); then the Go
# benchmarks (the window's search over 100k among them) and bench/cli.sh (the 30-day schedule).
R ?= 5
bench: build-deps test-deps
	$(call apt_install,$(BENCH_DEPS))
	./bench/scale.sh $(R)
	./bench/window.sh $(R)
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -benchmem ./...
	./bench/cli.sh

# Release packages in dist/, versioned by packaging/version.sh (FyneApp.toml and the v-tags):
# the Linux .tar.xz (fyne package) and .deb (nfpm), the Windows installer (mingw-w64 cross build +
# NSIS), and a .sha256 beside each. macOS: .github/workflows/macos.yml (needs a Mac).
package: package-linux package-windows
	@GO=$(GO) TAGS=$(TAGS) packaging/package.sh sums
package-linux: build-deps
	@GO=$(GO) TAGS=$(TAGS) packaging/package.sh linux
package-windows: package-deps
	@GO=$(GO) TAGS=$(TAGS) packaging/package.sh windows

# Builds the packages, checks the .deb with lintian and installs it into a temporary root to run its
# bgfetch (--version and a pull from the demo server), checks the Windows binaries, runs the installer
# under wine (install, refuse while running, upgrade, uninstall), the version rule's tests, and builds
# everything again to compare (packaging/package-test.sh).
package-test: package-test-deps package
	GO=$(GO) TAGS="$(TAGS)" WINE32=$(CURDIR)/$(WINE32_DIR) packaging/package-test.sh

# assets/THIRD_PARTY_NOTICES.txt (shown by the About dialog and shipped in every package) from the
# modules the Linux and Windows builds link, and assets/LICENSE, a copy of LICENSE for go:embed. Run it
# after changing dependencies and commit both; package-test fails while they are out of date, and the
# tool fails on a module without a licence it knows (packaging/tools/notices).
notices:
	$(GO) -C packaging/tools build -o $(CURDIR)/bin/packaging/notices ./notices
	cp LICENSE assets/LICENSE
	touch assets/THIRD_PARTY_NOTICES.txt # go list needs what assets embeds
	bin/packaging/notices -builds "linux:$(TAGS);windows:$(TAGS);windows:headless" -o assets/THIRD_PARTY_NOTICES.txt

clean:
	rm -rf bin dist
