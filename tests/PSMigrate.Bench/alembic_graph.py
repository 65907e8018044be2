"""Alembic on the same graph shape as the PSMigrate benchmark: write N revision modules, then
time loading the ScriptDirectory and walking every revision from base to heads.
Prints: <alembic version> <median ms> <best ms>."""
import os
import statistics
import sys
import tempfile
import time

import alembic
from alembic.config import Config
from alembic.script import ScriptDirectory

count, rounds, shape = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]


def ids(i):
    return "%06x%06x" % (i, (i * 2654435761) % 0xFFFFFF)


parents = [[] if i == 0 else [ids(i - 1)] for i in range(count)]
labels = [None] * count
if shape == "branchy":
    start = 50
    while start + 14 < count:
        parents[start + 1] = [ids(start)]
        labels[start + 1] = "side%d" % start
        parents[start + 2] = [ids(start + 1)]
        parents[start + 3] = [ids(start + 2)]
        parents[start + 4] = [ids(start)]
        parents[start + 13] = [ids(start + 12), ids(start + 3)]
        start += 50

with tempfile.TemporaryDirectory() as root:
    versions = os.path.join(root, "versions")
    os.makedirs(versions)
    with open(os.path.join(root, "script.py.mako"), "w") as f:
        f.write("")
    for i in range(count):
        down = parents[i]
        down_text = "None" if not down else (repr(down[0]) if len(down) == 1 else repr(tuple(down)))
        label = "None" if labels[i] is None else repr((labels[i],))
        with open(os.path.join(versions, "%s_revision_%d.py" % (ids(i), i)), "w") as f:
            f.write(
                '"""revision %d"""\n'
                "revision = %r\ndown_revision = %s\nbranch_labels = %s\ndepends_on = None\n\n"
                "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n" % (i, ids(i), down_text, label)
            )

    config = Config()
    config.set_main_option("script_location", root)

    def run():
        script = ScriptDirectory.from_config(config)
        return sum(1 for _ in script.walk_revisions("base", "heads"))

    run()
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        walked = run()
        times.append((time.perf_counter() - began) * 1000)
        assert walked == count, walked
    print(alembic.__version__, "%.1f" % statistics.median(times), "%.1f" % min(times))
