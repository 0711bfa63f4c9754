"""Password strength rules of a directory."""

from __future__ import annotations

from stormpath.resources.base import Resource

__all__ = ["PasswordStrength"]


class PasswordStrength(Resource):
    """``/passwordPolicies/{directoryId}/strength``."""

    writable_attrs = frozenset(
        {
            "min_length",
            "max_length",
            "min_lower_case",
            "min_upper_case",
            "min_numeric",
            "min_symbol",
            "min_diacritic",
            "prevent_reuse",
        }
    )
