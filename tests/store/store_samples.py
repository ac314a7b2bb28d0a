"""Hand-written reports the store tests ingest (extracted once per session in conftest)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from warcio.warcwriter import WARCWriter

from claimgraph.ingest import RawArticle
from claimgraph.model import Article

TEXTS = {
    "nis": ("reports/nis-briefing.txt", "2025-01-13",
            "SEOUL (Harbour Wire) — North Korea has sent about 3,000 more troops to Russia, South Korea's "
            "National Intelligence Service said on Monday.\n"
            "At least 300 North Korean soldiers have been killed in the Kursk region, the NIS told lawmakers "
            "in a closed-door briefing.\n"
            "Pyongyang has not commented on the deployment.\n"),
    "kyiv": ("reports/kyiv.txt", "2025-01-20",
             "KYIV (Harbour Wire) — Ukrainian forces captured two North Korean soldiers in the Kursk region, "
             "President Volodymyr Zelenskyy said on Saturday.\n"
             "Ukraine's military intelligence said the prisoners had been treated for their wounds.\n"
             "Officials in Moscow denied that any foreign troops were fighting for Russia.\n"),
    "nato": ("reports/nato.txt", "2024-12-01",
             "BRUSSELS (Harbour Wire) — NATO said on Friday that more than 10,000 North Korean troops had "
             "been sent to eastern Russia for training.\n"
             "A spokesperson for the alliance said the deployment marked a dangerous escalation.\n"),
    "undated": ("reports/undated.txt", None,
                "Officials said the [bold red]ceasefire[/bold red] talks would resume next week, "
                "according to a statement from the foreign ministry.\n"),
}
# the NIS report again, changed (a new version of the same origin) and copied under another origin
UPDATE = TEXTS["nis"][2] + "The agency said the toll could rise in the coming weeks.\n"
COPY_ORIGIN = "syndicated/nis-briefing.txt"


@dataclass(frozen=True)
class Sample:
    """One extracted report, ready for ``Store.add``."""

    raw: RawArticle
    article: Article


def write_record(writer: WARCWriter, record: Any) -> None:
    """Write a WARC record and close the buffer warcio made for it (warnings are errors here)."""
    writer.write_record(record)
    record.raw_stream.close()
