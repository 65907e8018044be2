namespace PSMigrate.Module.Tests;

/// <summary>
/// Real-world SQL (files written the way pg_dump, sqlite3's .dump and DBAs write them) applied
/// three ways: by the database's own client, by a live PSMigrate upgrade, and by PSMigrate's
/// offline script run through the client. The three databases must end with the same schema
/// and the same rows. What cannot run as its client would run it is refused up front.
/// </summary>
public sealed class CorpusTests
{
    private static string Corpus(string name) => File.ReadAllText(Path.Combine(ModulePaths.RepositoryRoot, "tests", "PSMigrate.Module.Tests", "Corpus", name));

    [Theory]
    [OnPostgres("corpus", "dump", "dump-inserts")]
    public void PostgresSqlAppliesLiveAndOfflineAsPsqlAppliesIt(string provider, string kind)
    {
        using var session = new PowerShellSession(provider);
        var sql = kind == "corpus" ? Corpus("postgresql-rules-and-quoting.sql") : Dump(session, kind == "dump-inserts");
        if (kind == "dump")
        {
            Assert.Contains("\\restrict ", sql);
            Assert.Contains("SELECT pg_catalog.set_config('search_path', '', false);", sql);
            Assert.Contains("FROM stdin;", sql);
        }

        using var native = new PostgresTestDatabase(session);
        var (exitCode, _, errors) = NativeClients.Psql(native.ConnectionString, "\\set ON_ERROR_STOP on\n" + sql);
        Assert.True(exitCode == 0, errors);

        WriteBaseline(session, sql, transaction: null);
        var live = session.Run("Invoke-MigrationUpgrade -Verbose");
        live.ShouldSucceed();
        if (kind == "dump")
        {
            Assert.Contains(live.Verbose, v => v.Contains("skipped '\\restrict ") && v.Contains("a psql safety marker"));
            Assert.Contains(live.Verbose, v => v.Contains("COPY public.album") && v.Contains("300 data line(s)"));
        }

        using var offline = new PostgresTestDatabase(session);
        var script = session.Run("(Invoke-MigrationUpgrade -Script -From base) -join \"`n\"");
        script.ShouldSucceed();
        (exitCode, _, errors) = NativeClients.Psql(offline.ConnectionString, script.Output.Single().ToString()!);
        Assert.True(exitCode == 0, errors);

        var expected = PostgresContent(native);
        Assert.Equal(expected, PostgresContent(session.Db));
        Assert.Equal(expected, PostgresContent(offline));

        // The engine's rows went into the schema the connection started in, whatever search_path the SQL set.
        Assert.Single(session.Db.Heads());
        Assert.Single(offline.Heads());
        Assert.True(session.Run("Test-Migration -Quiet").Output.Single().BaseObject is true);
    }

