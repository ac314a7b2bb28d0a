"""Cheap entity boundary and label fixes, run by the gazetteer ruler after it merges its spans.

People: a name the model split ("Choe Son" + "Hui"), an ORG after a role noun that is a person
("opposition leader María Corina Machado"), a surname alone. Organisations: a lower-case ORG grown
to its phrase ("county medical examiner's office"), a parenthesised acronym ("(CNE)"), and
descriptive organisations: a possessor or demonym plus role words ("Israel's prison service", "the
Israeli military") become one linked ORG (or country) span. The dateline becomes a GPE.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from claimgraph.nlp.gazetteer import (
    OWNERS,
    POSSESSIVE,
    STRONG,
    Gazetteer,
    country_of,
    head_dateline,
    name_key,
)
from claimgraph.nlp.spans import SpanIndex


def _ent_at(ents: SpanIndex, i: int) -> Span | None:
    """The first entity in list order that covers token ``i`` (from the index, not a scan)."""
    return ents.first_at(i)


def _extend_person(doc: Doc, ent: Span, ents: SpanIndex, gaz: Gazetteer) -> Span:
    """Join a name the model split: "Choe Son" + "Hui", "Park Sun" + "-won"."""
    end = ent.end
    if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_lower and _ent_at(ents, end + 1) in (None, ent):
        end += 2
    elif end < len(doc) and len(ent) >= 2 and doc[end].pos_ == "PROPN" and doc[end].is_title \
            and doc[end].is_alpha and doc[end].lower_ not in gaz.words("org_heads"):
        other = _ent_at(ents, end)
        if other is None or (len(other) == 1 and not other.id_ and other.label_ in ("NORP", "ORG", "GPE")):
            end += 1
    return ent if end == ent.end else Span(doc, ent.start, end, label="PERSON")


def _looks_like_person(doc: Doc, ent: Span, gaz: Gazetteer) -> bool:
    prev = doc[ent.start - 1] if ent.start else None
    heads = gaz.words("org_heads")
    return bool(prev is not None and prev.lower_ in gaz.words("person_roles") and 2 <= len(ent) <= 4
                and all(t.is_title and t.is_alpha for t in ent) and not any(t.lower_ in heads for t in ent))


def _appositive_org(ent: Span, gaz: Gazetteer) -> bool:
    nouns = gaz.words("org_nouns")
    root = ent.root
    if root.dep_ == "appos" and _lemma(root.head) in nouns:
        return True
    return any(c.dep_ == "appos" and _lemma(c) in nouns for c in root.children)


def _lemma(t: Token) -> str:
    """Lemma, or a crude singular where the lemmatizer is disabled."""
    return t.lemma_.lower() if t.lemma_ else (t.lower_[:-1] if t.tag_ in ("NNS", "NNPS") else t.lower_)


def fix_people(doc: Doc, ents: list[Span], gaz: Gazetteer) -> list[Span]:
    """Fix person boundaries and labels: split names, names after a role noun, surname-only ents."""
    index = SpanIndex(ents)
    ents = filter_spans([_extend_person(doc, e, index, gaz) if e.label_ == "PERSON" and not e.id_ else e
                         for e in ents])
    people = {name_key(t.text) for e in ents if e.label_ == "PERSON"
              for name in [[t for t in e if t.is_alpha]] if len(name) > 1 for t in (name[0], name[-1])}
    out = []
    for e in ents:
        if e.id_ or e.label_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"):
            out.append(e)
        elif (e.label_ == "ORG" and _looks_like_person(doc, e, gaz)) or (
                len(e) == 1 and name_key(e.text) in people and not gaz.lookup(e.text)):
            out.append(Span(doc, e.start, e.end, label="PERSON"))
        elif e.label_ == "PERSON" and len(e) == 1 and name_key(e.text) not in people and _appositive_org(e, gaz):
            out.append(Span(doc, e.start, e.end, label="ORG"))
        else:
            out.append(e)
    index = SpanIndex(out)
    return _acronyms(doc, [_extend_lower_org(doc, e, index, gaz) if e.label_ == "ORG" and not e.id_ else e
                           for e in out])


def _extend_lower_org(doc: Doc, ent: Span, ents: SpanIndex, gaz: Gazetteer) -> Span:
    """Grow a lower-case ORG ("examiner's") to its phrase ("county medical examiner's office")."""
    if any(t.is_alpha and not t.is_lower for t in ent):
        return ent
    start, end = ent.start, ent.end
    while start > 0 and doc[start - 1].is_lower and doc[start - 1].pos_ in ("NOUN", "ADJ", "PROPN") \
            and _ent_at(ents, start - 1) is None:
        start -= 1
    if doc[end - 1].text not in POSSESSIVE and end < len(doc) and doc[end].text in POSSESSIVE:
        end += 1
    if end < len(doc) and doc[end - 1].text in POSSESSIVE and doc[end].lower_ in gaz.words("org_heads") \
            and _ent_at(ents, end) is None:
        end += 1
    return ent if (start, end) == (ent.start, ent.end) else Span(doc, start, end, label="ORG")


def _acronyms(doc: Doc, ents: list[Span]) -> list[Span]:
    """Tag "(CNE)" after an organisation as ORG."""
    index = SpanIndex(ents)
    for e in list(ents):
        i = e.end
        if e.label_ == "ORG" and i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" \
                and doc[i + 1].is_upper and 2 <= len(doc[i + 1]) <= 8 and _ent_at(index, i + 1) is None:
            acronym = Span(doc, i + 1, i + 2, label="ORG")
            ents.append(acronym)
            index.add(acronym)
    return ents


def fix_dateline(doc: Doc, ents: list[Span]) -> list[Span]:
    """Label an upper-case dateline place the model tagged as something else (or missed)."""
    found = head_dateline(doc)
    if not found:
        return ents
    end = 0
    while end < len(doc) and doc[end].idx < len(found[0]):
        end += 1
    if not end or not all(t.is_upper or not t.is_alpha for t in doc[:end]):
        return ents
    if any(e.start < end and e.id_ for e in ents):
        return ents
    return [e for e in ents if e.start >= end] + [Span(doc, 0, end, label="GPE")]


# --------------------------------------------------------------------------------------------
# descriptive organisations: "Israel's prison service", "the Israeli military"
# --------------------------------------------------------------------------------------------


def _role_end(doc: Doc, start: int, ents: SpanIndex, gaz: Gazetteer) -> int:
    """End of a role phrase starting at ``start`` ("civil defence agency"), or ``start`` if none."""
    heads, end, i = gaz.words("org_heads"), start, start
    while i < len(doc) and i - start < 5:
        t, e = doc[i], _ent_at(ents, i)
        if e is not None and (e.id_ or e.label_ not in ("ORG", "NORP")):
            break
        hyphenated = t.tag_ == "VBN" and i > start and doc[i - 1].text == "-"  # "state-run"
        if not (t.pos_ in ("NOUN", "ADJ", "PROPN") or t.text == "-" or hyphenated) or t.tag_ in ("JJS", "JJR"):
            break
        if t.lower_ in heads or _lemma(t) in heads:
            end = i + 1
        i += 1
    return end


def _owner_in_org(doc: Doc, ent: Span, resolved: dict[int, list[Span]], gaz: Gazetteer) -> tuple[Span, int] | None:
    """A model ORG that starts with a possessor or demonym: ("Gaza" span, start of "Health Ministry")
    (``resolved``: the gazetteer spans by start token, in order)."""
    if ent.label_ != "ORG" or ent.id_ or ent[-1].lower_ not in gaz.words("org_heads"):
        return None
    start = ent.start + int(ent[0].lower_ == "the")
    for s in resolved.get(start, ()):
        if s.start == start and s.end < ent.end and s.id_.startswith(OWNERS):
            begin = s.end + int(doc[s.end].text in POSSESSIVE)
            return (s, begin) if begin < ent.end else None
    return None


def _owners_inside(doc: Doc, ent: Span, resolved: dict[int, list[Span]]) -> list[Span]:
    """Possessors and demonyms at the start of a listed name ("Israel's military", "Russian Navy")."""
    return [s for s in resolved.get(ent.start, ()) if s.start == ent.start and s.end < ent.end and (
        s.id_.startswith(("demonym", "country")) or doc[s.end].text in POSSESSIVE) and s.id_.startswith(OWNERS)]


def _role_after(doc: Doc, ent: Span, ents: SpanIndex, gaz: Gazetteer) -> tuple[int, int] | None:
    """The role words after a possessor or demonym span: "Israel['s] prison service"."""
    if not ent.id_.startswith(OWNERS) or ent.end >= len(doc):
        return None
    possessive = doc[ent.end].text in POSSESSIVE
    if not (possessive or ent.id_.startswith(("demonym", "country"))):
        return None
    begin = ent.end + int(possessive)
    end = _role_end(doc, begin, ents, gaz)
    return (begin, end) if end > begin else None


def singular(word: str) -> str:
    """A crude singular for role heads ("militaries" -> "military", "media" stays)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


