# `sam build` runs build-SharedLayer (the layer's BuildMethod is makefile): the
# shared packages, their runtime dependencies for the Lambda platform, and the
# routes compiled from template.yml (so a plain WSGI host routes by the same table
# as the gateway, and a cold start needs no YAML parser).
LAMBDA_PYTHON ?= 3.13
LAMBDA_PLATFORM ?= manylinux2014_aarch64

build-SharedLayer:
	mkdir -p "$(ARTIFACTS_DIR)/python"
	cp -R shared/icp_filing shared/kvstore shared/icp_api "$(ARTIFACTS_DIR)/python/"
	find "$(ARTIFACTS_DIR)/python" -name __pycache__ -prune -exec rm -rf {} +
	PYTHONPATH=shared python3 -c 'import sys; from pathlib import Path; from icp_api.routes import compile_routes; compile_routes(Path("template.yml"), Path(sys.argv[1]))' "$(ARTIFACTS_DIR)/python/icp_api/routes.json"
	python3 -m pip install --quiet -r shared/requirements.txt -t "$(ARTIFACTS_DIR)/python" \
		--platform $(LAMBDA_PLATFORM) --python-version $(LAMBDA_PYTHON) --only-binary=:all:


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
