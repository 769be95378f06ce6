"""Properties of subject ID numbers: check characters (GB 11643 / ISO 7064 MOD 11-2 and
GB 32100) computed independently, single-character errors caught, masking."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, strategies as st

from icp_filing import identity

from .support import TODAY, USCC, credit_code, fixed, resident_check, resident_id, uscc_check

DIGITS = "0123456789"


def birth_dates():
    return st.integers(0, (TODAY - date(1900, 1, 1)).days).map(lambda d: date(1900, 1, 1) + timedelta(days=d))


# Area codes: a published table (GB/T 2260, every revision), read here from the data
# file the service ships; an independent list of a few known codes checks that file.
AREA_CODES = sorted(line.strip() for line in open(Path(identity.__file__).parent / "data" / "area_codes.txt",
                                                  encoding="utf-8") if line.strip() and not line.startswith("#"))
KNOWN_AREA_CODES = ("110101", "110105", "310115", "330106", "440304", "650102", "540102")
resident_bodies = st.builds(lambda region, born, seq: f"{region}{born:%Y%m%d}{seq}",
                            st.sampled_from(AREA_CODES), birth_dates(),
                            st.text(DIGITS, min_size=3, max_size=3))
any_region_bodies = st.builds(lambda region, born, seq: f"{region}{born:%Y%m%d}{seq}",
                              st.text(DIGITS, min_size=6, max_size=6), birth_dates(),
                              st.text(DIGITS, min_size=3, max_size=3))
# GB 32100: registration authority, organisation type, 6-digit division code, 9-character org code.
uscc_bodies = st.builds(lambda head, division, org: head + division + org, st.text(USCC, min_size=2, max_size=2),
                        st.text(DIGITS, min_size=6, max_size=6), st.text(USCC, min_size=9, max_size=9))


def real_birth_date(number: str) -> bool:
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= TODAY


def resident_oracle(number: str) -> bool:
    return (len(number) == 18 and all(c in DIGITS for c in number[:17]) and real_birth_date(number)
            and number[17] == resident_check(number[:17]))


def uscc_oracle(number: str) -> bool:
    return (len(number) == 18 and all(c in USCC for c in number) and number[2:8].isdigit()
            and number[17] == uscc_check(number[:17]))


@fixed(300)
@given(body=resident_bodies, position=st.integers(0, 17), replacement=st.sampled_from(DIGITS + "X"))
def test_resident_id_checksum(body, position, replacement):
    number = resident_id(body)
    assert identity.resident_id_valid(number, TODAY)
    assert identity.valid("individual", number)
    allowed = DIGITS + "X" if position == 17 else DIGITS
    if replacement == number[position] or replacement not in allowed:
        return
    mutant = number[:position] + replacement + number[position + 1:]
    # MOD 11-2 catches every single-character error (11 is prime, no weight is 0 mod 11):
    # the oracle computes whether the mutant still hits its checksum; by construction it never does.
    assert not resident_oracle(mutant)
    assert identity.resident_id_valid(mutant, TODAY) is False
    assert identity.valid("individual", mutant) is False
    assert identity.valid("individual", mutant, frozenset({mutant}))  # the allow-list admits it


def test_the_area_code_table_holds_known_codes_and_no_made_up_ones():
    assert set(KNOWN_AREA_CODES) <= set(AREA_CODES)
    assert len(AREA_CODES) > 3000
    assert not {"000000", "999999", "110000"[:2] + "9999", "990101"} & set(AREA_CODES)


@fixed(300)
@given(body=any_region_bodies)
def test_a_resident_id_needs_an_area_code_that_exists(body):
    # Issue 15: 000000... with a good checksum and birth date was accepted.
    number = resident_id(body)
    assert identity.resident_id_valid(number, TODAY)  # checksum and birth date alone
    assert identity.valid("individual", number) == (body[:6] in set(AREA_CODES))


def test_area_code_000000_is_refused():
    number = resident_id("00000019900101123")
    assert identity.resident_id_valid(number, TODAY)
    assert not identity.valid("individual", number)


@fixed(300)
@given(body=uscc_bodies, position=st.integers(0, 17), replacement=st.sampled_from(USCC))
def test_credit_code_checksum(body, position, replacement):
    number = credit_code(body)
    assert identity.credit_code_valid(number)
    assert identity.valid("enterprise", number)
    if replacement == number[position]:
        return
    mutant = number[:position] + replacement + number[position + 1:]
    assert uscc_oracle(mutant) is False   # MOD 31 with weights 3^i: every single change is caught
    assert identity.credit_code_valid(mutant) is False
    assert identity.valid("enterprise", mutant) is False


@fixed(100)
@given(body=uscc_bodies, position=st.integers(0, 17), bad=st.sampled_from("IOSVZ"))
def test_credit_code_rejects_characters_outside_gb32100(body, position, bad):
    number = credit_code(body)
    assert not identity.credit_code_valid(number[:position] + bad + number[position + 1:])


@fixed(200)
@given(number=st.one_of(resident_bodies.map(resident_id), uscc_bodies.map(credit_code),
                        st.text(min_size=7, max_size=40)))
def test_masked_keeps_first_three_and_last_four(number):
    m = identity.masked(number)
    assert len(m) == len(number)
    assert m[:3] == number[:3] and m[-4:] == number[-4:]
    assert set(m[3:-4]) <= {"*"}
