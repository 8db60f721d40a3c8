"""The wheel, as a new user gets it: built, installed into a fresh venv, used from elsewhere.

The wheel and the sdist are built with the standard tooling (``python -m
build``: the sdist first, then the wheel from the sdist), the wheel is
installed into a fresh virtual environment outside the checkout (with its
dependencies from the package index), and everything below runs from another
directory with a clean environment (no ``READER_CORPUS``, no ``PYTHONPATH``,
its own ``HOME`` and cache directory), so that an install step that works only
in a checkout cannot pass. The installed package is made read-only and its
files are compared before and after: nothing may write into site-packages.

Answers of the installed package are compared with the checkout's (the
``lib`` fixture), not with copied values.
"""

from __future__ import annotations

import email
import gettext
import io
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import tarfile
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import reader
from reader.cite import STYLES
from tests.conftest import ROOT, TEXT_IDS

pytestmark = [pytest.mark.wheel, pytest.mark.slow]

DIST_NAME = "sovturk-reader"
LOCALE = "reader/render/common/locale"
#: A small corpus for the build and the explicit-path load: one text, its translations.
SMALL_TEXT = "chicherin"


@dataclass(frozen=True)
class Dist:
    wheel: Path
    sdist: Path


@dataclass
class Installed:
    """A fresh virtual environment holding the wheel, and a place to run it from."""

    venv: Path
    site_packages: Path
    workdir: Path
    home: Path
    baseline: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def package(self) -> Path:
        return self.site_packages / "reader"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def env(self) -> dict[str, str]:
        """What a user's shell would have: this venv on PATH, nothing of the checkout."""
        return {
            "PATH": f"{self.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.home),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "LANG": "C.UTF-8",
            "VIRTUAL_ENV": str(self.venv),
        }

    def run(self, *args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(a) for a in args],
            cwd=cwd or self.workdir,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def reader(
        self, *args: str | Path, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        return self.run(self.venv / "bin" / "reader", *args, cwd=cwd)

    def snapshot(self) -> dict[str, tuple[int, int, int]]:
        """Every file and directory of the venv: size, modification time, mode."""
        found = {}
        for path in sorted(self.venv.rglob("*")):
            info = path.lstat()
            found[str(path.relative_to(self.venv))] = (
                info.st_size if not path.is_dir() else 0,
                info.st_mtime_ns,
                info.st_mode,
            )
        return found


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    """sdist and wheel from ``python -m build`` (offline: this venv's hatchling and babel)."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return Dist(wheel, sdist)


def _base_python() -> Path:
    """The interpreter this venv was made from (a fresh venv must not sit on the dev venv)."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (
        Path(sys.base_prefix) / "bin" / f"python{version}",
        Path(sys.base_prefix) / "bin" / "python3",
    ):
        if candidate.is_file():
            return candidate
    raise AssertionError(f"no base interpreter under {sys.base_prefix}")


