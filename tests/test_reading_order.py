"""The notebooks are a course: each one uses only what earlier ones taught, and each ends with exercises.

"Earlier" is file-name order, the order of the docs' sidebar. A lesson (`nbs/*.ipynb`) may import from the module it
exports, from modules exported by earlier lessons, and from the library (`nbs/lib/`: loaders, viewers, weights,
checkpoints, the task harness, the CLI), which is engineering a student uses without studying. There is no
allow-list: a lesson that needs something a later one teaches moves it earlier.
"""
import re
from pathlib import Path
import pytest
from fastcore.nbio import read_nb, write_nb

NBS = Path(__file__).resolve().parents[1]/'nbs'
COURSE = sorted(p for p in NBS.glob('[0-9]*.ipynb'))
LIBRARY = sorted(NBS.glob('lib/[0-9]*.ipynb'))
IMPORT = re.compile(r'^\s*from\s+inrv_nb\.(\w+)\s+import\s+(\([^)]*\)|[^\n]+)', re.M)
def _source(nb) -> str: return '\n'.join(''.join(c.source) for c in nb.cells if c.cell_type == 'code')

def exported_module(nb) -> str | None:
    m = re.search(r'#\|\s*default_exp\s+(\S+)', _source(nb))
    return m and m.group(1)

MODULE_ORDER = {exported_module(read_nb(p)): i for i, p in enumerate(COURSE)}
LIBRARY_MODULES = {exported_module(read_nb(p)) for p in LIBRARY}

def forward_imports(path: Path) -> list[str]:
    "`module.name` imported by the notebook at `path` from a notebook that comes later in the course."
    nb, own = read_nb(path), [p.name for p in COURSE].index(path.name)
    late = []
    for mod, names in IMPORT.findall(_source(nb)):
        if mod in LIBRARY_MODULES: continue
        if mod not in MODULE_ORDER: late.append(f'{mod} (no notebook exports it)'); continue
        if MODULE_ORDER[mod] <= own: continue
        late += [f'{mod}.{n}' for n in re.findall(r'\w+', re.sub(r'#.*', '', names))]
    return late

@pytest.mark.parametrize('path', COURSE, ids=[p.stem for p in COURSE])
def test_uses_only_earlier_notebooks(path):
    late = forward_imports(path)
    assert not late, f'{path.name} imports {late}, which later notebooks teach: move it, or teach it here first'

@pytest.mark.parametrize('path', COURSE, ids=[p.stem for p in COURSE])
def test_ends_with_exercises(path):
    md = [''.join(c.source) for c in read_nb(path).cells if c.cell_type == 'markdown']
    heads = [l for c in md for l in c.splitlines() if l.startswith('## ')]
    assert heads and heads[-1].strip() == '## Try this', f'{path.name}: the last section must be "## Try this"'
    exercises = re.findall(r'^\d+\.\s', next(c for c in md if '## Try this' in c), re.M)
    assert 2 <= len(exercises) <= 4, f'{path.name}: "Try this" has {len(exercises)} exercises; give two to four'

def test_checker_sees_a_forward_import(tmp_path):
    "The check can fail: an import of a later module, added to a copy of notebook 00, is reported."
    nb = read_nb(COURSE[0])
    nb.cells[0].source = 'from inrv_nb.zoo import load_pretrained\n' + ''.join(nb.cells[0].source)
    write_nb(nb, tmp_path/COURSE[0].name)
    assert forward_imports(tmp_path/COURSE[0].name) == ['zoo.load_pretrained']
