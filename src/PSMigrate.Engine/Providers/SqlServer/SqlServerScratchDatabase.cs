using Microsoft.Data.SqlClient;
using PSMigrate.Engine.Schema;

namespace PSMigrate.Engine.Providers.SqlServer;

/// <summary>
/// A temporary database on the same server, dropped afterwards (connections closed first with
/// SINGLE_USER ... ROLLBACK IMMEDIATE); or, given a dev database, a schema of its own there.
/// Not run against a live SQL Server: none can run here.
/// </summary>
internal sealed class SqlServerScratchDatabase : IScratchDatabase
{
    private readonly string adminConnectionString;
    private readonly string name = "psmigrate_scratch_" + Guid.NewGuid().ToString("N")[..16];
    private readonly bool isSchema;

    public SqlServerScratchDatabase(string connectionString, string? devConnectionString)
    {
        isSchema = devConnectionString is not null;
        adminConnectionString = new SqlConnectionStringBuilder(devConnectionString ?? connectionString) { Pooling = false }.ConnectionString;
        var scratch = new SqlConnectionStringBuilder(adminConnectionString);
        if (!isSchema)
        {
            scratch.InitialCatalog = name;
        }

        foreach (var statement in CreateStatements(name, isSchema))
        {
            Execute(statement);
        }

        ConnectionString = scratch.ConnectionString;
    }

    public string ConnectionString { get; }

    public string? Schema => isSchema ? name : null;

    public string Description => isSchema ? $"scratch schema {name} of the dev database" : $"temporary database {name}";

    public static IReadOnlyList<string> CreateStatements(string name, bool isSchema) =>
        [isSchema ? $"CREATE SCHEMA [{name}]" : $"CREATE DATABASE [{name}]"];

    // A schema must be empty to be dropped: drop what is in it first, foreign keys before tables.
    public static IReadOnlyList<string> DropStatements(string name, bool isSchema) => isSchema
        ? [
            "DECLARE @sql nvarchar(max) = N'';\n" +
            $"SELECT @sql += N'ALTER TABLE ' + QUOTENAME(SCHEMA_NAME(t.schema_id)) + N'.' + QUOTENAME(t.name) + N' DROP CONSTRAINT ' + QUOTENAME(f.name) + N';' FROM sys.foreign_keys AS f JOIN sys.tables AS t ON t.object_id = f.parent_object_id WHERE t.schema_id = SCHEMA_ID(N'{name}');\n" +
            $"SELECT @sql += N'DROP VIEW ' + QUOTENAME(SCHEMA_NAME(schema_id)) + N'.' + QUOTENAME(name) + N';' FROM sys.views WHERE schema_id = SCHEMA_ID(N'{name}');\n" +
            $"SELECT @sql += N'DROP TABLE ' + QUOTENAME(SCHEMA_NAME(schema_id)) + N'.' + QUOTENAME(name) + N';' FROM sys.tables WHERE schema_id = SCHEMA_ID(N'{name}');\n" +
            "EXEC sys.sp_executesql @sql",
            $"DROP SCHEMA IF EXISTS [{name}]",
        ]
        : [
            $"IF DB_ID(N'{name}') IS NOT NULL ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE",
            $"DROP DATABASE IF EXISTS [{name}]",
        ];

    public void Dispose()
    {
        try
        {
            foreach (var statement in DropStatements(name, isSchema))
            {
                Execute(statement);
            }
        }
        catch (SqlException)
        {
            // The first error (or the result) matters more; the name says what to clean by hand.
        }
    }

    private void Execute(string sql)
    {
        using var connection = new SqlConnection(adminConnectionString);
        connection.Open();
        using var command = new SqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
