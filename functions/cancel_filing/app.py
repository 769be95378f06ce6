"""Cancel filing: final; for illegal content, every filing of the subject, and the blacklist."""
from icp_api.app import Call, FunctionApp
from icp_api.validation import Field
from icp_filing import cancellation
from icp_filing.access import CUSTOMER, REGULATOR
from icp_filing.cancellation import Cancellation

api = FunctionApp("CancelFilingFunction", __name__, __file__)


def cancelled(outcome: Cancellation) -> tuple[int, dict]:
    """The answer; a keyed request's last commit stores it with the named filing's cancellation."""
    return 200, outcome.to_dict()


@api.operation("CancelFiling", roles={CUSTOMER, REGULATOR},
               body={"reason": Field("string", required=True, enum=tuple(cancellation.REASONS)),
                     "blacklist": Field("boolean")}, render=cancelled)
def cancel(call: Call, filing_id: str) -> Cancellation:
    return cancellation.cancel(call.ctx, call.caller, filing_id, call.body["reason"], call.body.get("blacklist"))


app = api.wsgi
handler = api.handler
