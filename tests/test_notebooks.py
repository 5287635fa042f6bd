"""Run every notebook under `nbs/` through nbdev's own test runner, one pytest case per notebook, and check that
the outputs stored in the notebook are what its code prints now.

`nbdev-test` prints only `Success.`; wrapping nbdev's `test_nb` gives one pytest line per notebook, with the
notebook's traceback when it fails. Cells tagged with a flag in `tst_flags` (`slow`, `cuda`) are skipped unless
`NBDEV_TEST_FLAGS` names them, e.g. `NBDEV_TEST_FLAGS="slow cuda" pytest tests` on a GPU machine. A cell may run for
`cell_timeout` seconds (pyproject.toml) before it fails, except in a slow run: re-training a shipped model is a
single cell of an hour.

Each notebook runs in a fresh Python process of its own (nbdev's `test_nb`, called there), so the memory one notebook
holds is given back before the next starts: run in the worker's own process, two workers grew to 7.2 GB together.
That process reports its peak resident memory (and that of the processes it started), which `conftest.py` lists
at the end of the run.

Stale outputs: the test runs a copy of the notebook and keeps its fresh outputs. Every cell before the first one
that reads `IN_TEST` runs exactly as it did when the committed outputs were made (the test runner only shrinks
what comes after), so each number it prints must match the stored one, within a tolerance for floating point and
library versions. Timings, progress bars, object addresses and first-run notices (a cache being filled) are not
compared. The committed outputs were made where the trainer trains in bf16 (notebook 04a), and their numbers come
back only where bf16 is computed the same way. A CPU without native bf16 (AVX2) trains the same code in fp32, and an
AMD EPYC with AVX512-BF16 but no AMX prints other numbers too (05a's miniature twin inverts at 26.17 and 25.95 dB
there, where 24.80 and 21.29 are stored). The machine that made them passed this check and was not recorded; we take
it to have had AMX, Intel's matrix unit, so the comparison runs only where AMX is present, and elsewhere only the
notebooks' own asserts run.
"""
import os, re, shutil, subprocess, sys, pytest
from nbdev.config import get_config
from fastcore.nbio import read_nb

cfg = get_config()
NBS = sorted(p for p in cfg.nbs_path.rglob('*.ipynb')
             if not any(part.startswith(('_', '.')) for part in p.relative_to(cfg.nbs_path).parts)
             and not (p.parent/'.notest').exists())
FLAGS = os.environ.get('NBDEV_TEST_FLAGS', '').split()
CELL_TIMEOUT = None if 'slow' in FLAGS else int(cfg.cell_timeout)
OUTPUTS_ARITHMETIC = 'amx'   # how the committed outputs' bf16 training was computed

def bf16_arithmetic() -> str:
    "How this CPU computes a bf16 matrix product: 'amx', 'avx512_bf16', or 'emulated' (AVX2: the trainer then trains in fp32)."
    try: flags = set(next(l for l in open('/proc/cpuinfo') if l.startswith('flags')).split())
    except (OSError, StopIteration): return 'emulated'
    return 'amx' if 'amx_bf16' in flags else 'avx512_bf16' if 'avx512_bf16' in flags else 'emulated'
FLAGGED = re.compile(r'^#\|\s*(?:%s)\s*$' % '|'.join(cfg.tst_flags.split()), re.M)   # `#| slow` and co.: no stored output

NUMBER = re.compile(r'(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])')
UNCOMPARED = re.compile(r'\d\s*(?:s|ms|µs|min|sec|seconds|minutes|px/s|it/s|steps?/s)\b|\d+%\||0x[0-9a-f]+|pid \d+|/tmp/|tmp\w+'
                        r'|^building the training videos|^fetching the \S+ weights once')   # first-run notices: they depend on the cache

def _text(cell) -> str:
    "What a cell printed or returned as text."
    parts = []
    for o in cell.get('outputs', []):
        if o.get('output_type') == 'stream': parts.append(''.join(o.get('text', '')))
        elif 'data' in o and 'text/plain' in o['data']: parts.append(''.join(o['data']['text/plain']))
    return ''.join(parts)

def _numbers(text:str) -> list[float]:
    "The numbers of the lines worth comparing."
    return [float(n) for line in text.splitlines() if not UNCOMPARED.search(line) for n in NUMBER.findall(line)]

def _close(a, b): return abs(a - b) <= 0.05 * max(abs(a), abs(b)) + 0.02

def stale_cells(stored, fresh) -> list[str]:
    "Cells before the first `IN_TEST` reader whose stored numbers differ from a fresh run's."
    fresh_by_id = {c.get('id'): c for c in fresh.cells}
    problems = []
    for c in stored.cells:
        if c.cell_type != 'code': continue
        if 'IN_TEST' in ''.join(c.source): break
        if FLAGGED.search(''.join(c.source)): continue
        f = fresh_by_id.get(c.get('id'))
        if f is None or not f.get('outputs'): continue          # silent
        a, b = _numbers(_text(c)), _numbers(_text(f))
        if len(a) != len(b) or not all(map(_close, a, b)):
            problems.append(f'cell {c.get("id")}:\n  stored: {_text(c).strip()[:300]!r}\n  fresh:  {_text(f).strip()[:300]!r}')
    return problems

@pytest.mark.parametrize('nb', NBS, ids=[str(p.relative_to(cfg.nbs_path)) for p in NBS])
def test_notebook(nb, monkeypatch, record_property):
    monkeypatch.setenv('IN_TEST', '1')                   # the notebook's own process inherits it
    copy = nb.parent/f'_fresh_{nb.name}'     # `_` keeps it out of the docs and of this list; same folder, same relative paths
    shutil.copy(nb, copy)
    try:
        run = (f'from nbdev.test import test_nb; import sys; ok, _ = test_nb({str(copy)!r}, skip_flags={cfg.tst_flags.split()!r}, '
               f'force_flags={FLAGS!r}, basepath={str(cfg.config_path)!r}, profile=False, save=True, cell_timeout={CELL_TIMEOUT!r}); '
               f'import resource as r; print("peak memory", max(r.getrusage(w).ru_maxrss for w in (r.RUSAGE_SELF, r.RUSAGE_CHILDREN)) // 1024, file=sys.stderr); '
               f'sys.exit(0 if ok else 1)')
        r = subprocess.run([sys.executable, '-c', run], cwd=nb.parent, capture_output=True, text=True)
        if m := re.search(r'^peak memory (\d+)$', r.stderr, re.M): record_property('peak_mb', int(m[1]))   # the largest of its processes
        assert r.returncode == 0, f'{nb.name} failed:\n{r.stderr[-6000:]}'
        if bf16_arithmetic() != OUTPUTS_ARITHMETIC: return   # other arithmetic prints other numbers from the same code
        stale = stale_cells(read_nb(nb), read_nb(copy))
        assert not stale, (f'{nb.name}: stored outputs differ from what the code prints now; re-run the notebook and '
                           f'commit its outputs:\n' + '\n'.join(stale))
    finally: copy.unlink(missing_ok=True)
