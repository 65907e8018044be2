namespace PSMigrate;

/// <summary>
/// One row of the history table: a revision applied or reverted, when, by whom, where; and for
/// the rows that are not plain runs, what happened (Outcome 'failed' or 'repaired') and how.
/// </summary>
public sealed record HistoryRecord(
    long Id,
    string Revision,
    string Direction,
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

    internal MigrationDirection Way => Enum.Parse<MigrationDirection>(Direction, ignoreCase: true);

    /// <summary>The duration in milliseconds, for reports and JSON (a TimeSpan serialises as a dozen fields).</summary>
    public double? DurationMs => Duration?.TotalMilliseconds;

    /// <summary>The database this belongs to (its name, never its password): one column to group a fleet's results by.</summary>
    public string? Database { get; init; }
}
