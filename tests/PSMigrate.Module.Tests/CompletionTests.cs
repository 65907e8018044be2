using System.Management.Automation;

namespace PSMigrate.Module.Tests;

/// <summary>
/// Tab completion of revision arguments through TabExpansion2 in the hosted engine; its speed
/// on 10,000 revisions is measured in the benchmark, not here.
/// </summary>
public sealed class CompletionTests
{
    private static List<CompletionResult> Complete(PowerShellSession session, string input)
    {
        var result = session.Run("(TabExpansion2 -inputScript $i -cursorColumn $i.Length).CompletionMatches", new Dictionary<string, object?> { ["i"] = input });
        result.ShouldSucceed();
        return result.Output.Select(o => (CompletionResult)o.BaseObject).ToList();
    }

    [Fact]
    public void TargetsCompleteToKeywordsLabelsAndIdsWithMessagesAsTooltips()
    {
        using var session = new PowerShellSession();
        var ids = TutorialRevisions.Create(session);
        session.Run("New-MigrationRevision 'side branch' -Head $h -BranchLabel side", new Dictionary<string, object?> { ["h"] = ids[1] }).ShouldSucceed();

        var all = Complete(session, "Invoke-MigrationUpgrade -Target ");
        Assert.Equal(["head", "heads", "base"], all.Take(3).Select(c => c.CompletionText));
        Assert.Contains(all, c => c.CompletionText == "side@head");
        Assert.All(ids, id => Assert.Contains(all, c => c.CompletionText == id));

        var one = Assert.Single(Complete(session, $"Undo-Migration {ids[3][..5]}"), c => c.CompletionText == ids[3]);
        Assert.Equal("rename department to departments", one.ToolTip);
        Assert.Equal($"{ids[4][..6]}", Complete(session, $"Set-MigrationVersion -Target {ids[4][..6]}").Single().CompletionText[..6]);
        Assert.Contains("(head)", Complete(session, $"Get-MigrationRevision {ids[4]}").Single().ToolTip);
        Assert.Contains(Complete(session, "New-MigrationRevision 'x' -Head s"), c => c.CompletionText == "side@head");
    }

    [Fact]
    public void CompletionUsesThePathBeingTypedOnThousandsOfRevisions()
    {
        using var session = new PowerShellSession();
        var versions = Path.Combine(session.Directory, "big", "versions");
        Directory.CreateDirectory(versions);
        for (var i = 0; i < 3000; i++)
        {
            File.WriteAllText(Path.Combine(versions, $"{i:x12}_r.sql"),
                $"-- Revision ID: {i:x12}\n-- Revises: {(i == 0 ? "" : (i - 1).ToString("x12"))}\n-- Message: revision {i}\n\n-- migrate:upgrade\nSELECT 1;\n-- migrate:downgrade\nSELECT 1;\n");
        }

        var matches = Complete(session, "Invoke-MigrationUpgrade -Path ./big -Target 0000000001");
        Assert.Equal(256, matches.Count);
        Assert.Equal("revision 256", matches.First(m => m.CompletionText == "000000000100").ToolTip);
        Assert.Contains("(head)", Complete(session, "Invoke-MigrationUpgrade -Path ./big -Target 000000000bb7").Single().ToolTip);
    }
}
