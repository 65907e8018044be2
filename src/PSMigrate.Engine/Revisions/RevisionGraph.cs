namespace PSMigrate.Engine.Revisions;

/// <summary>
/// The revisions of one versions folder as a graph: 'Revises' links (down revisions) and
/// 'Depends On' links. Built once, validated whole, then only read.
/// </summary>
public sealed class RevisionGraph
{
    private static readonly IReadOnlyList<MigrationRevision> None = [];

    private readonly Dictionary<string, MigrationRevision> byId;
    private readonly Dictionary<string, List<MigrationRevision>> children;
    private readonly Dictionary<string, List<MigrationRevision>> dependents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MigrationRevision[]> dependencies;
    private readonly Dictionary<string, int> position;
    private readonly Dictionary<string, MigrationRevision> labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MigrationRevision[]> normalizedDown;
    private readonly Dictionary<string, List<MigrationRevision>> normalizedUp;
    private readonly string[] sortedIds;

    // The maps with an entry for (nearly) every revision are sized once: grown step by step,
    // each left a trail of discarded arrays as large as itself on every load.
    private RevisionGraph(string source, Dictionary<string, MigrationRevision> byId)
    {
        Source = source;
        this.byId = byId;
        children = new(byId.Count, StringComparer.Ordinal);
        dependencies = new(byId.Count, StringComparer.Ordinal);
        position = new(byId.Count, StringComparer.Ordinal);
        normalizedDown = new(byId.Count, StringComparer.Ordinal);
        normalizedUp = new(byId.Count, StringComparer.Ordinal);
        sortedIds = [.. byId.Keys];
        Array.Sort(sortedIds, StringComparer.Ordinal);
    }

    /// <summary>The folder (or other origin) the revisions came from, for messages.</summary>
    public string Source { get; }

    /// <summary>Every revision, parents before children.</summary>
    public IReadOnlyList<MigrationRevision> Revisions { get; private set; } = None;

    public IReadOnlyList<MigrationRevision> Heads { get; private set; } = None;

    public IReadOnlyList<MigrationRevision> Bases { get; private set; } = None;

    public IReadOnlyCollection<string> BranchLabels => labels.Keys;

    public static RevisionGraph Build(IEnumerable<MigrationRevision> revisions, string source)
    {
        var byId = new Dictionary<string, MigrationRevision>(revisions.TryGetNonEnumeratedCount(out var count) ? count : 0, StringComparer.Ordinal);
        foreach (var revision in revisions)
        {
            if (byId.TryGetValue(revision.Revision, out var existing))
            {
                throw GraphError(MigrationErrors.DuplicateRevision, revision,
                    $"revision id '{revision.Revision}' is used by both {existing.Path} and {revision.Path}; give one of them a new id.");
            }

            byId.Add(revision.Revision, revision);
        }

        var graph = new RevisionGraph(source, byId);
        graph.IndexLabels();
        graph.LinkParents();
        graph.Sort();
        graph.MarkShape();
        graph.NormaliseDependencies();
        return graph;
    }

    public MigrationRevision? Find(string id) => byId.GetValueOrDefault(id);

    public bool Contains(string id) => byId.ContainsKey(id);

    public MigrationRevision? FindLabel(string label) => labels.GetValueOrDefault(label);

