"""The held-out figure each task notebook opens with: truth, what the model saw, INR-V and the best simple baseline.

For both shipped models, `--n` held-out videos made with a seed no notebook uses (`--seed`, 13), each task with its
notebook's protocol and default fit: inversion (07c), bottom-half inpainting (07d), x2 super-resolution of the
area-downsampled video (07e), frame interpolation from the first and last frames and prediction from the first four
(07f). The best baseline of a task is the one with the highest mean PSNR on these videos, among the simple baselines
of its notebook, the nearest training video, the mean code and the trivial video (all black / the mean training frame).
Writes uint8 videos to `--npz` (`MODEL/TASK/ROW`, each `(n, T, H, W, C)`) and every PSNR to `--json`.

    python benchmarks/task_figures.py --npz nbs/task_figures.npz --json nbs/task_figures.json
"""
import argparse, json, time
from pathlib import Path
import numpy as np
import torch
from inrv_nb.data import to_uint8
from inrv_nb.metrics import video_psnr
from inrv_nb.latent import nearest_training, training_codes
from inrv_nb.zoo import pretrained, heldout_videos, training_videos
from inrv_nb.invert import invert
from inrv_nb.inpaint import inpaint, harmonic_fill, box_hole
from inrv_nb.superres import invert_superres, bicubic, area_downsample
from inrv_nb.frames import fill_frames, blend_frames, extrapolate_frames, frame_hole

HIDDEN = 0.   # hidden pixels of an input drawn mid-grey, so a hole is not mistaken for Moving MNIST's black background

def psnrs(pred, truth, hole=None): return video_psnr(pred.float().cpu(), truth.float().cpu(), reduction='none', mask=hole).tolist()

def tasks(model, v, train):
    "Each task's observation, INR-V's answer and the simple baselines: `{task: (input, hole, ours, {baseline: videos})}`."
    B, T, H, W, C = v.shape
    trivial = ('all black', torch.full_like(v, -1.)) if model.cfg.dataset == 'moving_mnist' else \
              ('mean training frame', train.float().mean((0, 1), keepdim=True).expand_as(v))
    mean_code = model.decode(training_codes(model).mean(0, keepdim=True), T, H, W).clamp(-1, 1).cpu().expand_as(v)
    def nearest(mask=None): return train[nearest_training(v, train, mask=mask)[1]].float()
    def paste(hole, fill): return torch.where(hole[..., None], fill, v)   # visible pixels as seen, the hole from `fill`
    out = {'inversion': (v, None, model.decode(invert(model, v)[0], T, H, W).clamp(-1, 1).cpu(),
                         {'nearest training video': nearest(), 'mean code (no fit)': mean_code, trivial[0]: trivial[1]})}
    half = box_hole(T, H, W, H // 2, 0, H - H // 2, W)
    out['inpainting (bottom half)'] = (v.masked_fill(half[..., None], HIDDEN), half, inpaint(model, v, half).cpu(),
        {'harmonic fill': torch.stack([harmonic_fill(x, half) for x in v]), 'nearest training video': paste(half, nearest(~half)),
         'mean code (no fit)': paste(half, mean_code), trivial[0]: paste(half, trivial[1])})
    low = area_downsample(v)
    out['super-resolution x2'] = (low.repeat_interleave(2, -3).repeat_interleave(2, -2), None,
                                  invert_superres(model, low, 2).cpu(), {'bicubic': bicubic(low, 2)})
    for name, seen in [('frame interpolation (first and last frames seen)', [0, T - 1]), ('frame prediction (first 4 frames seen)', [0, 1, 2, 3])]:
        hole = frame_hole(T, H, W, seen)
        base = {'linear blend' if seen[-1] == T - 1 else 'copy last frame': torch.stack([blend_frames(x, seen) for x in v])}
        if seen[-1] < T - 1: base['linear extrapolation'] = torch.stack([extrapolate_frames(x, seen) for x in v])
        base |= {'nearest training video': paste(hole, nearest(~hole)), 'mean code (no fit)': paste(hole, mean_code), trivial[0]: paste(hole, trivial[1])}
        out[name] = (v.masked_fill(hole[..., None], HIDDEN), hole, fill_frames(model, v, seen).cpu(), base)
    return out

def main(a):
    arrays, scores = {}, {'seed': a.seed, 'videos': a.n, 'protocol': __doc__.split('\n\n')[1].replace('\n', ' ')}
    for name in ('mmnist', 'faces'):
        t0 = time.process_time()
        model = pretrained(name, 'cpu')
        v, train = heldout_videos(model, a.n, seed=a.seed), training_videos(model)
        for task, (seen, hole, ours, base) in tasks(model, v, train).items():
            table = {k: psnrs(b, v, hole) for k, b in base.items()}
            best = max(table, key=lambda k: np.mean(table[k]))
            scores[f'{name}/{task}'] = {'INR-V': psnrs(ours, v, hole), **table, 'best baseline': best}
            for row, x in [('truth', v), ('input', seen), ('INR-V', ours), ('best baseline', base[best])]:
                arrays[f'{name}/{task}/{row}'] = to_uint8(x.clamp(-1, 1))
            print(f"{name}, {task}: INR-V {np.mean(scores[f'{name}/{task}']['INR-V']):.2f} dB, {best} {np.mean(table[best]):.2f} dB", flush=True)
        print(f'{name}: {time.process_time() - t0:.0f} s of CPU', flush=True)
    np.savez_compressed(a.npz, **arrays)
    Path(a.json).write_text(json.dumps(scores, indent=1))

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--n', type=int, default=2, help='held-out videos per model')
    p.add_argument('--seed', type=int, default=13, help='seed of the held-out videos (the notebooks use 1)')
    p.add_argument('--npz', default='nbs/task_figures.npz'); p.add_argument('--json', default='nbs/task_figures.json')
    main(p.parse_args())
