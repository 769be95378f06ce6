"""Answer FAQ: the entry that answers a user's question, and a live diagnosis of
the caller's own resource when one is named."""
from icp_api.app import Call, FunctionApp
from icp_api.validation import Field
from icp_filing import faq

api = FunctionApp("AnswerFaqFunction", __name__, __file__)


@api.operation("AnswerFaq", roles=None, body={"question": Field("string", required=True, max_length=4000),
                                              "resource_id": Field("string", max_length=128)})
def answer(call: Call) -> dict:
    # Accept-Language decides when it names Chinese or English; otherwise the question's
    # own language and script (README, FAQ answers).
    question = call.body["question"]
    return faq.answer_with_diagnosis(call.ctx, call.caller, question, call.body.get("resource_id"),
                                     faq.reply_language(call.accept_language, question))


@api.operation("ListFaq", roles=None)
def list_entries(call: Call) -> dict:
    lang = faq.reply_language(call.accept_language)
    return {"entries": [{"id": e.id, "question": e.question(lang)} for e in faq.entries()]}


app = api.wsgi
handler = api.handler
