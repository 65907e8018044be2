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

    public void Begin(bool forPowerShell = false) => session.Begin(forPowerShell);

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

    public bool CanBatch => session.Provider.SupportsBatches;

    public IReadOnlyList<int> ExecuteBatch(IReadOnlyList<string> statements) => session.ExecuteBatch(statements);

    public void ExecuteFrame(string sql) => session.Execute(sql);

    /// <summary>The version rows, in one round trip where the driver has batches; each one's changed rows checked.</summary>
    public void Bookkeep(IReadOnlyList<BookkeepingStatement> statements)
    {
        IReadOnlyList<int> changed;
        if (CanBatch && statements.Count > 1)
        {
            try
            {
                changed = session.ExecuteBatch(statements.Select(s => s.Sql).ToList());
            }
            catch (BatchCommandFailedException failed)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed.InnerException!);
                throw;
            }
        }
        else
        {
            var each = new int[statements.Count];
            for (var i = 0; i < each.Length; i++)
            {
                each[i] = session.Execute(statements[i].Sql);
            }

            changed = each;
        }

        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i].ExpectedRows is { } expected && changed[i] != expected)
            {
                throw new ConcurrentChangeException(statements[i].Sql, expected, changed[i]);
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
