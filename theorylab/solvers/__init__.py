"""Jitted solvers, one module per paper family.

Import the family module you need, e.g. ``from theorylab.solvers import halpern``.
Importing this package does not compile any kernel.
"""
