using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace PSMigrate.Engine.Providers.PostgreSql;

public sealed class PostgreSqlProvider : IMigrationProvider
{
    public ProviderKind Kind => ProviderKind.PostgreSql;

    public ISqlDialect Dialect { get; } = new PostgreSqlDialect();

    public string NormaliseConnectionString(string connectionString, string baseDirectory) => Parse(connectionString).ConnectionString;

    public string WithCredential(string connectionString, string userName, string password)
    {
        var builder = Parse(connectionString);
        builder.Username = userName;
        builder.Password = password;
        return builder.ConnectionString;
    }

    public string Redact(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = ConnectionStrings.Redacted;
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return ConnectionStrings.Redacted;
        }
    }

    // A server database always "exists" for reading: connecting tells whether it really does.
    public bool DatabaseExists(string connectionString) => true;

    public DbConnection Open(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
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

    public DbTransaction BeginTransaction(DbConnection connection) => ((NpgsqlConnection)connection).BeginTransaction();

    /// <summary>A session-level advisory lock keyed on the version table, so runs on other tables do not wait.</summary>
    public IDisposable AcquireRunLock(DbConnection connection, string connectionString, VersionTables tables, TimeSpan timeout, Action<string> waiting)
    {
        var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"psmigrate:{tables.Schema}.{tables.VersionTable}")), 0);
        bool Run(string function)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {function}({key})";
            return command.ExecuteScalar() is true;
        }

        var database = ((NpgsqlConnection)connection).Database;
        return RunLock.Acquire(() => Run("pg_try_advisory_lock"), () => Run("pg_advisory_unlock"), timeout, waiting, $"PostgreSQL database '{database}'");
    }

    private NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException error)
        {
            throw ConnectionStrings.Invalid(Kind, error, Redact(connectionString));
        }
    }
}
