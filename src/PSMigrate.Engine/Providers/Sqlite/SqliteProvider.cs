using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.Sqlite;

internal sealed partial class SqliteProvider : AdoNetProvider<SqliteConnectionStringBuilder>
{
    public override ProviderKind Kind => ProviderKind.Sqlite;

    public override ISqlDialect Dialect { get; } = new SqliteDialect();

    public override ISchemaRenderer Renderer => new SqliteSchemaRenderer(Dialect);

    /// <summary>One prepared INSERT, re-run per row inside the revision's transaction.</summary>
    public override long BulkInsert(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var name = QualifiedName.Parse(table);
        return SqliteBulkInsert.Insert((SqliteConnection)connection, (SqliteTransaction?)transaction,
            Dialect.TableName(name.Schema, name.Name), columns.Select(Dialect.QuoteIdentifier).ToArray(), rows);
    }

    // SQLite has no user; a password is SQLCipher's key, for builds that include it.
    protected override string? UserNameKey => null;

    protected override string DisplayName(SqliteConnectionStringBuilder builder) => builder.DataSource;

    public override string NormaliseConnectionString(string connectionString, string baseDirectory)
    {
        var builder = Parse(connectionString);
        var source = builder.DataSource;
        if (!IsInMemory(builder) && !source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(source))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(baseDirectory, source));
        }

        return builder.ConnectionString;
    }

    public override DatabaseAbsence? FindAbsence(string connectionString)
    {
        var builder = Parse(connectionString);
        if (IsInMemory(builder))
        {
            return new DatabaseAbsence(true, "The SQLite database is in memory: it starts empty and nothing is kept.");
        }

        var file = builder.DataSource;
        if (file.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || File.Exists(file))
        {
            return null;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        return folder is not null && !Directory.Exists(folder)
            ? new DatabaseAbsence(false, $"The SQLite database '{file}' cannot exist: its folder '{folder}' does not exist. Check the path in the connection string.")
            : new DatabaseAbsence(true, $"The SQLite database '{file}' does not exist yet, so nothing has been applied to it; the first upgrade creates it. Check the path if you expected an existing database.");
    }

    // IMMEDIATE takes SQLite's write lock at BEGIN, so a second writer waits instead of
    // failing halfway through a revision.
    public override DbTransaction BeginTransaction(DbConnection connection) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: false);

    // The driver's transaction costs a command, a statement list and a rollback hook at each
    // end; a revision of .sql needs none of them, its statements running on the native handle.
    public override string? BeginStatement => "BEGIN IMMEDIATE";

    /// <summary>
    /// An exclusive lock on a file beside the database. SQLite's own locks last one transaction;
    /// this one spans the run, and works the same on Linux, macOS and Windows.
    /// </summary>
    public override IDisposable AcquireRunLock(DbConnection connection, string connectionString, VersionTables tables, TimeSpan timeout, Action<string> waiting, CancellationToken cancellation)
    {
        var builder = Parse(connectionString);
        if (IsInMemory(builder))
        {
            return RunLock.Acquire(() => true, () => { }, timeout, waiting, "an in-memory database", cancellation);
        }

        var path = builder.DataSource + ".psmigrate-lock";
        FileStream? stream = null;
        bool TryLock()
        {
            try
            {
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }

        return RunLock.Acquire(TryLock, () => stream?.Dispose(), timeout, waiting, $"SQLite file {builder.DataSource}", cancellation);
    }

    public override DriverFailure Describe(Exception error, DbConnection? connection) => error switch
    {
        SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_INTERRUPT } e => new DriverFailure(DriverFailureKind.Cancelled, ServerMessage(e)),
        SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED } e => new DriverFailure(DriverFailureKind.LockWaitTimeout, ServerMessage(e)),
        SqliteException e => new DriverFailure(DriverFailureKind.Error, ServerMessage(e)),
        _ => new DriverFailure(DriverFailureKind.Error, error.Message),
    };

    // Microsoft.Data.Sqlite retries a busy database until the command timeout; SQLite has no
    // limit on a running statement, so the command timeout is the lock wait.
    public override int CommandTimeout(int commandTimeout, int lockWaitTimeout) => lockWaitTimeout > 0 ? lockWaitTimeout : commandTimeout;

    // The driver retries a busy BEGIN IMMEDIATE and COMMIT for the connection's default timeout
    // (30 s unless the connection string says otherwise), whatever busy_timeout says.
    public override void PrepareSession(DbConnection connection, SessionOptions options)
    {
        if (options.LockWaitTimeoutSeconds > 0)
        {
            ((SqliteConnection)connection).DefaultTimeout = options.LockWaitTimeoutSeconds;
        }
    }

    public override bool TryExecuteNative(DbConnection connection, string sql, int timeoutSeconds, out int changed)
    {
        changed = SqliteNativeStatements.Execute((SqliteConnection)connection, sql, timeoutSeconds);
        return true;
    }

    public override IReadOnlyList<IReadOnlyDictionary<string, object?>>? QueryNative(DbConnection connection, string sql, int timeoutSeconds) =>
        SqliteNativeStatements.QuerySingle((SqliteConnection)connection, sql, timeoutSeconds);

    // SqliteCommand.Cancel does nothing; SQLite stops a running statement with sqlite3_interrupt.
    public override void Cancel(DbCommand? command, DbConnection connection) =>
        SQLitePCL.raw.sqlite3_interrupt(((SqliteConnection)connection).Handle);

    public override void ClearPool(DbConnection connection) => SqliteConnection.ClearPool((SqliteConnection)connection);

    public override IOfflineCatalog CreateOfflineCatalog(DbConnection? seed) => new SqliteScratchCatalog((SqliteConnection?)seed);

    protected override SqliteConnectionStringBuilder CreateBuilder(string connectionString) => new(connectionString);

    protected override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    [GeneratedRegex(@"^SQLite Error \d+: '(?<message>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DriverWording();

    /// <summary>SQLite's own words, without Microsoft.Data.Sqlite's "SQLite Error 1: '...'." around them.</summary>
    private static string ServerMessage(SqliteException error) =>
        DriverWording().Match(error.Message) is { Success: true } match ? match.Groups["message"].Value : error.Message;

    private static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory || builder.DataSource.Length == 0 ||
        builder.DataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase);

    public override DatabaseSchema ReadSchema(ISchemaCatalog catalog, VersionTables tables) => SqliteSchemaReader.Read(catalog, tables, Dialect);

    public override Schema.IScratchDatabase CreateScratch(string connectionString, string? devConnectionString) => new SqliteScratchDatabase();

    public override Hazards.HazardRules CreateHazardRules() => new SqliteHazardRules();
}
