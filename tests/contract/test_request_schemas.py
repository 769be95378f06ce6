"""One request schema, stated twice and kept equal: each operation's `Field` dict (what
the server validates) and its requestBody in openapi.yaml (what clients are told),
compared field by field: type, required, additional properties, enum, length and
range bounds, excluded ranges, patterns, named formats, nested objects."""
from __future__ import annotations

import pytest
import yaml

from functions_loader import function_module
from icp_api.app import FunctionApp
from icp_api.routes import load_functions
from icp_api.validation import Field

from .conftest import OPENAPI, TEMPLATE

METHODS = {"get", "put", "post", "delete", "patch"}


@pytest.fixture(scope="module")
def document() -> dict:
    with open(OPENAPI, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def deref(document: dict, node: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        target = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def operations(document: dict) -> dict[str, dict]:
    return {op["operationId"]: op for item in document["paths"].values()
            for method, op in item.items() if method in METHODS}


def server_schemas() -> dict[str, dict | None]:
    schemas: dict[str, dict | None] = {}
    for function_id, function in load_functions(TEMPLATE).items():
        api = getattr(function_module(function_id), "api", None) if function.routes else None
        if function.routes and isinstance(api, FunctionApp):  # not the console's static files
            schemas.update(api.schemas)
    return schemas


def as_json_schema(fields) -> dict:
    """The JSON Schema a `Field` dict means, in the document's own terms."""
    properties = {}
    for name, spec in fields.items():
        properties[name] = field_schema(spec)
    schema = {"type": "object", "additionalProperties": False, "properties": properties}
    required = sorted(name for name, spec in fields.items() if spec.required)
    if required:
        schema["required"] = required
    return schema


def field_schema(spec: Field) -> dict:
    if spec.kind == "object":
        return as_json_schema(spec.fields)
    out: dict = {"type": spec.kind}
    for key, value in (("minLength", spec.min_length), ("maxLength", spec.max_length),
                       ("minimum", spec.minimum), ("maximum", spec.maximum), ("pattern", spec.pattern),
                       ("format", spec.format)):
        if value is not None:
            out[key] = value
    if spec.not_between is not None:
        out["not"] = {"exclusiveMinimum": spec.not_between[0], "exclusiveMaximum": spec.not_between[1]}
    if spec.enum is not None:
        out["enum"] = sorted(spec.enum)
    return out


CONSTRAINTS = ("type", "additionalProperties", "required", "minLength", "maxLength", "minimum", "maximum",
               "pattern", "enum", "format", "not")


def documented(document: dict, schema: dict) -> dict:
    """The constraints of a requestBody schema (descriptions and examples left out)."""
    schema = deref(document, schema)
    out = {k: (sorted(schema[k]) if k in ("required", "enum") else schema[k]) for k in CONSTRAINTS if k in schema}
    if "properties" in schema:
        out["properties"] = {name: documented(document, sub) for name, sub in schema["properties"].items()}
    elif out.get("type") == "object":
        out["properties"] = {}
    return out


def test_every_operation_with_a_body_has_one_schema_in_each_place(document):
    ops = operations(document)
    schemas = server_schemas()
    assert set(schemas) == set(ops)
    for operation_id, fields in schemas.items():
        has_body = "requestBody" in ops[operation_id]
        assert (fields is not None) == has_body, operation_id


@pytest.mark.parametrize("operation_id", sorted(op for op, f in server_schemas().items() if f is not None))
def test_the_document_and_the_server_agree_field_by_field(document, operation_id):
    body = operations(document)[operation_id]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert documented(document, schema) == as_json_schema(server_schemas()[operation_id])
    assert body["required"] == any(f.required for f in server_schemas()[operation_id].values())


def test_an_account_id_is_described_by_the_pattern_the_domain_checks(document):
    """`account-id` is a named format (checked by the domain, so that it is listed with the
    domain's other findings); its description states the domain's own pattern."""
    from icp_filing.resources import ACCOUNT_ID

    found = []

    def walk(node):
        node = deref(document, node)
        if isinstance(node, dict):
            if node.get("format") == "account-id":
                found.append(node)
                assert f"`{ACCOUNT_ID.pattern}`" in node.get("description", ""), node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for operation in operations(document).values():
        if "requestBody" in operation:
            walk(operation["requestBody"]["content"]["application/json"]["schema"])
    assert len(found) == 3  # a resource's owner; the grantee of a grant and of its revocation
