# Helpcenter: `make run` starts everything on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve install upgrade test lint typecheck check messages bench bench-pg bench-smoke mutation clean

# Every dependency, direct and indirect, comes from requirements.lock (pinned, with
# hashes); the project itself is installed on top without touching them.
$(STAMP): pyproject.toml requirements.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) scripts/check_lock.py
	touch $(STAMP)

# Refresh the lock to the newest versions pyproject.toml allows (then `make test`
# and commit requirements.lock).
upgrade:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --extra bench --generate-hashes \
	  --python-version 3.11 --universal --upgrade -o requirements.lock
	rm -f $(STAMP)
	$(MAKE) install

install: $(STAMP)

# Web server and background worker together; Ctrl-C stops both. Unless
# EMAIL_HOST is set, a local SMTP sink on 127.0.0.1:$(MAIL_SINK_PORT) (1025)
# prints every e-mail the worker sends to this terminal (MAIL_SINK=0 turns it
# off). Two checkouts side by side: `make run PORT=8001 MAIL_SINK_PORT=1026`.
MAIL_SINK ?= 1
MAIL_SINK_PORT ?= 1025
run: export EMAIL_PORT ?= $(MAIL_SINK_PORT)
# Links in e-mails follow the port actually served (unless SITE_URL is set).
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: $(STAMP) .env
	mkdir -p var/static
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo
	@echo "Help Center on http://$(HOST):$(PORT)/  (demo logins in README.md)"
	trap 'kill 0' INT TERM EXIT; \
	if [ "$(MAIL_SINK)" = "1" ] && [ -z "$$EMAIL_HOST" ]; then \
	  $(PY) -m aiosmtpd -n -l 127.0.0.1:$(MAIL_SINK_PORT) -c aiosmtpd.handlers.Debugging & \
	fi; \
	DEBUG=$${DEBUG:-1} $(PY) manage.py run_worker & \
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

# The production setup on one machine: gunicorn (2 x cores + 1 workers unless
# WEB_WORKERS is set) and the worker, DEBUG=0, settings from the environment or
# .env (SECRET_KEY, ALLOWED_HOSTS, SITE_URL, DATABASE_URL, EMAIL_*: see
# .env.example), static files collected and served by WhiteNoise.
WEB_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) * 2 + 1 )))
serve: $(STAMP)
	mkdir -p var/static
	DEBUG=0 $(PY) manage.py migrate --noinput
	DEBUG=0 $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Help Center (production setup) on http://$(HOST):$(PORT)/ with $(WEB_WORKERS) web workers"
	mkdir -p var/prometheus
	trap 'kill 0' INT TERM EXIT; \
	DEBUG=0 PROMETHEUS_MULTIPROC_DIR=$(CURDIR)/var/prometheus $(PY) manage.py run_worker & \
	DEBUG=0 PROMETHEUS_MULTIPROC_DIR=$(CURDIR)/var/prometheus $(VENV)/bin/gunicorn config.wsgi \
	  -c config/gunicorn.conf.py --workers $(WEB_WORKERS) --bind $(HOST):$(PORT) \
	  --timeout 30 --graceful-timeout 20 --access-logfile -

# A local, git-ignored .env on first run: DEBUG=1 and a generated SECRET_KEY, so
# `.venv/bin/python manage.py <command>` works afterwards without exports.
.env:
	@printf '# Written by `make run` on first run; see .env.example for every setting.\nDEBUG=1\nSECRET_KEY=%s\n' \
	  "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "wrote .env (DEBUG=1, a generated SECRET_KEY)"

test: $(STAMP)
	$(PY) -m pytest -n $${TEST_WORKERS:-2}

# ruff, the layers (import-linter contracts in pyproject.toml) and the
# architecture test (model managers only in selectors/actions; module size).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) scripts/check_lock.py
	$(PY) -m pytest -q -p no:xdist tests/test_architecture.py

typecheck: $(STAMP)
	DEBUG=1 $(VENV)/bin/mypy config helpcenter sla

check: lint typecheck test

# Needs GNU gettext (Debian: gettext). Compiled .mo files are committed so
# `make run` works without it.
messages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages -l pt_BR --no-obsolete --ignore=.venv --ignore=var --ignore=mutants
	DEBUG=1 $(PY) manage.py compilemessages -l pt_BR --ignore=.venv --ignore=mutants

bench: $(STAMP)
	$(PY) bench/sla.py

# Every bench in its smoke mode (a few hundred rows, a few seconds; figures not
# judged), on SQLite, then with BENCH_PG=1 on PostgreSQL too: CI runs it so that a
# schema change that breaks a bench fails there.
bench-smoke: $(STAMP)
	$(PY) bench/smoke.py
	if [ "$${BENCH_PG:-0}" = "1" ]; then $(PY) bench/smoke.py --pg; fi

# Needs PostgreSQL on 127.0.0.1:5432; loads 1,000,000 tickets once into bench databases.
bench-pg: $(STAMP)
	$(PY) bench/sla_due_query.py
	$(PY) bench/console.py

# Mutation testing of the access rules, ticket reads, transition table and SLA
# math (not in CI): one module per run, each within its budget (29 minutes in all);
# prints each module's score and names every survivor (scripts/mutation.py).
mutation: $(STAMP)
	$(PY) -m pip install --quiet "mutmut>=3.8,<4"
	rm -rf mutants
	$(PY) scripts/mutation.py

clean:
	rm -rf $(VENV) var mutants
