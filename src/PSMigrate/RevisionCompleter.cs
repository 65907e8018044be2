using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSMigrate.Engine.Configuration;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Commands;

/// <summary>
/// Completes revision arguments with what the parameter takes: for targets 'head', 'heads',
/// 'base', '<label>@head' and '<label>@base'; where only revisions make sense (revisions to
/// merge, revert or repair) ids alone. Ids come newest first (furthest from the root, then the
/// latest Create Date), the message as the tooltip. Reads headers only.
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
        var (keywords, labelForms) = Accepted(commandName, parameterName);

        foreach (var keyword in keywords.Where(k => k.StartsWith(typed, StringComparison.OrdinalIgnoreCase)))
        {
            yield return new CompletionResult(keyword, keyword, CompletionResultType.ParameterValue, Describe(keyword));
        }

        foreach (var label in headers.SelectMany(h => h.BranchLabels).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            foreach (var form in labelForms.Select(f => label + f).Where(f => f.StartsWith(typed, StringComparison.OrdinalIgnoreCase)))
            {
                yield return new CompletionResult(form, form, CompletionResultType.ParameterValue, form == label ? $"branch '{label}'" : $"branch '{label}', {form[(label.Length + 1)..]}");
            }
        }

        var depth = Depths(headers);
        foreach (var header in headers
                     .Where(h => h.Revision.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                     .OrderByDescending(h => depth[h.Revision])
                     .ThenByDescending(h => h.CreateDate ?? DateTimeOffset.MinValue)
                     .ThenBy(h => h.Revision, StringComparer.Ordinal))
        {
            var head = parents.Contains(header.Revision) ? string.Empty : " (head)";
            var tooltip = (string.IsNullOrEmpty(header.Message) ? header.Revision : header.Message) + head;
            yield return new CompletionResult(header.Revision, $"{header.Revision} {header.Message}", CompletionResultType.ParameterValue, tooltip);
        }
    }

    /// <summary>The keywords and branch-label forms a parameter takes besides revision ids.</summary>
    private static (string[] Keywords, string[] LabelForms) Accepted(string command, string parameter) => (command, parameter) switch
    {
        ("Merge-MigrationRevision", _) => ([], ["@head"]),
        ("Undo-Migration" or "Repair-Migration", "Revision") => ([], []),
        ("New-MigrationRevision", "Head") => (["base"], ["@head"]),
        ("New-MigrationRevision", "DependsOn") => ([], [string.Empty]),
        _ => (Keywords, ["@head", "@base"]),
    };

    /// <summary>Each revision's distance from its root along its longest line, so later revisions sort first.</summary>
    private static Dictionary<string, int> Depths(IReadOnlyList<RevisionHeader> headers)
    {
        var byId = new Dictionary<string, RevisionHeader>(StringComparer.Ordinal);
        foreach (var header in headers)
        {
            byId.TryAdd(header.Revision, header);
        }

        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Id, bool Expanded)>();
        foreach (var start in byId.Keys)
        {
            pending.Push((start, false));
            while (pending.Count > 0)
            {
                var (id, expanded) = pending.Pop();
                if (depth.ContainsKey(id) || (!expanded && visiting.Contains(id)))
                {
                    continue;
                }

                var below = byId[id].DownRevision.Where(byId.ContainsKey).ToArray();
                if (expanded || below.All(depth.ContainsKey))
                {
                    // A cycle (reported elsewhere) leaves a parent without a depth; count it as 0.
                    depth[id] = below.Length == 0 ? 0 : below.Max(p => depth.GetValueOrDefault(p)) + 1;
                    continue;
                }

                visiting.Add(id);
                pending.Push((id, true));
                foreach (var parent in below.Where(p => !depth.ContainsKey(p)))
                {
                    pending.Push((parent, false));
                }
            }
        }

        return depth;
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
