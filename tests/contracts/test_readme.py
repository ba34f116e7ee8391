"""The README's code example runs as written."""
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_solver_example_runs():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    example = next(b for b in blocks if "theorylab.solvers" in b)
    exec(compile(example, "README.md", "exec"), {})


def test_ci_runs_exactly_the_readme_test_command():
    text = README.read_text()
    cmd = 'pip install -e ".[test]" && python -m pytest'
    assert cmd in text
    assert cmd in (README.parent / ".ci" / "run").read_text()
