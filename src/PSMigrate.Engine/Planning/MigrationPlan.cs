namespace PSMigrate.Engine.Planning;

/// <summary>The ordered steps that take the database from its current heads to a target.</summary>
public sealed record MigrationPlan(
    MigrationDirection Direction,
    string Target,
    IReadOnlyList<string> HeadsBefore,
    IReadOnlyList<string> HeadsAfter,
    IReadOnlyList<MigrationStep> Steps)
{
    public bool IsEmpty => Steps.Count == 0;
}
