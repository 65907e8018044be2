using System.Data.Common;
using System.Globalization;
using Microsoft.Data.SqlClient;

namespace PSMigrate.Engine.Providers.SqlServer;

/// <summary>
/// SQL Server through Microsoft.Data.SqlClient. TLS stays at the driver's default (Encrypt=true
/// with certificate validation); PSMigrate never turns it down.
/// </summary>
public sealed class SqlServerProvider : AdoNetProvider<SqlConnectionStringBuilder>
{
    public override ProviderKind Kind => ProviderKind.SqlServer;

    public override ISqlDialect Dialect { get; } = new SqlServerDialect();

    public override Operations.ISchemaRenderer Schema => new SqlServerSchemaRenderer(Dialect);

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

    public override bool DatabaseExists(string connectionString) => true;

    public override DbTransaction BeginTransaction(DbConnection connection) => ((SqlConnection)connection).BeginTransaction();

    /// <summary>sp_getapplock owned by the session, on a resource named after the version table.</summary>
    public override IDisposable AcquireRunLock(DbConnection connection, string connectionString, VersionTables tables, TimeSpan timeout, Action<string> waiting)
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

        return RunLock.Acquire(TryLock, Unlock, timeout, waiting, $"SQL Server database '{connection.Database}'");
    }

    protected override SqlConnectionStringBuilder CreateBuilder(string connectionString) => new(connectionString);

    protected override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);
}
