namespace PSMigrate.Module.Tests;

/// <summary>Default table views: the columns a person wants, within 120 columns, objects left whole.</summary>
public sealed class ViewTests
{
    private static List<string> Render(PowerShellSession session, string command)
    {
        var result = session.Run(command + " | Out-Host");
        result.ShouldSucceed();
        return string.Join("\n", result.HostLines).Split('\n').Where(l => l.Trim().Length > 0).ToList();
    }

    [Fact]
    public void EveryOutputTypeHasATableViewThatFits120Columns()
    {
        using var session = new PowerShellSession();
        var ids = TutorialRevisions.Create(session);
        var views = new Dictionary<string, string[]>
        {
            ["Invoke-MigrationUpgrade -Target $t"] = ["Revision", "Direction", "Duration", "Message"],
            ["Get-MigrationHistory"] = ["Cur", "Revision", "Applied", "AppliedAt (UTC)", "AppliedBy", "Message"],
            ["Get-MigrationHistory -Log"] = ["Id", "Revision", "Direction", "AppliedAt (UTC)", "Host"],
            ["Get-MigrationRevision"] = ["Revision", "Revises", "Shape", "Labels", "Message"],
            ["Set-MigrationVersion $t -Confirm:$false"] = ["HeadsBefore", "HeadsAfter"],
        };

        foreach (var (command, headers) in views)
        {
            var result = session.Run(command + " | Out-Host", new Dictionary<string, object?> { ["t"] = ids[2] });
            result.ShouldSucceed();
            var lines = string.Join("\n", result.HostLines).Split('\n').Where(l => l.Trim().Length > 0).ToList();
            Assert.True(lines.Count >= 3, command + ": " + string.Join("\n", lines));
            var header = lines[0];
            Assert.All(headers, h => Assert.Contains(h, header));
            Assert.StartsWith("-", lines[1].TrimStart());
            Assert.All(lines, l => Assert.True(l.Length <= 120, $"{command}: {l.Length} columns: {l}"));
        }

        var history = Render(session, "Get-MigrationHistory");
        Assert.Contains(history, l => l.StartsWith("*") && l.Contains(ids[2]));
        Assert.Contains(history, l => l.Contains(ids[4]) && l.Contains("(head)") && l.Contains(" no "));
        Assert.Contains(Render(session, "Get-MigrationRevision"), l => l.Contains(ids[0]) && l.Contains("(base)"));

        var drift = Render(session, "Test-Migration");
        Assert.StartsWith("No drift: the database and ", Assert.Single(drift));
    }

    [Fact]
    public void ObjectsKeepEveryPropertyBehindTheView()
    {
        using var session = new PowerShellSession();
        TutorialRevisions.Create(session);
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        var names = session.Run("(Get-MigrationHistory)[0].PSObject.Properties.Name").Output.Select(o => o.ToString()).ToList();
        Assert.Equal(
            ["Revision", "DownRevision", "Message", "IsApplied", "IsHead", "IsCurrent", "AppliedAt", "AppliedBy", "Host", "Duration", "BranchLabels", "IsModified", "Path", "State"],
            names);
    }
}
