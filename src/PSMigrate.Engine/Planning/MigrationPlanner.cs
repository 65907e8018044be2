using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Planning;

/// <summary>
/// Works out the steps between the database's current heads and a target, and the version rows
/// after each step. The rows move as Alembic's version table does: one row per head, where a
/// revision's predecessors are its down revisions plus the dependencies its ancestors do not
/// already have; reverting a revision leaves as heads those predecessors nothing else implies.
/// </summary>
internal sealed class MigrationPlanner
{
    private readonly RevisionGraph graph;
    private readonly RevisionTargetResolver resolver;

    public MigrationPlanner(RevisionGraph graph)
    {
        this.graph = graph;
        resolver = new RevisionTargetResolver(graph);
    }

    public MigrationPlan PlanUpgrade(string target, IReadOnlyCollection<string> currentHeads)
    {
        CheckKnown(currentHeads);
        var goal = resolver.ResolveUpgrade(target, currentHeads);
        var toApply = graph.Ancestors(goal);
        toApply.ExceptWith(Applied(currentHeads));

        // A step's heads are read, never changed, so one step's 'after' is the next one's 'before'.
        var heads = Sorted(currentHeads);
        var steps = new List<MigrationStep>(toApply.Count);
        foreach (var revision in graph.InGraphOrder(toApply))
        {
            var after = HeadsAfterUpgrade(heads, revision);
            steps.Add(new MigrationStep(revision, MigrationDirection.Upgrade, heads, after));
            heads = after;
        }

        return new MigrationPlan(MigrationDirection.Upgrade, target, currentHeads.ToArray(), heads, steps);
    }

    private static string[] Sorted(IEnumerable<string> heads) => new SortedSet<string>(heads, StringComparer.Ordinal).ToArray();

    /// <summary>The heads once the revision is applied; a step along a straight line needs no set.</summary>
    private string[] HeadsAfterUpgrade(string[] heads, MigrationRevision revision)
    {
        if (heads is [var only] && graph.NormalizedDownRevisionsOf(revision) is [var parent] && parent.Revision == only)
        {
            return [revision.Revision];
        }

        var after = new SortedSet<string>(heads, StringComparer.Ordinal);
        Upgrade(after, revision);
        return after.ToArray();
    }

    /// <summary>
    /// The heads once the revision is reverted; when it is the only head and its predecessor
    /// (if any) stands under nothing else, that predecessor is simply the head again.
    /// </summary>
    private string[] HeadsAfterDowngrade(string[] heads, MigrationRevision revision, HashSet<string> applied)
    {
        if (heads is [var only] && only == revision.Revision)
        {
            switch (graph.NormalizedDownRevisionsOf(revision))
            {
                case []:
                    applied.Remove(revision.Revision);
                    return [];
                case [var parent] when graph.NormalizedUpRevisionsOf(parent) is [var child] && child == revision:
                    applied.Remove(revision.Revision);
                    return [parent.Revision];
            }
        }

        var after = new SortedSet<string>(heads, StringComparer.Ordinal);
        Downgrade(after, revision, applied);
        return after.ToArray();
    }

    public MigrationPlan Plan(MigrationTarget target, IReadOnlyCollection<string> currentHeads) =>
        target.RevertsOnlyThis ? PlanRevert(target.Text, currentHeads)
        : target.Direction == MigrationDirection.Upgrade ? PlanUpgrade(target.Text, currentHeads)
        : PlanDowngrade(target.Text, currentHeads);

    public MigrationPlan PlanDowngrade(string target, IReadOnlyCollection<string> currentHeads)
    {
        CheckKnown(currentHeads);
        return PlanDowngrade(target, resolver.ResolveDowngrade(target, currentHeads), currentHeads);
    }

    /// <summary>Takes out one revision and what needs it; an empty plan when it is not applied.</summary>
    public MigrationPlan PlanRevert(string revision, IReadOnlyCollection<string> currentHeads)
    {
        CheckKnown(currentHeads);
        var named = resolver.ResolveRevisions(revision, currentHeads);
        if (named.Count != 1)
        {
            throw new MigrationException(MigrationErrors.MultipleHeads,
                $"'{revision}' names {named.Count} revisions; give the one revision to revert.", revision);
        }

        return PlanDowngrade(revision, DowngradeGoal.Remove(named), currentHeads);
    }

