using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace PSMigrate.Module.Tests;

/// <summary>
/// PowerShell revisions in offline scripts: the same operations render T-SQL that ScriptDom
/// parses, and a SQLite script (table rebuilds included) that builds the same schema as an
/// online upgrade.
/// </summary>
public sealed class OfflineOperationTests
{
    private static void CreateRevisions(PowerShellSession session)
    {
        PowerShellRevisionTests.CreateTutorial(session);
        session.Run(PowerShellRevisionTests.BaseTables).ShouldSucceed();
        session.Run(PowerShellRevisionTests.EveryOtherOperation).ShouldSucceed();
    }

    [Fact]
    public void SqlServerScriptOfEveryOperationParsesWithScriptDom()
    {
        using var session = new PowerShellSession();
        CreateRevisions(session);
        var sqlServer = new Dictionary<string, object?> { ["cs"] = "Server=sql01;Database=app;Integrated Security=true;Encrypt=true" };

        foreach (var command in new[] { "Invoke-MigrationUpgrade heads -Script -From base -ConnectionString $cs", "Undo-Migration base -Script -From heads -ConnectionString $cs" })
        {
            var result = session.Run($"({command}) -join \"`n\"", sqlServer);
            result.ShouldSucceed();
            var script = result.Output.Single().ToString()!;
            var parsed = (TSqlScript)new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(script), out var errors);
            Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"line {e.Line}: {e.Message}")) + "\n" + script);
            var statements = parsed.Batches.SelectMany(b => b.Statements).ToList();
            Assert.NotEmpty(statements);
            if (command.StartsWith("Invoke"))
            {
                Assert.Contains(statements, s => s is CreateTableStatement);
                Assert.Contains(statements, s => s is CreateIndexStatement);
                Assert.Contains(statements, s => s is AlterTableAddTableElementStatement);
                Assert.Contains("EXEC sp_rename N'[department]', N'departments'", script);
                Assert.Contains("EXEC sp_rename N'[players].[score]', N'points', N'COLUMN'", script);
                Assert.Contains("IDENTITY", script, StringComparison.Ordinal) ;
                Assert.DoesNotContain("COMMENT ON", script);
                Assert.Contains("INSERT INTO [employees] (", script);
                Assert.Contains("N'Ada Lovelace'", script);
            }
        }
    }

    [Fact]
    public void SqliteOfflineScriptWithRebuildsBuildsTheSameSchemaAsOnline()
    {
        using var session = new PowerShellSession();
        CreateRevisions(session);
        var script = session.Run("(Invoke-MigrationUpgrade heads -Script -From base) -join \"`n\"");
        script.ShouldSucceed();
        var text = script.Output.Single().ToString()!;
        Assert.Contains("_psmigrate_rebuild_players", text);

        var offline = Path.Combine(session.Directory, "offline.db");
        var (exitCode, _, errors) = NativeClients.Sqlite3(offline, text);
        Assert.True(exitCode == 0, errors);

        session.Run("Invoke-MigrationUpgrade heads").ShouldSucceed();
        const string Schema = "SELECT type || ' ' || name || ': ' || replace(replace(sql, char(10), ' '), '    ', '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name";
        Assert.Equal(session.Db.Column(Schema), session.Column(Schema, offline));
        Assert.Equal(session.Db.Column("SELECT name || points FROM players ORDER BY id"), session.Column("SELECT name || points FROM players ORDER BY id", offline));
    }

    [Fact]
    public void OfflineRebuildOfATableTheScriptDoesNotKnowSaysWhatToDo()
    {
        using var session = new PowerShellSession();
        session.Initialise();
        session.Run("New-MigrationRevision 'sql table' -UpgradeSql 'CREATE TABLE legacy (id INTEGER, name TEXT)' -DowngradeSql 'DROP TABLE legacy'").ShouldSucceed();
        var id = session.Run("(New-MigrationRevision 'tighten' -Upgrade { Set-MigrationColumn legacy name -Nullable $false } -Downgrade { Set-MigrationColumn legacy name -Nullable $true }).Revision").Output.Single().ToString();

        var sqlRevision = session.Run("(Get-MigrationRevision)[1].Revision").Output.Single().ToString();

        // A .sql revision earlier in the same script tells the script the table's definition.
        var whole = session.Run("(Invoke-MigrationUpgrade -Script -From base) -join \"`n\"");
        whole.ShouldSucceed();
        Assert.Contains("_psmigrate_rebuild_legacy", whole.Output.Single().ToString());

        // Starting after it, without reading the database, the script cannot know the table.
        var error = session.Run("Invoke-MigrationUpgrade -Script -From $from", new Dictionary<string, object?> { ["from"] = sqlRevision }).SingleError;
        Assert.StartsWith("PSMigrate.OfflineTableUnknown", error.FullyQualifiedErrorId);
        Assert.Contains(id, error.Exception.Message);
        Assert.Contains("needs the table's definition", error.Exception.Message);
        Assert.Contains("'legacy'", error.Exception.Message);
        Assert.Contains(".ps1:", error.Exception.Message);

        // Against a database at that revision, the script reads the table's definition from it first.
        session.Run("Invoke-MigrationUpgrade -Target $from", new Dictionary<string, object?> { ["from"] = sqlRevision }).ShouldSucceed();
        var fromDatabase = session.Run("(Invoke-MigrationUpgrade -Script) -join \"`n\"");
        fromDatabase.ShouldSucceed();
        Assert.Contains("_psmigrate_rebuild_legacy", fromDatabase.Output.Single().ToString());

        // Online, the definition comes from the database itself.
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        Assert.Contains("NOT NULL", session.Db.Column("SELECT sql FROM sqlite_master WHERE name = 'legacy'").Single());
    }
}
