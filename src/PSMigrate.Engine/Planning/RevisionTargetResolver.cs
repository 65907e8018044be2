using System.Globalization;
using System.Text.RegularExpressions;
using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Planning;

/// <summary>
/// Turns a target string into revisions of the graph, with Alembic's meanings: 'head', 'heads',
/// 'base', an id or unique prefix, a branch label (its labelled revision), '&lt;branch&gt;@x' where
/// the branch is a label or a revision id ('x' being head, heads, base, an id, +N, -N, head-N,
/// base+N), '+N', '-N', '&lt;rev&gt;+N', '&lt;rev&gt;-N', 'base+N'. Where PSMigrate differs from
/// Alembic on purpose (README, "Differences from Alembic") the code says so.
/// </summary>
public sealed partial class RevisionTargetResolver
{
    public const string Forms =
        "head, heads, base, a revision id or unique prefix, a branch label, +N, -N, <rev>+N, <rev>-N, base+N, " +
        "<branch>@head, <branch>@heads, <branch>@base, <branch>@<rev>, <branch>@+N, <branch>@-N, <branch>@head-N, <branch>@base+N " +
        "(a branch is a branch label or a revision id)";

    private readonly RevisionGraph graph;

    public RevisionTargetResolver(RevisionGraph graph) => this.graph = graph;

    [GeneratedRegex(@"^(?:(?<branch>[^@]+)@)?(?<symbol>[A-Za-z0-9_]+)?(?<sign>[+-])(?<count>\d+)$")]
    private static partial Regex Relative();

    /// <summary>The revisions an upgrade must reach (empty for base).</summary>
    internal IReadOnlyList<MigrationRevision> ResolveUpgrade(string target, IReadOnlyCollection<string> currentHeads)
    {
        var text = Normalise(target);
        if (Relative().Match(text) is not { Success: true } relative)
        {
            return Absolute(text);
        }

        var (branch, symbol, count) = Parts(relative);
        if (count <= 0)
        {
            if (symbol is null)
            {
                throw TargetError(MigrationErrors.DowngradeTargetForUpgrade, text,
                    $"'{text}' moves down; an upgrade takes '+N' (or Undo-Migration takes '{text}').");
            }

            return WalkDown(text, StartOf(symbol, branch, text), -count) is { } below ? [below] : [];
        }

        if (symbol is not null)
        {
            return [WalkUp(text, StartOf(symbol, null, text), count, branch)];
        }

        // From the database's current revision: on the branch given, the current revision on it
        // (or, if the branch is not applied yet, where it starts from what is applied).
        var current = Revisions(currentHeads);
        IReadOnlyList<MigrationRevision?> starts = current.Count == 0 ? FromBase : current;
        if (branch is not null)
        {
            var onBranch = FilterForLineage(current, branch);
            if (onBranch.Count == 0)
            {
                var applied = graph.InGraphOrder(graph.AppliedAt(currentHeads));
                var active = FilterForLineage(applied, branch);
                var below = active.SelectMany(r => r.DownRevision).ToHashSet(StringComparer.Ordinal);
                onBranch = active.Where(r => !below.Contains(r.Revision)).ToList();
            }

            starts = onBranch.Count == 0 ? FromBase : onBranch;
        }

        if (starts.Count > 1)
        {
            throw TargetError(MigrationErrors.RelativeFromSeveralHeads, text,
                $"'{text}' is ambiguous: the database is at several heads ({Describe(starts.OfType<MigrationRevision>())}); use '<rev>+N' or '<branch>@+N'.");
        }

        return [WalkUp(text, starts[0], count, branch)];
    }

    /// <summary>
    /// What a downgrade removes: the revisions above the target (those standing on its children,
    /// only on the branch given), or, for the forms where PSMigrate is stricter than Alembic,
    /// exactly the revisions it names.
    /// </summary>
    // A walk that starts below the first revision (nothing applied on the branch).
    private static readonly MigrationRevision?[] FromBase = [null];

