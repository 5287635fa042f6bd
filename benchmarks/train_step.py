"""Throughput of one INR-V training step and of rendering, against the matmul ceiling, in one run.

    python benchmarks/train_step.py                       # CPU (or the GPU, if there is one)
    python benchmarks/train_step.py --configs faithful --rounds 2
    python benchmarks/train_step.py --device cuda

For each preset (`small`, `faithful`, `mmnist`; a batch of the preset's size, on as many videos as one batch) it
times `Trainer.train_step` (sampling, forward, backward, Adam) in these variants, interleaved round by round so that
all of them see the same load on a shared machine:

- `1 thread, fp32` and `1 thread, bf16` (bf16 autocast, notebook 04a's precision section; the bf16 rows only where
  the device computes bf16 natively, `native_bf16`), and `N threads` (torch's default: one per core) in the
  precision the trainer picks: the step as the package runs it now;
- `before, 1 thread`: the same step with `INR.forward_batched` replaced by the straightforward version this
  package used before (bias broadcast by `baddbmm`, out-of-place activation, positional encoding computed for each of
  the B INRs), kept below as `forward_batched_reference`; the ratio is the speed-up of the in-place bias/activation;
- `compiled, 1 thread` in fp32 and in bf16 (`INRVConfig(compile=True)`, CPU or GPU): the one-off compile time
  (with an empty inductor cache unless `TORCHINDUCTOR_CACHE_DIR` is set) and the per-step time.

Each step is set against a plain matmul of the same shape as the INR's hidden layers over the step's pixels,
`(B*P, h) @ (h, h)`, timed at the same thread count right after the step: "% of ceil" is the step's GFLOP/s over
that matmul's, taken round by round (the median over rounds; "vs before" likewise). FLOPs are counted by
`torch.utils.flop_counter.FlopCounterMode` over a whole step (the hypernetwork's and the INR's matmuls, forward and
backward); element-wise work and Adam are not counted, so the step's GFLOP/s is a lower bound on the work it does. `faithful` is measured without its LPIPS term (VGG16 convs, not
INR-V's own arithmetic; `--configs faithful+lpips` adds a row with it).

The rendering rows time `INRV.decode` (whole videos, no gradients) of `--render-videos` videos of 8 frames at
64x64, for the `small` and `mmnist` architectures, in fp32 and bf16, before and after. Times are best-of-rounds; compare ratios
within one run, not absolute numbers across runs.
"""
import argparse, os, tempfile, time
if 'TORCHINDUCTOR_CACHE_DIR' not in os.environ:    # a cold compile cache, so that "compile s" is the one-off cost a new user pays
    os.environ['TORCHINDUCTOR_CACHE_DIR'] = tempfile.mkdtemp(prefix='inductor-')
import torch
from torch.utils.flop_counter import FlopCounterMode
from inrv_nb.inr import INR
from inrv_nb.config import INRVConfig
from inrv_nb.model import INRV, native_bf16
from inrv_nb.train import Trainer, ALL_THREADS, _device

IMPROVED = INR.forward_batched


def forward_batched_reference(self, coords, params):
    "`INR.forward_batched` as it was before the in-place version (git 5007df3): the 'before' rows."
    shapes = self.param_shapes()
    B = next(p.shape[0] for n, p in params.items() if p.ndim > len(shapes[n]))
    if coords.ndim == 2: coords = coords.expand(B, *coords.shape)
    h = self.encoding(coords)
    last = len(self.layers) - 1
    for i in range(len(self.layers)):
        w, b = params[f'layers.{i}.weight'], params[f'layers.{i}.bias']
        if w.ndim == 2: h = h @ w.T + (b.unsqueeze(-2) if b.ndim == 2 else b)
        else: h = torch.baddbmm(b.unsqueeze(1), h, w.transpose(1, 2))
        if i < last: h = torch.sin(self.w0 * h) if self.kind == 'siren' else torch.relu(h)
    return h


def sync(device):
    if device.type == 'cuda': torch.cuda.synchronize(device)


