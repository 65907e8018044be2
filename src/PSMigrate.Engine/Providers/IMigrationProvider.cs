using System.Data.Common;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers;

/// <summary>One database engine behind one interface; everything dialect-specific hangs off it.</summary>
internal interface IMigrationProvider
{
    ProviderKind Kind { get; }

    ISqlDialect Dialect { get; }

    /// <summary>The dialect's SQL for PowerShell revisions' operations.</summary>
    ISchemaRenderer Renderer { get; }

    /// <summary>Rows into a table through the driver's bulk path, inside the revision's transaction.</summary>
    long BulkInsert(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows);

    /// <summary>Runs 'COPY ... FROM STDIN' with the data that followed it in the file, as psql sends it.</summary>
    void CopyIn(DbConnection connection, string copyStatement, string data);

    /// <summary>Makes the connection string independent of the current directory (SQLite file paths).</summary>
    string NormaliseConnectionString(string connectionString, string baseDirectory);

    /// <summary>The connection string with this user name and password put in (from -Credential).</summary>
    string WithCredential(string connectionString, string userName, string password);

    /// <summary>The connection string with every secret replaced, safe for any message.</summary>
    string Redact(string connectionString);

    /// <summary>A short name for the database (file, host/database, server/database), never a secret.</summary>
    string DisplayName(string connectionString);

    /// <summary>
    /// Why the database is not there, checked without creating it; null when it exists (or the
    /// server decides, as for PostgreSQL and SQL Server).
    /// </summary>
    DatabaseAbsence? FindAbsence(string connectionString);

    DbConnection Open(string connectionString);

    /// <summary>
    /// Makes the driver send the command's text as it is: the engine has already cut it into one
    /// statement, and a driver that splits at semicolons itself would cut a body apart.
    /// </summary>
    void SendAsWritten(DbCommand command);

    void SendAsWritten(DbBatchCommand command);

    /// <summary>
    /// Whether a revision's statements and its version rows can go to the server as one batch
    /// (one round trip, each statement still its own command with its own result and error).
    /// </summary>
    bool SupportsBatches { get; }

    /// <summary>Which command of a batch an error stopped at, or null when the driver cannot tell.</summary>
    int? FailedBatchCommand(DbBatch batch, DbException error);

    DbTransaction BeginTransaction(DbConnection connection);

    /// <summary>
    /// The statement that opens a transaction the engine ends with COMMIT or ROLLBACK, for work
    /// that needs no transaction object; null where the driver's transaction is always used.
    /// </summary>
    string? BeginStatement { get; }

    /// <summary>
    /// Takes the database-wide deployment lock for a whole run, so two pipelines cannot both
    /// apply a revision; released when disposed, quietly when the connection is already gone.
    /// </summary>
    IDisposable AcquireRunLock(DbConnection connection, string connectionString, VersionTables tables, TimeSpan timeout, Action<string> waiting, CancellationToken cancellation);

    /// <summary>What a driver exception means: the server's own message, where, and whether it was a timeout or a lost connection.</summary>
    DriverFailure Describe(Exception error, DbConnection? connection);

    /// <summary>
    /// Runs SQL that returns no rows on the driver's native handle, where that costs less than a
    /// command and behaves the same; false to have the session use a command.
    /// </summary>
    bool TryExecuteNative(DbConnection connection, string sql, int timeoutSeconds, out int changed);

    /// <summary>
    /// The rows of a one-statement query read on the driver's native handle (columns by name,
    /// NULL as null), where that costs less than a reader and gives the same values; null to
    /// have the session use a reader.
    /// </summary>
    IReadOnlyList<IReadOnlyDictionary<string, object?>>? QueryNative(DbConnection connection, string sql, int timeoutSeconds);

    /// <summary>
    /// Stops a running statement on the server (Ctrl+C); called from another thread. The command
    /// is null when the statement runs on the native handle.
    /// </summary>
    void Cancel(DbCommand? command, DbConnection connection);

    /// <summary>The driver's command timeout for the settings (SQLite's driver uses it only as the wait for a locked database).</summary>
    int CommandTimeout(int commandTimeout, int lockWaitTimeout);

    /// <summary>Applies the session's settings the driver keeps on the connection object rather than taking as SQL.</summary>
    void PrepareSession(DbConnection connection, SessionOptions options);

    /// <summary>Who holds locks on tables now, for a revision that gave up waiting for one; null where the database cannot say.</summary>
    string? DescribeLockHolders(DbConnection connection);

    /// <summary>Drops the driver's pooled connections for this database, so none stays open after a command.</summary>
    void ClearPool(DbConnection connection);

    /// <summary>
    /// What an offline script knows of the schema: SQLite replays the script's statements into a
    /// scratch database in memory (seeded from the live one when there is one); others know nothing.
    /// </summary>
    IOfflineCatalog CreateOfflineCatalog(DbConnection? seed);

    /// <summary>The tables and views of the session's schema as the catalog reports them, without the engine's own tables.</summary>
    DatabaseSchema ReadSchema(ISchemaCatalog catalog, VersionTables tables);

    /// <summary>An empty database for schema work (in the dev database when one is given), removed when disposed.</summary>
    Schema.IScratchDatabase CreateScratch(string connectionString, string? devConnectionString);

    /// <summary>The dialect's static hazard rules, fresh for one plan (they remember the tables the plan creates).</summary>
    Hazards.HazardRules CreateHazardRules();

    /// <summary>Whether <see cref="Measure"/> can say what a step locks and rewrites.</summary>
    bool CanMeasureSteps { get; }

    /// <summary>
    /// Runs a step's statements inside the open transaction and asks the database which existing
    /// tables it locked (and how strongly) and which it rewrote; null where the database cannot say.
    /// </summary>
    IReadOnlyList<Hazards.MeasuredEffect>? Measure(DbConnection connection, DbTransaction transaction, Action run);
}

/// <summary>The meaning of a driver exception, without the driver's types.</summary>
/// <param name="Message">The server's own message (with detail and hint where the driver has them).</param>
/// <param name="Position">1-based character position in the statement the server pointed at, if any.</param>
/// <param name="LineInStatement">1-based line in the statement (or T-SQL batch) the server named, if any.</param>
/// <param name="LineInData">For a failed COPY, the line of its data the server rejected.</param>
internal sealed record DriverFailure(DriverFailureKind Kind, string Message, int? Position = null, int? LineInStatement = null, int? LineInData = null);

internal enum DriverFailureKind
{
    Error,
    ConnectionLost,
    StatementTimeout,
    LockWaitTimeout,
    Cancelled,
}

/// <summary>An offline catalog kept in step with the script as statements are written.</summary>
internal interface IOfflineCatalog : ISchemaCatalog, IDisposable
{
    /// <summary>Applies a statement the script just wrote; failures are ignored (the catalog is best effort).</summary>
    void Apply(string statement);
}

/// <summary>For dialects whose renderers need no catalog offline.</summary>
internal sealed class NoOfflineCatalog : IOfflineCatalog
{
    public bool IsAvailable => false;

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql) => [];

    public void Apply(string statement)
    {
    }

    public void Dispose()
    {
    }
}
