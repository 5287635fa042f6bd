"The docs site builds offline (one page per notebook, a doc entry per exported symbol) and README.md is current."
import subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def test_docs_build_and_cover_every_symbol():
    r = subprocess.run([sys.executable, 'tools/build_docs.py', '--check'], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-4000:]
    notebooks = {p.stem for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith('_')}
    pages = {p.stem for p in (ROOT/'_site').glob('*.html')}
    assert notebooks <= pages, f'notebooks without a page: {sorted(notebooks - pages)}'
