using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Planning;

/// <summary>One revision to apply or revert, with the version-table heads before and after it.</summary>
public sealed record MigrationStep(
    MigrationRevision Revision,
    MigrationDirection Direction,
    IReadOnlyList<string> HeadsBefore,
    IReadOnlyList<string> HeadsAfter)
{
    public IReadOnlyList<string> RemovedHeads => HeadsBefore.Except(HeadsAfter, StringComparer.Ordinal).ToArray();

    public IReadOnlyList<string> AddedHeads => HeadsAfter.Except(HeadsBefore, StringComparer.Ordinal).ToArray();

    public override string ToString() =>
        $"{Direction} {Revision.Revision} ({Revision.Message})";
}
