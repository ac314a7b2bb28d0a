"""Text that is not UTF-8 is read in its detected charset (with a note), or in the one given."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.ingest import RawArticle, read_inputs

TEXT = ("ZÜRICH - Die Behörden sagten am Montag, dass 14 Häuser zerstört wurden. Le maire a déclaré que "
        "l'école fermerait. The café owner said the façade would be rebuilt, according to the régie.")


def test_latin1_text_is_detected_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(TEXT.encode("latin-1"))
    (article,) = read_inputs([str(path)])
    assert isinstance(article, RawArticle)
    assert "Behörden" in article.text and "façade" in article.text
    assert any("not UTF-8" in note for note in article.document.notes)


def test_an_encoding_given_wins(tmp_path: Path) -> None:
    path = tmp_path / "greek.txt"
    path.write_bytes("Η αστυνομία είπε ότι 14 σπίτια καταστράφηκαν τη Δευτέρα.".encode("iso-8859-7"))
    (article,) = read_inputs([str(path)], encoding="iso-8859-7")
    assert isinstance(article, RawArticle) and "αστυνομία" in article.text
    assert not any("not UTF-8" in note for note in article.document.notes)


def test_the_cli_takes_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(TEXT.encode("latin-1"))
    result = CliRunner().invoke(app, ["extract", str(path), "--encoding", "latin-1", "--format", "json",
                                      "--published", "2025-03-03"])
    assert result.exit_code == 0, result.output
    assert "Behörden" in result.stdout
