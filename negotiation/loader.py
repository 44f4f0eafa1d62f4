"""Compatibility name for :mod:`negotiation.load` (the loading pipeline package)."""

from negotiation.load import (
    MAX_FILE_BYTES,
    files_signature,
    load_dossier,
    load_positions,
    parse_count,
)

__all__ = [
    "MAX_FILE_BYTES",
    "files_signature",
    "load_dossier",
    "load_positions",
    "parse_count",
]
