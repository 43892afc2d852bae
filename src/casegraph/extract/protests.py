"""protests"""

from __future__ import annotations

from ..models import Fact
from .context import Context


def extract(ctx: Context) -> list[Fact]:
    return []
