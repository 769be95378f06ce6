"""Filings: submit, the bureau's review, access revocation and re-access, history."""
from icp_api.app import Call, FunctionApp
from icp_api.validation import Field, query_params
from icp_filing import filings, lists
from icp_filing.access import CUSTOMER, OPERATOR, REGULATOR

api = FunctionApp("FilingsFunction", __name__, __file__)

# Types only: what a valid value is (and its error code) is the domain's to say.
APPLICATION = {
    "service_number": Field("string", required=True),
    "domain": Field("string", required=True),
    "website_name": Field("string", required=True),
    "province": Field("string", required=True),
    "subject": Field("object", required=True, fields={
        "type": Field("string", required=True),
        "name": Field("string", required=True),
        "id_number": Field("string", required=True),
    }),
}
READERS = {CUSTOMER, OPERATOR, REGULATOR}


@api.operation("SubmitFiling", roles={CUSTOMER}, body=APPLICATION)
def submit(call: Call) -> tuple[int, dict]:
    return 201, filings.submit(call.ctx, call.caller, call.body).to_dict()


@api.operation("ListFilings", roles=READERS)
def list_filings(call: Call) -> dict:
    params = query_params(call.query, ("owner", "status", "limit", "cursor"))
    page = lists.filings_page(call.ctx, call.caller, owner=params.get("owner"), status=params.get("status"),
                              limit=lists.check_limit(params.get("limit")), cursor=params.get("cursor"))
    return {"filings": [f.to_dict() for f in page.items], "next_cursor": page.next_cursor}


@api.operation("GetFiling", roles=READERS)
def get_filing(call: Call, filing_id: str) -> dict:
    return filings.get_for(call.ctx, call.caller, filing_id)[0].to_dict()


@api.operation("GetFilingHistory", roles=READERS)
def history(call: Call, filing_id: str) -> dict:
    return {"events": filings.history_of(call.ctx, call.caller, filing_id)}


@api.operation("ApproveFiling", roles={REGULATOR}, body={})
def approve(call: Call, filing_id: str) -> dict:
    return filings.approve(call.ctx, call.caller, filing_id).to_dict()


@api.operation("RejectFiling", roles={REGULATOR}, body={"reason": Field("string", required=True)})
def reject(call: Call, filing_id: str) -> dict:
    return filings.reject(call.ctx, call.caller, filing_id, call.body["reason"]).to_dict()


@api.operation("RevokeAccess", roles={OPERATOR}, body={"reason": Field("string", required=True)})
def revoke_access(call: Call, filing_id: str) -> dict:
    return filings.revoke_access(call.ctx, call.caller, filing_id, call.body["reason"]).to_dict()


@api.operation("RestoreAccess", roles={CUSTOMER}, body={"service_number": Field("string", required=True)})
def restore_access(call: Call, filing_id: str) -> dict:
    return filings.reaccess(call.ctx, call.caller, filing_id, call.body["service_number"]).to_dict()


app = api.wsgi
handler = api.handler
