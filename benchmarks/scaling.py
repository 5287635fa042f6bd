"""How the latent space forms: held-out inversion PSNR against the number of training videos, one recipe.

For each training-set size N, the `mmnist_shift` preset (the zoo's recipe before local codes) is trained from scratch for the same
number of steps on the first N of its Moving MNIST videos; then the same held-out videos (held-out digits) are
inverted (notebook 07c's defaults) and scored, beside the nearest training video on all pixels and the model's
own reconstruction of its training videos. Same steps for every N: what changes is only how many videos the
steps are spread over.

    python benchmarks/scaling.py                                   # 16, 160, 1,600, 10,000 videos; 4,000 steps each
    python benchmarks/scaling.py --sizes 16,64 --steps 200 --held 4 --json out.json   # a quick run
"""
import argparse, json, time
import torch
from inrv_nb.config import INRVConfig
from inrv_nb.train import Trainer
from inrv_nb.invert import invert
from inrv_nb.latent import nearest_training
from inrv_nb.metrics import video_psnr
from inrv_nb.zoo import heldout_videos

def run(n:int, steps:int, held:torch.Tensor, inv_steps:int) -> dict:
    "Train the `mmnist_shift` recipe on `n` videos for `steps` steps; held-out inversion and baseline PSNR."
    cfg = INRVConfig.preset('mmnist_shift', n_generated=n, steps=steps, batch_size=min(64, n), eval_every=steps,
                            eval_videos=min(64, n), device='cpu', out_dir='/tmp/inrv-scaling')
    t0 = time.time()
    trainer = Trainer(cfg).fit(save=False, progress=False)
    model, (T, H, W) = trainer.model.eval(), held.shape[1:4]
    z, _ = invert(model, held, steps=inv_steps)
    return dict(videos=n, steps=steps, seconds=round(time.time() - t0), train_psnr=trainer.history[-1]['psnr'],
                heldout_inversion=video_psnr(model.decode(z, T, H, W).clamp(-1, 1), held).item(),
                nearest_training=nearest_training(held, trainer.videos.cpu())[0].mean().item())

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--sizes', default='16,160,1600,10000', help='comma-separated training-set sizes')
    ap.add_argument('--steps', type=int, default=4000, help='training steps for every size')
    ap.add_argument('--held', type=int, default=8, help='held-out videos')
    ap.add_argument('--inv-steps', type=int, default=300, help='inversion steps')
    ap.add_argument('--json', help='write the rows to this file')
    a = ap.parse_args()
    torch.set_num_threads(1)
    held = heldout_videos(INRVConfig.preset('mmnist_shift'), a.held)
    rows = []
    for n in map(int, a.sizes.split(',')):
        rows.append(run(n, a.steps, held, a.inv_steps))
        print(' | '.join(f'{k} {v:.2f}' if isinstance(v, float) else f'{k} {v}' for k, v in rows[-1].items()), flush=True)
        if a.json: open(a.json, 'w').write(json.dumps(rows, indent=1) + '\n')
