"""CPU seconds of each task command on 4 held-out videos at its defaults, on one thread, with the quality it reaches.

Each row runs the function behind an `inrv` task command (notebook 07g) in this process, after one warm-up run that
builds the caches a first run builds (the training videos, the LPIPS weights), and reports the CPU seconds
(`time.process_time`: what a laptop core would spend, whatever else the machine is doing) and the mean PSNR of
INR-V and of the best baseline, over the pixels the task had to produce. `superres faces, 2048 pixels` is the
fit before the task sampled fewer footprints per step (`--pixels` of `invert`, 2048 // factor² now).

    python benchmarks/task_speed.py --json nbs/task_speed.json      # about 6 CPU minutes
"""
import argparse, contextlib, io, json, platform, tempfile, time
from pathlib import Path
import torch
import inrv_nb.tasks as tasks

RUNS = {'invert mmnist': (tasks.task_invert, dict(ckpt='mmnist')),
        'inpaint mmnist --hole half': (tasks.task_inpaint, dict(ckpt='mmnist', hole='half')),
        'frames mmnist': (tasks.task_frames, dict(ckpt='mmnist')),
        'invert faces': (tasks.task_invert, dict(ckpt='faces')),
        'inpaint faces --hole half': (tasks.task_inpaint, dict(ckpt='faces', hole='half')),
        'frames faces': (tasks.task_frames, dict(ckpt='faces')),
        'superres faces --videos heldout': (tasks.task_superres, dict(ckpt='faces', videos='heldout'))}

def run(func, kw, out_dir):
    "CPU seconds of one task run, and its mean PSNR of INR-V and of the best other method."
    t0 = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()): func(**kw, out_dir=out_dir)
    secs = time.process_time() - t0
    mean = json.loads((Path(out_dir)/'scores.json').read_text())['mean']
    best = max((k for k in mean if k != 'INR-V'), key=lambda k: mean[k]['PSNR'])
    return dict(cpu_seconds=secs, inrv_psnr=mean['INR-V']['PSNR'], best_baseline=best, baseline_psnr=mean[best]['PSNR'])

def main(out=None):
    torch.set_num_threads(1)
    res = dict(machine=platform.processor() or platform.machine(), threads=1, runs={})
    with tempfile.TemporaryDirectory() as d:
        for name, (func, kw) in RUNS.items():
            run(func, {**kw, 'steps': 2}, f'{d}/warm')                     # caches: training videos, LPIPS weights
            res['runs'][name] = run(func, kw, f'{d}/{len(res["runs"])}')
        before = tasks.invert_superres
        tasks.invert_superres = lambda *a, pixels=None, **k: before(*a, pixels=2048, **k)   # the fit as it was
        res['runs']['superres faces, 2048 pixels (before)'] = run(tasks.task_superres, dict(ckpt='faces', videos='heldout'), f'{d}/before')
        tasks.invert_superres = before
    print(f"{'command (4 held-out videos)':40s} {'CPU s':>6s} {'INR-V dB':>9s}  best baseline")
    for name, r in res['runs'].items():
        print(f"{name:40s} {r['cpu_seconds']:6.0f} {r['inrv_psnr']:9.2f}  {r['best_baseline']} {r['baseline_psnr']:.2f}")
    if out: Path(out).write_text(json.dumps(res, indent=1))
    return res

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--json', default=None)
    main(p.parse_args().json)
