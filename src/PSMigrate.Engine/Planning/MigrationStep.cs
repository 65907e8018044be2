using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Planning;

/// <summary>One revision to apply or revert, with the version-table heads before and after it.</summary>
public sealed record MigrationStep(
    MigrationRevision Revision,
    MigrationDirection Direction,
    IReadOnlyList<string> HeadsBefore,
    IReadOnlyList<string> HeadsAfter)
{
    public IReadOnlyList<string> RemovedHeads => Missing(HeadsBefore, HeadsAfter);

    public IReadOnlyList<string> AddedHeads => Missing(HeadsAfter, HeadsBefore);

    /// <summary>The heads of one list that the other lacks; a step on a straight line (one head each side) needs no set for it.</summary>
    private static IReadOnlyList<string> Missing(IReadOnlyList<string> heads, IReadOnlyList<string> other) =>
        heads.Count == 1 && other.Count <= 1
            ? other.Count == 1 && string.Equals(heads[0], other[0], StringComparison.Ordinal) ? [] : [heads[0]]
            : heads.Except(other, StringComparer.Ordinal).ToArray();

    public override string ToString() =>
        $"{Direction} {Revision.Revision} ({Revision.Message})";
}
