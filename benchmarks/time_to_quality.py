"""Time to quality: wall-clock until INR-V reconstructs 16 Moving MNIST videos at 25 dB and 35 dB.

Data: 16 built-in Moving MNIST videos (two digits, 8 frames, 32x32, data seed 0). Two recipes, one run each:
- `faithful`: our implementation of the official recipe, the `faithful` preset (ReLU + positional encoding INR 256x4,
  one hypernetwork head per INR tensor, all pixels, the paper's loss for this data — INR-V's weighted MSE for Moving
  MNIST — plus 0.7 LPIPS, Adam 1e-4, batch 2);
- `small`: our best recipe, the `small` preset (SIREN 64x3, shared-trunk hypernetwork, 1,024 sampled pixels per
  video, MSE, Adam 1e-3 / 1e-2 for the codes, cosine decay over 3,000 steps, batch 16).
The mean PSNR over the 16 videos is measured every `--every` seconds of training (evaluation time excluded), and at the
end; `--steps faithful=20,small=300` also stops each recipe after that many steps.
CPU threads: `--threads 0` (the default) lets each `Trainer` pick 1 or all cores by timing a step, as training
does (`INRVConfig.threads`); `--threads N` uses N. The threads each recipe ran with are printed and saved.

    python benchmarks/time_to_quality.py                 # prints the table
    python benchmarks/time_to_quality.py --json out.json # also writes the curves (for the training notebook)
    python benchmarks/time_to_quality.py --threads 1     # single-threaded
"""
import argparse, dataclasses, json, time
import torch
from inrv_nb.config import INRVConfig
from inrv_nb.train import Trainer

DATA = dict(dataset='moving_mnist', n_generated=16, n_videos=16, num_frames=8, size=32, data_seed=0, seed=0, device='cpu')
RECIPES = {
    'faithful': INRVConfig.preset('faithful', **DATA, steps=10**9),
    'small': INRVConfig.preset('small', **DATA, steps=3000),
}

def curve(cfg, budget, every, max_steps=None):
    "Train `cfg` for `budget` seconds (or its `steps`, or `max_steps`); the (seconds, mean PSNR) pairs measured every `every` s."
    t = Trainer(cfg)                               # sets the thread count (cfg.threads, or picked by timing a step)
    points, last = [(0., t.evaluate().mean().item())], min(cfg.steps, max_steps or cfg.steps)
    while t.elapsed < budget and t.step < last:
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < every and t.step < last: t.train_step()
        t.elapsed += time.perf_counter() - t0
        points.append((t.elapsed, t.evaluate().mean().item()))
    return dict(points=points, steps=t.step, threads=t.threads, torch=torch.__version__)

def first_time(points, target):
    "Seconds until the PSNR first reaches `target`, or None."
    return next((s for s, p in points if p >= target), None)

def psnr_at(points, seconds):
    "The last PSNR measured at or before `seconds`."
    return max((p for p in points if p[0] <= seconds), key=lambda p: p[0])[1]

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--budget', type=float, default=150., help='seconds of training per recipe')
    ap.add_argument('--every', type=float, default=5., help='seconds between evaluations')
    ap.add_argument('--json', help='write the curves to this file')
    ap.add_argument('--threads', type=int, default=0, help='CPU threads (0: each Trainer picks 1 or all cores by timing a step)')
    ap.add_argument('--steps', default='', help='RECIPE=N,...: stop a recipe after N steps (a budget that does not depend on '
                                                 'how busy the machine is: the tests use it)')
    args = ap.parse_args()
    max_steps = {k: int(v) for k, v in (x.split('=') for x in args.steps.split(',') if x)}
    if args.threads < 0: ap.error(f'--threads must be 0 (pick) or a positive count, got {args.threads}')
    res = {name: curve(dataclasses.replace(cfg, threads=args.threads), args.budget, args.every, max_steps.get(name)) for name, cfg in RECIPES.items()}
    fmt = lambda s: f'{s:6.1f} s' if s is not None else '   never'
    print(f'\ntorch {torch.__version__}, budget {args.budget:.0f} s per recipe, --threads {args.threads}')
    print(f'| recipe   | threads | steps | to 25 dB | to 35 dB | PSNR @30 s | PSNR @120 s | final PSNR | best PSNR |')
    print(f'|----------|---------|-------|----------|----------|------------|-------------|------------|-----------|')
    for name, r in res.items():
        pts = r['points']
        print(f"| {name:8s} | {r['threads']:7d} | {r['steps']:5d} | {fmt(first_time(pts, 25))} | {fmt(first_time(pts, 35))} | "
              f"{psnr_at(pts, 30):7.2f} dB | {psnr_at(pts, 120):8.2f} dB | {pts[-1][1]:7.2f} dB | {max(p for _, p in pts):6.2f} dB |")
    if args.json:
        with open(args.json, 'w') as f: json.dump(res, f)
