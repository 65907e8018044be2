using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Planning;

/// <summary>
/// Decides what a new revision revises and checks its id, labels and dependencies against
/// the graph before anything is written.
/// </summary>
public sealed class RevisionAuthor
{
    private readonly RevisionGraph graph;

    public RevisionAuthor(RevisionGraph graph) => this.graph = graph;

    /// <summary>
    /// The parents for a new revision: the single head by default, 'base' for a new root,
    /// or whatever the given target names.
    /// </summary>
    public IReadOnlyList<string> ParentsFor(string? head)
    {
        if (head is null)
        {
            return graph.Heads.Count <= 1
                ? graph.Heads.Select(h => h.Revision).ToArray()
                : throw new MigrationException(MigrationErrors.MultipleHeads,
                    $"The revisions have {graph.Heads.Count} heads ({RevisionTargetResolver.Describe(graph.Heads)}). Pass -Head <revision> to add to one of them, -Head base for a new root, or join them first with Merge-MigrationRevision.",
                    graph.Source);
        }

        return new RevisionTargetResolver(graph).ResolveRevisions(head, []).Select(r => r.Revision).ToArray();
    }

    public NewRevisionRequest Prepare(
        string message,
        IReadOnlyList<string> parents,
        string? revisionId,
        IReadOnlyList<string> branchLabels,
        IReadOnlyList<string> dependsOn,
        string? upgradeBody,
        string? downgradeBody)
    {
        var id = revisionId ?? NewUniqueId();
        if (RevisionNames.ValidateRevisionId(id) is { } problem)
        {
            throw new MigrationException(MigrationErrors.InvalidArgument, "-RevisionId " + problem, id);
        }

        if (graph.Find(id) is { } existing)
        {
            throw new MigrationException(MigrationErrors.RevisionIdTaken,
                $"Revision id '{id}' is already used by {existing.Path}; choose another -RevisionId.", id) { Revision = id, FilePath = existing.Path };
        }

        foreach (var label in branchLabels)
        {
            if (RevisionNames.ValidateBranchLabel(label) is { } labelProblem)
            {
                throw new MigrationException(MigrationErrors.InvalidArgument, "-BranchLabel " + labelProblem, label);
            }

            if (graph.FindLabel(label) is { } owner)
            {
                throw new MigrationException(MigrationErrors.BranchLabelTaken,
                    $"Branch label '{label}' is already on revision {owner.Revision} ({owner.Path}).", label) { FilePath = owner.Path };
            }
        }

        var dependencies = dependsOn.Select(ResolveDependency).ToArray();
        return new NewRevisionRequest(id, message, parents, branchLabels, dependencies, upgradeBody, downgradeBody, DateTimeOffset.UtcNow);
    }

    private string ResolveDependency(string reference)
    {
        if (graph.FindLabel(reference) is not null)
        {
            return reference;
        }

        var matches = graph.FindByPrefix(reference);
        return matches.Count switch
        {
            1 => matches[0].Revision,
            0 => throw Invalid(MigrationErrors.MissingDependency, $"-DependsOn '{reference}' is neither a revision id nor a branch label in {graph.Source}.", reference),
            _ => throw Invalid(MigrationErrors.AmbiguousDependency, $"-DependsOn '{reference}' matches several revisions ({RevisionTargetResolver.Describe(matches)}).", reference),
        };
    }

    private string NewUniqueId()
    {
        string id;
        do
        {
            id = RevisionNames.NewRevisionId();
        }
        while (graph.Contains(id));

        return id;
    }

    private static MigrationException Invalid(MigrationError error, string message, string target) =>
        new(error, message, target);
}
