"""Benchmarks: every kernel against its NumPy reference, the machine's bounds, cost growth.

Run ``python -m benchmarks`` from the repository root (``--quick`` for a short run).
"""
