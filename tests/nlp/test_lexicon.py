"""Packaged lexicons load, validate, and can be overridden by a user's copy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from claimgraph.errors import ConfigError
from claimgraph.nlp import lexicon


@pytest.fixture()
def fresh_caches() -> Iterator[None]:
    for fn in (lexicon.load_yaml, lexicon.attribution_lexicon, lexicon.certainty_lexicon):
        fn.cache_clear()
    yield
    for fn in (lexicon.load_yaml, lexicon.attribution_lexicon, lexicon.certainty_lexicon):
        fn.cache_clear()


def test_packaged_lexicons_load(fresh_caches: None) -> None:
    alex = lexicon.attribution_lexicon()
    assert "say" in alex.reporting_verbs and alex.reporting_verbs["deny"] == "CT-"
    assert "statement" in alex.channel_nouns
    clex = lexicon.certainty_lexicon()
    assert clex.modal_aux["may"] == "PS+"


def test_every_packaged_yaml_is_a_mapping() -> None:
    folder = Path(str(resources.files("claimgraph") / "data"))
    for path in folder.glob("*.yaml"):
        assert isinstance(lexicon.load_yaml(path.name), dict), path.name


def test_user_override_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None) -> None:
    src = Path(str(resources.files("claimgraph") / "data" / "attribution.yaml"))
    shutil.copy(src, tmp_path / "attribution.yaml")
    text = (tmp_path / "attribution.yaml").read_text(encoding="utf-8")
    text = text.replace("  say: null", "  say: null\n  gossip: PS+")
    (tmp_path / "attribution.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(tmp_path))
    assert lexicon.attribution_lexicon().reporting_verbs["gossip"] == "PS+"


def test_malformed_lexicon_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           fresh_caches: None) -> None:
    (tmp_path / "certainty.yaml").write_text("modal_aux: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(tmp_path))
    with pytest.raises(ConfigError) as info:
        lexicon.certainty_lexicon()
    assert info.value.render().startswith("E013:")


def test_every_lexicon_is_read_through_one_place_that_honours_claimgraph_data(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``CLAIMGRAPH_DATA`` overrides a packaged data file for every lexicon: the times lexicon read
    from a user's copy knows a word the packaged one does not."""
    import datetime as dt
    import re

    import claimgraph
    from claimgraph.nlp import timelex, times
    from claimgraph.nlp.lexicon import data_path
    from claimgraph.nlp.times import find_times

    def forget() -> None:  # the lexicon and what is built from it
        for cached in (timelex.lexicon, timelex.grammar, times.recognisers):
            cached.cache_clear()

    package = Path(claimgraph.__file__).parent
    readers = [p.relative_to(package).as_posix() for p in package.rglob("*.py")
               if re.search(r"resources\.files\(|files\(\"claimgraph\"\)", p.read_text(encoding="utf-8"))]
    assert readers == ["nlp/lexicon.py"]  # no other module finds the package data by itself
    copy = data_path("times.yaml").read_text(encoding="utf-8").replace(
        "relative_days:\n", "relative_days:\n  overmorrow: 2\n", 1)
    (tmp_path / "times.yaml").write_text(copy, encoding="utf-8")
    find_times("Talks resume on Friday.", dt.date(2025, 3, 3))  # the packaged lexicon in use first
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(tmp_path))
    forget()
    try:
        found = find_times("The talks resume overmorrow, officials said.", dt.date(2025, 3, 3))
        assert [(t.text, t.start) for t in found] == [("overmorrow", dt.date(2025, 3, 5))]
    finally:
        monkeypatch.delenv("CLAIMGRAPH_DATA")
        forget()


def test_verb_classes_are_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Which verbs cite a further source is the lexicon's to say: a user's copy that adds 'invoke'
    to the citing class makes 'invoking X' a hop, with no code changed."""
    from claimgraph.api import extract
    from claimgraph.nlp.lexicon import attribution_lexicon, data_path, load_yaml
    from claimgraph.pipeline import build

    lex = attribution_lexicon()
    assert {"say", "tell"} <= lex.verbs("speech") and lex.verbs("citing") == {"cite", "quote"}
    assert lex.verbs("no such class") == frozenset()
    text = "The Harbour Gazette, {verb} two port officials, said the northern quay would stay closed until March."
    quoting = extract(text.format(verb="quoting"), published="2025-02-03")
    assert [[s.text for s in c.sources] for c in quoting.claims] == [["The Harbour Gazette", "two port officials"]]
    copy = data_path("attribution.yaml").read_text(encoding="utf-8").replace(
        "  citing: [cite, quote]", "  citing: [cite, quote, invoke]", 1)
    (tmp_path / "attribution.yaml").write_text(copy, encoding="utf-8")
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(tmp_path))
    load_yaml.cache_clear()
    attribution_lexicon.cache_clear()
    try:
        assert "invoke" in attribution_lexicon().verbs("citing")
        found = extract(text.format(verb="invoking"), published="2025-02-03", nlp=build())
        assert [[s.text for s in c.sources] for c in found.claims] == [["The Harbour Gazette", "two port officials"]]
    finally:
        monkeypatch.delenv("CLAIMGRAPH_DATA")
        load_yaml.cache_clear()
        attribution_lexicon.cache_clear()
