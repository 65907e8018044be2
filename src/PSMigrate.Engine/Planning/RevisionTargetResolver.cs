using System.Globalization;
using System.Text.RegularExpressions;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Planning;

/// <summary>
/// Turns a target string ('head', 'base', 'ae10', '-2', 'ae10+1', 'feature@head'...) into
/// revisions of the graph, relative to the database's current heads where the form needs them.
/// </summary>
public sealed partial class RevisionTargetResolver
{
    public const string Forms =
        "head, heads, base, a revision id or unambiguous prefix, +N, -N, <rev>+N, <rev>-N, <label>@head, <label>@base, <label>@<rev>, <label>@+N, <label>@-N";

    private readonly RevisionGraph graph;

    public RevisionTargetResolver(RevisionGraph graph) => this.graph = graph;

    [GeneratedRegex(@"^(?<sign>[+-])(?<count>\d+)$")]
    private static partial Regex Relative();

    [GeneratedRegex(@"^(?<anchor>[A-Za-z0-9_]+)(?<sign>[+-])(?<count>\d+)$")]
    private static partial Regex AnchoredRelative();

    /// <summary>The revisions an upgrade must reach (empty for base).</summary>
    public IReadOnlyList<MigrationRevision> ResolveUpgrade(string target, IReadOnlyCollection<string> currentHeads)
    {
        var text = Normalise(target);
        var relative = Relative().Match(text);
        if (relative.Success)
        {
            return [Walk(text, CurrentHead(text, currentHeads, graph.Revisions, upward: true), Signed(relative))];
        }

        return ResolveAbsolute(text, currentHeads);
    }

    /// <summary>
    /// What a downgrade must remove: for a named revision everything above it, for a
    /// relative target only the walked revisions (and whatever needs them).
    /// </summary>
    internal DowngradeGoal ResolveDowngrade(string target, IReadOnlyCollection<string> currentHeads)
    {
        var text = Normalise(target);
        if (text.Equals("base", StringComparison.OrdinalIgnoreCase))
        {
            return DowngradeGoal.RemoveAll;
        }

        if (text.Equals("head", StringComparison.OrdinalIgnoreCase) || text.Equals("heads", StringComparison.OrdinalIgnoreCase))
        {
            throw TargetError(MigrationErrors.DowngradeToHead, text,
                $"'{text}' is not a downgrade target; give the revision to go back to, '-1', or 'base'.");
        }

        var relative = Relative().Match(text);
        if (relative.Success)
        {
            var count = Signed(relative);
            if (count > 0)
            {
                throw TargetError(MigrationErrors.UpgradeTargetForDowngrade, text, $"'{text}' moves up; a downgrade takes '-N'.");
            }

            return DowngradeGoal.Remove(WalkDownFromHead(text, CurrentHead(text, currentHeads, graph.Revisions, upward: false), -count));
        }

        var at = text.IndexOf('@');
        if (at > 0)
        {
            var (root, members) = Branch(text[..at], text);
            var rest = text[(at + 1)..];
            if (rest.Equals("base", StringComparison.OrdinalIgnoreCase))
            {
                return DowngradeGoal.Remove([root]);
            }

            var labelRelative = Relative().Match(rest);
            if (labelRelative.Success && Signed(labelRelative) < 0)
            {
                var head = CurrentHead(text, currentHeads, members, upward: false);
                return DowngradeGoal.Remove(WalkDownFromHead(text, head, -Signed(labelRelative)));
            }
        }

        return DowngradeGoal.KeepAt(ResolveAbsolute(text, currentHeads));
    }

    /// <summary>The revisions a target names, relative forms counted from the current heads (empty for base).</summary>
    public IReadOnlyList<MigrationRevision> ResolveRevisions(string target, IReadOnlyCollection<string> currentHeads)
    {
        var text = Normalise(target);
        var relative = Relative().Match(text);
        if (relative.Success)
        {
            var count = Signed(relative);
            var start = CurrentHead(text, currentHeads, graph.Revisions, upward: count > 0);
            return count >= 0 ? [Walk(text, start, count)] : WalkDown(text, start!, -count);
        }

        return ResolveAbsolute(text, currentHeads);
    }

    /// <summary>
    /// A target, or a range 'from:to' (either side may be left out): the revisions 'to' stands
    /// on that 'from' does not, newest first, as Alembic's history -r.
    /// </summary>
    public IReadOnlyList<MigrationRevision> ResolveRange(string text)
    {
        var colon = text.IndexOf(':');
        if (colon < 0)
        {
            return ResolveRevisions(text, []);
        }

        var lower = text[..colon].Trim();
        var upper = text[(colon + 1)..].Trim();
        var included = graph.WithPrerequisites(upper.Length == 0 ? graph.Heads : ResolveRevisions(upper, []));
        if (lower.Length > 0)
        {
            var below = ResolveRevisions(lower, []);
            var excluded = graph.WithPrerequisites(below);
            excluded.ExceptWith(below.Select(r => r.Revision));
            included.ExceptWith(excluded);
        }

        var ordered = graph.InGraphOrder(included);
        ordered.Reverse();
        return ordered;
    }

