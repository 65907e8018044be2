using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Planning;

/// <summary>
/// Where a downgrade goes: back to a revision (removing what stands on its children, only on
/// the branch given), back to base, or (the forms where PSMigrate is stricter than Alembic)
/// removing exactly the revisions named and whatever needs them.
/// </summary>
internal sealed record DowngradeGoal(MigrationRevision? Target, string? Branch, IReadOnlyList<MigrationRevision>? Removed)
{
    public static DowngradeGoal ToBase { get; } = new(null, null, null);

    public static DowngradeGoal To(MigrationRevision target, string? branch) => new(target, branch, null);

    public static DowngradeGoal Remove(IReadOnlyList<MigrationRevision> revisions) => new(null, null, revisions);
}
