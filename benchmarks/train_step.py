"""Throughput of one INR-V training step, against the matmul ceiling of the same device.

    python benchmarks/train_step.py                     # CPU (or the GPU, if there is one)
    python benchmarks/train_step.py --device cuda --steps 20

Prints one table, measured in one run: for the `faithful` and `small` presets, pixels/s and GFLOP/s of
`Trainer.train_step` (sampling, forward, backward, Adam), and plain matmuls as the ceiling: one of the same shape as
the INR's hidden layers over the step's pixels ("comparable"), and a large square one ("peak"). FLOPs are counted by
`torch.utils.flop_counter.FlopCounterMode` over a whole step (matmuls of the hypernetwork and of the INR, forward and
backward); element-wise work and Adam are not counted, so GFLOP/s is a lower bound on the work done.
Times are the best of `--steps` rounds, each step round followed by a matmul round, so that on a shared machine
the step and its ceiling are measured under the same load.
"""
import argparse, os, time
import torch
from torch.utils.flop_counter import FlopCounterMode
from inrv_nb.train import INRVConfig, Trainer, _device


def sync(device):
    if device.type == 'cuda': torch.cuda.synchronize(device)


def timed(fn, device, steps, min_time=0.):
    "Best-of-`steps` seconds per call of `fn` (and at least `min_time` seconds of calls): the machine may be shared."
    times = []
    while len(times) < steps or sum(times) < min_time:
        sync(device); t0 = time.perf_counter(); fn(); sync(device); times.append(time.perf_counter() - t0)
    return min(times)


def count_flops(fn) -> int:
    with FlopCounterMode(display=False) as fc: fn()
    return fc.get_total_flops()


def bench_config(name, device, steps, **overrides):
    cfg = INRVConfig.preset(name, **overrides)
    cfg = INRVConfig.preset(name, device=str(device), steps=10**6, n_videos=cfg.batch_size, **overrides)
    t = Trainer(cfg)
    B = cfg.batch_size
    P = cfg.pixels_per_video or t.coords.shape[0]
    flops = count_flops(t.train_step)              # also the warm-up step
    # the comparable matmul: the INR's hidden layer over every pixel of the step, (B*P, h) @ (h, h), forward only
    h = cfg.inr_hidden
    a = torch.randn(B * P, h, device=device); w = torch.randn(h, h, device=device)
    if device.type == 'cuda' and cfg.amp: a, w = a.bfloat16(), w.bfloat16()
    mm = lambda: a @ w
    mm()
    sec, mm_sec = [], []
    for _ in range(steps):                         # interleaved, so both see the same load on a shared machine
        sec.append(timed(t.train_step, device, 1, min_time=1.))
        mm_sec.append(timed(mm, device, 3, min_time=0.5))
    sec, mm_sec = min(sec), min(mm_sec)
    del t, a, w
    return dict(config=name, shape=f'B={B} P={P} INR {cfg.inr_kind} {h}x{cfg.inr_layers}',
                pixels=B * P, sec=sec, flops=flops, gflops=flops / sec / 1e9, mm=f'({B*P}x{h})@({h}x{h})',
                mm_gflops=2 * B * P * h * h / mm_sec / 1e9)


def bench_peak(device, n=2048, bf16=False):
    a, b = torch.randn(n, n, device=device), torch.randn(n, n, device=device)
    if bf16: a, b = a.bfloat16(), b.bfloat16()
    a @ b; sec = timed(lambda: a @ b, device, steps=5, min_time=1.)
    return 2 * n**3 / sec / 1e9


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--device', default='auto', help="'auto', 'cpu' or 'cuda' (default: auto)")
    p.add_argument('--configs', nargs='+', default=['faithful', 'small'], help='presets to measure')
    p.add_argument('--steps', type=int, default=3, help='timed rounds per config; the best is reported (at least 1 s of steps per round)')
    p.add_argument('--compile', action='store_true', help='torch.compile the model (CUDA only)')
    args = p.parse_args(argv)
    device = _device(args.device)
    extra = dict(compile=True) if args.compile else {}
    amp = device.type == 'cuda'
    name = torch.cuda.get_device_name(device) if device.type == 'cuda' else f'CPU, {torch.get_num_threads()} torch threads'
    print(f'device: {name}; torch {torch.__version__}; {"bf16 autocast" if amp else "float32"}'
          f'{"; torch.compile" if args.compile else ""}')
    rows = [bench_config(c, device, args.steps, **extra) for c in args.configs]
    peak = bench_peak(device, bf16=amp)
    hdr = f'{"config":20} {"step (ms)":>10} {"pixels/s":>11} {"GFLOP/step":>11} {"GFLOP/s":>9} | {"comparable matmul":>26} {"GFLOP/s":>9} {"% of it":>8} | {"% of peak":>9}'
    print(hdr); print('-' * len(hdr))
    for r in rows:
        print(f'{r["config"]:20} {r["sec"]*1e3:10.1f} {r["pixels"]/r["sec"]:11,.0f} {r["flops"]/1e9:11.2f} {r["gflops"]:9.1f} | '
              f'{r["mm"]:>26} {r["mm_gflops"]:9.1f} {100*r["gflops"]/r["mm_gflops"]:7.0f}% | {100*r["gflops"]/peak:8.0f}%')
    print(f'{"peak":20} {"":>10} {"":>11} {"":>11} {"":>9} | {"(2048x2048)@(2048x2048)":>26} {peak:9.1f} {"":>8} |')
    for r in rows: print(f'  {r["config"]}: {r["shape"]}')


if __name__ == '__main__':
    main()
