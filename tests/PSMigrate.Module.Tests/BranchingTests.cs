namespace PSMigrate.Module.Tests;

/// <summary>Branches, labels, merges, depends-on and stamp through the cmdlets, on real SQLite.</summary>
public sealed class BranchingTests : IDisposable
{
    private PowerShellSession session = null!;

    public void Dispose() => session?.Dispose();

    private void Use(string provider) => session = new PowerShellSession(provider);

    private string New(string arguments, IDictionary<string, object?>? variables = null)
    {
        var result = session.Run($"(New-MigrationRevision {arguments}).Revision", variables);
        result.ShouldSucceed();
        return result.Output.Single().ToString();
    }

    private static string Sql(string table) => $"-UpgradeSql 'CREATE TABLE {table} (id INTEGER)' -DowngradeSql 'DROP TABLE {table}'";

    private List<string> Heads() => session.Db.Heads();

    private List<string> Tables() => session.Db.Tables();

    /// <summary>root -> (left: l1 -> l2) and (right: r1), plus a separate plugin root p1 that depends on r1.</summary>
    private (string Root, string L1, string L2, string R1, string P1) BuildBranches()
    {
        session.Initialise();
        var root = New($"'root' {Sql("root")}");
        var l1 = New($"'left one' -BranchLabel left {Sql("l1")}");
        var l2 = New($"'left two' {Sql("l2")}");
        var r1 = New($"'right one' -Head $h -BranchLabel right {Sql("r1")}", new Dictionary<string, object?> { ["h"] = root });
        var p1 = New($"'plugin' -Head base -BranchLabel plugin -DependsOn right {Sql("p1")}");
        return (root, l1, l2, r1, p1);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void NewRevisionRefusesWhenThereAreSeveralHeadsAndNamesThem(string provider)
    {
        Use(provider);
        var (_, _, l2, r1, p1) = BuildBranches();
        var error = session.Run("New-MigrationRevision 'ambiguous'").SingleError;
        Assert.StartsWith("PSMigrate.MultipleHeads", error.FullyQualifiedErrorId);
        Assert.Contains(l2, error.Exception.Message);
        Assert.Contains(r1, error.Exception.Message);
        Assert.Contains(p1, error.Exception.Message);
        Assert.Contains("-Head", error.Exception.Message);

        var label = session.Run("New-MigrationRevision 'dup' -Head left@head -BranchLabel right").SingleError;
        Assert.StartsWith("PSMigrate.BranchLabelTaken", label.FullyQualifiedErrorId);
        var missing = session.Run("New-MigrationRevision 'dep' -Head left@head -DependsOn nothere").SingleError;
        Assert.StartsWith("PSMigrate.MissingDependency", missing.FullyQualifiedErrorId);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void GetMigrationRevisionShowsTheShapeOfTheGraph(string provider)
    {
        Use(provider);
        var (root, l1, l2, r1, p1) = BuildBranches();
        var all = session.Run("Get-MigrationRevision");
        all.ShouldSucceed();
        var byId = all.Output.ToDictionary(o => (string)o.Properties["Revision"].Value);
        Assert.Equal(5, byId.Count);
        Assert.True((bool)byId[root].Properties["IsBranchPoint"].Value);
        Assert.True((bool)byId[root].Properties["IsBase"].Value);
        Assert.True((bool)byId[p1].Properties["IsBase"].Value);
        Assert.Equal(new[] { "right" }, ((IEnumerable<string>)byId[p1].Properties["DependsOn"].Value));
        Assert.Equal(new[] { l1 }, ((IEnumerable<string>)byId[l2].Properties["DownRevision"].Value));
        Assert.Equal(new[] { "left" }, ((IEnumerable<string>)byId[l1].Properties["BranchLabels"].Value));
        Assert.EndsWith(".sql", (string)byId[r1].Properties["Path"].Value);

        var heads = session.Run("Get-MigrationRevision heads | ForEach-Object Revision").Output.Select(o => o.ToString()).Order();
        Assert.Equal(new[] { l2, r1, p1 }.Order(), heads);
        Assert.Equal([l2, l1, root], session.Run("Get-MigrationRevision ':left@head' | ForEach-Object Revision").Output.Select(o => o.ToString()));
        Assert.Equal([l2, l1], session.Run("Get-MigrationRevision ${l1}:${l2} | ForEach-Object Revision".Replace("${l1}", l1).Replace("${l2}", l2)).Output.Select(o => o.ToString()));
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void UpgradeToALabelAppliesItsDependenciesAndHistoryShowsSeveralCurrentHeads(string provider)
    {
        Use(provider);
        var (root, l1, l2, r1, p1) = BuildBranches();
        var applied = session.Run("Invoke-MigrationUpgrade plugin@head | ForEach-Object Revision");
        applied.ShouldSucceed();
        Assert.Equal([root, r1, p1], applied.Output.Select(o => o.ToString()));

        // As in Alembic's version table, a dependency is implied by the revision that depends on it.
        Assert.Equal([p1], Heads());
        var appliedRevisions = session.Run("Get-MigrationHistory | Where-Object IsApplied | ForEach-Object Revision").Output.Select(o => o.ToString()).Order();
        Assert.Equal(new[] { root, r1, p1 }.Order(), appliedRevisions);

        session.Run("Invoke-MigrationUpgrade left@+1").ShouldSucceed();
        Assert.Equal(new[] { l1, p1 }.Order(), Heads());

        var history = session.Run("Get-MigrationHistory | Where-Object IsCurrent | ForEach-Object Revision").Output.Select(o => o.ToString()).Order();
        Assert.Equal(new[] { l1, p1 }.Order(), history);

        var error = session.Run("Invoke-MigrationUpgrade head").SingleError;
        Assert.StartsWith("PSMigrate.MultipleHeads", error.FullyQualifiedErrorId);

        session.Run("Invoke-MigrationUpgrade heads").ShouldSucceed();
        Assert.Equal(new[] { l2, p1 }.Order(), Heads());
        Assert.Equal(["l1", "l2", "p1", "r1", "root"], Tables());
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void APipedRevisionIsTakenOutWithWhatNeedsItAndNothingElse(string provider)
    {
        Use(provider);
        var (root, l1, l2, r1, p1) = BuildBranches();
        session.Run("Invoke-MigrationUpgrade heads").ShouldSucceed();

        var preview = session.Run("Get-MigrationHistory | Where-Object Revision -eq $r | Undo-Migration -WhatIf", new Dictionary<string, object?> { ["r"] = l1 });
        preview.ShouldSucceed();
        Assert.Equal(2, preview.WhatIf.Count);
        Assert.Contains(l2, preview.WhatIf[0]);
        Assert.Contains(l1, preview.WhatIf[1]);
        Assert.Equal(new[] { l2, p1 }.Order(), Heads());

        var reverted = session.Run("Get-MigrationHistory | Where-Object Revision -eq $r | Undo-Migration -Force | ForEach-Object Revision", new Dictionary<string, object?> { ["r"] = l1 });
        reverted.ShouldSucceed();
        Assert.Equal([l2, l1], reverted.Output.Select(o => o.ToString()));
        Assert.Equal([p1], Heads());
        Assert.Equal(["p1", "r1", "root"], Tables());

        // The current revision, as a person at a console would pipe it.
        var current = session.Run("Get-MigrationHistory | Where-Object IsCurrent | Undo-Migration -Force | ForEach-Object Revision");
        current.ShouldSucceed();
        Assert.Equal([p1], current.Output.Select(o => o.ToString()));
        Assert.Equal([r1], Heads());

        // A revision that is not applied is said to be so, and nothing happens.
        var notApplied = session.Run("Undo-Migration -Revision $r -Force", new Dictionary<string, object?> { ["r"] = l2 });
        notApplied.ShouldSucceed();
        Assert.Empty(notApplied.Output);
        Assert.Contains(notApplied.Information, i => i.Contains($"revision {l2} is not applied"));

        var both = session.Run("Undo-Migration -Target $t -Revision $r -Force", new Dictionary<string, object?> { ["t"] = root, ["r"] = r1 }).SingleError;
        Assert.StartsWith("PSMigrate.InvalidArgument", both.FullyQualifiedErrorId);
        Assert.Contains("not both", both.Exception.Message);
        Assert.Equal([r1], Heads());
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void UndoingARevisionFirstRevertsEverythingThatNeedsIt(string provider)
    {
        Use(provider);
        var (root, l1, l2, r1, p1) = BuildBranches();
        session.Run("Invoke-MigrationUpgrade heads").ShouldSucceed();

        var reverted = session.Run("Undo-Migration right@base -Force | ForEach-Object Revision");
        reverted.ShouldSucceed();
        Assert.Equal([p1, r1], reverted.Output.Select(o => o.ToString()));
        Assert.Equal([l2], Heads());
        Assert.Equal(["l1", "l2", "root"], Tables());

        session.Run("Undo-Migration left@-1 -Force").ShouldSucceed();
        Assert.Equal([l1], Heads());
        session.Run("Undo-Migration base -Force").ShouldSucceed();
        Assert.Empty(Heads());
        Assert.Empty(Tables());
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void MergeJoinsHeadsAndUpgradingThroughItLeavesOneHead(string provider)
    {
        Use(provider);
        session.Initialise();
        var root = New($"'root' {Sql("root")}");
        var a = New($"'a' {Sql("a")}");
        var b = New($"'b' -Head $h {Sql("b")}", new Dictionary<string, object?> { ["h"] = root });

        var merge = session.Run("Merge-MigrationRevision -Message 'join a and b'");
        merge.ShouldSucceed();
        var merged = Assert.Single(merge.Output);
        Assert.True((bool)merged.Properties["IsMergePoint"].Value);
        Assert.Equal(new[] { a, b }.Order(), ((IEnumerable<string>)merged.Properties["DownRevision"].Value).Order());

        var after = New($"'after merge' {Sql("c")}");
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        Assert.Equal([after], Heads());

        session.Run("Undo-Migration -2 -Force").ShouldSucceed();
        Assert.Equal(new[] { a, b }.Order(), Heads());

        var single = session.Run("Merge-MigrationRevision -Revision $r", new Dictionary<string, object?> { ["r"] = a }).SingleError;
        Assert.StartsWith("PSMigrate.NothingToMerge", single.FullyQualifiedErrorId);
    }

    [Theory]
    [OnSqlite]
    [OnPostgres]
    public void SetMigrationVersionRecordsWithoutRunningAndWorksWithEveryTargetForm(string provider)
    {
        Use(provider);
        var (root, l1, l2, r1, p1) = BuildBranches();
        session.Run("Invoke-MigrationUpgrade left@head").ShouldSucceed();

        var script = session.Run("Set-MigrationVersion right@head -Script");
        script.ShouldSucceed();
        Assert.Contains($"INSERT INTO {Providers.ScriptTableName(provider, "psmigrate_version")} (version_num) VALUES ('{r1}');", script.Output.Single().ToString());
        Assert.Equal([l2], Heads());

        session.Run("Set-MigrationVersion right@head -WhatIf").ShouldSucceed();
        Assert.Equal([l2], Heads());

        session.Run("Set-MigrationVersion right@head -Confirm:$false").ShouldSucceed();
        Assert.Equal(new[] { l2, r1 }.Order(), Heads());
        Assert.DoesNotContain("r1", Tables());

        session.Run("Set-MigrationVersion left@-1 -Confirm:$false").ShouldSucceed();
        Assert.Equal(new[] { l1, r1 }.Order(), Heads());

        session.Run("Set-MigrationVersion $t -Purge -Confirm:$false", new Dictionary<string, object?> { ["t"] = root[..6] }).ShouldSucceed();
        Assert.Equal([root], Heads());

        session.Run("Set-MigrationVersion base -Confirm:$false").ShouldSucceed();
        Assert.Empty(Heads());
        Assert.Equal(["l1", "l2", "root"], Tables());
        // Each stamp logs the revisions it marks applied or no longer applied, in its real direction.
        Assert.Equal(
            new[] { "upgrade stamp: right one", "downgrade stamp: left two", "downgrade stamp: right one", "downgrade stamp: left one", "downgrade stamp: root" }.Order(),
            session.Db.Column("SELECT direction || ' ' || message FROM psmigrate_history WHERE message LIKE 'stamp:%'").Order());
    }
}
