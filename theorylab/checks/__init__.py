"""The claim engine: declare claims (spec), fit rates (fit), decide verdicts
(verdict), run sweeps with a resumable cache (runner), discover claims (registry)."""
from .spec import Arm, Check, Claim, Control, Source, Sweep

__all__ = ["Arm", "Check", "Claim", "Control", "Source", "Sweep"]
