namespace PSMigrate.Module.Tests;

/// <summary>Every example script a user copies runs here, so none of them can rot.</summary>
public sealed class ExampleTests : IDisposable
{
    private readonly PowerShellSession session = new();

    public void Dispose() => session.Dispose();

    [Fact]
    public void QuickstartMigratesASqliteDatabaseAndRollsBackOneRevision()
    {
        var script = Path.Combine(ModulePaths.Examples, "quickstart.ps1");
        var work = Path.Combine(session.Directory, "quickstart");
        var result = session.Run("& $script -WorkingDirectory $work", new Dictionary<string, object?> { ["script"] = script, ["work"] = work });
        result.ShouldSucceed();

        Assert.Equal("Quickstart finished in " + work, Assert.Single(result.Output).ToString());

        // What a newcomer sees: each step as its own table with its header, never a list.
        var screen = result.HostLines.SelectMany(l => l.Split('\n')).Where(l => l.Trim().Length > 0).ToList();
        Assert.Equal(2, screen.Count(l => l.Contains("Revision") && l.Contains("Direction") && l.Contains("Duration")));
        Assert.Equal(2, screen.Count(l => l.Contains("Cur") && l.Contains("AppliedAt (UTC)")));
        Assert.DoesNotContain(screen, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^[A-Za-z]+\s*: "));
        Assert.Contains(screen, l => l.Contains("Downgrade") && l.Contains("add department"));

        var database = Path.Combine(work, "migrations", "app.db");
        Assert.Equal(["employees"], session.Column("SELECT name FROM sqlite_master WHERE name IN ('employees', 'departments')", database));
        Assert.Equal(["upgrade", "upgrade", "downgrade"], session.Column("SELECT direction FROM psmigrate_history ORDER BY id", database));
        Assert.Equal(session.Column("SELECT revision FROM psmigrate_history ORDER BY id", database)[0], session.Column("SELECT version_num FROM psmigrate_version", database).Single());
    }
}

/// <summary>The release, report and incident examples, run as a user would run them.</summary>
public sealed class ReleaseExampleTests
{
    private static string Example(string name) => Path.Combine(ModulePaths.Examples, name);

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void DeployScriptPublishesTheSqlUpgradesAndRefusesDrift(string provider)
    {
        using var session = new PowerShellSession(provider);
        var ids = TutorialRevisions.Create(session);
        var artifacts = Path.Combine(session.Directory, "artifacts");
        var variables = new Dictionary<string, object?>
        {
            ["deploy"] = Example("deploy.ps1"),
            ["migrations"] = Path.Combine(session.Directory, "migrations"),
            ["artifacts"] = artifacts,
        };

        var first = session.Run("& $deploy -MigrationsPath $migrations -ArtifactDirectory $artifacts", variables);
        first.ShouldSucceed();
        var summary = first.Output.Single();
        Assert.Equal(5, summary.Properties["Applied"].Value);
        Assert.Equal(ids[^1], summary.Properties["Current"].Value);
        Assert.Contains("ALTER TABLE departments RENAME COLUMN address TO location", File.ReadAllText(Path.Combine(artifacts, "upgrade.sql")));
        Assert.True(File.Exists(Path.Combine(artifacts, "hazards.txt")));

        var again = session.Run("& $deploy -MigrationsPath $migrations -ArtifactDirectory $artifacts", variables);
        again.ShouldSucceed();
        Assert.Equal(0, again.Output.Single().Properties["Applied"].Value);

        var file = Directory.GetFiles(Path.Combine(session.Directory, "migrations", "versions"), ids[0] + "_*.sql").Single();
        File.AppendAllText(file, "\n-- edited after it was applied\n");
        var drift = session.Run("& $deploy -MigrationsPath $migrations -ArtifactDirectory $artifacts; 'deployed anyway'", variables);
        Assert.NotNull(drift.Terminating);
        Assert.StartsWith("PSMigrate.DriftDetected", drift.Terminating.FullyQualifiedErrorId);
        Assert.DoesNotContain(drift.Output, o => o.ToString() == "deployed anyway");
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void PowerShellRevisionsExampleSeedsAndRebuildsWithDataIntact(string provider)
    {
        using var session = new PowerShellSession(provider);
        var work = Path.Combine(session.Directory, "example");
        var connection = provider == Providers.Sqlite ? "Data Source=app.db" : session.Db.ConnectionString;
        var result = session.Run("& $script -WorkingDirectory $work -Provider $provider -ConnectionString $cs",
            new Dictionary<string, object?> { ["script"] = Example("powershell-revisions.ps1"), ["work"] = work, ["provider"] = provider, ["cs"] = connection });
        result.ShouldSucceed();
        var summary = result.Output[^1];
        Assert.Equal(2, summary.Properties["Revisions"].Value);
        Assert.True((int)summary.Properties["ScriptSize"].Value > 500);

        var db = provider == Providers.Sqlite ? null : session.Db;
        List<string> Column(string sql) => db?.Column(sql) ?? session.Column(sql, Path.Combine(work, "migrations", "app.db"));
        Assert.Equal(["Ada|Research", "Grace|Operations"],
            Column("SELECT e.name || '|' || d.name FROM employees e JOIN departments d ON d.id = e.department_id ORDER BY e.id"));
    }

    /// <summary>
    /// The pipelines are for a user's own repository: they install the module (never build
    /// PSMigrate), pin PowerShell 7.6, take the connection from the platform's secrets, script
    /// on pull requests and upgrade on main; every inline PowerShell block parses.
    /// </summary>
    [Fact]
    public void PipelineDefinitionsInstallTheModuleScriptPullRequestsAndUpgradeOnMain()
    {
        var definitions = new Dictionary<string, string>
        {
            ["github-actions.yml"] = File.ReadAllText(Example("github-actions.yml")),
            ["azure-pipelines.yml"] = File.ReadAllText(Example("azure-pipelines.yml")) + "\n" + File.ReadAllText(Example("psmigrate-setup.yml")),
        };
        foreach (var (file, text) in definitions)
        {
            Assert.DoesNotContain("PSMigrate.sln", text);
            Assert.DoesNotContain("dotnet build", text);
            Assert.Contains("Install-PSResource -Name PSMigrate", text);
            Assert.Contains("7.6.0", text);
            Assert.Contains("dotnet tool install --global PowerShell", text);
            Assert.Contains("PSMIGRATE_CONNECTION_STRING: $", text);
            Assert.Contains("-Script", text);
            Assert.Contains("build/deploy-database.ps1", text);
            Assert.Contains("upgrade.sql", text);
            Assert.Contains("production", text);
            Assert.DoesNotContain("Password=", text);

            var blocks = InlinePowerShell(text);
            Assert.True(blocks.Count >= 2, $"{file}: {blocks.Count} inline pwsh block(s)");
            foreach (var block in blocks)
            {
                System.Management.Automation.Language.Parser.ParseInput(block, out _, out var errors);
                Assert.True(errors.Length == 0, $"{file}: {string.Join("; ", errors.Select(e => e.Message))}\n{block}");
            }
        }

        Assert.Contains("pull_request:", definitions["github-actions.yml"]);
        Assert.Contains("secrets.DATABASE_CONNECTION_STRING", definitions["github-actions.yml"]);
        Assert.Contains("pr:", definitions["azure-pipelines.yml"]);
        Assert.Contains("$(DatabaseConnectionString)", definitions["azure-pipelines.yml"]);
    }

    /// <summary>The bodies of 'run: |' and 'script: |' blocks that run in pwsh (not the bash ones).</summary>
    private static List<string> InlinePowerShell(string yaml)
    {
        var lines = yaml.Split('\n');
        var blocks = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (trimmed is not ("run: |" or "script: |"))
            {
                continue;
            }

            var indent = lines[i].Length - trimmed.Length;
            var start = i;
            while (start > 0 && !(lines[start].TrimStart().StartsWith("- ", StringComparison.Ordinal) && lines[start].Length - lines[start].TrimStart().Length < indent))
            {
                start--;
            }

            var step = string.Join("\n", lines[start..i]);
            var body = lines.Skip(i + 1).TakeWhile(l => l.Trim().Length == 0 || l.Length - l.TrimStart().Length > indent).ToList();
            if (!step.Contains("shell: bash") && !step.Contains("- bash: |"))
            {
                blocks.Add(string.Join("\n", body).Replace("$(PSMigrateVersion)", "0.2.0"));
            }
        }

        return blocks;
    }

