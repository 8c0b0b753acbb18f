# The two commands of the README: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test test-fast check bench clean

site: $(VENV)/.installed
	$(BIN)/kim stage
	$(BIN)/mkdocs build

serve: $(VENV)/.installed
	$(BIN)/kim stage
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

check: $(VENV)/.installed
	$(BIN)/kim check

# Every test, in one process per core and one more; the fast tier first (tests/conftest.py).
test: $(VENV)/.installed-test chromium java
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto

# The fast tier: the checker, the core's pages and outputs, in-process (no MkDocs
# build, no browser), in well under a minute.
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m "not build and not browser"

# Not part of `make test`: builds synthetic sites at NRW scale, writes benchmarks/RESULTS.md.
bench: $(VENV)/.installed-test chromium
	$(BIN)/python benchmarks/run.py

# The package and its pinned dependencies (requirements.lock pins every one).
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $@

# Browser tests drive Debian's Chromium (never a downloaded browser).
.PHONY: chromium
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "make test needs Chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# The Nu HTML Checker (tests/test_residents.py) runs on Java.
.PHONY: java
java:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "make test needs Java for the Nu HTML Checker: sudo apt-get install default-jre-headless" >&2; exit 1; fi; }

clean:
	rm -rf build site .site.kim-new
	mkdir -p build/docs && touch build/docs/.gitkeep
