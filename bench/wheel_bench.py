"""The wheel as a new user meets it: its size, and the time from install to the first passage.

Measured:

* **build**: ``python -m build --no-isolation`` (sdist, then the wheel from the
  sdist), wall time; the sizes of the wheel and the sdist, the wheel's file
  count, and how much of the wheel is the corpus (``reader/_corpus/``);
* **install → first passage**, for pip (what the README tells a user to run)
  and for uv: a fresh virtual environment outside the checkout, the install
  of the wheel with its dependencies from the package index (each installer
  with its own cache as a user would have it: warm after the first run on a
  machine), then, from another directory, a new interpreter running
  ``import reader; reader.load().passage("karakus:p12", lang="tr")``; the
  figure the issue asks for is the sum, install plus first passage. Also the
  size of the environment the install made.

Figures are printed, never asserted. Network and machine load move the
install times; the best of ``--repeat`` runs is given with the median.

Usage: .venv/bin/python bench/wheel_bench.py [--repeat N] [--installers pip,uv] [--dist DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_PASSAGE = (
    "import reader; p = reader.load().passage('karakus:p12', lang='tr'); "
    "assert p.lang == 'tr' and p.text, p"
)


def timed(command: list[str], **kwargs: object) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - started


def build(out: Path) -> tuple[Path, Path, float]:
    seconds = timed(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)]
    )
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    return wheel, sdist, seconds


def tree_size(path: Path) -> int:
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def base_python() -> str:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (
        Path(sys.base_prefix) / "bin" / f"python{version}",
        Path(sys.base_prefix) / "bin" / "python3",
    ):
        if candidate.is_file():
            return str(candidate)
    raise SystemExit(f"no base interpreter under {sys.base_prefix}")


def install_and_read(installer: str, wheel: Path, place: Path) -> tuple[float, float, int]:
    """(install seconds, first-passage seconds, environment bytes) for one fresh environment."""
    venv = place / "venv"
    elsewhere = place / "elsewhere"
    elsewhere.mkdir(parents=True)
    if installer == "pip":
        subprocess.run([base_python(), "-m", "venv", str(venv)], check=True)
        install = [
            str(venv / "bin" / "pip"),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(wheel),
        ]
    else:
        from uv import find_uv_bin

        uv = find_uv_bin()
        subprocess.run([uv, "venv", "--quiet", "--python", base_python(), str(venv)], check=True)
        install = [
            uv,
            "pip",
            "install",
            "--quiet",
            "--compile-bytecode",
            "--python",
            str(venv / "bin" / "python"),
            str(wheel),
        ]
    installed = timed(install, cwd=elsewhere)
    first = timed([str(venv / "bin" / "python"), "-c", FIRST_PASSAGE], cwd=elsewhere)
    return installed, first, tree_size(venv)


def describe(values: list[float]) -> str:
    return f"{min(values):6.1f} s (median {statistics.median(values):.1f} s)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--installers", default="pip,uv")
    parser.add_argument("--dist", type=Path, help="use the wheel already built in DIR")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="wheel-bench-") as scratch:
        scratch_dir = Path(scratch)
        if args.dist:
            (wheel,) = args.dist.glob("*.whl")
            (sdist,) = args.dist.glob("*.tar.gz")
            print(f"wheel: {wheel} (built before)")
        else:
            wheel, sdist, seconds = build(scratch_dir / "dist")
            print(f"build (sdist, then the wheel from it): {seconds:.1f} s")
        with zipfile.ZipFile(wheel) as archive:
            entries = archive.infolist()
        corpus = [e for e in entries if e.filename.startswith("reader/_corpus/")]
        print(f"wheel {wheel.name}: {wheel.stat().st_size / 1024:.0f} KiB, {len(entries)} files")
        print(
            f"  of which the corpus: {len(corpus)} files, "
            f"{sum(e.compress_size for e in corpus) / 1024:.0f} KiB compressed, "
            f"{sum(e.file_size for e in corpus) / 1024:.0f} KiB unpacked"
        )
        print(f"  unpacked: {sum(e.file_size for e in entries) / 1024:.0f} KiB")
        print(f"sdist {sdist.name}: {sdist.stat().st_size / 1024:.0f} KiB")

        for installer in [name.strip() for name in args.installers.split(",") if name.strip()]:
            installs, firsts, totals, size = [], [], [], 0
            for run in range(args.repeat):
                installed, first, size = install_and_read(
                    installer, wheel, scratch_dir / f"{installer}{run}"
                )
                installs.append(installed)
                firsts.append(first)
                totals.append(installed + first)
            print(f"{installer}: install of the wheel into a fresh venv {describe(installs)}")
            print(f"{installer}: first passage in a new process    {describe(firsts)}")
            print(f"{installer}: install → first passage           {describe(totals)}")
            print(f"{installer}: environment size                  {size / 2**20:6.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
