"""Where the test suite finds the project's and the shared folder's files."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"
CONTRACT_QUERIES = SHARED / "contract" / "queries"
SEED_ARTICLE = SEEDS / "000_fe4b59820a7e53fa.txt"
TEST_ARTICLES = Path(__file__).resolve().parent / "articles"
