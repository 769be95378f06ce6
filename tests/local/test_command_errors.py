"""Local commands that cannot do what was asked say so in one line (exit status 2),
never with a traceback: a misspelt store scheme, an endpoint nobody answers, a
missing or unreadable event, an unknown role, a missing question set."""
from __future__ import annotations

import pytest

from .conftest import free_port, run_script, script_env

pytestmark = pytest.mark.slow


def one_line_failure(result, *words: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("command", [("serve", "--port", "0"), ("invoke", "ExpiryScanFunction")])
def test_a_misspelt_store_scheme(tmp_path, command):
    env = script_env(tmp_path, ICP_STORE_URL="sqlit:///var/x.db")
    one_line_failure(run_script(*command, env=env), "sqlit", "sqlite:///PATH")


def test_a_store_endpoint_that_does_not_answer(tmp_path):
    url = f"dynamodb://icp?endpoint_url=http://127.0.0.1:{free_port()}&region=us-east-1&create=true"
    env = script_env(tmp_path, ICP_STORE_URL=url, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x")
    one_line_failure(run_script("serve", "--port", "0", env=env), "Could not connect", "127.0.0.1")


def test_a_missing_event_file(tmp_path):
    one_line_failure(run_script("invoke", "ExpiryScanFunction", "--event", str(tmp_path / "nope.json"),
                                env=script_env(tmp_path)), "nope.json", "No such file")


@pytest.mark.parametrize("event, says", [("[1", "not JSON"), ("[1]", "JSON object")])
def test_an_event_that_is_not_a_json_object(tmp_path, event, says):
    one_line_failure(run_script("invoke", "ExpiryScanFunction", "--event", "-", env=script_env(tmp_path),
                                stdin=event), says)


def test_token_refuses_an_unknown_role(tmp_path):
    result = run_script("token", "--sub", "a", "--role", "admin", env=script_env(tmp_path))
    one_line_failure(result, "admin", "customer, operator, regulator")
    assert result.stdout == ""


def test_faq_eval_with_a_missing_question_set(tmp_path):
    one_line_failure(run_script("faq-eval", "--dev", str(tmp_path / "none.jsonl"), env=script_env(tmp_path)),
                     "none.jsonl")


def test_serve_names_the_store_it_uses_when_it_starts(tmp_path):
    from .conftest import Server

    server = Server(tmp_path)
    try:
        first = server.log_path.read_text().splitlines()[0]
    finally:
        server.proc.terminate()
        server.proc.wait(10)
    assert f"store: {server.env['ICP_STORE_URL']}" in first
