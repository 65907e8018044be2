namespace PSMigrate;

/// <summary>
/// One row of the history table: a revision applied or reverted, when, by whom, where; and for
/// the rows that are not plain runs, what happened (Outcome 'failed' or 'repaired') and how.
/// </summary>
public sealed record HistoryRecord(
    long Id,
    string Revision,
    MigrationDirection Direction,
    string? Message,
    string? Checksum,
    DateTimeOffset? AppliedAt,
    TimeSpan? Duration,
    string? AppliedBy,
    string? Host,
    string? Outcome = null,
    string? Detail = null)
{
    public const string Failed = "failed";
    public const string Repaired = "repaired";
}