def timed(fn, device, min_time=0.5, min_calls=1):
    "Best seconds per call of `fn` over at least `min_calls` calls and `min_time` seconds."
    times = []
    while len(times) < min_calls or sum(times) < min_time:
        sync(device); t0 = time.perf_counter(); fn(); sync(device); times.append(time.perf_counter() - t0)
    return min(times)


def count_flops(fn) -> int:
    with FlopCounterMode(display=False) as fc: fn()
    return fc.get_total_flops()


def config(name, device, threads, **kw):
    lpips = name.endswith('+lpips')
    base = name.removesuffix('+lpips')
    B = INRVConfig.preset(base).batch_size
    extra = {} if lpips or base != 'faithful' else dict(lpips_weight=0.)
    return INRVConfig.preset(base, device=str(device), steps=10**6, n_generated=B, n_videos=0, threads=threads,
                             eval_every=10**6, **extra, **kw)


class Variant:
    "One way of running a preset's training step: thread count, before/after forward pass, compiled or not."
    def __init__(self, label, cfg, device, threads, reference=False, amp=None):
        self.label, self.device, self.threads, self.reference = label, device, threads, reference
        with self: self.t = Trainer(cfg)
        if amp is not None: self.t.amp = amp   # forced; None keeps the trainer's own choice
        self.compile_s = None
        if cfg.compile:
            with self:
                t0 = time.perf_counter(); self.t.train_step(); sync(device); self.compile_s = time.perf_counter() - t0
        self.sec, self.mm = [], []

    def __enter__(self):
        if self.device.type == 'cpu': torch.set_num_threads(self.threads)
        INR.forward_batched = forward_batched_reference if self.reference else IMPROVED

    def __exit__(self, *a): INR.forward_batched = IMPROVED

    def time(self, min_time):
        with self: self.sec.append(timed(self.t.train_step, self.device, min_time))


