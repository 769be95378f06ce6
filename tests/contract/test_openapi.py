"""openapi.yaml is a valid OpenAPI 3.1 document of exactly the routes of template.yml,
and `scripts/serve` publishes it at GET /openapi.json."""
from __future__ import annotations

import json

import pytest
import requests
import yaml
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from icp_api.routes import load_functions

from .conftest import OPENAPI, TEMPLATE

METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture(scope="module")
def document() -> dict:
    with open(OPENAPI, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def documented_routes(document: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in document["paths"].items() for method in item if method in METHODS}


def template_routes() -> set[tuple[str, str]]:
    """The API's routes: everything under /v1 (the console's static files are a web page, not the API)."""
    return {(r.method, r.path) for f in load_functions(TEMPLATE).values() for r in f.routes
            if r.path.startswith("/v1/")}


def test_only_the_console_lies_outside_v1():
    outside = {(f.function_id, r.path) for f in load_functions(TEMPLATE).values() for r in f.routes
               if not r.path.startswith("/v1/")}
    assert outside == {("ConsoleFunction", "/console"), ("ConsoleFunction", "/console/{proxy+}")}


def test_is_a_valid_openapi_3_1_document(document):
    assert document["openapi"].startswith("3.1.")
    validate(document, cls=OpenAPIV31SpecValidator)


def test_documents_every_route_of_the_template(document):
    missing = template_routes() - documented_routes(document)
    assert not missing, f"routes of template.yml missing from openapi.yaml: {sorted(missing)}"


def test_documents_no_route_the_template_lacks(document):
    extra = documented_routes(document) - template_routes()
    assert not extra, f"routes in openapi.yaml that template.yml does not declare: {sorted(extra)}"


def test_operation_ids_are_the_template_event_ids(document):
    by_route = {(r.method, r.path): r.event_id for f in load_functions(TEMPLATE).values() for r in f.routes
                if r.path.startswith("/v1/")}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                assert operation["operationId"] == by_route[(method.upper(), path)], (method, path)


def test_every_operation_documents_its_errors_and_request_id(document):
    for path, item in document["paths"].items():
        path_params = {p["$ref"] for p in item.get("parameters", [])}
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation["responses"]
            for status in ("400", "401", "403", "500", "503"):
                assert status in responses, (method, path, status)
            if path_params:
                assert "404" in responses, (method, path)
            if method in ("post", "put"):
                assert "413" in responses, (method, path)
            if method == "post":
                assert "422" in responses and "409" in responses, (method, path)
                refs = {p["$ref"] for p in operation.get("parameters", [])}
                assert "#/components/parameters/IdempotencyKey" in refs, (method, path)
            for status, response in responses.items():
                if "$ref" in response:
                    response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
                assert "X-Request-Id" in response.get("headers", {}), (method, path, status)
                assert list(response["content"]) == ["application/json"], (method, path, status)


def test_the_error_envelope_names_every_code_the_server_answers(document):
    """One list of codes: the envelope's enum is the server's code -> status table (a code
    missing from it is an answer the document calls impossible; schemathesis found four)."""
    from icp_api.errors import STATUS

    envelope = document["components"]["schemas"]["ErrorEnvelope"]["properties"]["error"]["properties"]
    assert sorted(envelope["code"]["enum"]) == sorted(STATUS)
    # Each status's own schema (ErrorNotFound: the 404s, ...) names exactly that status's codes.
    by_schema = {"ErrorBadRequest": 400, "ErrorUnauthenticated": 401, "ErrorForbidden": 403, "ErrorNotFound": 404,
                 "ErrorConflict": 409, "ErrorPayloadTooLarge": 413, "ErrorIdempotencyKeyReused": 422,
                 "ErrorInternal": 500, "ErrorUnavailable": 503}
    schemas = document["components"]["schemas"]
    assert {name for name in schemas if name.startswith("Error") and name != "ErrorEnvelope"} == set(by_schema)
    for name, status in by_schema.items():
        code = schemas[name]["allOf"][1]["properties"]["error"]["properties"]["code"]
        assert set(code.get("enum") or [code.get("const")]) == {c for c, s in STATUS.items() if s == status}, name


@pytest.mark.slow
def test_serve_publishes_the_document(live, document):
    response = requests.get(live.base + "/openapi.json", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers.get("X-Request-Id")
    assert json.loads(response.content) == json.loads(json.dumps(document))
    validate(response.json(), cls=OpenAPIV31SpecValidator)


@pytest.mark.slow
def test_serve_answers_other_methods_on_the_document_with_405(live):
    response = requests.post(live.base + "/openapi.json", timeout=10)
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    assert response.headers.get("X-Request-Id")
