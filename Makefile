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

.PHONY: build-SharedLayer
