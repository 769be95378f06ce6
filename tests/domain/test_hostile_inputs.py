"""Issue 15, "loose inputs": each input an attacker sent that was accepted, refused by
the domain's own checks (pure: no store). The HTTP wiring of the same checks is in
tests/security/test_hostile_customers.py."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from icp_filing import config as config_module
from icp_filing import domains, filings, identity, names, resources
from icp_filing.errors import DomainError
from icp_filing.eligibility import evaluate

CONFIG = config_module.load({})
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(body17: str) -> str:
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, WEIGHTS)) % 11]


def application(**changes) -> dict:
    body = {"service_number": "A" * 24, "domain": "shop.example.cn", "website_name": "小店",
            "province": "浙", "subject": {"type": "individual", "name": "张三",
                                          "id_number": resident_id("33010619900101123")}}
    subject = changes.pop("subject", {})
    return {**body, **changes, "subject": {**body["subject"], **subject}}


def refused(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


# Free text: subject name, website name, reject reason.

@pytest.mark.parametrize("name", [
    "\u200b", "\u200b\u200b\u200b", "\x00", "\u202e", "坏站\x00", "Alice\u202eBlog", "\u2066站\u2069", "a\u200db",
    " ", "\u3000", "\ufeff站", "\u3164", "\ufe0f", "\u00ad", "站\x1b[31m", "站\ud800"[:1] + "\U000f0000",
])
def test_website_names_must_be_printable_with_a_visible_character(name):
    err = refused(lambda: filings.check_application(application(website_name=name), CONFIG))
    assert (err.code, err.field) == ("invalid_request", "website_name")


def test_a_21000_character_subject_name_with_controls_is_refused():
    # Issue 15: it was stored.
    err = refused(lambda: filings.check_application(application(subject={"name": "某" * 21_000}), CONFIG))
    assert (err.code, err.field) == ("invalid_request", "subject.name")
    err = refused(lambda: filings.check_application(application(subject={"name": "某公司\x07\x08"}), CONFIG))
    assert (err.code, err.field) == ("invalid_request", "subject.name")


def test_text_limits_are_configuration():
    small = config_module.load({"ICP_MAX_WEBSITE_NAME": "4", "ICP_MAX_SUBJECT_NAME": "2"})
    assert filings.check_application(application(website_name="四个字符"), small).website_name == "四个字符"
    assert refused(lambda: filings.check_application(application(website_name="五个字符啊"), small)).field == \
        "website_name"
    assert refused(lambda: filings.check_application(application(subject={"name": "张三丰"}), small)).field == \
        "subject.name"


@pytest.mark.parametrize("name", ["Alice Blog", "淘宝", "坏站 C", "ＡＢＣ商城", "a-b_c", "Café 1号", "😀 表情站"])
def test_ordinary_names_pass_unchanged_but_trimmed(name):
    assert names.checked_text("website_name", f"  {name} ", 64) == name


def test_reject_reasons_are_checked_text():
    assert names.checked_text("reason", " 资料不全 ", CONFIG.max_reject_reason) == "资料不全"
    for bad in ("", "\u200b", "x" * (CONFIG.max_reject_reason + 1), "理由\u202e"):
        assert refused(lambda: names.checked_text("reason", bad, CONFIG.max_reject_reason)).code == "invalid_request"


# Domains.

@pytest.mark.parametrize("domain", [
    "localhost.localdomain", "localhost", "printer.local", "a.test", "www.example", "x.invalid", "intranet.lan",
    "abc.onion", "home.arpa", "0x7f.0x0.0x0.0x1", "0x7f000001.com", "127.0.0.1.nip.io", "app.10.0.0.1.sslip.io",
    "127-0-0-1.sslip.io", "7f000001.nip.io", "1.2.3.4.example.com", "192.168.1.1.xip.io",
    "аpple.com",            # Cyrillic а beside Latin letters
    "xn--pple-43d.com",     # the same, in punycode
    "gооgle.cn",            # two Cyrillic о
    "раураl.com",           # Cyrillic, with a Latin l
    "рау.com",              # all Cyrillic, every letter a look-alike of a Latin one
    "αpple.com",            # Greek alpha in a Latin label
])
def test_special_use_address_and_mixed_script_domains_are_refused(domain):
    assert refused(lambda: domains.normalize(domain)).code == "invalid_domain"


@pytest.mark.parametrize("domain", [
    "163.com", "www.163.com", "58.com", "shop.example.cn", "淘宝.com", "淘宝abc.中国", "例え.jp", "テストabc.jp",
    "한국abc.kr", "пример.рф", "bücher.de", "ελλάδα.gr", "xn--fsqu00a.xn--fiqs8s", "v2.api.example.com",
    "1.example.com", "10.0.0.example.com",
])
def test_ordinary_domains_still_pass(domain):
    domains.normalize(domain)


# Resident-ID area codes (GB/T 2260).

@pytest.mark.parametrize("area", ["000000", "999999", "110000"[:4] + "99", "720000"])
def test_a_resident_id_whose_area_code_does_not_exist_is_refused(area):
    number = resident_id(area + "19900101123")
    assert identity.resident_id_valid(number)  # checksum and birth date are fine
    err = refused(lambda: filings.check_application(application(subject={"id_number": number}), CONFIG))
    assert err.code == "invalid_id_number"


@pytest.mark.parametrize("area", ["110101", "330106", "440304", "310115", "542621"])
def test_real_area_codes_including_abolished_ones_pass(area):
    # 542621 (林芝县) was abolished in 2015; IDs issued under it are still valid.
    assert identity.valid("individual", resident_id(area + "19900101123"))


# Regions and numbers.

FACTS = {"owner": "alice", "product": "ecs", "billing": "subscription", "term_months": 12,
         "public_bandwidth_mbps": 5, "region": "cn-hangzhou", "expires_at": "2027-06-01T00:00:00Z"}


@pytest.mark.parametrize("region", ["cn-hongkong-x", "cn-hangzhou-evil", "cn-mars", "xx-nowhere-1"])
def test_an_unknown_region_is_refused(region):
    err = refused(lambda: resources.facts_from_request("i-1", {**FACTS, "region": region}, CONFIG))
    assert (err.code, err.field) == ("invalid_request", "region")


def test_an_unknown_stored_region_is_not_taken_for_the_mainland():
    resource = resources.facts_from_request("i-1", FACTS, CONFIG)
    odd = resources.Resource(**{**resource.__dict__, "region": "cn-hongkong-x"})
    assert "non_mainland_region" in evaluate(odd, 0, NOW, CONFIG).reasons


def test_regions_are_configuration():
    custom = config_module.load({"ICP_MAINLAND_REGIONS": "cn-new-1", "ICP_NON_MAINLAND_REGIONS": "ap-x-1"})
    resources.facts_from_request("i-1", {**FACTS, "region": "cn-new-1"}, custom)
    assert refused(lambda: resources.facts_from_request("i-1", FACTS, custom)).field == "region"


@pytest.mark.parametrize("field, value", [("public_bandwidth_mbps", 1e-300), ("public_bandwidth_mbps", 0.009),
                                          ("order_amount", 1e-300), ("order_amount", 0.001)])
def test_numbers_below_their_minimum_are_refused(field, value):
    err = refused(lambda: resources.facts_from_request("i-1", {**FACTS, field: value}, CONFIG))
    assert (err.code, err.field) == ("invalid_request", field)


def test_a_stored_tiny_bandwidth_is_no_public_bandwidth():
    resource = resources.facts_from_request("i-1", FACTS, CONFIG)
    tiny = resources.Resource(**{**resource.__dict__, "public_bandwidth_mbps": 1e-300,
                                 "expires_at": NOW + timedelta(days=100)})
    assert "no_public_bandwidth" in evaluate(tiny, 0, NOW, CONFIG).reasons
    assert resources.facts_from_request("i-1", {**FACTS, "public_bandwidth_mbps": 0}, CONFIG).public_bandwidth_mbps == 0


def test_the_shipped_tables_are_what_the_packages_give():
    # The area codes (GB/T 2260) and the look-alikes (Unicode confusables) are data made
    # by scripts/build-data from maintained packages, never edited by hand.
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "build-data"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
