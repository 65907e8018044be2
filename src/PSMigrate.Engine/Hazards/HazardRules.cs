using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Hazards;

/// <summary>
/// Static rules over a step's statements. The base reads what every dialect writes alike (DROP
/// TABLE, TRUNCATE, DELETE and UPDATE without WHERE, ALTER TABLE ... DROP COLUMN and type
/// changes); each provider adds its own rules for locks and rewrites in its folder.
/// Tables created earlier in the same plan are new and empty: rules about locks and data skip them.
/// </summary>
internal abstract class HazardRules
{
    // Every rule that finds data loss, or asks the live database whether a change loses some,
    // starts at one of these words (HazardRulesFuzzTests holds the rules to it).
    private static readonly string[] DestructiveWords = ["DROP", "TRUNCATE", "DELETE", "UPDATE", "ALTER"];

    private readonly HashSet<string> created = new(StringComparer.OrdinalIgnoreCase);

    // Existing tables this plan drops: a new table renamed to one of their names is a rebuild that holds their rows.
    private readonly HashSet<string> replaced = new(StringComparer.OrdinalIgnoreCase);

    protected abstract SqlLexerOptions Lexing { get; }

    /// <summary>Said after a static lock or rewrite rule's detail, for an engine whose rules are not checked against a live server.</summary>
    protected virtual string StaticNote => string.Empty;

    /// <summary>Findings of one step's statements, in order; call for each step of a plan in turn.</summary>
    public StepFindings Find(IReadOnlyList<PlannedStatement> statements)
    {
        var hazards = new List<HazardFinding>();
        var checks = new List<LiveCheck>();
        var read = new List<IReadOnlyList<StatementPieces>>(statements.Count);
        foreach (var statement in statements)
        {
            var pieces = StatementPieces.Read(statement.Sql, Lexing).SelectMany(Statements).ToList();
            foreach (var one in pieces)
            {
                Read(statement, one, hazards, checks);
            }

            read.Add(pieces);
        }

        return Step(statements, read, new StepFindings(hazards, checks));
    }

