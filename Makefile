# Each target installs into .venv only the dependency group it needs, from the locked
# requirements/<group>.txt (exact versions with hashes, wheels only), once per change of the lock.
VENV    := .venv
PY      := $(VENV)/bin/python
CHROMIUM := /usr/lib/chromium/chromium
ADDR    ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
group_stamp = $(VENV)/.$(1)-$(shell sha256sum requirements/$(1).txt | cut -c1-12)
BUILD_DEPS := $(call group_stamp,build)
CHECK_DEPS := $(call group_stamp,check)
TEST_DEPS  := $(call group_stamp,test)

.PHONY: serve build check test browser clean lock

define install
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q --require-hashes --only-binary :all: -r requirements/$(1).txt
	rm -f $(VENV)/.$(1)-*
	touch $@
endef

$(BUILD_DEPS): requirements/build.txt
	$(call install,build)

$(CHECK_DEPS): requirements/check.txt
	$(call install,check)

$(TEST_DEPS): requirements/test.txt
	$(call install,test)

serve: $(BUILD_DEPS)  ## live site on http://$(ADDR) (ADDR=host:port, default 127.0.0.1:8000), rebuilt (only what changed) when docs/, data/, macros/ or overrides/ change; a failing build shows its problems in the browser
	$(PY) scripts/serve.py -a $(ADDR)

build: $(BUILD_DEPS)  ## site into site/ (built in a temporary folder, swapped in only on success)
	$(PY) scripts/check.py --build-only

check: $(CHECK_DEPS)  ## data validation, citations, hash pins, strict build, built-site checks
	$(PY) scripts/check.py

browser:  ## Debian's Chromium for the browser tests
	@test -x $(CHROMIUM) || { \
	  echo "installing Debian's chromium package for the browser tests"; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

test: $(TEST_DEPS) browser check  ## every test, the checks included
	$(PY) -m pytest

clean:
	rm -rf site .site-build-* .pytest_cache

.PHONY: bench
bench: $(BUILD_DEPS)  ## build time, peak memory and site size at 1x, 10x and 100x the data (BENCH_ARGS=--profile adds a profile; --instructions real,1 also counts instructions under valgrind, which machine load does not move; --parts real,1 counts each part of our side of the build)
	$(PY) scripts/bench.py $(BENCH_ARGS)

.PHONY: lighthouse
lighthouse: build  ## Lighthouse scores of the home, a topic, an actor and a source page, served on ADDR (npm's lighthouse, Debian Chromium; LIGHTHOUSE_ARGS="--runs 1" for one run a page)
	test -d node_modules/lighthouse || npm ci --no-audit --no-fund
	$(MAKE) browser
	$(PY) scripts/lighthouse.py --addr $(ADDR) $(LIGHTHOUSE_ARGS)

lock:  ## re-resolve requirements/*.txt from pyproject.toml (exact versions, hashes, wheels only)
	test -x $(VENV)/bin/uv || $(PY) -m pip install -q uv
	for group in build check test engines; do \
	  case $$group in build) extras="";; check) extras="--extra check";; test) extras="--extra check --extra test";; engines) extras="--extra engines -c requirements/build.txt";; esac; \
	  $(VENV)/bin/uv pip compile pyproject.toml $$extras --generate-hashes --only-binary :all: --python-version 3.11 \
	    --python-platform x86_64-manylinux_2_28 --no-header --quiet -o requirements/$$group.txt; \
	done

.PHONY: new-source
new-source: $(BUILD_DEPS)  ## archive FILE as a new staged source with id ID (data/sources/NNN_<sha256[:16]>.txt and ID.yaml)
	@test -n "$(FILE)" -a -n "$(ID)" || { echo 'usage: make new-source FILE=path/to/document.txt ID=source-slug'; exit 2; }
	$(PY) scripts/new_source.py "$(FILE)" "$(ID)"

.PHONY: suggest
suggest: $(BUILD_DEPS)  ## passages for a draft claim (TEXT="…"), or a source's uncited paragraphs (SOURCE=id)
	@$(PY) scripts/suggest.py $(if $(TEXT),--text "$(TEXT)") $(if $(SOURCE),--source "$(SOURCE)")

ENGINES_VENV := .venv-engines
ENGINES_DEPS := $(ENGINES_VENV)/.engines-$(shell sha256sum requirements/engines.txt | cut -c1-12)

$(ENGINES_DEPS): requirements/engines.txt
	test -x $(ENGINES_VENV)/bin/python || python3 -m venv $(ENGINES_VENV)
	$(ENGINES_VENV)/bin/python -m pip install --disable-pip-version-check -q --require-hashes --only-binary :all: -r requirements/engines.txt
	rm -f $(ENGINES_VENV)/.engines-*
	touch $@

.PHONY: check-engines
check-engines: $(ENGINES_DEPS)  ## build with MkDocs and with ProperDocs (--strict), and compare: identical apart from the generator's name
	$(ENGINES_VENV)/bin/python scripts/check_engines.py

.PHONY: check-groups
check-groups:  ## every documented target from a fresh clone of the last commit, one fresh venv per group (GROUPS=build,check,test; minutes)
	python3 scripts/check_groups.py $(if $(GROUPS),--groups $(GROUPS)) $(CHECK_GROUPS_ARGS)

.PHONY: fuzz
fuzz: $(TEST_DEPS)  ## the property test on mutated data files, FUZZ_EXAMPLES (5000) examples; `make test` runs 100
	FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),5000) $(PY) -m pytest tests/test_fuzz.py -q -s -p no:cacheprovider

.PHONY: release-notes
release-notes: $(BUILD_DEPS)  ## list every claim, relation and thread changed since the last release under the next release in data/releases.yaml, for review
	$(PY) scripts/release_notes.py
