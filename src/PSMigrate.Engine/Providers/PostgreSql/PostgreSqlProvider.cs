using System.Data.Common;
using System.Data;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.PostgreSql;

/// <summary>PostgreSQL through Npgsql; TLS stays at Npgsql's default (SSL Mode=Prefer).</summary>
internal sealed class PostgreSqlProvider : AdoNetProvider<NpgsqlConnectionStringBuilder>
{
    private const string QueryCanceled = "57014";
    private const string LockNotAvailable = "55P03";

    public override ProviderKind Kind => ProviderKind.PostgreSql;

    public override ISqlDialect Dialect { get; } = new PostgreSqlDialect();

    public override ISchemaRenderer Renderer => new PostgreSqlSchemaRenderer(Dialect);

    /// <summary>Binary COPY, with each value converted to the column's own type first.</summary>
    public override long BulkInsert(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows) =>
        PostgreSqlCopy.Import((NpgsqlConnection)connection, Dialect, table, columns, rows);

    protected override string UserNameKey => "Username";

    // A server database always "exists" for reading: connecting tells whether it really does.
    public override bool DatabaseExists(string connectionString) => true;

    public override DbTransaction BeginTransaction(DbConnection connection) => ((NpgsqlConnection)connection).BeginTransaction();

    /// <summary>A session-level advisory lock keyed on the version table, so runs on other tables do not wait.</summary>
    public override IDisposable AcquireRunLock(DbConnection connection, string connectionString, VersionTables tables, TimeSpan timeout, Action<string> waiting, CancellationToken cancellation)
    {
        var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"psmigrate:{tables.Schema}.{tables.VersionTable}")), 0);
        bool Run(string function)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {function}({key})";
            return command.ExecuteScalar() is true;
        }

        return RunLock.Acquire(() => Run("pg_try_advisory_lock"), () => Run("pg_advisory_unlock"), timeout, waiting,
            $"PostgreSQL database '{connection.Database}'", cancellation);
    }

    public override DriverFailure Describe(Exception error, DbConnection? connection)
    {
        if (connection is { State: ConnectionState.Broken or ConnectionState.Closed } && error is NpgsqlException or InvalidOperationException)
        {
            return new DriverFailure(DriverFailureKind.ConnectionLost, error is PostgresException pg ? pg.MessageText : error.Message);
        }

        return error switch
        {
            PostgresException { SqlState: LockNotAvailable } e => new DriverFailure(DriverFailureKind.LockWaitTimeout, ServerMessage(e), e.Position > 0 ? e.Position : null),
            PostgresException { SqlState: QueryCanceled } e => new DriverFailure(DriverFailureKind.Cancelled, ServerMessage(e)),
            PostgresException e => new DriverFailure(DriverFailureKind.Error, ServerMessage(e), e.Position > 0 ? e.Position : null),
            NpgsqlException { InnerException: TimeoutException } e => new DriverFailure(DriverFailureKind.StatementTimeout, e.Message),
            _ => new DriverFailure(DriverFailureKind.Error, error.Message),
        };
    }

    public override void ClearPool(DbConnection connection) => NpgsqlConnection.ClearPool((NpgsqlConnection)connection);

    public override IOfflineCatalog CreateOfflineCatalog(DbConnection? seed) => new NoOfflineCatalog();

    protected override NpgsqlConnectionStringBuilder CreateBuilder(string connectionString) => new(connectionString);

    protected override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    /// <summary>The server's message with its detail and hint, without Npgsql's SQLSTATE prefix and POSITION suffix.</summary>
    private static string ServerMessage(PostgresException error)
    {
        var text = new StringBuilder(error.MessageText);
        if (!string.IsNullOrWhiteSpace(error.Detail))
        {
            text.Append(" (").Append(error.Detail.TrimEnd('.')).Append(')');
        }

        if (!string.IsNullOrWhiteSpace(error.Hint))
        {
            text.Append(". Hint: ").Append(error.Hint.TrimEnd('.'));
        }

        return text.ToString();
    }
}
