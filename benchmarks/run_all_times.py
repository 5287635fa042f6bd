"""JupyterLab's Run All of every notebook on one CPU core, in fp32 and in bf16, and `inrv demo`: the times each
lesson's header and the README quote.

A laptop without AVX512-BF16 computes in fp32 (the package asks the CPU, notebook 04a); `INRV_BF16=0` makes this
machine do the same, so one machine measures both rows. Each notebook runs as Run All runs it (`jupyter nbconvert
--execute`: `#| slow` cells skipped, reduced sizes), with `OMP_NUM_THREADS=1`. The time is CPU seconds of the run and
its kernel (what one core spends whatever else the machine does); wall-clock seconds are stored beside it. A notebook
that trains nothing runs the same code in both modes, so it is timed once, in fp32.

    python benchmarks/run_all_times.py --json nbs/run_all_times.json            # about an hour
    python benchmarks/run_all_times.py --json nbs/run_all_times.json 07a 09     # re-time some, keep the rest
    python benchmarks/run_all_times.py --json nbs/run_all_times.json --headers  # write each header from the JSON
"""
import argparse, json, os, platform, re, resource, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT/'nbs'
TRAINS = re.compile(r'Trainer|train_prior|train_progressive|cli_train|inrv train|inrv demo|\.fit\(')   # code that may run in bf16
HEADER = re.compile(r'^\*Runs top to bottom in .*?\)\.', re.M | re.S)   # a header's first sentence

def notebooks() -> dict[str, Path]:
    "Every notebook of the course and the library, by name (its file's stem)."
    return {p.stem: p for p in sorted([*NBS.glob('*.ipynb'), *NBS.glob('*/*.ipynb')]) if not p.parent.name.startswith(('_', '.'))}

def cpu_seconds(cmd: list[str], env: dict, cwd=None) -> tuple[float, float]:
    "CPU seconds (user + system, the process and its children) and wall seconds of a command; it must succeed."
    before, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    r = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    wall, after = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode: raise RuntimeError(f'{" ".join(map(str, cmd))} failed:\n{r.stderr[-3000:]}')
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall

def mode_env(mode: str) -> dict:
    "One thread; `INRV_BF16=0` for fp32; no test flags (Run All as a reader runs it)."
    env = {k: v for k, v in os.environ.items() if k not in ('IN_TEST', 'INRV_SLOW', 'INRV_FULL', 'INRV_BF16')}
    return {**env, 'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1', **({'INRV_BF16': '0'} if mode == 'fp32' else {})}

def time_notebook(path: Path, mode: str) -> dict:
    with tempfile.TemporaryDirectory() as d:
        cpu, wall = cpu_seconds([sys.executable, '-m', 'jupyter', 'nbconvert', '--to', 'notebook', '--execute', '--output-dir', d,
                                 '--ExecutePreprocessor.timeout=-1', str(path)], mode_env(mode))
    return dict(cpu_seconds=round(cpu, 1), wall_seconds=round(wall, 1))

def time_demo(mode: str) -> dict:
    with tempfile.TemporaryDirectory() as d:
        cpu, wall = cpu_seconds([sys.executable, '-m', 'inrv_nb', 'demo', '--out-dir', f'{d}/demo', '--no-progress'], mode_env(mode))
    return dict(cpu_seconds=round(cpu, 1), wall_seconds=round(wall, 1))

def minutes(seconds: float) -> str:
    "How a header says a time: 'under a minute', 'about 1 minute', 'about 3 minutes'."
    if seconds < 60: return 'under a minute'
    m = round(seconds / 60)
    return f'about {m} minute' + 's' * (m != 1)

def header(times: dict) -> str:
    "A header's first sentence: the fp32 Run-All time, then bf16's where it was measured (notebooks that train)."
    fp32 = minutes(times['fp32']['cpu_seconds'])
    bf16 = minutes(times['bf16']['cpu_seconds']) if 'bf16' in times else fp32
    bf16 = ('' if 'bf16' not in times else ', the same with bf16') if bf16 == fp32 else f', {bf16} where the CPU computes bf16'
    return f"*Runs top to bottom in {fp32} on one CPU core in fp32{bf16} (JupyterLab's Run All, timed by `benchmarks/run_all_times.py`)."

def write_headers(res: dict):
    "Replace the first sentence of each notebook's `*Runs top to bottom in ...*` line by the one its times give."
    for name, path in notebooks().items():
        if name not in res['notebooks']: continue
        nb = json.loads(path.read_text())
        cell = next((c for c in nb['cells'] if c['cell_type'] == 'markdown' and HEADER.search(''.join(c['source']))), None)
        if cell is None: continue                                                     # the index page has no header
        src = ''.join(cell['source'])
        new = HEADER.sub(lambda m: header(res['notebooks'][name]), src, count=1)
        if new != src:
            cell['source'] = new.splitlines(keepends=True)
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')

def main(out: str, only: list[str], headers: bool):
    res = json.loads(Path(out).read_text()) if Path(out).exists() else {}
    res.update(machine=platform.processor() or platform.machine(), threads=1)
    res.setdefault('notebooks', {})
    if headers: return write_headers(res)
    nbs = notebooks()
    todo = [n for n in nbs if not only or any(n.startswith(o) for o in only)]
    failed = []
    for name in todo:
        modes = ['fp32', 'bf16'] if TRAINS.search(nbs[name].read_text()) else ['fp32']
        try: res['notebooks'][name] = {m: time_notebook(nbs[name], m) for m in modes}
        except RuntimeError as e: print(f'{name} FAILED, not timed: {e}', flush=True); failed.append(name); continue
        print(f'{name:22s}', '  '.join(f'{m} {t["cpu_seconds"]:6.0f} s' for m, t in res['notebooks'][name].items()), flush=True)
        Path(out).write_text(json.dumps(res, indent=1) + '\n')
    if not only or 'demo' in only:
        res['demo'] = {m: time_demo(m) for m in ('fp32', 'bf16')}
        Path(out).write_text(json.dumps(res, indent=1) + '\n')
    print(f"\n{'notebook (Run All, one core)':30s} {'fp32 CPU s':>10s} {'bf16 CPU s':>10s}")
    for name, t in {**res['notebooks'], **({'inrv demo': res['demo']} if 'demo' in res else {})}.items():
        print(f"{name:30s} {t['fp32']['cpu_seconds']:10.0f} {t.get('bf16', t['fp32'])['cpu_seconds']:10.0f}")
    if failed: sys.exit(f'failed, not timed: {", ".join(failed)}')

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('only', nargs='*', help='notebook name prefixes to re-time (and/or "demo"); default: all')
    ap.add_argument('--json', default=str(NBS/'run_all_times.json'))
    ap.add_argument('--headers', action='store_true', help="write each notebook's header line from the JSON, time nothing")
    a = ap.parse_args()
    main(a.json, a.only, a.headers)
