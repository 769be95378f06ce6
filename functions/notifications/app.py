"""The caller's notifications, newest first, a page at a time."""
from icp_api.app import Call, FunctionApp
from icp_api.validation import query_params
from icp_filing import lists
from icp_filing.access import CUSTOMER

api = FunctionApp("NotificationsFunction", __name__, __file__)


@api.operation("ListNotifications", roles={CUSTOMER})
def list_notifications(call: Call) -> dict:
    params = query_params(call.query, ("limit", "cursor"))
    page = lists.notifications_page(call.ctx, call.caller, call.lang, limit=lists.check_limit(params.get("limit")),
                                    cursor=params.get("cursor"))
    return {"notifications": page.items, "next_cursor": page.next_cursor}


app = api.wsgi
handler = api.handler
