"""The sampler study: every code sampler of notebook 07a on both shipped models, scored one way (`score_samplers`).

For each model: N samples per sampler (the shipped `CodePrior` beside the model for 'prior'), N real held-out clips
(digits / faces no training video used, seed 11) as the reference set, N more (seed 12) as the real-vs-real floor
and, frames shuffled, the wrong-motion reference. FVD16 on I3D logits at the models' 32² resized to 224; the PSNR and
code distance of each clip to its nearest training video / code; the digit FD (notebook 02a) on Moving MNIST.
Writes the table as JSON and two samples per set beside their nearest training videos as .npz (uint8).

    python benchmarks/sampler_study.py --clips 256 --json nbs/sampler_study.json --frames nbs/sampler_study.npz
    python benchmarks/sampler_study.py --clips 16 --models mmnist   # a quick run
    python benchmarks/sampler_study.py --clips 256 --only 'decoded training codes' --json nbs/sampler_study.json --frames nbs/sampler_study.npz
                                    # score some sets again (or a new one) and merge them into the files: every set is seeded
"""
import argparse, json, time
import numpy as np
import torch
from inrv_nb.zoo import pretrained
from inrv_nb.generate import score_samplers, load_prior, prior_path, SAMPLERS

ORDER = ('real vs real (floor)', 'real training videos', 'shuffled frames', 'decoded training codes', *SAMPLERS)   # the rows of the table

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--clips', type=int, default=256, help='clips per set')
    p.add_argument('--models', default='mmnist,faces', help='comma-separated zoo models')
    p.add_argument('--threads', type=int, default=0, help='torch threads (0: as torch chooses)')
    p.add_argument('--json', default='', help='write the table here')
    p.add_argument('--frames', default='', help='write two samples per set beside their nearest training videos here (.npz, uint8)')
    p.add_argument('--only', default='', help="comma-separated sets to score, merged into --json and --frames (which must exist)")
    a = p.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    only = tuple(a.only.split(',')) if a.only else None
    out, frames = dict(clips=a.clips, models={}), {}
    if only:                                              # merge: keep every other set as the files have it
        out, frames = json.loads(open(a.json).read()), dict(np.load(a.frames))
        if out['clips'] != a.clips: raise SystemExit(f"{a.json} has {out['clips']} clips per set; --clips {a.clips} would not merge")
    for name in a.models.split(','):
        t0 = time.time()
        model = pretrained(name, 'cpu')
        res = score_samplers(model, a.clips, prior=load_prior(prior_path(name), model), only=only)
        for k, v in res.pop('shown').items(): frames[f'{name}/{k}'] = ((v[:2].numpy() + 1) * 127.5).round().astype(np.uint8)   # two, as uint8
        if only:
            old = out['models'][name]
            merged = old['rows'] | res['rows']
            old['rows'] = {k: merged[k] for k in ORDER if k in merged}
            old.setdefault('seconds_only', {})[a.only] = round(time.time() - t0)
            res = old
        else: res['seconds'] = round(time.time() - t0)
        out['models'][name] = res
        for k, r in res['rows'].items() if not only else ((k, res['rows'][k]) for k in only):
            print(f"{name:7s} {k:22s} FVD16 {r['fvd16']:7.1f}  nearest training PSNR {np.mean(r['nearest_psnr']):5.2f}" +
                  (f"  digit FD {r['digit_fd']:6.1f}" if 'digit_fd' in r else ''), flush=True)
        print(f'{name}: {round(time.time() - t0)} s')
    if not only: out['threads'] = torch.get_num_threads()
    if a.json: open(a.json, 'w').write(json.dumps(out, indent=1) + '\n')
    if a.frames: np.savez_compressed(a.frames, **frames)

if __name__ == '__main__': main()
