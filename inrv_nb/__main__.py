"Run the `inrv` command line: `python -m inrv_nb`."

__all__ = []

# %% ../nbs/10_cli.ipynb #0d0d0745
from .cli import main
if __name__ == '__main__': main()

# %% ../nbs/10_cli.ipynb #0d0d0745
from .cli import main
if __name__ == '__main__': main()

# %% ../nbs/10_cli.ipynb #409afabf
from fastcore.imports import in_ipython
from .cli import main
if __name__ == '__main__' and not in_ipython(): main()   # `python -m inrv_nb`; not when this cell runs in a notebook

# %% ../nbs/10_cli.ipynb #409afabf
from fastcore.imports import in_ipython
from .cli import main
if __name__ == '__main__' and not in_ipython(): main()   # `python -m inrv_nb`; not when this cell runs in a notebook

# %% ../nbs/10_cli.ipynb #409afabf
from fastcore.imports import in_ipython
from .cli import main
if __name__ == '__main__' and not in_ipython(): main()   # `python -m inrv_nb`; not when this cell runs in a notebook

# %% ../nbs/10_cli.ipynb #ca390d45
from fastcore.imports import in_ipython
from .cli import main
if __name__ == '__main__' and not in_ipython(): main()   # `python -m inrv_nb`; not when this cell runs in a notebook

# %% ../nbs/10_cli.ipynb #ca390d45
from fastcore.imports import in_ipython
from .cli import main
if __name__ == '__main__' and not in_ipython(): main()   # `python -m inrv_nb`; not when this cell runs in a notebook

# %% ../nbs/10_cli.ipynb #ca390d45
from fastcore.imports import in_ipython
from .cli import main
if __name__ == '__main__' and not in_ipython(): main()   # `python -m inrv_nb`; not when this cell runs in a notebook

# %% ../nbs/10_cli.ipynb #ca390d45
from fastcore.imports import in_ipython
from .cli import main
if __name__ == '__main__' and not in_ipython(): main()   # `python -m inrv_nb`; not when this cell runs in a notebook

# %% ../nbs/10_cli.ipynb #ca390d45
from fastcore.imports import in_ipython
from .cli import main
if __name__ == '__main__' and not in_ipython(): main()   # `python -m inrv_nb`; not when this cell runs in a notebook