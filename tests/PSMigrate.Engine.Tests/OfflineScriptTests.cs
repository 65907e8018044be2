using System.Diagnostics;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Npgsql;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Execution;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Tests;

/// <summary>
/// Offline scripts are complete: the engine's tables, each revision in its transaction, the
/// version and history rows. T-SQL is parsed with ScriptDom (no SQL Server runs here);
/// the PostgreSQL script is run by psql against the test server.
/// </summary>
public sealed class OfflineScriptTests
{
    private static RevisionGraph Graph(params (string Id, string? Parent, string Up, string Down)[] revisions) =>
        RevisionGraph.Build(revisions.Select(r => RevisionFileParser.Parse($"/v/{r.Id}.sql",
            $"-- Revision ID: {r.Id}\n-- Revises: {r.Parent}\n-- Message: it's {r.Id}\n\n-- migrate:upgrade\n{r.Up}\n\n-- migrate:downgrade\n{r.Down}\n")), "/v");

    private static Migrator Migrator(RevisionGraph graph, ProviderKind kind, string connectionString, string? schema = null) =>
        new(graph, DatabaseTargetResolver.Resolve(new MigrationSettings { Schema = schema }, "/", "/", connectionString, null, kind));

    private static string Script(Migrator migrator, MigrationDirection direction, string target, string from) =>
        string.Join("\n", migrator.Script(direction, target, from));

    private const string SqlServer = "Server=db.example;Database=app;Integrated Security=true";

    private static readonly (string, string?, string, string)[] SqlServerRevisions =
    [
        ("aaa111", null, "CREATE TABLE dbo.employees (id INT NOT NULL PRIMARY KEY, name NVARCHAR(80) NOT NULL);\nGO\nINSERT INTO dbo.employees VALUES (1, N'Ada');", "DROP TABLE dbo.employees;"),
        ("bbb222", "aaa111", "CREATE PROCEDURE dbo.count_employees AS\nBEGIN\n    SELECT COUNT(*) FROM dbo.employees;\nEND\nGO\nINSERT INTO dbo.employees VALUES (2, N'Grace');\nGO 2", "DROP PROCEDURE dbo.count_employees;"),
    ];

    [Theory]
    [InlineData(null)]
    [InlineData("deploy")]
    public void SqlServerUpgradeAndDowngradeScriptsParseWithScriptDom(string? schema)
    {
        var migrator = Migrator(Graph(SqlServerRevisions), ProviderKind.SqlServer, SqlServer, schema);

        var upgrade = Script(migrator, MigrationDirection.Upgrade, "head", "base");
        var fragment = Parse(upgrade);
        var statements = fragment.Batches.SelectMany(b => b.Statements).ToList();
        Assert.Contains(statements, s => s is CreateProcedureStatement);
        Assert.Equal(2, statements.OfType<BeginTransactionStatement>().Count());
        Assert.Equal(2, statements.OfType<CommitTransactionStatement>().Count());
        Assert.Equal(2, upgrade.Split("INSERT INTO dbo.employees VALUES (2, N'Grace');\nGO").Length - 1);
        var versionTable = schema is null ? "[psmigrate_version]" : "[deploy].[psmigrate_version]";
        Assert.Contains($"INSERT INTO {versionTable} (version_num) VALUES (N'aaa111')", upgrade);
        Assert.Contains($"UPDATE {versionTable} SET version_num = N'bbb222' WHERE version_num = N'aaa111'", upgrade);
        Assert.Contains("N'it''s bbb222'", upgrade);
        Assert.IsType<PredicateSetStatement>(fragment.Batches[0].Statements[0]);

        var downgrade = Script(migrator, MigrationDirection.Downgrade, "base", "bbb222");
        var down = Parse(downgrade).Batches.SelectMany(b => b.Statements).ToList();
        Assert.Contains(down, s => s is DropProcedureStatement);
        Assert.Contains(down, s => s is DropTableStatement);

        Parse(migrator.StampScript("bbb222", purge: false, from: "base"));
    }

    [Fact]
    public void BrokenTsqlInARevisionIsCaughtByTheParser()
    {
        var graph = Graph(("aaa111", null, "CREATE TABLE dbo.t (id INT", "DROP TABLE dbo.t;"));
        var script = Script(Migrator(graph, ProviderKind.SqlServer, SqlServer), MigrationDirection.Upgrade, "head", "base");
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(script), out var errors);
        Assert.NotEmpty(errors);
    }

    [PostgresFact]
    public void PostgresScriptRunsInPsqlAndMatchesAnOnlineUpgrade()
    {
        var graph = Graph(
            ("aaa111", null, "CREATE TABLE employees (id INT PRIMARY KEY, name TEXT NOT NULL);\nINSERT INTO employees VALUES (1, 'Ada');", "DROP TABLE employees;"),
            ("bbb222", "aaa111", "CREATE FUNCTION employee_count() RETURNS bigint AS $$ SELECT count(*) FROM employees; $$ LANGUAGE sql;", "DROP FUNCTION employee_count();"));
        using var offline = new PostgresDatabase();
        var script = Script(Migrator(graph, ProviderKind.PostgreSql, offline.ConnectionString), MigrationDirection.Upgrade, "head", "base");

        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, script);
            var builder = new NpgsqlConnectionStringBuilder(offline.ConnectionString);
            var psql = new ProcessStartInfo("psql", ["-X", "-q", "-f", file])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                Environment =
                {
                    ["PGHOST"] = builder.Host, ["PGPORT"] = builder.Port.ToString(), ["PGUSER"] = builder.Username,
                    ["PGPASSWORD"] = builder.Password, ["PGDATABASE"] = builder.Database,
                },
            };
            using var process = Process.Start(psql)!;
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, errors);
            Assert.Equal("", errors.Trim());
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal(["bbb222"], offline.Column("SELECT version_num FROM psmigrate_version"));
        Assert.Equal(["1"], offline.Column("SELECT employee_count()"));
        Assert.Equal(["aaa111", "bbb222"], offline.Column("SELECT revision FROM psmigrate_history ORDER BY id"));
    }

    private static TSqlScript Parse(string script)
    {
        var fragment = (TSqlScript)new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(script), out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"line {e.Line}: {e.Message}")) + "\n" + script);
        return fragment;
    }
}
