using PSMigrate.Engine.Hazards;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.PostgreSql;

/// <summary>
/// PostgreSQL's static rules for the changes that lock a busy table or rewrite it. -Analyze
/// measures the same things in a scratch database instead of guessing; these are what a plan
/// says without it. Each names what to write instead.
/// </summary>
internal sealed class PostgreSqlHazardRules : HazardRules
{
    // Functions whose value differs per row: a column added with one as default is written into every row.
    private static readonly HashSet<string> Volatile = new(StringComparer.OrdinalIgnoreCase)
    {
        "random", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "clock_timestamp", "timeofday", "nextval", "txid_current", "random_normal",
    };

    private static readonly HashSet<string> SerialTypes = new(StringComparer.OrdinalIgnoreCase) { "serial", "serial4", "serial8", "bigserial", "smallserial", "serial2" };

    protected override SqlLexerOptions Lexing => PostgreSqlStatementSplitter.Lexing;

    protected override string? NewType(StatementPieces p, int afterColumn, int end)
    {
        var at = afterColumn;
        at += p.At(at, "SET", "DATA") ? 2 : 0;
        if (!p.At(at, "TYPE"))
        {
            return null;
        }

        var typeEnd = p.Find("USING", at + 1, end: end);
        typeEnd = typeEnd < 0 ? p.Find("COLLATE", at + 1, end: end) : typeEnd;
        return p.Text(at + 1, typeEnd < 0 ? end : typeEnd);
    }

    protected override IEnumerable<HazardFinding> CreateIndex(PlannedStatement statement, StatementPieces p, WrittenName table, bool unique)
    {
        if (!IsNew(table) && !p.Contains("CONCURRENTLY", end: p.Find("ON")))
        {
            yield return Blocking(HazardKind.Lock, "index-without-concurrently", table,
                $"builds {(unique ? "a unique index" : "an index")} on {table.Display} without CONCURRENTLY: a SHARE lock blocks every write to {table.Display} until the build ends. " +
                "Use CREATE INDEX CONCURRENTLY in a 'Transaction: none' revision", statement);
        }
    }

    protected override IEnumerable<HazardFinding> AlterTableAction(PlannedStatement statement, StatementPieces p, WrittenName table, int start, int end)
    {
        if (IsNew(table))
        {
            yield break;
        }

        if (p.At(start, "ADD") && !p.At(start + 1, "CONSTRAINT") && !IsConstraintKeyword(p[start + 1]))
        {
            var at = start + 1 + (p.At(start + 1, "COLUMN") ? 1 : 0);
            at += p.At(at, "IF", "NOT", "EXISTS") ? 3 : 0;
            if (p.Name(at) is var (column, afterColumn))
            {
                var name = $"{table.Display}.{column.Display}";
                if (RewritingDefault(p, afterColumn, end) is { } why)
                {
                    yield return Blocking(HazardKind.Rewrite, "volatile-default", table,
                        $"adds column {name} {why}, so every row of {table.Display} is rewritten under an ACCESS EXCLUSIVE lock. " +
                        "Add the column without it, fill it in batches, then set the default", statement);
                }

                // A new column is NULL in every row, so an inline REFERENCES or CHECK has nothing to check; an inline UNIQUE still builds an index.
                var unique = Math.Max(p.Find("UNIQUE", afterColumn, end: end), p.Find("PRIMARY", afterColumn, end: end));
                foreach (var finding in unique > 0 ? Constraint(statement, p, table, unique, end) : [])
                {
                    yield return finding;
                }
            }

            yield break;
        }

        if (p.At(start, "ADD"))
        {
            var at = start + 1;
            at += p.At(at, "CONSTRAINT") && p.Name(at + 1) is var (_, afterName) ? afterName - at : 0;
            foreach (var finding in Constraint(statement, p, table, at, end))
            {
                yield return finding;
            }

            yield break;
        }

        if (p.At(start, "ALTER"))
        {
            var at = start + 1 + (p.At(start + 1, "COLUMN") ? 1 : 0);
            if (p.Name(at) is not var (column, afterColumn))
            {
                yield break;
            }

            var name = $"{table.Display}.{column.Display}";
            if (NewType(p, afterColumn, end) is { } type)
            {
                yield return Blocking(HazardKind.Rewrite, "column-type-change", table,
                    $"changes the type of {name} to {type}: unless the old type converts without a check (varchar to a longer varchar or text, numeric to more digits), every row of {table.Display} is rewritten " +
                    "and its indexes rebuilt under an ACCESS EXCLUSIVE lock (-Analyze measures which)", statement);
            }
            else if (p.At(afterColumn, "SET", "NOT", "NULL"))
            {
                yield return Blocking(HazardKind.Lock, "set-not-null", table,
                    $"makes {name} NOT NULL: every row of {table.Display} is read under an ACCESS EXCLUSIVE lock to check it. " +
                    $"Add CHECK ({column.Sql} IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL (PostgreSQL 12+ then skips the scan)", statement);
            }
        }
    }