    private MigrationPlan PlanDowngrade(string target, DowngradeGoal goal, IReadOnlyCollection<string> currentHeads)
    {
        var applied = Applied(currentHeads);

        HashSet<string> toRemove;
        if (goal.Removed is { } named)
        {
            toRemove = graph.Descendants(named);
        }
        else
        {
            IReadOnlyList<MigrationRevision> roots = goal.Target is null
                ? graph.Revisions.Where(r => r.DownRevision.Count == 0).ToList()
                : graph.ChildrenOf(goal.Target);
            if (goal.Branch is not null && roots.Count > 1)
            {
                var line = graph.Ancestors([BranchRevision(goal.Branch)], includeDependencies: false);
                roots = roots.Where(r => line.Contains(r.Revision)).ToList();
                if (roots.Count == 0)
                {
                    throw NotApplied(target, goal.Target!, currentHeads, $"nothing above it is on branch '{goal.Branch}'");
                }
            }

            toRemove = graph.Descendants(roots);
        }

        toRemove.IntersectWith(applied);
        if (goal.Target is { } revision && toRemove.Count == 0 && !currentHeads.Contains(revision.Revision))
        {
            throw NotApplied(target, revision, currentHeads, applied.Contains(revision.Revision) ? "nothing above it is applied" : "it is not applied");
        }

        var heads = Sorted(currentHeads);
        var steps = new List<MigrationStep>(toRemove.Count);
        var order = graph.InGraphOrder(toRemove);
        order.Reverse();
        foreach (var step in order)
        {
            var after = HeadsAfterDowngrade(heads, step, applied);
            steps.Add(new MigrationStep(step, MigrationDirection.Downgrade, heads, after));
            heads = after;
        }

        return new MigrationPlan(MigrationDirection.Downgrade, target, currentHeads.ToArray(), heads, steps);
    }

    /// <summary>
    /// The heads a stamp records. Each target revision replaces the current heads on its line
    /// (below it or above it), or is added as a new head; 'base' removes the heads on the line
    /// given; other lines are kept unless purged.
    /// </summary>
    public IReadOnlyList<string> PlanStamp(string target, IReadOnlyCollection<string> currentHeads, bool purge)
    {
        var heads = new SortedSet<string>(purge ? [] : currentHeads.Where(graph.Contains), StringComparer.Ordinal);
        if (!purge)
        {
            CheckKnown(currentHeads);
        }

        var destinations = resolver.ResolveRevisions(target, heads);
        var lineage = destinations.Count > 0 ? destinations : BaseLineage(target);
        var line = lineage?.SelectMany(r => graph.Lineage(r, includeDependencies: true)).ToHashSet(StringComparer.Ordinal);
        var onLine = heads.Select(h => graph.Find(h)!).Where(h => line is null || line.Contains(h.Revision)).ToList();

        if (destinations.Count == 0)
        {
            heads.ExceptWith(onLine.Select(h => h.Revision));
            return heads.ToArray();
        }

        foreach (var destination in destinations)
        {
            if (heads.Contains(destination.Revision))
            {
                continue;
            }

            var above = graph.Descendants([destination]);
            var below = graph.Ancestors([destination]);
            var replaced = onLine.Where(h => heads.Contains(h.Revision) && (above.Contains(h.Revision) || below.Contains(h.Revision))).ToList();
            heads.ExceptWith(replaced.Select(h => h.Revision));
            heads.Add(destination.Revision);
        }

        return heads.ToArray();
    }

    /// <summary>The version rows after one step of a revision, as the planner moves them.</summary>
    public IReadOnlyList<string> HeadsAfter(IReadOnlyCollection<string> heads, MigrationRevision revision, MigrationDirection direction)
    {
        var after = new SortedSet<string>(heads, StringComparer.Ordinal);
        if (direction == MigrationDirection.Upgrade)
        {
            Upgrade(after, revision);
        }
        else
        {
            Downgrade(after, revision, Applied(heads));
        }

        return after.ToArray();
    }

    /// <summary>Everything the current heads stand on.</summary>
    public HashSet<string> Applied(IReadOnlyCollection<string> currentHeads) => graph.AppliedAt(currentHeads);

