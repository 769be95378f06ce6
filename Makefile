# `sam build` runs build-SharedLayer (the layer's BuildMethod is makefile): the
# shared packages, their runtime dependencies for the Lambda platform, and the
# template (so a plain WSGI host routes by the same table as the gateway).
LAMBDA_PYTHON ?= 3.13
LAMBDA_PLATFORM ?= manylinux2014_aarch64

build-SharedLayer:
	mkdir -p "$(ARTIFACTS_DIR)/python"
	cp -R shared/icp_filing shared/kvstore shared/icp_api "$(ARTIFACTS_DIR)/python/"
	cp template.yml "$(ARTIFACTS_DIR)/python/icp_api/template.yml"
	python3 -m pip install -r shared/requirements.txt -t "$(ARTIFACTS_DIR)/python" \
		--platform $(LAMBDA_PLATFORM) --python-version $(LAMBDA_PYTHON) --only-binary=:all:

.PHONY: build-SharedLayer
