"""Levers on the shipped Moving MNIST recipe (issue 31), measured on videos no notebook uses: noise on the codes while
training, and a global code beside the grid. Does a decoder trained this way draw digits from sampled codes, and fill
what it does not see, without losing held-out inversion?

07a_why_smudges found the fault: the shipped decoder is accurate only within about 0.25σ of its training codes (1σ of
noise halves the digit score), and every sampler that makes new codes lands about 1σ away. The lever that targets it
trains the decoder on noisy codes: each step renders z + α·σ·ε, σ the batch's spread of each number (detached), so the
decoder must draw a video's digits from a ball of radius about α·σ around its code (DeepSDF-style code noise; GEM's
variational auto-decoder learns the radius, notebook 07a_why_smudges measured it on the paper's one-code space).

Arms (each trains `INRVConfig.preset('mmnist')` on the same 2,000 videos for `--steps`, one thread, bf16 where the CPU
has it; the shipped model had 32,000 steps): `plain` (the shipped recipe), `noise-α` (α = 0.5, 1), and `global-G`: a global
code of G numbers beside the grid, whose cells training drops at a random rate per video, so that a zero cell means "let
the global code draw this" (the fills start from an all-dropped grid, so a cell no
observed pixel touches is drawn by the global code, not pulled to the zero code of a grid trained without dropout).

Scores, on held-out digits with seeds no notebook uses (21: real reference, 22: inversion, 23: fills):
- samples: 256 decoded training codes and 256 full-Gaussian samples (global arms: also the global code alone, the grid
  dropped, from the training global codes and from their full Gaussian), digit FD to 256 real videos (notebook 02a) and
  PSNR to the nearest training video;
- inversion of 16 held-out videos (300 steps from the mean code): PSNR and digit score;
- bottom-half inpainting and prediction of frames 8-15 from frames 0-7 (`fill_frames`, unseen code slices tied to the
  seen ones), PSNR in the hole and digit score, beside all-black, the mean training video, the nearest training video
  and (prediction) the last seen frame held.

    python benchmarks/mmnist_levers.py --json nbs/mmnist_levers.json --arms plain,noise-0.5   # 27 + 36 CPU minutes of training
    python benchmarks/mmnist_levers.py --json g64.json --arms global-64      # 40 CPU minutes of training, run beside
    python benchmarks/mmnist_levers.py --json g256.json --arms global-256    # 44; their runs appended to nbs/mmnist_levers.json
    python benchmarks/mmnist_levers.py --steps 200 --arms plain,noise-1       # a smoke run
"""
import argparse, json, time
import torch, torch.nn as nn
from inrv_nb.config import INRVConfig, make_dataset
from inrv_nb.model import INRV
from inrv_nb.train import Trainer
from inrv_nb.invert import invert
from inrv_nb.inpaint import inpaint
from inrv_nb.frames import fill_frames
from inrv_nb.latent import training_codes, sample_full_gaussian, nearest_training
from inrv_nb.metrics import video_psnr
from inrv_nb.digits import digit_score, digit_fd
from inrv_nb.zoo import heldout_dataset
from inrv_nb.hypernet import HyperNetwork, local_shifts
from mini_levers import hole_psnr, masks, baselines

REAL_SEED, HELD_SEED, FILL_SEED = 21, 22, 23   # seeds no notebook uses

class NoisyCodesINRV(INRV):
    "INR-V whose training renders each code plus `alpha` times the batch's per-number spread of Gaussian noise."
    def __init__(self, cfg, n_videos, channels=3, alpha=0.):
        super().__init__(cfg, n_videos, channels)
        self.alpha = alpha
    def codes(self, idx):
        z = self.latents(idx)
        if not self.training or not self.alpha: return z
        return z + self.alpha * z.detach().std(0, keepdim=True) * torch.randn_like(z)

class GlobalLocalHyperNetwork(HyperNetwork):
    "'local' heads plus a global code: a video's code is `[g | grid]`, and `g` shifts every point's hidden layers alike."
    def __init__(self, inr, latent_dim, grid, global_dim):
        super().__init__(inr, latent_dim, 0, 1, 'local', grid=grid)
        self.global_dim = global_dim
        self.global_head = nn.Linear(global_dim, self.net[0].out_features)
    def forward(self, z):
        g, local = z.split([self.global_dim, self.latent_dim], 1)
        return super().forward(local) | {'global.shift': self.global_head(g)}
    def render(self, coords, params):
        B = len(params['global.shift'])
        shifts = local_shifts(coords if coords.ndim == 3 else coords.expand(B, *coords.shape), params)
        return self.inr.forward_batched(coords, params, shifts + params['global.shift'][:, None].float())

class GlobalLocalINRV(INRV):
    """INR-V with a small global code beside the local grid; training drops each video's grid cells (set to zero) at a rate
    drawn per video from U(0, 1), so the global code must draw what the dropped cells would: a zero cell means "ask g"."""
    def __init__(self, cfg, n_videos, channels=3, global_dim=64):
        super().__init__(cfg, n_videos, channels)
        self.hypernet = GlobalLocalHyperNetwork(self.inr, cfg.latent_dim, cfg.grid, global_dim)
        self.latents = nn.Embedding(n_videos, global_dim + cfg.latent_dim)
        nn.init.normal_(self.latents.weight, 0., cfg.latent_std)
    def codes(self, idx):
        z = self.latents(idx)
        if not self.training: return z
        hn = self.hypernet
        g, local = z.split([hn.global_dim, hn.latent_dim], 1)
        cells = local.view(len(z), hn.channels, *hn.grid)
        rate = torch.rand(len(z), 1, 1, 1, 1, device=z.device)
        keep = (torch.rand(len(z), 1, *hn.grid, device=z.device) >= rate).to(z.dtype)
        return torch.cat([g, (cells * keep).flatten(1)], 1)
    def grid_dropped(self, g):
        "Codes `(n, ·)` of global codes `g` `(n, global_dim)` with every grid cell dropped: what the global code alone draws."
        return torch.cat([g, g.new_zeros(len(g), self.hypernet.latent_dim)], 1)
    def fill_start(self):
        "The start of a fill: the mean global code and an all-dropped grid (cells no observed pixel touches stay there)."
        return self.grid_dropped(training_codes(self)[:, :self.hypernet.global_dim].mean(0, keepdim=True))[0]
    def global_samples(self, n, generator):
        "Codes whose global part is drawn from the full Gaussian of the training global codes and whose grid is all dropped."
        return self.grid_dropped(sample_full_gaussian(training_codes(self)[:, :self.hypernet.global_dim], n, generator))

