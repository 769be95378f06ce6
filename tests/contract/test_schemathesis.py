"""Schemathesis against a live `scripts/serve` (loopback, its own SQLite store): every
operation of the published document, with a token of each role and with none. Every
answer must be documented (status code, content type, headers, body schema), and no
request may make the server fail (no 5xx)."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (allow_header_conformance, content_type_conformance, ignored_auth,
                                 missing_required_header, not_a_server_error, positive_data_acceptance,
                                 response_headers_conformance, response_schema_conformance,
                                 status_code_conformance, unsupported_method, use_after_free)

from . import formats  # noqa: F401 - registers the document's named formats and the client hooks

# `--checks all`: every answer documented, and a request the document calls valid accepted
# (2xx, or a refusal for the state it meets: 401/403/404/409). The one exception is a
# generated `cursor`: a cursor is opaque, signed by the server and bound to its query,
# so a made-up one must be refused (400, the contract says so); those requests get every
# other check and an assertion that the refusal names the cursor.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, allow_header_conformance, unsupported_method, missing_required_header,
          ignored_auth, use_after_free, positive_data_acceptance]
FORGED_CURSOR_CHECKS = [check for check in CHECKS if check is not positive_data_acceptance]
MAX_EXAMPLES = 25
ROLES = ["customer", "operator", "regulator", None]


@pytest.fixture(scope="module")
def schema(live):
    loaded = schemathesis.openapi.from_url(live.base + "/openapi.json", timeout=10)
    return loaded


def operations(schema) -> list:
    found = []
    for result in schema.get_all_operations():
        found.append(result.ok())  # raises on an operation the schema cannot describe
    # Every API route of template.yml (the routing table; the console's files are not the API).
    from icp_api.routes import load_functions

    from .conftest import TEMPLATE

    assert len(found) == sum(1 for f in load_functions(TEMPLATE).values() for r in f.routes
                             if r.path.startswith("/v1/"))
    return found


def auth_headers(live, role: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {live.tokens[role]}"} if role else {}


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_every_operation_conforms(live, schema, role):
    headers = auth_headers(live, role)
    failures = []
    with schemathesis_session() as session:
        for operation in operations(schema):
            @settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
                      print_blob=False)
            @given(case=operation.as_strategy())
            def run(case):
                if case.headers:
                    case.headers.pop("Authorization", None)  # ours, or none at all
                forged_cursor = bool(case.query) and "cursor" in case.query
                response = case.call_and_validate(base_url=live.base, session=session, headers=headers,
                                                  checks=FORGED_CURSOR_CHECKS if forged_cursor else CHECKS,
                                                  timeout=30)
                if forged_cursor and response.status_code == 400:
                    assert response.json()["error"]["field"] == "cursor", response.text
                elif forged_cursor:
                    assert response.status_code in (401, 403), response.text  # refused before the cursor

            try:
                run()
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - schemathesis raises a FailureGroup
                # (a BaseExceptionGroup): gather every operation's failures, then report them all.
                failures.append(f"{operation.label}: {exc}\n" + "\n".join(map(str, getattr(exc, "exceptions", ()))))
    assert not failures, "\n\n".join(failures)


class schemathesis_session:
    """One keep-alive requests session for a test (no connection per request)."""

    def __enter__(self):
        import requests

        self.session = requests.Session()
        return self.session

    def __exit__(self, *exc):
        self.session.close()


# Known records: success answers (and the not_owner view) checked against the document.

def known_cases(seeded):
    rid, other, sns = seeded.resource_id, seeded.other_resource_id, seeded.service_numbers
    approved, rejected = seeded.approved_filing, seeded.rejected_filing
    readers = ["customer", "operator", "regulator"]
    cases = []
    for role in readers:
        cases += [
            (role, "GetResource", {"resource_id": rid}, None),
            (role, "GetResourceEligibility", {"resource_id": rid}, None),
            (role, "GetResourceEligibility", {"resource_id": other}, None),  # not_owner for alice
            (role, "ListServiceNumbers", {"resource_id": rid}, None),
            (role, "GetServiceNumber", {"sn": sns[0]}, None),
            (role, "GetFiling", {"filing_id": approved}, None),
            (role, "GetFiling", {"filing_id": rejected}, None),
            (role, "GetFilingHistory", {"filing_id": approved}, None),
            (role, "GetFilingHistory", {"filing_id": rejected}, None),
            (role, "AnswerFaq", {}, {"question": "为什么我申请不了备案服务号？", "resource_id": rid}),
            (role, "AnswerFaq", {}, {"question": "为什么我申请不了备案服务号？", "resource_id": other}),
            (role, "ListFaq", {}, None),
            (role, "ListResources", {}, None),
            (role, "ListFilings", {}, None),
        ]
    cases += [
        ("customer", "GetAccountEligibility", {}, None),
        ("customer", "ListNotifications", {}, None),
        ("customer", "IssueServiceNumbers", {"resource_id": rid}, {"count": 1}),
        ("customer", "IssueServiceNumbers", {"resource_id": rid}, {"count": 20}),        # quota_exhausted
        ("customer", "IssueServiceNumbers", {"resource_id": other}, {}),                  # not_eligible, not_owner
        ("customer", "RestoreAccess", {"filing_id": approved}, {"service_number": sns[2]}),  # invalid_transition
        ("customer", "CancelFiling", {"filing_id": rejected}, {"reason": "subject_request"}),
        ("regulator", "ApproveFiling", {"filing_id": rejected}, {}),
        ("operator", "PutResource", {"resource_id": "i-contract-3"},
         {"owner": "alice", "product": "lightweight", "billing": "pay_as_you_go", "region": "cn-hongkong",
          "expires_at": "2020-01-01T00:00:00Z", "status": "released"}),
        ("customer", "GetResourceEligibility", {"resource_id": "i-contract-3"}, None),   # every reason at once
        (None, "AnswerFaq", {}, {"question": "今天天气怎么样？"}),
        (None, "ListFaq", {}, None),
    ]
    return cases


@pytest.mark.slow
def test_known_records_conform(live, schema):
    with schemathesis_session() as session:
        statuses = []
        for role, operation_id, path_parameters, body in known_cases(live.seeded):
            operation = schema.find_operation_by_id(operation_id)
            kwargs = {"path_parameters": path_parameters, "headers": {"Accept-Language": "en"}}
            if body is not None:
                kwargs.update(body=body, media_type="application/json")
            case = operation.Case(**kwargs)
            response = case.call_and_validate(base_url=live.base, session=session,
                                              headers=auth_headers(live, role), checks=CHECKS, timeout=30)
            statuses.append((role, operation_id, response.status_code))
    successes = {(op, status) for _, op, status in statuses if status < 300}
    # Every read of a known record succeeded, so its shape was checked.
    for operation_id in ("GetResource", "GetResourceEligibility", "ListServiceNumbers", "GetServiceNumber",
                         "GetFiling", "GetFilingHistory", "AnswerFaq", "ListFaq", "GetAccountEligibility",
                         "ListNotifications", "PutResource", "ListResources", "ListFilings"):
        assert any(op == operation_id for op, _ in successes), (operation_id, statuses)
    assert ("IssueServiceNumbers", 201) in successes, statuses
    assert ("customer", "IssueServiceNumbers", 409) in statuses, statuses
