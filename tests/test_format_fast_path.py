"""Shortcuts that spare a conversion importing jsonschema-rs: convert/formats.fits_format answers the plainest
URLs and addresses, convert/patterns the plainest patterns, without it. Every
value its shortcut accepts, the installed jsonschema-rs (what openapi-spec-validator checks formats with) and
the fall-back expressions accept too."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xtgen.convert import formats, patterns

jsonschema_rs = pytest.importorskip("jsonschema_rs", reason="jsonschema-rs is installed on CPython only")


def _checked(fmt: str, value: str) -> bool:
    return bool(jsonschema_rs.validator_for({"type": "string", "format": fmt}, validate_formats=True).is_valid(value))


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(sorted(formats._SURELY)).flatmap(
        lambda f: st.tuples(st.just(f), st.from_regex(formats._SURELY[f], fullmatch=True))
    )
)
def test_what_the_shortcut_accepts_every_checker_accepts(case: tuple[str, str]) -> None:
    fmt, value = case
    assert _checked(fmt, value), (fmt, value)
    assert (formats._URI if fmt == "uri" else formats._EMAIL).match(value)


def test_the_shortcut_leaves_the_rest_to_the_checker() -> None:
    accepted = [
        ("uri", "https://docs.github.com/rest/releases/assets#upload-a-release-asset"),
        ("uri", "http://api.example.com:8080/v1/items?limit=10&x=a,b"),
        ("email", "support@example.com"),
        ("email", "first.last+tag@mail-host.example.co"),
    ]
    for fmt, value in accepted:
        assert formats._SURELY[fmt].fullmatch(value) and formats.fits_format(value, fmt)
    left = [  # each for the checker to decide, which refuses these
        ("uri", "https://a.b/c d"),
        ("uri", "https://a.b/%zz"),
        ("uri", "/relative/path"),
        ("uri", "https://a.b/\u00e9"),
        ("email", ".a@b.co"),
        ("email", "a..b@c.de"),
        ("email", "a@-b.co"),
    ]
    for fmt, value in left:
        assert not formats._SURELY[fmt].fullmatch(value)
        assert formats.fits_format(value, fmt) is False and _checked(fmt, value) is False


# ---- plain patterns (convert/patterns._plain_pattern): compiled by every ECMA-262 engine, told without one ----

_REGEX_CHARS = "ab0-9AZ_ .,/-[]()|^$*+?{}\\:dwsDWS"
_LITERALS = st.sampled_from(list("aZ09_ ,:;!@#%&=<>'\"/~-"))
_ESCAPES = st.sampled_from([f"\\{c}" for c in "dDwWsS^$\\.*+?()[]{}|/"])
_CLASS_ITEMS = st.one_of(
    st.sampled_from(["a-z", "A-Z", "0-9", "b-f", "3-7", "a-a"]),
    st.sampled_from(list("aZ09 _.+*?(){}|$/")),
    st.sampled_from([f"\\{c}" for c in "dwsDWS^$\\.*+?()[]{}|/-"]),
)
_CLASSES = st.builds(
    lambda negated, items, hyphen: "[" + negated + "".join(items) + hyphen + "]",
    st.sampled_from(["", "^"]),
    st.lists(_CLASS_ITEMS, min_size=1, max_size=4),
    st.sampled_from(["", "-"]),
)
_QUANTIFIERS = st.sampled_from(["", "", "*", "+", "?", "{2}", "{1,}", "{0,3}", "{3,3}", "+?", "{2,5}?"])


def _plain_patterns() -> st.SearchStrategy[str]:
    atoms = st.one_of(_LITERALS, _ESCAPES, st.just("."), _CLASSES)

    def sequences(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        piece = st.builds(lambda a, q: a + q, inner, _QUANTIFIERS)
        return st.lists(piece, max_size=4).map("".join)

    def groups(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        branches = st.lists(sequences(st.one_of(atoms, inner)), min_size=1, max_size=3).map("|".join)
        return st.builds(lambda o, b: o + b + ")", st.sampled_from(["(", "(?:"]), branches)

    nested = st.recursive(atoms, groups, max_leaves=6)
    top = st.lists(sequences(nested), min_size=1, max_size=3).map("|".join)
    return st.builds(lambda s, t, e: s + t + e, st.sampled_from(["", "^"]), top, st.sampled_from(["", "$"]))


@settings(max_examples=500, deadline=None)
@given(_plain_patterns())
def test_plain_patterns_compile_in_every_ecma_engine(pattern: str) -> None:
    assert patterns._plain_pattern(pattern), pattern
    assert _checked("regex", pattern), pattern


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=_REGEX_CHARS, max_size=14))
def test_what_the_plain_test_accepts_jsonschema_rs_accepts(pattern: str) -> None:
    if patterns._plain_pattern(pattern):
        assert _checked("regex", pattern), pattern


def test_real_patterns_are_plain_and_look_alikes_are_asked() -> None:
    github = [  # from GitHub's REST description (@octokit/openapi), MIT licence
        r"^sha256:[a-f0-9]{64}$",
        r"^\d+\.\d+\.\d+$",
        r"^refs/(heads|tags|pull)/.*$",
        r"^([0-9a-fA-F]{40}(?:[0-9a-fA-F]{24})?)$",
        r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$",
        r"^[A-Za-z0-9.\-_]+$",
    ]
    assert all(patterns._plain_pattern(p) and _checked("regex", p) for p in github)
    for asked in ["a{2,1}", "[z-a]", "[\\\\z-a]", "a**", "[\\w-.]", "a]", "^*", "(", "a)", "(?=a)", "\\p{L}"]:
        assert not patterns._plain_pattern(asked), asked
