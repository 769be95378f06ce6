"""Subjects: the account a subject belongs to grants other accounts leave to file for it."""
from icp_api.app import Call, FunctionApp
from icp_api.validation import Field
from icp_filing import subjects
from icp_filing.access import CUSTOMER

api = FunctionApp("SubjectsFunction", __name__, __file__)

GRANT = {"id_number": Field("string", required=True, max_length=64),
         "grantee": Field("string", required=True, max_length=128)}


@api.operation("GrantSubject", roles={CUSTOMER}, body=GRANT)
def grant(call: Call) -> tuple[int, dict]:
    given, new = subjects.grant(call.ctx, call.caller, call.body["id_number"], call.body["grantee"])
    return (201 if new else 200), given.to_dict()


@api.operation("ListSubjectGrants", roles={CUSTOMER})
def list_grants(call: Call) -> dict:
    return subjects.of_account(call.ctx, call.caller)


@api.operation("RevokeSubjectGrant", roles={CUSTOMER}, body=GRANT)
def revoke(call: Call) -> dict:
    return subjects.revoke(call.ctx, call.caller, call.body["id_number"], call.body["grantee"]).to_dict()


app = api.wsgi
handler = api.handler
