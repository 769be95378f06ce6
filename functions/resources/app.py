"""Resources function: the operator upserts billing facts; owners and staff read them."""
from icp_api.app import Call, FunctionApp
from icp_api.validation import Field, query_params
from icp_filing import lists, resources
from icp_filing.access import CUSTOMER, OPERATOR, REGULATOR

api = FunctionApp("ResourcesFunction", __name__, __file__)

RESOURCE_FACTS = {
    "owner": Field("string", required=True, max_length=128),
    "product": Field("string", required=True, max_length=64),
    "billing": Field("string", required=True),
    "term_months": Field("integer"),
    "order_amount": Field("number"),
    "public_bandwidth_mbps": Field("number"),
    "region": Field("string", required=True, max_length=64),
    "expires_at": Field("string", required=True, max_length=64),
    "status": Field("string"),
}


@api.operation("PutResource", roles={OPERATOR}, body=RESOURCE_FACTS)
def put_resource(call: Call, resource_id: str) -> dict:
    return resources.upsert(call.ctx, resource_id, call.body, call.caller.actor).to_dict()


@api.operation("GetResource", roles={CUSTOMER, OPERATOR, REGULATOR})
def get_resource(call: Call, resource_id: str) -> dict:
    resource, _ = resources.get_for(call.ctx, call.caller, resource_id)
    return resource.to_dict()


@api.operation("ListResources", roles={CUSTOMER, OPERATOR, REGULATOR})
def list_resources(call: Call) -> dict:
    params = query_params(call.query, ("owner", "limit", "cursor"))
    page = lists.resources_page(call.ctx, call.caller, owner=params.get("owner"),
                                limit=lists.check_limit(params.get("limit")), cursor=params.get("cursor"))
    return {"resources": [r.to_dict() for r in page.items], "next_cursor": page.next_cursor}


app = api.wsgi
handler = api.handler
