"""The batch's input check (`_over_one_of`, identities computed once) agrees with `same_file` pair by pair."""

from __future__ import annotations

import os
from pathlib import Path

from xtgen.app.write import _identities, _over_one_of, same_file


def test_input_check_agrees_with_same_file(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text("{}")
    other = tmp_path / "other.json"
    other.write_text("{}")
    (tmp_path / "sub").mkdir()
    link = tmp_path / "link.json"
    link.symlink_to(spec)
    hard = tmp_path / "hard.json"
    os.link(spec, hard)
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    protect = (spec, tmp_path / "missing.json")
    candidates = [
        spec,
        link,
        hard,
        tmp_path / "sub" / ".." / "spec.json",
        other,
        tmp_path / "missing.json",
        tmp_path / "new.json",
        loop,
        tmp_path / "a\x00b",
    ]
    _identities.cache_clear()
    for path in candidates:
        expected = any(same_file(path, p) for p in protect)
        assert _over_one_of(path, protect) is expected, path
    assert [p.name for p in candidates if _over_one_of(p, protect)] == [
        "spec.json",
        "link.json",
        "hard.json",
        "spec.json",
        "missing.json",
    ]
