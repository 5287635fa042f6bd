"""Every number in a notebook's prose comes from an output of the same notebook.

A decimal number in a markdown cell (`25.58`, `+0.26`) must appear among that notebook's outputs or code, either
as written or as the rounding of a longer number there (`25.58` is backed by an output `25.5812`). Numbers that
are not measurements — the paper's, a version, a constant of the maths — are listed in `ALLOWED` with the
reason. Section references (`Sec. 5.3`) and code spans are not prose numbers.
"""
import json, re
from pathlib import Path
import pytest

NBS = Path(__file__).resolve().parents[1]/'nbs'
NOTEBOOKS = sorted([*NBS.glob('*.ipynb'), *NBS.glob('lib/*.ipynb')])   # the course and the library
NUMBER = re.compile(r'(?<![\w.])[-−+]?\d+\.\d+(?![\w.])')
NOT_PROSE = re.compile(r'`[^`]*`|(?:Sec\.|Section|Secs\.)\s*\d+(?:\.\d+)*')

ALLOWED = {   # notebook: {number: why it needs no output}
    '00_inr': {'0.37': 'an example coordinate'},
    '00a_video_inr': {'1.5': 'an exercise asks for times up to 1.5'},
    '02_metrics': {'6.02': '20·log10(2), worked out in the text', '26.0': "an exercise's worked answer",
                   '1.125': "an exercise's worked answer"},
    '03_hypernet': {'0.005': 'the SIREN bound √(6/256)/30, worked out in the text'},
    '04_config': {'1.1': 'the parameter count of a design the text rejects (57 M for the paper\'s heads)'},
    '04d_miniature': {'0.7': "the paper's LPIPS weight", '0.71': 'cos 45°, worked out in the text'},
    '04a_model': {'0.125': 'bf16 spacing at 30 rad: 2⁻³', '0.3': "07c's measurement, cited with its notebook",
                  '0.01': "INR-V's init N(0, 0.01²)"},
    '05_progressive': {'1.0': 'the smoothness of a straight path, by definition'},
    '06_condreg': {'1.0': 'the smoothness of a straight path, by definition', '0.01': "INR-V's init N(0, 0.01²)"},
    '04e_invert': {'0.01': "INR-V's init N(0, 0.01²)"},
    '07_pretrained': {'0.7': "the paper's LPIPS weight"},
    '07a_generate': {'0.71': 'cos 45°, worked out in the text'},
    '07b_interpolate': {'1.0': 'the smoothness of a straight path, by definition'},
    'index': {'3.11': 'the Python version', '2.4': 'the oldest torch release that works', '2.14': 'the newest torch release that works',
              '3.6': "pytest's peak memory (PSS), measured around the clean-clone CI run (not by a notebook)", '4.2': 'the same run, summed RSS',
              '1.7': "the largest notebook process of that run (pytest's own summary line)"},
}

def _text(cell) -> str: return ''.join(cell.get('source', ''))

def _outputs(nb) -> str:
    "Everything a notebook computes or writes as code: outputs of every kind, and the code itself."
    parts = []
    for c in nb['cells']:
        if c['cell_type'] == 'code': parts.append(_text(c))
        for o in c.get('outputs', []):
            parts.append(''.join(o.get('text', '')))
            parts += [''.join(v) for k, v in o.get('data', {}).items() if k.startswith('text/')]
    return '\n'.join(parts)

def _backed(number:str, outputs:set[str]) -> bool:
    "`number` is in `outputs`, or is the rounding of a longer number there."
    if number in outputs: return True
    decimals = len(number.split('.')[1])
    return any(len(o.split('.')[1]) > decimals and round(float(o), decimals) == float(number) for o in outputs)

def unbacked_numbers(path:Path) -> list[str]:
    "Decimal numbers in the prose of the notebook at `path` that none of its outputs backs and `ALLOWED` does not list."
    nb = json.loads(path.read_text())
    outputs = {n.lstrip('+-−') for n in NUMBER.findall(_outputs(nb))}
    prose = NOT_PROSE.sub(' ', '\n'.join(_text(c) for c in nb['cells'] if c['cell_type'] == 'markdown'))
    allowed = ALLOWED.get(path.stem, {})
    return [n for n in NUMBER.findall(prose) if n.lstrip('+-−') not in allowed and not _backed(n.lstrip('+-−'), outputs)]

@pytest.mark.parametrize('path', NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_prose_numbers_come_from_outputs(path):
    missing = unbacked_numbers(path)
    assert not missing, (f'{path.name}: prose states {missing}, which no output of the notebook shows: print them in a cell, '
                         'fix the prose, or list a number that is not a measurement in ALLOWED with the reason')

def test_checker_sees_a_drifted_number(tmp_path):
    "The check can fail: a number added to a copy of notebook 00's prose is reported, its rounding of an output is not."
    nb = json.loads(NOTEBOOKS[0].read_text())
    nb['cells'].append(dict(cell_type='markdown', metadata={}, source='It reaches 99.87 dB, or 31.4159 rounded: 31.42.'))
    nb['cells'].append(dict(cell_type='code', metadata={}, source='', execution_count=None,
                            outputs=[dict(output_type='stream', name='stdout', text='31.4159\n')]))
    (tmp_path/'00_inr.ipynb').write_text(json.dumps(nb))
    assert unbacked_numbers(tmp_path/'00_inr.ipynb') == ['99.87']
