"""Levers that shape INR-V's code space for sampling (issue 31), measured on the `mini` preset (notebook 04d) with held-out
videos: does a lever make simple samplers draw real videos, and tasks that must imagine (a missing half, unseen frames) beat
their baselines, without losing held-out inversion?

Arms (each trains `INRVConfig.preset('mini')` for its 8,000 steps on the same 1,000 bouncing-ball videos, one fp32 thread):
- `plain`: the paper's auto-decoder (codes from N(0, 0.01²), no prior);
- `l2`: the Gaussian prior λ‖z‖² on the codes while training (DeepSDF's), `--l2` λ;
- `vad-β`: a variational auto-decoder (GEM's): each video has a mean and a log-variance, training renders
  mean + σ·ε and adds β·KL(N(mean, σ²) ‖ N(0, I)), so the codes fill N(0, I) and N(0, I) is a sampler.

Scores, all on videos no notebook uses (seeds 9, 10, 11): held-out inversion (16 videos, 300 steps from the mean code, all
pixels); 512 samples from N(0, I) and from the full Gaussian of the codes, compared with 512 real videos by `ball_distance`
(notebook 04d; the decoded training codes are the reference a perfect sampler matches) and by PSNR to the nearest training
video (copies score high); bottom-half inpainting and prediction of frames 4-7 from frames 0-3 (16 held-out videos, PSNR in
the hole) by a code fit with no prior and with the arm's own prior weight, beside all-black, the mean training video, the
nearest training video on the visible pixels, and (prediction) the last seen frame held.

    python benchmarks/mini_levers.py --json nbs/mini_levers.json              # ~25 CPU minutes
    python benchmarks/mini_levers.py --steps 500 --videos 200 --arms plain,vad-1e-4
"""
import argparse, json, time
import torch, torch.nn as nn
from inrv_nb.config import INRVConfig, make_dataset
from inrv_nb.model import INRV
from inrv_nb.train import Trainer
from inrv_nb.invert import invert
from inrv_nb.latent import training_codes, sample_full_gaussian, nearest_training, ball_distance
from inrv_nb.metrics import video_psnr
from inrv_nb.inr import psnr_from_mse
from inrv_nb.inpaint import box_hole
from inrv_nb.frames import frame_hole
from inrv_nb.datasets import bouncing_balls

HELD_SEED, REAL_SEED, FILL_SEED = 9, 10, 11   # seeds no notebook uses

class VariationalINRV(INRV):
    "INR-V with a Gaussian per video: training renders mean + σ·ε and keeps the batch's KL to N(0, I) in `self.kl`."
    def __init__(self, cfg, n_videos, channels=3):
        super().__init__(cfg, n_videos, channels)
        self.log_var = nn.Embedding(n_videos, cfg.latent_dim)
        nn.init.constant_(self.log_var.weight, -4.)
        self.kl = torch.zeros(())
    def codes(self, idx):
        mu = self.latents(idx)
        if not self.training: return mu
        lv = self.log_var(idx)
        self.kl = 0.5 * (mu ** 2 + lv.exp() - lv - 1).sum(1).mean()
        return mu + (0.5 * lv).exp() * torch.randn_like(mu)

def train_arm(arm:str, cfg:INRVConfig, data, l2:float):
    "A trained model of one arm, and the prior weight λ of its codes (the λ‖z‖² its training objective implies)."
    if arm == 'plain': return Trainer(cfg, data).fit(save=False, progress=False).model, 0.
    if arm == 'l2':
        cfg = INRVConfig(**{**vars(cfg), 'latent_prior': l2})
        return Trainer(cfg, data).fit(save=False, progress=False).model, l2
    beta = float(arm.split('-', 1)[1])
    torch.manual_seed(cfg.seed)
    model = VariationalINRV(cfg, len(data.videos), data.videos.shape[-1])
    tr = Trainer(cfg, data, model=model)
    data_loss = tr.loss_fn
    tr.loss_fn = lambda pred, target: data_loss(pred, target) + beta * model.kl
    return tr.fit(save=False, progress=False).model, beta / 2

def fill(model, held, mask, prior):
    "Held-out videos completed from their `mask`ed pixels by a code fit."
    z, _ = invert(model, held, mask=mask, steps=300, init='mean', prior=prior, pixels=0)
    return model.decode(z, *model.render_size()).clamp(-1, 1)

def hole_psnr(pred, truth, hole):
    "Mean PSNR over the `hole` pixels of each video."
    h = hole.expand(truth.shape[:-1])[..., None].expand_as(truth).flatten(1).float()
    return psnr_from_mse((((pred - truth) ** 2).flatten(1) * h).sum(1) / h.sum(1)).mean().item()

