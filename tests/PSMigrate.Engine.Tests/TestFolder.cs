using Microsoft.Data.Sqlite;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// A migrations folder in a temporary directory with its own real database: a SQLite file
/// beside it, or a fresh PostgreSQL database on the test server.
/// </summary>
internal sealed class TestFolder : IDisposable
{
    private readonly PostgresDatabase? postgres;

    public TestFolder(ProviderKind provider = ProviderKind.Sqlite, MigrationSettings? settings = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "psmigrate-engine-" + Guid.NewGuid().ToString("N")[..10]);
        Project = MigrationProject.At(Directory);
        Provider = provider;
        if (provider == ProviderKind.PostgreSql)
        {
            postgres = new PostgresDatabase();
        }

        Project.Initialise(provider, ConnectionString, force: false);
        Settings = settings ?? new MigrationSettings();
    }

    public string Directory { get; }

    public MigrationProject Project { get; }

    public ProviderKind Provider { get; }

    public MigrationSettings Settings { get; set; }

    public string SqliteFile => Path.Combine(Directory, "app.db");

    public string ConnectionString => postgres?.ConnectionString ?? $"Data Source={SqliteFile}";

    /// <summary>The PostgreSQL database under test (null on SQLite).</summary>
    public PostgresDatabase? Postgres => postgres;

    public DatabaseTarget Database => DatabaseTargetResolver.Resolve(Settings, Directory, Directory, ConnectionString, null, Provider);

    public RevisionGraph Graph() => Project.LoadRevisions();

    public Migrator Migrator(IRevisionRunner? runner = null) => new(Graph(), Database, runner);

    /// <summary>Writes a .sql revision and returns it parsed.</summary>
    public MigrationRevision Add(string id, string? parent, string up, string down, string? transaction = null, string? header = null)
    {
        var text = $"-- Revision ID: {id}\n-- Revises: {parent}\n-- Message: {id}\n" +
                   (transaction is null ? string.Empty : $"-- Transaction: {transaction}\n") +
                   (header is null ? string.Empty : header + "\n") +
                   $"\n-- migrate:upgrade\n{up}\n\n-- migrate:downgrade\n{down}\n";
        return Write(id + ".sql", text);
    }

    public MigrationRevision Write(string fileName, string text)
    {
        var path = Path.Combine(Project.VersionsDirectory, fileName);
        File.WriteAllText(path, text);
        return RevisionFileParser.ParseFile(path);
    }

    /// <summary>The first column of a query's rows on the test database, as text.</summary>
    public List<string> Column(string sql)
    {
        if (postgres is not null)
        {
            return postgres.Column(sql);
        }

        using var connection = new SqliteConnection($"Data Source={SqliteFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    public List<string> Heads() => Column("SELECT version_num FROM psmigrate_version ORDER BY version_num");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        postgres?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
