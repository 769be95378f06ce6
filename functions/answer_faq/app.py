"""Answer FAQ: the entry that answers a user's question, and a live diagnosis of
the caller's own resource when one is named."""
from icp_api.app import Call, FunctionApp
from icp_api.validation import Field
from icp_filing import faq

api = FunctionApp("AnswerFaqFunction", __name__, __file__)


@api.operation("AnswerFaq", roles=None, body={"question": Field("string", required=True, max_length=4000),
                                              "resource_id": Field("string", max_length=128)})
def answer(call: Call) -> dict:
    return faq.answer_with_diagnosis(call.ctx, call.caller, call.body["question"], call.body.get("resource_id"),
                                     call.lang)


@api.operation("ListFaq", roles=None)
def list_entries(call: Call) -> dict:
    return {"entries": [{"id": e.id, "question": e.question(call.lang)} for e in faq.entries()]}


app = api.wsgi
handler = api.handler
