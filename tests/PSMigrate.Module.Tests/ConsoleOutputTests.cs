namespace PSMigrate.Module.Tests;

/// <summary>What a person at the console sees besides the objects: verbose, warnings, information.</summary>
public sealed class ConsoleOutputTests
{
    [Fact]
    public void VerboseNamesEachRevisionOnceWithOrWithoutPrompts()
    {
        using var session = new PowerShellSession();
        var ids = TutorialRevisions.Create(session);
        foreach (var command in new[] { "Invoke-MigrationUpgrade -Verbose", "Undo-Migration base -Force -Verbose", "Invoke-MigrationUpgrade -Verbose -Confirm:$false" })
        {
            var verbose = session.Run(command).Verbose;
            Assert.All(ids, id => Assert.Single(verbose, v => v.Contains($"revision {id} '")));
        }
    }

    [Fact]
    public void ARevisionLeftAsTheTemplateIsWarnedAboutLiveAndInScripts()
    {
        using var session = new PowerShellSession();
        TutorialRevisions.Create(session);
        var template = session.Run("(New-MigrationRevision 'forgot to edit').Revision").Output.Single().ToString();

        var script = session.Run("Invoke-MigrationUpgrade -Script -From base");
        script.ShouldSucceed();
        var warning = Assert.Single(script.Warnings);
        Assert.Contains($"Revision {template} ('forgot to edit') has nothing in its upgrade section", warning);
        Assert.Contains("template", warning);

        var live = session.Run("Invoke-MigrationUpgrade");
        live.ShouldSucceed();
        Assert.Equal(warning.Split('(')[0], Assert.Single(live.Warnings).Split('(')[0]);
        Assert.Contains(template, session.Db.Heads());

        // A merge revision has nothing to run by design: no warning.
        session.Run("New-MigrationRevision 'side' -Head base -UpgradeSql 'SELECT 1;' -DowngradeSql 'SELECT 1;'").ShouldSucceed();
        session.Run("Merge-MigrationRevision -Message 'join'").ShouldSucceed();
        var merged = session.Run("Invoke-MigrationUpgrade");
        merged.ShouldSucceed();
        Assert.Empty(merged.Warnings);
    }
}
