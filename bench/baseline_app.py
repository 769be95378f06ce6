"""The baseline for the cold/warm benchmark: a bare Flask + serverless-wsgi app
answering the same route with an eligibility-shaped JSON, and nothing else
(no auth, no store, no validation)."""
import serverless_wsgi
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/v1/resources/<resource_id>/eligibility")
def eligibility(resource_id):
    return jsonify({"resource_id": resource_id, "eligible": True, "filing_required": True,
                    "quota": {"limit": 5, "issued": 0, "remaining": 5}, "reasons": []})


def handler(event, context):
    return serverless_wsgi.handle_request(app, event, context)