def _role_text(span: Span) -> str:
    """A role phrase with its head in the singular ("South Korean militaries" -> "... military")."""
    return "".join(t.text_with_ws for t in span[:-1]) + singular(span[-1].text)


def describe_orgs(doc: Doc, ents: list[Span], resolved: Sequence[Span],
                  gaz: Gazetteer) -> tuple[list[Span], list[Span]]:
    """Turn possessor + role phrases into linked ORG (or country) spans; collect nested owners."""
    by_start: dict[int, list[Span]] = {}
    for s in resolved:
        by_start.setdefault(s.start, []).append(s)
    nested = [o for e in ents if e.label_ == "ORG" for o in _owners_inside(doc, e, by_start)]
    index = SpanIndex(ents)
    for ent in list(ents):
        if ent not in index:
            continue
        inside = _owner_in_org(doc, ent, by_start, gaz)
        after = None if inside else _role_after(doc, ent, index, gaz)
        if inside:
            owner, begin, end = inside[0], inside[1], ent.end
        elif after:
            owner, (begin, end) = ent, after
        else:
            continue
        mid, label = role_id(gaz, owner, doc[begin:end])
        span = Span(doc, min(owner.start, ent.start), end, label=label, span_id=mid)
        index.remove_overlapping(span.start, span.end)
        index.add(span)
        nested.append(owner)
    unique = {(s.start, s.end): s for s in nested}
    return index.spans(), sorted(unique.values(), key=lambda s: s.start)


