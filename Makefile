# The two set-up commands from the README: `make run` and `make test`. Both install what they need:
# `make run` only what the bot needs (requirements.lock), `make test` the test tools too
# (requirements-test.lock). Both lock files pin every package with its hashes; `make lock` rewrites
# them from pyproject.toml in one command.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
PIP := $(PY) -m pip -q --disable-pip-version-check
LOCK_FLAGS := --quiet --generate-hashes --universal --python-version 3.11 --custom-compile-command "make lock"
# uv installs in seconds what pip takes a minute for. Use the uv on PATH, else have this Python's pip put
# one in the venv (uv is on the package registry); print nothing when neither works, and pip installs.
FIND_UV = command -v uv || { test -x $(VENV)/bin/uv || $(PYTHON) -m pip -q --disable-pip-version-check --python $(PY) install uv >/dev/null 2>&1; test -x $(VENV)/bin/uv && echo $(VENV)/bin/uv; } || true

.PHONY: run test lint bench lock

# Without pip: seeding it takes longer than uv needs for everything (pip is added only if uv cannot be had).
$(PY):
	if command -v uv >/dev/null 2>&1; then uv venv -q --python $(PYTHON) $(VENV); else $(PYTHON) -m venv --without-pip $(VENV); fi

# $(1): the lock file, installed with every file hash-checked; $(2), if given: the project with its extras,
# installed editable after it (the tests start the bot from other folders). A dependency added to
# pyproject.toml but not locked yet then still installs, unpinned, and tests/deploy/test_dependencies.py
# fails until `make lock` is run. `make run` needs no install of the project: it runs from here.
define install_locked
	uv=$$($(FIND_UV)); \
	if [ -n "$$uv" ]; then \
	  $$uv pip install -q --python $(PY) --require-hashes -r $(1) $(if $(2),&& $$uv pip install -q --python $(PY) -e '$(2)'); \
	else \
	  { $(PIP) --version >/dev/null 2>&1 || $(PY) -m ensurepip >/dev/null; } && \
	  $(PIP) install --require-hashes -r $(1) $(if $(2),&& $(PIP) install -e '$(2)'); \
	fi
	touch $@
endef

$(VENV)/.installed-run: pyproject.toml requirements.lock | $(PY)
	$(call install_locked,requirements.lock)

$(VENV)/.installed: pyproject.toml requirements-test.lock | $(PY)
	$(call install_locked,requirements-test.lock,.[test])

# Each first compiles the red-flag screen's hot modules (content/redflags/build.py: seconds when the build is
# current, a minute or two when not); without mypyc, setuptools or a C compiler the source runs, more slowly.
run: $(VENV)/.installed-run
	$(PY) -m content.redflags.build
	$(PY) -m bot

test: $(VENV)/.installed
	$(PY) -m content.redflags.build
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: $(VENV)/.installed
	$(PY) -m content.redflags.build
	for b in updates lessons diary scheduler broadcast load redflags; do $(PY) -m bench.$$b || exit 1; done

lock: | $(PY)
	uv=$$($(FIND_UV)); test -n "$$uv" || { echo "make lock needs uv: pip install uv" >&2; exit 1; }; \
	$$uv pip compile $(LOCK_FLAGS) pyproject.toml -o requirements.lock && \
	$$uv pip compile $(LOCK_FLAGS) --extra test pyproject.toml -o requirements-test.lock
