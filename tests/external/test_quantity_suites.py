"""Third-party number and quantity suites run through the quantities component.

Data: ``../shared/external/quantulum3_tests`` (quantulum3, MIT) and
``../shared/external/recognizers_text_specs_en/Number`` (Microsoft Recognizers-Text, MIT). Every
sentence goes through the real English model and ``find_quantities``, the code the pipeline runs.

Scope: our extractor deliberately ignores durations, dates and years (they are times) and
ordinals. An expected item of those kinds is dropped from the expectation (the definitions are in
``_out_of_scope_*``); a case left with nothing to check that expected something is excluded from
the rate and counted apart. Numbers inside names ("Voyager 2") are NOT excluded: they count as
failures. Units and spans are not compared (quantulum's physical units are not our counted nouns);
values and bounds are.

Each suite pins a floor a little below the rate measured when it was written (measured - 0.02):
a change may not lower it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pytest
from spacy.language import Language

from claimgraph.model import Quantity
from claimgraph.nlp.numlex import load_data
from claimgraph.nlp.quantities import find_quantities

EXTERNAL = Path(__file__).resolve().parents[2].parent / "shared" / "external"
QUANTULUM = EXTERNAL / "quantulum3_tests" / "quantities.json"
RECOGNIZERS = EXTERNAL / "recognizers_text_specs_en" / "Number"

# measured when the floors were set (en_core_web_sm 3.8): quantulum3 75/97 = 0.773, NumberModel
# 192/234 = 0.821, NumberRangeModel 80/83 = 0.964; each floor is that minus 0.02, rounded down
FLOORS = {"quantulum3": 0.75, "number_model": 0.80, "number_range_model": 0.94}

TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
ORDINAL_RE = re.compile(r"\b(\w+teenth|\w+tieth|tenth|first|second|third|fourth|fifth|sixth|seventh|"
                        r"eighth|ninth|hundredth|thousandth)\b", re.I)
DATE_RE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")


def _load(path: Path) -> Any:
    if not path.exists():
        pytest.skip(f"{path} is not beside the repository")
    return json.loads(path.read_text(encoding="utf-8-sig"))


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


# A case's verdict: True (passed), the failure line, or None (only out-of-scope items were expected:
# nothing left to check, so the case is excluded from the rate).
Verdict = Literal[True] | str | None


def _pass_rate(nlp: Language, name: str, cases: list[dict[str, Any]], text_key: str,
               judge: Callable[[dict[str, Any], list[Quantity]], Verdict]) -> float:
    """Run every case's text through the model and ``find_quantities``; print and return the rate."""
    preds = [find_quantities(doc) for doc in nlp.pipe(c[text_key] for c in cases)]
    verdicts = [judge(case, got) for case, got in zip(cases, preds, strict=True)]
    failures = [v for v in verdicts if isinstance(v, str)]
    total = sum(v is not None for v in verdicts)
    passed, excluded = total - len(failures), len(verdicts) - total
    rate = passed / total
    print(f"\n{name}: {passed}/{total} = {rate:.3f} pass ({excluded} cases out of scope)")
    for line in failures:
        print("  FAIL", line)
    return rate


# --- quantulum3 ---------------------------------------------------------------------------------

def _out_of_scope_quantulum(item: dict[str, Any]) -> bool:
    """A duration (a time unit, not a rate such as "per hour") or a bare year (a 4-digit
    dimensionless number 1000-2100)."""
    if item["unit"] in TIME_UNITS:
        return True
    s = str(item["surface"])
    return item["unit"] == "dimensionless" and s.isdigit() and len(s) == 4 and 1000 <= int(s) <= 2100


def _matches_quantulum(item: dict[str, Any], q: Quantity) -> bool:
    """A point is matched by our value, or by our only bound; a range (value +/- uncertainty) by
    our low and high."""
    v, u = float(item["value"]), item.get("uncertainty")
    if u:
        return _close(q.low, v - float(u)) and _close(q.high, v + float(u))
    one_bound = q.low if q.high is None else q.high if q.low is None else None
    return _close(q.value, v) or (q.value is None and _close(one_bound, v))


def _one_to_one(expected: list[Any], predicted: list[Quantity], match: Any) -> bool:
    """Every expected item matched by a distinct prediction, and no prediction left over."""
    left = list(predicted)
    for item in expected:
        k = next((i for i, q in enumerate(left) if match(item, q)), None)
        if k is None:
            return False
        left.pop(k)
    return not left