def role_id(gaz: Gazetteer, owner: Span, words: Span) -> tuple[str, str]:
    """Match id and label for "<owner> <role>": a listed organisation, the country, or a new role."""
    code = country_of(gaz, owner.id_) or ""
    base, role = name_key(owner.text), _role_text(words)
    if words[-1].lower_ in gaz.words("state_heads") and owner.id_.startswith((*STRONG, "context")):
        return f"country:{code}", "GPE"
    orgs = (gaz.org_for_role(o, r) for r in (words.text, role) for o in (base, code) if o)
    org = next((o for o in orgs if o is not None), None)
    if org:
        return f"org:{org.key}", "ORG"
    return f"role:{code or base}:{name_key(role)}", "ORG"


ORG_DESCRIPTORS = {"broadcaster", "pollster", "newspaper", "daily", "agency", "company", "firm", "insurer",
                   "carrier", "channel", "network", "outlet", "magazine", "website", "station", "group",
                   "operator", "lender", "bank", "charity", "consultancy", "startup", "publisher", "tabloid"}
ORG_PRODUCTS = {"poll", "polls", "survey", "surveys", "report", "study", "statement", "analysis", "data"}


def _free_names(doc: Doc, start: int, ents: SpanIndex, step: int) -> tuple[int, int] | None:
    """A run of capitalised proper-noun tokens from ``start`` (going right with step 1, left with
    step -1) that no entity covers."""
    i, found = start, []
    while 0 <= i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper() and _ent_at(ents, i) is None:
        found.append(i)
        i += step
    if not found:
        return None
    return min(found), max(found) + 1


def named_by_descriptor(doc: Doc, ents: list[Span]) -> list[Span]:
    """Names the model missed but the text describes: 'broadcaster TF1', 'pollster Ifop',
    'an Ifop poll'."""
    out = list(ents)
    index = SpanIndex(out)
    for tok in doc:
        if tok.lower_ in ORG_DESCRIPTORS and tok.pos_ == "NOUN":
            run = _free_names(doc, tok.i + 1, index, 1)
        elif tok.lower_ in ORG_PRODUCTS and tok.pos_ == "NOUN" and tok.i > 0:
            run = _free_names(doc, tok.i - 1, index, -1)
        else:
            continue
        if run is not None and not (run[0] == 0 or doc[run[0]].is_sent_start):
            name = Span(doc, run[0], run[1], label="ORG")
            out.append(name)
            index.add(name)
    return out


def join_org_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """One organisation where the model split its name: 'Law Society' + 'of' + 'Kenya',
    'RBC' + '-' + 'Ukraine'."""
    by_start = {e.start: e for e in ents}
    out, skip = [], set()
    for e in sorted(ents, key=lambda s: s.start):
        if (e.start, e.end) in skip:
            continue
        nxt = _joined_with(doc, e, by_start)
        if nxt is not None:
            skip.add((nxt.start, nxt.end))
            out.append(Span(doc, e.start, nxt.end, label="ORG"))
        else:
            out.append(e)
    return out


def _joined_with(doc: Doc, e: Span, by_start: dict[int, Span]) -> Span | None:
    """The entity that continues an unlinked organisation name, if any."""
    if e.label_ != "ORG" or e.id_ or e.end + 1 >= len(doc):
        return None
    glue = doc[e.end]
    nxt = by_start.get(e.end + 1)
    if nxt is None or (nxt.id_ and not nxt.id_.startswith("country:")) or nxt.label_ not in ("GPE", "ORG"):
        return None
    hyphen = glue.text == "-" and not doc[e.end - 1].whitespace_ and not glue.whitespace_
    of_country = glue.lower_ == "of" and nxt.label_ == "GPE" and doc[e.end - 1].text[:1].isupper()
    return nxt if hyphen or of_country else None
