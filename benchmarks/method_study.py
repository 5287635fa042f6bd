"""The method study: which of INR-V's components helps held-out inversion on Moving MNIST, at the same CPU budget.

Every arm trains the `mmnist_shift` preset (the zoo's recipe before local codes: 16×32² videos on a 64² canvas,
shift-modulated SIREN) with one change, on the same first N videos, for the same CPU budget of one thread (bf16 where the CPU has
it): its steps are that budget divided by its seconds per step, measured once per architecture at the start,
interleaved so that each sees the same load; an arm twice as slow per step gets half the steps, and arms that only
change the loss or the schedule get the same steps. Progressive initialization gets the baseline's steps split over its
stages (notebook 05's `stage_steps`: the same video-visits, fewer of them on small stages). Then the same
held-out videos (held-out digits, a seed no notebook uses) are inverted with notebook 07c's defaults and scored
with PSNR, SSIM and the digit score (notebook 02a), beside the trivial baselines; every arm's interpolation smoothness
(notebook 02) along slerp paths between training codes is measured too.

Conditional regularization (`conditioned`, notebook 06) encodes every frame of the training videos once with the frozen
VGG16 (at the frames' own 32², in bf16: a one-off cost reported beside the training time, not taken from the budget),
and is inverted three ways: from notebook 07c's default start, from each held-out video's own content code
(`content_codes`: c from its frames, the mean per-video code) and then optimised, and from that content code alone.

    python benchmarks/method_study.py --videos 10000 --minutes 8 --json nbs/method_study.json --frames nbs/method_study.npz
    python benchmarks/method_study.py --videos 10000 --minutes 20 --arms conditioned --per-step conditioned=0.0748 --json cond.json   # notebook 06 gives the exact runs behind nbs/condreg_study.json
    python benchmarks/method_study.py --videos 200 --minutes 0.3 --held 4 --arms shift,per_tensor   # a quick run
"""
import argparse, dataclasses, json, time
import numpy as np
import torch
from inrv_nb.config import INRVConfig, make_dataset
from inrv_nb.model import INRV, native_bf16
from inrv_nb.train import Trainer
from inrv_nb.progressive import train_progressive
from inrv_nb.invert import invert
from inrv_nb.condreg import ConditionedINRV, VGGFrameEncoder, frame_features, content_codes
from inrv_nb.latent import training_codes, slerp
from inrv_nb.metrics import video_psnr, video_ssim, interpolation_smoothness
from inrv_nb.datasets import moving_mnist
from inrv_nb.digits import digit_score

ARMS = {   # name -> (what it changes, config overrides)
    'shift': ("shift heads (the zoo's recipe before local codes)", {}),
    'per_tensor': ("the paper's heads: a linear map of z emits every INR weight", dict(heads='per_tensor')),
    'weighted_mse': ("the paper's Moving MNIST loss (squared error weighted 2-4× on bright pixels)", dict(loss='weighted_mse')),
    'progressive': ("progressive initialization, the paper's schedule 10 → 100 → 1,000 → all", dict(stages='10,100,1000')),
    'latent_64': ('a latent code of 64 numbers instead of 128', dict(latent_dim=64)),
    'local_codes': ("extension, the peers' answer (Spatial Functa): a 4×8×8 grid of 16-number codes per video, "
                    'interpolated at each pixel, shifts the shared SIREN', dict(heads='local', latent_dim=16 * 4 * 8 * 8)),
    'conditioned': ("conditional regularization: frozen VGG16 features of every frame → BiGRU → merged with the per-video code",
                    dict(encoder='vgg16')),
}

HELD_SEED = 7   # held-out videos of a seed no notebook uses
FRAMES = {}     # arm -> its inversions of the first 4 held-out videos, for the figure

AMP = native_bf16('cpu')   # the encoder in bf16 where the CPU computes it natively; emulated bf16 is many times slower
ENCODER = lambda: VGGFrameEncoder(size=32)   # notebook 06 resizes frames to 64² first: 4.8× the cost for 160,000 frames

def build_model(cfg:INRVConfig, data, features=None):
    "The arm's model: None (the trainer's plain `INRV`), or a `ConditionedINRV` on frame features (zeros if not given: for timing)."
    if cfg.encoder == 'none': return None
    torch.manual_seed(cfg.seed)
    N, T = data.videos.shape[:2]
    return ConditionedINRV(cfg, data.videos, ENCODER(), features=torch.zeros(N, T, 512) if features is None else features)

def seconds_per_step(cfg:INRVConfig, data, n:int=20) -> float:
    "Measured seconds of one training step of `cfg` (after 3 warm-up steps)."
    t = Trainer(dataclasses.replace(cfg, steps=n + 3), dataset=data, model=build_model(cfg, data))
    for _ in range(3): t.train_step()
    t0 = time.perf_counter()
    for _ in range(n): t.train_step()
    return (time.perf_counter() - t0) / n

def arm_config(arm:str, n_videos:int) -> INRVConfig:
    "The `mmnist_shift` preset (the zoo's recipe before local codes) with the arm's change."
    base = INRVConfig.preset('mmnist_shift', n_generated=n_videos, threads=1, device='cpu', eval_videos=64, out_dir=f'/tmp/inrv-study/{arm}')
    return dataclasses.replace(base, **ARMS[arm][1])

ARCH = ('heads', 'hn_hidden', 'hn_layers', 'inr_hidden', 'inr_layers', 'latent_dim', 'batch_size', 'pixels_per_video', 'encoder')

