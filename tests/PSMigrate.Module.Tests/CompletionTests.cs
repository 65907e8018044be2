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

        // Newest first: the side branch's revision and the head, down to the first revision.
        var revisionsOnly = all.Where(c => !c.CompletionText.Contains('@') && c.CompletionText is not ("head" or "heads" or "base")).Select(c => c.CompletionText).ToList();
        Assert.Equal(ids[4], revisionsOnly[0]);
        Assert.Equal(ids[0], revisionsOnly[^1]);

        // Where only revisions make sense, only revisions are offered.
        foreach (var input in new[] { "Merge-MigrationRevision ", "Undo-Migration -Revision ", "Repair-Migration -Revision " })
        {
            var offered = Complete(session, input).Select(c => c.CompletionText).ToList();
            Assert.DoesNotContain("head", offered);
            Assert.DoesNotContain("base", offered);
            Assert.DoesNotContain("side@base", offered);
            Assert.Contains(ids[2], offered);
        }

        Assert.Equal(["base"], Complete(session, "New-MigrationRevision 'x' -Head ").Select(c => c.CompletionText).Where(t => t.Length < 5));
    }

    [Fact]
    public void ACycleInTheHeadersDoesNotHangCompletion()
    {
        using var session = new PowerShellSession();
        var versions = Path.Combine(session.Directory, "migrations", "versions");
        Directory.CreateDirectory(versions);
        File.WriteAllText(Path.Combine(versions, "a.sql"), "-- Revision ID: aaaa\n-- Revises: bbbb\n-- migrate:upgrade\n-- migrate:downgrade\n");
        File.WriteAllText(Path.Combine(versions, "b.sql"), "-- Revision ID: bbbb\n-- Revises: aaaa\n-- migrate:upgrade\n-- migrate:downgrade\n");
        Assert.Equal(["aaaa", "bbbb"], Complete(session, "Invoke-MigrationUpgrade -Target ").Select(c => c.CompletionText).Where(t => t.Length == 4 && t != "head" && t != "base").Order());
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
