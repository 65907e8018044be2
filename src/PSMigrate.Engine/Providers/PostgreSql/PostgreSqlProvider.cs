using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace PSMigrate.Engine.Providers.PostgreSql;

/// <summary>PostgreSQL through Npgsql; TLS stays at Npgsql's default (SSL Mode=Prefer).</summary>
public sealed class PostgreSqlProvider : AdoNetProvider<NpgsqlConnectionStringBuilder>
{
    public override ProviderKind Kind => ProviderKind.PostgreSql;

    public override ISqlDialect Dialect { get; } = new PostgreSqlDialect();

    public override Operations.ISchemaRenderer Schema => new PostgreSqlSchemaRenderer(Dialect);

    /// <summary>Binary COPY, with each value converted to the column's own type first.</summary>
    public override long BulkInsert(DbConnection connection, DbTransaction? transaction, string table, IReadOnlyList<string> columns, IEnumerable<object?[]> rows) =>
        PostgreSqlCopy.Import((NpgsqlConnection)connection, Dialect, table, columns, rows);

    protected override string UserNameKey => "Username";

    // A server database always "exists" for reading: connecting tells whether it really does.
    public override bool DatabaseExists(string connectionString) => true;

    public override DbTransaction BeginTransaction(DbConnection connection) => ((NpgsqlConnection)connection).BeginTransaction();

    /// <summary>A session-level advisory lock keyed on the version table, so runs on other tables do not wait.</summary>
    public override IDisposable AcquireRunLock(DbConnection connection, string connectionString, VersionTables tables, TimeSpan timeout, Action<string> waiting)
    {
        var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"psmigrate:{tables.Schema}.{tables.VersionTable}")), 0);
        bool Run(string function)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {function}({key})";
            return command.ExecuteScalar() is true;
        }

        return RunLock.Acquire(() => Run("pg_try_advisory_lock"), () => Run("pg_advisory_unlock"), timeout, waiting,
            $"PostgreSQL database '{connection.Database}'");
    }

    protected override NpgsqlConnectionStringBuilder CreateBuilder(string connectionString) => new(connectionString);

    protected override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);
}