    [Theory]
    [OnSqlite("corpus", "dump")]
    public void SqliteSqlAppliesLiveAndOfflineAsSqlite3AppliesIt(string provider, string kind)
    {
        using var session = new PowerShellSession(provider);
        string sql;
        if (kind == "corpus")
        {
            sql = Corpus("sqlite-foreign-keys-and-triggers.sql");
        }
        else
        {
            var source = Path.Combine(session.Directory, "source.db");
            Assert.Equal(0, NativeClients.Sqlite3(source, Corpus("sqlite-source.sql")).ExitCode);
            sql = NativeClients.Sqlite3(source, ".dump\n").Output;
            Assert.Contains("BEGIN TRANSACTION;", sql);
        }

        var nativePath = Path.Combine(session.Directory, "native.db");
        var (exitCode, _, errors) = NativeClients.Sqlite3(nativePath, ".bail on\n" + sql);
        Assert.True(exitCode == 0, errors);

        // A dump brings its own BEGIN/COMMIT: refused in PSMigrate's transaction, run as sqlite3 runs it with 'Transaction: none'.
        WriteBaseline(session, sql, transaction: kind == "dump" ? "none" : null);
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        var livePath = ((SqliteTestDatabase)session.Db).Path;

        var offlinePath = Path.Combine(session.Directory, "offline.db");
        var script = session.Run("(Invoke-MigrationUpgrade -Script -From base) -join \"`n\"");
        script.ShouldSucceed();
        (exitCode, _, errors) = NativeClients.Sqlite3(offlinePath, script.Output.Single().ToString()!);
        Assert.True(exitCode == 0, errors);

        var expected = SqliteContent(nativePath);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, SqliteContent(livePath));
        Assert.Equal(expected, SqliteContent(offlinePath));
    }

    [Fact]
    public void ADumpWithItsOwnTransactionIsRefusedInPSMigratesAndNothingChanges()
    {
        using var session = new PowerShellSession();
        var path = WriteBaseline(session, "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE a (id INTEGER);\nCOMMIT;\n", transaction: null);
        var error = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith("PSMigrate.TransactionControl", error.FullyQualifiedErrorId);
        Assert.Contains($"{path}:10: 'BEGIN TRANSACTION' ends or opens a transaction", error.Exception.Message);
        Assert.Contains("Transaction: none", error.Exception.Message);
        Assert.False(File.Exists(((SqliteTestDatabase)session.Db).Path));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void ClientCommandsAndUnreadableSettingsAreRefusedBeforeAnythingRuns(string provider)
    {
        using var session = new PowerShellSession(provider);
        var cases = provider == Providers.Sqlite
            ? new[] { ("CREATE TABLE a (id INTEGER);\n.read other.sql\n", "PSMigrate.ClientCommand", ":10: '.read' is a sqlite3 command, not SQL") }
            : new[]
            {
                ("CREATE TABLE a (id int);\n\\c otherdb\n", "PSMigrate.ClientCommand", ":10: '\\c' is a psql command, not SQL"),
                ("CREATE TABLE a (id int);\n\\i more.sql\n", "PSMigrate.ClientCommand", ":10: '\\i' is a psql command, not SQL"),
                ("CREATE TABLE a (id int);\nCOPY a TO STDOUT;\n", "PSMigrate.ClientCommand", ":10: COPY ... TO STDOUT"),
                ("CREATE TABLE a (id int);\nSET standard_conforming_strings = off;\nINSERT INTO a VALUES (1);\n", "PSMigrate.UnsupportedSessionSetting", ":10: the revision turns standard_conforming_strings off"),
                ("CREATE TABLE a (id int);\nCOMMIT;\n", "PSMigrate.TransactionControl", ":10: 'COMMIT' ends or opens a transaction"),
            };
        session.Initialise();
        var before = session.Db.Snapshot();
        foreach (var (sql, id, message) in cases)
        {
            var path = WriteBaseline(session, sql, transaction: null, initialise: false);
            foreach (var command in new[] { "Invoke-MigrationUpgrade", "Invoke-MigrationUpgrade -Script -From base" })
            {
                var error = session.Run(command).SingleError;
                Assert.StartsWith(id, error.FullyQualifiedErrorId);
                Assert.Contains(path + message, error.Exception.Message);
                Assert.Contains("Nothing ran", error.Exception.Message);
            }

            Assert.Equal(before, session.Db.Snapshot());
            File.Delete(path);
        }
    }

    [OnPostgres]
    [Theory]
    public void ABadCopyRowNamesItsLineInTheFileAndRollsBack(string provider)
    {
        using var session = new PowerShellSession(provider);
        var path = WriteBaseline(session, "CREATE TABLE a (id int, name text);\nCOPY a (id, name) FROM stdin;\n1\tone\nnot a number\ttwo\n\\.\n", transaction: null);
        var error = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith("PSMigrate.RevisionFailed", error.FullyQualifiedErrorId);
        Assert.Contains($"{path}:12", error.Exception.Message);
        Assert.Contains("invalid input syntax for type integer", error.Exception.Message);
        Assert.DoesNotContain("\n", error.Exception.Message.Trim());
        Assert.Contains(". The revision was rolled back", error.Exception.Message);
        Assert.Empty(session.Db.Tables());
    }

    [Fact]
    public void AnOfflineScriptFromBaseNeedsNoConnectionString()
    {
        using var session = new PowerShellSession();
        var migrations = Path.Combine(session.Directory, "migrations");
        Directory.CreateDirectory(Path.Combine(migrations, "versions"));
        File.WriteAllText(Path.Combine(migrations, "psmigrate.psd1"), "@{ }\n");
        WriteBaseline(session, "CREATE TABLE a (id INTEGER);\n", transaction: null, initialise: false);

        var script = session.Run("Invoke-MigrationUpgrade -Script -From base -Provider Sqlite");
        script.ShouldSucceed();
        Assert.Contains("CREATE TABLE a (id INTEGER);", string.Join("\n", script.Output));

        var missing = session.Run("Invoke-MigrationUpgrade -Script -From base").SingleError;
        Assert.StartsWith("PSMigrate.UnknownProvider", missing.FullyQualifiedErrorId);
        Assert.Contains("-Provider", missing.Exception.Message);
        Assert.StartsWith("PSMigrate.NoConnectionString", session.Run("Invoke-MigrationUpgrade -Script -Provider Sqlite").SingleError.FullyQualifiedErrorId);
    }

    /// <summary>The SQL as the upgrade section of one revision (its first line is line 9 of the file).</summary>
    private static string WriteBaseline(PowerShellSession session, string sql, string? transaction, bool initialise = true)
    {
        if (initialise)
        {
            session.Initialise();
        }

        var path = Path.Combine(session.Directory, "migrations", "versions", "baseline0001_baseline.sql");
        File.WriteAllText(path,
            "-- Revision ID: baseline0001\n-- Revises:\n-- Create Date: 2026-11-23T00:00:00Z\n-- Message: baseline\n" +
            $"-- Transaction: {transaction ?? "per-revision"}\n\n-- migrate:upgrade\n\n" + sql + "\n-- migrate:downgrade\n");
        return path;
    }

    private static string Dump(PowerShellSession session, bool inserts)
    {
        using var source = new PostgresTestDatabase(session);
        var (exitCode, _, errors) = NativeClients.Psql(source.ConnectionString, "\\set ON_ERROR_STOP on\n" + Corpus("postgresql-source.sql"));
        Assert.True(exitCode == 0, errors);
        var dump = NativeClients.PgDump(source.ConnectionString, inserts ? ["--inserts"] : []);
        Assert.True(dump.ExitCode == 0, dump.Errors);
        return dump.Output;
    }

    /// <summary>Schema and rows as pg_dump writes them, without the engine's tables, comments or the dump's random markers.</summary>
    private static List<string> PostgresContent(TestDatabase database)
    {
        var dump = NativeClients.PgDump(database.ConnectionString, "--exclude-table=psmigrate_*");
        Assert.True(dump.ExitCode == 0, dump.Errors);
        return dump.Output.Split('\n')
            .Where(l => l.Trim().Length > 0 && !l.StartsWith("--", StringComparison.Ordinal) && !l.StartsWith("\\restrict", StringComparison.Ordinal) && !l.StartsWith("\\unrestrict", StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>Schema and rows as sqlite3's .dump writes them, without the engine's tables.</summary>
    private static List<string> SqliteContent(string database)
    {
        var dump = NativeClients.Sqlite3(database, ".dump\n");
        Assert.True(dump.ExitCode == 0, dump.Errors);
        return dump.Output.Split('\n')
            .Where(l => l.Trim().Length > 0 && !l.Contains("psmigrate_", StringComparison.Ordinal) && l is not ("BEGIN TRANSACTION;" or "COMMIT;") && !l.StartsWith("PRAGMA", StringComparison.Ordinal))
            .ToList();
    }
}
