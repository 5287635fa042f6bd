"""Build the docs site offline, without Quarto, and check it.

`nbdev-docs` needs Quarto, which cannot be installed on machines without GitHub access. This script runs the same
notebook processing that `nbdev-docs` runs first (`nbdev.serve.proc_nbs`: `show_doc` for every exported symbol,
`#| hide` and `#| export` plumbing removed, frontmatter), then renders each processed notebook to one HTML page
with nbconvert. It also writes `README.md` from `nbs/index.ipynb`, as `nbdev-readme` would.

    python tools/build_docs.py            # -> _site/*.html and README.md
    python tools/build_docs.py --check    # also fail if an exported symbol has no doc entry or README.md is stale
"""
import argparse, ast, html, json, re, shutil, sys
from pathlib import Path
import nbformat, yaml
from nbconvert import HTMLExporter, MarkdownExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from nbdev.config import get_config
from nbdev.serve import proc_nbs

def _title_cell(nb):
    "Quarto renders the frontmatter's title and description; nbconvert drops raw cells, so make them a heading."
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == 'raw' and cell.source.startswith('---'):
            fm = yaml.safe_load(re.match(r'---\s*\n(.*?)\n---', cell.source, re.S)[1]) or {}
            if not fm.get('title'): return
            nb.metadata['title'] = fm['title']  # the page's <title>
            desc = f"\n\n> {' '.join(str(fm['description']).split())}" if fm.get('description') else ''
            nb.cells[i] = nbformat.v4.new_markdown_cell(f"# {fm['title']}{desc}")
            return

def _for_nbconvert(nb, title=False):
    "Adapt a notebook processed by nbdev to nbconvert: nbformat-valid metadata, Quarto's `echo: false` as a tag."
    nb.metadata.pop('execution', None)  # nbdev writes floats where nbformat wants strings
    if title: _title_cell(nb)
    for cell in nb.cells:
        cell.metadata.pop('execution', None)
        if cell.cell_type == 'code' and re.search(r'^#\|\s*echo:\s*false', cell.source, re.M):
            cell.metadata.setdefault('tags', []).append('remove_input')
    return nb

def _render(src: Path, exporter, title=False, **resources):
    nb = _for_nbconvert(nbformat.read(src, as_version=4), title)
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body

def exported_symbols(lib: Path):
    "Map each notebook name to the public functions and classes (`__all__`) of the module exported from it."
    out = {}
    for py in sorted(lib.glob('*.py')):
        text = py.read_text()
        m = re.search(r'File to edit: \.\./nbs/(\S+\.ipynb)', text)
        if not m: continue
        names = next((ast.literal_eval(n.value) for n in ast.parse(text).body
                      if isinstance(n, ast.Assign) and getattr(n.targets[0], 'id', '') == '__all__'), [])
        # UPPER_CASE constants are documented in the prose beside them; show_doc renders no heading for them
        out.setdefault(m.group(1), []).extend(n for n in names if not n.isupper())
    return out

def missing_doc_entries(site: Path, symbols):
    "Exported symbols whose notebook page has no rendered `show_doc` heading for them."
    missing = []
    for nb, names in symbols.items():
        page = site/Path(nb).with_suffix('.html').name
        text = page.read_text() if page.exists() else ''
        missing += [f'{nb}: {n}' for n in names if not re.search(rf'<h[2-4][^>]*>\s*{re.escape(html.escape(n))}\s*<', text)]
    return missing

def build(out='_site', check=False):
    cfg = get_config()
    proc = proc_nbs(force=True, n_workers=0)
    site = cfg.config_path/out
    shutil.rmtree(site, ignore_errors=True); site.mkdir()
    exporter = HTMLExporter(template_name='lab')
    exporter.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'remove_input'}), enabled=True)  # echo: false
    pages = sorted(p for p in proc.glob('*.ipynb'))
    for p in pages:
        (site/p.with_suffix('.html').name).write_text(_render(p, exporter, title=True))
    readme = _render(proc/cfg.readme_nb, MarkdownExporter())
    readme = re.sub(r'^---\n.*?\n---\n\n?', '', readme, flags=re.S)  # drop Quarto frontmatter
    print(f'rendered {len(pages)} pages into {site}')
    problems = []
    if check:
        problems += [f'no doc entry for {m}' for m in missing_doc_entries(site, exported_symbols(cfg.lib_path))]
        readme_path = cfg.config_path/'README.md'
        if not readme_path.exists() or readme_path.read_text() != readme:
            problems.append('README.md is stale: run `python tools/build_docs.py` and commit it')
    else: (cfg.config_path/'README.md').write_text(readme)
    return problems

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--check', action='store_true', help='check the site and README instead of writing README.md')
    ap.add_argument('--out', default='_site', help='output folder')
    args = ap.parse_args()
    problems = build(args.out, args.check)
    for p in problems: print('ERROR:', p, file=sys.stderr)
    sys.exit(1 if problems else 0)
