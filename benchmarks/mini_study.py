"""The paper's two contributions at convergence, on the `mini` preset (notebook 04d): progressive weight initialization
(notebook 05) and conditional regularization (notebook 06), each against training from scratch, with several training seeds.

Every arm trains INR-V's own model (`INRVConfig.preset('mini')`: ReLU INR with positional encoding, one hypernetwork head per
INR tensor, one 32-number code per video) on the same 1,000 bouncing-ball videos for the preset's 8,000 steps (the knee of
its training curve, notebook 04d), on one fp32 thread:
- `scratch`: the paper's model, all videos from the start;
- `progressive`: the paper's stages 10 → 100 → 1,000 videos, each initialised from the last, the same video-visits in all
  (notebook 05's `stage_steps`);
- `conditioned`: frozen VGG16 features of every frame → BiGRU → merged with the per-video code (notebook 06's
  `ConditionedINRV`); the frames are encoded once (a one-off cost reported beside the training time).

Each trained model is then scored by notebook 07c's `study_scores`: it inverts the same held-out videos (a seed no
notebook uses) with 300 steps from the mean code, all pixels, no prior (notebook 04d's `fit_codes` settings), and the
middles of 256 slerp paths between its training codes are compared, as a set, with 512 real held-out videos by their
ball distance (notebook 04d). (The committed JSON also holds each run's interpolation smoothness along 8 paths, from
the script's first version.)

    python benchmarks/mini_study.py --seeds 3 --json nbs/mini_study.json                 # the committed study (~25 CPU minutes)
    python benchmarks/mini_study.py --seeds 1 --steps 500 --videos 200 --held 4          # a quick run
"""
import argparse, json, time
import torch
from inrv_nb.config import INRVConfig, make_dataset
from inrv_nb.train import Trainer
from inrv_nb.progressive import train_progressive
from inrv_nb.invert import study_scores
from inrv_nb.condreg import ConditionedINRV, VGGFrameEncoder, frame_features
from inrv_nb.latent import training_codes
from inrv_nb.metrics import video_psnr
from inrv_nb.datasets import bouncing_balls

ARMS = ('scratch', 'progressive', 'conditioned')
HELD_SEED, REAL_SEED = 9, 10   # held-out videos to invert, and real videos to compare with: seeds no notebook uses
ENCODER = lambda: VGGFrameEncoder(size=32)   # 16² frames resized to 32²: VGG16's last block sees 2 × 2 cells

def train_arm(arm:str, cfg:INRVConfig, data, features=None):
    "A trained model of one arm."
    if arm == 'progressive':
        return train_progressive(INRVConfig(**{**vars(cfg), 'stages': ','.join(str(n) for n in (10, 100) if n < len(data))}),
                                 data, progress=False, save=False).model
    model = None
    if arm == 'conditioned':
        torch.manual_seed(cfg.seed)
        model = ConditionedINRV(cfg, data.videos, ENCODER(), features=features)
    return Trainer(cfg, data, model=model).fit(save=False, progress=False).model

def main(seeds=3, steps=8000, videos=1000, held=16, arms=ARMS, out=None):
    torch.set_num_threads(1)
    base = INRVConfig.preset('mini', steps=steps, n_generated=videos, eval_every=steps)
    data = make_dataset(base)
    heldout = bouncing_balls(held, base.num_frames, base.size, seed=HELD_SEED).videos
    real = bouncing_balls(512, base.num_frames, base.size, seed=REAL_SEED).videos
    features, encode_s = None, 0.
    if 'conditioned' in arms:
        t0 = time.process_time()
        features = frame_features(ENCODER().eval(), data.videos)
        encode_s = time.process_time() - t0
    res = dict(steps=steps, videos=videos, held=held, encode_seconds=encode_s, runs=[])
    for seed in range(seeds):
        for arm in arms:
            cfg = INRVConfig(**{**vars(base), 'seed': seed})
            t0 = time.process_time()
            model = train_arm(arm, cfg, data, features)
            secs = time.process_time() - t0
            train_psnr = video_psnr(model.eval().decode(training_codes(model)[:64], *model.render_size()).clamp(-1, 1), data.videos[:64]).mean().item()
            r = dict(arm=arm, seed=seed, train_seconds=secs, train_psnr=train_psnr, **study_scores(model, heldout, real))
            print(f"{arm:12s} seed {seed}: {secs:5.0f} s, train {train_psnr:.2f} dB, held-out inversion {sum(r['inversion']) / held:.2f} dB, "
                  f"slerp middles' ball distance {r['middle_distance']:.2f}", flush=True)
            res['runs'].append(r)
            if out: open(out, 'w').write(json.dumps(res, indent=1))
    return res

if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--seeds', type=int, default=3); p.add_argument('--steps', type=int, default=8000)
    p.add_argument('--videos', type=int, default=1000); p.add_argument('--held', type=int, default=16)
    p.add_argument('--arms', default=','.join(ARMS)); p.add_argument('--json', default=None)
    a = p.parse_args()
    main(a.seeds, a.steps, a.videos, a.held, a.arms.split(','), a.json)
