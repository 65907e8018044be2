using System.Management.Automation;

namespace PSMigrate.Module.Tests;

/// <summary>
/// The seeds' tutorial through the cmdlets in the real PowerShell engine on a real SQLite file:
/// employees, rows, a department table renamed to departments, a column renamed, all data kept.
/// </summary>
public sealed class TutorialTests
{
    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void TutorialUpgradesWithDataIntactThenWalksDownToBaseAndUpAgain(string provider)
    {
        using var session = new PowerShellSession(provider);
        var ids = TutorialRevisions.Create(session);

        var upgrade = session.Run("Invoke-MigrationUpgrade");
        upgrade.ShouldSucceed();
        Assert.Equal(ids, upgrade.Output.Select(o => (string)o.Properties["Revision"].Value));
        Assert.All(upgrade.Output, o => Assert.Equal("Upgrade", o.Properties["Direction"].Value.ToString()));
        Assert.All(upgrade.Output, o => Assert.IsType<TimeSpan>(o.Properties["Duration"].Value));

        AssertTutorialData(session);
        Assert.Equal([ids[^1]], session.Db.Heads());

        var down = session.Run("Undo-Migration base -Force");
        down.ShouldSucceed();
        Assert.Equal(ids.Reverse(), down.Output.Select(o => (string)o.Properties["Revision"].Value));
        Assert.Empty(session.Db.Tables());
        Assert.Empty(session.Db.Heads());
        Assert.Equal(10, session.Db.Column("SELECT count(*) FROM psmigrate_history").Select(int.Parse).Single());

        session.Run("Invoke-MigrationUpgrade head").ShouldSucceed();
        AssertTutorialData(session);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void HistoryShowsEachRevisionNewestFirstWithWhenItWasApplied(string provider)
    {
        using var session = new PowerShellSession(provider);
        var ids = TutorialRevisions.Create(session);
        session.Run("Invoke-MigrationUpgrade -Target $t", new Dictionary<string, object?> { ["t"] = ids[2] }).ShouldSucceed();

        var history = session.Run("Get-MigrationHistory");
        history.ShouldSucceed();
        Assert.Equal(ids.Reverse(), history.Output.Select(o => (string)o.Properties["Revision"].Value));
        var rows = history.Output.ToDictionary(o => (string)o.Properties["Revision"].Value);
        Assert.True((bool)rows[ids[2]].Properties["IsCurrent"].Value);
        Assert.True((bool)rows[ids[0]].Properties["IsApplied"].Value);
        Assert.False((bool)rows[ids[3]].Properties["IsApplied"].Value);
        Assert.True((bool)rows[ids[4]].Properties["IsHead"].Value);
        var appliedAt = Assert.IsType<DateTimeOffset>(rows[ids[0]].Properties["AppliedAt"].Value);
        Assert.InRange(appliedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Null(rows[ids[4]].Properties["AppliedAt"].Value);
        Assert.Equal(Environment.MachineName, rows[ids[1]].Properties["Host"].Value);
        Assert.Equal(Environment.UserName, rows[ids[1]].Properties["AppliedBy"].Value);

        var applied = session.Run("Get-MigrationHistory | Where-Object IsApplied | ForEach-Object Revision");
        Assert.Equal(ids.Take(3).Reverse(), applied.Output.Select(o => o.ToString()));

        var log = session.Run("Get-MigrationHistory -Log");
        log.ShouldSucceed();
        Assert.Equal(3, log.Output.Count);
        Assert.Equal(ids[2], log.Output[0].Properties["Revision"].Value);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void RelativeAndPartialTargetsMoveByRevisions(string provider)
    {
        using var session = new PowerShellSession(provider);
        var ids = TutorialRevisions.Create(session);
        session.Run("Invoke-MigrationUpgrade +2").ShouldSucceed();
        Assert.Equal([ids[1]], session.Db.Heads());

        session.Run("Invoke-MigrationUpgrade -Target $t", new Dictionary<string, object?> { ["t"] = ids[3][..8] }).ShouldSucceed();
        Assert.Equal([ids[3]], session.Db.Heads());

        session.Run("Undo-Migration -Force").ShouldSucceed();
        Assert.Equal([ids[2]], session.Db.Heads());

        session.Run("Undo-Migration -2 -Force").ShouldSucceed();
        Assert.Equal([ids[0]], session.Db.Heads());
        Assert.Equal(["employees"], session.Db.Tables());
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void WhatIfReportsEachPlannedStepAndChangesNothing(string provider)
    {
        using var session = new PowerShellSession(provider);
        var ids = TutorialRevisions.Create(session);
        var empty = session.Db.Snapshot();
        var whatIf = session.Run("Invoke-MigrationUpgrade -WhatIf");
        whatIf.ShouldSucceed();
        Assert.Empty(whatIf.Output);
        Assert.Equal(ids.Length, whatIf.WhatIf.Count);
        Assert.All(ids.Zip(whatIf.WhatIf), pair => Assert.Contains(pair.First, pair.Second));
        Assert.Equal(empty, session.Db.Snapshot());

        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        var before = session.Db.Snapshot();
        var undoWhatIf = session.Run("Undo-Migration base -WhatIf");
        undoWhatIf.ShouldSucceed();
        Assert.Equal(ids.Length, undoWhatIf.WhatIf.Count);
        Assert.Contains(ids[^1], undoWhatIf.WhatIf[0]);
        Assert.Equal(before, session.Db.Snapshot());
    }

    [Fact]
    public void WhatIfOnSqliteDoesNotEvenCreateTheDatabaseFile()
    {
        using var session = new PowerShellSession();
        TutorialRevisions.Create(session);
        session.Run("Invoke-MigrationUpgrade -WhatIf; Get-MigrationHistory; Invoke-MigrationUpgrade -Script").ShouldSucceed();
        Assert.False(File.Exists(((SqliteTestDatabase)session.Db).Path));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void ScriptWritesTheWholePlanAsSqlAndTouchesNothing(string provider)
    {
        using var session = new PowerShellSession(provider);
        var ids = TutorialRevisions.Create(session);
        var empty = session.Db.Snapshot();
        var script = session.Run("Invoke-MigrationUpgrade -Script");
        script.ShouldSucceed();
        Assert.Equal(empty, session.Db.Snapshot());

        var text = string.Join("\n", script.Output.Select(o => o.ToString()));
        var version = Providers.ScriptTableName(provider, "psmigrate_version");
        Assert.Contains($"CREATE TABLE IF NOT EXISTS {version}", text);
        Assert.Contains("CREATE TABLE employees", text);
        Assert.Contains("ALTER TABLE departments RENAME COLUMN address TO location;", text);
        Assert.Contains($"INSERT INTO {version} (version_num) VALUES ('{ids[0]}');", text);
        Assert.Contains($"UPDATE {version} SET version_num = '{ids[1]}' WHERE version_num = '{ids[0]}';", text);
        Assert.Equal(ids.Length, text.Split("\nCOMMIT;").Length - 1);

        session.Run("Invoke-MigrationUpgrade -Target $t", new Dictionary<string, object?> { ["t"] = ids[1] }).ShouldSucceed();
        var before = session.Db.Snapshot();
        var undo = session.Run("Undo-Migration base -Script");
        undo.ShouldSucceed();
        var undoText = string.Join("\n", undo.Output.Select(o => o.ToString()));
        Assert.Contains("DROP TABLE employees;", undoText);
        Assert.DoesNotContain("DROP TABLE department;", undoText);
        Assert.Equal(before, session.Db.Snapshot());
    }

    [Fact]
    public void ScriptOutFileWritesTheScriptAndReturnsTheFile()
    {
        using var session = new PowerShellSession();
        var ids = TutorialRevisions.Create(session);
        var result = session.Run("Invoke-MigrationUpgrade -Script -From base -OutFile deploy.sql");
        result.ShouldSucceed();
        var file = Assert.IsType<FileInfo>(Assert.Single(result.Output).BaseObject);
        Assert.Equal(Path.Combine(session.Directory, "deploy.sql"), file.FullName);
        var text = File.ReadAllText(file.FullName);
        Assert.Contains($"VALUES ('{ids[0]}')", text);
        Assert.All(ids.Skip(1), id => Assert.Contains($"SET version_num = '{id}'", text));
        Assert.False(File.Exists(((SqliteTestDatabase)session.Db).Path));

        var stamp = session.Run("Set-MigrationVersion head -Script -From base -OutFile stamp.sql");
        stamp.ShouldSucceed();
        Assert.Contains($"VALUES ('{ids[^1]}')", File.ReadAllText(Path.Combine(session.Directory, "stamp.sql")));
    }

    [Fact]
    public void OfflineScriptRunByHandGivesTheSameSchemaAsAnOnlineUpgrade()
    {
        using var session = new PowerShellSession();
        TutorialRevisions.Create(session);
        var script = session.Run("(Invoke-MigrationUpgrade -Script -From base) -join \"`n\"");
        script.ShouldSucceed();

        var offline = Path.Combine(session.Directory, "offline.db");
        var (exitCode, _, errors) = NativeClients.Sqlite3(offline, script.Output[0].ToString()!);
        Assert.True(exitCode == 0, errors);
        Assert.Equal(string.Empty, errors);

        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        const string schema = "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name";
        Assert.Equal(session.Db.Query(schema).Select(r => r.ToString()), session.Query(schema, offline).Select(r => r.ToString()));
        Assert.Equal(session.Db.Heads(), session.Column("SELECT version_num FROM psmigrate_version", offline));
    }

    [Fact]
    public void ProgressVerboseAndDebugFollowEachRevisionAndStatement()
    {
        using var session = new PowerShellSession();
        var ids = TutorialRevisions.Create(session);
        var run = session.Run("Invoke-MigrationUpgrade -Verbose -Debug");
        run.ShouldSucceed();

        var progress = run.Progress.Where(p => p.RecordType == ProgressRecordType.Processing).ToList();
        Assert.Equal(ids.Length, progress.Count);
        Assert.Equal([0, 20, 40, 60, 80], progress.Select(p => p.PercentComplete));
        Assert.Contains(ids[0], progress[0].StatusDescription);
        Assert.Contains(run.Progress, p => p.RecordType == ProgressRecordType.Completed);

        Assert.All(ids, id => Assert.Contains(run.Verbose, v => v.StartsWith($"Apply revision {id}")));
        Assert.Contains(run.Verbose, v => v.Contains("ALTER TABLE departments RENAME COLUMN address TO location"));
        Assert.Contains(run.Verbose, v => v.StartsWith("Database: Sqlite Data Source="));
        Assert.Contains(run.Debug, d => d.StartsWith("Planned 5 step(s) from 5 revision(s) in "));
        Assert.All(ids, id => Assert.Contains(run.Debug, d => d.StartsWith($"{id}: ") && d.EndsWith(" ms.")));
    }

    [Fact]
    public void UndoAsksForConfirmationAndStopsWhenRefused()
    {
        using var session = new PowerShellSession();
        var ids = TutorialRevisions.Create(session);
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();

        session.Host.Answers.Enqueue(2);
        var refused = session.Run("Undo-Migration");
        Assert.Single(session.Host.Prompts);
        Assert.Contains(ids[^1], session.Host.Prompts[0]);
        Assert.Empty(refused.Output);
        Assert.Equal([ids[^1]], session.Db.Heads());

        session.Host.Answers.Enqueue(0);
        session.Run("Undo-Migration").ShouldSucceed();
        Assert.Equal([ids[^2]], session.Db.Heads());
    }

    [Fact]
    public void PathDefaultsToMigrationsUnderTheCurrentPowerShellLocation()
    {
        using var session = new PowerShellSession();
        var nested = Path.Combine(session.Directory, "project");
        Directory.CreateDirectory(nested);
        session.Run("$ExecutionContext.SessionState.Path.SetLocation($p) | Out-Null; Initialize-Migration",
            new Dictionary<string, object?> { ["p"] = nested }).ShouldSucceed();
        Assert.True(File.Exists(Path.Combine(nested, "migrations", "psmigrate.psd1")));
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "migrations", "psmigrate.psd1")));

        session.Run("New-MigrationRevision 'one' -UpgradeSql 'CREATE TABLE one (id INTEGER)' -DowngradeSql 'DROP TABLE one'; Invoke-MigrationUpgrade").ShouldSucceed();
        Assert.True(File.Exists(Path.Combine(nested, "migrations", "app.db")));
    }

    private static void AssertTutorialData(PowerShellSession session)
    {
        Assert.Equal(["Ada Lovelace", "Grace Hopper"], session.Db.Column("SELECT name FROM employees ORDER BY id"));
        var department = Assert.Single(session.Db.Query("SELECT name, location FROM departments"));
        Assert.Equal("Research", department.Properties["name"].Value);
        Assert.Equal("Building 1", department.Properties["location"].Value);
    }
}
