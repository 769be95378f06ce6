"""Issue service number: within the resource's quota, all or nothing, retried safely."""
from icp_api.app import Call, FunctionApp
from icp_api.validation import Field
from icp_filing import service_numbers
from icp_filing.access import CUSTOMER, OPERATOR, REGULATOR
from icp_filing.config import Config
from icp_filing.eligibility import Quota
from icp_filing.service_numbers import ServiceNumber

api = FunctionApp("IssueServiceNumberFunction", __name__, __file__)


def issued(outcome: tuple[list[ServiceNumber], Quota]) -> tuple[int, dict]:
    """The answer; a keyed request's commit stores it with the numbers."""
    numbers, quota = outcome
    return 201, {"service_numbers": [sn.to_dict() for sn in numbers], "quota": quota.to_dict()}


@api.operation("IssueServiceNumbers", roles={CUSTOMER},
               body={"count": Field("integer", minimum=1, maximum=Config.max_issue_count)}, render=issued)
def issue(call: Call, resource_id: str) -> tuple[list[ServiceNumber], Quota]:
    return service_numbers.issue(call.ctx, call.caller, resource_id, call.body.get("count"))


@api.operation("ListServiceNumbers", roles={CUSTOMER, OPERATOR, REGULATOR})
def list_numbers(call: Call, resource_id: str) -> dict:
    return {"service_numbers": [sn.to_dict() for sn in service_numbers.of_resource(call.ctx, call.caller, resource_id)]}


@api.operation("GetServiceNumber", roles={CUSTOMER, OPERATOR, REGULATOR})
def get_number(call: Call, sn: str) -> dict:
    return service_numbers.get_for(call.ctx, call.caller, sn).to_dict()


app = api.wsgi
handler = api.handler
