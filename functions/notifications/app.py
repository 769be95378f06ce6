"""The caller's notifications, newest first."""
from icp_api.app import Call, FunctionApp
from icp_filing import notifications
from icp_filing.access import CUSTOMER

api = FunctionApp("NotificationsFunction", __name__, __file__)


@api.operation("ListNotifications", roles={CUSTOMER})
def list_notifications(call: Call) -> dict:
    return {"notifications": notifications.of_account(call.ctx, call.caller.account, call.lang)}


app = api.wsgi
handler = api.handler
