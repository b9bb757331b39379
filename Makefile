# Every target creates .venv from the pinned requirements.txt when it is missing.
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-$(shell sha256sum requirements.txt | cut -c1-12)
CHROMIUM := /usr/lib/chromium/chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test browser clean

$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

serve: $(STAMP)  ## live site on http://127.0.0.1:8000, rebuilt when docs/, data/ or macros/ change
	$(VENV)/bin/mkdocs serve --strict -a 127.0.0.1:8000

build: $(STAMP)  ## site into site/ (built in a temporary folder, swapped in only on success)
	$(PY) scripts/check.py --build-only

check: $(STAMP)  ## data validation, citations, hash pins, strict build, built-site checks
	$(PY) scripts/check.py

browser:  ## Debian's Chromium for the browser tests
	@test -x $(CHROMIUM) || { \
	  echo "installing Debian's chromium package for the browser tests"; \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

test: $(STAMP) browser check  ## every test, the checks included
	$(PY) -m pytest

clean:
	rm -rf site .site-build-* .pytest_cache

.PHONY: bench
bench: $(STAMP)  ## build time, peak memory and site size at 1x, 10x and 100x the data (BENCH_ARGS=--profile adds a profile)
	$(PY) scripts/bench.py $(BENCH_ARGS)

.PHONY: lighthouse
lighthouse: build  ## Lighthouse scores of the home, a topic, an actor and a source page (npm's lighthouse, Debian Chromium)
	test -d node_modules/lighthouse || npm ci --no-audit --no-fund
	$(MAKE) browser
	$(PY) scripts/lighthouse.py

.PHONY: new-source
new-source: $(STAMP)  ## archive FILE as a new staged source with id ID (data/sources/NNN_<sha256[:16]>.txt and ID.yaml)
	@test -n "$(FILE)" -a -n "$(ID)" || { echo 'usage: make new-source FILE=path/to/document.txt ID=source-slug'; exit 2; }
	$(PY) scripts/new_source.py "$(FILE)" "$(ID)"

.PHONY: suggest
suggest: $(STAMP)  ## passages for a draft claim (TEXT="…"), or a source's uncited paragraphs (SOURCE=id)
	@$(PY) scripts/suggest.py $(if $(TEXT),--text "$(TEXT)") $(if $(SOURCE),--source "$(SOURCE)")

.PHONY: fuzz
fuzz: $(STAMP)  ## the property test on mutated data files, FUZZ_EXAMPLES (5000) examples; `make test` runs 100
	FUZZ_EXAMPLES=$(or $(FUZZ_EXAMPLES),5000) $(PY) -m pytest tests/test_fuzz.py -q -s -p no:cacheprovider
