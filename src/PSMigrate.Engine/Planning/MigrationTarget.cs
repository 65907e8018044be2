namespace PSMigrate;

/// <summary>
/// Where a run goes: up or down to a target as Alembic reads it, or (<see cref="Revert"/>) one
/// revision taken out with whatever stands on it, as a person means 'undo this revision'.
/// </summary>
public sealed record MigrationTarget(MigrationDirection Direction, string Text, bool RevertsOnlyThis = false)
{
    public static MigrationTarget Upgrade(string target) => new(MigrationDirection.Upgrade, target);

    public static MigrationTarget Downgrade(string target) => new(MigrationDirection.Downgrade, target);

    /// <summary>Reverts this revision and the revisions that need it; other branches stay.</summary>
    public static MigrationTarget Revert(string revision) => new(MigrationDirection.Downgrade, revision, RevertsOnlyThis: true);

    public override string ToString() => RevertsOnlyThis ? $"revert {Text}" : $"{Direction} to '{Text}'";
}
