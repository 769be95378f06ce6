"""Subjects: the account a subject belongs to grants other accounts leave to file for it."""
from icp_api.app import Call, FunctionApp
from icp_api.validation import Field
from icp_filing import subjects
from icp_filing.access import CUSTOMER

api = FunctionApp("SubjectsFunction", __name__, __file__)

GRANT = {"id_number": Field("string", required=True, max_length=64, format="icp-id-number"),
         "grantee": Field("string", required=True, max_length=128, format="account-id")}


def granted(outcome: tuple[subjects.Grant, bool]) -> tuple[int, dict]:
    """The answer; a keyed request's commit stores it with the grant."""
    given, new = outcome
    return (201 if new else 200), given.to_dict()


@api.operation("GrantSubject", roles={CUSTOMER}, body=GRANT, render=granted)
def grant(call: Call) -> tuple[subjects.Grant, bool]:
    return subjects.grant(call.ctx, call.caller, call.body["id_number"], call.body["grantee"])


@api.operation("ListSubjectGrants", roles={CUSTOMER})
def list_grants(call: Call) -> dict:
    return subjects.of_account(call.ctx, call.caller)


def revoked(grant: subjects.Grant) -> tuple[int, dict]:
    return 200, grant.to_dict()


@api.operation("RevokeSubjectGrant", roles={CUSTOMER}, body=GRANT, render=revoked)
def revoke(call: Call) -> subjects.Grant:
    return subjects.revoke(call.ctx, call.caller, call.body["id_number"], call.body["grantee"])


app = api.wsgi
handler = api.handler