    /// <summary>The revisions whose id starts with the prefix, in id order.</summary>
    public IReadOnlyList<MigrationRevision> FindByPrefix(string prefix)
    {
        if (byId.TryGetValue(prefix, out var exact))
        {
            return [exact];
        }

        var start = Array.BinarySearch(sortedIds, prefix, StringComparer.Ordinal);
        start = start < 0 ? ~start : start;
        var matches = new List<MigrationRevision>();
        for (var i = start; i < sortedIds.Length && sortedIds[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            matches.Add(byId[sortedIds[i]]);
        }

        return matches;
    }

    /// <summary>Revisions that name this one in 'Revises'.</summary>
    public IReadOnlyList<MigrationRevision> ChildrenOf(MigrationRevision revision) =>
        children.TryGetValue(revision.Revision, out var list) ? list : None;

    /// <summary>Down revisions and 'Depends On' revisions: everything that must be applied first.</summary>
    public IEnumerable<MigrationRevision> PrerequisitesOf(MigrationRevision revision) =>
        revision.DownRevision.Select(id => byId[id]).Concat(dependencies[revision.Revision]);

    /// <summary>Children and dependents: everything that must be reverted first.</summary>
    public IEnumerable<MigrationRevision> DependentsOf(MigrationRevision revision) =>
        ChildrenOf(revision).Concat(dependents.TryGetValue(revision.Revision, out var list) ? list : None);

    public IReadOnlyList<MigrationRevision> DownRevisionsOf(MigrationRevision revision) => Parents(revision);

    private MigrationRevision[] Parents(MigrationRevision revision)
    {
        var ids = revision.DownRevision;
        if (ids.Count == 0)
        {
            return [];
        }

        var parents = new MigrationRevision[ids.Count];
        for (var i = 0; i < parents.Length; i++)
        {
            parents[i] = byId[ids[i]];
        }

        return parents;
    }

    /// <summary>
    /// What the version table treats as a revision's immediate predecessors: its down revisions
    /// plus the dependencies its ancestors do not already have (as Alembic's normalised down
    /// revisions). Reverting the revision leaves those of them that nothing else implies as heads.
    /// </summary>
    public IReadOnlyList<MigrationRevision> NormalizedDownRevisionsOf(MigrationRevision revision) => normalizedDown[revision.Revision];

    /// <summary>The revisions that have this one among their normalised down revisions.</summary>
    internal IReadOnlyList<MigrationRevision> NormalizedUpRevisionsOf(MigrationRevision revision) =>
        normalizedUp.TryGetValue(revision.Revision, out var list) ? list : None;

    /// <summary>Where a revision sits in <see cref="Revisions"/>: ancestors always come first.</summary>
    internal int PositionOf(MigrationRevision revision) => position[revision.Revision];

    /// <summary>The given revisions and their ancestors: down revisions, and dependencies too unless asked not to.</summary>
    public HashSet<string> Ancestors(IEnumerable<MigrationRevision> start, bool includeDependencies = true) =>
        Closure(start, includeDependencies ? NormalizedDownRevisionsOf : DownRevisionsOf);

    /// <summary>The given revisions and their descendants: children, and dependents too unless asked not to.</summary>
    public HashSet<string> Descendants(IEnumerable<MigrationRevision> start, bool includeDependencies = true) =>
        Closure(start, includeDependencies ? DependentsOf : ChildrenOf);

    /// <summary>A revision's line of the graph: it, its ancestors and its descendants. Two revisions share a line when either is on the other's.</summary>
    public HashSet<string> Lineage(MigrationRevision revision, bool includeDependencies = false)
    {
        var line = Ancestors([revision], includeDependencies);
        line.UnionWith(Descendants([revision], includeDependencies));
        return line;
    }

    /// <summary>Everything a database at these heads has applied; ids the graph does not know are skipped.</summary>
    public HashSet<string> AppliedAt(IEnumerable<string> heads) => WithPrerequisites(heads.Select(Find).OfType<MigrationRevision>());

    /// <summary>The given revisions and everything they need, following both kinds of link.</summary>
    public HashSet<string> WithPrerequisites(IEnumerable<MigrationRevision> start) => Closure(start, PrerequisitesOf);

    /// <summary>The given revisions and their children, children's children... ('Revises' links only).</summary>
    public HashSet<string> WithDescendants(IEnumerable<MigrationRevision> start) => Closure(start, ChildrenOf);

    /// <summary>The given revisions and everything that needs them.</summary>
    public HashSet<string> WithDependents(IEnumerable<MigrationRevision> start) => Closure(start, DependentsOf);

    /// <summary>The revisions in the set, parents first.</summary>
    public List<MigrationRevision> InGraphOrder(IEnumerable<string> ids) =>
        ids.Select(id => byId[id]).OrderBy(r => position[r.Revision]).ToList();

    /// <summary>
    /// A revision's dependencies minus those an ancestor already declares, computed parents
    /// first; a chain without dependencies shares one set, so a long history costs little.
    /// </summary>
    private void NormaliseDependencies()
    {
        var declaredAbove = new Dictionary<string, IReadOnlySet<string>>(byId.Count, StringComparer.Ordinal);
        IReadOnlySet<string> empty = new HashSet<string>(StringComparer.Ordinal);
        foreach (var revision in Revisions)
        {
            var parents = Parents(revision);
            IReadOnlySet<string> inherited = empty;
            if (parents.Length == 1 && dependencies[parents[0].Revision].Length == 0)
            {
                inherited = declaredAbove[parents[0].Revision];
            }
            else if (parents.Length > 0)
            {
                var union = new HashSet<string>(StringComparer.Ordinal);
                foreach (var parent in parents)
                {
                    union.UnionWith(declaredAbove[parent.Revision]);
                    union.UnionWith(dependencies[parent.Revision].Select(d => d.Revision));
                }

                inherited = union;
            }

            declaredAbove[revision.Revision] = inherited;
            var down = dependencies[revision.Revision].Length == 0
                ? parents
                : parents.Concat(dependencies[revision.Revision].Where(d => !inherited.Contains(d.Revision))).DistinctBy(r => r.Revision).ToArray();
            normalizedDown[revision.Revision] = down;
            foreach (var predecessor in down)
            {
                Append(normalizedUp, predecessor.Revision, revision);
            }
        }
    }

    private static HashSet<string> Closure(IEnumerable<MigrationRevision> start, Func<MigrationRevision, IEnumerable<MigrationRevision>> next)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<MigrationRevision>(start);
        while (pending.Count > 0)
        {
            var revision = pending.Pop();
            if (seen.Add(revision.Revision))
            {
                foreach (var neighbour in next(revision))
                {
                    pending.Push(neighbour);
                }
            }
        }

        return seen;
    }

