"""The baseline for the cold/warm benchmark: a bare Flask + serverless-wsgi app
answering the same routes with JSON of the same shape, and nothing else (no auth,
no store, no validation, no retrieval)."""
import serverless_wsgi
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/v1/resources/<resource_id>/eligibility")
def eligibility(resource_id):
    return jsonify({"resource_id": resource_id, "eligible": True, "filing_required": True,
                    "quota": {"limit": 5, "issued": 0, "remaining": 5}, "reasons": []})


@app.post("/v1/faq/answer")
def faq():
    return jsonify({"answer": {"id": "service-number-no-apply-button", "question": "为什么看不到申请按钮？",
                               "answer": "可能的原因……", "score": 0.9}, "alternatives": []})


def handler(event, context):
    return serverless_wsgi.handle_request(app, event, context)
