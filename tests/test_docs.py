"""The docs site builds offline (one page per notebook, a doc entry per exported symbol), README.md is current, and
every page, opened in headless Chromium, has its title, its API entries and figures that decode.

`tools/build_docs.py --check` renders `_site/` once per test session (module fixture `site`); a `http.server` thread
serves it on 127.0.0.1 and Debian's `chromium` (driven by `chromedriver` through selenium) opens each page. Pages,
titles and API entries are derived from `nbs/*.ipynb` and the exported modules, never listed here. The browser is
kept off the network (`--host-resolver-rules`): the site must render from 127.0.0.1 alone (the CDN script nbconvert
links, require.js, fails fast; MathJax is the site's own copy, and a page whose prose has TeX must show it typeset). A screenshot of the index page goes to `ci-artifacts/docs-index.png`.

Without chromium, chromedriver or selenium the browser tests fail under CI (`CI=true`) and skip elsewhere.
"""
import json, os, re, shutil, subprocess, sys, tempfile, threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/'tools'))
from build_docs import exported_symbols  # noqa: E402

pytestmark = pytest.mark.xdist_group('docs')  # with `--dist loadgroup`: one worker, one build of the site

NBS = sorted(p for p in [*(ROOT/'nbs').glob('*.ipynb'), *(ROOT/'nbs').glob('lib/*.ipynb')] if not p.name.startswith('_'))   # one flat site
ARTIFACTS = ROOT/'ci-artifacts'
CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                  '--disable-background-networking', '--disable-component-update', '--disable-sync',
                  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', '--window-size=1280,1000']

# ---------------------------------------------------------------------------------------------------------------
# What a page should show, read from its notebook

def _cells(nb: Path): return json.loads(nb.read_text())['cells']
def _src(cell): return ''.join(cell['source']) if isinstance(cell['source'], list) else cell['source']

def _plain(s): return ' '.join(re.sub(r'[*`]', '', s).split())

def notebook_title(nb: Path):
    "The notebook's `# Title`: the first level-1 heading of its markdown cells."
    for c in _cells(nb):
        if c['cell_type'] == 'markdown' and (m := re.search(r'^# (.+)$', _src(c), re.M)): return _plain(m[1])

_HIDDEN = re.compile(r'^#\|\s*(hide|export|exporti|include:\s*false|output:\s*false)\b', re.M)
_CALL = re.compile(r'(?<!def )(?<![\w.])show_video\(')

def expected_gifs(nb: Path):
    "How many `show_video` GIFs the page must show: at least one if a shown cell calls it, and all that are stored."
    cells = [c for c in _cells(nb) if c['cell_type'] == 'code' and _CALL.search(_src(c)) and not _HIDDEN.search(_src(c))]
    stored = sum(json.dumps(c.get('outputs', [])).count('data:image/gif') for c in cells)
    return max(stored, 1) if cells else 0

# ---------------------------------------------------------------------------------------------------------------
# The site, served and opened in a browser

def _build():
    r = subprocess.run([sys.executable, 'tools/build_docs.py', '--check'], cwd=ROOT, capture_output=True, text=True)
    return SimpleNamespace(returncode=r.returncode, stdout=r.stdout, stderr=r.stderr, dir=ROOT/'_site')

@pytest.fixture(scope='module')
def site():
    "`_site/` rendered once; the result of `--check` is kept for the build test, the pages serve the browser tests."
    return _build()

class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, *args): pass  # quiet; the statuses are kept in `self.server.log`
    def log_request(self, code='-', size='-'): self.server.log.append((self.path, int(code)))

@contextmanager
def serve(directory):
    "Serve `directory` on a free port of 127.0.0.1 from a thread; yields the server (`.url`, `.log` of requests)."
    httpd = ThreadingHTTPServer(('127.0.0.1', 0), partial(_Handler, directory=str(directory)))
    httpd.log, httpd.url = [], f'http://127.0.0.1:{httpd.server_address[1]}'
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try: yield httpd
    finally: httpd.shutdown(); httpd.server_close(); t.join(5)

@pytest.fixture(scope='module')
def server(site):
    if not any(site.dir.glob('*.html')): pytest.fail(f'no pages rendered:\n{site.stderr[-4000:]}')
    with serve(site.dir) as httpd: yield httpd

def _need(msg):
    if os.environ.get('CI', '').lower() in ('1', 'true', 'yes'): pytest.fail(f'{msg} (required in CI)')
    pytest.skip(msg)