    /// <summary>
    /// False when no rule could find data loss in the statement: none of the words those rules
    /// start at is in it, not even in a comment. A quick test, so a run that only has to refuse
    /// data loss need not read every statement of a long plan.
    /// </summary>
    /// <remarks>
    /// A plain scan: a multi-word SearchValues was JIT-compiled and built in every process that
    /// ran a plan (~3 ms), for statements a few dozen characters long.
    /// </remarks>
    public static bool MayDestroyData(string sql)
    {
        var text = sql.AsSpan();
        for (var at = 0; at < text.Length; at++)
        {
            // Each word's first letter is ASCII, and so is anything equal to it ignoring case.
            if ((text[at] | 0x20) is 'd' or 't' or 'u' or 'a')
            {
                foreach (var word in DestructiveWords)
                {
                    if (text[at..].StartsWith(word, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Whether the table was created earlier in this plan (new, so nobody else uses it and it holds no old data).</summary>
    protected bool IsNew(WrittenName table) => created.Contains(table.Last);

    /// <summary>Where a dialect whose statements need no semicolon (T-SQL) starts another statement inside one piece of text.</summary>
    protected virtual IEnumerable<StatementPieces> Statements(StatementPieces pieces) => [pieces];

    /// <summary>
    /// Lets a dialect turn a step's findings into others (SQLite's rebuild: drop + rename is a
    /// copy, not a loss), reading the statements as already cut (<paramref name="read"/>[i] is statements[i]'s).
    /// </summary>
    protected virtual StepFindings Step(IReadOnlyList<PlannedStatement> statements, IReadOnlyList<IReadOnlyList<StatementPieces>> read, StepFindings findings) => findings;

    private void Read(PlannedStatement statement, StatementPieces p, List<HazardFinding> hazards, List<LiveCheck> checks)
    {
        if (p.At(0, "CREATE"))
        {
            var at = 1;
            while (p[at].Is("TEMP") || p[at].Is("TEMPORARY") || p[at].Is("UNLOGGED") || p[at].Is("GLOBAL") || p[at].Is("LOCAL"))
            {
                at++;
            }

            if (p.At(at, "TABLE"))
            {
                at++;
                at += p.At(at, "IF", "NOT", "EXISTS") ? 3 : 0;
                if (p.Name(at) is var (table, _))
                {
                    created.Add(table.Last);
                }

                return;
            }

            var unique = p.At(at, "UNIQUE");
            at += unique ? 1 : 0;
            if (p.At(at, "INDEX") || p[at].Is("CLUSTERED") || p[at].Is("NONCLUSTERED"))
            {
                var on = p.Find("ON", at);
                if (on > 0 && p.Name(on + (p.At(on + 1, "ONLY") ? 2 : 1)) is var (indexed, _))
                {
                    hazards.AddRange(CreateIndex(statement, p, indexed, unique));
                }

                return;
            }
        }

        if (p.At(0, "DROP", "TABLE"))
        {
            var at = 2 + (p.At(2, "IF", "EXISTS") ? 2 : 0);
            foreach (var (start, _) in p.Parts(at, p.Count))
            {
                if (p.Name(start) is not var (table, _))
                {
                    continue;
                }

                if (!created.Remove(table.Last))
                {
                    replaced.Add(table.Last);
                    hazards.Add(Loss("drop-table", table.Display, $"drops table {table.Display}", statement, new RowCount(table)));
                }
            }

            return;
        }

        if (p.At(0, "TRUNCATE"))
        {
            var at = 1 + (p.At(1, "TABLE") ? 1 : 0);
            foreach (var (start, _) in p.Parts(at, p.Count))
            {
                var first = start + (p.At(start, "ONLY") ? 1 : 0);
                if (p.Name(first) is var (table, _) && !IsNew(table))
                {
                    hazards.Add(Loss("truncate", table.Display, $"empties table {table.Display}", statement, new RowCount(table)));
                }
            }

            return;
        }

        if (p.At(0, "DELETE"))
        {
            var at = 1 + (p.At(1, "FROM") ? 1 : 0) + (p.At(1, "FROM", "ONLY") ? 1 : 0);
            if (p.Name(at) is var (table, _) && !p.Contains("WHERE") && !IsNew(table))
            {
                hazards.Add(Loss("delete-without-where", table.Display, $"deletes every row of {table.Display} (no WHERE)", statement, new RowCount(table)));
            }

            return;
        }

        if (p.At(0, "UPDATE"))
        {
            var at = 1 + (p.At(1, "ONLY") ? 1 : 0);
            if (p.Name(at) is var (table, _) && !p.Contains("WHERE") && !IsNew(table))
            {
                hazards.Add(Loss("update-without-where", table.Display, $"overwrites every row of {table.Display} (no WHERE)", statement, new RowCount(table)));
            }

            return;
        }

        if (p.At(0, "ALTER", "TABLE"))
        {
            var at = 2 + (p.At(2, "IF", "EXISTS") ? 2 : 0);
            at += p.At(at, "ONLY") ? 1 : 0;
            if (p.Name(at) is not var (table, next))
            {
                return;
            }

            // A table new in this plan stays new under its new name, unless the name is that of a table it replaces.
            if (p.At(next, "RENAME", "TO") && p.Name(next + 2) is var (renamed, _) && created.Remove(table.Last))
            {
                if (!replaced.Contains(renamed.Last))
                {
                    created.Add(renamed.Last);
                }

                return;
            }

            var droppingColumns = false;
            foreach (var (start, end) in p.Parts(next, p.Count))
            {
                droppingColumns = AlterTable(statement, p, table, start, end, droppingColumns, hazards, checks);
            }

            return;
        }

        hazards.AddRange(Other(statement, p));
    }

    /// <summary>One action of ALTER TABLE; returns whether a bare name after it is another dropped column (T-SQL's DROP COLUMN a, b).</summary>
    private bool AlterTable(PlannedStatement statement, StatementPieces p, WrittenName table, int start, int end, bool droppingColumns,
        List<HazardFinding> hazards, List<LiveCheck> checks)
    {
        var isNew = IsNew(table);
        if (p.At(start, "DROP") || (droppingColumns && p[start].IsName && p.Name(start) is var (_, after) && after == end))
        {
            var at = p.At(start, "DROP") ? start + 1 : start;
            var explicitColumn = p.At(at, "COLUMN");
            at += explicitColumn ? 1 : 0;
            at += p.At(at, "IF", "EXISTS") ? 2 : 0;
            var isColumn = explicitColumn || (at > start && !IsNonColumnDrop(p[at])) || droppingColumns;
            if (isColumn && p.Name(at) is var (column, _))
            {
                if (!isNew)
                {
                    var name = $"{table.Display}.{column.Display}";
                    hazards.Add(Loss("drop-column", name, $"drops column {name}", statement, new RowCount(table, column)));
                }

                return true;
            }

            return false;
        }

        if (p.At(start, "ALTER"))
        {
            var at = start + 1 + (p.At(start + 1, "COLUMN") ? 1 : 0);
            if (p.Name(at) is var (column, afterColumn) && NewType(p, afterColumn, end) is { } type && !isNew)
            {
                checks.Add(new TypeChangeCheck(table, column, type, statement));
            }
        }

        hazards.AddRange(AlterTableAction(statement, p, table, start, end));
        return false;
    }

    private static bool IsNonColumnDrop(Piece piece) =>
        piece.Kind == PieceKind.Word && piece.Text.ToUpperInvariant() is "CONSTRAINT" or "INDEX" or "DEFAULT" or "NOT" or "IDENTITY" or "EXPRESSION"
            or "PRIMARY" or "FOREIGN" or "UNIQUE" or "CHECK" or "PERIOD" or "SYSTEM" or "KEY";

    /// <summary>The new type an ALTER COLUMN action gives, if it gives one (the dialect says how it is written).</summary>
    protected abstract string? NewType(StatementPieces p, int afterColumn, int end);

    protected virtual IEnumerable<HazardFinding> CreateIndex(PlannedStatement statement, StatementPieces p, WrittenName table, bool unique) => [];

    protected virtual IEnumerable<HazardFinding> AlterTableAction(PlannedStatement statement, StatementPieces p, WrittenName table, int start, int end) => [];

    protected virtual IEnumerable<HazardFinding> Other(PlannedStatement statement, StatementPieces p) => [];

    protected static HazardFinding Loss(string rule, string @object, string action, PlannedStatement statement, RowCount count) =>
        new(HazardKind.DataLoss, HazardSeverity.Critical, rule, @object, action, statement) { Count = count };

    /// <summary>A lock or rewrite from a static rule; the rows of the table are counted, since they decide how long it lasts.</summary>
    protected HazardFinding Blocking(HazardKind kind, string rule, WrittenName table, string action, PlannedStatement statement) =>
        new(kind, HazardSeverity.Warning, rule, table.Display, action + StaticNote, statement) { Count = new RowCount(table) };
}
