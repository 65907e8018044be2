namespace PSMigrate.Module.Tests;

/// <summary>
/// One executor frames every step for live runs and for -Script: every example's revisions
/// applied live to one database and, as a script run by the database's own client (sqlite3,
/// psql), to another, give the same schema, rows, version rows and history, up and back down.
/// </summary>
public sealed class LiveVersusScriptTests
{
    [Theory]
    [OnSqlite("tutorial", "quickstart", "powershell-revisions", "trailing-comments")]
    [OnPostgres("tutorial", "quickstart", "powershell-revisions", "trailing-comments")]
    public void ScriptGivesWhatALiveRunGives(string provider, string set)
    {
        using var session = new PowerShellSession(provider);
        var folder = CreateRevisions(session, set);
        var liveDatabase = provider == Providers.Sqlite ? new SqliteTestDatabase(session, Path.Combine(session.Directory, "live.db")) : session.Db;
        using var scripted = SecondDatabase(session);
        var live = new Dictionary<string, object?> { ["path"] = folder, ["cs"] = Absolute(liveDatabase), ["p"] = provider };
        var offline = new Dictionary<string, object?> { ["path"] = folder, ["cs"] = scripted.ConnectionString, ["p"] = provider };

        session.Run("Invoke-MigrationUpgrade heads -Path $path -ConnectionString $cs -Provider $p", live).ShouldSucceed();
        RunScript(session, scripted, "(Invoke-MigrationUpgrade heads -Path $path -ConnectionString $cs -Provider $p -Script -From base) -join \"`n\"", offline);
        AssertSame(liveDatabase, scripted);
        Assert.NotEmpty(scripted.Heads());

        session.Run("Undo-Migration base -Path $path -ConnectionString $cs -Provider $p -Force", live).ShouldSucceed();
        RunScript(session, scripted, "(Undo-Migration base -Path $path -ConnectionString $cs -Provider $p -Script) -join \"`n\"", offline);
        AssertSame(liveDatabase, scripted);
        Assert.Empty(scripted.Heads());
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void AScriptStopsAtTheFirstFailingStatementAndRecordsNothingAfterIt(string provider)
    {
        using var session = new PowerShellSession(provider);
        session.Initialise();
        var first = NewRevision(session, "first", "CREATE TABLE a (id INTEGER);", "DROP TABLE a;");
        NewRevision(session, "broken", "CREATE TABLE b (id INTEGER);\nINSERT INTO nope VALUES (1);", "DROP TABLE b;");
        NewRevision(session, "after", "CREATE TABLE c (id INTEGER);", "DROP TABLE c;");

        var script = session.Run("(Invoke-MigrationUpgrade -Script -From base) -join \"`n\"");
        script.ShouldSucceed();
        var (exitCode, _, errors) = Native(session.Db, script.Output.Single().ToString()!);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("nope", errors);
        Assert.Equal([first], session.Db.Heads());
        Assert.Equal(["a"], session.Db.Tables());
    }

    private static string NewRevision(PowerShellSession session, string message, string up, string down)
    {
        var result = session.Run("(New-MigrationRevision -Message $m -UpgradeSql $u -DowngradeSql $d).Revision",
            new Dictionary<string, object?> { ["m"] = message, ["u"] = up, ["d"] = down });
        result.ShouldSucceed();
        return result.Output.Single().ToString()!;
    }

    /// <summary>The example's migrations folder: made by the example itself, or by the test's own revisions.</summary>
    private static string CreateRevisions(PowerShellSession session, string set)
    {
        var migrations = Path.Combine(session.Directory, "migrations");
        switch (set)
        {
            case "tutorial":
                TutorialRevisions.Create(session);
                return migrations;
            case "trailing-comments":
                session.Initialise();
                NewRevision(session, "line comment after the last statement", "CREATE TABLE a (id INTEGER)\n-- TODO: index later", "DROP TABLE a\n-- gone");
                NewRevision(session, "block comment after the last statement", "CREATE TABLE b (id INTEGER) /* index later */", "DROP TABLE b /* gone */");
                NewRevision(session, "comments between statements", "INSERT INTO a VALUES (1); -- one row\n/* two */ INSERT INTO a VALUES (2)\n-- trailing", "DELETE FROM a -- all\n");
                return migrations;
            default:
                // The example makes its revisions (and applies them to a database of its own); its folder is reused here.
                var work = Path.Combine(session.Directory, "example-" + set);
                var example = Path.Combine(ModulePaths.Examples, set + ".ps1");
                var arguments = set == "powershell-revisions" ? " -Provider $p -ConnectionString $cs" : string.Empty;
                session.Run($"& $example -WorkingDirectory $work{arguments} | Out-Null",
                    new Dictionary<string, object?> { ["example"] = example, ["work"] = work, ["p"] = session.Db.Provider, ["cs"] = ScratchConnection(session, work) }).ShouldSucceed();
                return Path.Combine(work, "migrations");
        }
    }

    /// <summary>The example applies its revisions somewhere; on PostgreSQL that is a database of its own, not the one under test.</summary>
    private static string ScratchConnection(PowerShellSession session, string work) =>
        session.Db.Provider == Providers.Sqlite ? "Data Source=example.db" : ExampleDatabases.For(session, work).ConnectionString;

    /// <summary>A relative SQLite path given as -ConnectionString is taken from the current location; these tests name the file.</summary>
    private static string Absolute(TestDatabase database) =>
        database is SqliteTestDatabase sqlite ? $"Data Source={sqlite.Path}" : database.ConnectionString;

    private static TestDatabase SecondDatabase(PowerShellSession session) =>
        session.Db.Provider == Providers.Sqlite
            ? new SqliteTestDatabase(session, Path.Combine(session.Directory, "scripted.db"))
            : new PostgresTestDatabase(session);

    private static void RunScript(PowerShellSession session, TestDatabase database, string command, Dictionary<string, object?> variables)
    {
        var script = session.Run(command, variables);
        script.ShouldSucceed();
        var (exitCode, _, errors) = Native(database, script.Output.Single().ToString()!);
        Assert.True(exitCode == 0, errors);
        Assert.DoesNotContain(errors.Split('\n'), line => line.Trim().Length > 0 && !line.StartsWith("NOTICE:", StringComparison.Ordinal));
    }

    private static (int ExitCode, string Output, string Errors) Native(TestDatabase database, string script) =>
        database switch
        {
            SqliteTestDatabase sqlite => NativeClients.Sqlite3(sqlite.Path, script),
            _ => NativeClients.Psql(database.ConnectionString, script),
        };

    private static void AssertSame(TestDatabase live, TestDatabase scripted)
    {
        Assert.Equal(live.SchemaDescription(), scripted.SchemaDescription());
        Assert.Equal(live.Heads(), scripted.Heads());
        const string History = "SELECT revision || ' ' || direction || ' ' || coalesce(message, '') || ' ' || coalesce(checksum, '') FROM psmigrate_history ORDER BY id";
        Assert.Equal(live.Column(History), scripted.Column(History));
        foreach (var table in live.Tables())
        {
            Assert.Equal(live.Column($"SELECT count(*) FROM {table}"), scripted.Column($"SELECT count(*) FROM {table}"));
        }
    }
}

/// <summary>PostgreSQL databases the examples apply their own revisions to, dropped with the session.</summary>
internal static class ExampleDatabases
{
    private static readonly Dictionary<string, PostgresTestDatabase> Created = [];

    public static PostgresTestDatabase For(PowerShellSession session, string key)
    {
        lock (Created)
        {
            if (!Created.TryGetValue(key, out var database))
            {
                database = new PostgresTestDatabase(session);
                Created[key] = database;
                session.Disposing += database.Dispose;
            }

            return database;
        }
    }
}