@pytest.fixture(scope='module')
def browser():
    "Headless Debian chromium driven by chromedriver, with a fresh profile."
    chrome = shutil.which('chromium') or shutil.which('chromium-browser')
    driver_path = shutil.which('chromedriver')
    if not (chrome and driver_path):
        _need('headless browser check needs Debian chromium + chromedriver: apt-get install chromium chromium-driver')
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError: _need('headless browser check needs selenium: pip install -e ".[dev]"')
    profile = tempfile.mkdtemp(prefix='chromium-profile-')
    opts = webdriver.ChromeOptions()
    opts.binary_location = chrome
    for f in CHROMIUM_FLAGS + [f'--user-data-dir={profile}']: opts.add_argument(f)
    drv = webdriver.Chrome(options=opts, service=Service(executable_path=driver_path))
    drv.set_page_load_timeout(120); drv.set_script_timeout(60)
    try: yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)

# Waits for every image to load or fail, then reads what the page shows.
_READ_PAGE = r"""
const done = arguments[arguments.length - 1];
const imgs = [...document.images];
imgs.forEach(i => { i.loading = 'eager'; });
const text = h => h.textContent.replace(/\u00b6/g, '').replace(/\s+/g, ' ').trim();
const typeset = window.MathJax && MathJax.Hub ? new Promise(r => MathJax.Hub.Queue(r)) : null;
Promise.all(imgs.map(i => i.complete ? null : new Promise(r => {
  i.addEventListener('load', r); i.addEventListener('error', r); })).concat([typeset]))
.then(() => done({
  ready: document.readyState,
  status: (performance.getEntriesByType('navigation')[0] || {}).responseStatus,
  title: document.title,
  h1: [...document.querySelectorAll('h1')].map(text),
  headings: [...document.querySelectorAll('h2, h3, h4')].map(text),
  maths: document.querySelectorAll('.MathJax_CHTML, .MathJax, .MathJax_Display').length,
  show_doc_inputs: [...document.querySelectorAll('.jp-InputArea-editor')].filter(e => /show_doc\(/.test(e.textContent)).length,
  images: imgs.map((i, k) => ({k: k, src: (i.getAttribute('src') || '').slice(0, 40), w: i.naturalWidth, h: i.naturalHeight,
                               gif: i.src.startsWith('data:image/gif')})),
}));
"""

def has_maths(nb: Path):
    "Whether the notebook's prose has TeX maths ($...$) that the page must render (a `$VAR` in a code span is not maths)."
    return any(c['cell_type'] == 'markdown' and re.search(r'\$[^$\s][^$]*\$', re.sub(r'`[^`]*`', '', _src(c))) for c in _cells(nb))

def page_problems(browser, url, title, symbols=(), min_gifs=0, maths=False):
    "Open `url` and list what is wrong with it: load, title, API entries (h2-h4 headings), broken images, videos, maths."
    browser.get(url)
    p = browser.execute_async_script(_READ_PAGE)
    problems = []
    if p['ready'] != 'complete' or p['status'] != 200: problems.append(f"did not load: {p['ready']}, HTTP {p['status']}")
    if _plain(p['title']) != title: problems.append(f"<title> is {p['title']!r}, not {title!r}")
    if title not in map(_plain, p['h1']): problems.append(f"no <h1> {title!r} (h1s: {p['h1']})")
    problems += [f'no API entry for {s}' for s in symbols if s not in p['headings']]
    if p['show_doc_inputs']: problems.append(f"{p['show_doc_inputs']} `show_doc(...)` inputs shown (`#| echo: false` ignored)")
    problems += [f"broken image #{i['k']} ({i['src']}...)" for i in p['images'] if not (i['w'] > 0 and i['h'] > 0)]
    gifs = sum(i['gif'] and i['w'] > 0 for i in p['images'])
    if gifs < min_gifs: problems.append(f'{gifs} show_video GIFs that decode, expected at least {min_gifs}')
    if maths and not p['maths']: problems.append('its TeX maths is not rendered (MathJax did not load or run)')
    return problems

# ---------------------------------------------------------------------------------------------------------------
# Tests

def test_docs_build_and_cover_every_symbol(site):
    assert site.returncode == 0, site.stderr[-4000:]
    pages = {p.stem for p in site.dir.glob('*.html')}
    assert {p.stem for p in NBS} <= pages, f'notebooks without a page: {sorted({p.stem for p in NBS} - pages)}'

def test_pages_navigate_and_describe_their_figures(site):
    "Every page links to every page (the site's navigation), shows no In [ ]: prompts, and describes every figure."
    pages = sorted(p.name for p in site.dir.glob('*.html'))
    for page in pages:
        text = (site.dir/page).read_text()
        nav = re.search(r'<nav class="site-nav".*?</nav>', text, re.S)
        assert nav and sorted(re.findall(r'href="([^"]+)"', nav[0])) == pages, f'{page}: navigation is missing or incomplete'
        assert 'In&nbsp;[' not in text and 'jp-InputPrompt">In' not in text, f'{page}: shows input prompts'
        assert 'No description has been provided' not in text, f'{page}: a figure without alt text'
        assert all(a.strip() for a in re.findall(r'<img[^>]*alt="([^"]*)"', text)), f'{page}: an empty alt text'

