using System.Collections;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using PSMigrate.Engine.Configuration;

namespace PSMigrate.Engine.Tests;

/// <summary>Connection strings and URLs: converted for each driver, secrets never shown, '$env:' values quoted.</summary>
public sealed class ConnectionTests
{
    private const string Canary = "Tr0ub4dor;horsebattery=staple";

    private static DatabaseTarget Resolve(string connectionString, ProviderKind? provider = null, MigrationSettings? settings = null) =>
        DatabaseTargetResolver.Resolve(settings ?? new MigrationSettings(), "/cfg", "/cwd", connectionString, null, provider);

    [Fact]
    public void PostgresUrlsBecomeNpgsqlKeywords()
    {
        var target = Resolve("postgresql://acc:s%40cret%3Bx@db.example:6543/orders?sslmode=require&application_name=deploy");
        Assert.Equal(ProviderKind.PostgreSql, target.Kind);
        var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        Assert.Equal(("db.example", 6543, "acc", "s@cret;x", "orders", SslMode.Require, "deploy"),
            (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database, builder.SslMode, builder.ApplicationName));
        Assert.DoesNotContain("cret", target.Display);
        Assert.Equal(ProviderKind.PostgreSql, Resolve("postgres://u@localhost/app").Kind);
        Assert.Equal(5432, new NpgsqlConnectionStringBuilder(Resolve("postgres://u@localhost/app").ConnectionString).Port);
    }

    [Fact]
    public void SqliteUrlsAreRelativeWithThreeSlashesAndAbsoluteWithFour()
    {
        Assert.Equal("/cwd/data/app.db", new SqliteConnectionStringBuilder(Resolve("sqlite:///data/app.db").ConnectionString).DataSource);
        Assert.Equal("/var/lib/app.db", new SqliteConnectionStringBuilder(Resolve("sqlite:////var/lib/app.db").ConnectionString).DataSource);
        Assert.Equal(":memory:", new SqliteConnectionStringBuilder(Resolve("sqlite://").ConnectionString).DataSource);
    }

    [Fact]
    public void SqlServerUrlsBecomeSqlClientKeywords()
    {
        var builder = new SqlConnectionStringBuilder(Resolve("mssql://sa:pw@sql01:1444/app?encrypt=true&trustServerCertificate=false").ConnectionString);
        Assert.Equal(("sql01,1444", "app", "sa", "pw", false), (builder.DataSource, builder.InitialCatalog, builder.UserID, builder.Password, builder.TrustServerCertificate));
        Assert.Equal(ProviderKind.SqlServer, Resolve("sqlserver://sql01/app").Kind);
    }

    [Theory]
    [InlineData("mysql://root:hunter2@db/app", "the scheme 'mysql://' is not one PSMigrate reads")]
    [InlineData("postgresql://u:hunter2@db/app?sslmod=require", "the query parameter 'sslmod' is not one PSMigrate knows")]
    [InlineData("sqlite://host/app.db", "a SQLite URL has no host")]
    public void UrlsThatCannotBeUsedSayWhyAndNameTheFormsWithoutThePassword(string url, string problem)
    {
        var error = Assert.Throws<MigrationException>(() => Resolve(url));
        Assert.Equal("PSMigrate.InvalidConnectionString", error.ErrorId);
        Assert.Contains(problem, error.Message);
        Assert.Contains("postgresql://user:password@host:5432/database", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void AProviderThatContradictsTheUrlIsAnError()
    {
        var error = Assert.Throws<MigrationException>(() => Resolve("postgresql://u@db/app", ProviderKind.Sqlite));
        Assert.Contains("-Provider Sqlite was given, but the connection is a PostgreSql URL", error.Message);
    }

    [Fact]
    public void AnEnvironmentValueWithSemicolonsStaysOnePassword()
    {
        var variable = "PSMIGRATE_TEST_CANARY_" + Guid.NewGuid().ToString("N")[..8];
        Environment.SetEnvironmentVariable(variable, Canary);
        try
        {
            var settings = MigrationSettings.FromDictionary(new Hashtable { ["ConnectionString"] = $"Host=db;Username=app;Password=$env:{variable}" }, "/cfg/psmigrate.psd1");
            var target = DatabaseTargetResolver.Resolve(settings, "/cfg", "/cwd", null, null, null);
            Assert.Equal(Canary, new NpgsqlConnectionStringBuilder(target.ConnectionString).Password);
            Assert.DoesNotContain("horsebattery", target.Display);

            var url = MigrationSettings.FromDictionary(new Hashtable { ["ConnectionString"] = $"postgresql://app:$env:{variable}@db/app" }, "/cfg/psmigrate.psd1");
            Assert.Equal(Canary, new NpgsqlConnectionStringBuilder(DatabaseTargetResolver.Resolve(url, "/cfg", "/cwd", null, null, null).ConnectionString).Password);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData(ProviderKind.PostgreSql, "Host=db;Username=app;Password=Tr0ub4dor;horsebattery=staple")]
    [InlineData(ProviderKind.SqlServer, "Server=db;User ID=app;Password=Tr0ub4dor;horsebattery=staple")]
    public void ADriversParseErrorNeverQuotesAPieceOfThePassword(ProviderKind provider, string connectionString)
    {
        var error = Assert.Throws<MigrationException>(() => Resolve(connectionString, provider));
        Assert.Equal("PSMigrate.InvalidConnectionString", error.ErrorId);
        Assert.DoesNotContain("horsebattery", error.Message);
        Assert.DoesNotContain("staple", error.Message);
        Assert.DoesNotContain("Tr0ub4dor", error.Message);
        Assert.Contains("put the value in double quotes", error.Message);
    }

    [PostgresFact]
    public void APasswordWithSemicolonsFromTheEnvironmentLogsIn()
    {
        using var database = new PostgresDatabase();
        var role = "psm_canary_" + Guid.NewGuid().ToString("N")[..8];
        var variable = "PSMIGRATE_TEST_CANARY_" + Guid.NewGuid().ToString("N")[..8];
        database.Administer($"CREATE ROLE {role} LOGIN PASSWORD '{Canary}'");
        Environment.SetEnvironmentVariable(variable, Canary);
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = null };
            var settings = MigrationSettings.FromDictionary(new Hashtable { ["ConnectionString"] = builder.ConnectionString + $";Password=$env:{variable}" }, "/cfg/psmigrate.psd1");
            var target = DatabaseTargetResolver.Resolve(settings, "/cfg", "/cwd", null, null, ProviderKind.PostgreSql);
            Assert.False(new Execution.Migrator(RevisionGraph(), target).ReadState().Exists is false);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            NpgsqlConnection.ClearAllPools();
            database.Administer($"DROP ROLE IF EXISTS {role}");
        }
    }

    private static Revisions.RevisionGraph RevisionGraph() => Revisions.RevisionGraph.Build([], "/v");
}
