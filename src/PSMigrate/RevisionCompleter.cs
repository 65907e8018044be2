using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Commands;

/// <summary>
/// Completes revision arguments: 'head', 'heads', 'base', '<label>@head', '<label>@base' and
/// revision ids (the message as the tooltip), newest-looking heads first. Reads headers only.
/// </summary>
public sealed class RevisionCompleter : IArgumentCompleter
{
    private static readonly string[] Keywords = ["head", "heads", "base"];

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = wordToComplete.Trim('\'', '"');
        var headers = RevisionHeaderReader.Read(Path.Combine(Folder(fakeBoundParameters), MigrationProject.VersionsFolderName));
        var parents = headers.SelectMany(h => h.DownRevision).ToHashSet(StringComparer.Ordinal);

        foreach (var keyword in Keywords.Where(k => k.StartsWith(typed, StringComparison.OrdinalIgnoreCase)))
        {
            yield return new CompletionResult(keyword, keyword, CompletionResultType.ParameterValue, Describe(keyword));
        }

        foreach (var label in headers.SelectMany(h => h.BranchLabels).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            foreach (var form in new[] { label + "@head", label + "@base" }.Where(f => f.StartsWith(typed, StringComparison.OrdinalIgnoreCase)))
            {
                yield return new CompletionResult(form, form, CompletionResultType.ParameterValue, $"branch '{label}', {form[(label.Length + 1)..]}");
            }
        }

        foreach (var header in headers
                     .Where(h => h.Revision.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                     .OrderBy(h => parents.Contains(h.Revision))
                     .ThenBy(h => h.Revision, StringComparer.Ordinal))
        {
            var head = parents.Contains(header.Revision) ? string.Empty : " (head)";
            var tooltip = (string.IsNullOrEmpty(header.Message) ? header.Revision : header.Message) + head;
            yield return new CompletionResult(header.Revision, $"{header.Revision} {header.Message}", CompletionResultType.ParameterValue, tooltip);
        }
    }

    private static string Describe(string keyword) => keyword switch
    {
        "head" => "the single head revision",
        "heads" => "every head revision",
        _ => "before the first revision",
    };

    /// <summary>-Path as typed so far, else ./migrations, from the current PowerShell location.</summary>
    private static string Folder(IDictionary bound)
    {
        var path = bound["Path"]?.ToString() ?? "migrations";
        var location = ScriptBlock.Create("$ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath").Invoke()
            .FirstOrDefault()?.ToString() ?? Environment.CurrentDirectory;
        return Path.GetFullPath(Path.Combine(location, path));
    }
}