    private void IndexLabels()
    {
        foreach (var revision in byId.Values.Where(r => r.BranchLabels.Count > 0).OrderBy(r => r.Path, StringComparer.Ordinal))
        {
            foreach (var label in revision.BranchLabels)
            {
                if (labels.TryGetValue(label, out var other))
                {
                    throw GraphError(MigrationErrors.DuplicateBranchLabel, revision,
                        $"branch label '{label}' is on both {other.Path} and {revision.Path}; a label names one branch, so remove it from one file.");
                }

                if (byId.ContainsKey(label))
                {
                    throw GraphError(MigrationErrors.BranchLabelIsRevisionId, revision,
                        $"branch label '{label}' in {revision.Path} is also a revision id; choose another label.");
                }

                labels.Add(label, revision);
            }
        }
    }

    private void LinkParents()
    {
        foreach (var revision in byId.Values)
        {
            foreach (var parent in revision.DownRevision)
            {
                if (!byId.ContainsKey(parent))
                {
                    throw GraphError(MigrationErrors.MissingDownRevision, revision,
                        $"{revision.Path} revises '{parent}', but no revision file in {Source} has that id; fix its 'Revises' line or restore the missing file.");
                }

                if (parent == revision.Revision)
                {
                    throw GraphError(MigrationErrors.RevisionCycle, revision, $"{revision.Path} revises itself ('{parent}').");
                }

                Append(children, parent, revision);
            }

            if (revision.DependsOn.Count == 0)
            {
                dependencies[revision.Revision] = [];
                continue;
            }

            var needed = new List<MigrationRevision>();
            foreach (var reference in revision.DependsOn)
            {
                var target = byId.GetValueOrDefault(reference) ?? labels.GetValueOrDefault(reference) ?? UniquePrefix(reference);
                if (target is null)
                {
                    throw GraphError(MigrationErrors.MissingDependency, revision,
                        $"{revision.Path} depends on '{reference}', which is neither a revision id nor a branch label in {Source}; fix its 'Depends On' line.");
                }

                needed.Add(target);
                Append(dependents, target.Revision, revision);
            }

            dependencies[revision.Revision] = needed.ToArray();
        }
    }