def _judge_quantulum(case: dict[str, Any], got: list[Quantity]) -> Verdict:
    want = [r for r in case["res"] if not _out_of_scope_quantulum(r)]
    if case["res"] and not want:
        return None
    if _one_to_one(want, got, _matches_quantulum):
        return True
    return (f"{case['req'][:70]!r} want {[(r['value'], r.get('uncertainty')) for r in want]} "
            f"got {[(q.value, q.low, q.high) for q in got]}")


def test_quantulum3_quantities(plain_nlp: Language) -> None:
    """Pass: our quantities match the in-scope expected ones one to one (values and ranges)."""
    rate = _pass_rate(plain_nlp, "quantulum3 quantities.json", _load(QUANTULUM), "req", _judge_quantulum)
    assert rate >= FLOORS["quantulum3"]


# --- Recognizers-Text NumberModel ---------------------------------------------------------------

def _out_of_scope_number(text: str, result: dict[str, Any]) -> bool:
    """Part of a d/m/y date, or counting a time unit ("in 3 years")."""
    start, end = result["Start"], result["End"] + 1
    if any(m.start() <= start and end <= m.end() for m in DATE_RE.finditer(text)):
        return True
    rest = text[end:].split()
    return bool(rest) and rest[0].lower().strip(".,") in set(load_data()["durations"])


def _numbers(qs: list[Quantity]) -> list[float]:
    """Every number we read: the value, else the bounds."""
    return sorted(x for q in qs for x in ((q.value,) if q.value is not None else (q.low, q.high)) if x is not None)


def _judge_number(case: dict[str, Any], got: list[Quantity]) -> Verdict:
    results = case.get("Results") or []
    want = sorted(float(r["Resolution"]["value"]) for r in results if not _out_of_scope_number(case["Input"], r))
    if results and not want:
        return None
    have = _numbers(got)
    if len(have) == len(want) and all(_close(a, b) for a, b in zip(have, want, strict=True)):
        return True
    return f"{case['Input'][:60]!r} want {want} got {have}"


def test_recognizers_number_model(plain_nlp: Language) -> None:
    """Pass: the numbers we read (values, else bounds) equal the in-scope expected values as a
    multiset; a case that expects no number passes only when we read none."""
    rate = _pass_rate(plain_nlp, "Recognizers-Text NumberModel", _load(RECOGNIZERS / "NumberModel.json"), "Input",
                      _judge_number)
    assert rate >= FLOORS["number_model"]


# --- Recognizers-Text NumberRangeModel ----------------------------------------------------------

def _interval(value: str) -> tuple[float | None, float | None]:
    """"[20,30)" -> (20, 30); "(,100]" -> (None, 100). Open and closed ends are not told apart."""
    lo, hi = value.strip("[]()").split(",")
    return (float(lo) if lo else None, float(hi) if hi else None)


def _matches_range(want: tuple[float | None, float | None], q: Quantity) -> bool:
    lo, hi = want
    if lo is not None and hi is not None and math.isclose(lo, hi):
        return _close(q.value, lo) or (_close(q.low, lo) and _close(q.high, hi))
    return q.value is None and (q.low is None if lo is None else _close(q.low, lo)) and (
        q.high is None if hi is None else _close(q.high, hi))


def _judge_range(case: dict[str, Any], got: list[Quantity]) -> Verdict:
    results = case.get("Results") or []
    want = [_interval(r["Resolution"]["value"]) for r in results
            if not ORDINAL_RE.search(r["Text"]) and not _out_of_scope_number(case["Input"], r)]
    if results and not want:
        return None
    left = list(got)
    ok = True
    for w in want:
        k = next((i for i, q in enumerate(left) if _matches_range(w, q)), None)
        ok = ok and k is not None
        if k is not None:
            left.pop(k)
    if ok and not any(q.low is not None or q.high is not None for q in left):
        return True
    return f"{case['Input'][:70]!r} want {want} got {[(q.value, q.low, q.high) for q in got]}"


def test_recognizers_number_range_model(plain_nlp: Language) -> None:
    """Pass: every in-scope expected range is matched by a distinct quantity with the same low and
    high (a point range [v,v] by the value v), and no quantity with a bound is left unmatched.
    Out of scope: ranges of ordinals ("between the tenth and the fifteenth") and of ages or
    durations ("more than thirty years old")."""
    rate = _pass_rate(plain_nlp, "Recognizers-Text NumberRangeModel", _load(RECOGNIZERS / "NumberRangeModel.json"),
                      "Input", _judge_range)
    assert rate >= FLOORS["number_range_model"]
