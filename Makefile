# Two commands on a fresh machine with only python3 and make: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8501

.PHONY: setup run test screenshots lint format bench bench-store export import geo mutation audit

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) --server.headless true

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest -n 2 --dist loadfile  # a file's tests share one worker (and its served app)

# The browser tests, keeping a picture of every page they see in screenshots/ to look at.
screenshots: setup
	REGIONDASH_SCREENSHOTS=1 $(VENV)/bin/pytest -n 2 --dist loadfile -m browser

lint: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Synthetic packages (git-ignored .bench/), rebuilt when the generator or data/ change.
SCALES ?= 10 100 1000
BENCH_PACKAGES := $(foreach scale,$(SCALES),.bench/x$(scale)/datapackage.json)
.bench/x%/datapackage.json: scripts/synth.py $(wildcard data/*.csv data/*.json data/geo/*) | setup
	$(PY) scripts/synth.py --scale $* --out .bench/x$*

# Every page at 1x (data/) and each synthetic scale, against the naive page; prints, asserts nothing.
# BENCH='--repeats 3 --pages map' passes options to scripts/bench.py.
BENCH ?=
bench: setup $(BENCH_PACKAGES)
	$(PY) scripts/bench.py --scales 1 $(SCALES) $(BENCH)

# Edits per second of the store on SQLite and PostgreSQL (a throwaway cluster when installed).
bench-store: setup
	$(PY) scripts/bench_store.py

# The store as a new Data Package folder (default var/export/regiondash-v<version>), checked by
# the loader and frictionless; and a package into the store, whole or not at all.
EXPORT ?=
PACKAGE ?= data
export: setup
	$(PY) -m regiondash.store export $(EXPORT)

import: setup
	$(PY) -m regiondash.store import $(PACKAGE)

# Known vulnerabilities of every pinned package (PyPI's advisory data). Needs the internet, so it
# is not part of `make test`; --strict fails when a package could not be checked.
audit: setup
	$(VENV)/bin/pip-audit --strict --progress-spinner off -r constraints.txt

# Rebuilds data/geo/ from Natural Earth (needs the npm registry); the output is committed.
geo: setup
	$(PY) scripts/build_geo.py

# Mutation testing of the pure modules ([tool.mutmut] in pyproject.toml), on demand only (not in
# `make test`). One niced worker; work is kept in mutants/ so a rerun only retests what changed.
# MUTANTS='regiondash.filters.*' limits a run to one module. Survivors: mutation-survivors.txt.
MUTANTS ?=
mutation: setup
	@# mutmut refreshes only the files it mutates: drop stale copies of the rest so they are recopied
	if [ -d mutants ]; then rm -rf mutants/tests mutants/data mutants/app_pages; \
	  find mutants/src -type f ! -name '*.meta' ! -exec test -e '{}.meta' ';' -delete; fi
	nice -n 10 $(VENV)/bin/mutmut run --max-children 1 $(MUTANTS)
	$(VENV)/bin/mutmut results | sed 's/^ *//' | sort > mutation-survivors.txt
	$(VENV)/bin/mutmut results --all true | awk -F': ' '{ split($$1, p, "."); m = p[1] "." p[2]; \
	  sub(/^ +/, "", m); if ($$2 == "not checked") { u[m]++; next } n[m]++; N++; \
	  if ($$2 == "killed" || $$2 == "timeout") { k[m]++; K++ } } \
	  END { for (m in n) printf "%-24s %5d / %-5d killed %5.1f%%  (%d not run yet)\n", \
	  m, k[m], n[m], 100 * k[m] / n[m], u[m]; \
	  if (N) printf "%-24s %5d / %-5d killed %5.1f%%\n", "score", K, N, 100 * K / N }' | sort
	@echo "survivors: mutation-survivors.txt (see one with: $(VENV)/bin/mutmut show NAME)"
