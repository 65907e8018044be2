using PSMigrate.Engine.Operations;

namespace PSMigrate.Engine.Execution;

/// <summary>Statements executed on the run's connection, inside the step's transaction.</summary>
internal sealed class LiveSink(DatabaseSession session) : IStatementSink, ISchemaCatalog
{
    public bool IsOffline => false;

    public ISchemaCatalog Catalog => this;

    bool ISchemaCatalog.IsAvailable => true;

    public DatabaseSession Session => session;

    public void Comment(string text)
    {
    }

    public void Begin() => session.Begin();

    public void Commit() => session.Commit();

    public void Rollback() => session.Rollback();

    public void Execute(string sql, int repeat = 1)
    {
        for (var run = 0; run < repeat; run++)
        {
            session.Execute(sql);
        }
    }

    public void Copy(string sql, string data) => session.Copy(sql, data);

    public void ExecuteFrame(string sql) => session.Execute(sql);

    public void Bookkeep(IReadOnlyList<BookkeepingStatement> statements)
    {
        foreach (var statement in statements)
        {
            var changed = session.Execute(statement.Sql);
            if (statement.ExpectedRows is { } expected && changed != expected)
            {
                throw new ConcurrentChangeException(statement.Sql, expected, changed);
            }
        }
    }

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql) => session.Query(sql);

    public long InsertRows(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows) =>
        session.Provider.BulkInsert(session.Connection, session.Transaction, table, columns, rows);
}

/// <summary>A version-table statement changed another number of rows than the plan expected.</summary>
internal sealed class ConcurrentChangeException(string sql, int expected, int changed)
    : Exception($"'{sql}' changed {changed} row(s) where {expected} was expected.");
