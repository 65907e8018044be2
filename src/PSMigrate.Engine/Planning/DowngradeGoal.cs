using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Planning;

/// <summary>
/// A downgrade either keeps the database at some revisions (removing everything above them)
/// or removes particular revisions (and whatever needs them), leaving other branches alone.
/// </summary>
internal sealed record DowngradeGoal(IReadOnlyList<MigrationRevision>? Keep, IReadOnlyList<MigrationRevision>? Removed, bool All)
{
    public static DowngradeGoal RemoveAll { get; } = new(null, null, true);

    public static DowngradeGoal KeepAt(IReadOnlyList<MigrationRevision> revisions) =>
        revisions.Count == 0 ? RemoveAll : new(revisions, null, false);

    public static DowngradeGoal Remove(IReadOnlyList<MigrationRevision> revisions) => new(null, revisions, false);
}
