"""Which ID numbers and domains are valid (domain.md, "Submit"), on the pure functions:
every case of the table once, not once per store backend over HTTP."""
from __future__ import annotations

import pytest

from api.filing_support import credit_code, resident_id
from api.test_filings import INVALID_COMPANIES, INVALID_PEOPLE, VALID_COMPANIES, VALID_PEOPLE
from icp_filing import domains, identity
from icp_filing.errors import DomainError


@pytest.mark.parametrize("id_number", VALID_PEOPLE)
def test_valid_resident_ids(id_number):
    assert identity.valid("individual", identity.normalize(id_number))


@pytest.mark.parametrize("id_number", VALID_COMPANIES)
def test_valid_unified_social_credit_codes(id_number):
    assert identity.valid("enterprise", identity.normalize(id_number))


@pytest.mark.parametrize("subject_type, id_number", [("individual", x) for x in INVALID_PEOPLE] +
                         [("enterprise", x) for x in INVALID_COMPANIES] +
                         [("enterprise", "11010519491231002X"), ("individual", "91350100M000100Y43"),
                          ("individual", "1" * 100), ("enterprise", "X" * 2000)])
def test_invalid_id_numbers(subject_type, id_number):
    assert not identity.valid(subject_type, identity.normalize(id_number))


def test_the_helpers_make_valid_numbers():
    assert identity.valid("individual", resident_id("44030419850101123"))
    assert identity.valid("enterprise", credit_code("91330106MA2H1ABC0"))


@pytest.mark.parametrize("domain", ["", "   ", "http://example.com", "https://example.com/", "example.com/path",
                                    "example.com:8080", "exa mple.com", "example", "-bad.com", "bad-.com",
                                    "a..com", "example.123", "x" * 64 + ".com", "例子 .中国", "exa_mple.com",
                                    "user@example.com", "example.com?x=1", ".", "💩.la", "xn--zz.com",
                                    ".".join(c * 60 for c in "abcde") + ".com",
                                    "x" * 2000])
def test_invalid_domains_are_rejected_not_repaired(domain):
    with pytest.raises(DomainError) as refused:
        domains.normalize(domain)
    assert refused.value.code == "invalid_domain"


@pytest.mark.parametrize("given, stored", [("Example.COM", "example.com"), ("example.com.", "example.com"),
                                           ("例子.中国", "例子.中国"), ("xn--fsqu00a.xn--fiqs8s", "例子.中国"),
                                           ("Bücher.DE", "bücher.de"), ("www.sub.example.cn", "www.sub.example.cn"),
                                           ("faß.de", "faß.de"), ("xn--fa-hia.de", "faß.de")])  # IDNA 2008: ß kept
def test_domains_are_stored_lower_case_in_unicode(given, stored):
    assert domains.normalize(given)[0] == stored


def test_the_31_province_abbreviations_of_filing_numbers():
    from icp_filing.filings import PROVINCES

    assert set(PROVINCES) == set("京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝蜀黔滇藏陕陇青宁新")
    assert len(set(PROVINCES)) == 31
