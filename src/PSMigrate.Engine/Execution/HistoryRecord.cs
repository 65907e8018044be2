namespace PSMigrate;

/// <summary>One row of the history table: a revision applied or reverted, when, by whom, where.</summary>
public sealed record HistoryRecord(
    long Id,
    string Revision,
    MigrationDirection Direction,
    string? Message,
    string? Checksum,
    DateTimeOffset? AppliedAt,
    TimeSpan? Duration,
    string? AppliedBy,
    string? Host);
