namespace PSMigrate;

/// <summary>One revision as the database sees it: applied or not, current head or not, and when.</summary>
public sealed record MigrationHistoryEntry(
    string Revision,
    string[] DownRevision,
    string Message,
    bool IsApplied,
    bool IsHead,
    bool IsCurrent,
    DateTimeOffset? AppliedAt,
    string? AppliedBy,
    string? Host,
    TimeSpan? Duration,
    string[] BranchLabels,
    bool IsModified,
    string? Path);
