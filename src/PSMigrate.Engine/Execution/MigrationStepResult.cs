namespace PSMigrate;

/// <summary>One revision that was applied or reverted, written out the moment it commits.</summary>
public sealed record MigrationStepResult(
    string Revision,
    string Message,
    string Direction,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int Statements,
    string Path,
    RevisionIds HeadsAfter)
{
    /// <summary>The duration in milliseconds, for reports and JSON (a TimeSpan serialises as a dozen fields).</summary>
    public double DurationMs => Duration.TotalMilliseconds;

    /// <summary>The database this belongs to (its name, never its password): one column to group a fleet's results by.</summary>
    public string? Database { get; init; }
}
