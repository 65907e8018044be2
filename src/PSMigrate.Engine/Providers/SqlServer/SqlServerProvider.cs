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
    protected override string DisplayName(SqlConnectionStringBuilder builder) =>
        string.IsNullOrEmpty(builder.InitialCatalog) ? builder.DataSource : $"{builder.DataSource}/{builder.InitialCatalog}";

    public override ProviderKind Kind => ProviderKind.SqlServer;

    public override ISqlDialect Dialect { get; } = new SqlServerDialect();

    public override ISchemaRenderer Renderer => new SqlServerSchemaRenderer(Dialect);

    /// <summary>
    /// The rows as an INSERT would store them: identity values kept, NULLs kept (not replaced by
    /// defaults), constraints checked, triggers fired. SqlBulkCopy matches column names
    /// case-sensitively, so each is mapped to the table's own spelling first.
    /// </summary>
    public const SqlBulkCopyOptions InsertLikeOptions =
        SqlBulkCopyOptions.KeepIdentity | SqlBulkCopyOptions.KeepNulls | SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.FireTriggers;

    public override long BulkInsert(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var name = QualifiedName.Parse(table);
        var destination = Dialect.TableName(name.Schema, name.Name);
        var actual = ColumnNames(connection, transaction, destination);
        using var copy = new SqlBulkCopy((SqlConnection)connection, InsertLikeOptions, (SqlTransaction?)transaction)
        {
            DestinationTableName = destination,
            BulkCopyTimeout = 0,
        };
        using var buffer = new System.Data.DataTable();
        foreach (var column in columns)
        {
            buffer.Columns.Add(column, typeof(object));
            copy.ColumnMappings.Add(column, actual.TryGetValue(column, out var spelled) ? spelled : column);
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

    private static Dictionary<string, string> ColumnNames(DbConnection connection, DbTransaction? transaction, string table)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name FROM sys.columns WHERE object_id = OBJECT_ID(@table)";
        command.Parameters.Add(new SqlParameter("@table", table));
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            names.TryAdd(reader.GetString(0), reader.GetString(0));
        }

        return names;
    }

    protected override string UserNameKey => "User ID";


    public override DbTransaction BeginTransaction(DbConnection connection) => ((SqlConnection)connection).BeginTransaction();

    /// <summary>
    /// sp_getapplock owned by the session, on a resource named after the version table (the
    /// schema resolved and lower-cased, so 'dbo', 'DBO' and an unset Schema are one lock).
    /// </summary>
    public override IDisposable AcquireRunLock(DbConnection connection, string connectionString, VersionTables tables, TimeSpan timeout, Action<string> waiting, CancellationToken cancellation)
    {
        var resource = Dialect.Literal(LockResource(tables));
        bool TryLock()
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"DECLARE @result int; EXEC @result = sp_getapplock @Resource = {resource}, @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = 0; SELECT @result;";
            return ApplockGranted(Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture));
        }

        void Unlock()
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"EXEC sp_releaseapplock @Resource = {resource}, @LockOwner = N'Session';";
            command.ExecuteNonQuery();
        }

        return RunLock.Acquire(TryLock, Unlock, timeout, waiting, $"SQL Server database '{connection.Database}'", cancellation);
    }

    public static string LockResource(VersionTables tables) => $"psmigrate:{tables.Schema}.{tables.VersionTable}".ToLowerInvariant();

    /// <summary>sp_getapplock's return code: granted (0, 1), busy (-1, wait and try again), or a failure to report (-2, -3, -999).</summary>
    public static bool ApplockGranted(int code) => code switch
    {
        0 or 1 => true,
        -1 => false,
        -2 => throw ApplockFailed("was cancelled (return code -2)"),
        -3 => throw ApplockFailed("chose this session as a deadlock victim (return code -3)"),
        _ => throw ApplockFailed($"failed with return code {code} (a parameter or call error)"),
    };

    private static MigrationException ApplockFailed(string what) =>
        new(MigrationErrors.DatabaseError, $"Taking the deployment lock: sp_getapplock {what}; nothing was run.", "sp_getapplock");

    // Connection resiliency would reconnect after a network blip as a new session, which no
    // longer holds the session-owned deployment lock: a lost connection must fail instead.
    protected override DbConnection CreateConnection(string connectionString) => new SqlConnection(WithoutReconnect(connectionString));

    public static string WithoutReconnect(string connectionString) =>
        new SqlConnectionStringBuilder(connectionString) { ConnectRetryCount = 0 }.ConnectionString;

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

    public override DatabaseSchema ReadSchema(ISchemaCatalog catalog, VersionTables tables) => SqlServerSchemaReader.Read(catalog, tables, Dialect);

    public override Schema.IScratchDatabase CreateScratch(string connectionString, string? devConnectionString) => new SqlServerScratchDatabase(connectionString, devConnectionString);

    public override Hazards.HazardRules CreateHazardRules() => new SqlServerHazardRules();
}
