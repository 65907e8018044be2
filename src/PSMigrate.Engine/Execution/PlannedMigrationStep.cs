namespace PSMigrate;

/// <summary>
/// One step of a plan before it runs: the statements the executor would send (rendered by the
/// same code as -Script) and what they would do that an operator should know.
/// </summary>
public sealed record PlannedMigrationStep(
    string Revision,
    string Message,
    string Direction,
    string TransactionMode,
    string Path,
    IReadOnlyList<PlannedStatement> Statements,
    IReadOnlyList<MigrationHazard> Hazards)
{
    /// <summary>The step as -Script writes it, frame and version rows included.</summary>
    public string Script { get; init; } = string.Empty;

    public RevisionIds HeadsBefore { get; init; } = new([]);

    public RevisionIds HeadsAfter { get; init; } = new([]);

    public string? Database { get; init; }

    /// <summary>Whether the step would destroy rows that are in the database now.</summary>
    public bool LosesData => Hazards.Any(h => h.LosesData);

    public override string ToString() => $"{Direction} {Revision} ({Message})";
}