@pytest.fixture(scope="session")
def installed(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """The wheel in a fresh venv (uv: the same standard install as pip, several times faster)."""
    from uv import find_uv_bin

    place = tmp_path_factory.mktemp("user")
    assert not place.is_relative_to(ROOT)
    venv, workdir, home = place / "venv", place / "elsewhere", place / "home"
    workdir.mkdir()
    home.mkdir()
    uv_env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "UV_"))}
    uv_env["UV_PYTHON_DOWNLOADS"] = "never"
    python = venv / "bin" / "python"
    venv_command = ["venv", "--quiet", "--no-config", "--python", str(_base_python()), str(venv)]
    # --compile-bytecode: as pip does, so that importing writes no .pyc into site-packages.
    install_command = ["pip", "install", "--quiet", "--no-config", "--compile-bytecode"]
    install_command += ["--python", str(python), str(dist.wheel)]
    for command in (venv_command, install_command):
        done = subprocess.run(
            [find_uv_bin(), *command],
            env=uv_env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    (site_packages,) = (venv / "lib").glob("python*/site-packages")
    result = Installed(venv, site_packages, workdir, home)
    # Read-only for everyone: a write by a non-root user fails outright; root writes
    # anyway, and the snapshot comparison at the end catches it.
    for path in [result.package, *result.package.rglob("*")]:
        mode = path.lstat().st_mode
        path.chmod(stat.S_IMODE(mode) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    result.baseline = result.snapshot()
    yield result
    for path in [result.package, *result.package.rglob("*")]:
        path.chmod(stat.S_IMODE(path.lstat().st_mode) | stat.S_IWUSR)


def _small_corpus(source: Path, target: Path) -> Path:
    """One text with its translations and the authority file, copied from ``source``.

    Its pointers into other texts (an editors' note cites gusterin) point at
    the text itself here, so that it stands alone.
    """
    elsewhere = re.compile(rf"corpus:(?!entities|{SMALL_TEXT})[a-z_]+(#[^\s\"]*)?")
    (target / "texts").mkdir(parents=True)
    shutil.copyfile(source / "texts" / "entities.xml", target / "texts" / "entities.xml")
    files = [f"texts/{SMALL_TEXT}.xml"] + [
        f"translations/{x}/{SMALL_TEXT}.xml" for x in ("tr", "ru")
    ]
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        text = (source / name).read_text(encoding="utf-8")
        (target / name).write_text(elsewhere.sub(f"corpus:{SMALL_TEXT}", text), encoding="utf-8")
    return target


# ------------------------------------------------------------------ the artifacts


def _corpus_files() -> list[str]:
    return sorted(
        str(path.relative_to(ROOT))
        for part in ("texts", "translations")
        for path in (ROOT / part).rglob("*")
        if path.is_file() and not path.name.startswith(".")
    )


def test_the_wheel_carries_the_corpus_schemas_and_compiled_catalogues(dist: Dist) -> None:
    with zipfile.ZipFile(dist.wheel) as wheel:
        names = set(wheel.namelist())
        corpus = _corpus_files()
        assert {"texts/ids.json", "texts/entities.xml", "translations/glossary.tsv"} <= set(corpus)
        for name in corpus:
            assert wheel.read(f"reader/_corpus/{name}") == (ROOT / name).read_bytes(), name
        assert "reader/schema/tei-reader.rng" in names
        assert "reader/py.typed" in names
        assert not any(n.startswith(("tests/", "bench/", "texts/", "docs/")) for n in names)
        catalogues = sorted((ROOT / LOCALE).glob("*/LC_MESSAGES/messages.po"))
        assert [p.parent.parent.name for p in catalogues] == ["ru", "tr"]
        for po_path in catalogues:
            lang = po_path.parent.parent.name
            compiled = gettext.GNUTranslations(
                io.BytesIO(wheel.read(f"{LOCALE}/{lang}/LC_MESSAGES/messages.mo"))
            )
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=lang)
            translated = [m for m in catalog if m.id and m.string and not m.fuzzy]
            assert len(translated) > 50
            for message in translated:
                if isinstance(message.id, str):
                    assert compiled.gettext(message.id) == message.string, message.id


def test_the_wheel_metadata_names_the_distribution_version_licences_and_commands(
    dist: Dist,
) -> None:
    assert dist.wheel.name == f"sovturk_reader-{reader.__version__}-py3-none-any.whl"
    info_dir = f"sovturk_reader-{reader.__version__}.dist-info"
    with zipfile.ZipFile(dist.wheel) as wheel:
        metadata = email.message_from_bytes(wheel.read(f"{info_dir}/METADATA"))
        entry_points = wheel.read(f"{info_dir}/entry_points.txt").decode()
        names = set(wheel.namelist())
    assert metadata["Name"] == DIST_NAME
    assert metadata["Version"] == reader.__version__
    assert metadata["License-Expression"] == (
        "MIT AND CC-BY-SA-4.0 AND LicenseRef-Sources-Rights-Reserved"
    )
    licence_files = metadata.get_all("License-File")
    assert set(licence_files) == {
        "LICENSE.md",
        "LICENSES/MIT.txt",
        "LICENSES/CC-BY-SA-4.0.txt",
        "LICENSES/LicenseRef-Sources-Rights-Reserved.txt",
    }
    for name in licence_files:
        assert f"{info_dir}/licenses/{name}" in names
    classifiers = metadata.get_all("Classifier")
    assert "Typing :: Typed" in classifiers and "Natural Language :: Turkish" in classifiers
    assert metadata["Requires-Python"] == ">=3.11"
    assert "reader = reader.cli:main" in entry_points
    assert "sovturk-reader = reader.cli:main" in entry_points


def test_the_licence_files_name_every_text() -> None:
    summary = (ROOT / "LICENSE.md").read_text(encoding="utf-8")
    for text_id in TEXT_IDS:
        assert f"`{text_id}`" in summary, text_id
    assert "CC BY-SA 4.0" in summary and "MIT" in summary


def test_the_sdist_carries_what_the_wheel_is_built_from(dist: Dist) -> None:
    top = dist.sdist.name.removesuffix(".tar.gz")
    with tarfile.open(dist.sdist) as sdist:
        names = {name.removeprefix(f"{top}/") for name in sdist.getnames()}
    for needed in [
        *_corpus_files(),
        "hatch_build.py",
        "pyproject.toml",
        "LICENSE.md",
        "LICENSES/CC-BY-SA-4.0.txt",
        "reader/schema/tei-reader.rng",
        f"{LOCALE}/tr/LC_MESSAGES/messages.po",
        "PKG-INFO",
    ]:
        assert needed in names, needed
    assert not any(name.startswith((".venv/", "build/", ".git/")) for name in names)


# ------------------------------------------------------------------ the library


LIBRARY_SCRIPT = """
import json, sys
import reader
from reader.cite import STYLES
from reader.render.common import i18n

lib = reader.load()
out = {
    "file": reader.__file__,
    "version": reader.__version__,
    "root": str(lib.corpus.root),
    "packaged": lib.corpus.packaged,
    "texts": [t.id for t in lib.texts()],
    "passages": {
        lang: json.loads(lib.passage("karakus:p12", lang=lang).to_json())
        for lang in ("en", "tr", "ru")
    },
    "sentence": lib.passage("karakus:p12.s3").text,
    "range": [p.ref for p in lib.passages("karakus:p12-p15", lang="ru")],
    "range_text": [p.text for p in lib.passages("karakus:p12-p15", lang="ru")],
    "parallel": [(p.lang, p.text) for p in lib.parallel("karakus:p12", "en", "ru").passages],
    "cite": {style: lib.passage("karakus:p12", lang="tr").cite(style) for style in STYLES},
    "refs": lib.refs("karakus", level="paragraph"),
    "compiled": {lang: i18n.compiled_catalog_path(lang) for lang in ("tr", "ru")},
    "other": reader.load(sys.argv[1]).text_ids(),
}
print(json.dumps(out, ensure_ascii=False))
"""


def test_the_library_works_from_another_directory(
    installed: Installed, lib: reader.Library, tmp_path: Path
) -> None:
    other = _small_corpus(ROOT, tmp_path / "other")
    done = installed.run(installed.python, "-c", LIBRARY_SCRIPT, other)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    # The installed package, with the corpus it carries: not the checkout's.
    assert Path(got["file"]).parent == installed.package
    assert Path(got["root"]) == installed.package / "_corpus"
    assert got["packaged"] is True
    assert got["version"] == reader.__version__
    assert got["texts"] == [t.id for t in lib.texts()]
    for lang in ("en", "tr", "ru"):
        here = json.loads(lib.passage("karakus:p12", lang=lang).to_json())
        assert got["passages"][lang] == here
        assert got["passages"][lang]["lang"] == lang
    assert got["sentence"] == lib.passage("karakus:p12.s3").text
    assert got["range"] == [p.ref for p in lib.passages("karakus:p12-p15", lang="ru")]
    assert got["range"][0] == "karakus:p12" and got["range"][-1] == "karakus:p15"
    assert got["range_text"] == [p.text for p in lib.passages("karakus:p12-p15", lang="ru")]
    assert [tuple(x) for x in got["parallel"]] == [
        (p.lang, p.text) for p in lib.parallel("karakus:p12", "en", "ru").passages
    ]
    assert got["cite"] == {s: lib.passage("karakus:p12", lang="tr").cite(s) for s in STYLES}
    assert got["refs"] == lib.refs("karakus", level="paragraph")
    # The catalogues compiled into the wheel are the ones an installed package uses.
    locale = installed.package / LOCALE.removeprefix("reader/")
    for lang, path in got["compiled"].items():
        assert path == str(locale / lang / "LC_MESSAGES" / "messages.mo")
    # reader.load(path) opens another corpus.
    assert got["other"] == [SMALL_TEXT]


# ------------------------------------------------------------------ the command line


def test_the_commands_answer_with_their_exit_codes(
    installed: Installed, lib: reader.Library, tmp_path: Path
) -> None:
    def check(args: list[str], code: int) -> subprocess.CompletedProcess[str]:
        done = installed.reader(*args)
        assert done.returncode == code, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, (args, done.stderr)
        return done

    version = check(["--version"], 0).stdout
    assert version.startswith(f"{DIST_NAME} {reader.__version__} from {installed.package} ")
    same = installed.run(installed.venv / "bin" / "sovturk-reader", "--version")
    assert same.returncode == 0 and same.stdout == version
    assert installed.run(installed.python, "-m", "reader", "--version").stdout == version

    assert check(["get", "chicherin:p3", "--lang", "ru"], 0).stdout == (
        lib.passage("chicherin:p3", "ru").text + "\n"
    )
    as_json = json.loads(check(["get", "karakus:p12", "--lang", "tr", "-f", "json"], 0).stdout)
    assert as_json == json.loads(lib.passage("karakus:p12", "tr").to_json())
    parallel = check(["get", "karakus:p12", "--parallel", "en,ru"], 0).stdout
    assert lib.passage("karakus:p12", "ru").text in parallel
    assert check(["get", "karakus:p9999"], 1).stderr.startswith("reader: ")
    assert check(["get", "not a reference"], 2).stderr.startswith("reader: ")

    listing = check(["texts"], 0).stdout
    assert all(f"{text_id}:" in listing for text_id in TEXT_IDS)

    # (every style through the library above; the command prints the same)
    assert check(["cite", "karakus:p12", "--style", "bibtex", "--lang", "ru"], 0).stdout == (
        lib.passage("karakus:p12", "ru").cite("bibtex") + "\n"
    )
    check(["cite", "karakus:p12", "--style", "harvard"], 2)

    # (the packaged corpus is searched by the last test; a small one here is quicker)
    small = str(_small_corpus(installed.package / "_corpus", tmp_path / "small"))
    found = json.loads(check(["search", "Chicherin", "-f", "json", "--corpus", small], 0).stdout)
    assert {hit["lang"] for hit in found} == {"en", "tr", "ru"}
    assert all(hit["ref"].startswith(f"{SMALL_TEXT}:") for hit in found)
    assert check(["search", "zzqqxx", "--corpus", small], 1).stdout == ""
    check(["search", "Ankara", "--lang", "xx", "--corpus", small], 2)

    assert "0 error(s)" in check(["validate"], 0).stdout
    check(["ids", "check"], 0)
    refused = check(["ids", "register"], 2).stderr
    assert "read-only" in refused and str(installed.package / "_corpus") in refused


def _files(tree: Path) -> dict[str, bytes]:
    return {str(p.relative_to(tree)): p.read_bytes() for p in tree.rglob("*") if p.is_file()}


def test_a_small_build_print_and_serve_from_the_installed_package(
    installed: Installed, lib: reader.Library, tmp_path: Path
) -> None:
    small = _small_corpus(installed.package / "_corpus", tmp_path / "small")
    # No --out: the build goes to ./build of the directory the command runs in.
    done = installed.reader("build", "--corpus", small)
    assert done.returncode == 0, done.stderr
    site = installed.workdir / "build" / "html"
    assert (site / "index.html").is_file()
    assert (site / SMALL_TEXT / "en-tr.html").is_file()
    # The Turkish interface is translated (from the compiled catalogue).
    with (ROOT / LOCALE / "tr" / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        catalog = read_po(po_file, locale="tr")
    turkish_page = (site / "tr" / "index.html").read_text(encoding="utf-8")
    english_page = (site / "index.html").read_text(encoding="utf-8")
    shown = [
        m
        for m in catalog
        if isinstance(m.id, str)
        and len(m.id) > 3
        and m.string
        and m.id != m.string
        and not set("&<>'\"") & set(m.id + m.string)  # as written, not escaped
        and f">{m.id}<" in english_page
    ]
    assert len(shown) >= 3
    for message in shown:
        assert f">{message.string}<" in turkish_page, message.id
    # The checkout builds the same site, byte for byte.
    from reader.build import build_html
    from reader.corpus import Corpus

    build_html(Corpus.open(small), tmp_path / "checkout" / "html")
    installed_files = _files(site)
    assert installed_files == _files(tmp_path / "checkout" / "html")
    assert len(installed_files) > 100

    pdf = installed.reader("pdf", SMALL_TEXT, "--langs", "en", "--out", tmp_path / "print")
    assert pdf.returncode == 0, pdf.stderr
    from pypdf import PdfReader

    printed = PdfReader(tmp_path / "print" / "pdf" / f"{SMALL_TEXT}.en.pdf")
    assert len(printed.pages) > 1
    printed_text = " ".join(" ".join(page.extract_text() for page in printed.pages).split())
    assert lib.passage(f"{SMALL_TEXT}:salute1").text in printed_text

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [installed.venv / "bin" / "reader", "serve", "--dir", site, "--port", str(port)],
        cwd=installed.workdir,
        env=installed.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        page = b""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    page = answer.read()
                break
            except OSError:
                time.sleep(0.1)
        assert page == (site / "index.html").read_bytes()
    finally:
        server.terminate()
        server.wait(timeout=10)


SEARCH_SCRIPT = """
import json, reader
print(json.dumps([(hit.ref, hit.lang) for hit in reader.load().search("Chicherin")]))
"""


# Last in this file: everything above has run in the installed package by now, and
# a search of the packaged corpus (which may keep an index in the user's cache) runs here.
def test_search_and_nothing_was_written_into_the_installed_package(
    installed: Installed, lib: reader.Library
) -> None:
    done = installed.run(installed.python, "-c", SEARCH_SCRIPT)
    assert done.returncode == 0, done.stderr
    hits = [tuple(hit) for hit in json.loads(done.stdout)]
    assert hits == [(h.ref, h.lang) for h in lib.search("Chicherin")]
    assert {lang for _ref, lang in hits} == {"en", "tr", "ru"}
    after = installed.snapshot()
    changed = sorted(
        name
        for name in set(after) | set(installed.baseline)
        if after.get(name) != installed.baseline.get(name)
    )
    assert changed == []
    if os.geteuid() != 0:  # root may write anyway; the comparison above is what holds for it
        assert not os.access(installed.package / "_corpus" / "texts", os.W_OK)