def bench_preset(name, device, rounds, compile_):
    cpu = device.type == 'cpu'
    cfg1 = config(name, device, 1)
    bf16 = native_bf16(device)
    variants = [Variant('1 thread, fp32', cfg1, device, 1, amp=False)]
    if bf16: variants.append(Variant('1 thread, bf16', cfg1, device, 1, amp=True))
    if cpu and ALL_THREADS > 1:
        v = Variant(f'{ALL_THREADS} threads', config(name, device, ALL_THREADS), device, ALL_THREADS)
        v.label += f', {"bf16" if v.t.amp else "fp32"}'
        variants.append(v)
    variants.append(Variant('before, 1 thread', cfg1, device, 1, reference=True, amp=False))
    if compile_:
        for amp in (False, True) if bf16 else (False,):
            variants.append(Variant(f'compiled, {"bf16" if amp else "fp32"}', config(name, device, 1, compile=True), device, 1, amp=amp))
    t = variants[0].t
    B, P, h = cfg1.batch_size, cfg1.pixels_per_video or len(t.coords), cfg1.inr_hidden
    with variants[0]: flops = count_flops(t.train_step)
    a, w = torch.randn(B * P, h, device=device), torch.randn(h, h, device=device)
    if device.type == 'cuda' and cfg1.amp: a, w = a.bfloat16(), w.bfloat16()
    min_time = 1. if P * B > 10**5 else 0.5
    for _ in range(rounds):          # interleaved: each step is timed next to its ceiling, under the same load
        for v in variants:
            v.time(min_time)
            if cpu: torch.set_num_threads(v.threads)
            v.mm.append(2 * B * P * h * h / timed(lambda: a @ w, device, 0.3, 3) / 1e9)
    before = next(v for v in variants if v.reference)
    med = lambda xs: sorted(xs)[len(xs) // 2]
    rows = []
    for v in variants:
        rows.append(dict(config=name, variant=v.label, sec=min(v.sec), px=B * P / min(v.sec), gflops=flops / min(v.sec) / 1e9,
                         ceiling=max(v.mm), pct=med([100 * flops / s / 1e9 / m for s, m in zip(v.sec, v.mm)]),
                         vs_before=med([b / s for b, s in zip(before.sec, v.sec)]), compile_s=v.compile_s))
    shape = (f'B={B} P={P} INR {cfg1.inr_kind} {h}x{cfg1.inr_layers}, heads {cfg1.heads}, {flops/1e9:.2f} GFLOP/step, '
             f'ceiling ({B*P}x{h})@({h}x{h})')
    return rows, shape


def bench_render(name, device, n_videos, rounds, T=8, H=64, W=64):
    "Pixels/s of `INRV.decode` for `n_videos` codes of preset `name`'s architecture, before and after, at 1 and N threads."
    cfg = INRVConfig.preset(name)
    torch.manual_seed(0)
    model = INRV(cfg, n_videos, 1).to(device).eval()
    z = model.codes(torch.arange(n_videos, device=device)).detach()
    variants = [(f'{n} thread{"s" * (n > 1)}, fp32', n, False, False) for n in sorted({1, ALL_THREADS})]
    if native_bf16(device): variants.append(('1 thread, bf16', 1, False, True))
    variants.append(('before, 1 thread', 1, True, False))
    sec = {v: [] for v in variants}
    for _ in range(rounds):
        for v in variants:
            label, n, ref, amp = v
            if device.type == 'cpu': torch.set_num_threads(n)
            INR.forward_batched = forward_batched_reference if ref else IMPROVED
            try: sec[v].append(timed(lambda: model.decode(z, T, H, W, amp=amp), device, 0.5))
            finally: INR.forward_batched = IMPROVED
    px, ref = n_videos * T * H * W, sec[variants[-1]]
    med = lambda xs: sorted(xs)[len(xs) // 2]
    return [dict(config=f'render {name}', variant=v[0], sec=min(s), px=px / min(s),
                 vs_before=med([b / x for b, x in zip(ref, s)])) for v, s in sec.items()], \
           f'INRV.decode of {n_videos} videos x {T} x {H}x{W} = {px:,} px, INR {cfg.inr_kind} {cfg.inr_hidden}x{cfg.inr_layers}'


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--device', default='auto', help="'auto', 'cpu' or 'cuda' (default: auto)")
    p.add_argument('--configs', nargs='+', default=['small', 'faithful', 'mmnist'], help="presets to measure ('faithful+lpips': with its LPIPS term)")
    p.add_argument('--rounds', type=int, default=3, help='interleaved timing rounds; the best of each variant is reported')
    p.add_argument('--no-compile', action='store_true', help='skip the compiled rows (each compiles for tens of seconds)')
    p.add_argument('--render-videos', type=int, default=32, help='videos rendered per decode in the rendering rows (0: skip them)')
    args = p.parse_args(argv)
    device = _device(args.device)
    name = torch.cuda.get_device_name(device) if device.type == 'cuda' else f'CPU, torch default {ALL_THREADS} threads'
    print(f'device: {name}; torch {torch.__version__}; native bf16: {native_bf16(device)}', flush=True)
    rows, notes = [], []
    for c in args.configs:
        r, s = bench_preset(c, device, args.rounds, not args.no_compile); rows += r; notes.append(f'  {c}: {s}')
        print(f'  measured {c}', flush=True)
    if args.render_videos:
        for c in ('small', 'mmnist'):
            r, s = bench_render(c, device, args.render_videos, args.rounds); rows += r; notes.append(f'  render {c}: {s}')
    hdr = (f'{"config":16} {"variant":20} {"ms/step":>9} {"pixels/s":>11} {"GFLOP/s":>8} {"ceiling":>8} '
           f'{"% of ceil":>9} {"vs before":>9} {"compile s":>9}')
    print(hdr); print('-' * len(hdr))
    for r in rows:
        g = f'{r["gflops"]:8.1f} {r["ceiling"]:8.1f} {r["pct"]:8.0f}%' if 'gflops' in r else f'{"":>8} {"":>8} {"":>9}'
        cs = f'{r["compile_s"]:9.1f}' if r.get('compile_s') is not None else ''
        print(f'{r["config"]:16} {r["variant"]:20} {r["sec"]*1e3:9.1f} {r["px"]:11,.0f} {g} {r["vs_before"]:8.2f}x {cs}')
    print('\n'.join(notes))
    return rows


if __name__ == '__main__':
    main()