    [Fact]
    public void HistoryReportWritesCsvAndEncodedHtml()
    {
        using var session = new PowerShellSession();
        session.Initialise();
        session.Run("New-MigrationRevision 'create <b>users</b> & \"roles\"' -UpgradeSql 'CREATE TABLE users (id INTEGER)' -DowngradeSql 'DROP TABLE users'").ShouldSucceed();
        session.Run("New-MigrationRevision 'second' -UpgradeSql 'CREATE TABLE second (id INTEGER)' -DowngradeSql 'DROP TABLE second'").ShouldSucceed();
        session.Run("Invoke-MigrationUpgrade +1").ShouldSucceed();

        var report = session.Run("& $script -MigrationsPath ./migrations -OutputDirectory $out",
            new Dictionary<string, object?> { ["script"] = Example("history-report.ps1"), ["out"] = session.Directory });
        report.ShouldSucceed();
        var csv = File.ReadAllLines(Path.Combine(session.Directory, "migration-history.csv"));
        Assert.Equal("\"Revision\",\"Message\",\"IsApplied\",\"IsCurrent\",\"AppliedAt\",\"AppliedBy\",\"Host\",\"IsModified\"", csv[0]);
        Assert.Equal(3, csv.Length);
        Assert.Contains("\"create <b>users</b> & \"\"roles\"\"\",\"True\",\"True\"", csv[2]);
        var html = File.ReadAllText(Path.Combine(session.Directory, "migration-history.html"));
        Assert.Contains("create &lt;b&gt;users&lt;/b&gt; &amp; &quot;roles&quot;", html);
        Assert.Contains("2 revisions, 1 applied", html);
    }

