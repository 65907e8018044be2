namespace PSMigrate;

/// <summary>What Set-MigrationVersion changed in the version table.</summary>
public sealed record MigrationVersionChange(RevisionIds HeadsBefore, RevisionIds HeadsAfter)
{
    /// <summary>The database this belongs to (its name, never its password): one column to group a fleet's results by.</summary>
    public string? Database { get; init; }
}