def masks(T, H, W):
    "Observed-pixel masks of the two fill tasks (notebooks 07d and 07f's holes, inverted): the top half of every frame, and frames 0..T/2-1."
    return dict(half=~box_hole(T, H, W, H // 2, 0, H - H // 2, W), predict=~frame_hole(T, H, W, range(T // 2)))

def baselines(videos, fills, tasks):
    "PSNR in the hole of the trivial and simple fills of each task."
    out = {}
    for name, seen in tasks.items():
        hole = ~seen
        near = videos[nearest_training(fills, videos, mask=seen)[1]]
        rows = {'all-black': -torch.ones_like(fills), 'mean training video': videos.mean(0).expand_as(fills), 'nearest training video': near}
        if name == 'predict': rows['last seen frame'] = fills[:, seen.any((1, 2)).nonzero().max()][:, None].expand_as(fills)
        out[name] = {k: hole_psnr(v, fills, hole) for k, v in rows.items()}
    return out

@torch.no_grad()
def sample_scores(model, arm, data, real, held):
    "Sampler → (ball distance to `real`, mean PSNR of the samples to their nearest training video)."
    size, codes, g = model.render_size(), training_codes(model), torch.Generator().manual_seed(0)
    samplers = {'decoded training codes': codes[:512], 'full Gaussian': sample_full_gaussian(codes, 512, g)}
    if arm.startswith('vad'): samplers['N(0, I)'] = torch.randn(512, codes.shape[1], generator=g)
    out = {}
    for name, z in samplers.items():
        v = model.decode(z, *size).clamp(-1, 1)
        out[name] = dict(distance=ball_distance(v, real), nearest_psnr=nearest_training(v, data.videos)[0].mean().item())
    return out

def main(steps=8000, videos=1000, arms=('plain', 'l2', 'vad-1e-5', 'vad-1e-4', 'vad-1e-3'), l2=1e-3, out=None):
    torch.set_num_threads(1)
    cfg = INRVConfig.preset('mini', steps=steps, n_generated=videos, eval_every=steps)
    data = make_dataset(cfg)
    T, H, W = cfg.num_frames, cfg.size, cfg.size
    held = bouncing_balls(16, T, H, seed=HELD_SEED).videos
    real = bouncing_balls(512, T, H, seed=REAL_SEED).videos
    fills = bouncing_balls(16, T, H, seed=FILL_SEED).videos
    tasks = masks(T, H, W)
    res = dict(steps=steps, videos=videos, l2=l2, real_floor=ball_distance(bouncing_balls(512, T, H, seed=HELD_SEED).videos, real),
               real_nearest_psnr=nearest_training(real, data.videos)[0].mean().item(),
               baselines=baselines(data.videos, fills, tasks), runs=[])
    print(f"real vs real ball distance {res['real_floor']:.2f}; real held-out videos' PSNR to nearest training {res['real_nearest_psnr']:.2f}")
    for task, rows in res['baselines'].items(): print(task, {k: round(v, 2) for k, v in rows.items()})
    for arm in arms:
        t0 = time.process_time()
        model, lam = train_arm(arm, cfg, data, l2)
        secs = time.process_time() - t0
        model.eval()
        size = model.render_size()
        train_psnr = video_psnr(model.decode(training_codes(model)[:64], *size).clamp(-1, 1), data.videos[:64]).mean().item()
        z, _ = invert(model, held, steps=300, init='mean', prior=0., pixels=0)
        inversion = video_psnr(model.decode(z, *size).clamp(-1, 1), held).mean().item()
        r = dict(arm=arm, prior=lam, train_seconds=secs, train_psnr=train_psnr, inversion=inversion,
                 code_rms=training_codes(model).pow(2).mean().sqrt().item(),
                 samples=sample_scores(model, arm, data, real, held), fills={})
        for task, seen in tasks.items():
            r['fills'][task] = {f'fit, prior {p:g}': hole_psnr(fill(model, fills, seen, p), fills, ~seen) for p in sorted({0., lam})}
        print(f"{arm:10s} {secs:4.0f} s  train {train_psnr:.2f}  held-out inversion {inversion:.2f}  code rms {r['code_rms']:.3f}", flush=True)
        for k, v in r['samples'].items(): print(f"    {k:24s} ball distance {v['distance']:7.2f}  PSNR to nearest training {v['nearest_psnr']:.2f}")
        for k, v in r['fills'].items(): print(f"    {k:8s}", {a: round(b, 2) for a, b in v.items()}, flush=True)
        res['runs'].append(r)
        if out: open(out, 'w').write(json.dumps(res, indent=1))
    return res

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--steps', type=int, default=8000); p.add_argument('--videos', type=int, default=1000)
    p.add_argument('--arms', default='plain,l2,vad-1e-5,vad-1e-4,vad-1e-3'); p.add_argument('--l2', type=float, default=1e-3)
    p.add_argument('--json', default=None)
    a = p.parse_args()
    main(a.steps, a.videos, a.arms.split(','), a.l2, a.json)