def test_docs_group_on_one_worker(request):
    "Under `-n auto --dist loadgroup` this module runs on one worker (xdist marks it `@docs`), so one build serves all."
    if getattr(request.config.option, 'loadgroup', False):
        assert request.node.nodeid.endswith('@docs'), 'xdist_group is ignored (pytest-xdist#1386): pin pytest<9.2'

def test_notebooks_found():
    assert NBS and all(notebook_title(nb) for nb in NBS), 'every notebook needs a `# Title` markdown heading'

@pytest.mark.parametrize('nb', NBS, ids=[p.stem for p in NBS])
def test_page_in_browser(nb, server, browser):
    page = nb.with_suffix('.html').name
    symbols = exported_symbols(ROOT/'inrv_nb').get(nb.name, [])
    problems = page_problems(browser, f'{server.url}/{page}', notebook_title(nb), symbols, expected_gifs(nb), has_maths(nb))
    assert (f'/{page}', 200) in server.log, f'{page} was not served: {server.log[-5:]}'
    assert not problems, f'{page}:\n' + '\n'.join(problems)

def test_index_screenshot(server, browser):
    "The index page, rendered, as a CI artifact; it must be a real picture (not blank)."
    from PIL import Image
    browser.get(f'{server.url}/index.html')
    browser.execute_async_script(_READ_PAGE)
    height = browser.execute_script('return document.documentElement.scrollHeight')
    browser.set_window_size(1280, min(max(height, 600), 8000))
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS/'docs-index.png'
    try: assert browser.save_screenshot(str(out))
    finally: browser.set_window_size(1280, 1000)
    with Image.open(out) as im:
        assert im.width >= 1000 and im.height >= 500, im.size
        colors = im.convert('L').getcolors(maxcolors=1 << 16)
        assert colors is None or len(colors) > 16, 'the screenshot is (nearly) blank'

# The checker itself must catch what it is meant to catch.
_GOOD_GIF = 'R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=='  # a 1x1 GIF
_PAGE = '''<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<h1>{title}<a class="anchor-link" href="#">\u00b6</a></h1><h3>foo</h3>{imgs}</body></html>'''
_SHOW_DOC_INPUT = '<div class="jp-InputArea-editor"><pre>show_doc(foo)</pre></div>'

def test_checker_catches_broken_pages(browser, tmp_path):
    from PIL import Image
    Image.new('RGB', (4, 3), 'red').save(tmp_path/'good.png')
    good = f'<img src="good.png"><img src="data:image/gif;base64,{_GOOD_GIF}">'
    (tmp_path/'good.html').write_text(_PAGE.format(title='A page', imgs=good), encoding='utf-8')
    bad = ('<img src="good.png"><img src="missing.png">'        # 404
           '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'  # truncated GIF: does not decode
           '<img src="data:image/png;base64,iVBORw0KGgo=">'       # PNG signature only
           + _SHOW_DOC_INPUT)
    (tmp_path/'bad.html').write_text(_PAGE.format(title='Another page', imgs=bad), encoding='utf-8')
    with serve(tmp_path) as httpd:
        assert page_problems(browser, f'{httpd.url}/good.html', 'A page', ['foo'], min_gifs=1) == []
        problems = page_problems(browser, f'{httpd.url}/bad.html', 'A page', ['foo', 'bar'], min_gifs=1, maths=True)   # $x$, no MathJax
        missing = page_problems(browser, f'{httpd.url}/nope.html', 'A page')
    assert sorted(problems) == sorted([
        "<title> is 'Another page', not 'A page'", "no <h1> 'A page' (h1s: ['Another page'])",
        'no API entry for bar', 'broken image #1 (missing.png...)',
        f"broken image #2 ({'data:image/gif;base64,R0lGODlhAQABAAAAACw='[:40]}...)",
        'broken image #3 (data:image/png;base64,iVBORw0KGgo=...)', '0 show_video GIFs that decode, expected at least 1',
        '1 `show_doc(...)` inputs shown (`#| echo: false` ignored)', 'its TeX maths is not rendered (MathJax did not load or run)']), problems
    assert any(p.startswith('did not load') for p in missing), missing

def test_expected_gifs_reads_notebooks(tmp_path):
    def nb(*cells):
        p = tmp_path/'x.ipynb'
        p.write_text(json.dumps({'cells': [{'cell_type': 'code', 'source': s, 'outputs': o} for s, o in cells]}))
        return p
    gif = [{'output_type': 'execute_result', 'data': {'text/html': '<img src="data:image/gif;base64,AA"/>'}}]
    assert expected_gifs(nb(('x = 1', []))) == 0
    assert expected_gifs(nb(('#| export\ndef show_video(v): ...', []))) == 0
    assert expected_gifs(nb(('#| hide\nshow_video(v)', gif))) == 0
    assert expected_gifs(nb(('show_video(v)', []))) == 1
    assert expected_gifs(nb(('show_video(v)', gif), ('#| slow\nshow_video(w)', gif))) == 2
