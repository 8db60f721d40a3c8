"""Build faults (issue 12 item 7): the site is whole at every instant, leftovers go, one message.

* A build killed just before each of its file-system steps in turn (a forked
  child with an audit hook that exits at the k-th step) leaves the old tree
  or the new one, never none and never a mix; the next build cleans up.
* A real ``reader build`` killed while it renders leaves the old site whole,
  and the next one removes what the killed one left.
* An output folder that is a file, read-only or on a full disk (a small tmpfs
  in a private mount namespace) gives one clear message, exit 1, no traceback,
  and the old site stays as it was.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.build import build_html
from reader.corpus import Corpus
from reader.errors import OutputError
from reader.render.common.output import Output, check_output_path, clean_leftovers, write_outputs
from tests.conftest import ROOT, ROOTS

OLD = [
    Output("index.html", "k1", lambda: b"old index"),
    Output("a/same.html", "k1", lambda: b"same"),
    Output("a/gone.html", "k1", lambda: b"gone"),
]

#: Audit events of a step that changes the file system (besides opening for writing).
STEPS = {
    "os.rename",
    "os.remove",
    "os.rmdir",
    "os.mkdir",
    "os.link",
    "os.chmod",
    "os.truncate",
    "ctypes.call_function",
    "shutil.copyfile",
}
_WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _build_killed_at(target: Path, kill_at: int, mode: str) -> int:
    """In a forked child, write NEW into ``target``, dying just before its ``kill_at``-th step.

    Every step that changes the file system counts: opening a file for
    writing, a folder made, a rename, a link, a removal, the exchange. The exit
    status: 9 when killed, 0 when the build finished first.
    """
    pid = os.fork()
    if pid:
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)
    try:  # the child: never returns into pytest
        from reader.render.common import output

        if mode == "two-step":
            output._exchange = lambda first, second: False  # as where renameat2 is missing
        steps = 0

        def hook(event: str, args: tuple[object, ...]) -> None:
            nonlocal steps
            if event == "open":
                mode, flags = args[1], args[2]
                writing = (isinstance(mode, str) and set(mode) & set("wax+")) or (
                    mode is None and isinstance(flags, int) and flags & _WRITE
                )
                if not writing:
                    return
            elif event not in STEPS:
                return
            steps += 1
            if steps == kill_at:
                os._exit(9)

        sys.addaudithook(hook)
        output.write_outputs(NEW, target)
        os._exit(0)
    finally:
        os._exit(1)


NEW = [
    Output("index.html", "k2", lambda: b"new index"),
    Output("a/same.html", "k1", lambda: b"same"),
    Output("b/added.html", "k1", lambda: b"added"),
]
NEW_TREE = {
    "index.html": b"new index",
    "a/same.html": b"same",
    "b/added.html": b"added",
}


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".manifest.json"
    }


def _leftovers(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.glob(f".{target.name}-*"))


@pytest.mark.parametrize("mode", ["exchange", "two-step"])
def test_a_build_killed_before_any_of_its_steps_leaves_a_whole_tree(
    tmp_path: Path, mode: str
) -> None:
    target = tmp_path / "site"
    old_tree = {"index.html": b"old index", "a/same.html": b"same", "a/gone.html": b"gone"}
    kills = 0
    for kill_at in range(1, 200):
        shutil.rmtree(target, ignore_errors=True)
        write_outputs(OLD, target)
        status = _build_killed_at(target, kill_at, mode)
        if status == 0:
            assert _tree(target) == NEW_TREE and _leftovers(target) == []
            break
        assert status == 9, f"the child failed before step {kill_at}"
        kills += 1
        if mode == "exchange":
            # The one-step swap: the site is there at every instant, even before the next build.
            assert target.is_dir(), f"killed before step {kill_at}: no site at all"
            assert _tree(target) in (old_tree, NEW_TREE), f"killed before step {kill_at}: a mix"
        clean_leftovers(target)  # what the next build does first
        assert _tree(target) in (old_tree, NEW_TREE), f"killed before step {kill_at}"
        assert _leftovers(target) == [], f"killed before step {kill_at}: {_leftovers(target)}"
        write_outputs(NEW, target)  # and the next build works
        assert _tree(target) == NEW_TREE and _leftovers(target) == []
    else:
        pytest.fail("the child never finished")
    assert kills >= 10, "every step of a build was tried"


# ------------------------------------------------------------------- real builds


@pytest.fixture(scope="module")
def mini_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture corpus tests/roots/golden (two short texts, their translations,
    the authority file): the build's code is tested on it, not on the project's data."""
    root = tmp_path_factory.mktemp("mini")
    for part in ("texts", "translations"):
        shutil.copytree(ROOTS / "golden" / part, root / part)
    return root


