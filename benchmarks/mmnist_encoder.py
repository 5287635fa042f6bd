"""An encoder that predicts the code of a partly seen video (issue 31, a labelled extension of INR-V): does an amortised
posterior fill what the shipped Moving MNIST space does not see, where fitting the seen pixels cannot?

07f found why INR-V's fills lose: fitting a code to the observed pixels gives the cells no observed pixel touches only the
L2 prior's gradient, which pulls them to the zero code, so the hole renders the average video. A code for the hole must
come from knowing how videos go on. This encoder learns it: a small 3-D convolution net reads a video with a hole (the
pixels and a mask channel) and outputs the whole 4×8×8×16 code grid; it trains through the *frozen* shipped decoder to
render the *whole* video, holes included, on fresh Moving MNIST videos: a new pool of 2,048 trajectories of the
training digits every 128 steps (the held-out digits never). Holes while training, one per video: none, the bottom half, frames 8-15, a
random box, every other frame.

Scored on held-out digits with a seed no notebook uses (23, as `mmnist_levers.py`): PSNR in the hole and digit score
of the encoder's code rendered, of that code refined on the seen pixels (`inpaint`, init = the encoder's code), and
of INR-V's own fill (init = the mean code), beside all-black, the mean training video, the nearest training video and
(prediction) the last seen frame.

The committed result (nbs/mmnist_encoder.json: the second run's scores, its `training` list holding both runs) came
from two runs on one core of an AVX2 CPU, each beside other jobs, and the figure's frames from the trained weights
(written beside --json as .pt, 3 MB, not committed):

    python benchmarks/mmnist_encoder.py --minutes 30 --constant-lr --json enc30.json                    # 2,788 steps
    python benchmarks/mmnist_encoder.py --minutes 50 --resume enc30.pt --seed 5000 --lr 5e-4 --json enc80.json
    python benchmarks/mmnist_encoder.py --figure enc80.pt --npz nbs/mmnist_encoder.npz
    python benchmarks/mmnist_encoder.py --minutes 1 --videos 16                        # a smoke run
"""
import argparse, json, math, time
import numpy as np
import torch, torch.nn as nn, torch.nn.functional as F
from inrv_nb.inr import coord_grid
from inrv_nb.zoo import pretrained, heldout_dataset, training_videos
from inrv_nb.datasets import moving_mnist
from inrv_nb.inpaint import inpaint
from inrv_nb.frames import fill_frames
from inrv_nb.latent import training_codes
from inrv_nb.digits import digit_score
from inrv_nb.inpaint import box_hole
from inrv_nb.frames import frame_hole
from mini_levers import hole_psnr, masks, baselines

FILL_SEED = 23   # held-out digits, a seed no notebook uses

class CodeEncoder(nn.Module):
    "A video with a hole (pixels, mask) -> a code grid `(B, c·T'·H'·W')`, as standardised offsets from the mean training code."
    def __init__(self, channels, code_mean, code_std, grid=(4, 8, 8), c=16, width=128):
        super().__init__()
        self.register_buffer('mean', code_mean); self.register_buffer('std', code_std)
        self.stem = nn.Sequential(
            nn.Conv3d(channels + 1, 32, (1, 4, 4), (1, 2, 2), (0, 1, 1)), nn.GELU(),      # T × 16 × 16
            nn.Conv3d(32, 64, 4, 2, 1), nn.GELU(),                                          # T/2 × 8 × 8
            nn.Conv3d(64, width, (4, 1, 1), (2, 1, 1), (1, 0, 0)), nn.GELU())              # T/4 × 8 × 8 = the code grid
        self.blocks = nn.ModuleList(nn.Sequential(nn.Conv3d(width, width, (3, 1, 1), padding=(1, 0, 0)), nn.GELU(),
                                                  nn.Conv3d(width, width, (1, 3, 3), padding=(0, 1, 1)), nn.GELU())
                                    for _ in range(3))
        self.context = nn.ModuleList(nn.Linear(width, width) for _ in range(3))   # the whole video's summary, to every cell
        self.head = nn.Conv3d(width, c, 1)
        nn.init.zeros_(self.head.weight); nn.init.zeros_(self.head.bias)           # starts at the mean code
    def forward(self, video, seen):   # video (B, T, H, W, C) in [-1, 1]; seen (B, T, H, W) bool
        x = torch.cat([video * seen[..., None], seen[..., None].float()], -1).movedim(-1, 1)
        h = self.stem(x)
        for block, ctx in zip(self.blocks, self.context): h = h + block(h) + ctx(h.mean((2, 3, 4)))[..., None, None, None]
        return self.mean + self.std * self.head(h).flatten(1)

