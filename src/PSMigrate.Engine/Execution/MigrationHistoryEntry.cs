namespace PSMigrate;

/// <summary>
/// One revision as the database sees it: applied or not (State 'Failed' when a run without a
/// transaction failed halfway and waits for Repair-Migration), current head or not, and when.
/// </summary>
public sealed record MigrationHistoryEntry(
    string Revision,
    RevisionIds DownRevision,
    string Message,
    bool IsApplied,
    bool IsHead,
    bool IsCurrent,
    DateTimeOffset? AppliedAt,
    string? AppliedBy,
    string? Host,
    TimeSpan? Duration,
    RevisionIds BranchLabels,
    bool IsModified,
    string? Path,
    string State = "NotApplied")
{
    /// <summary>The duration in milliseconds, for reports and JSON (a TimeSpan serialises as a dozen fields).</summary>
    public double? DurationMs => Duration?.TotalMilliseconds;

    /// <summary>The database this belongs to (its name, never its password): one column to group a fleet's results by.</summary>
    public string? Database { get; init; }
}
