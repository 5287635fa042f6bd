"""Train and score the shipped Moving MNIST encoder (notebook 07h, a labelled extension of INR-V): does an amortised
posterior fill what the shipped space does not see, where fitting the seen pixels cannot?

07f found why INR-V's fills lose: fitting a code to the observed pixels gives the cells no observed pixel touches only the
L2 prior's gradient, which pulls them to the zero code. `inrv_nb.encoder.train_encoder` trains a `CodeEncoder` through the
*frozen* shipped decoder to guess the whole code grid from a part of a video, on fresh Moving MNIST videos (new
trajectories of the training digits, the held-out digits never); `encoder_fill` starts a fill from its guess and fits the
seen pixels with the prior centred on it.

Scored on held-out digits with a seed no notebook uses (23, as `mmnist_levers.py`): PSNR in the hole and digit score of
the encoder's guess (all `--videos`), and on the first `--fit-videos`: INR-V's own fill (init = the mean code), the guess
fitted with the usual prior (pulled to zero) and `encoder_fill` (prior centred on the guess), beside all-black, the mean
training video, the nearest training video and (prediction) the last seen frame.

The shipped encoder (inrv_nb/zoo/mmnist.encoder.pt) and nbs/mmnist_encoder.json came from one run on one core of an
AVX512-BF16 CPU (55 minutes of training, bf16 autocast; the training loop then lived in this script, the same loop as
`train_encoder`'s), and the figure's frames from the shipped weights:

    python benchmarks/mmnist_encoder.py --minutes 55 --bf16 --json enc55.json --ship
    python benchmarks/mmnist_encoder.py --figure inrv_nb/zoo/mmnist.encoder.pt --npz nbs/mmnist_encoder.npz
    python benchmarks/mmnist_encoder.py --minutes 0.2 --videos 4 --fit-videos 2      # a smoke run
"""
import argparse, json, time
import numpy as np
import torch
from inrv_nb.zoo import pretrained, heldout_dataset, training_videos
from inrv_nb.inpaint import inpaint
from inrv_nb.frames import fill_frames
from inrv_nb.digits import digit_score
from inrv_nb.encoder import train_encoder, encoder_fill, save_encoder, load_encoder, encoder_path
from mini_levers import hole_psnr, masks, baselines

FILL_SEED = 23   # held-out digits, a seed no notebook uses

def scores(pred, truth, seen, labels):
    "PSNR in the hole (where `seen` is False) and the digit score of filled videos."
    return dict(psnr=hole_psnr(pred, truth, ~seen), digits=digit_score(pred, labels).item())

def inrv_fill(model, videos, task, seen):
    "INR-V's own fill of a task, from the mean code: 07d's `inpaint` for the half, 07f's `fill_frames` for prediction."
    T = videos.shape[1]
    return inpaint(model, videos, ~seen, steps=300, init='mean') if task == 'half' else fill_frames(model, videos, range(T // 2), steps=300, init='mean')

def main(minutes=40., n=64, n_fit=16, out=None, resume=None, seed=100, lr=1e-3, bf16=False, ship=False):
    torch.set_num_threads(1)
    model = pretrained('mmnist').eval()
    T, H, W = model.render_size()
    fd = heldout_dataset(model, n, FILL_SEED)
    tasks = masks(T, H, W) | dict(inversion=torch.ones(T, H, W, dtype=torch.bool))
    fills = {k: v for k, v in tasks.items() if k != 'inversion'}
    res = dict(videos=n, fit_videos=n_fit, baselines=baselines(training_videos(model), fd.videos, fills),
               real_digits=digit_score(fd.videos, fd.labels).item())
    res[f'baselines (first {n_fit})'] = baselines(training_videos(model), fd.videos[:n_fit], fills)
    t0 = time.time()
    enc, losses = train_encoder(model, minutes=minutes, encoder=load_encoder(resume, model) if resume else None, lr=lr, seed=seed, amp=bf16)
    res['training'] = [dict(steps=len(losses), seconds=time.time() - t0, lr=lr, schedule='cosine', seed=seed, precision='bf16' if bf16 else 'fp32',
                            resumed=bool(resume), final_loss=sum(losses[-200:]) / len(losses[-200:]))]
    if out: save_encoder(enc, out.replace('.json', '.pt'), model)
    if ship: save_encoder(enc, encoder_path('mmnist'), model)
    res['encoder'], res['refined'], res['anchored'], res['inrv'] = {}, {}, {}, {}
    few = slice(0, n_fit)   # the fits (300 steps each) on the first `n_fit` videos: the guess's own scores on all `n`
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
        res['anchored'][task] = scores(encoder_fill(model, enc, sub, ~seen, steps=300), sub, seen, lab)
        res['inrv'][task] = scores(inrv_fill(model, sub, task, seen), sub, seen, lab)
        print(task, {k: res[k][task] for k in ('encoder', 'refined', 'anchored', 'inrv')}, flush=True)
    if out: open(out, 'w').write(json.dumps(res, indent=1))
    return res

def figure(enc_path, npz, n=2):
    "The first `n` fill videos of each task as uint8: truth, what is seen (the hole mid-grey), the mean training video's fill, INR-V's, the guess, `encoder_fill`."
    model = pretrained('mmnist').eval()
    T, H, W = model.render_size()
    enc = load_encoder(enc_path, model)
    v = heldout_dataset(model, n, FILL_SEED).videos
    mean_video = training_videos(model).mean(0)
    u8 = lambda x: ((x.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).numpy()
    out = {}
    for task, seen in masks(T, H, W).items():
        s = seen.expand(n, T, H, W)[..., None]
        out |= {f'{task}/truth': u8(v), f'{task}/seen': u8(v.masked_fill(~s, 0.)), f'{task}/mean training video': u8(torch.where(s, v, mean_video)),
                f'{task}/INR-V': u8(inrv_fill(model, v, task, seen)), f'{task}/encoder': u8(encoder_fill(model, enc, v, ~seen, steps=0)),
                f'{task}/encoder, fitted': u8(encoder_fill(model, enc, v, ~seen, steps=300))}
    np.savez_compressed(npz, **out)

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--minutes', type=float, default=40.); p.add_argument('--videos', type=int, default=64)
    p.add_argument('--fit-videos', type=int, default=16); p.add_argument('--json', default=None)
    p.add_argument('--figure', help="an encoder file (save_encoder's): write the figure's frames to --npz instead")
    p.add_argument('--npz', default='mmnist_encoder.npz')
    p.add_argument('--resume', help="an encoder file to train on from"); p.add_argument('--seed', type=int, default=100)
    p.add_argument('--lr', type=float, default=1e-3, help='peak learning rate, cosine-decayed over --minutes')
    p.add_argument('--bf16', action='store_true', help='train under bf16 autocast (worth it where the CPU has native bf16)')
    p.add_argument('--ship', action='store_true', help='also write the encoder into the package (inrv_nb/zoo/mmnist.encoder.pt)')
    a = p.parse_args()
    figure(a.figure, a.npz) if a.figure else main(a.minutes, a.videos, a.fit_videos, a.json, a.resume, a.seed, a.lr, a.bf16, a.ship)
