namespace PSMigrate.Module.Tests;

/// <summary>
/// Knowing before running, through the cmdlets, on a SQLite file and a PostgreSQL database with
/// rows in them: -WhatIf names the table a downgrade drops with its rows, a run that destroys
/// data stops before anything runs where nobody can be asked (until -Force), Get-MigrationPlan
/// returns each step's SQL with its file lines and hazards, Test-Migration -Lint -Strict gates
/// a pipeline, and nothing in the database changes on the way.
/// </summary>
public sealed class PlanTests
{
    private static string? P(System.Management.Automation.PSObject o, string name) => o.Properties[name].Value?.ToString();

    private static string Revision(PowerShellSession session, string message, string upgrade, string downgrade) =>
        session.Run("(New-MigrationRevision $m -UpgradeSql $u -DowngradeSql $d).Revision",
            new Dictionary<string, object?> { ["m"] = message, ["u"] = upgrade, ["d"] = downgrade }).Output.Single().ToString()!;

    /// <summary>orders with 1,200 rows (1,000 notes), after an upgrade; returns the revision that created it.</summary>
    private static string Orders(PowerShellSession session)
    {
        session.Initialise();
        var created = Revision(session, "create orders", "CREATE TABLE orders (id INTEGER PRIMARY KEY, note VARCHAR(200), status VARCHAR(20));", "DROP TABLE orders;");
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        session.Db.Execute("""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
            INSERT INTO orders (id, note, status) SELECT i, CASE WHEN i % 6 = 0 THEN NULL ELSE 'note' END, 'open' FROM n
            """);
        return created;
    }

