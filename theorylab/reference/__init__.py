"""Plain NumPy reference implementations of every jitted kernel, one module per family.

Unit tests compare each kernel with its reference on tiny inputs (same
pre-drawn randomness, exact or 1e-12 agreement); ``benchmarks/`` times the
kernel against the same reference. Each module lists its ``BENCH_CASES``.
"""
