namespace PSMigrate;

/// <summary>What Repair-Migration recorded: which revision, which decision, and the version rows before and after.</summary>
public sealed record MigrationRepair(string Revision, string Decision, string Direction, RevisionIds HeadsBefore, RevisionIds HeadsAfter)
{
    /// <summary>The database this belongs to (its name, never its password): one column to group a fleet's results by.</summary>
    public string? Database { get; init; }
}