    [Fact]
    public void IncidentRollbackShowsThePlanThenRevertsOnlyWhenAsked()
    {
        using var session = new PowerShellSession();
        var ids = TutorialRevisions.Create(session);
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        var variables = new Dictionary<string, object?> { ["script"] = Example("incident-rollback.ps1"), ["target"] = ids[2] };

        var dryRun = session.Run("& $script -Target $target", variables);
        dryRun.ShouldSucceed();
        Assert.Equal($"Current revision(s): {ids[4]}", dryRun.Output[0].ToString());
        Assert.Equal(2, dryRun.WhatIf.Count);
        Assert.Contains(ids[4], dryRun.WhatIf[0]);
        Assert.Equal([ids[4]], session.Db.Heads());

        var executed = session.Run("& $script -Target $target -Execute", variables);
        executed.ShouldSucceed();
        Assert.Equal($"Now at: {ids[2]}", executed.Output[^1].ToString());
        Assert.Equal([ids[2]], session.Db.Heads());
        Assert.Equal(["department", "employees"], session.Db.Tables());
    }
}

/// <summary>Scripts that cannot run here (build.ps1 needs pwsh and dotnet on PATH) at least parse.</summary>
public sealed class ScriptSyntaxTests
{
    [Fact]
    public void EveryPowerShellScriptInTheRepositoryParses()
    {
        var scripts = Directory.GetFiles(ModulePaths.RepositoryRoot, "*.ps1", SearchOption.TopDirectoryOnly)
            .Concat(Directory.GetFiles(ModulePaths.Examples, "*.ps1"))
            .Concat(Directory.GetFiles(Path.Combine(ModulePaths.RepositoryRoot, "tests"), "*.ps1", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
            .ToList();
        Assert.Contains(scripts, s => s.EndsWith("Tutorial.Tests.ps1"));
        Assert.Contains(scripts, s => s.EndsWith("build.ps1"));
        foreach (var script in scripts)
        {
            System.Management.Automation.Language.Parser.ParseFile(script, out _, out var errors);
            Assert.True(errors.Length == 0, $"{script}: " + string.Join("; ", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}")));
        }
    }
}

/// <summary>examples/fleet.ps1, the many-database recipe.</summary>
public sealed class FleetExampleTests : IDisposable
{
    private readonly PowerShellSession session = new();

    public void Dispose() => session.Dispose();

    [Fact]
    public void FleetExampleUpgradesEveryTenantOfTheInventoryAndExitsOneWhenOneFailed()
    {
        session.Run("Initialize-Migration -Provider Sqlite; $null = New-MigrationRevision accounts -UpgradeSql 'CREATE TABLE accounts (id INTEGER)' -DowngradeSql 'DROP TABLE accounts'").ShouldSucceed();
        var broken = Path.Combine(session.Directory, "tenant3.db");
        session.WriteSqlite(broken, "CREATE TABLE accounts (id INTEGER)");
        File.WriteAllLines(Path.Combine(session.Directory, "tenants.csv"),
            ["Name,ConnectionString", .. Enumerable.Range(1, 5).Select(i => $"tenant{i},Data Source={Path.Combine(session.Directory, $"tenant{i}.db")}")]);

        // The test host has no Utility module: the example's Import-Csv is the session's stand-in.
        var result = session.Run("""
            function Import-Csv([string] $LiteralPath) { Import-TestCsv $LiteralPath }
            & $script -Inventory tenants.csv -MigrationsPath ./migrations -ThrottleLimit 2
            "exit $LASTEXITCODE"
            """, new Dictionary<string, object?> { ["script"] = Path.Combine(ModulePaths.Examples, "fleet.ps1") });

        Assert.Equal(["4 of 5 databases upgraded, 1 failed, 0 not started", "exit 1"],
            result.Output.Select(o => o.ToString()!).Select(line => line.Contains(", in ") ? line[..line.IndexOf(", in ", StringComparison.Ordinal)] : line));
        Assert.Equal("tenant3", Assert.Single(result.Errors, e => e.TargetObject is "tenant3").TargetObject);
        foreach (var i in new[] { 1, 2, 4, 5 })
        {
            Assert.Single(session.Column("SELECT version_num FROM psmigrate_version", Path.Combine(session.Directory, $"tenant{i}.db")));
        }

        // Left where it was: no revision recorded, its own table as it was.
        Assert.Empty(session.Column("SELECT version_num FROM psmigrate_version", broken));
        Assert.Equal(["accounts"], session.Column("SELECT name FROM sqlite_master WHERE name NOT LIKE 'psmigrate%'", broken));
    }
}
