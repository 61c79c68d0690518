"""Tests of `reportlint serve` (the serve extra)."""
