"""A refused token says why (RFC 6750), and clocks a few seconds apart still agree."""
from __future__ import annotations

import os
import re
import time

import jwt
import pytest

from api.conftest import ECS
from icp_api.auth import LEEWAY_SECONDS

SECRET = os.environ["ICP_JWT_SECRET"]


def claims(**overrides):
    now = int(time.time())
    base = {"sub": "alice", "role": "customer", "iat": now, "exp": now + 600}
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def signed(payload, key=SECRET, algorithm="HS256"):
    return jwt.encode(payload, key, algorithm=algorithm)


@pytest.fixture
def owned(api):
    api.resource("i-1", **ECS)
    return api


def get(api, authorization: str | None, lang: str = "en"):
    headers = {"Accept-Language": lang}
    if authorization is not None:
        headers["Authorization"] = authorization
    return api.client.get("/v1/resources/i-1/eligibility", headers=headers)


CHALLENGE = re.compile(r'^Bearer realm="icp", error="invalid_token", error_description="([ -!#-\[\]-~]+)"$')


# Each token is minted when its test runs, not when the module is collected: a token minted at
# collection would lapse before the test runs in a long suite (a slow CI run collects 17 minutes
# before it reaches this file), and "not valid yet" would read "expired".
@pytest.mark.parametrize("mint, says", [
    (lambda: "Basic YWxpY2U6c2VjcmV0", "not a Bearer token"),
    (lambda: "Bearer not-a-jwt", "malformed"),
    (lambda: "Bearer " + signed(claims(), key="another-secret-" + "z" * 40), "signature or algorithm"),
    (lambda: "Bearer " + signed(claims(), algorithm="HS512"), "signature or algorithm"),
    (lambda: "Bearer " + jwt.encode(claims(), None, algorithm="none"), "signature or algorithm"),
    (lambda: "Bearer " + signed(claims(exp=int(time.time()) - 120)), "expired"),
    (lambda: "Bearer " + signed(claims(sub=None)), "'sub'"),
    (lambda: "Bearer " + signed(claims(role=None)), "'role'"),
    (lambda: "Bearer " + signed(claims(exp=None)), "'exp'"),
    (lambda: "Bearer " + signed(claims(nbf=int(time.time()) + 600, exp=int(time.time()) + 1200)),
     "not valid yet"),
], ids=["basic", "not-jwt", "other-key", "hs512", "alg-none", "expired", "no-sub", "no-role",
        "no-exp", "not-yet-valid"])
def test_a_refused_token_says_why_in_the_header_and_the_message(owned, mint, says):
    authorization = mint()
    response = get(owned, authorization)
    assert response.status_code == 401
    header = response.headers["WWW-Authenticate"]
    match = CHALLENGE.match(header)
    assert match, header
    assert says in match.group(1)
    assert match.group(1) in response.json["error"]["message"]
    assert response.json["error"]["code"] == "unauthenticated"
    chinese = get(owned, authorization, lang="zh")
    assert re.search(r"[\u4e00-\u9fff]", chinese.json["error"]["message"])
    assert chinese.headers["WWW-Authenticate"] == header  # the header is ASCII whatever the language


def test_a_missing_token_is_challenged_without_an_error_code(owned):
    response = get(owned, None)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="icp"'
    assert "No token" in response.json["error"]["message"]


def test_the_reasons_are_told_apart():
    """Each reason has its own text (a client can act on it), in both languages."""
    from icp_api.auth import WHY

    assert len({t.en for t in WHY.values()}) == len({t.zh for t in WHY.values()}) == len(WHY)


@pytest.mark.parametrize("field", ["iat", "nbf"])
def test_a_token_issued_a_second_or_two_ahead_of_our_clock_is_accepted(owned, field):
    ahead = int(time.time()) + 2
    assert 2 < LEEWAY_SECONDS
    response = get(owned, "Bearer " + signed(claims(**{field: ahead})))
    assert response.status_code == 200, response.json


def test_a_token_that_expired_a_second_ago_is_still_accepted_but_not_a_minute_ago(owned):
    now = int(time.time())
    assert get(owned, "Bearer " + signed(claims(exp=now - 1))).status_code == 200
    assert get(owned, "Bearer " + signed(claims(exp=now - 60))).status_code == 401


def test_a_token_from_further_ahead_than_the_leeway_is_refused(owned):
    ahead = int(time.time()) + LEEWAY_SECONDS + 30
    response = get(owned, "Bearer " + signed(claims(iat=ahead, nbf=ahead)))
    assert response.status_code == 401
