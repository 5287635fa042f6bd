"""Run every notebook under `nbs/` through nbdev's own test runner, one pytest case per notebook.

`nbdev-test` prints only `Success.`; wrapping nbdev's `test_nb` gives one pytest line per notebook, with the
notebook's traceback when it fails. Cells tagged with a flag in `tst_flags` (`slow`, `cuda`) are skipped unless
`NBDEV_TEST_FLAGS` names them, e.g. `NBDEV_TEST_FLAGS="slow cuda" pytest tests` on a GPU machine.
"""
import os, pytest
from nbdev.config import get_config
from nbdev.test import test_nb as run_notebook  # renamed: pytest would collect a function called `test_nb`

cfg = get_config()
NBS = sorted(p for p in cfg.nbs_path.rglob('*.ipynb')
             if not any(part.startswith(('_', '.')) for part in p.relative_to(cfg.nbs_path).parts)
             and not (p.parent/'.notest').exists())
FLAGS = os.environ.get('NBDEV_TEST_FLAGS', '').split()

@pytest.mark.parametrize('nb', NBS, ids=[str(p.relative_to(cfg.nbs_path)) for p in NBS])
def test_notebook(nb, monkeypatch):
    monkeypatch.chdir(nb.parent)
    monkeypatch.setenv('IN_TEST', '1')
    ok, secs = run_notebook(nb, skip_flags=cfg.tst_flags.split(), force_flags=FLAGS,
                            basepath=cfg.config_path, profile=False)
    assert ok, f'{nb.name} failed (its traceback is above)'
