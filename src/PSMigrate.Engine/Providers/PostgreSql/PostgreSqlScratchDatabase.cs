using Npgsql;
using PSMigrate.Engine.Schema;

namespace PSMigrate.Engine.Providers.PostgreSql;

/// <summary>
/// A temporary database created on the same server (the role needs CREATEDB) and dropped with
/// FORCE afterwards; or, given a dev database, a schema of its own there, dropped with CASCADE.
/// Names start with psmigrate_scratch_ so one left by a killed process is easy to find.
/// </summary>
internal sealed class PostgreSqlScratchDatabase : IScratchDatabase
{
    public const string Prefix = "psmigrate_scratch_";

    private string adminConnectionString;
    private readonly string name = Prefix + Guid.NewGuid().ToString("N")[..16];
    private readonly bool isSchema;

    public PostgreSqlScratchDatabase(string connectionString, string? devConnectionString)
    {
        isSchema = devConnectionString is not null;
        adminConnectionString = new NpgsqlConnectionStringBuilder(devConnectionString ?? connectionString) { Pooling = false }.ConnectionString;
        var scratch = new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false };
        if (isSchema)
        {
            scratch.SearchPath = name;
        }
        else
        {
            scratch.Database = name;
        }

        try
        {
            Execute(isSchema ? $"CREATE SCHEMA \"{name}\"" : $"CREATE DATABASE \"{name}\"");
        }
        catch (PostgresException error) when (!isSchema && error.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // The configured database is not there yet (a first deployment): any database of the server will do.
            adminConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = "postgres" }.ConnectionString;
            Execute($"CREATE DATABASE \"{name}\"");
        }

        ConnectionString = scratch.ConnectionString;
    }

    public string ConnectionString { get; }

    public string? Schema => isSchema ? name : null;

    public string Description => isSchema ? $"scratch schema {name} of the dev database" : $"temporary database {name}";

    public void Dispose()
    {
        try
        {
            Execute(isSchema ? $"DROP SCHEMA IF EXISTS \"{name}\" CASCADE" : $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // The first error (or the result) matters more; the name says what to clean by hand.
        }
    }

    private void Execute(string sql)
    {
        using var connection = PostgreSqlLoopback.Connect(adminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
