namespace PSMigrate;

/// <summary>One revision that was applied or reverted, written out the moment it commits.</summary>
public sealed record MigrationStepResult(
    string Revision,
    string Message,
    MigrationDirection Direction,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int Statements,
    string Path,
    string[] HeadsAfter);
