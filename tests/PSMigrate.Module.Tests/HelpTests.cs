using System.Management.Automation;

namespace PSMigrate.Module.Tests;

/// <summary>Get-Help shows a synopsis, every parameter and real examples for every exported cmdlet.</summary>
public sealed class HelpTests
{
    [Fact]
    public void AboutTopicDocumentsEveryErrorIdOfTheCatalogue()
    {
        using var session = new PowerShellSession();
        var catalogue = session.Run("(Get-ModuleType 'PSMigrate.Engine' 'PSMigrate.MigrationErrors')::All | ForEach-Object { $_.Id + '|' + $_.Meaning }")
            .Output.Select(o => o.ToString()!.Split('|')).ToList();
        Assert.True(catalogue.Count > 50, $"{catalogue.Count} entries");
        var about = string.Join(" ", session.Run("Get-Help about_PSMigrate").Output.Select(o => o.ToString()))
            .Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        var text = string.Join(" ", about);
        Assert.All(catalogue, entry =>
        {
            Assert.Contains(entry[0] + " ", text);
            Assert.Contains(entry[1], text);
        });
    }

    [Fact]
    public void EveryCmdletHasFullHelpWithEveryParameterAndTwoExamples()
    {
        using var session = new PowerShellSession();
        var names = session.Run("(Get-Command -Module PSMigrate).Name").Output.Select(o => o.ToString()).ToList();
        Assert.Equal(26, names.Count);
        foreach (var name in names)
        {
            var help = Assert.Single(session.Run("Get-Help $n -Full", new Dictionary<string, object?> { ["n"] = name }).Output);
            var synopsis = help.Properties["Synopsis"].Value?.ToString() ?? string.Empty;
            Assert.False(string.IsNullOrWhiteSpace(synopsis), name);
            Assert.DoesNotContain(name, synopsis);

            var documented = session.Run("(Get-Help $n -Full).parameters.parameter | ForEach-Object name", new Dictionary<string, object?> { ["n"] = name })
                .Output.Select(o => o.ToString()).ToHashSet();
            var actual = session.Run("(Get-Command $n).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.Cmdlet]::OptionalCommonParameters }",
                new Dictionary<string, object?> { ["n"] = name }).Output.Select(o => o.ToString()).ToList();
            Assert.NotEmpty(actual);
            Assert.All(actual, parameter => Assert.Contains(parameter, documented));

            var descriptions = session.Run("(Get-Help $n -Full).parameters.parameter | ForEach-Object { ($_.description | ForEach-Object Text) -join ' ' }",
                new Dictionary<string, object?> { ["n"] = name }).Output.Select(o => o.ToString()).ToList();
            Assert.All(descriptions, d => Assert.False(string.IsNullOrWhiteSpace(d), $"{name} has a parameter without a description"));

            var examples = session.Run("(Get-Help $n -Examples).examples.example | ForEach-Object code", new Dictionary<string, object?> { ["n"] = name })
                .Output.Select(o => o.ToString()).ToList();
            Assert.True(examples.Count >= 2, $"{name} has {examples.Count} example(s)");
            Assert.Contains(examples, e => e.Contains(name));

            var text = string.Join("\n", session.Run("Get-Help $n -Full | Out-Host", new Dictionary<string, object?> { ["n"] = name }).HostLines);
            Assert.Contains("SYNOPSIS", text);
            Assert.Contains("PARAMETERS", text);
            Assert.Contains("Example 1", text);

            // INPUTS and OUTPUTS name real types (Get-Help reads them from inputTypes and returnValues).
            var outputs = session.Run("(Get-Help $n -Full).returnValues.returnValue | ForEach-Object { $_.type.name }", new Dictionary<string, object?> { ["n"] = name })
                .Output.Select(o => o.ToString()).ToList();
            var declared = session.Run("(Get-Command $n).OutputType | ForEach-Object { if ($_.Type) { $_.Type.FullName } else { $_.Name } }", new Dictionary<string, object?> { ["n"] = name })
                .Output.Select(o => o.ToString()).ToList();
            Assert.Equal(declared.Order(), outputs.Order());
            Assert.Matches(@"INPUTS\s+\S", text);
            Assert.Matches(@"OUTPUTS\s+\S", text);

            if (session.Run("(Get-Command $n).Parameters.ContainsKey('WhatIf')", new Dictionary<string, object?> { ["n"] = name }).Output.Single().BaseObject is true)
            {
                Assert.Contains("-WhatIf", text);
                Assert.Contains("-Confirm", text);
                Assert.Contains("WhatIf", documented);
                Assert.Contains("Confirm", documented);
            }
        }
    }

    [Fact]
    public void HelpSaysWhatIsPipedInAndThatStampingAsksFirst()
    {
        using var session = new PowerShellSession();
        string Full(string name) => string.Join("\n", session.Run($"Get-Help {name} -Full | Out-Host").HostLines);

        var undo = Full("Undo-Migration");
        Assert.Contains("Objects with a Revision property", undo);
        Assert.Contains("PSMigrate.MigrationStepResult", undo);
        Assert.Equal(["WhatIf", "Confirm"], session.Run("$names = (Get-Help Undo-Migration).syntax.syntaxItem[0].parameter.name; $names[-2..-1]").Output.Select(o => o.ToString()));
        Assert.Contains("it asks before changing the version table", Full("Set-MigrationVersion"));
        Assert.Contains("None", Full("Rename-MigrationTable").Split("INPUTS")[1]);
    }

    [Fact]
    public void AboutTopicExplainsFileFormatTargetsAndSettings()
    {
        using var session = new PowerShellSession();
        var text = string.Join("\n", session.Run("Get-Help about_PSMigrate | Out-Host").HostLines);
        Assert.Contains("-- migrate:upgrade", text);
        Assert.Contains("<label>@head", text);
        Assert.Contains("PSMIGRATE_CONNECTION_STRING", text);
        Assert.Contains("PIPELINE PATTERNS", text);
    }

    [Fact]
    public void RevisionObjectsFromTheMigrationsFolderBindToPathAndTarget()
    {
        using var session = new PowerShellSession();
        var ids = TutorialRevisions.Create(session);
        var elsewhere = Path.Combine(session.Directory, "elsewhere");
        Directory.CreateDirectory(elsewhere);
        var script = """
            $revisions = Get-MigrationRevision
            $ExecutionContext.SessionState.Path.SetLocation($elsewhere) | Out-Null
            $revisions | Where-Object Message -match 'department$' | Invoke-MigrationUpgrade
            """;
        var result = session.Run(script, new Dictionary<string, object?> { ["elsewhere"] = elsewhere });
        result.ShouldSucceed();
        Assert.Equal(ids.Take(3), result.Output.Select(o => o.Properties["Revision"].Value.ToString()));
        Assert.Equal([ids[2]], session.Db.Heads());

        var chained = session.Run("Initialize-Migration ./chain | New-MigrationRevision 'first table'");
        chained.ShouldSucceed();
        Assert.StartsWith(Path.Combine(elsewhere, "chain", "versions"), Assert.Single(chained.Output).Properties["Path"].Value.ToString());
    }
}
