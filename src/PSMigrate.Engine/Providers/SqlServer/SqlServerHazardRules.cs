using PSMigrate.Engine.Hazards;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.SqlServer;

/// <summary>
/// SQL Server's static rules. There is no server here to measure against, so every lock rule
/// says it is a static rule, not run live.
/// </summary>
internal sealed class SqlServerHazardRules : HazardRules
{
    private static readonly HashSet<string> Starts = new(StringComparer.OrdinalIgnoreCase)
    {
        "CREATE", "TRUNCATE", "DELETE", "UPDATE", "INSERT", "MERGE", "EXEC", "EXECUTE", "SELECT", "DECLARE", "PRINT", "IF", "SET",
    };

    private static readonly HashSet<string> Objects = new(StringComparer.OrdinalIgnoreCase)
    {
        "TABLE", "VIEW", "INDEX", "PROCEDURE", "PROC", "FUNCTION", "TRIGGER", "SCHEMA", "TYPE", "SYNONYM", "DATABASE",
    };

    protected override SqlLexerOptions Lexing => SqlServerBatchSplitter.Lexing;

    protected override string StaticNote => " (static rule; SQL Server is not run live here)";

    /// <summary>A batch may hold several statements without semicolons; each starts a line with its keyword.</summary>
    protected override IEnumerable<StatementPieces> Statements(StatementPieces pieces)
    {
        var start = 0;
        for (var i = 1; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            var starts = piece.StartsLine && piece.Depth == 0 && piece.Kind == PieceKind.Word &&
                         (Starts.Contains(piece.Text) || ((piece.Is("ALTER") || piece.Is("DROP")) && Objects.Contains(pieces[i + 1].Text)));
            if (starts)
            {
                yield return pieces.Slice(start, i);
                start = i;
            }
        }

        yield return pieces.Slice(start, pieces.Count);
    }

    protected override string? NewType(StatementPieces p, int afterColumn, int end)
    {
        if (p[afterColumn].Is("ADD") || p[afterColumn].Is("DROP") || !p[afterColumn].IsName)
        {
            return null;
        }

        var typeEnd = afterColumn + 1;
        while (typeEnd < end && !p[typeEnd].Is("NULL") && !p[typeEnd].Is("NOT") && !p[typeEnd].Is("COLLATE") && !p[typeEnd].Is("WITH"))
        {
            typeEnd++;
        }

        return p.Text(afterColumn, typeEnd);
    }

    protected override IEnumerable<HazardFinding> CreateIndex(PlannedStatement statement, StatementPieces p, WrittenName table, bool unique)
    {
        if (!IsNew(table) && !(p.Contains("ONLINE", depth: 1) && p.Contains("ON", p.Find("ONLINE", depth: 1) + 1, depth: 1)))
        {
            yield return Blocking(HazardKind.Lock, "index-offline", table,
                $"builds an index on {table.Display} offline: a shared lock blocks writes to {table.Display} until it is built. Add WITH (ONLINE = ON) where the edition allows", statement);
        }
    }

    protected override IEnumerable<HazardFinding> AlterTableAction(PlannedStatement statement, StatementPieces p, WrittenName table, int start, int end)
    {
        if (IsNew(table))
        {
            yield break;
        }

        if (p.At(start, "ALTER", "COLUMN") && p.Name(start + 2) is var (column, afterColumn) && NewType(p, afterColumn, end) is not null)
        {
            yield return Blocking(HazardKind.Rewrite, "column-alter", table,
                $"alters column {table.Display}.{column.Display}: a type or size change may touch every row under a schema-modification lock (reads and writes blocked)", statement);
        }
        // SSMS scripts a key as 'WITH CHECK ADD CONSTRAINT ...'; 'WITH NOCHECK' skips the check.
        else if (p.At(start + (p.At(start, "WITH") ? 2 : 0), "ADD") && !p.At(start, "WITH", "NOCHECK") && p.Contains("FOREIGN", start, end))
        {
            yield return Blocking(HazardKind.Lock, "foreign-key-validated", table,
                $"adds a foreign key to {table.Display} and checks every row while holding its lock. WITH NOCHECK skips the check but leaves the key untrusted", statement);
        }
    }
}
