"""Time expressions on small hand-written sentences: spans, resolved intervals, conventions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy

from claimgraph.errors import ConfigError
from claimgraph.nlp import timelex
from claimgraph.nlp.times import FACTORY, find_times

D = dt.date
FRI = D(2025, 1, 24)  # a Friday
Expected = tuple[str, dt.date | None, dt.date | None]

# (sentence, published, [(expression as found, start, end)]); every listed expression must be found
# with exactly that text and interval. A start/end of None means "unresolved".
CASES = [
    # bare weekdays: the most recent on or before publication, the day itself included
    ("The plan was in a Friday report from the Joint Chiefs of Staff.", FRI, [("Friday", FRI, FRI)]),
    ("A report published Wednesday cited an unnamed official.", FRI, [("Wednesday", D(2025, 1, 22), D(2025, 1, 22))]),
    ("The video was posted Monday on his account.", FRI, [("Monday", D(2025, 1, 20), D(2025, 1, 20))]),
    ("Rutte said earlier on Monday that units had been deployed.", D(2024, 10, 28),
     [("earlier on Monday", D(2024, 10, 28), D(2024, 10, 28))]),
    ("The truce took effect late on Sunday morning.", D(2025, 1, 20),
     [("late on Sunday morning", D(2025, 1, 19), D(2025, 1, 19))]),
    ("Blinken said in a statement late Thursday that the evidence was overwhelming.", D(2024, 8, 2),
     [("late Thursday", D(2024, 8, 1), D(2024, 8, 1))]),
    # looking ahead: the next one on or after publication
    ("The two leaders will meet on Monday in Geneva.", FRI, [("on Monday", D(2025, 1, 27), D(2025, 1, 27))]),
    ("She has called on supporters to rally across the country on Saturday.", D(2024, 8, 2),
     [("on Saturday", D(2024, 8, 3), D(2024, 8, 3))]),
    ("Officials said on Saturday that talks would resume on Tuesday.", D(2025, 1, 20),
     [("on Saturday", D(2025, 1, 18), D(2025, 1, 18)), ("on Tuesday", D(2025, 1, 21), D(2025, 1, 21))]),
    ("The truce, set to expire on Sunday, holds.", FRI, [("on Sunday", D(2025, 1, 26), D(2025, 1, 26))]),
    ("Gusts could reach 70 mph in the mountains through Wednesday.", D(2025, 1, 14),
     [("through Wednesday", D(2025, 1, 14), D(2025, 1, 15))]),
    ("Rescuers worked through Thursday night.", FRI, [("through Thursday night", D(2025, 1, 23), D(2025, 1, 23))]),
    ("We expect to finish the cull by Wednesday.", FRI, [("Wednesday", D(2025, 1, 29), D(2025, 1, 29))]),
    # last / next weekday: in the previous / next Monday-Sunday week
    ("An update published last Friday gave lower figures.", D(2024, 6, 20),
     [("last Friday", D(2024, 6, 14), D(2024, 6, 14))]),
    ("The vote is set for next Wednesday.", FRI, [("next Wednesday", D(2025, 1, 29), D(2025, 1, 29))]),
    # dates without a year: the most recent on or before publication (year rollover)
    ("Two soldiers were captured Jan. 3 during fighting.", FRI, [("Jan. 3", D(2025, 1, 3), D(2025, 1, 3))]),
    ("The convoy was hit on Dec. 28, officials said.", D(2025, 1, 3),
     [("on Dec. 28", D(2024, 12, 28), D(2024, 12, 28))]),
    ("They pledged aid during their June 18 summit.", FRI, [("June 18", D(2024, 6, 18), D(2024, 6, 18))]),
    ("The first units reached the area on Oct. 23.", D(2024, 10, 28),
     [("on Oct. 23", D(2024, 10, 23), D(2024, 10, 23))]),
    ("The inauguration on Jan. 20 drew crowds.", D(2025, 1, 3), [("on Jan. 20", D(2025, 1, 20), D(2025, 1, 20))]),
    ("They signed a pact in Pyongyang in June.", D(2024, 10, 28), [("in June", D(2024, 6, 1), D(2024, 6, 30))]),
    ("Troops may have deployed as early as October.", FRI,
     [("as early as October", D(2024, 10, 1), D(2024, 10, 31))]),
    ("The fire began in mid-December.", FRI, [("in mid-December", D(2024, 12, 11), D(2024, 12, 20))]),
    ("Elections will be held in early March.", FRI, [("in early March", D(2025, 3, 1), D(2025, 3, 10))]),
    # full dates, months and years
    ("The deal was signed on January 24, 2025 in Doha.", D(2025, 2, 1),
     [("on January 24, 2025", FRI, FRI)]),
    ("He was arrested on 24 January 2025.", None, [("on 24 January 2025", FRI, FRI)]),
    ("The filing is dated 2025-01-24.", None, [("2025-01-24", FRI, FRI)]),
    ("The war began in October 2023.", FRI, [("in October 2023", D(2023, 10, 1), D(2023, 10, 31))]),
    ("Losses were about $10 billion in 2018.", FRI, [("in 2018", D(2018, 1, 1), D(2018, 12, 31))]),
    ("Prices soared in the 1990s.", FRI, [("1990s", D(1990, 1, 1), D(1999, 12, 31))]),
    ("Prices rose in late 2023 and in the summer of 2022.", FRI,
     [("in late 2023", D(2023, 9, 1), D(2023, 12, 31)), ("in the summer of 2022", D(2022, 6, 1), D(2022, 8, 31))]),
    ("Revenue fell in Q3 2024.", FRI, [("in Q3 2024", D(2024, 7, 1), D(2024, 9, 30))]),
    ("The vote is on Sunday, Jan. 5.", D(2024, 12, 1), [("on Sunday, Jan. 5", D(2025, 1, 5), D(2025, 1, 5))]),
    ("Profits fell in the first quarter of 2024.", FRI,
     [("in the first quarter of 2024", D(2024, 1, 1), D(2024, 3, 31))]),
    ("The treaty was in force between 2014 and 2018.", FRI,
     [("between 2014 and 2018", D(2014, 1, 1), D(2018, 12, 31))]),
    ("Shelling continued from Monday through Wednesday.", FRI,
     [("from Monday through Wednesday", D(2025, 1, 20), D(2025, 1, 22))]),
    # calendar periods relative to publication
    ("Last month, Ukraine released photos of the cards.", FRI, [("Last month", D(2024, 12, 1), D(2024, 12, 31))]),
    ("Lawmakers told reporters earlier this month that 3,000 were hurt.", FRI,
     [("earlier this month", D(2025, 1, 1), D(2025, 1, 23))]),
    ("Last week, officials estimated 3,000 troops.", D(2024, 10, 28),
     [("Last week", D(2024, 10, 21), D(2024, 10, 27))]),
    ("The gang told The Register this week that it would publish data.", D(2024, 6, 20),
     [("this week", D(2024, 6, 17), D(2024, 6, 20))]),
    ("Forces seized territory there last summer.", FRI, [("last summer", D(2024, 6, 1), D(2024, 8, 31))]),
    ("Blinken said late last month that 8,000 had moved.", D(2024, 11, 12),
     [("late last month", D(2024, 10, 21), D(2024, 10, 31))]),
    ("Putin signed the law over the weekend.", D(2024, 11, 12),
     [("over the weekend", D(2024, 11, 9), D(2024, 11, 10))]),
    ("Exports grew last year.", FRI, [("last year", D(2024, 1, 1), D(2024, 12, 31))]),
    # spans of time counted from publication
    ("Reinforcements are expected to arrive within two months.", FRI,
     [("within two months", FRI, D(2025, 3, 24))]),
    ("They would reinforce units over the next several weeks.", D(2024, 10, 28),
     [("over the next several weeks", D(2024, 10, 29), D(2024, 11, 25))]),
    ("Peskov said a week ago that the reports were contradictory.", D(2024, 10, 28),
     [("a week ago", D(2024, 10, 21), D(2024, 10, 21))]),
    ("The plant closed two days ago and reopens tomorrow.", FRI,
     [("two days ago", D(2025, 1, 22), D(2025, 1, 22)), ("tomorrow", D(2025, 1, 25), D(2025, 1, 25))]),
    ("Yesterday the count rose; today it fell.", FRI,
     [("Yesterday", D(2025, 1, 23), D(2025, 1, 23)), ("today", FRI, FRI)]),
    ("At least 11 people have been killed since Monday.", D(2024, 8, 2),
     [("since Monday", D(2024, 7, 29), D(2024, 8, 2))]),
    ("Cases have been reported since 2003.", FRI, [("since 2003", D(2003, 1, 1), FRI)]),
    ("Cases fell in the past two weeks.", FRI, [("in the past two weeks", D(2025, 1, 10), FRI)]),
    # anaphoric times, anchored to the nearest earlier resolved day
    ("The toll rose to 24 late on Sunday, from 16 a day earlier.", D(2025, 1, 14),
     [("late on Sunday", D(2025, 1, 12), D(2025, 1, 12)), ("a day earlier", D(2025, 1, 11), D(2025, 1, 11))]),
    ("The mine reopened on December 16 last year, and cases appeared four days later.", D(2025, 6, 1),
     [("on December 16 last year", D(2024, 12, 16), D(2024, 12, 16)),
      ("four days later", D(2024, 12, 20), D(2024, 12, 20))]),
    ("They met during their June 18 summit. Since then, attacks have grown.", FRI,
     [("June 18", D(2024, 6, 18), D(2024, 6, 18)), ("Since then", D(2024, 6, 18), FRI)]),
    ("Two days later, the army withdrew.", FRI, [("Two days later", None, None)]),
    ("Cases rose to 782 in 2004, up from 355 the previous year.", FRI,
     [("in 2004", D(2004, 1, 1), D(2004, 12, 31)), ("the previous year", D(2003, 1, 1), D(2003, 12, 31))]),
    # no publication date: relative times stay unresolved, written years still resolve
    ("The ministry said on Friday that the strike failed.", None, [("on Friday", None, None)]),
    ("Prices rose last month and fell in March 2022.", None,
     [("last month", None, None), ("in March 2022", D(2022, 3, 1), D(2022, 3, 31))]),
    ("The vote was held on Jan. 3, 2024, and results came two days later.", None,
     [("on Jan. 3, 2024", D(2024, 1, 3), D(2024, 1, 3)), ("two days later", D(2024, 1, 5), D(2024, 1, 5))]),
    ("The summit took place on June 18.", None, [("on June 18", None, None)]),
]

NEGATIVES = [
    "North Korea may be accelerating plans to send more troops.",
    "Protesters march on the capital every year.",
    "They fought in the nearly 2-year conflict.",
    "Russia sent 2,000 troops to the border.",
    "About 2000 troops were deployed near the border.",
    "The 2018 Camp Fire killed 85 people.",
    "Crews are on 24-hour alert.",
    "The fighting lasted for two months.",
    "Theresa May said the plan was dead.",
    "The Sunday Times reported on Black Friday sales.",
    "Prices are expected to fall sharply.",
    "The line of 2000 cases was crossed.",
    "Students returned after summer breaks.",
    "The agency cited Resolution 2024 in its letter.",
    "The victim was 45 years old.",
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_resolves(text: str, published: dt.date | None, expected: list[Expected]) -> None:
    found = {(t.text, t.start, t.end) for t in find_times(text, published)}
    for item in expected:
        assert item in found, f"{item} not in {sorted(found, key=str)}"


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_a_time(text: str) -> None:
    assert find_times(text, FRI) == []


@pytest.mark.parametrize(("text", "published", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_spans_index_the_text(text: str, published: dt.date | None, expected: object) -> None:
    for t in find_times(text, published):
        assert text[t.span[0]:t.span[1]] == t.text
        assert t.start is None or t.end is None or t.start <= t.end


def test_precision_and_role() -> None:
    times = {t.text: t for t in find_times("The army said on Monday that it struck in June 2024.", FRI)}
    assert (times["on Monday"].precision, times["on Monday"].role) == ("day", "said")
    assert (times["in June 2024"].precision, times["in June 2024"].role) == ("month", "event")


def test_component_sets_doc_times() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY)
    doc = nlp.make_doc("Troops arrived on Monday.")
    doc._.published = FRI
    doc = nlp(doc)
    assert [(t.text, t.start) for t in doc._.times] == [("on Monday", D(2025, 1, 20))]


def test_bad_lexicon_raises_e013(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "times.yaml").write_text("months: {january: 1}\n", encoding="utf-8")  # the rest missing
    monkeypatch.setenv("CLAIMGRAPH_DATA", str(tmp_path))
    timelex.lexicon.cache_clear()
    try:
        with pytest.raises(ConfigError, match="E013"):
            timelex.lexicon()
    finally:
        monkeypatch.delenv("CLAIMGRAPH_DATA")
        timelex.lexicon.cache_clear()


def test_packaged_lexicon_is_consistent() -> None:
    lex = timelex.lexicon()
    assert set(lex.months.values()) == set(range(1, 13))
    assert lex.case_sensitive <= set(lex.months)
    assert sorted(lex.weekdays.values()) == list(range(7))
    assert all(base in ("hour", "day", "month", "year") for _, base in lex.units.values())
    assert set(lex.parts.values()) <= {"early", "mid", "late", "start", "end"}
