"""A readable terminal table of an article's claims (rich). Article text is hostile data:
it is passed to rich as plain ``Text`` so markup in it is never interpreted."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..errors import printable
from ..model import Article, Claim, Quantity, Source, TimeExpression


def plain(text: str, style: str = "") -> Text:
    """Article-derived text for a terminal: never read as markup, escape sequences and control
    characters removed (a report could otherwise recolour, retitle or hyperlink the terminal)."""
    return Text(printable(text, lines=True), style=style)


def chain_text(sources: list[Source]) -> str:
    """'lawmakers Lee and Park → National Intelligence Service (closed-door briefing)'."""
    if not sources:
        return "(outlet)"
    parts = []
    for hop in sources:
        label = hop.text
        if hop.entity and hop.entity.lower() not in hop.text.lower():
            label += f" [{hop.entity}]"
        if hop.anonymous:
            label += " (anonymous)"
        if hop.via:
            label += f" ({hop.via})"
        parts.append(label)
    return " → ".join(parts)


def quantity_text(q: Quantity) -> str:
    """'≈3,000 killed or wounded', '≥100 troops', '10,000–12,000', 'unspecified troops'."""
    if q.unspecified:
        num = "unspecified"
    elif q.value is not None:
        num = ("≈" if q.approximate else "") + f"{q.value:,g}"
    elif q.low is not None and q.high is not None:
        num = f"{q.low:,g}–{q.high:,g}"
    elif q.low is not None:
        num = f"≥{q.low:,g}"
    elif q.high is not None:
        num = f"≤{q.high:,g}"
    else:
        num = "?"
    return f"{num} {q.unit}" if q.unit else num


def time_text(t: TimeExpression) -> str:
    """'Friday → 2025-01-24 (said)', 'last month → 2024-12-01..2024-12-31'."""
    if t.start is None:
        when = "unresolved"
    elif t.start == t.end:
        when = t.start.isoformat()
    else:
        when = f"{t.start.isoformat()}..{t.end.isoformat() if t.end else '?'}"
    role = " (said)" if t.role == "said" else ""
    return f"{t.text} → {when}{role}"


def claim_row(claim: Claim) -> list[Text]:
    """One table row, every cell plain text."""
    details = [quantity_text(q) for q in claim.quantities] + [time_text(t) for t in claim.times]
    if claim.places:
        details.append("in " + ", ".join(claim.places))
    return [
        plain(claim.id), plain(claim.certainty), plain(claim.text), plain(chain_text(claim.sources)),
        plain("\n".join(details)),
    ]


def article_table(article: Article) -> Group:
    """The header line and the claims table."""
    doc = article.document
    head = " · ".join(x for x in [doc.outlet, doc.published.isoformat() if doc.published else "date unknown",
                                  doc.dateline_place or doc.dateline, doc.origin] if x)
    table = Table(show_lines=True, expand=True)
    table.add_column("#", width=3, no_wrap=True)
    table.add_column("cert.", width=5, no_wrap=True)
    for name, ratio in (("claim", 8), ("source chain", 6), ("quantities · times · places", 5)):
        table.add_column(name, ratio=ratio, overflow="fold")
    for claim in article.claims:
        table.add_row(*claim_row(claim))
    notes = [plain(f"note: {n}", style="yellow") for n in doc.notes]
    return Group(plain(head, style="bold"), *notes, table)


def print_article(article: Article, console: Console) -> None:
    """Print one article as a table."""
    console.print(article_table(article))