@pytest.fixture(scope="module")
def mini_site(mini_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mini-site") / "html"
    build_html(Corpus.open(mini_corpus), out)
    return out


def _changed_corpus(mini_corpus: Path, tmp_path: Path) -> Path:
    """The mini corpus with its text changed, so that every page of it is rendered again."""
    changed = tmp_path / "corpus"
    shutil.copytree(mini_corpus, changed)
    path = changed / "texts" / "brief.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Dear colleague,", "Dear colleague, ", 1), encoding="utf-8")
    return changed


def _reader(*args: str) -> list[str]:
    return [sys.executable, "-m", "reader.cli", *args]


def test_a_real_build_killed_while_rendering_is_cleaned_up_by_the_next(
    mini_corpus: Path, mini_site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "build"
    shutil.copytree(mini_site, out / "html")
    before = _tree(out / "html")
    changed = _changed_corpus(mini_corpus, tmp_path)
    build = subprocess.Popen(
        _reader("build", "--corpus", str(changed), "--out", str(out)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Kill it once it has started writing its new tree.
    deadline = time.monotonic() + 240  # a busy machine: gather may take a while
    while not list(out.glob(".html-new-*/brief")) and time.monotonic() < deadline:
        time.sleep(0.05)
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=30)
    assert _leftovers(out / "html"), "the killed build left its half-made tree"
    assert _tree(out / "html") == before, "the old site is whole"

    again = subprocess.run(
        _reader("build", "--corpus", str(changed), "--out", str(out)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert _leftovers(out / "html") == [], "the next build removed the leftovers"
    assert _tree(out / "html") != before
    assert oct((out / "html").stat().st_mode & 0o777) == "0o755", "readable by a web server"


@pytest.mark.parametrize("where", ["out", "out/html"])
def test_an_output_folder_that_is_a_file_gives_one_message(
    mini_corpus: Path, tmp_path: Path, where: str
) -> None:
    out = tmp_path / "build"
    blocker = tmp_path / where.replace("out", "build")
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file, not a folder", encoding="utf-8")
    result = subprocess.run(
        _reader("build", "--corpus", str(mini_corpus), "--out", str(out)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"reader: {out / 'html'}: cannot write the build: {blocker} is a file, not a folder "
        f"({'the output' if where == 'out/html' else 'a folder of the output'}); "
        "choose another --out or move the file away; the previous build is untouched"
    ]
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"


# ------------------------------------------------- read-only and full disks, for real

# Runs as root of a private user and mount namespace: a tmpfs mounted there is
# gone when the process ends, and nothing of the machine's mounts changes.
FAULT = r"""
import json, os, shutil, subprocess, sys
from pathlib import Path

mount_point, site, corpus, fault = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount_point)], check=True)
shutil.copytree(site, mount_point / "html")
if fault == "full":  # leave less room than the pages of the changed text take
    disk = os.statvfs(mount_point)
    with open(mount_point / "filler", "wb") as filler:
        filler.write(bytes(max(disk.f_bavail * disk.f_frsize - 16 * 1024, 0)))
if fault == "read-only":
    subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
run = subprocess.run(
    [sys.executable, "-m", "reader.cli", "build", "--corpus", corpus, "--out", str(mount_point)],
    capture_output=True, text=True,
)
tree = {
    str(p.relative_to(mount_point / "html")): p.read_bytes().hex()
    for p in (mount_point / "html").rglob("*") if p.is_file()
}
left = sorted(p.name for p in mount_point.iterdir() if p.name.startswith(".html-"))
print(json.dumps({"rc": run.returncode, "stderr": run.stderr, "tree": tree, "left": left}))
"""


def _in_private_mounts(*args: str) -> dict[str, object]:
    import json

    command = ["unshare", "--user", "--map-root-user", "--mount", sys.executable, "-c", *args]
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True
    )
    if shutil.which("unshare") is None or probe.returncode != 0:
        pytest.skip(
            "no private mount namespaces here (unshare --user --mount): cannot mount a tmpfs"
        )
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(
    ("fault", "cause"),
    [
        ("read-only", "the file system is read-only (Read-only file system)"),
        ("full", "the disk is full (No space left on device)"),
    ],
)
def test_a_read_only_or_full_disk_gives_one_message_and_keeps_the_site(
    mini_corpus: Path, mini_site: Path, tmp_path: Path, fault: str, cause: str
) -> None:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    changed = _changed_corpus(mini_corpus, tmp_path)
    result = _in_private_mounts(FAULT, str(mount_point), str(mini_site), str(changed), fault)
    assert result["rc"] == 1, result["stderr"]
    assert result["stderr"] == (
        f"reader: {mount_point / 'html'}: cannot write the build: {cause}; "
        "the previous build is untouched\n"
    )
    site = {
        str(p.relative_to(mini_site)): p.read_bytes().hex()
        for p in mini_site.rglob("*")
        if p.is_file()
    }
    assert result["tree"] == site, "the old site is whole"
    assert result["left"] == [], "nothing half-made is left on the disk"


# ------------------------------------------------ paths inside the folder (issue 12 item 1)


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("api/dts/navigation/w.eng1;tree=x/" + "../" * 12 + "victim/ids.json", "a '..' segment"),
        ("/etc/victim.json", "not a relative path"),
        ("a//b.json", "an empty segment"),
        ("a/./b.json", "a '.' segment"),
        ("a\\..\\b.json", "not a relative path"),
        ("api/dts/navigation/" + "a" * 300 + ".json", "a file name of 305 bytes"),
    ],
)
def test_a_path_that_leaves_the_folder_is_refused_before_anything_is_written(
    tmp_path: Path, path: str, why: str
) -> None:
    out = tmp_path / "site" / "html"
    write_outputs(OLD, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    victim = tmp_path / "victim"
    with pytest.raises(OutputError) as caught:
        write_outputs([*OLD, Output(path, "k", lambda: b"{}")], out)
    message = str(caught.value)
    assert why in message and "refused" in message and path[:30] in message
    assert not victim.exists()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["html"]  # no staging folder left


def test_check_output_path_answers_the_place_inside(tmp_path: Path) -> None:
    assert check_output_path("karakus/tr.html", tmp_path) == tmp_path / "karakus" / "tr.html"
    assert (
        check_output_path("api/dts/navigation/karakus.eng1;tree=passages;down=-1.json", tmp_path)
        == tmp_path / "api/dts/navigation/karakus.eng1;tree=passages;down=-1.json"
    )


def test_the_warnings_of_a_file_last_as_long_as_the_file(tmp_path: Path) -> None:
    """Issue 18 item 3: a renderer's warnings come back when its file is reused, and go
    when it is made again without them (kept beside the keys, like Sphinx's environment)."""
    from reader.errors import Problem

    made: list[str] = []
    fault = Problem("texts/x.xml", 12, "link to '#d1' leads nowhere", "warning")

    def page(key: str, warnings: list[Problem]) -> Output:
        def make() -> bytes:
            made.append(key)
            return key.encode()

        return Output("x/en.html", key, make, lambda: warnings)

    site = tmp_path / "html"
    other = Output("index.html", "k", lambda: b"index")
    assert write_outputs([page("k1", [fault, fault]), other], site).warnings == [fault]
    again = write_outputs([page("k1", []), other], site)  # nothing changed: nothing made
    assert (made, again.warnings, again.swapped) == (["k1"], [fault], False)
    index_changed = write_outputs([page("k1", []), Output("index.html", "k2", lambda: b"")], site)
    assert (made, index_changed.warnings, index_changed.reused) == (["k1"], [fault], ["x/en.html"])
    fixed = write_outputs([page("k3", []), other], site)
    assert (made, fixed.warnings) == (["k1", "k3"], [])
    assert not (site / ".warnings.json").exists()
