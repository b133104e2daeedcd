# voorop — one entry point for setting up, checking and running the project.
#
#   make test            setup, then ruff, ruff format --check, mypy, makemigrations --check,
#                        pytest on SQLite and pytest on a throwaway PostgreSQL cluster
#   make setup           .venv (Python >= 3.12), pip install -e '.[dev]', npm ci, chromium
#   make lint            ruff check, ruff format --check, mypy, makemigrations --check
#   make test-sqlite     pytest on SQLite          (PYTEST_ARGS="-k login -x" to narrow down)
#   make test-postgres   pytest on PostgreSQL 15   (the tests start and stop the cluster)
#   make demo            setup, then `VOOROP_ENV=demo voorop demo` (serves 127.0.0.1:8000)
#   make clean           caches, build output and test artifacts
#   make distclean       clean, plus .venv and node_modules
#
# Setup steps only do work when pyproject.toml / package-lock.json changed (stamp files).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
DEMO_ARGS ?=
export PYTEST_ARGS

.PHONY: help setup lint test test-sqlite test-postgres demo format clean distclean

help:
	@sed -n 's/^#   \{0,1\}//p' $(firstword $(MAKEFILE_LIST)) | sed -n '/^make/,$$p'

setup:
	@scripts/setup

lint: setup
	@scripts/checks lint

test: setup
	@scripts/checks all

test-sqlite: setup
	@scripts/checks sqlite

test-postgres: setup
	@scripts/checks postgres

demo: setup
	VOOROP_ENV=demo $(BIN)/voorop demo $(DEMO_ARGS)

# Rewrites files: run it on your own changes, not as part of a check.
format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache test-artifacts build dist
	find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o \
		-name __pycache__ -type d -print0 | xargs -0 rm -rf

distclean: clean
	rm -rf $(VENV) node_modules