    internal DowngradeGoal ResolveDowngrade(string target, IReadOnlyCollection<string> currentHeads)
    {
        var text = Normalise(target);
        if (text.Equals("base", StringComparison.OrdinalIgnoreCase))
        {
            return DowngradeGoal.ToBase;
        }

        // Difference from Alembic: 'head' or 'heads' would downgrade to where the database already is.
        if (text.Equals("head", StringComparison.OrdinalIgnoreCase) || text.Equals("heads", StringComparison.OrdinalIgnoreCase))
        {
            throw TargetError(MigrationErrors.DowngradeToHead, text,
                $"'{text}' is not a downgrade target; give the revision to go back to, '-1', or 'base'.");
        }

        if (Relative().Match(text) is not { Success: true } relative)
        {
            var at = text.LastIndexOf('@');
            var branch = at > 0 ? text[..at] : null;
            var symbol = at > 0 ? text[(at + 1)..] : text;

            // Difference from Alembic: '<branch>@base' reverts that branch only, not everything
            // below the branch's first revision.
            if (branch is not null && symbol.Equals("base", StringComparison.OrdinalIgnoreCase))
            {
                return DowngradeGoal.Remove([BranchRoot(ResolveBranch(branch, text))]);
            }

            var revisions = Absolute(symbol, text);
            return revisions.Count switch
            {
                0 => DowngradeGoal.ToBase,
                1 => DowngradeGoal.To(revisions[0], branch),
                _ => throw TargetError(MigrationErrors.MultipleHeads, text, $"'{text}' names several revisions ({Describe(revisions)}); a downgrade goes back to one."),
            };
        }

        var (relativeBranch, relativeSymbol, count) = Parts(relative);
        if (count >= 0)
        {
            if (relativeSymbol is null)
            {
                throw TargetError(MigrationErrors.UpgradeTargetForDowngrade, text, $"'{text}' moves up; a downgrade takes '-N'.");
            }

            return DowngradeGoal.To(WalkUp(text, StartOf(relativeSymbol, null, text), count, relativeBranch), relativeBranch);
        }

        if (relativeSymbol is not null)
        {
            var start = StartOf(relativeSymbol, relativeBranch, text);
            return WalkDown(text, start, -count) is { } below ? DowngradeGoal.To(below, relativeBranch) : DowngradeGoal.ToBase;
        }

        // From the current revision (of the branch given): the revisions walked over go. Difference
        // from Alembic: several current heads are refused rather than one picked with a warning,
        // and the walk may end by reverting a merge revision.
        var current = Revisions(currentHeads);
        if (relativeBranch is not null)
        {
            current = FilterForLineage(current, relativeBranch);
            if (current.Count == 0 && graph.AppliedAt(currentHeads).Count > 0)
            {
                // What is applied of this branch lies below other branches' heads: reverting it
                // would revert them too, so PSMigrate asks for the revision to go back to instead.
                throw TargetError(MigrationErrors.NothingApplied, text,
                    $"'{text}': nothing is applied on branch '{relativeBranch}' alone; what is applied of it is shared with other branches ({MigrationHeads.Describe(currentHeads)}). Name the revision to go back to.");
            }
        }

        var head = current.Count switch
        {
            0 => throw TargetError(MigrationErrors.NothingApplied, text, $"'{text}' counts back from the current revision, but nothing {(relativeBranch is null ? string.Empty : $"on branch '{relativeBranch}' ")}is applied."),
            1 => current[0],
            _ => throw TargetError(MigrationErrors.RelativeFromSeveralHeads, text,
                $"'{text}' is ambiguous: the database is at several heads ({Describe(current)}); use '<rev>-N' or '<branch>@-N'."),
        };
        return DowngradeGoal.Remove(WalkedFromHead(text, head, -count));
    }

