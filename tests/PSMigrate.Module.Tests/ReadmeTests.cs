using System.Text.RegularExpressions;

namespace PSMigrate.Module.Tests;

/// <summary>The README's cmdlet tour names only cmdlets and parameters that exist.</summary>
public sealed partial class ReadmeTests
{
    [GeneratedRegex(@"`(?<cmdlet>[A-Z][a-z]+-Migration[A-Za-z]*)(?<rest>[^`]*)`")]
    private static partial Regex CmdletMention();

    [GeneratedRegex(@"(?<![\w$])-(?<name>[A-Z][A-Za-z]+)")]
    private static partial Regex ParameterMention();

    [Fact]
    public void EveryCmdletAndParameterTheReadmeShowsExists()
    {
        using var session = new PowerShellSession();
        var readme = File.ReadAllText(Path.Combine(ModulePaths.RepositoryRoot, "README.md"));
        var mentions = CmdletMention().Matches(readme).ToList();
        Assert.True(mentions.Count > 30, $"only {mentions.Count} cmdlet mentions found");

        var parameters = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var mention in mentions)
        {
            var cmdlet = mention.Groups["cmdlet"].Value;
            if (!parameters.TryGetValue(cmdlet, out var known))
            {
                var result = session.Run("(Get-Command $c -ErrorAction Stop).Parameters.Keys", new Dictionary<string, object?> { ["c"] = cmdlet });
                Assert.True(result.AllErrors.Count() == 0, $"README mentions {cmdlet}, which the module does not export.");
                parameters[cmdlet] = known = result.Output.Select(o => o.ToString()!).ToHashSet(StringComparer.OrdinalIgnoreCase);
            }

            foreach (Match parameter in ParameterMention().Matches(mention.Groups["rest"].Value))
            {
                Assert.True(known.Contains(parameter.Groups["name"].Value),
                    $"README shows {cmdlet} -{parameter.Groups["name"].Value}, which it does not have: `{mention.Value}`");
            }
        }
    }
}
