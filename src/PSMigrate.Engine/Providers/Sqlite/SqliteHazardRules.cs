using PSMigrate.Engine.Hazards;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.Sqlite;

/// <summary>
/// SQLite's rules: its locks are database-wide and short, so what matters is the table rebuild
/// (a new table, every row copied, the old one dropped, the new one renamed) that most table
/// changes need. A rebuild's DROP TABLE is a copy, not a loss; a column the copy leaves out is.
/// </summary>
internal sealed class SqliteHazardRules : HazardRules
{
    protected override SqlLexerOptions Lexing => SqliteStatementSplitter.Options;

    protected override string? NewType(StatementPieces p, int afterColumn, int end) => null;

    protected override StepFindings Step(IReadOnlyList<PlannedStatement> statements, IReadOnlyList<IReadOnlyList<StatementPieces>> read, StepFindings findings)
    {
        var renames = new List<(int Index, string From, string To)>();
        var copies = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < statements.Count; index++)
        {
            foreach (var p in read[index])
            {
                if (p.At(0, "ALTER", "TABLE") && p.Name(2) is var (from, next) && p.At(next, "RENAME", "TO") && p.Name(next + 2) is var (to, _))
                {
                    renames.Add((index, from.Last, to.Last));
                }
                else if (p.At(0, "INSERT", "INTO") && p.Name(2) is var (target, afterTarget) && p.Find("FROM", afterTarget) is var fromAt and > 0 && p.Name(fromAt + 1) is var (source, _))
                {
                    copies[$"{source.Last}>{target.Last}"] = p[afterTarget].IsSymbol('(')
                        ? p.Parts(afterTarget + 1, p.Closing(afterTarget), depth: p[afterTarget].Depth + 1).Select(part => StatementPieces.Unquote(p[part.Start])).ToList()
                        : null;
                }
            }
        }

        var hazards = new List<HazardFinding>();
        var checks = findings.Checks.ToList();
        foreach (var finding in findings.Hazards)
        {
            var table = finding.Count?.Table;
            var at = finding.Statement is null ? -1 : IndexOf(statements, finding.Statement);
            var rebuild = finding.Rule == "drop-table" && table is { } dropped
                ? renames.FirstOrDefault(r => r.Index > at && r.To.Equals(dropped.Last, StringComparison.OrdinalIgnoreCase))
                : default;
            if (rebuild.From is null)
            {
                hazards.Add(finding);
                continue;
            }

            var copied = copies.TryGetValue($"{table!.Value.Last}>{rebuild.From}", out var columns) ? columns : [];
            hazards.Add(finding with
            {
                Kind = HazardKind.Rebuild,
                Severity = HazardSeverity.Warning,
                Rule = "table-rebuild",
                Action = $"rebuilds table {table.Value.Display}: every row is copied into a new table, which then replaces it (the database is locked for writes meanwhile)",
            });
            checks.Add(new RebuildCheck(table.Value, copied, finding.Statement!));
        }

        return new StepFindings(hazards, checks);
    }

    private static int IndexOf(IReadOnlyList<PlannedStatement> statements, PlannedStatement statement)
    {
        for (var i = 0; i < statements.Count; i++)
        {
            if (ReferenceEquals(statements[i], statement))
            {
                return i;
            }
        }

        return -1;
    }
}
