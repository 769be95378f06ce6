"""Check eligibility: may a resource get service numbers, and if not, why and what to do."""
from icp_api.app import Call, FunctionApp
from icp_filing import eligibility
from icp_filing.access import CUSTOMER, OPERATOR, REGULATOR

api = FunctionApp("CheckEligibilityFunction", __name__, __file__)


@api.operation("GetResourceEligibility", roles={CUSTOMER, OPERATOR, REGULATOR})
def resource_eligibility(call: Call, resource_id: str) -> dict:
    return eligibility.check(call.ctx, call.caller, resource_id).to_dict(call.lang)


@api.operation("GetAccountEligibility", roles={CUSTOMER})
def account_eligibility(call: Call) -> dict:
    return eligibility.check_account(call.ctx, call.caller).to_dict(call.lang)


app = api.wsgi
handler = api.handler
