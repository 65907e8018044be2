using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// Statements written as an offline script, block by block (one block per step). Each
/// revision statement is also applied to the offline catalog, so later renderers read the
/// schema as the script leaves it.
/// </summary>
internal sealed class ScriptSink(ISqlDialect dialect, IOfflineCatalog catalog, bool restoreSchema) : IStatementSink
{
    private readonly List<string> lines = [];
    private bool inTransaction;

    public bool IsOffline => true;

    public ISchemaCatalog Catalog => catalog;

    private ScriptFormat Format => dialect.Script;

    /// <summary>The lines written since the last call.</summary>
    public string TakeBlock()
    {
        var block = string.Join('\n', lines);
        lines.Clear();
        return block;
    }

    public void Line(string text) => lines.Add(text);

    public void Comment(string text) => lines.Add(Format.Comment(text));

    public void Begin(bool forPowerShell = false)
    {
        lines.Add(Format.Begin);
        inTransaction = true;
        Guarded();
    }

    public void Commit()
    {
        lines.Add(Format.Commit);
        inTransaction = false;
        Guarded();
    }

    public void Rollback()
    {
    }

    public void Execute(string sql, int repeat = 1)
    {
        for (var run = 0; run < repeat; run++)
        {
            lines.Add(Format.Statement(sql));
            Guarded();
        }

        catalog.Apply(sql);
    }

    /// <summary>Each statement the client might run past on failure is followed by the dialect's guard, if it has one.</summary>
    private void Guarded()
    {
        if (Format.Guard(inTransaction) is { } guard)
        {
            lines.Add(guard);
        }
    }

    public void Copy(string sql, string data)
    {
        lines.Add(Format.Statement(sql));
        if (data.Length > 0)
        {
            lines.Add(data.EndsWith('\n') ? data[..^1] : data);
        }

        lines.Add("\\.");
    }

    public bool CanBatch => false;

    public IReadOnlyList<int> ExecuteBatch(IReadOnlyList<string> statements) =>
        throw new InvalidOperationException("A script is written statement by statement.");

    public void ExecuteFrame(string sql)
    {
        lines.Add(Format.Statement(sql));
        Guarded();
    }

    public void Bookkeep(IReadOnlyList<BookkeepingStatement> statements)
    {
        if (restoreSchema)
        {
            lines.AddRange(Format.RestoreSchema);
        }

        foreach (var statement in statements)
        {
            lines.Add(Format.Statement(statement.Sql));
            Guarded();
        }
    }

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql) =>
        throw new InvalidOperationException("An offline script cannot read from the database.");

    public long InsertRows(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows) =>
        throw new InvalidOperationException("Offline, rows are written as INSERT statements by the operations.");
}
