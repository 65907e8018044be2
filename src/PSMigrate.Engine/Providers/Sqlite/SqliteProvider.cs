using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PSMigrate.Engine.Providers.Sqlite;

public sealed class SqliteProvider : IMigrationProvider
{
    private const string Redacted = "*****";

    public ProviderKind Kind => ProviderKind.Sqlite;

    public ISqlDialect Dialect { get; } = new SqliteDialect();

    public string NormaliseConnectionString(string connectionString, string baseDirectory)
    {
        var builder = Parse(connectionString);
        var source = builder.DataSource;
        if (!IsInMemory(builder) && !source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(source))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(baseDirectory, source));
        }

        return builder.ToString();
    }

    public string Redact(string connectionString)
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = Redacted;
            }

            return builder.ToString();
        }
        catch (ArgumentException)
        {
            return Redacted;
        }
    }

    public bool DatabaseExists(string connectionString)
    {
        var builder = Parse(connectionString);
        return !IsInMemory(builder) && File.Exists(builder.DataSource);
    }

    public DbConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
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

    // IMMEDIATE takes SQLite's write lock at BEGIN, so a second deployment waits instead of
    // failing halfway through a revision.
    public DbTransaction BeginTransaction(DbConnection connection) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: false);

    private SqliteConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException error)
        {
            throw new MigrationException("PSMigrate.InvalidConnectionString", MigrationErrorKind.InvalidConfiguration,
                $"The SQLite connection string is not valid: {error.Message}", Redact(connectionString));
        }
    }

    private static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory || builder.DataSource.Length == 0 ||
        builder.DataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase);
}
