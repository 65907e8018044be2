using System.Text.RegularExpressions;

namespace PSMigrate.Engine.Tests;

/// <summary>The engine's folders depend on each other one way only; the dependency graph has no cycle.</summary>
public sealed partial class FolderDependencyTests
{
    [GeneratedRegex(@"^using PSMigrate\.Engine\.(?<folder>[A-Za-z]+)", RegexOptions.Multiline)]
    private static partial Regex EngineUsing();

    /// <summary>Which engine folders each folder's files use (a file in a provider's subfolder counts as Providers).</summary>
    private static Dictionary<string, HashSet<string>> Dependencies()
    {
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var file in SourceTree.CSharpFiles(SourceTree.Engine))
        {
            var relative = Path.GetRelativePath(SourceTree.Engine, file);
            var folder = relative.Contains(Path.DirectorySeparatorChar) ? relative[..relative.IndexOf(Path.DirectorySeparatorChar)] : "(root)";
            var uses = graph.TryGetValue(folder, out var set) ? set : graph[folder] = [];
            foreach (Match match in EngineUsing().Matches(File.ReadAllText(file)))
            {
                if (match.Groups["folder"].Value != folder)
                {
                    uses.Add(match.Groups["folder"].Value);
                }
            }
        }

        return graph;
    }

    [Fact]
    public void FoldersFormNoCycle()
    {
        var graph = Dependencies();
        var state = new Dictionary<string, int>();
        var path = new List<string>();

        void Visit(string folder)
        {
            state[folder] = 1;
            path.Add(folder);
            foreach (var next in graph.GetValueOrDefault(folder) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    Assert.Fail("Folder cycle: " + string.Join(" -> ", path.SkipWhile(f => f != next).Append(next)));
                }

                if (state.GetValueOrDefault(next) == 0)
                {
                    Visit(next);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[folder] = 2;
        }

        foreach (var folder in graph.Keys)
        {
            if (state.GetValueOrDefault(folder) == 0)
            {
                Visit(folder);
            }
        }
    }

    [Theory]
    [InlineData("Revisions", "Planning")]
    [InlineData("Revisions", "Execution")]
    [InlineData("Operations", "Providers")]
    [InlineData("Operations", "Execution")]
    [InlineData("Sql", "Providers")]
    [InlineData("Providers", "Execution")]
    [InlineData("Planning", "Execution")]
    public void LowerLayersDoNotUseHigherOnes(string folder, string forbidden)
    {
        Assert.DoesNotContain(forbidden, Dependencies().GetValueOrDefault(folder) ?? []);
    }
}