def calibrate(arms, data, rounds:int=3) -> dict:
    "Seconds per training step of every arm: the best of `rounds` interleaved measurements per architecture (a loss or a schedule costs the same)."
    key = lambda a: tuple(getattr(arm_config(a, len(data)), f) for f in ARCH)
    first = {}
    for a in arms: first.setdefault(key(a), a)
    best = {k: float('inf') for k in first}
    for _ in range(rounds):
        for k, a in first.items(): best[k] = min(best[k], seconds_per_step(dataclasses.replace(arm_config(a, len(data)), stages=''), data))
    return {a: best[key(a)] for a in arms}

def smoothness(model, pairs:int=8, K:int=10) -> float:
    "Mean interpolation smoothness (notebook 02) of the slerp paths between `pairs` fixed pairs of training codes."
    z, (T, H, W) = training_codes(model), model.render_size()
    return sum(interpolation_smoothness(model.decode(slerp(z[2 * i], z[2 * i + 1], torch.linspace(0, 1, K)), T, H, W).clamp(-1, 1))
               for i in range(pairs)) / pairs

def scores(name:str, out, held, labels) -> dict:
    "Held-out scores of the videos `out` an arm produced for `held`, with every video's PSNR (for paired differences)."
    FRAMES[name] = out[:4]
    return dict(heldout_psnr=round(video_psnr(out, held).item(), 2), heldout_ssim=round(video_ssim(out, held).item(), 3),
                heldout_digits=round(digit_score(out, labels).item(), 3),
                heldout_psnr_videos=[round(x, 3) for x in video_psnr(out, held, reduction='none').tolist()])

def run(arm:str, data, held, labels, seconds:float, per_step:float, inv_steps:int, features=None) -> list[dict]:
    "Train one arm for `seconds` of CPU (at `per_step` seconds a step) on `data`, invert `held`, and score it: one row, three for `conditioned`."
    cfg = dataclasses.replace(arm_config(arm, len(data)), steps=max(1, round(seconds / per_step)), eval_every=10**9)
    t0 = time.time()
    t = (train_progressive(cfg, data, progress=False, save=False) if cfg.stages else
         Trainer(cfg, dataset=data, model=build_model(cfg, data, features)).fit(save=False, progress=False))
    train_s = time.time() - t0
    model, (T, H, W) = t.model.eval(), held.shape[1:4]
    decode = lambda z: model.decode(z, T, H, W).clamp(-1, 1)
    row = dict(arm=arm, change=ARMS[arm][0], videos=len(data), steps=cfg.steps, ms_per_step=round(per_step * 1e3, 1),
               train_seconds=round(train_s), precision='bf16' if t.amp else 'fp32', train_psnr=round(t.evaluate().mean().item(), 2),
               smoothness=round(smoothness(model), 3))
    rows = [row | scores(arm, decode(invert(model, held, steps=inv_steps)[0]), held, labels)]
    if isinstance(model, ConditionedINRV):
        z0 = content_codes(model, held, amp=AMP)
        rows.append(dict(arm=f'{arm}_content', change='the same model, inverted from each video\'s own content code, then optimised')
                    | scores(f'{arm}_content', decode(invert(model, held, steps=inv_steps, init=z0)[0]), held, labels))
        rows.append(dict(arm=f'{arm}_content_only', change='the same model: the content code alone, no fit')
                    | scores(f'{arm}_content_only', decode(z0), held, labels))
    return rows

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
    ap.add_argument('--rounds', type=int, default=3, help='interleaved timing rounds per architecture (the best is kept)')
    ap.add_argument('--inv-steps', type=int, default=600, help='inversion steps (notebook 07c: 600)')
    ap.add_argument('--json', help='write the rows to this file')
    ap.add_argument('--per-step', default='', help='ARM=SECONDS,...: per-step times to use instead of measuring them (an arm run on its own, '
                                                   'with a ratio to a calibrated arm measured under the same load)')
    ap.add_argument('--frames', help='write the first 4 held-out videos and each arm\'s inversions of them to this .npz (uint8)')
    a = ap.parse_args()
    torch.set_num_threads(1)
    data = make_dataset(INRVConfig.preset('mmnist_shift', n_generated=a.videos))
    h = moving_mnist(a.held, 16, 32, split='heldout', seed=HELD_SEED, canvas=64)
    arms, rows = a.arms.split(','), []
    given = {k: float(v) for k, v in (x.split('=') for x in a.per_step.split(',') if x)}
    per_step = given | calibrate([k for k in arms if k not in given], data, a.rounds)
    print('seconds per step:', {k: round(v, 4) for k, v in per_step.items()}, flush=True)
    features = encode_seconds = None
    if any(arm_config(k, a.videos).encoder != 'none' for k in arms):
        t0 = time.time()
        features = frame_features(ENCODER(), data.videos, amp=AMP, progress=True)
        encode_seconds = round(time.time() - t0)
        print(f'encoded {data.videos.shape[0] * data.videos.shape[1]} frames in {encode_seconds} s', flush=True)
    for arm in arms:
        new = run(arm, data, h.videos, h.labels, a.minutes * 60, per_step[arm], a.inv_steps, features)
        if features is not None and arm_config(arm, a.videos).encoder != 'none': new[0]['encode_seconds'] = encode_seconds
        for r in new: print(' | '.join(f'{k} {v}' for k, v in r.items() if k != 'heldout_psnr_videos'), flush=True)
        rows = (baselines(h.videos, h.labels) if not rows else rows) + new
        if a.json: open(a.json, 'w').write(json.dumps(dict(videos=a.videos, minutes=a.minutes, held=a.held, held_seed=HELD_SEED, rows=rows), indent=1) + '\n')
        if a.frames:
            u8 = lambda v: ((v.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).numpy()
            np.savez_compressed(a.frames, truth=u8(h.videos[:4]), **{k: u8(v) for k, v in FRAMES.items()})
