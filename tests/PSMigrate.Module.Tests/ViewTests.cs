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
            ["Revision", "DownRevision", "Message", "IsApplied", "IsHead", "IsCurrent", "AppliedAt", "AppliedBy", "Host", "Duration", "BranchLabels", "IsModified", "Path", "State", "DurationMs", "Database"],
            names);
        Assert.Equal(((SqliteTestDatabase)session.Db).Path, session.Run("(Get-MigrationHistory)[0].Database").Output.Single().ToString());
    }

    /// <summary>
    /// Export-Csv writes each property's ToString() and ConvertTo-Json writes enums as numbers
    /// and a TimeSpan as a dozen fields (Utility's cmdlets are not in the test host; the Pester
    /// suite runs the real ones): so every property must be a plain value.
    /// </summary>
    [Fact]
    public void ObjectsExportToCsvAndJsonAsPlainValues()
    {
        using var session = new PowerShellSession();
        var ids = TutorialRevisions.Create(session);
        session.Run("Invoke-MigrationUpgrade").ShouldSucceed();
        const string PlainnessOf = """
            $input | ForEach-Object {
                $object = $_
                $object.PSObject.Properties | Where-Object { $null -ne $_.Value } | ForEach-Object {
                    $value = $_.Value
                    [pscustomobject]@{
                        Type = $object.GetType().Name; Name = $_.Name; Text = $value.ToString()
                        IsEnum = $value -is [enum]; IsPlainTimeSpan = ($value -is [timespan]) -and -not $object.PSObject.Properties[$_.Name + 'Ms']
                    }
                }
            }
            """;
        var values = session.Run(
            $"$all = @(Get-MigrationHistory; Get-MigrationHistory -Log; Get-MigrationRevision; Test-Migration; Undo-Migration -Target base -Force; Set-MigrationVersion head -Confirm:$false); $all | & {{ {PlainnessOf} }}")
            .Output.Select(o => (Type: (string)o.Properties["Type"].Value, Name: (string)o.Properties["Name"].Value, Text: (string)o.Properties["Text"].Value,
                IsEnum: (bool)o.Properties["IsEnum"].Value, IsPlainTimeSpan: (bool)o.Properties["IsPlainTimeSpan"].Value)).ToList();

        Assert.Equal(["HistoryRecord", "MigrationHistoryEntry", "MigrationRevision", "MigrationStepResult", "MigrationVersionChange"], values.Select(v => v.Type).Distinct().Order());
        Assert.DoesNotContain(values, v => v.Text.StartsWith("System.", StringComparison.Ordinal) || v.IsEnum || v.IsPlainTimeSpan);
        Assert.Contains(values, v => v.Type == "MigrationHistoryEntry" && v.Name == "DownRevision" && v.Text == ids[3]);
        Assert.Contains(values, v => v.Type == "MigrationStepResult" && v.Name == "Direction" && v.Text == "Downgrade");
        Assert.Contains(values, v => v.Type == "MigrationRevision" && v.Name == "Kind" && v.Text == "Sql");
        Assert.Contains(values, v => v.Type == "MigrationRevision" && v.Name == "Transaction" && v.Text == "PerRevision");
        Assert.Contains(values, v => v.Type == "HistoryRecord" && v.Name == "DurationMs");

        // Lists still behave as lists in the pipeline.
        Assert.Equal("True", session.Run("((Get-MigrationHistory)[0].DownRevision -contains $r)", new Dictionary<string, object?> { ["r"] = ids[3] }).Output.Single().ToString());
        Assert.Equal("1", session.Run("@((Get-MigrationHistory)[0].DownRevision).Count").Output.Single().ToString());
    }
}
