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
                Assert.Contains("EXEC sp_rename N'department', N'departments'", script);
                Assert.Contains("EXEC sp_rename N'players.score', N'points', N'COLUMN'", script);
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
        session.Run("""
            $c = (Get-ModuleType 'Microsoft.Data.Sqlite' 'Microsoft.Data.Sqlite.SqliteConnection')::new("Data Source=$db;Pooling=False")
            $c.Open(); $cmd = $c.CreateCommand(); $cmd.CommandText = $sql
            # Step through every statement, as sqlite3 does; the foreign key checks return (empty) result sets.
            $reader = $cmd.ExecuteReader(); while ($reader.NextResult()) { }; $reader.Dispose(); $c.Dispose()
            """, new Dictionary<string, object?> { ["db"] = offline, ["sql"] = text }).ShouldSucceed();

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

        var error = session.Run("Invoke-MigrationUpgrade -Script -From base").SingleError;
        Assert.StartsWith("PSMigrate.RevisionFailed", error.FullyQualifiedErrorId);
        Assert.Contains(id, error.Exception.Message);
        Assert.Contains("needs the table's definition", error.Exception.Message);
        Assert.Contains("'legacy'", error.Exception.Message);

        // Online, the definition comes from the database itself.
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        Assert.Contains("NOT NULL", session.Db.Column("SELECT sql FROM sqlite_master WHERE name = 'legacy'").Single());
    }
}