    private MigrationRevision? UniquePrefix(string reference)
    {
        var matches = FindByPrefix(reference);
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>
    /// Newest create date first (undated last), then the greater id: the order Kahn's stack is
    /// filled in. A comparison rather than OrderBy on a nullable date, whose sorter would be
    /// JIT-compiled on every import.
    /// </summary>
    private static int NewestFirst(MigrationRevision a, MigrationRevision b)
    {
        var byDate = (a.CreateDate, b.CreateDate) switch
        {
            ({ } x, { } y) => y.CompareTo(x),
            (not null, null) => -1,
            (null, not null) => 1,
            _ => 0,
        };
        return byDate != 0 ? byDate : string.CompareOrdinal(b.Revision, a.Revision);
    }

    /// <summary>Kahn's algorithm with a stack, so one branch is finished before the next starts.</summary>
    private void Sort()
    {
        var waiting = new Dictionary<string, int>(byId.Count, StringComparer.Ordinal);
        var ready = new Stack<MigrationRevision>();
        var newestFirst = byId.Values.ToArray();
        Array.Sort(newestFirst, NewestFirst);
        foreach (var revision in newestFirst)
        {
            var count = dependencies[revision.Revision].Length == 0 && revision.DownRevision.Count <= 1
                ? revision.DownRevision.Count
                : PrerequisitesOf(revision).Select(r => r.Revision).Distinct().Count();
            waiting[revision.Revision] = count;
            if (count == 0)
            {
                ready.Push(revision);
            }
        }

        var ordered = new List<MigrationRevision>(byId.Count);
        while (ready.Count > 0)
        {
            var revision = ready.Pop();
            position[revision.Revision] = ordered.Count;
            ordered.Add(revision);
            // Most revisions have one child and no dependents: no de-duplication to do.
            if (!dependents.ContainsKey(revision.Revision) && ChildrenOf(revision) is { Count: <= 1 } onlyChildren)
            {
                if (onlyChildren.Count == 1)
                {
                    Release(onlyChildren[0]);
                }

                continue;
            }

            foreach (var dependent in DependentsOf(revision).DistinctBy(r => r.Revision).Reverse())
            {
                Release(dependent);
            }
        }

        void Release(MigrationRevision dependent)
        {
            if (--waiting[dependent.Revision] == 0)
            {
                ready.Push(dependent);
            }
        }

        if (ordered.Count != byId.Count)
        {
            var cycle = FindCycle(waiting.Where(w => w.Value > 0).Select(w => byId[w.Key]));
            throw GraphError(MigrationErrors.RevisionCycle, cycle[0],
                $"the revisions form a cycle: {string.Join(" -> ", cycle.Select(r => r.Revision))} -> {cycle[0].Revision} ({cycle[0].Path}); one of their 'Revises' or 'Depends On' lines must change.");
        }

        Revisions = ordered;
    }

    private List<MigrationRevision> FindCycle(IEnumerable<MigrationRevision> stuck)
    {
        var stuckIds = stuck.Select(r => r.Revision).ToHashSet(StringComparer.Ordinal);
        var walk = new List<MigrationRevision>();
        var seenAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var current = byId[stuckIds.Order(StringComparer.Ordinal).First()];
        while (!seenAt.ContainsKey(current.Revision))
        {
            seenAt[current.Revision] = walk.Count;
            walk.Add(current);
            current = PrerequisitesOf(current).First(p => stuckIds.Contains(p.Revision));
        }

        var cycle = walk.Skip(seenAt[current.Revision]).ToList();
        cycle.Reverse();
        return cycle;
    }

    private void MarkShape()
    {
        foreach (var revision in byId.Values)
        {
            var childCount = ChildrenOf(revision).Count;
            revision.IsHead = childCount == 0;
            revision.IsBranchPoint = childCount > 1;
            revision.IsBase = revision.DownRevision.Count == 0;
            revision.IsMergePoint = revision.DownRevision.Count > 1;
        }

        Heads = Revisions.Where(r => r.IsHead).ToArray();
        Bases = Revisions.Where(r => r.IsBase).ToArray();
    }

    private static void Append(Dictionary<string, List<MigrationRevision>> map, string key, MigrationRevision value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = new List<MigrationRevision>(1);
        }

        list.Add(value);
    }

    private static MigrationException GraphError(MigrationError error, MigrationRevision revision, string message) =>
        new(error, message, revision.Path)
        {
            FilePath = revision.Path,
            Revision = revision.Revision,
        };
}
