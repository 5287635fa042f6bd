"Shared pytest setup: every test runs from the repository root with single-threaded torch (2 cores, 2 workers)."
import os
os.environ.setdefault('OMP_NUM_THREADS', '1')
