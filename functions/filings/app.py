"""Filings: submit, the bureau's review, access revocation and re-access, history."""
from icp_api.app import Call, FunctionApp
from icp_api.validation import Field
from icp_filing import filings
from icp_filing.access import CUSTOMER, OPERATOR, REGULATOR

api = FunctionApp("FilingsFunction", __name__, __file__)

APPLICATION = {
    "service_number": Field("string", required=True, max_length=64),
    "domain": Field("string", required=True, max_length=253),
    "website_name": Field("string", required=True, max_length=256),
    "province": Field("string", required=True, max_length=8),
    "subject": Field("object", required=True, fields={
        "type": Field("string", required=True, max_length=16),
        "name": Field("string", required=True, max_length=256),
        "id_number": Field("string", required=True, max_length=64),
    }),
}
READERS = {CUSTOMER, OPERATOR, REGULATOR}


@api.operation("SubmitFiling", roles={CUSTOMER}, body=APPLICATION)
def submit(call: Call) -> tuple[int, dict]:
    return 201, filings.submit(call.ctx, call.caller, call.body).to_dict()


@api.operation("GetFiling", roles=READERS)
def get_filing(call: Call, filing_id: str) -> dict:
    return filings.get_for(call.ctx, call.caller, filing_id)[0].to_dict()


@api.operation("GetFilingHistory", roles=READERS)
def history(call: Call, filing_id: str) -> dict:
    return {"events": filings.history_of(call.ctx, call.caller, filing_id)}


@api.operation("ApproveFiling", roles={REGULATOR}, body={})
def approve(call: Call, filing_id: str) -> dict:
    return filings.approve(call.ctx, call.caller, filing_id).to_dict()


@api.operation("RejectFiling", roles={REGULATOR}, body={"reason": Field("string", required=True, max_length=500)})
def reject(call: Call, filing_id: str) -> dict:
    return filings.reject(call.ctx, call.caller, filing_id, call.body["reason"]).to_dict()


@api.operation("RevokeAccess", roles={OPERATOR}, body={"reason": Field("string", required=True, max_length=64)})
def revoke_access(call: Call, filing_id: str) -> dict:
    return filings.revoke_access(call.ctx, call.caller, filing_id, call.body["reason"]).to_dict()


@api.operation("RestoreAccess", roles={CUSTOMER}, body={"service_number": Field("string", required=True, max_length=64)})
def restore_access(call: Call, filing_id: str) -> dict:
    return filings.reaccess(call.ctx, call.caller, filing_id, call.body["service_number"]).to_dict()


app = api.wsgi
handler = api.handler
