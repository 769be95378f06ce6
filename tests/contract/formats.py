"""What the named formats of openapi.yaml mean, taught to schemathesis.

A JSON Schema pattern cannot say "with a correct check character", "a region this
deployment serves" or "in the years 1970..9000"; openapi.yaml names those formats and
describes them, and this module gives schemathesis a generator for each, written from
those descriptions and the public standards (GB 11643 resident IDs, GB 32100 credit
codes, the provinces of filing numbers), not from the server's checks; `region` is the
configured list itself (the defaults, which the live server of the tests uses). With them, a
request the document calls valid is one the server must accept (`positive_data_acceptance`).

Also usable from the command line (its generated phases; see the README for what its
coverage and examples phases, which hooks do not reach, report):

    SCHEMATHESIS_HOOKS=contract.formats PYTHONPATH=shared:tests st run --checks all ...

Two hooks keep generated requests what a real client sends: a fresh Idempotency-Key per
request (a client reuses a key only to retry the same request; reusing it for another
body is the 422 the contract promises), and a filing subject whose `type` matches the
kind of ID number drawn (an individual files with a resident ID, an enterprise with a
credit code).
"""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import schemathesis
from hypothesis import strategies as st

from icp_filing.config import Config

RESIDENT_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)   # GB 11643
RESIDENT_CHECK = "10X98765432"
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"                      # GB 32100: no I O S V Z
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# County-level area codes of GB/T 2260 that exist (Beijing Dongcheng, Shanghai Huangpu,
# Hangzhou Xihu, Shenzhen Nanshan, Chengdu Wuhou, Urumqi Tianshan).
AREA_CODES = ("110101", "310101", "330106", "440305", "510107", "650102")
# The abbreviations filing numbers carry (蜀 for Sichuan, 黔 Guizhou, 滇 Yunnan, 陇 Gansu).
PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝蜀黔滇藏陕陇青宁新"


def resident_id(area: str, born: date, sequence: int) -> str:
    body = f"{area}{born:%Y%m%d}{sequence:03d}"
    return body + RESIDENT_CHECK[sum(int(c) * w for c, w in zip(body, RESIDENT_WEIGHTS)) % 11]


def credit_code(body: str) -> str:
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(body, CREDIT_WEIGHTS))
    return body + CREDIT_CHARSET[(31 - total % 31) % 31]


resident_ids = st.builds(resident_id, st.sampled_from(AREA_CODES),
                         st.dates(date(1930, 1, 1), date.today() - timedelta(days=1)), st.integers(0, 999))
# GB 32100: the registering authority and the kind (2), the division code (6 digits), the
# organisation code (9), the check character.
credit_codes = st.builds(credit_code, st.builds("{}{}{}".format, st.text(CREDIT_CHARSET, min_size=2, max_size=2),
                                                st.sampled_from(AREA_CODES),
                                                st.text(CREDIT_CHARSET, min_size=9, max_size=9)))


def is_resident_id(number: str) -> bool:
    return number[:17].isdigit() and number[:6] in AREA_CODES and number[17] in RESIDENT_CHECK


def rfc3339(moment: date, hour: int, minute: int, second: int, fraction: str, offset: str) -> str:
    return f"{moment.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}{fraction}{offset}"


# openapi.yaml: "RFC 3339 with a zone, in the years 1970..9000 (UTC)". A day's margin at
# each end keeps an offset from carrying the instant outside the range.
date_times = st.builds(
    rfc3339, st.dates(date(1970, 1, 2), date(8999, 12, 30)), st.integers(0, 23), st.integers(0, 59),
    st.integers(0, 59), st.just("") | st.from_regex(r"\.[0-9]{1,6}", fullmatch=True),
    st.just("Z") | st.builds("{}{:02d}:{:02d}".format, st.sampled_from("+-"), st.integers(0, 23), st.integers(0, 59)))

# A registrable name under a public suffix: letters and digits, no hyphens (IDNA 2008
# reserves "??--" labels), not a name RFC 2606/6761 sets aside.
domains = st.builds("{}{}.{}".format, st.sampled_from(["site", "shop", "blog"]),
                    st.from_regex(r"[a-z0-9]{1,20}", fullmatch=True),
                    st.sampled_from(["cn", "com", "net", "org", "com.cn", "中国"]))

# Printable text with a visible character: letters, digits, CJK and inner spaces.
display_texts = st.from_regex(r"[A-Za-z0-9\u4e00-\u9fa5][A-Za-z0-9\u4e00-\u9fa5 ]{0,30}", fullmatch=True)

defaults = Config()
regions = st.sampled_from(sorted(defaults.mainland_regions | defaults.non_mainland_regions))

schemathesis.openapi.format("icp-id-number", resident_ids | credit_codes)
schemathesis.openapi.format("date-time", date_times)
schemathesis.openapi.format("icp-domain", domains)
schemathesis.openapi.format("display-text", display_texts)
schemathesis.openapi.format("province", st.sampled_from(PROVINCES))
schemathesis.openapi.format("region", regions)
schemathesis.openapi.format("account-id", st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.@:-]{0,127}", fullmatch=True))


@schemathesis.hook
def map_headers(context, headers):
    if headers and "Idempotency-Key" in headers:
        headers["Idempotency-Key"] = str(uuid.uuid4())
    return headers


@schemathesis.hook
def map_body(context, body):
    subject = body.get("subject") if isinstance(body, dict) else None
    if isinstance(subject, dict) and isinstance(subject.get("id_number"), str):
        subject["type"] = "individual" if is_resident_id(subject["id_number"]) else "enterprise"
    return body
