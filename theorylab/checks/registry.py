"""Discover the claims: every module of ``theorylab.validations`` defines ``CLAIM``."""
from __future__ import annotations

import importlib
import pkgutil

from .spec import Claim


def claim_ids() -> list[str]:
    import theorylab.validations as pkg
    return sorted(m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_"))


def load_claim(claim_id: str) -> Claim:
    if claim_id not in claim_ids():
        raise ValueError(f"claim id must be one of the registered claims (see `theorylab list`), got {claim_id!r}")
    mod = importlib.import_module(f"theorylab.validations.{claim_id}")
    claim = getattr(mod, "CLAIM", None)
    if not isinstance(claim, Claim):
        raise TypeError(f"theorylab.validations.{claim_id} must define CLAIM = Claim(...)")
    if claim.id != claim_id:
        raise ValueError(f"CLAIM.id must equal its file name {claim_id!r}, got {claim.id!r}")
    return claim


def all_claims() -> dict[str, Claim]:
    return {cid: load_claim(cid) for cid in claim_ids()}
