# `sam build` runs build-SharedLayer (the layer's BuildMethod is makefile): the
# shared packages, their runtime dependencies for the Lambda platform, and the
# routes compiled from template.yml (so a plain WSGI host routes by the same table
# as the gateway, and a cold start needs no YAML parser).
#
# Lambda's code directories are read-only: Python cannot cache bytecode there, so a
# layer without bytecode for the runtime's own Python compiles every module on every
# cold start. The layer therefore carries bytecode compiled by the runtime's Python
# (LAMBDA_PYTHON_BIN, which must be LAMBDA_PYTHON), as unchecked-hash pycs (valid
# whatever the files' timestamps, nothing to check or rewrite), and nothing else:
# no pycs of the build machine's Python, no console scripts.
LAMBDA_PYTHON ?= 3.13
LAMBDA_PLATFORM ?= manylinux2014_aarch64
# The runtime's Python on the build machine: pyenv's, else python3.13 on the PATH.
LAMBDA_PYTHON_BIN ?= $(or $(wildcard $(shell pyenv prefix $(LAMBDA_PYTHON).0 2>/dev/null)/bin/python$(LAMBDA_PYTHON)),python$(LAMBDA_PYTHON))
# Any Python 3.10+ on the build machine runs the build steps; it needs no packages.
BUILD_PYTHON ?= python3

LAYER = $(ARTIFACTS_DIR)/python

build-SharedLayer:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it)" >&2; exit 2; }
	@"$(LAMBDA_PYTHON_BIN)" -c 'import sys; want = tuple(map(int, sys.argv[1].split("."))); sys.exit(0 if sys.version_info[:2] == want else f"LAMBDA_PYTHON_BIN is Python {sys.version.split()[0]}, not {sys.argv[1]}: set LAMBDA_PYTHON_BIN to the runtime'"'"'s Python")' "$(LAMBDA_PYTHON)"
	rm -rf "$(LAYER)"
	mkdir -p "$(LAYER)"
	cp -R shared/icp_filing shared/kvstore shared/icp_api "$(LAYER)/"
	# --no-compile: pip would compile with the build machine's Python, not the runtime's.
	"$(BUILD_PYTHON)" -m pip install --quiet --disable-pip-version-check --no-compile -r shared/requirements.txt \
		-t "$(LAYER)" --platform $(LAMBDA_PLATFORM) --python-version $(LAMBDA_PYTHON) --only-binary=:all:
	# The routes, read with the layer's own PyYAML (its pure-Python part: the platform's
	# C extension does not load here and PyYAML falls back), so the build machine needs
	# no packages of its own.
	PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$(LAYER):shared" "$(BUILD_PYTHON)" -c 'import sys; from pathlib import Path; from icp_api.routes import compile_routes; compile_routes(Path("template.yml"), Path(sys.argv[1]))' "$(LAYER)/icp_api/routes.json"
	rm -rf "$(LAYER)/bin"
	find "$(LAYER)" -name __pycache__ -prune -exec rm -rf {} +
	"$(LAMBDA_PYTHON_BIN)" -m compileall -q -j 0 --invalidation-mode unchecked-hash "$(LAYER)"


# Each function: its code directory (functions/<snake_case of the logical id without
# "Function">, as template.yml's CodeUri says; a test checks the convention) and its
# bytecode, compiled like the layer's: sam build's own Python workflow copies sources only.
build-%Function:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it)" >&2; exit 2; }
	@"$(LAMBDA_PYTHON_BIN)" -c 'import sys; want = tuple(map(int, sys.argv[1].split("."))); sys.exit(0 if sys.version_info[:2] == want else f"LAMBDA_PYTHON_BIN is Python {sys.version.split()[0]}, not {sys.argv[1]}")' "$(LAMBDA_PYTHON)"
	$(eval CODE_DIR := functions/$(shell echo '$*' | sed -E 's/([a-z0-9])([A-Z])/\1_\2/g' | tr '[:upper:]' '[:lower:]'))
	@test -d "$(CODE_DIR)" || { echo "no $(CODE_DIR) for $*Function" >&2; exit 2; }
	mkdir -p "$(ARTIFACTS_DIR)"
	cp -R "$(CODE_DIR)/." "$(ARTIFACTS_DIR)/"
	find "$(ARTIFACTS_DIR)" -name __pycache__ -prune -exec rm -rf {} +
	"$(LAMBDA_PYTHON_BIN)" -m compileall -q --invalidation-mode unchecked-hash "$(ARTIFACTS_DIR)"

# Alibaba Cloud Function Compute 3.0 (`s deploy`, s.yaml): each function's code
# package under build/fc/<LogicalId>, holding the shared packages, the routes
# compiled from template.yml, the runtime and PostgreSQL dependencies for FC's
# platform, and the function's own code. s.yaml must be what template.yml generates.
FC_PYTHON ?= 3.12
FC_PLATFORM ?= manylinux2014_x86_64
FC_BUILD ?= build/fc

build-fc:
	python3 scripts/gen-s-yaml --check
	rm -rf "$(FC_BUILD)" && mkdir -p "$(FC_BUILD)/.shared"
	cp -R shared/icp_filing shared/kvstore shared/icp_api "$(FC_BUILD)/.shared/"
	PYTHONPATH=shared python3 -c 'import sys; from pathlib import Path; from icp_api.routes import compile_routes; compile_routes(Path("template.yml"), Path(sys.argv[1]))' "$(FC_BUILD)/.shared/icp_api/routes.json"
	python3 -m pip install --quiet -r shared/requirements.txt -r shared/requirements-postgresql.txt -t "$(FC_BUILD)/.shared" \
		--platform $(FC_PLATFORM) --python-version $(FC_PYTHON) --only-binary=:all:
	python3 scripts/gen-s-yaml --assemble "$(FC_BUILD)/.shared" "$(FC_BUILD)"
	rm -rf "$(FC_BUILD)/.shared"
	# FC's code directory is read-only: without shipped bytecode every cold start compiles
	# every module again. It needs the runtime's own Python version to build.
	if command -v python$(FC_PYTHON) >/dev/null; then \
		python$(FC_PYTHON) -m compileall -q -j0 --invalidation-mode unchecked-hash "$(FC_BUILD)"; \
	else echo "build-fc: no python$(FC_PYTHON) here, the packages ship without bytecode" >&2; fi

.PHONY: build-SharedLayer build-fc
