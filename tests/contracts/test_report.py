"""The committed paper_checks.md must be what `theorylab report` makes of the committed results."""
from pathlib import Path

from theorylab.report import generated_block, render_generated

ROOT = Path(__file__).resolve().parents[2]


def test_committed_paper_checks_matches_committed_results():
    md = (ROOT / "paper_checks.md").read_text()
    assert generated_block(md) == render_generated(ROOT / "results"), \
        "paper_checks.md is stale: run `theorylab report` and commit it"


def test_every_stored_result_has_its_figure():
    for csv in sorted((ROOT / "results").glob("*.csv")):
        assert (ROOT / "figures" / f"{csv.stem}.png").exists(), f"figures/{csv.stem}.png missing"


def test_every_extra_figure_is_committed():
    from theorylab.checks.registry import claim_ids, load_claim
    for cid in claim_ids():
        claim = load_claim(cid)
        for f in claim.figures:
            path = claim.extra_figure_path(ROOT / "figures", f)
            assert path.exists(), f"{path.relative_to(ROOT)} missing: run `theorylab validate {cid}`"


def test_committed_results_come_from_the_committed_code():
    """Every registered claim has stored full-mode results, computed by the code as committed: the
    spec key in results/<id>.json (claim spec + source of the modules its numbers depend on) equals
    the key of the current tree. A stale table would make paper_checks.md report numbers that the
    library no longer produces."""
    import json
    from theorylab.checks.registry import claim_ids, load_claim
    from theorylab.checks.runner import spec_key
    stale = []
    for cid in claim_ids():
        path = ROOT / "results" / f"{cid}.json"
        if not path.exists():
            stale.append(f"{cid} (no results)")
        elif json.loads(path.read_text())["spec_key"] != spec_key(load_claim(cid), smoke=False):
            stale.append(cid)
    assert not stale, f"results computed by older code, rerun `theorylab validate <id>`: {stale}"