def train_arm(arm, cfg, data):
    torch.manual_seed(cfg.seed)
    kind, _, arg = arm.partition('-')
    if kind == 'global': model = GlobalLocalINRV(cfg, len(data.videos), data.videos.shape[-1], int(arg))
    else: model = NoisyCodesINRV(cfg, len(data.videos), data.videos.shape[-1], float(arg) if kind == 'noise' else 0.)
    return Trainer(cfg, data, model=model).fit(save=False, progress=False).model

@torch.no_grad()
def sample_scores(model, data, real):
    size, codes, g = model.render_size(), training_codes(model), torch.Generator().manual_seed(0)
    out = {}
    samplers = {'decoded training codes': codes[:256], 'full Gaussian': sample_full_gaussian(codes, 256, g)}
    if isinstance(model, GlobalLocalINRV):
        samplers['training global codes, grid dropped'] = model.grid_dropped(codes[:256, :model.hypernet.global_dim])
        samplers['global Gaussian, grid dropped'] = model.global_samples(256, g)
    for name, z in samplers.items():
        v = torch.cat([model.decode(c, *size).clamp(-1, 1) for c in z.split(32)])
        out[name] = dict(digit_fd=digit_fd(v, real), nearest_psnr=nearest_training(v, data.videos)[0].mean().item())
    return out

def main(steps=8000, arms=('plain', 'noise-0.5', 'noise-1'), out=None):
    torch.set_num_threads(1)
    cfg = INRVConfig.preset('mmnist', steps=steps, eval_every=steps, threads=1, device='cpu', compile=True)
    data = make_dataset(cfg)
    T, H, W = cfg.num_frames, cfg.size, cfg.size
    real = heldout_dataset(cfg, 256, REAL_SEED).videos
    held = heldout_dataset(cfg, 16, HELD_SEED)
    fd = heldout_dataset(cfg, 16, FILL_SEED)
    tasks = masks(T, H, W)
    res = dict(steps=steps, videos=len(data.videos),
               real_fd=digit_fd(heldout_dataset(cfg, 256, 24).videos, real),
               real_nearest_psnr=nearest_training(real[:64], data.videos)[0].mean().item(),
               real_digits=digit_score(fd.videos, fd.labels).item(),
               baselines=baselines(data.videos, fd.videos, tasks), runs=[])
    print(f"real vs real digit FD {res['real_fd']:.2f}; real held-out PSNR to nearest training {res['real_nearest_psnr']:.2f}")
    for task, rows in res['baselines'].items(): print(task, {k: round(v, 2) for k, v in rows.items()})
    for arm in arms:
        t0 = time.process_time()
        model = train_arm(arm, cfg, data).eval()
        secs = time.process_time() - t0
        size = model.render_size()
        with torch.no_grad(): train_psnr = video_psnr(model.decode(training_codes(model)[:64], *size).clamp(-1, 1), data.videos[:64]).mean().item()
        z, _ = invert(model, held.videos, steps=300, init='mean')
        with torch.no_grad(): inv = model.decode(z, *size).clamp(-1, 1)
        r = dict(arm=arm, train_seconds=secs, train_psnr=train_psnr,
                 inversion=video_psnr(inv, held.videos).mean().item(), inversion_digits=digit_score(inv, held.labels).item(),
                 samples=sample_scores(model, data, real), fills={})
        for task, seen in tasks.items():
            if isinstance(model, GlobalLocalINRV): pred = inpaint(model, fd.videos, ~seen, steps=300, init=model.fill_start())
            else: pred = (inpaint(model, fd.videos, ~seen, steps=300, init='mean') if task == 'half' else
                          fill_frames(model, fd.videos, range(T // 2), steps=300, init='mean'))
            r['fills'][task] = dict(psnr=hole_psnr(pred, fd.videos, ~seen), digits=digit_score(pred, fd.labels).item())
        print(f"{arm:10s} {secs:5.0f} s  train {train_psnr:.2f}  held-out inversion {r['inversion']:.2f} "
              f"(digits {r['inversion_digits']:.3f})", flush=True)
        for k, v in r['samples'].items(): print(f"    {k:24s} digit FD {v['digit_fd']:7.2f}  PSNR to nearest training {v['nearest_psnr']:.2f}")
        for k, v in r['fills'].items(): print(f"    {k:8s} hole PSNR {v['psnr']:.2f}  digits {v['digits']:.3f}", flush=True)
        res['runs'].append(r)
        if out: open(out, 'w').write(json.dumps(res, indent=1))
    return res

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--steps', type=int, default=8000); p.add_argument('--arms', default='plain,noise-0.5,noise-1')
    p.add_argument('--json', default=None)
    a = p.parse_args()
    main(a.steps, a.arms.split(','), a.json)