    /// <summary>An applied revision's row replaces the rows of its predecessors, or joins them as a new head.</summary>
    private void Upgrade(SortedSet<string> heads, MigrationRevision revision)
    {
        var down = graph.NormalizedDownRevisionsOf(revision).Select(r => r.Revision).ToList();
        var present = down.Where(heads.Contains).ToList();
        if (present.Count > 1)
        {
            var otherHeads = heads.Except(down).Select(h => graph.Find(h)!).ToList();
            var others = otherHeads.Count == 0 ? [] : graph.Ancestors(otherHeads);
            heads.ExceptWith(down.Where(d => !others.Contains(d)));
        }
        else if (present.Count == 1)
        {
            heads.Remove(present[0]);
        }

        heads.Add(revision.Revision);
    }

    /// <summary>A reverted revision's row gives way to those of its predecessors that no other head implies.</summary>
    private void Downgrade(SortedSet<string> heads, MigrationRevision revision, HashSet<string> applied)
    {
        heads.Remove(revision.Revision);
        var lost = StoodOnOnlyThrough(revision, heads, applied);
        foreach (var predecessor in graph.NormalizedDownRevisionsOf(revision).Where(r => lost.Contains(r.Revision)))
        {
            heads.Add(predecessor.Revision);
        }

        applied.Remove(revision.Revision);
    }

    /// <summary>
    /// Which of the revision's predecessors no remaining head stands on: a revision is in that
    /// set when every applied revision standing directly on it is. Walked newest first from the
    /// revision and stopped once its predecessors are decided, so a step costs what it touches,
    /// not the size of the graph.
    /// </summary>
    private HashSet<string> StoodOnOnlyThrough(MigrationRevision revision, IReadOnlySet<string> remainingHeads, HashSet<string> applied)
    {
        var lost = new HashSet<string>(StringComparer.Ordinal) { revision.Revision };
        var pending = new PriorityQueue<MigrationRevision, int>();
        var undecided = new HashSet<string>(StringComparer.Ordinal);
        foreach (var predecessor in graph.NormalizedDownRevisionsOf(revision))
        {
            pending.Enqueue(predecessor, -graph.PositionOf(predecessor));
            undecided.Add(predecessor.Revision);
        }

        while (undecided.Count > 0 && pending.TryDequeue(out var candidate, out _))
        {
            undecided.Remove(candidate.Revision);
            if (lost.Contains(candidate.Revision) || remainingHeads.Contains(candidate.Revision) ||
                graph.NormalizedUpRevisionsOf(candidate).Any(up => applied.Contains(up.Revision) && !lost.Contains(up.Revision)))
            {
                continue;
            }

            lost.Add(candidate.Revision);
            foreach (var predecessor in graph.NormalizedDownRevisionsOf(candidate))
            {
                pending.Enqueue(predecessor, -graph.PositionOf(predecessor));
            }
        }

        return lost;
    }

    /// <summary>For 'base' or '&lt;branch&gt;@base': the revisions of the branch named, or null for everything.</summary>
    private IReadOnlyList<MigrationRevision>? BaseLineage(string target)
    {
        var at = target.IndexOf('@');
        return at > 0 ? [BranchRevision(target[..at])] : null;
    }

    private MigrationRevision BranchRevision(string branch) =>
        graph.FindLabel(branch) ?? graph.Find(branch) ?? graph.FindByPrefix(branch).Single();

    private static MigrationException NotApplied(string target, MigrationRevision revision, IReadOnlyCollection<string> currentHeads, string why) =>
        new(MigrationErrors.TargetNotApplied,
            $"Cannot downgrade to '{target}' ({revision.Revision}): {why} (the database is at {MigrationHeads.Describe(currentHeads)}). Use Invoke-MigrationUpgrade to move up.",
            target) { Revision = revision.Revision };

    private void CheckKnown(IReadOnlyCollection<string> currentHeads)
    {
        foreach (var head in currentHeads.Where(h => !graph.Contains(h)))
        {
            throw new MigrationException(MigrationErrors.UnknownDatabaseRevision,
                $"The database is at revision '{head}', which has no file in {graph.Source}. Restore the revision file, or record where the database really is with Set-MigrationVersion.",
                head) { Revision = head };
        }
    }
}
