namespace PSMigrate;

/// <summary>How one database of a many-database run ended: Succeeded, Failed (with the error's message) or Skipped (not started).</summary>
public sealed record MigrationDatabaseOutcome(string Database, string Outcome, TimeSpan Duration, string? Error)
{
    /// <summary>The duration in milliseconds, for reports and JSON.</summary>
    public double DurationMs => Duration.TotalMilliseconds;
}

/// <summary>The end of a many-database run: how many databases succeeded, failed and were skipped, and each one's outcome and time.</summary>
public sealed record MigrationFleetSummary(
    int Databases,
    int Succeeded,
    int Failed,
    int Skipped,
    TimeSpan Duration,
    IReadOnlyList<MigrationDatabaseOutcome> Results)
{
    /// <summary>The duration in milliseconds, for reports and JSON.</summary>
    public double DurationMs => Duration.TotalMilliseconds;
}
