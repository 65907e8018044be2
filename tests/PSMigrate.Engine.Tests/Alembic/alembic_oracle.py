"""Runs revision-graph operations through Alembic itself, for PSMigrate's differential test.

Reads JSON from stdin:
  {"graphs": [{"name": str,
               "revisions": [{"id": str, "down": [str], "labels": [str], "depends": [str]}],
               "cases": [{"start": [[kind, target], ...], "kind": "upgrade"|"downgrade"|"stamp",
                          "target": str, "purge": bool}]}]}
Each revision's upgrade logs 'up <id>' and its downgrade 'down <id>' into a table. For every
case, a new in-memory SQLite database is brought to its start by the start operations, then the
case's operation runs. Writes JSON to stdout: per graph, per case, the version rows at the
start, the steps logged, the version rows at the end, Alembic's warnings, and its error if any.
"""
import json
import os
import sys
import tempfile
import warnings

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

ENV_PY = """
from alembic import context
connection = context.config.attributes["connection"]
context.configure(connection=connection)
with context.begin_transaction():
    context.run_migrations()
"""


def revision_file(rev):
    def literal(values):
        if not values:
            return "None"
        return repr(values[0]) if len(values) == 1 else repr(tuple(values))

    return (
        f"revision = {rev['id']!r}\n"
        f"down_revision = {literal(rev['down'])}\n"
        f"branch_labels = {literal(rev['labels'])}\n"
        f"depends_on = {literal(rev['depends'])}\n"
        "from alembic import op\n"
        f"def upgrade():\n    op.execute(\"INSERT INTO log (step) VALUES ('up {rev['id']}')\")\n"
        f"def downgrade():\n    op.execute(\"INSERT INTO log (step) VALUES ('down {rev['id']}')\")\n"
    )


def script_directory(folder, revisions):
    os.makedirs(os.path.join(folder, "versions"))
    with open(os.path.join(folder, "env.py"), "w") as f:
        f.write(ENV_PY)
    for rev in revisions:
        with open(os.path.join(folder, "versions", f"r_{rev['id']}.py"), "w") as f:
            f.write(revision_file(rev))
    config = Config()
    config.set_main_option("script_location", folder)
    return config


def run(config, kind, target, purge=False):
    if kind == "upgrade":
        command.upgrade(config, target)
    elif kind == "downgrade":
        command.downgrade(config, target)
    else:
        command.stamp(config, target, purge=purge)


def rows(connection):
    return sorted(r[0] for r in connection.execute(sa.text("SELECT version_num FROM alembic_version")))


def run_case(config, case):
    engine = sa.create_engine("sqlite://")
    result = {"start": None, "steps": [], "end": None, "warnings": [], "error": None}
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        connection.execute(sa.text("CREATE TABLE log (id INTEGER PRIMARY KEY, step TEXT)"))
        for kind, target in case["start"]:
            run(config, kind, target)
        connection.execute(sa.text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        result["start"] = rows(connection)
        connection.execute(sa.text("DELETE FROM log"))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                run(config, case["kind"], case["target"], case.get("purge", False))
            except Exception as error:  # Alembic's errors come in several classes; any of them is 'refused'.
                result["error"] = f"{type(error).__name__}: {error}"
            result["warnings"] = [str(w.message) for w in caught]
        result["steps"] = [r[0] for r in connection.execute(sa.text("SELECT step FROM log ORDER BY id"))]
        result["end"] = rows(connection)
    engine.dispose()
    return result


def main():
    spec = json.load(sys.stdin)
    cached = {}
    original = ScriptDirectory.from_config.__func__

    def from_config(cls, config, *args, **kwargs):
        key = config.get_main_option("script_location")
        if key not in cached:
            cached[key] = original(cls, config, *args, **kwargs)
        return cached[key]

    ScriptDirectory.from_config = classmethod(from_config)
    output = {"alembic": __import__("alembic").__version__, "graphs": []}
    with tempfile.TemporaryDirectory() as root:
        for index, graph in enumerate(spec["graphs"]):
            config = script_directory(os.path.join(root, f"g{index}"), graph["revisions"])
            cases = []
            for case in graph["cases"]:
                try:
                    cases.append(run_case(config, case))
                except Exception as error:  # the start itself failed: report it, the test skips the case
                    cases.append({"start": None, "steps": [], "end": None, "warnings": [], "error": f"start: {type(error).__name__}: {error}"})
            output["graphs"].append({"name": graph["name"], "cases": cases})
    json.dump(output, sys.stdout)


if __name__ == "__main__":
    main()
