using System.Data.Common;
using System.Globalization;
using Microsoft.Data.SqlClient;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Providers.SqlServer;

/// <summary>
/// SQL Server through Microsoft.Data.SqlClient. TLS stays at the driver's default (Encrypt=true
/// with certificate validation); PSMigrate never turns it down.
/// </summary>
internal sealed class SqlServerProvider : AdoNetProvider<SqlConnectionStringBuilder>
{
    public override ProviderKind Kind => ProviderKind.SqlServer;

    public override ISqlDialect Dialect { get; } = new SqlServerDialect();

    public override ISchemaRenderer Renderer => new SqlServerSchemaRenderer(Dialect);

    /// <summary>SqlBulkCopy in batches, inside the revision's transaction; columns mapped by name.</summary>
    public override long BulkInsert(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        using var copy = new SqlBulkCopy((SqlConnection)connection, SqlBulkCopyOptions.Default, (SqlTransaction?)transaction)
        {
            DestinationTableName = Dialect.QuoteIdentifier(table),
            BulkCopyTimeout = 0,
        };
        using var buffer = new System.Data.DataTable();
        foreach (var column in columns)
        {
            buffer.Columns.Add(column, typeof(object));
            copy.ColumnMappings.Add(column, column);
        }

        long count = 0;
        foreach (var chunk in rows.Chunk(10_000))
        {
            buffer.Clear();
            foreach (var row in chunk)
            {
                buffer.Rows.Add(row.Select(v => v ?? DBNull.Value).ToArray());
            }

            copy.WriteToServer(buffer);
            count += chunk.Length;
        }

        return count;
    }

    protected override string UserNameKey => "User ID";


    public override DbTransaction BeginTransaction(DbConnection connection) => ((SqlConnection)connection).BeginTransaction();

    /// <summary>sp_getapplock owned by the session, on a resource named after the version table.</summary>
    public override IDisposable AcquireRunLock(DbConnection connection, string connectionString, VersionTables tables, TimeSpan timeout, Action<string> waiting, CancellationToken cancellation)
    {
        var resource = Dialect.Literal($"psmigrate:{tables.Schema}.{tables.VersionTable}");
        bool TryLock()
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"DECLARE @result int; EXEC @result = sp_getapplock @Resource = {resource}, @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 0; SELECT @result;";
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture) >= 0;
        }

        void Unlock()
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"EXEC sp_releaseapplock @Resource = {resource}, @LockOwner = N'Session';";
            command.ExecuteNonQuery();
        }

        return RunLock.Acquire(TryLock, Unlock, timeout, waiting, $"SQL Server database '{connection.Database}'", cancellation);
    }

    public override DriverFailure Describe(Exception error, DbConnection? connection)
    {
        if (error is SqlException { Number: -2 } timeout)
        {
            return new DriverFailure(DriverFailureKind.StatementTimeout, timeout.Message);
        }

        if (connection is { State: System.Data.ConnectionState.Broken or System.Data.ConnectionState.Closed } && error is SqlException or InvalidOperationException)
        {
            return new DriverFailure(DriverFailureKind.ConnectionLost, error.Message);
        }

        return error switch
        {
            SqlException { Number: 1222 } e => new DriverFailure(DriverFailureKind.LockWaitTimeout, e.Message, LineInStatement: e.LineNumber > 0 ? e.LineNumber : null),
            SqlException e when e.Message.Contains("Operation cancelled by user", StringComparison.OrdinalIgnoreCase) => new DriverFailure(DriverFailureKind.Cancelled, e.Message),
            SqlException e => new DriverFailure(DriverFailureKind.Error, e.Message, LineInStatement: e.LineNumber > 0 ? e.LineNumber : null),
            _ => new DriverFailure(DriverFailureKind.Error, error.Message),
        };
    }

    public override void ClearPool(DbConnection connection) => SqlConnection.ClearPool((SqlConnection)connection);

    public override IOfflineCatalog CreateOfflineCatalog(DbConnection? seed) => new NoOfflineCatalog();

    protected override SqlConnectionStringBuilder CreateBuilder(string connectionString) => new(connectionString);

    protected override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);
}
