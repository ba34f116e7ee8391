"""theorylab: numerical checks of convergence claims from optimization and learning-theory papers.

Importing theorylab compiles nothing; kernels compile (once, cached on disk)
the first time a solver is called.
"""
from .result import SolverResult, Status

__version__ = "0.1.0"
__all__ = ["SolverResult", "Status", "__version__"]
