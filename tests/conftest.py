"Shared pytest setup: every test runs from the repository root with single-threaded torch (2 cores, 2 workers)."
import os
os.environ.setdefault('OMP_NUM_THREADS', '1')

def pytest_terminal_summary(terminalreporter):
    "List the notebooks whose processes held the most memory (`peak_mb`, recorded by tests/test_notebooks.py)."
    peaks = sorted(((dict(r.user_properties)['peak_mb'], r.nodeid.rsplit('[', 1)[-1].rstrip(']'))
                    for k in ('passed', 'failed') for r in terminalreporter.stats.get(k, [])
                    if r.when == 'call' and 'peak_mb' in dict(r.user_properties)), reverse=True)
    if peaks: terminalreporter.write_line('peak memory of a notebook process, MB: ' + ', '.join(f'{n} {mb:,}' for mb, n in peaks[:8]))
