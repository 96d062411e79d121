"""Ids stay unique when several processes sharing a database make them in the same
milliseconds (two web workers posting hundreds of statuses a second)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from townsquare import ids

MAKE_IDS = """
import sys, time
from pathlib import Path
from townsquare import ids
ids.use_node_folder(Path(sys.argv[1]))
start = float(sys.argv[2])
while time.time() < start:  # both processes start together
    pass
made = [ids.new_id() for _ in range(60_000)]
print(ids.node(), " ".join(map(str, made)))
"""


def _make_ids_in_two_processes(folder: Path) -> list[tuple[int, list[int]]]:
    import time

    start = str(time.time() + 1.5)
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", MAKE_IDS, str(folder), start], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    found = []
    for run in runs:
        out, _ = run.communicate(timeout=60)
        assert run.returncode == 0
        node, made = out.split(" ", 1)
        found.append((int(node), [int(i) for i in made.split()]))
    return found


def test_two_processes_never_make_the_same_id(tmp_path: Path) -> None:
    (node_a, ids_a), (node_b, ids_b) = _make_ids_in_two_processes(tmp_path / "nodes")
    assert node_a != node_b
    assert len(set(ids_a)) == len(ids_a) and len(set(ids_b)) == len(ids_b)
    milliseconds = {i >> 16 for i in ids_a} & {i >> 16 for i in ids_b}
    assert milliseconds  # they did make ids in the same milliseconds
    assert not set(ids_a) & set(ids_b)


def test_ids_are_time_ordered_and_carry_the_node(tmp_path: Path) -> None:
    ids.use_node_folder(tmp_path / "nodes")
    made = [ids.new_id() for _ in range(5_000)]
    assert made == sorted(made) and len(set(made)) == len(made)
    assert {(i >> ids.SEQUENCE_BITS) & ((1 << ids.NODE_BITS) - 1) for i in made} == {ids.node()}


FORK = """
import os, sys
from pathlib import Path
from townsquare import ids
ids.use_node_folder(Path(sys.argv[1]))
parent = ids.node()
read, write = os.pipe()
pid = os.fork()
if pid == 0:  # the child (a web worker forked by the server)
    os.write(write, str(ids.node()).encode())
    os._exit(0)
os.waitpid(pid, 0)
print(parent, os.read(read, 10).decode())
"""


def test_a_forked_child_claims_a_node_of_its_own(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", FORK, str(tmp_path / "nodes")],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    parent, child = run.stdout.split()
    assert parent != child


CLAIM = """
import sys, time
from pathlib import Path
from townsquare import ids
from townsquare.settings import Settings
settings = Settings(data_dir=Path(sys.argv[1]), id_nodes=sys.argv[2])
ids.use_node_folder(settings.data_dir / "id-nodes", settings.id_node_range)
print(ids.node(), flush=True)
time.sleep(3)  # hold the node while the other process claims its own
"""


def test_a_machine_draws_from_its_own_range_of_nodes(tmp_path: Path) -> None:
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", CLAIM, str(tmp_path), "40-41"], stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    assert runs[0].stdout is not None and runs[1].stdout is not None
    claimed = {int(runs[0].stdout.readline()), int(runs[1].stdout.readline())}
    for run in runs:
        run.wait(timeout=30)
    assert claimed == {40, 41}


def test_a_range_outside_the_node_bits_is_refused(tmp_path: Path) -> None:
    from pydantic import ValidationError

    from townsquare.settings import Settings

    for bad in ("0-64", "9-3", "seven", "-1-4"):
        try:
            Settings(data_dir=tmp_path, id_nodes=bad)
        except ValidationError as error:
            assert "TOWNSQUARE_ID_NODES" in str(error)
        else:
            raise AssertionError(f"{bad!r} was accepted")
