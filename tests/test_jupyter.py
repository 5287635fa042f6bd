"""Run notebooks top to bottom in a real Jupyter kernel, as JupyterLab's Run All does: `jupyter nbconvert --execute`.

nbdev's runner (`test_notebooks.py`) executes cells in-process at the test size (`IN_TEST`) and skips `#| slow` cells by
their flag. A reader's Run All does neither: it runs every cell at the notebook's own size, and a heavy cell is skipped
only by its guard (`INRV_SLOW=1` opts in). So this test runs a notebook the reader's way, with `IN_TEST` unset, and
fails on any error. CI runs one task notebook like this (`IN_CI`); the slow run (`NBDEV_TEST_FLAGS=slow`) runs them all.
"""
import os, subprocess, sys
from pathlib import Path
import pytest

NBS = Path(__file__).resolve().parents[1]/'nbs'
COURSE = sorted([*NBS.glob('[0-9]*.ipynb'), *NBS.glob('lib/[0-9]*.ipynb')])   # the lessons and the library's notebooks
IN_CI = {'07g_tasks.ipynb'}   # the task harness: every task's code path, top to bottom in about two minutes on one CPU core
# Not 07b: its ipywidgets slider under headless nbconvert hung once in CI (kernel and client both idle for 20 minutes,
# jupyter/nbconvert#2029); the slow run still executes it, and a cell gets 10 minutes before the run fails rather than 30.
SLOW = 'slow' in os.environ.get('NBDEV_TEST_FLAGS', '').split()

@pytest.mark.parametrize('nb', COURSE, ids=[str(p.relative_to(NBS)) for p in COURSE])
def test_runs_top_to_bottom_in_jupyter(nb, tmp_path):
    if not SLOW and nb.name not in IN_CI: pytest.skip('the slow run (NBDEV_TEST_FLAGS=slow) executes every notebook')
    env = {k: v for k, v in os.environ.items() if k not in ('IN_TEST', 'INRV_SLOW')}   # the reader's Run All
    r = subprocess.run([sys.executable, '-m', 'jupyter', 'nbconvert', '--to', 'notebook', '--execute', str(nb),
                        '--output-dir', str(tmp_path), '--ExecutePreprocessor.timeout=600'],
                       cwd=nb.parent, env=env, capture_output=True, text=True)
    assert r.returncode == 0, f'{nb.name} failed under nbconvert --execute:\n{r.stderr[-4000:]}'
    assert (tmp_path/nb.name).exists()
