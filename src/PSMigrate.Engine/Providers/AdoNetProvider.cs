using System.Data.Common;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers;

/// <summary>
/// What the three providers do alike through ADO.NET: parse, redact and extend connection
/// strings, and open connections without leaking one that failed.
/// </summary>
internal abstract class AdoNetProvider<TBuilder> : IMigrationProvider
    where TBuilder : DbConnectionStringBuilder
{
    private const string PasswordKey = "Password";

    public abstract ProviderKind Kind { get; }

    public abstract ISqlDialect Dialect { get; }

    public abstract ISchemaRenderer Renderer { get; }

    public abstract long BulkInsert(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows);

    // Only PostgreSQL's splitter finds COPY data blocks.
    public virtual void CopyIn(DbConnection connection, string copyStatement, string data) =>
        throw new NotSupportedException($"{Kind} has no COPY FROM STDIN.");

    /// <summary>The driver's keyword for the user name, or null where there is none (SQLite).</summary>
    protected abstract string? UserNameKey { get; }

    public virtual string NormaliseConnectionString(string connectionString, string baseDirectory) => Parse(connectionString).ConnectionString;

    public string WithCredential(string connectionString, string userName, string password)
    {
        var builder = Parse(connectionString);
        if (UserNameKey is { } key)
        {
            builder[key] = userName;
        }

        builder[PasswordKey] = password;
        return builder.ConnectionString;
    }

    public string DisplayName(string connectionString)
    {
        try
        {
            return DisplayName(CreateBuilder(connectionString));
        }
        catch (ArgumentException)
        {
            return Kind.ToString();
        }
    }

    protected abstract string DisplayName(TBuilder builder);

    public string Redact(string connectionString)
    {
        try
        {
            var builder = CreateBuilder(connectionString);
            if (builder.TryGetValue(PasswordKey, out var password) && !string.IsNullOrEmpty(password?.ToString()))
            {
                builder[PasswordKey] = ConnectionStrings.Redacted;
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return ConnectionStrings.Redacted;
        }
    }

    public virtual DatabaseAbsence? FindAbsence(string connectionString) => null;

    public virtual void SendAsWritten(DbCommand command)
    {
    }

    public virtual void SendAsWritten(DbBatchCommand command)
    {
    }

    public virtual bool SupportsBatches => false;

    public virtual int? FailedBatchCommand(DbBatch batch, DbException error) =>
        error.BatchCommand is { } failed ? batch.BatchCommands.IndexOf(failed) : null;

    public DbConnection Open(string connectionString)
    {
        var connection = CreateConnection(connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public abstract DbTransaction BeginTransaction(DbConnection connection);

    public virtual string? BeginStatement => null;

    public abstract IDisposable AcquireRunLock(DbConnection connection, string connectionString, VersionTables tables, TimeSpan timeout, Action<string> waiting, CancellationToken cancellation);

    public abstract DriverFailure Describe(Exception error, DbConnection? connection);

    public virtual int CommandTimeout(int commandTimeout, int lockWaitTimeout) => commandTimeout;

    public virtual void PrepareSession(DbConnection connection, SessionOptions options)
    {
    }

    public virtual bool TryExecuteNative(DbConnection connection, string sql, int timeoutSeconds, out int changed)
    {
        changed = 0;
        return false;
    }

    public virtual IReadOnlyList<IReadOnlyDictionary<string, object?>>? QueryNative(DbConnection connection, string sql, int timeoutSeconds) => null;

    public virtual void Cancel(DbCommand? command, DbConnection connection) => command?.Cancel();

    public virtual string? DescribeLockHolders(DbConnection connection) => null;

    public abstract void ClearPool(DbConnection connection);

    public abstract IOfflineCatalog CreateOfflineCatalog(DbConnection? seed);

    public abstract DatabaseSchema ReadSchema(ISchemaCatalog catalog, VersionTables tables);

    public abstract Schema.IScratchDatabase CreateScratch(string connectionString, string? devConnectionString);

    public abstract Hazards.HazardRules CreateHazardRules();

    public virtual bool CanMeasureSteps => false;

    public virtual IReadOnlyList<Hazards.MeasuredEffect>? Measure(DbConnection connection, DbTransaction transaction, Action run) => null;

    protected abstract TBuilder CreateBuilder(string connectionString);

    protected abstract DbConnection CreateConnection(string connectionString);

    protected TBuilder Parse(string connectionString)
    {
        try
        {
            return CreateBuilder(connectionString);
        }
        catch (ArgumentException error)
        {
            throw ConnectionStrings.Invalid(Kind, error, connectionString, Redact(connectionString));
        }
    }
}
