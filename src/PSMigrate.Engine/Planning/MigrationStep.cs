using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Planning;

/// <summary>One revision to apply or revert, with the version-table heads before and after it.</summary>
public sealed record MigrationStep(
    MigrationRevision Revision,
    MigrationDirection Direction,
    IReadOnlyList<string> HeadsBefore,
    IReadOnlyList<string> HeadsAfter)
{
    public IReadOnlyList<string> RemovedHeads => MigrationHeads.Missing(HeadsBefore, HeadsAfter);

    public IReadOnlyList<string> AddedHeads => MigrationHeads.Missing(HeadsAfter, HeadsBefore);

    public override string ToString() =>
        $"{Direction} {Revision.Revision} ({Revision.Message})";
}