    private IReadOnlyList<MigrationRevision> ResolveAbsolute(string text, IReadOnlyCollection<string> currentHeads)
    {
        if (text.Equals("base", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        if (text.Equals("heads", StringComparison.OrdinalIgnoreCase))
        {
            return graph.Heads;
        }

        if (text.Equals("head", StringComparison.OrdinalIgnoreCase))
        {
            return graph.Heads.Count switch
            {
                0 => [],
                1 => graph.Heads,
                _ => throw TargetError(MigrationErrors.MultipleHeads, text,
                    $"'head' is ambiguous: the revisions have {graph.Heads.Count} heads ({Describe(graph.Heads)}). Name one, use 'heads' for all of them, or join them with Merge-MigrationRevision."),
            };
        }

        var at = text.IndexOf('@');
        if (at > 0)
        {
            return [ResolveInBranch(text, at, currentHeads)];
        }

        var anchored = AnchoredRelative().Match(text);
        if (anchored.Success)
        {
            var anchor = ResolveId(anchored.Groups["anchor"].Value, text, graph.Revisions);
            var count = Signed(anchored);
            return count >= 0 ? [Walk(text, anchor, count)] : WalkDown(text, anchor, -count);
        }

        return [ResolveId(text, text, graph.Revisions)];
    }

    private MigrationRevision ResolveInBranch(string text, int at, IReadOnlyCollection<string> currentHeads)
    {
        var (root, members) = Branch(text[..at], text);
        var rest = text[(at + 1)..];
        if (rest.Equals("base", StringComparison.OrdinalIgnoreCase))
        {
            return root;
        }

        if (rest.Equals("head", StringComparison.OrdinalIgnoreCase))
        {
            var heads = members.Where(r => r.IsHead).ToList();
            return heads.Count == 1
                ? heads[0]
                : throw TargetError(MigrationErrors.MultipleBranchHeads, text,
                    $"'{text}' is ambiguous: branch '{text[..at]}' has {heads.Count} heads ({Describe(heads)}); name one.");
        }

        var relative = Relative().Match(rest);
        if (relative.Success)
        {
            var count = Signed(relative);
            var start = CurrentHead(text, currentHeads, members, upward: count >= 0);
            return count >= 0 ? Walk(text, start, count, root) : Single(text, WalkDown(text, start!, -count));
        }

        return ResolveId(rest, text, members);
    }

    private (MigrationRevision Root, IReadOnlyList<MigrationRevision> Members) Branch(string label, string text)
    {
        var labelled = graph.FindLabel(label) ?? throw TargetError(MigrationErrors.UnknownBranchLabel, text,
            graph.BranchLabels.Count == 0
                ? $"'{text}' names branch label '{label}', but no revision in {graph.Source} has a branch label."
                : $"'{text}' names branch label '{label}', which no revision has; known labels: {string.Join(", ", graph.BranchLabels.Order())}.");

        var root = labelled;
        while (root.DownRevision.Length == 1)
        {
            var parent = graph.Find(root.DownRevision[0])!;
            if (graph.ChildrenOf(parent).Count != 1)
            {
                break;
            }

            root = parent;
        }

        var members = graph.InGraphOrder(graph.WithDescendants([root]));
        return (root, members);
    }

    private MigrationRevision ResolveId(string prefix, string text, IReadOnlyList<MigrationRevision> scope)
    {
        var matches = graph.FindByPrefix(prefix);
        if (!ReferenceEquals(scope, graph.Revisions))
        {
            var inScope = scope.Select(r => r.Revision).ToHashSet(StringComparer.Ordinal);
            matches = matches.Where(m => inScope.Contains(m.Revision)).ToList();
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw TargetError(MigrationErrors.UnknownTarget, text,
                $"'{text}' is not a known target: no revision id in {graph.Source} starts with '{prefix}'. Targets can be: {Forms}."),
            _ => throw TargetError(MigrationErrors.AmbiguousTarget, text,
                $"'{text}' is ambiguous: it matches {matches.Count} revisions ({Describe(matches.Take(10))}); give more characters of the id."),
        };
    }

    /// <summary>The single current head in scope, or null when nothing in scope is applied.</summary>
    private MigrationRevision? CurrentHead(string text, IReadOnlyCollection<string> currentHeads, IReadOnlyList<MigrationRevision> scope, bool upward)
    {
        var inScope = scope.Select(r => r.Revision).ToHashSet(StringComparer.Ordinal);
        var applied = graph.AppliedAt(currentHeads);
        var heads = graph.InGraphOrder(applied.Where(inScope.Contains))
            .Where(r => !graph.ChildrenOf(r).Any(c => applied.Contains(c.Revision)))
            .ToList();

        return heads.Count switch
        {
            0 when upward => null,
            0 => throw TargetError(MigrationErrors.NothingApplied, text, $"'{text}' counts back from the current revision, but nothing is applied."),
            1 => heads[0],
            _ => throw TargetError(MigrationErrors.RelativeFromSeveralHeads, text,
                $"'{text}' is ambiguous: the database is at several heads ({Describe(heads)}); use '<rev>{(upward ? "+" : "-")}N' or '<label>@{(upward ? "+" : "-")}N'."),
        };
    }

    /// <summary>Walks up N revisions; from null (base) the first step is onto a base revision.</summary>
    private MigrationRevision Walk(string text, MigrationRevision? start, int count, MigrationRevision? branchRoot = null)
    {
        var current = start;
        for (var step = 1; step <= count; step++)
        {
            IReadOnlyList<MigrationRevision> next = current is null
                ? branchRoot is null ? graph.Bases : [branchRoot]
                : graph.ChildrenOf(current);
            if (next.Count == 0)
            {
                throw TargetError(MigrationErrors.RelativePastHead, text,
                    $"'{text}' goes past the head: there {(step - 1 == 1 ? "is" : "are")} only {step - 1} revision(s) above {(start is null ? "base" : start.Revision)}.");
            }

            if (next.Count > 1)
            {
                throw TargetError(MigrationErrors.RelativeAtBranchPoint, text,
                    $"'{text}' is ambiguous: {(current is null ? "there are several base revisions" : $"{current.Revision} is a branch point")} ({Describe(next)}); name the branch, e.g. '<rev>+N' or '<label>@+N'.");
            }

            current = next[0];
        }

        return current ?? throw TargetError(MigrationErrors.RelativeZero, text, $"'{text}' does not move; give a revision.");
    }

    /// <summary>The revisions N steps below start (several when the last step leaves a merge).</summary>
    private IReadOnlyList<MigrationRevision> WalkDown(string text, MigrationRevision start, int count)
    {
        IReadOnlyList<MigrationRevision> current = [start];
        for (var step = 1; step <= count; step++)
        {
            if (current.Count > 1)
            {
                throw TargetError(MigrationErrors.RelativeAtMergePoint, text,
                    $"'{text}' is ambiguous: it crosses merge point {start.Revision}'s parents ({Describe(current)}); name the revision to go back to.");
            }

            var parents = graph.DownRevisionsOf(current[0]);
            if (parents.Count == 0)
            {
                if (step == count)
                {
                    return [];
                }

                throw TargetError(MigrationErrors.RelativePastBase, text,
                    $"'{text}' goes below base: there {(step == 1 ? "is" : "are")} only {step} revision(s) at or below {start.Revision}.");
            }

            current = parents;
        }

        return current;
    }

    /// <summary>The revisions a relative downgrade of N from the head removes, newest first.</summary>
    private IReadOnlyList<MigrationRevision> WalkDownFromHead(string text, MigrationRevision? head, int count)
    {
        if (count == 0 || head is null)
        {
            return [];
        }

        var removed = new List<MigrationRevision>();
        var current = head;
        for (var step = 1; step <= count; step++)
        {
            removed.Add(current);
            var parents = graph.DownRevisionsOf(current);
            if (step == count)
            {
                break;
            }

            if (parents.Count == 0)
            {
                throw TargetError(MigrationErrors.RelativePastBase, text,
                    $"'{text}' goes below base: only {step} revision(s) are applied on this line ({head.Revision} down to {current.Revision}).");
            }

            if (parents.Count > 1)
            {
                throw TargetError(MigrationErrors.RelativeAtMergePoint, text,
                    $"'{text}' is ambiguous: {current.Revision} is a merge point ({Describe(parents)}); name the revision to go back to.");
            }

            current = parents[0];
        }

        return removed;
    }

    private static MigrationRevision Single(string text, IReadOnlyList<MigrationRevision> revisions) =>
        revisions.Count == 1
            ? revisions[0]
            : throw TargetError(MigrationErrors.RelativeNotSingle, text,
                revisions.Count == 0 ? $"'{text}' reaches base; use 'base'." : $"'{text}' reaches several revisions ({Describe(revisions)}); name one.");

    private static int Signed(Match match)
    {
        if (!int.TryParse(match.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw TargetError(MigrationErrors.InvalidRelativeCount, match.Value, $"'{match.Value}' has a step count that is too large.");
        }

        return match.Groups["sign"].Value == "-" ? -count : count;
    }

    private static string Normalise(string target)
    {
        var text = target?.Trim() ?? string.Empty;
        return text.Length == 0 ? throw TargetError(MigrationErrors.EmptyTarget, text, $"The target is empty. Targets can be: {Forms}.") : text;
    }

    internal static string Describe(IEnumerable<MigrationRevision> revisions) =>
        string.Join(", ", revisions.Select(r => string.IsNullOrEmpty(r.Message) ? r.Revision : $"{r.Revision} '{r.Message}'"));

    private static MigrationException TargetError(MigrationError error, string target, string message) =>
        new(error, message, target);
}
