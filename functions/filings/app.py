"""Filings: submit, the bureau's review, access revocation and re-access, history."""
from icp_api.app import Call, FunctionApp
from icp_api.validation import Field
from icp_filing import filings
from icp_filing.access import CUSTOMER, OPERATOR, REGULATOR
from icp_filing.filings import Filing

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


# How a changed filing is answered; a keyed request's commit stores this answer with the change.
def created(filing: Filing) -> tuple[int, dict]:
    return 201, filing.to_dict()


def changed(filing: Filing) -> tuple[int, dict]:
    return 200, filing.to_dict()


@api.operation("SubmitFiling", roles={CUSTOMER}, body=APPLICATION, render=created)
def submit(call: Call) -> Filing:
    return filings.submit(call.ctx, call.caller, call.body)


@api.operation("GetFiling", roles=READERS)
def get_filing(call: Call, filing_id: str) -> dict:
    return filings.get_for(call.ctx, call.caller, filing_id)[0].to_dict()


@api.operation("GetFilingHistory", roles=READERS)
def history(call: Call, filing_id: str) -> dict:
    return {"events": filings.history_of(call.ctx, call.caller, filing_id)}


@api.operation("ApproveFiling", roles={REGULATOR}, body={}, render=changed)
def approve(call: Call, filing_id: str) -> Filing:
    return filings.approve(call.ctx, call.caller, filing_id)


@api.operation("RejectFiling", roles={REGULATOR}, body={"reason": Field("string", required=True)}, render=changed)
def reject(call: Call, filing_id: str) -> Filing:
    return filings.reject(call.ctx, call.caller, filing_id, call.body["reason"])


@api.operation("RevokeAccess", roles={OPERATOR}, body={"reason": Field("string", required=True)}, render=changed)
def revoke_access(call: Call, filing_id: str) -> Filing:
    return filings.revoke_access(call.ctx, call.caller, filing_id, call.body["reason"])


@api.operation("RestoreAccess", roles={CUSTOMER}, body={"service_number": Field("string", required=True)}, render=changed)
def restore_access(call: Call, filing_id: str) -> Filing:
    return filings.reaccess(call.ctx, call.caller, filing_id, call.body["service_number"])


app = api.wsgi
handler = api.handler
