using System.Management.Automation;

namespace PSMigrate.Module.Tests;

/// <summary>
/// Every bad input stops with an ErrorRecord that says what is wrong and where (file, line,
/// revision or value), and leaves the database exactly as it was.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private PowerShellSession session = new();

    public void Dispose() => session.Dispose();

    private void Use(string provider)
    {
        session.Dispose();
        session = new PowerShellSession(provider);
    }

    private string Versions => Path.Combine(session.Directory, "migrations", "versions");

    private string[] ApplyTwo()
    {
        session.Initialise();
        var first = NewRevision("create items", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);", "DROP TABLE items;");
        var second = NewRevision("add item", "INSERT INTO items (id, name) VALUES (1, 'one');", "DELETE FROM items;");
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        return [first, second];
    }

    private string NewRevision(string message, string up, string down)
    {
        var result = session.Run("(New-MigrationRevision -Message $m -UpgradeSql $u -DowngradeSql $d).Revision",
            new Dictionary<string, object?> { ["m"] = message, ["u"] = up, ["d"] = down });
        result.ShouldSucceed();
        return result.Output.Single().ToString();
    }

    private string Snapshot() => session.Db.Snapshot() + "|" + string.Join(",", session.Db.Column("SELECT name FROM items ORDER BY id"));

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void BrokenRevisionRollsBackWholeAndTheErrorNamesRevisionFileAndLine(string provider)
    {
        Use(provider);
        var applied = ApplyTwo();
        var before = Snapshot();
        var broken = NewRevision("broken",
            "CREATE TABLE audit (id INTEGER PRIMARY KEY);\nINSERT INTO items (id, name) VALUES (2, 'two');\n\nINSERT INTO no_such_table VALUES (1);",
            "DROP TABLE audit;");

        var result = session.Run("Invoke-MigrationUpgrade");
        var error = result.Terminating;
        Assert.NotNull(error);
        Assert.StartsWith("PSMigrate.RevisionFailed", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        var file = Directory.GetFiles(Versions, broken + "_*.sql").Single();
        Assert.Equal(file, error.TargetObject);
        Assert.Contains(broken, error.Exception.Message);
        Assert.Contains($"{file}:10", error.Exception.Message);
        Assert.Contains("no_such_table", error.Exception.Message);
        Assert.Contains($"still at {applied[1]}", error.Exception.Message);

        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void FailedMigrationIsATerminatingErrorThatStopsTheScript()
    {
        ApplyTwo();
        NewRevision("broken", "SELECT * FROM missing_table;", "");
        var result = session.Run("Invoke-MigrationUpgrade; 'after'");
        Assert.NotNull(result.Terminating);
        Assert.DoesNotContain(result.Output, o => o.ToString() == "after");

        var caught = session.Run("try { Invoke-MigrationUpgrade; 'not caught' } catch { $_.FullyQualifiedErrorId; $_.InvocationInfo.MyCommand.Name }");
        Assert.Equal(["PSMigrate.RevisionFailed,PSMigrate.Commands.InvokeMigrationUpgradeCommand", "Invoke-MigrationUpgrade"], caught.Output.Select(o => o.ToString()));

        // Like any cmdlet's error: -ErrorVariable gets it, and an explicit -ErrorAction is the caller's choice.
        var chosen = session.Run("Invoke-MigrationUpgrade -ErrorAction Continue -ErrorVariable failed; 'went on'; $failed.Count");
        Assert.Equal(["went on", "1"], chosen.Output.Select(o => o.ToString()));
        var written = Assert.Single(chosen.Errors);
        Assert.Equal("PSMigrate.RevisionFailed,PSMigrate.Commands.InvokeMigrationUpgradeCommand", written.FullyQualifiedErrorId);
        Assert.Equal("Invoke-MigrationUpgrade", written.InvocationInfo.MyCommand.Name);

        // Inside a script block or function that sets its own preference (a compiled local), the
        // error is still the migration's, and the caller's preference is as it was.
        var inFunction = session.Run("""
            function Deploy { $ErrorActionPreference = 'Continue'; try { Invoke-MigrationUpgrade } catch { $_.FullyQualifiedErrorId }; $ErrorActionPreference }
            Deploy
            & { $ErrorActionPreference = 'SilentlyContinue'; try { Invoke-MigrationUpgrade } catch { $_.FullyQualifiedErrorId }; $ErrorActionPreference }
            """);
        Assert.Equal(["PSMigrate.RevisionFailed,PSMigrate.Commands.InvokeMigrationUpgradeCommand", "Continue",
            "PSMigrate.RevisionFailed,PSMigrate.Commands.InvokeMigrationUpgradeCommand", "SilentlyContinue"], inFunction.Output.Select(o => o.ToString()));
    }

    [Theory]
    [InlineData("Invoke-MigrationUpgrade nope", "PSMigrate.UnknownTarget", "InvokeMigrationUpgradeCommand", "Invoke-MigrationUpgrade")]
    [InlineData("Undo-Migration nope -Force", "PSMigrate.UnknownTarget", "UndoMigrationCommand", "Undo-Migration")]
    [InlineData("Set-MigrationVersion nope -Force", "PSMigrate.UnknownTarget", "SetMigrationVersionCommand", "Set-MigrationVersion")]
    [InlineData("Test-Migration -Strict", "PSMigrate.DriftDetected", "TestMigrationCommand", "Test-Migration")]
    public void ErrorsOfCommandsThatChangeADatabaseStopTheScriptAndLookLikeAnyCmdletsError(string command, string errorId, string type, string name)
    {
        var ids = ApplyTwo();
        File.AppendAllText(Directory.GetFiles(Versions, ids[0] + "_*.sql").Single(), "\n-- edited\n");

        var stopped = session.Run($"{command} -ErrorVariable failed; 'after'");
        Assert.NotNull(stopped.Terminating);
        Assert.DoesNotContain(stopped.Output, o => o.ToString() == "after");
        Assert.Equal($"{errorId},PSMigrate.Commands.{type}", stopped.Terminating.FullyQualifiedErrorId);
        Assert.Equal(name, stopped.Terminating.InvocationInfo.MyCommand.Name);

        var caught = session.Run($"try {{ $null = {command} -ErrorVariable failed }} catch {{ $_.FullyQualifiedErrorId }}; $failed.Count");
        Assert.Equal([$"{errorId},PSMigrate.Commands.{type}", "1"], caught.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void RevisionFileWithoutHeaderIsRejectedNamingTheFile()
    {
        ApplyTwo();
        var before = Snapshot();
        var file = Path.Combine(Versions, "0000_no_header.sql");
        File.WriteAllText(file, "-- migrate:upgrade\nCREATE TABLE x (id INTEGER);\n-- migrate:downgrade\nDROP TABLE x;\n");

        var error = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith("PSMigrate.MissingRevisionHeader", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ParserError, error.CategoryInfo.Category);
        Assert.Contains(file, error.Exception.Message);
        Assert.Contains("Revision ID", error.Exception.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void DuplicateRevisionIdIsRejectedNamingBothFiles()
    {
        var applied = ApplyTwo();
        var before = Snapshot();
        var original = Directory.GetFiles(Versions, applied[1] + "_*.sql").Single();
        var copy = Path.Combine(Versions, "zz_copy.sql");
        File.Copy(original, copy);

        var error = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith("PSMigrate.DuplicateRevision", error.FullyQualifiedErrorId);
        Assert.Contains(original, error.Exception.Message);
        Assert.Contains(copy, error.Exception.Message);
        Assert.Contains(applied[1], error.Exception.Message);
        Assert.Equal(before, Snapshot());

        var byId = session.Run("New-MigrationRevision 'again' -RevisionId $id", new Dictionary<string, object?> { ["id"] = applied[0] });
        Assert.StartsWith("PSMigrate.DuplicateRevision", byId.SingleError.FullyQualifiedErrorId);
    }

    [Fact]
    public void MissingSectionIsRejectedNamingFileAndSection()
    {
        ApplyTwo();
        var before = Snapshot();
        var file = Path.Combine(Versions, "abc123_missing.sql");
        var parent = session.Db.Heads().Single();
        File.WriteAllText(file, $"-- Revision ID: abc123\n-- Revises: {parent}\n-- Message: missing\n\n-- migrate:upgrade\nCREATE TABLE x (id INTEGER);\n");

        var error = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith("PSMigrate.MissingSection", error.FullyQualifiedErrorId);
        Assert.Contains(file, error.Exception.Message);
        Assert.Contains("-- migrate:downgrade", error.Exception.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void SqlBeforeTheFirstSectionIsRejectedWithItsLine()
    {
        session.Run("Initialize-Migration").ShouldSucceed();
        var file = Path.Combine(Versions, "abc123_stray.sql");
        File.WriteAllText(file, "-- Revision ID: abc123\n-- Revises:\n\nDROP TABLE important;\n-- migrate:upgrade\n-- migrate:downgrade\n");

        var error = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith("PSMigrate.StatementBeforeSection", error.FullyQualifiedErrorId);
        Assert.Contains($"{file}:4", error.Exception.Message);
        Assert.False(File.Exists(((SqliteTestDatabase)session.Db).Path));
    }

    [Fact]
    public void UnknownTargetIsRejectedNamingTheValue()
    {
        ApplyTwo();
        var before = Snapshot();
        foreach (var command in new[] { "Invoke-MigrationUpgrade", "Undo-Migration -Force" })
        {
            var error = session.Run($"{command} -Target 'fff999'").SingleError;
            Assert.StartsWith("PSMigrate.UnknownTarget", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Equal("fff999", error.TargetObject);
            Assert.Contains("'fff999'", error.Exception.Message);
        }

        var tooFar = session.Run("Undo-Migration -5 -Force").SingleError;
        Assert.StartsWith("PSMigrate.RelativePastBase", tooFar.FullyQualifiedErrorId);
        Assert.Contains("only 2", tooFar.Exception.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void ConfigFileThatDoesNotParseIsRejectedNamingFileAndLine()
    {
        ApplyTwo();
        var before = Snapshot();
        var config = Path.Combine(session.Directory, "migrations", "psmigrate.psd1");
        File.WriteAllText(config, "@{\n    Provider = 'Sqlite'\n    ConnectionString = 'Data Source=app.db\n}\n");

        var error = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith("PSMigrate.ConfigParseError", error.FullyQualifiedErrorId);
        Assert.Contains(config, error.Exception.Message);
        Assert.Equal(before, Snapshot());

        File.WriteAllText(config, "@{\n    Provider = 'Sqlite'\n    ConnectionString = \"Data Source=$(Remove-Item -Recurse /)\"\n}\n");
        var notLiteral = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith("PSMigrate.ConfigNotLiteral", notLiteral.FullyQualifiedErrorId);

        File.WriteAllText(config, "@{ Provider = 'Sqlite'; ConectionString = 'Data Source=app.db' }");
        var unknownKey = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith("PSMigrate.InvalidSetting", unknownKey.FullyQualifiedErrorId);
        Assert.Contains("ConectionString", unknownKey.Exception.Message);

        File.WriteAllText(config, "@{ Provider = 'Oracle'; ConnectionString = 'Data Source=app.db' }");
        var provider = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.Contains("'Oracle' is not a provider", provider.Exception.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void ParentThatDoesNotExistIsRejectedNamingTheFile()
    {
        session.Run("Initialize-Migration").ShouldSucceed();
        var file = Path.Combine(Versions, "abc123_orphan.sql");
        File.WriteAllText(file, "-- Revision ID: abc123\n-- Revises: 999999999999\n-- migrate:upgrade\n-- migrate:downgrade\n");

        var error = session.Run("Get-MigrationRevision").SingleError;
        Assert.StartsWith("PSMigrate.MissingDownRevision", error.FullyQualifiedErrorId);
        Assert.Contains(file, error.Exception.Message);
        Assert.Contains("999999999999", error.Exception.Message);
    }

    [Fact]
    public void InitializeRefusesToOverwriteWithoutForce()
    {
        session.Run("Initialize-Migration").ShouldSucceed();
        var error = session.Run("Initialize-Migration").SingleError;
        Assert.StartsWith("PSMigrate.AlreadyInitialised", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        session.Run("Initialize-Migration -Force").ShouldSucceed();
    }

    [Fact]
    public void MissingFoldersSayToInitialise()
    {
        foreach (var command in new[] { "Invoke-MigrationUpgrade -ConnectionString 'Data Source=x.db'", "Get-MigrationHistory", "Test-Migration", "Get-MigrationRevision", "Undo-Migration -Force" })
        {
            var error = session.Run(command + " -Path ./nope").SingleError;
            Assert.StartsWith("PSMigrate.MigrationsFolderNotFound", error.FullyQualifiedErrorId);
            Assert.Contains("Initialize-Migration ./nope", error.Exception.Message);
            Assert.Contains(Path.Combine(session.Directory, "nope"), error.Exception.Message);
        }

        Directory.CreateDirectory(Path.Combine(session.Directory, "bare"));
        var versions = session.Run("Invoke-MigrationUpgrade -Path bare -ConnectionString 'Data Source=x.db'").SingleError;
        Assert.StartsWith("PSMigrate.VersionsFolderNotFound", versions.FullyQualifiedErrorId);
        Assert.Contains("Initialize-Migration", versions.Exception.Message);
        Assert.False(File.Exists(Path.Combine(session.Directory, "x.db")));
    }

    [Fact]
    public void ConnectionStringProblemsNameTheProblemAndCreateNothing()
    {
        ApplyTwo();
        var before = Snapshot();

        var keyword = session.Run("Invoke-MigrationUpgrade -ConnectionString 'Data Source=other.db;Bogus Keyword=1' -Provider Sqlite").SingleError;
        Assert.StartsWith("PSMigrate.InvalidConnectionString", keyword.FullyQualifiedErrorId);
        Assert.Contains("bogus keyword", keyword.Exception.Message, StringComparison.OrdinalIgnoreCase);

        // A folder without a config file has no provider to fall back on.
        Directory.CreateDirectory(Path.Combine(session.Directory, "bare", "versions"));
        var unknown = session.Run("Invoke-MigrationUpgrade -Path bare -ConnectionString 'Data Source=db01'").SingleError;
        Assert.StartsWith("PSMigrate.UnknownProvider", unknown.FullyQualifiedErrorId);
        Assert.Contains("-Provider", unknown.Exception.Message);

        Assert.False(File.Exists(Path.Combine(session.Directory, "other.db")));
        Assert.False(File.Exists(Path.Combine(session.Directory, "db01")));
        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [InlineData("Remove-MigrationColumn items colour", "PSMigrate.SchemaObjectNotFound", "has no column 'colour'; its columns are id, name")]
    [InlineData("Remove-MigrationConstraint items ck_missing", "PSMigrate.SchemaObjectNotFound", "has no constraint named 'ck_missing'")]
    [InlineData("Set-MigrationColumn items name", "PSMigrate.InvalidOperation", "nothing to change on column 'name'")]
    [InlineData("New-MigrationTable empty @()", "PSMigrate.RevisionFailed", "Column")]
    public void BadOperationsNameTheRevisionAndLeaveTheDatabaseAlone(string operation, string errorId, string detail)
    {
        ApplyTwo();
        var before = Snapshot();
        var id = session.Run("(New-MigrationRevision 'bad operation' -Upgrade ([scriptblock]::Create($op)) -Downgrade { }).Revision",
            new Dictionary<string, object?> { ["op"] = operation }).Output.Single().ToString();

        var error = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith(errorId, error.FullyQualifiedErrorId);
        Assert.Contains(id, error.Exception.Message);
        Assert.Contains(detail, error.Exception.Message);
        Assert.Contains(".ps1:", error.Exception.Message);
        Assert.Equal(before, Snapshot());
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void InOneTransactionAFailureLeavesTheDatabaseAsItWas(string provider)
    {
        Use(provider);
        var applied = ApplyTwo();
        var before = Snapshot();
        NewRevision("third", "CREATE TABLE third (id INTEGER);", "DROP TABLE third;");
        var broken = NewRevision("broken", "INSERT INTO no_such_table VALUES (1);", "SELECT 1;");

        var error = session.Run("Invoke-MigrationUpgrade -TransactionScope Run").SingleError;
        Assert.StartsWith("PSMigrate.RevisionFailed", error.FullyQualifiedErrorId);
        Assert.Contains(broken, error.Exception.Message);
        Assert.Contains($"The whole run was rolled back (-TransactionScope Run); the database is still at {applied[1]}.", error.Exception.Message);
        Assert.Equal(before, Snapshot());
        Assert.False(session.Db.Exists("third"));

        var ran = session.Run("Invoke-MigrationUpgrade -TransactionScope Run -Target -1");
        Assert.StartsWith("PSMigrate.DowngradeTargetForUpgrade", ran.SingleError.FullyQualifiedErrorId);
        var upToThird = session.Run("Invoke-MigrationUpgrade -TransactionScope Run -Target $t | ForEach-Object Revision", new Dictionary<string, object?> { ["t"] = broken + "-1" });
        upToThird.ShouldSucceed();
        Assert.True(session.Db.Exists("third"));
    }
}

/// <summary>Files that do not read do not hide the ones that do; files written by -OutFile are not overwritten unasked.</summary>
public sealed class FileHandlingTests
{
    [Fact]
    public void GetMigrationRevisionListsTheGoodRevisionsAndOneErrorPerBadFile()
    {
        using var session = new PowerShellSession();
        session.Initialise();
        var good = Enumerable.Range(1, 3).Select(i => session.Run($"(New-MigrationRevision 'good {i}' -UpgradeSql 'SELECT {i};' -DowngradeSql 'SELECT {i};').Revision").Output.Single().ToString()).ToList();
        var versions = Path.Combine(session.Directory, "migrations", "versions");
        File.WriteAllBytes(Path.Combine(versions, "utf16_no_bom.sql"),
            System.Text.Encoding.Unicode.GetBytes("-- Revision ID: u16\n-- Revises:\n-- migrate:upgrade\nSELECT 1;\n-- migrate:downgrade\n"));
        File.WriteAllText(Path.Combine(versions, "nul.sql"), "-- Revision ID: nul\n-- Revises:\n-- migrate:upgrade\nSELECT 1;\0\n-- migrate:downgrade\n");

        var result = session.Run("Get-MigrationRevision");
        Assert.Null(result.Terminating);
        Assert.Equal(good.AsEnumerable().Reverse(), result.Output.Select(o => (string)o.Properties["Revision"].Value));
        Assert.Equal(2, result.Errors.Count);
        var encoding = Assert.Single(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("PSMigrate.InvalidEncoding", StringComparison.Ordinal));
        Assert.Contains("utf16_no_bom.sql", encoding.Exception.Message);
        Assert.Contains("UTF-16 without a byte order mark", encoding.Exception.Message);
        var character = Assert.Single(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("PSMigrate.InvalidCharacter", StringComparison.Ordinal));
        Assert.Contains("nul.sql:4", character.Exception.Message);

        // Anything that changes a database still refuses to run on a folder with a bad file.
        Assert.StartsWith("PSMigrate.InvalidCharacter", session.Run("Invoke-MigrationUpgrade").SingleError.FullyQualifiedErrorId);
    }

    [Fact]
    public void OutFileIsNotOverwrittenWithoutForce()
    {
        using var session = new PowerShellSession();
        TutorialRevisions.Create(session);
        session.Run("Invoke-MigrationUpgrade -Script -From base -OutFile up.sql").ShouldSucceed();
        var path = Path.Combine(session.Directory, "up.sql");
        File.WriteAllText(path, "keep me");

        var refused = session.Run("Invoke-MigrationUpgrade -Script -From base -OutFile up.sql").SingleError;
        Assert.StartsWith("PSMigrate.OutFileExists", refused.FullyQualifiedErrorId);
        Assert.Contains("-Force", refused.Exception.Message);
        Assert.Equal("keep me", File.ReadAllText(path));

        var forced = session.Run("Invoke-MigrationUpgrade -Script -From base -OutFile up.sql -Force");
        forced.ShouldSucceed();
        Assert.Contains("CREATE TABLE employees", File.ReadAllText(path));
        Assert.Equal(path, forced.Output.Single().Properties["FullName"].Value);
        Assert.NotNull(forced.Output.Single().Properties["PSChildName"]);
    }

    [Fact]
    public void AMistypedSqliteFileIsReportedNotReadAsEmpty()
    {
        using var session = new PowerShellSession();
        TutorialRevisions.Create(session);
        var missing = Path.Combine(session.Directory, "mistyped.db");

        var history = session.Run("Get-MigrationHistory -ConnectionString $c", new Dictionary<string, object?> { ["c"] = $"Data Source={missing}" });
        Assert.Null(history.Terminating);
        Assert.All(history.Output, entry => Assert.Equal("NotApplied", entry.Properties["State"].Value.ToString()));
        var warning = Assert.Single(history.Warnings);
        Assert.Contains($"'{missing}' does not exist yet", warning);
        Assert.Contains(warning, session.Run("Test-Migration -ConnectionString $c", new Dictionary<string, object?> { ["c"] = $"Data Source={missing}" }).Warnings);
        Assert.False(File.Exists(missing));

        var nowhere = Path.Combine(session.Directory, "no-such-folder", "x.db");
        foreach (var command in new[] { "Get-MigrationHistory", "Test-Migration", "Invoke-MigrationUpgrade", "Invoke-MigrationUpgrade -Script" })
        {
            var error = session.Run($"{command} -ConnectionString $c", new Dictionary<string, object?> { ["c"] = $"Data Source={nowhere}" }).SingleError;
            Assert.StartsWith("PSMigrate.DatabaseNotFound", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Contains($"its folder '{Path.GetDirectoryName(nowhere)}' does not exist", error.Exception.Message);
        }

        Assert.False(Directory.Exists(Path.GetDirectoryName(nowhere)));
    }
}
