"""The codebook rule: every dimension scale point should carry its codebook entry.

A characterisation is a coding (docs/format.md, "Coding characterisations"); a point a
coder cannot look up (no definition, no coding rule) cannot be coded reliably. Missing
entries are warnings, not errors, and only once a dossier has a codebook at all (some
point carries a coding rule, a not-this or an example), so dossiers written before the
codebook fields stay clean; the loader's references stage
(``negotiation.load.references.check_codebook``) reports them at the point.
"""

from __future__ import annotations

from yaml import MappingNode, Node, ScalarNode, SequenceNode

from negotiation.model import ScalePoint

CODE = "codebook-missing"
REQUIRED = ("description", "coding_rule")
_NAMES = {"description": "definition (description)", "coding_rule": "coding_rule"}


def missing_fields(point: ScalePoint) -> list[str]:
    """The codebook fields (definition, coding rule) a dimension scale point lacks."""
    return [name for name in REQUIRED if not getattr(point, name, None)]


def has_codebook(point: ScalePoint) -> bool:
    """Whether a scale point carries any codebook-only field (coding rule, not-this, example)."""
    return any(getattr(point, name, None) for name in ("coding_rule", "not_this", "example"))


def message(dimension: str, point: str, missing: list[str]) -> str:
    fields = " and ".join(_NAMES[f] for f in missing)
    return (
        f"a dimension value lacks its codebook entry: '{point}' of dimension '{dimension}' "
        f"has no {fields} (docs/format.md, Coding characterisations)"
    )


def _get(node: Node | None, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v
    return None


def scale_point_node(dimension_node: Node | None, point: str) -> Node | None:
    """The first point of a dimension's ``scale`` node whose ``id`` is ``point``."""
    seq = _get(dimension_node, "scale")
    if isinstance(seq, SequenceNode):
        for item in seq.value:
            ident = _get(item, "id")
            if isinstance(ident, ScalarNode) and ident.value == point:
                return item
    return None
