"""Resources function: the operator upserts billing facts; owners and staff read them."""
from icp_api.app import Call, FunctionApp
from icp_api.validation import Field, query_params
from icp_filing import lists, resource_updates, resources
from icp_filing.access import CUSTOMER, OPERATOR, REGULATOR

api = FunctionApp("ResourcesFunction", __name__, __file__)

# The request's shape and ranges (openapi.yaml says the same; a test compares them);
# the owner's, region's and time's formats are the domain's to check.
RESOURCE_FACTS = {
    "owner": Field("string", required=True, min_length=1, max_length=128, format="account-id"),
    "product": Field("string", required=True, min_length=1, max_length=64),
    "billing": Field("string", required=True, enum=resources.BILLINGS),
    "term_months": Field("integer", minimum=0, maximum=resources.LIMITS["term_months"]),
    "order_amount": Field("number", minimum=0, maximum=resources.LIMITS["order_amount"],
                          not_between=(0, resources.MIN_ORDER_AMOUNT)),
    "public_bandwidth_mbps": Field("number", minimum=0, maximum=resources.LIMITS["public_bandwidth_mbps"],
                                   not_between=(0, resources.MIN_PUBLIC_BANDWIDTH_MBPS)),
    "region": Field("string", required=True, min_length=1, max_length=64, format="region"),
    "expires_at": Field("string", required=True, min_length=1, max_length=64, format="date-time"),
    "status": Field("string", enum=resources.STATUSES),
}


@api.operation("PutResource", roles={OPERATOR}, body=RESOURCE_FACTS)
def put_resource(call: Call, resource_id: str) -> dict:
    return resource_updates.upsert(call.ctx, resource_id, call.body, call.caller.actor).to_dict()


@api.operation("GetResource", roles={CUSTOMER, OPERATOR, REGULATOR})
def get_resource(call: Call, resource_id: str) -> dict:
    return resources.get_for(call.ctx, call.caller, resource_id).to_dict()


@api.operation("ListResources", roles={CUSTOMER, OPERATOR, REGULATOR})
def list_resources(call: Call) -> dict:
    params = query_params(call.query, ("owner", "limit", "cursor"))
    page = lists.resources_page(call.ctx, call.caller, owner=params.get("owner"),
                                limit=lists.check_limit(params.get("limit")), cursor=params.get("cursor"))
    return {"resources": [r.to_dict() for r in page.items], "next_cursor": page.next_cursor}


app = api.wsgi
handler = api.handler