    /// <summary>
    /// The revisions a target names, as Alembic's stamp and revision commands read it; relative
    /// forms count from the current heads.
    /// </summary>
    public IReadOnlyList<MigrationRevision> ResolveRevisions(string target, IReadOnlyCollection<string> currentHeads)
    {
        var text = Normalise(target);
        if (Relative().Match(text) is not { Success: true } relative)
        {
            return Absolute(text);
        }

        var (branch, symbol, count) = Parts(relative);
        if (symbol is not null)
        {
            var start = StartOf(symbol, count < 0 ? branch : null, text);
            return count >= 0
                ? [WalkUp(text, start, count, branch)]
                : WalkDown(text, start, -count) is { } below ? [below] : [];
        }

        var scope = branch is null ? Revisions(currentHeads) : FilterForLineage(Revisions(currentHeads), branch);
        var head = scope.Count switch
        {
            0 when count > 0 => null,
            0 => throw TargetError(MigrationErrors.NothingApplied, text, $"'{text}' counts back from the current revision, but nothing is applied."),
            1 => scope[0],
            _ => throw TargetError(MigrationErrors.RelativeFromSeveralHeads, text,
                $"'{text}' is ambiguous: the database is at several heads ({Describe(scope)}); use '<rev>{(count > 0 ? "+" : "-")}N' or '<branch>@{(count > 0 ? "+" : "-")}N'."),
        };

        if (count > 0)
        {
            return [WalkUp(text, head, count, branch)];
        }

        var walked = WalkedFromHead(text, head!, -count);
        return walked[^1].DownRevision.Count == 0 ? [] : graph.DownRevisionsOf(walked[^1]);
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

    /// <summary>The revision (or revisions) an absolute target names.</summary>
    private IReadOnlyList<MigrationRevision> Absolute(string text, string? whole = null)
    {
        whole ??= text;
        var at = text.IndexOf('@');
        var branch = at > 0 ? text[..at] : null;
        var symbol = at > 0 ? text[(at + 1)..] : text;
        if (symbol.Length == 0)
        {
            throw TargetError(MigrationErrors.EmptyTarget, whole, $"'{whole}' names a branch but no revision; add head, base or a revision after the '@'.");
        }

        if (symbol.Equals("base", StringComparison.OrdinalIgnoreCase))
        {
            if (branch is not null)
            {
                ResolveBranch(branch, whole);
            }

            return [];
        }

        if (symbol.Equals("heads", StringComparison.OrdinalIgnoreCase))
        {
            return branch is null ? graph.Heads : FilterForLineage(graph.Heads, branch, whole);
        }

        if (symbol.Equals("head", StringComparison.OrdinalIgnoreCase))
        {
            var heads = branch is null ? graph.Heads : FilterForLineage(graph.Heads, branch, whole);
            return heads.Count switch
            {
                <= 1 => heads,
                _ when branch is null => throw TargetError(MigrationErrors.MultipleHeads, whole,
                    $"'head' is ambiguous: the revisions have {heads.Count} heads ({Describe(heads)}). Name one, use 'heads' for all of them, or join them with Merge-MigrationRevision."),
                _ => throw TargetError(MigrationErrors.MultipleBranchHeads, whole,
                    $"'{whole}' is ambiguous: branch '{branch}' has {heads.Count} heads ({Describe(heads)}); name one."),
            };
        }

        return [RevisionForIdent(symbol, branch, whole)];
    }

    /// <summary>An id, a unique prefix of one (any length: a difference from Alembic, which wants four characters), or a branch label.</summary>
    private MigrationRevision RevisionForIdent(string symbol, string? branch, string text)
    {
        var branchRevision = branch is null ? null : ResolveBranch(branch, text);
        var revision = graph.Find(symbol) ?? graph.FindLabel(symbol);
        if (revision is null)
        {
            var matches = graph.FindByPrefix(symbol);
            if (branchRevision is not null)
            {
                var line = graph.Lineage(branchRevision);
                matches = matches.Where(m => line.Contains(m.Revision)).ToList();
            }

            revision = matches.Count switch
            {
                1 => matches[0],
                0 => throw TargetError(MigrationErrors.UnknownTarget, text,
                    $"'{text}' is not a known target: no revision id in {graph.Source} starts with '{symbol}'{(branch is null ? string.Empty : $" on branch '{branch}'")}, and it is no branch label. Targets can be: {Forms}."),
                _ => throw TargetError(MigrationErrors.AmbiguousTarget, text,
                    $"'{text}' is ambiguous: it matches {matches.Count} revisions ({Describe(matches.Take(10))}); give more characters of the id."),
            };
        }

        if (branchRevision is not null && !graph.Lineage(branchRevision).Contains(revision.Revision))
        {
            throw TargetError(MigrationErrors.NotOnBranch, text,
                $"'{text}': revision {revision.Revision} is not on branch '{branch}' (neither above nor below {branchRevision.Revision}).");
        }

        return revision;
    }

    /// <summary>A branch by its label, or by a revision id (or unique prefix) on it.</summary>
    private MigrationRevision ResolveBranch(string branch, string text)
    {
        if ((graph.FindLabel(branch) ?? graph.Find(branch)) is { } found)
        {
            return found;
        }

        var matches = graph.FindByPrefix(branch);
        return matches.Count == 1
            ? matches[0]
            : throw TargetError(MigrationErrors.UnknownBranchLabel, text,
                graph.BranchLabels.Count == 0
                    ? $"'{text}' names branch '{branch}', which is neither a branch label nor a revision id in {graph.Source} (no revision has a branch label)."
                    : $"'{text}' names branch '{branch}', which is neither a branch label nor a revision id; known labels: {string.Join(", ", graph.BranchLabels.Order())}.");
    }

    /// <summary>The revisions on the branch's line: above or below the branch's revision.</summary>
    private List<MigrationRevision> FilterForLineage(IEnumerable<MigrationRevision> revisions, string branch, string? text = null)
    {
        var line = graph.Lineage(ResolveBranch(branch, text ?? branch));
        return revisions.Where(r => line.Contains(r.Revision)).ToList();
    }

    /// <summary>Where '&lt;branch&gt;@base' starts: down from the branch's revision to just above the nearest branch point.</summary>
    private MigrationRevision BranchRoot(MigrationRevision labelled)
    {
        var root = labelled;
        while (root.DownRevision.Count == 1)
        {
            var parent = graph.Find(root.DownRevision[0])!;
            if (graph.ChildrenOf(parent).Count != 1)
            {
                break;
            }

            root = parent;
        }

        return root;
    }

    /// <summary>The revision a relative form counts from: 'base' is null, anything else one revision.</summary>
    private MigrationRevision? StartOf(string symbol, string? branch, string text)
    {
        var revisions = Absolute(branch is null ? symbol : $"{branch}@{symbol}", text);
        return revisions.Count switch
        {
            0 => null,
            1 => revisions[0],
            _ => throw TargetError(MigrationErrors.MultipleHeads, text, $"'{text}' counts from several revisions ({Describe(revisions)}); name one."),
        };
    }

    /// <summary>N steps up; from null (base) the first step is onto a base revision; a branch keeps the walk on its line.</summary>
    private MigrationRevision WalkUp(string text, MigrationRevision? start, int count, string? branch)
    {
        var current = start;
        for (var step = 1; step <= count; step++)
        {
            IReadOnlyList<MigrationRevision> next = current is null ? graph.Bases : graph.ChildrenOf(current);
            if (branch is not null)
            {
                next = FilterForLineage(next, branch, text);
            }

            if (next.Count == 0)
            {
                throw TargetError(MigrationErrors.RelativePastHead, text,
                    $"'{text}' goes past the head: there {(step - 1 == 1 ? "is" : "are")} only {step - 1} revision(s) above {(start is null ? "base" : start.Revision)}{(branch is null ? string.Empty : $" on branch '{branch}'")}.");
            }

            if (next.Count > 1)
            {
                throw TargetError(MigrationErrors.RelativeAtBranchPoint, text,
                    $"'{text}' is ambiguous: {(current is null ? "there are several base revisions" : $"{current.Revision} is a branch point")} ({Describe(next)}); name the branch, e.g. '<rev>+N' or '<branch>@+N'.");
            }

            current = next[0];
        }

        return current ?? throw TargetError(MigrationErrors.RelativeZero, text, $"'{text}' does not move; give a revision.");
    }

    /// <summary>N steps down along 'Revises' links; null means base.</summary>
    private MigrationRevision? WalkDown(string text, MigrationRevision? start, int count)
    {
        var current = start;
        for (var step = 1; step <= count; step++)
        {
            if (current is null)
            {
                throw TargetError(MigrationErrors.RelativePastBase, text, $"'{text}' goes below base.");
            }

            var parents = graph.DownRevisionsOf(current);
            if (parents.Count > 1)
            {
                throw TargetError(MigrationErrors.RelativeAtMergePoint, text,
                    $"'{text}' is ambiguous: {current.Revision} is a merge point ({Describe(parents)}); name the revision to go back to.");
            }

            current = parents.Count == 0 ? null : parents[0];
        }

        return current;
    }

    /// <summary>The revisions a relative downgrade of N from a head reverts, newest first; the last may be a merge revision.</summary>
    private List<MigrationRevision> WalkedFromHead(string text, MigrationRevision head, int count)
    {
        if (count == 0)
        {
            throw TargetError(MigrationErrors.RelativeZero, text, $"'{text}' does not move; give a revision.");
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

    private List<MigrationRevision> Revisions(IEnumerable<string> ids) =>
        graph.InGraphOrder(ids.Where(graph.Contains).Distinct(StringComparer.Ordinal));

    private static (string? Branch, string? Symbol, int Count) Parts(Match relative)
    {
        if (!int.TryParse(relative.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw TargetError(MigrationErrors.InvalidRelativeCount, relative.Value, $"'{relative.Value}' has a step count that is too large.");
        }

        return (relative.Groups["branch"].Success ? relative.Groups["branch"].Value : null,
            relative.Groups["symbol"].Success ? relative.Groups["symbol"].Value : null,
            relative.Groups["sign"].Value == "-" ? -count : count);
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
