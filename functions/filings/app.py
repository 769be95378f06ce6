"""Filings: submit, the bureau's review, access revocation and re-access, history."""
from icp_api.app import Call, FunctionApp
from icp_api.validation import Field, query_params
from icp_filing import filings, identity, lists
from icp_filing.access import CUSTOMER, OPERATOR, REGULATOR
from icp_filing.config import Config
from icp_filing.filings import Filing

api = FunctionApp("FilingsFunction", __name__, __file__)

# The request's shape (openapi.yaml says the same; a test compares them); a domain,
# an ID number and a province have codes of their own, and names are free text the
# domain checks (names.checked_text, limits in configuration).
APPLICATION = {
    "service_number": Field("string", required=True),
    "domain": Field("string", required=True, format="icp-domain"),
    "website_name": Field("string", required=True, format="display-text"),
    "province": Field("string", required=True, format="province"),
    "subject": Field("object", required=True, fields={
        "type": Field("string", required=True, enum=identity.SUBJECT_TYPES),
        "name": Field("string", required=True, format="display-text"),
        "id_number": Field("string", required=True, format="icp-id-number"),
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


@api.operation("ListFilings", roles=READERS)
def list_filings(call: Call) -> dict:
    params = query_params(call.query, ("owner", "status", "limit", "cursor"))
    page = lists.filings_page(call.ctx, call.caller, owner=params.get("owner"), status=params.get("status"),
                              limit=lists.check_limit(params.get("limit")), cursor=params.get("cursor"))
    return {"filings": [f.to_dict() for f in page.items], "next_cursor": page.next_cursor}


@api.operation("GetFiling", roles=READERS)
def get_filing(call: Call, filing_id: str) -> dict:
    return filings.get_for(call.ctx, call.caller, filing_id).to_dict()


@api.operation("GetFilingHistory", roles=READERS)
def history(call: Call, filing_id: str) -> dict:
    return {"events": filings.history_of(call.ctx, call.caller, filing_id)}


@api.operation("ApproveFiling", roles={REGULATOR}, body={}, render=changed)
def approve(call: Call, filing_id: str) -> Filing:
    return filings.approve(call.ctx, call.caller, filing_id)


@api.operation("RejectFiling", roles={REGULATOR},
               body={"reason": Field("string", required=True, min_length=1, max_length=Config.max_reject_reason,
                                       format="display-text")},
               render=changed)
def reject(call: Call, filing_id: str) -> Filing:
    return filings.reject(call.ctx, call.caller, filing_id, call.body["reason"])


@api.operation("RevokeAccess", roles={OPERATOR},
               body={"reason": Field("string", required=True, enum=filings.REVOCATION_REASONS)}, render=changed)
def revoke_access(call: Call, filing_id: str) -> Filing:
    return filings.revoke_access(call.ctx, call.caller, filing_id, call.body["reason"])


@api.operation("RestoreAccess", roles={CUSTOMER}, body={"service_number": Field("string", required=True)},
               render=changed)
def restore_access(call: Call, filing_id: str) -> Filing:
    return filings.reaccess(call.ctx, call.caller, filing_id, call.body["service_number"])


app = api.wsgi
handler = api.handler
