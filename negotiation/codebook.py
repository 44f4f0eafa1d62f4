"""The codebook check: every dimension scale point should carry its codebook entry.

A characterisation is a coding (docs/format.md, "Coding characterisations"); a point a
coder cannot look up (no definition, no coding rule) cannot be coded reliably. Missing
entries are warnings, not errors: older dossiers stay valid.
"""

from __future__ import annotations

from collections.abc import Iterator

from yaml import MappingNode, Node, ScalarNode, SequenceNode

from negotiation.dossier import Problem
from negotiation.model import DossierFile
from negotiation.yamlnodes import mark_of

CODE = "codebook-missing"
_FIELD_NAMES = {"description": "definition (description)", "coding_rule": "coding_rule"}


def missing_entries(meta: DossierFile) -> Iterator[tuple[str, str, list[str]]]:
    """(dimension id, point id, missing field names) for each point lacking its
    definition (``description``) or ``coding_rule``."""
    for dim in meta.dimensions:
        for point in dim.scale:
            missing = [
                name for name in ("description", "coding_rule") if not getattr(point, name, None)
            ]
            if missing:
                yield dim.id, point.id, missing


def _get(node: Node | None, key: str) -> Node | None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return v
    return None


def _item(seq: Node | None, ident: str) -> Node | None:
    """The first item of a sequence node whose ``id`` is ``ident``."""
    if isinstance(seq, SequenceNode):
        for item in seq.value:
            node = _get(item, "id")
            if isinstance(node, ScalarNode) and node.value == ident:
                return item
    return None


def point_node(root: Node | None, dimension: str, point: str) -> Node | None:
    """The node of a dimension's scale point in dossier.yaml, found by ids."""
    dim = _item(_get(root, "dimensions"), dimension)
    return _item(_get(dim, "scale"), point)


def codebook_problems(meta: DossierFile, root: Node | None, file: str) -> list[Problem]:
    """A warning at the scale point (file:line:col) for each point without its codebook
    entry; ``root`` is dossier.yaml's composed node (positions are 0:0 without it)."""
    problems = []
    for dim_id, point_id, missing in missing_entries(meta):
        line, column = mark_of(point_node(root, dim_id, point_id))
        fields = " and ".join(_FIELD_NAMES[f] for f in missing)
        problems.append(
            Problem(
                file,
                line,
                column,
                "warning",
                f"a dimension value lacks its codebook entry: '{point_id}' of dimension "
                f"'{dim_id}' has no {fields} (docs/format.md, Coding characterisations)",
                CODE,
            )
        )
    return problems
