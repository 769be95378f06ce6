"""Property (issue 16): a blacklisted website name cannot be filed again by respelling it.

The blacklist compares ``names.blacklist_key``, the one function used both when a name
is blacklisted and when a submission is checked. Every evasion below, applied to any
name and combined, gives the same key: spaces, zero-width and other invisible or
format characters (bidi controls included), full width, case, and look-alike letters
of other scripts (Cyrillic, Greek). The look-alike pairs here are written out by
hand, not read from the table the service ships, so the table is checked too."""
from __future__ import annotations

import unicodedata

from hypothesis import given, strategies as st

from icp_filing import names

from .support import fixed

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202a", "\u202b", "\u202c", "\u202d",
             "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u180e", "\ufe0f", "\u3164"]
SPACES = [" ", "\u3000", "\u00a0", "\t", "\u2002", "\u2009"]
# Latin letter -> look-alikes of other scripts (Cyrillic, Greek), independently of the data file.
LOOKALIKES = {"a": "аα", "c": "сϲ", "e": "е", "i": "іι", "j": "ј", "o": "оο", "p": "рρ", "s": "ѕ", "x": "хχ",
              "y": "у", "h": "һ", "k": "κ", "n": "ո", "v": "ν"}

base_names = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyz0123456789") + list("博客商城网站小店")),
                     min_size=1, max_size=12)


def fullwidth(char: str) -> str:
    return chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char


@st.composite
def respelled(draw, name: str) -> str:
    """``name`` with each character perhaps widened, upper-cased or swapped for a look-alike,
    and invisible characters and spaces put between characters."""
    out = []
    for char in name:
        choice = draw(st.integers(0, 3))
        if choice == 1:
            char = fullwidth(char)
        elif choice == 2:
            char = char.upper()
        elif choice == 3 and char in LOOKALIKES:
            char = draw(st.sampled_from(LOOKALIKES[char]))
        out.append(char)
        if draw(st.booleans()):
            out.append(draw(st.sampled_from(INVISIBLE + SPACES)))
    return "".join(out)


@fixed(400)
@given(data=st.data(), name=base_names)
def test_every_respelling_of_a_name_has_its_key(data, name):
    spelled = data.draw(respelled(name))
    assert names.blacklist_key(spelled) == names.blacklist_key(name), (name, spelled)


@fixed(300)
@given(name=st.text(min_size=1, max_size=40))
def test_the_fold_is_idempotent_and_leaves_no_invisible_or_space(name):
    key = names.folded(name)
    assert names.folded(key) == key
    assert not any(c.isspace() or names.is_ignorable(c) or unicodedata.category(c) in ("Cc", "Cf") for c in key)


@fixed(200)
@given(name=st.text(min_size=1, max_size=2000))
def test_keys_fit_a_dynamodb_key(name):
    # A sort key holds 1 KB, a partition key 2 KB: the blacklist's key is well within both.
    assert len(("BLACKLIST#NAME#" + names.blacklist_key(name)).encode("utf-8")) <= 1024


def test_the_evasions_issue_16_names():
    blacklisted = names.blacklist_key("坏站C")
    for attempt in ("坏站 C", "坏站\u200bC", "坏站\u202eC", "坏站Ｃ", "坏站c", "坏站 с", " 坏 站 C ", "坏站\u3000C",
                    "坏站\u2066C\u2069", "坏站\ufeffC"):
        assert names.blacklist_key(attempt) == blacklisted, attempt
    assert names.blacklist_key("Аlice Вlog") == names.blacklist_key("alice blog")  # Cyrillic А and В
    assert names.blacklist_key("ΑLICE") == names.blacklist_key("alice")            # Greek capital alpha


def test_different_names_stay_different():
    assert names.blacklist_key("坏站C") != names.blacklist_key("坏站D")
    assert names.blacklist_key("淘宝") != names.blacklist_key("淘宝网")
    assert names.blacklist_key("Alice Blog") != names.blacklist_key("Alice Blogs")
