"""The method study: which of INR-V's components helps held-out inversion on Moving MNIST, at the same CPU budget.

Every arm trains the `mmnist` preset (notebook 07's recipe: 16×32² videos on a 64² canvas, shift-modulated
SIREN) with one change, on the same first N videos, for the same CPU budget of one thread (bf16 where the CPU has
it): its steps are that budget divided by its own seconds per step, measured for all arms at the start, interleaved
so that every arm sees the same load; an arm twice as slow per step gets half the steps. Progressive initialization gets the baseline's steps split over its
stages (notebook 05's `stage_steps`: the same video-visits, fewer of them on small stages). Then the same
held-out videos (held-out digits, a seed no notebook uses) are inverted with notebook 07c's defaults and scored
with PSNR, SSIM and the digit score (notebook 02a), beside the trivial baselines.

    python benchmarks/method_study.py --videos 10000 --minutes 12 --json nbs/method_study.json
    python benchmarks/method_study.py --videos 200 --minutes 0.3 --held 4 --arms shift,per_tensor   # a quick run
"""
import argparse, dataclasses, json, time
import torch
from inrv_nb.train import INRVConfig, Trainer, make_dataset, native_bf16
from inrv_nb.progressive import train_progressive
from inrv_nb.invert import invert
from inrv_nb.metrics import video_psnr, video_ssim
from inrv_nb.data import moving_mnist
from inrv_nb.digits import digit_score

ARMS = {   # name -> (what it changes, config overrides)
    'shift': ("today's shift heads (the zoo's recipe)", {}),
    'per_tensor': ("the paper's heads: a linear map of z emits every INR weight", dict(heads='per_tensor')),
    'weighted_mse': ("the paper's Moving MNIST loss (squared error weighted 2-4× on bright pixels)", dict(loss='weighted_mse')),
    'progressive': ("progressive initialization, the paper's schedule 10 → 100 → 1,000 → all", dict(stages='10,100,1000')),
    'latent_64': ('a latent code of 64 numbers instead of 128', dict(latent_dim=64)),
}
HELD_SEED = 7   # held-out videos of a seed no notebook uses
BF16 = native_bf16('cpu')   # every arm in the same precision, whatever a single timing would pick

def trainer(cfg:INRVConfig, data, resume=None) -> Trainer:
    "A trainer in the study's precision (`train_progressive` builds each stage's trainer with it)."
    t = Trainer(cfg, dataset=data)
    t.amp = BF16
    return t

def seconds_per_step(cfg:INRVConfig, data, n:int=20) -> float:
    "Measured seconds of one training step of `cfg` (after 3 warm-up steps)."
    t = trainer(dataclasses.replace(cfg, steps=n + 3), data)
    for _ in range(3): t.train_step()
    t0 = time.perf_counter()
    for _ in range(n): t.train_step()
    return (time.perf_counter() - t0) / n

def arm_config(arm:str, n_videos:int) -> INRVConfig:
    "The `mmnist` preset with the arm's change."
    base = INRVConfig.preset('mmnist', n_generated=n_videos, threads=1, device='cpu', eval_videos=64, out_dir=f'/tmp/inrv-study/{arm}')
    return dataclasses.replace(base, **ARMS[arm][1])

def calibrate(arms, data, rounds:int=2) -> dict:
    "Seconds per training step of every arm, the best of `rounds` interleaved measurements."
    best = {a: float('inf') for a in arms}
    for _ in range(rounds):
        for a in arms: best[a] = min(best[a], seconds_per_step(dataclasses.replace(arm_config(a, len(data)), stages=''), data))
    return best

def run(arm:str, data, held, labels, seconds:float, per_step:float, inv_steps:int) -> dict:
    "Train one arm for `seconds` of CPU (at `per_step` seconds a step) on `data`, invert `held`, and score it."
    cfg = dataclasses.replace(arm_config(arm, len(data)), steps=max(1, round(seconds / per_step)), eval_every=10**9)
    t0 = time.time()
    t = (train_progressive(cfg, data, progress=False, save=False, trainer_fn=trainer) if cfg.stages else
         trainer(cfg, data).fit(save=False, progress=False))
    train_s = time.time() - t0
    model, (T, H, W) = t.model.eval(), held.shape[1:4]
    z, _ = invert(model, held, steps=inv_steps)
    out = model.decode(z, T, H, W).clamp(-1, 1)
    return dict(arm=arm, change=ARMS[arm][0], videos=len(data), steps=cfg.steps, ms_per_step=round(per_step * 1e3, 1),
                train_seconds=round(train_s), precision='bf16' if t.amp else 'fp32', train_psnr=round(t.evaluate().mean().item(), 2),
                heldout_psnr=round(video_psnr(out, held).item(), 2), heldout_ssim=round(video_ssim(out, held).item(), 3),
                heldout_digits=round(digit_score(out, labels).item(), 3))

def baselines(held, labels) -> list[dict]:
    "The trivial rows: the real frames (the digit score's ceiling), an all-black video, the mean frame."
    cases = {'real held-out frames (ceiling)': held, 'all black': torch.full_like(held, -1.),
             'mean frame': held.mean((0, 1), keepdim=True).expand_as(held)}
    return [dict(arm=k, heldout_psnr=round(video_psnr(v, held).item(), 2) if k != 'real held-out frames (ceiling)' else None,
                 heldout_ssim=round(video_ssim(v, held).item(), 3), heldout_digits=round(digit_score(v, labels).item(), 3))
            for k, v in cases.items()]

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--videos', type=int, default=10_000, help='training videos')
    ap.add_argument('--minutes', type=float, default=12, help='CPU minutes of training per arm (one thread)')
    ap.add_argument('--arms', default=','.join(ARMS), help=f'comma-separated, from {",".join(ARMS)}')
    ap.add_argument('--held', type=int, default=16, help='held-out videos')
    ap.add_argument('--inv-steps', type=int, default=600, help='inversion steps (notebook 07c: 600)')
    ap.add_argument('--json', help='write the rows to this file')
    a = ap.parse_args()
    torch.set_num_threads(1)
    data = make_dataset(INRVConfig.preset('mmnist', n_generated=a.videos))
    h = moving_mnist(a.held, 16, 32, split='heldout', seed=HELD_SEED, canvas=64)
    arms, rows = a.arms.split(','), []
    per_step = calibrate(arms, data)
    print('seconds per step:', {k: round(v, 4) for k, v in per_step.items()}, flush=True)
    for arm in arms:
        rows.append(run(arm, data, h.videos, h.labels, a.minutes * 60, per_step[arm], a.inv_steps))
        print(' | '.join(f'{k} {v}' for k, v in rows[-1].items()), flush=True)
        if len(rows) == 1: rows = baselines(h.videos, h.labels) + rows
        if a.json: open(a.json, 'w').write(json.dumps(dict(videos=a.videos, minutes=a.minutes, held=a.held, held_seed=HELD_SEED, rows=rows), indent=1) + '\n')