    private static string Snapshot(PowerShellSession session) => session.Db.Snapshot() + "|" + session.Db.Column("SELECT count(*) FROM orders").Single();

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void UndoWhatIfSaysWhichTableItDropsWithItsRowsBeforeAnythingHappens(string provider)
    {
        using var session = new PowerShellSession(provider);
        var created = Orders(session);
        var before = Snapshot(session);

        var whatIf = session.Run("Undo-Migration -WhatIf");
        whatIf.ShouldSucceed();
        var line = Assert.Single(whatIf.WhatIf);
        Assert.Contains($"Revert revision {created} 'create orders'", line);
        Assert.Contains("DataLoss: drops table orders (1,200 rows)", line);
        Assert.Equal(before, Snapshot(session));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void ARunThatDestroysDataNeedsForceWhereNobodyCanBeAskedAndSaysWhichStepAndData(string provider)
    {
        using var session = new PowerShellSession(provider);
        var created = Orders(session);
        var dropNote = Revision(session, "drop note", "UPDATE orders SET status = 'old' WHERE id < 10;\nALTER TABLE orders DROP COLUMN note;", "ALTER TABLE orders ADD COLUMN note VARCHAR(200);");
        var before = Snapshot(session);

        var refused = session.Run("Invoke-MigrationUpgrade").SingleError;
        Assert.StartsWith("PSMigrate.DataLossNeedsForce", refused.FullyQualifiedErrorId);
        Assert.Contains($"Upgrade of {dropNote} ('drop note', ", refused.Exception.Message);
        Assert.Contains("drops column orders.note (1,000 non-null values)", refused.Exception.Message);
        Assert.Contains("Nothing ran.", refused.Exception.Message);
        Assert.Contains(dropNote, refused.TargetObject?.ToString());
        Assert.Equal(before, Snapshot(session));

        // -Confirm:$false says "do not ask", not "destroy data": still refused.
        Assert.StartsWith("PSMigrate.DataLossNeedsForce", session.Run("Invoke-MigrationUpgrade -Confirm:$false").SingleError.FullyQualifiedErrorId);
        Assert.Equal(before, Snapshot(session));

        session.Run("Invoke-MigrationUpgrade -Force").ShouldSucceed();
        Assert.Equal([dropNote], session.Db.Heads());

        var undo = session.Run("Undo-Migration base -Confirm:$false").SingleError;
        Assert.StartsWith("PSMigrate.DataLossNeedsForce", undo.FullyQualifiedErrorId);
        Assert.Contains($"Downgrade of {created} ('create orders', ", undo.Exception.Message);
        Assert.Contains("drops table orders (1,200 rows)", undo.Exception.Message);
        Assert.Equal([dropNote], session.Db.Heads());

        // A table with no rows loses nothing: no -Force needed.
        session.Db.Execute("DELETE FROM orders");
        session.Run("Undo-Migration base -Confirm:$false").ShouldSucceed();
        Assert.Empty(session.Db.Heads());
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void GetMigrationPlanGivesEachStepsSqlWithFileLinesAndHazardsAndChangesNothing(string provider)
    {
        using var session = new PowerShellSession(provider);
        Orders(session);
        var risky = Revision(session, "risky", "CREATE INDEX ix_orders_status ON orders (status);\nDELETE FROM orders;", "DROP INDEX ix_orders_status;");
        var before = Snapshot(session);

        var step = Assert.Single(session.Run("Get-MigrationPlan").Output);
        Assert.Equal((risky, "Upgrade", "PerRevision"), (P(step, "Revision"), P(step, "Direction"), P(step, "TransactionMode")));
        var statements = session.Run("(Get-MigrationPlan).Statements | ForEach-Object { '{0}: {1}' -f $_.Line, $_.Sql }").Output.Select(o => o.ToString()).ToList();
        var file = P(step, "Path")!;
        var lines = File.ReadAllLines(file);
        Assert.Equal(2, statements.Count);
        Assert.All(statements, s => Assert.StartsWith(lines[int.Parse(s[..s.IndexOf(':')]) - 1].TrimEnd(';'), s[(s.IndexOf(':') + 2)..]));

        var hazards = session.Run("Get-MigrationPlan | ForEach-Object Hazards | ForEach-Object { '{0}|{1}|{2}|{3}' -f $_.Kind, $_.Rule, $_.Rows, $_.Severity }").Output.Select(o => o.ToString()).ToList();
        Assert.Equal("DataLoss|delete-without-where|1200|Critical", hazards[0]);
        if (provider == Providers.PostgreSql)
        {
            Assert.Contains("Lock|index-without-concurrently|1200|Warning", hazards);
        }

        // Plain values for reports: strings, a number, a bool.
        var types = session.Run("(Get-MigrationPlan).Hazards[0] | ForEach-Object { $_.Kind.GetType().Name, $_.Rows.GetType().Name, $_.Measured.GetType().Name, $_.Line.GetType().Name }");
        Assert.Equal(["String", "Int64", "Boolean", "Int32"], types.Output.Select(o => o.ToString()));
        Assert.Equal(before, Snapshot(session));

        var down = session.Run("Get-MigrationPlan base -Downgrade | ForEach-Object Revision").Output.Select(o => o.ToString()).ToList();
        Assert.Single(down);
        Assert.Equal(before, Snapshot(session));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void LintStrictFailsAtOrAboveTheSeverityAndNamesTheWorstHazard(string provider)
    {
        using var session = new PowerShellSession(provider);
        Orders(session);
        Revision(session, "irreversible", "ALTER TABLE orders ADD COLUMN flag INTEGER;", "-- no way back");
        var before = Snapshot(session);

        var info = session.Run("Test-Migration -Lint -Severity Info");
        info.ShouldSucceed();
        Assert.Equal("Irreversible", P(Assert.Single(info.Output), "Kind"));
        var clean = session.Run("Test-Migration -Lint -Strict");
        clean.ShouldSucceed();
        Assert.Empty(clean.Output);

        var truncate = Revision(session, "empty it", "DELETE FROM orders;", "");
        var gate = session.Run("Test-Migration -Lint -Strict");
        var error = gate.SingleError;
        Assert.StartsWith("PSMigrate.HazardsFound", error.FullyQualifiedErrorId);
        Assert.Contains($"Critical DataLoss in revision {truncate}", error.Exception.Message);
        var file = Directory.GetFiles(Path.Combine(session.Directory, "migrations", "versions"), truncate + "_*.sql").Single();
        var line = Array.IndexOf(File.ReadAllLines(file), "DELETE FROM orders;") + 1;
        Assert.Contains($"{file}:{line}): deletes every row of orders (no WHERE) (1,200 rows)", error.Exception.Message);
        Assert.NotNull(gate.Terminating);
        Assert.Equal(before, Snapshot(session));
    }

    [OnPostgres]
    [Theory]
    public void AnalyzeReportsTheLockAndRewriteOfATypeChangeAndLeavesNoScratchDatabase(string provider)
    {
        using var session = new PowerShellSession(provider);
        Orders(session);
        Revision(session, "bigger ids", "ALTER TABLE orders ALTER COLUMN id TYPE bigint;", "ALTER TABLE orders ALTER COLUMN id TYPE integer;");
        var before = Snapshot(session);

        var hazards = session.Run("Get-MigrationPlan -Analyze -Verbose | ForEach-Object Hazards | ForEach-Object { '{0}|{1}|{2}' -f $_.Rule, $_.Measured, $_.Detail }");
        hazards.ShouldSucceed();
        var found = hazards.Output.Select(o => o.ToString()).ToList();
        Assert.Contains(found, h => h.StartsWith("measured-lock|True|holds ACCESS EXCLUSIVE lock on orders", StringComparison.Ordinal));
        Assert.Contains(found, h => h.StartsWith("measured-rewrite|True|rewrites table orders", StringComparison.Ordinal));
        var removed = Assert.Single(hazards.Verbose, v => v.StartsWith("Removed the temporary database psmigrate_scratch_", StringComparison.Ordinal));
        var scratch = removed["Removed the temporary database ".Length..].TrimEnd('.');
        Assert.Contains($"Created the temporary database {scratch}.", hazards.Verbose);
        Assert.Empty(session.Db.Column($"SELECT datname FROM pg_database WHERE datname = '{scratch}'"));
        Assert.Equal(before, Snapshot(session));
    }

    [Fact]
    public void APowerShellRevisionsRebuildOnSqliteShowsTheRowsCopiedAndIsNeverRunByWhatIf()
    {
        using var session = new PowerShellSession();
        Orders(session);
        var marker = Path.Combine(session.Directory, "ran.txt");
        session.Run("New-MigrationRevision 'tighten' -Upgrade { [IO.File]::AppendAllText($m, 'x'); Set-MigrationColumn orders status -Nullable $false; Remove-MigrationColumn orders note } -Downgrade { Add-MigrationColumn orders @{ Name = 'note'; Type = 'String'; Length = 200 }; Set-MigrationColumn orders status -Nullable $true }",
            new Dictionary<string, object?> { ["m"] = marker }).ShouldSucceed();
        var before = Snapshot(session);

        Assert.Single(session.Run("Invoke-MigrationUpgrade -WhatIf").WhatIf);
        Assert.False(File.Exists(marker));

        var hazards = session.Run("Get-MigrationPlan | ForEach-Object Hazards | ForEach-Object { '{0}|{1}|{2}' -f $_.Kind, $_.Object, $_.Detail }").Output.Select(o => o.ToString()).ToList();
        Assert.Equal("DataLoss|orders.note|drops column orders.note (the rebuild does not copy it) (1,000 non-null values)", hazards[0]);
        Assert.Contains(hazards, h => h.StartsWith("Rebuild|orders|rebuilds table orders", StringComparison.Ordinal) && h.EndsWith("(1,200 rows copied)", StringComparison.Ordinal));
        Assert.Equal(before, Snapshot(session));
    }

    [Fact]
    public void WhereSomeoneCanBeAskedTheQuestionNamesTheDataAndNoKeepsIt()
    {
        using var session = new PowerShellSession(interactive: true);
        var created = Orders(session);
        var dropNote = Revision(session, "drop note", "ALTER TABLE orders DROP COLUMN note;", "ALTER TABLE orders ADD COLUMN note VARCHAR(200);");
        var before = Snapshot(session);

        // An upgrade does not normally ask (ConfirmImpact Medium); a step that destroys data does.
        session.Host.Answers.Enqueue(1);
        var declined = session.Run("Invoke-MigrationUpgrade");
        Assert.Empty(declined.Output);
        Assert.Contains($"Apply revision {dropNote} 'drop note'? It drops column orders.note (1,000 non-null values).", Assert.Single(session.Host.Prompts));
        Assert.Equal(before, Snapshot(session));

        session.Host.Answers.Enqueue(0);
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        Assert.Equal([dropNote], session.Db.Heads());

        // Undo-Migration asks anyway (ConfirmImpact High): one question, naming the table and its rows.
        session.Host.Prompts.Clear();
        session.Host.Answers.Enqueue(0);
        session.Host.Answers.Enqueue(2);
        var undo = session.Run("Undo-Migration base");
        Assert.Equal(2, session.Host.Prompts.Count);
        Assert.Contains($"Revert revision {created} 'create orders'? It drops table orders (1,200 rows).", session.Host.Prompts[1]);
        Assert.Equal([created], session.Db.Heads());
        Assert.Equal("1200", session.Db.Column("SELECT count(*) FROM orders").Single());
    }

    [Fact]
    public void PlansAndLintShowAsTablesAtTheConsole()
    {
        using var session = new PowerShellSession();
        Orders(session);
        Revision(session, "empty it", "DELETE FROM orders;", "");
        var shown = session.Run("Get-MigrationPlan | Out-Host; Test-Migration -Lint | Out-Host");
        shown.ShouldSucceed();
        var screen = string.Join("\n", shown.HostLines);
        Assert.Matches(@"Direction\s+Revision\s+Message\s+Statements\s+Hazards", screen);
        Assert.Matches(@"Revision\s+Severity\s+Kind\s+Object\s+Line\s+Detail", screen);
        Assert.Contains("DataLoss: deletes every row of orders (no WHERE)", screen);
        Assert.Matches(@"Critical DataLoss\s+orders\s+\d+ deletes every row of orders \(no WHERE\) \(1,200 rows\)", screen);
        Assert.DoesNotContain("PSMigrate.PlannedMigrationStep", screen);
    }

    [Fact]
    public void AnalyzeOnSqliteSaysItMeasuresOnlyOnPostgreSqlAndKeepsTheStaticHazards()
    {
        using var session = new PowerShellSession();
        Orders(session);
        Revision(session, "empty it", "DELETE FROM orders;", "");
        var before = Snapshot(session);
        var plan = session.Run("Get-MigrationPlan -Analyze | ForEach-Object Hazards | ForEach-Object Rule");
        plan.ShouldSucceed();
        Assert.Contains("delete-without-where", plan.Output.Select(o => o.ToString()));
        Assert.Contains(plan.Warnings, w => w.StartsWith("-Analyze measures locks and rewrites on PostgreSQL only; on Sqlite the hazards come from the static rules.", StringComparison.Ordinal));
        Assert.Equal(before, Snapshot(session));
    }
}