    private IEnumerable<HazardFinding> Constraint(PlannedStatement statement, StatementPieces p, WrittenName table, int start, int end)
    {
        var notValid = p.Contains("NOT", start, end) && p.Find("VALID", start, end: end) > 0;
        if (p.At(start, "FOREIGN", "KEY"))
        {
            if (!notValid)
            {
                var references = p.Find("REFERENCES", start, end: end);
                var parent = references > 0 && p.Name(references + 1) is var (referenced, _) ? referenced.Display : "the referenced table";
                yield return Blocking(HazardKind.Lock, "foreign-key-validated", table,
                    $"adds a foreign key on {table.Display} and checks every row at once, holding SHARE ROW EXCLUSIVE locks on {table.Display} and {parent} (writes blocked). " +
                    "Add it NOT VALID, then VALIDATE CONSTRAINT in a later step", statement);
            }
        }
        else if (p.At(start, "CHECK") && !notValid)
        {
            yield return Blocking(HazardKind.Lock, "check-validated", table,
                $"adds a CHECK constraint on {table.Display} and checks every row under an ACCESS EXCLUSIVE lock. Add it NOT VALID, then VALIDATE CONSTRAINT", statement);
        }
        else if ((p.At(start, "UNIQUE") || p.At(start, "PRIMARY", "KEY")) && !p.Contains("USING", start, end))
        {
            var what = p.At(start, "UNIQUE") ? "a UNIQUE constraint" : "a PRIMARY KEY";
            yield return Blocking(HazardKind.Lock, "unique-constraint", table,
                $"adds {what} to {table.Display}: its index is built under an ACCESS EXCLUSIVE lock (reads and writes blocked). " +
                "Build a unique index CONCURRENTLY first, then ADD CONSTRAINT ... USING INDEX", statement);
        }
    }

    private static bool IsConstraintKeyword(Piece piece) =>
        piece.Is("FOREIGN") || piece.Is("CHECK") || piece.Is("UNIQUE") || piece.Is("PRIMARY") || piece.Is("EXCLUDE");

    /// <summary>Why an added column makes PostgreSQL write every row (a volatile default, serial, a stored generated column), or null.</summary>
    private static string? RewritingDefault(StatementPieces p, int afterColumn, int end)
    {
        if (p[afterColumn].IsName && SerialTypes.Contains(p[afterColumn].Text))
        {
            return $"of type {p[afterColumn].Text} (a sequence value per row)";
        }

        if (p.Find("GENERATED", afterColumn, end: end) is var generated and > 0)
        {
            if (p.Contains("STORED", generated, end))
            {
                return "as a stored generated column";
            }

            if (p.Contains("IDENTITY", generated, end))
            {
                return "as an identity column (a sequence value per row)";
            }
        }

        var @default = p.Find("DEFAULT", afterColumn, end: end);
        if (@default < 0)
        {
            return null;
        }

        for (var i = @default + 1; i < end; i++)
        {
            if (p[i].IsName && p[i + 1].IsSymbol('(') && Volatile.Contains(p[i].Text))
            {
                return $"with the volatile default {p[i].Text}()";
            }

            if (p[i].Depth == p[@default].Depth && p[i].Kind == PieceKind.Word && p[i].Text.ToUpperInvariant() is "NOT" or "NULL" or "CHECK" or "REFERENCES" or "CONSTRAINT" or "UNIQUE" or "PRIMARY" && i > @default + 1)
            {
                break;
            }
        }

        return null;
    }

    protected override IEnumerable<HazardFinding> Other(PlannedStatement statement, StatementPieces p)
    {
        if (p.At(0, "VACUUM") && p.At(1, "FULL") && p.Name(2) is var (vacuumed, _))
        {
            yield return Blocking(HazardKind.Rewrite, "vacuum-full", vacuumed, $"rewrites table {vacuumed.Display} under an ACCESS EXCLUSIVE lock (VACUUM FULL)", statement);
        }
        else if (p.At(0, "CLUSTER") && p.Name(1 + (p.At(1, "VERBOSE") ? 1 : 0)) is var (clustered, _))
        {
            yield return Blocking(HazardKind.Rewrite, "cluster", clustered, $"rewrites table {clustered.Display} in index order under an ACCESS EXCLUSIVE lock (CLUSTER)", statement);
        }
        else if (p.At(0, "REINDEX") && !p.Contains("CONCURRENTLY") && p.At(1, "TABLE") && p.Name(2) is var (reindexed, _))
        {
            yield return Blocking(HazardKind.Lock, "reindex-without-concurrently", reindexed,
                $"rebuilds the indexes of {reindexed.Display} blocking its writes (REINDEX without CONCURRENTLY)", statement);
        }
    }
}
