#!/usr/bin/env python3
"""Runs squawk on every statement of PSMigrate's hazard corpus and prints the comparison table
of docs/hazards.md. PSMigrate's column is the corpus's '-- expect:' line, which the engine test
PlanHazardTests.EveryStaticPostgreSqlRuleFindsWhatTheCorpusExpects proves is what its rules find.

    npm install --prefix /tmp/squawk squawk-cli
    python3 tests/hazards/compare-with-squawk.py /tmp/squawk/node_modules/.bin/squawk > table.md
"""
import json
import os
import subprocess
import sys
import tempfile

# Session-level advice, not about what the statement does to a table: PSMigrate sets
# lock_timeout itself (LockWaitTimeout) and runs each revision in a transaction.
SESSION_RULES = {"require-lock-timeout", "require-statement-timeout", "prefer-robust-stmts", "require-timeout-settings"}

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "PSMigrate.Engine.Tests", "Hazards", "postgres-corpus.sql")


def cases(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("-- expect:"):
            expected = [r.strip() for r in lines[i][len("-- expect:"):].split(",") if r.strip() and r.strip() != "none"]
            j = i + 1
            body = []
            while j < len(lines) and lines[j] and not lines[j].startswith("-- expect:"):
                body.append(lines[j])
                j += 1
            yield "\n".join(body), expected
            i = j
        else:
            i += 1


def squawk(binary, sql):
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(sql + "\n")
        name = f.name
    try:
        out = subprocess.run([binary, "--reporter", "json", "--pg-version", "15.0", "--assume-in-transaction", name],
                             capture_output=True, text=True).stdout
        return sorted({v["rule_name"] for v in json.loads(out or "[]")})
    finally:
        os.unlink(name)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "squawk"
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    rows = []
    both = only_ours = only_squawk = neither = 0
    for number, (sql, ours) in enumerate(cases(CORPUS), 1):
        found = squawk(binary, sql)
        theirs = [r for r in found if r not in SESSION_RULES]
        if ours and theirs:
            both += 1
        elif ours:
            only_ours += 1
        elif theirs:
            only_squawk += 1
        else:
            neither += 1
        shown = sql.replace("|", "\\|").replace("\n", " ")
        rows.append(f"| {number} | `{shown}` | {', '.join(ours) or '-'} | {', '.join(theirs) or '-'} |")
    print(f"Compared with {version}, `--pg-version 15.0 --assume-in-transaction`; session-level rules left out: {', '.join(sorted(SESSION_RULES))}.")
    print()
    print(f"{len(rows)} statements: both flag {both}, only PSMigrate {only_ours}, only squawk {only_squawk}, neither {neither}.")
    print()
    print("| # | Statement | PSMigrate | squawk |")
    print("|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