def random_seen(B, T, H, W, g):
    "One observed-pixel mask per video: all, the top half, frames 0..T/2-1, all but a random box, the even frames."
    seen = torch.ones(B, T, H, W, dtype=torch.bool)
    kind = torch.randint(0, 5, (B,), generator=g)
    for i, k in enumerate(kind.tolist()):
        if k == 1: seen[i] = ~box_hole(T, H, W, H // 2, 0, H - H // 2, W)
        elif k == 2: seen[i] = ~frame_hole(T, H, W, range(T // 2))
        elif k == 3:
            h, w = torch.randint(H // 4, H // 2 + 1, (2,), generator=g).tolist()
            y, x = torch.randint(0, H - h + 1, (1,), generator=g).item(), torch.randint(0, W - w + 1, (1,), generator=g).item()
            seen[i] = ~box_hole(T, H, W, y, x, h, w)
        elif k == 4: seen[i] = ~frame_hole(T, H, W, range(0, T, 2))
    return seen

def train_encoder(model, minutes, batch=16, pixels=1024, pool=2048, lr=1e-3, seed=100, resume=None, cosine=True):
    "Train a `CodeEncoder` through the frozen `model` for `minutes` of wall time on fresh videos (from `resume`'s weights); returns it and its log."
    cfg, g = model.cfg, torch.Generator().manual_seed(seed)
    T, H, W = cfg.num_frames, cfg.size, cfg.size
    codes = training_codes(model)
    enc = CodeEncoder(1, codes.mean(0), codes.std(0), model.hypernet.grid, model.hypernet.channels)
    if resume: enc.load_state_dict(torch.load(resume))
    opt = torch.optim.AdamW(enc.parameters(), lr, weight_decay=1e-4)
    coords, log, step, t0, videos = coord_grid(T, H, W).reshape(-1, 3), [], 0, time.time(), None
    while time.time() - t0 < 60 * minutes:
        if step % (pool // batch) == 0:   # a fresh pool of videos: new trajectories of the training digits
            videos = moving_mnist(pool, T, cfg.size, split='train', seed=seed + 1 + step, canvas=cfg.canvas or None).videos
        v = videos[torch.randint(0, pool, (batch,), generator=g)]
        seen = random_seen(batch, T, H, W, g)
        z = enc(v, seen)
        idx = torch.randint(0, T * H * W, (batch, pixels), generator=g)
        pred = model.hypernet.render(coords[idx], model.hypernet(z))
        loss = F.mse_loss(pred, v.flatten(1, 3).gather(1, idx[..., None]))
        if cosine:
            for group in opt.param_groups: group['lr'] = lr * 0.5 * (1 + math.cos(math.pi * min(1., (time.time() - t0) / (60 * minutes))))   # cosine over the time budget
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        log.append(loss.item()); step += 1
        if step % 200 == 0: print(f'step {step:5d}  {time.time() - t0:6.0f} s  loss {sum(log[-200:]) / 200:.4f}', flush=True)
    return enc.eval(), dict(steps=step, seconds=time.time() - t0, loss=log)

def scores(pred, truth, seen, labels):
    "PSNR in the hole (where `seen` is False) and the digit score of filled videos."
    return dict(psnr=hole_psnr(pred, truth, ~seen), digits=digit_score(pred, labels).item())

def main(minutes=40., n=64, n_fit=16, out=None, resume=None, seed=100, lr=1e-3, cosine=True):
    torch.set_num_threads(1)
    model = pretrained('mmnist').eval().requires_grad_(False)
    cfg = model.cfg
    T, H, W = cfg.num_frames, cfg.size, cfg.size
    fd = heldout_dataset(cfg, n, FILL_SEED)
    tasks = masks(T, H, W) | dict(inversion=torch.ones(T, H, W, dtype=torch.bool))
    res = dict(videos=n, fit_videos=n_fit, baselines=baselines(training_videos(model), fd.videos, {k: v for k, v in tasks.items() if k != 'inversion'}),
               real_digits=digit_score(fd.videos, fd.labels).item())
    for task, rows in res['baselines'].items(): print(task, {k: round(v, 2) for k, v in rows.items()}, flush=True)
    enc, log = train_encoder(model, minutes, lr=lr, seed=seed, resume=resume, cosine=cosine)
    res['training'] = [dict(steps=log['steps'], seconds=log['seconds'], lr=lr, final_loss=sum(log['loss'][-200:]) / 200)]
    if out: torch.save(enc.state_dict(), out.replace('.json', '.pt'))
    res['encoder'], res['refined'], res['inrv'] = {}, {}, {}
    res[f'baselines (first {n_fit})'] = baselines(training_videos(model), fd.videos[:n_fit], {k: v for k, v in tasks.items() if k != 'inversion'})
    few = slice(0, n_fit)   # the fits (300 steps each) on the first `n_fit` videos: the encoder's own scores on all `n`
    for task, seen in tasks.items():
        s = seen.expand(n, T, H, W)
        with torch.no_grad(): z = enc(fd.videos, s); whole = model.decode(z, T, H, W).clamp(-1, 1)
        if task == 'inversion':   # nothing hidden: score every pixel
            res['encoder'][task] = dict(psnr=hole_psnr(whole, fd.videos, seen), digits=digit_score(whole, fd.labels).item())
            continue
        res['encoder'][task] = scores(torch.where(s[..., None], fd.videos, whole), fd.videos, seen, fd.labels)
        sub, lab = fd.videos[few], fd.labels[few]
        res['encoder'][task + f' (first {n_fit})'] = scores(torch.where(s[few, ..., None], sub, whole[few]), sub, seen, lab)
        res['refined'][task] = scores(inpaint(model, sub, ~seen, steps=300, init=z[few]), sub, seen, lab)
        res['inrv'][task] = scores(inpaint(model, sub, ~seen, steps=300, init='mean') if task == 'half' else
                                   fill_frames(model, sub, range(T // 2), steps=300, init='mean'), sub, seen, lab)
        if out: open(out, 'w').write(json.dumps(res, indent=1))
        print(task, 'encoder', res['encoder'][task], 'refined', res['refined'][task], 'INR-V', res['inrv'][task], flush=True)
    if out: open(out, 'w').write(json.dumps(res, indent=1))
    return res

def figure(enc_path, npz, n=2):
    "The first `n` fill videos of each task as uint8: truth, what is seen (the hole mid-grey), INR-V's fill, the encoder's."
    model = pretrained('mmnist').eval().requires_grad_(False)
    T, H, W = model.render_size()
    codes = training_codes(model)
    enc = CodeEncoder(1, codes.mean(0), codes.std(0), model.hypernet.grid, model.hypernet.channels)
    enc.load_state_dict(torch.load(enc_path)); enc.eval()
    v = heldout_dataset(model.cfg, n, FILL_SEED).videos
    u8 = lambda x: ((x.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).numpy()
    out = {}
    for task, seen in masks(T, H, W).items():
        s = seen.expand(n, T, H, W)
        with torch.no_grad(): ours = torch.where(s[..., None], v, model.decode(enc(v, s), T, H, W).clamp(-1, 1))
        inrv = (inpaint(model, v, ~seen, steps=300, init='mean') if task == 'half' else
                fill_frames(model, v, range(T // 2), steps=300, init='mean'))
        out |= {f'{task}/truth': u8(v), f'{task}/seen': u8(v.masked_fill(~s[..., None], 0.)), f'{task}/INR-V': u8(inrv),
                f'{task}/encoder': u8(ours)}
    np.savez_compressed(npz, **out)

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--minutes', type=float, default=40.); p.add_argument('--videos', type=int, default=64)
    p.add_argument('--fit-videos', type=int, default=16); p.add_argument('--json', default=None)
    p.add_argument('--figure', help="a trained encoder's .pt (written beside --json): write the figure's frames to --npz instead")
    p.add_argument('--npz', default='mmnist_encoder.npz')
    p.add_argument('--resume', help="a trained encoder's .pt to train on from"); p.add_argument('--seed', type=int, default=100)
    p.add_argument('--lr', type=float, default=1e-3, help='peak learning rate, cosine-decayed over --minutes')
    p.add_argument('--constant-lr', action='store_true', help='keep the learning rate constant')
    a = p.parse_args()
    figure(a.figure, a.npz) if a.figure else main(a.minutes, a.videos, a.fit_videos, a.json, a.resume, a.seed, a.lr, not a.constant_lr)
