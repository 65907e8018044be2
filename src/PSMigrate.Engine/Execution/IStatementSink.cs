using PSMigrate.Engine.Operations;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// Where the step executor sends a step's statements: a live connection, or an offline script.
/// The executor frames every step the same way for both, so a script is, statement for
/// statement, what a live run executes.
/// </summary>
internal interface IStatementSink
{
    bool IsOffline { get; }

    /// <summary>What renderers may read about the schema before the statements they render.</summary>
    ISchemaCatalog Catalog { get; }

    /// <summary>A note for the reader of a script; nothing live.</summary>
    void Comment(string text);

    /// <summary>Opens the transaction; <paramref name="forPowerShell"/> when PowerShell code runs in it and may need the driver's transaction object.</summary>
    void Begin(bool forPowerShell = false);

    void Commit();

    /// <summary>Undoes an open transaction after a failure (live); quiet when there is nothing to undo.</summary>
    void Rollback();

    /// <summary>A statement of a revision (live: executed; offline: written, and applied to the offline catalog).</summary>
    void Execute(string sql, int repeat = 1);

    /// <summary>'COPY ... FROM STDIN' with its data (live: the driver's COPY; offline: written as psql reads it).</summary>
    void Copy(string sql, string data);

    /// <summary>Whether <see cref="ExecuteBatch"/> sends its statements in one round trip (live, on a driver with batches).</summary>
    bool CanBatch { get; }

    /// <summary>Statements in one round trip, each with its changed-row count; a failure is a <see cref="BatchCommandFailedException"/>.</summary>
    IReadOnlyList<int> ExecuteBatch(IReadOnlyList<string> statements);

    /// <summary>A statement of the engine's frame around a revision (live: executed; offline: written).</summary>
    void ExecuteFrame(string sql);

    /// <summary>
    /// The engine's version and history rows (live: executed, each checked for the rows it must
    /// change, a mismatch being a concurrent change; offline: written).
    /// </summary>
    void Bookkeep(IReadOnlyList<BookkeepingStatement> statements);

    /// <summary>Rows of a query (live only; offline it is an error the caller explains).</summary>
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql);

    /// <summary>Rows into a table: the driver's bulk path live, INSERT statements offline.</summary>
    long InsertRows(string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows);
}
