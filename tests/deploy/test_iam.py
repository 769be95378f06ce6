"""Least privilege, derived: each function's DynamoDB permissions in template.yml are
exactly the actions of the store calls it makes (recorded over every route and the
scan's every stage), mapped by the DynamoDB adapter's own table of which action each
store method calls. Nothing is listed twice by hand: a new store call without its
grant, or a grant no call needs, fails here."""
from __future__ import annotations

from icp_api.routes import _read_template
from kvstore.dynamodb import IAM_ACTIONS
from functions_loader import TEMPLATE

from . import scenario


def granted(resource: dict, prefix: str) -> set[str]:
    actions: set[str] = set()
    for policy in resource["Properties"].get("Policies") or []:
        assert isinstance(policy, dict) and set(policy) == {"Statement"}, f"only explicit statements: {policy}"
        for statement in policy["Statement"]:
            names = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            actions.update(a for a in names if a.startswith(prefix))
    return actions


def test_each_function_is_granted_exactly_the_dynamodb_actions_its_store_calls_need(monkeypatch):
    _, store = scenario.run(monkeypatch, direct=True)
    template = _read_template(TEMPLATE)["Resources"]
    functions = {name: r for name, r in template.items() if r["Type"] == "AWS::Serverless::Function"}
    unknown = {call for calls in store.calls.values() for call in calls} - set(IAM_ACTIONS)
    assert not unknown, f"store methods missing from kvstore.dynamodb.IAM_ACTIONS: {unknown}"
    assert set(store.calls) <= set(functions)
    for name, resource in functions.items():
        needed = {action for call in store.calls.get(name, ()) for action in IAM_ACTIONS[call]}
        assert granted(resource, "dynamodb:") == needed, name
        for policy in resource["Properties"].get("Policies") or []:
            for statement in policy["Statement"]:
                if any(str(a).startswith("dynamodb:") for a in ([statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"])):
                    assert statement["Resource"] == {"GetAtt": "FilingTable.Arn"}, name  # the table, no index, no other


def test_only_the_functions_that_verify_tokens_may_read_the_secret():
    template = _read_template(TEMPLATE)["Resources"]
    readers = {name for name, r in template.items() if r["Type"] == "AWS::Serverless::Function"
               and granted(r, "secretsmanager:")}
    assert readers == {"AuthorizerFunction", "AnswerFaqFunction"}
    for name, resource in template.items():
        if resource["Type"] == "AWS::Serverless::Function":
            variables = ((resource["Properties"].get("Environment") or {}).get("Variables") or {})
            assert "ICP_JWT_SECRET" not in variables, name
            assert ("ICP_JWT_SECRET_ARN" in variables) == (name in readers), name
    glob = _read_template(TEMPLATE)["Globals"]["Function"]["Environment"]["Variables"]
    assert "ICP_JWT_SECRET" not in glob and "ICP_JWT_SECRET_ARN" not in glob
