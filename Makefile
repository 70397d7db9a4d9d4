# The two commands that matter: `make run` and `make test`. `make help` lists the rest.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .uv/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml uv.lock | cksum | cut -d' ' -f1)

.DEFAULT_GOAL := help
.PHONY: help install run test test-fast lint format messages bench sandbox-status demo-users-reset compose-check clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

.uv/bin/uv:
	$(PYTHON) -m venv .uv
	.uv/bin/pip install --quiet uv==$(UV_VERSION)

$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP) ## Create .venv with the pinned dependencies (uv)

run: $(STAMP) ## Migrate, load the course, start Redis (unless REDIS_URL), a worker and the site on :8000
	$(PY) scripts/run.py

test: $(STAMP) ## Run the whole test suite (real Redis, Celery worker, sandbox, database and Chromium)
	$(PY) -m pytest

test-fast: $(STAMP) ## Run the tests that need no browser
	$(PY) -m pytest -m "not browser"

lint: $(STAMP) ## Check style with ruff
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP) ## Format the code with ruff
	$(VENV)/bin/ruff format .

messages: $(STAMP) ## Update and compile the translation catalogues (needs gettext)
	$(PY) manage.py makemessages --locale pt_BR --ignore ".venv/*" --ignore "content/*"
	$(PY) manage.py compilemessages --locale pt_BR --ignore ".venv/*"

bench: $(STAMP) ## Measure the sandbox (zygote vs in-process floor vs a fresh python per run)
	$(PY) bench/sandbox.py

sandbox-status: $(STAMP) ## Show which isolation layers the sandbox gets on this host
	$(PY) manage.py sandbox_status

demo-users-reset: $(STAMP) ## Print new passwords for the demo student and instructor
	$(PY) manage.py create_demo_users --reset-passwords

compose-check: $(STAMP) ## Validate docker-compose.yml against the Compose specification
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml

clean: ## Remove the virtualenv, the local database and caches
	rm -rf $(VENV) .uv var staticfiles .pytest_cache .ruff_cache
