"""The package is generated from the notebooks: fail when `nbdev-export` or `nbdev-clean` would change a file, or
when the package uses a name its notebook defines only in a cell that is not exported.

Both commands run on a copy of the project in a temporary folder, so the check never edits the checkout.
"""
import filecmp, shutil, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
# caches, and the executed copies `test_notebooks.py` writes beside each notebook while it runs (in parallel with this file)
TRANSIENT = ('__pycache__', '.ipynb_checkpoints', '_fresh_*')

@pytest.fixture(scope='module')
def copy(tmp_path_factory):
    dst = tmp_path_factory.mktemp('proj')
    shutil.copy(ROOT/'pyproject.toml', dst)
    for d in ('nbs', 'inrv_nb'): shutil.copytree(ROOT/d, dst/d, ignore=shutil.ignore_patterns(*TRANSIENT))
    return dst

def _differences(a: Path, b: Path, pattern: str):
    "Files matching `pattern` that differ, or exist on one side only, between folders `a` and `b`."
    def files(root): return {p.relative_to(root) for p in root.rglob(pattern) if not any(p.match(t) for t in TRANSIENT)}
    fa, fb = files(a), files(b)
    return sorted(str(p) for p in fa ^ fb) + sorted(str(p) for p in fa & fb if not filecmp.cmp(a/p, b/p, shallow=False))

def test_package_matches_notebooks(copy):
    subprocess.run(['nbdev-export'], cwd=copy, check=True)
    diff = _differences(ROOT/'inrv_nb', copy/'inrv_nb', '*.py')
    assert not diff, f'inrv_nb/ is out of date with nbs/ for {diff}: run `nbdev-export` and commit both'

def test_notebooks_are_clean(copy):
    subprocess.run(['nbdev-clean'], cwd=copy, check=True)
    diff = _differences(ROOT/'nbs', copy/'nbs', '*.ipynb')
    assert not diff, f'notebooks {diff} carry execution counts or metadata: run `nbdev-clean` and commit'

def test_package_defines_every_name():
    "A name imported only by a notebook's non-exported cells works in the notebook and fails in the package."
    out = subprocess.run([sys.executable, '-m', 'pyflakes', str(ROOT/'inrv_nb')], capture_output=True, text=True).stdout
    undefined = [l for l in out.splitlines() if 'undefined name' in l]
    assert not undefined, f'the package uses names it never defines (import them in the exported cell): {undefined}'
