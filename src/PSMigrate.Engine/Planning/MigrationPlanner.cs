using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Planning;

/// <summary>
/// Works out the steps between the database's current heads and a target. The heads are
/// tracked step by step, as Alembic's version table does: one row per head, so a database
/// can sit at several branch heads at once.
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
        var applied = Applied(currentHeads);
        var goal = resolver.ResolveUpgrade(target, currentHeads);
        var toApply = graph.WithPrerequisites(goal);
        toApply.ExceptWith(applied);

        var heads = new SortedSet<string>(currentHeads, StringComparer.Ordinal);
        var steps = new List<MigrationStep>(toApply.Count);
        foreach (var revision in graph.InGraphOrder(toApply))
        {
            var before = heads.ToArray();
            foreach (var parent in revision.DownRevision)
            {
                heads.Remove(parent);
            }

            heads.Add(revision.Revision);
            steps.Add(new MigrationStep(revision, MigrationDirection.Upgrade, before, heads.ToArray()));
        }

        return new MigrationPlan(MigrationDirection.Upgrade, target, currentHeads.ToArray(), heads.ToArray(), steps);
    }

    public MigrationPlan PlanDowngrade(string target, IReadOnlyCollection<string> currentHeads)
    {
        CheckKnown(currentHeads);
        var applied = Applied(currentHeads);
        var goal = resolver.ResolveDowngrade(target, currentHeads);

        HashSet<string> toRemove;
        if (goal.All)
        {
            toRemove = new HashSet<string>(applied, StringComparer.Ordinal);
        }
        else if (goal.Keep is { } keep)
        {
            foreach (var revision in keep.Where(r => !applied.Contains(r.Revision)))
            {
                throw new MigrationException(MigrationErrors.TargetNotApplied,
                    $"Cannot downgrade to '{target}': revision {revision.Revision} is not applied (the database is at {MigrationHeads.Describe(currentHeads)}). Use Invoke-MigrationUpgrade to move up.",
                    target) { Revision = revision.Revision };
            }

            toRemove = graph.WithDependents(keep);
            toRemove.ExceptWith(keep.Select(r => r.Revision));
            toRemove.IntersectWith(applied);
        }
        else
        {
            toRemove = graph.WithDependents(goal.Removed!);
            toRemove.IntersectWith(applied);
        }

        var heads = new SortedSet<string>(currentHeads, StringComparer.Ordinal);
        var steps = new List<MigrationStep>(toRemove.Count);
        var order = graph.InGraphOrder(toRemove);
        order.Reverse();
        foreach (var revision in order)
        {
            var before = heads.ToArray();
            applied.Remove(revision.Revision);
            heads.Remove(revision.Revision);
            foreach (var parent in graph.DownRevisionsOf(revision))
            {
                if (applied.Contains(parent.Revision) && !graph.ChildrenOf(parent).Any(c => applied.Contains(c.Revision)))
                {
                    heads.Add(parent.Revision);
                }
            }

            steps.Add(new MigrationStep(revision, MigrationDirection.Downgrade, before, heads.ToArray()));
        }

        return new MigrationPlan(MigrationDirection.Downgrade, target, currentHeads.ToArray(), heads.ToArray(), steps);
    }

    /// <summary>
    /// The heads a stamp records: the target's revisions, plus current heads on branches the
    /// target does not touch; with purge, only the target's.
    /// </summary>
    public IReadOnlyList<string> PlanStamp(string target, IReadOnlyCollection<string> currentHeads, bool purge)
    {
        var goal = resolver.ResolveRevisions(target, purge ? [] : currentHeads.Where(graph.Contains).ToArray());
        if (goal.Count == 0)
        {
            return [];
        }

        var related = graph.WithPrerequisites(goal);
        related.UnionWith(graph.WithDependents(goal));
        var kept = purge ? [] : currentHeads.Where(h => !related.Contains(h));
        return kept.Concat(goal.Select(r => r.Revision)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Everything the current heads stand on.</summary>
    public HashSet<string> Applied(IReadOnlyCollection<string> currentHeads) =>
        graph.AppliedAt(currentHeads);

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
