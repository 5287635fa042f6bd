"""Each notebook's header says how long Run All takes, and the number is measured, not remembered.

`benchmarks/run_all_times.py` times every notebook's Run All on one core in fp32 and in bf16 into
`nbs/run_all_times.json`, and `--headers` writes each header's first sentence from it. This test checks that every
notebook has a time and that its header says what the JSON says: a header edited by hand, or a notebook added
without timing it, fails here.
"""
import importlib.util, json
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location('run_all_times', ROOT/'benchmarks'/'run_all_times.py')
rat = importlib.util.module_from_spec(_spec); _spec.loader.exec_module(rat)
TIMES = json.loads((ROOT/'nbs'/'run_all_times.json').read_text())['notebooks']
NOTEBOOKS = {k: v for k, v in rat.notebooks().items() if k != 'index'}

def first_sentence(path: Path) -> str | None:
    for c in json.loads(path.read_text())['cells']:
        if c['cell_type'] == 'markdown' and (m := rat.HEADER.search(''.join(c['source']))): return m.group(0)

@pytest.mark.parametrize('name', sorted(NOTEBOOKS))
def test_header_says_the_measured_time(name):
    assert name in TIMES, f'{name} has no Run-All time: python benchmarks/run_all_times.py {name}, then --headers'
    assert first_sentence(NOTEBOOKS[name]) == rat.header(TIMES[name]), \
        f'{name}: its header disagrees with nbs/run_all_times.json: python benchmarks/run_all_times.py --headers'

def test_header_wording():
    "The slower time (fp32) comes first; bf16 beside it wherever it was measured."
    assert rat.header({'fp32': {'cpu_seconds': 170}, 'bf16': {'cpu_seconds': 100}}).startswith(
        '*Runs top to bottom in about 3 minutes on one CPU core in fp32, about 2 minutes where the CPU computes bf16 (')
    assert ', the same with bf16 (' in rat.header({'fp32': {'cpu_seconds': 50}, 'bf16': {'cpu_seconds': 40}})
    assert 'bf16' not in rat.header({'fp32': {'cpu_seconds': 50}})                 # a notebook that trains nothing
    assert rat.minutes(59) == 'under a minute' and rat.minutes(89) == 'about 1 minute'
