"""Cancel filing: final; for illegal content, every filing of the subject, and the blacklist."""
from icp_api.app import Call, FunctionApp
from icp_api.validation import Field
from icp_filing import cancellation
from icp_filing.access import CUSTOMER, REGULATOR

api = FunctionApp("CancelFilingFunction", __name__, __file__)


@api.operation("CancelFiling", roles={CUSTOMER, REGULATOR},
               body={"reason": Field("string", required=True), "blacklist": Field("boolean")})
def cancel(call: Call, filing_id: str) -> dict:
    return cancellation.cancel(call.ctx, call.caller, filing_id, call.body["reason"],
                               call.body.get("blacklist")).to_dict()


app = api.wsgi
handler = api.handler
