"""Seeded test-problem generators with exact or certified ground truth (``theorylab.problems``)."""
