namespace PSMigrate.Engine.Hazards;

/// <summary>
/// A hazard as a rule finds it in a statement, before the live database is asked how many rows
/// it concerns: <see cref="Count"/> says what to count, and the count is added to the action.
/// </summary>
internal sealed record HazardFinding(HazardKind Kind, HazardSeverity Severity, string Rule, string Object, string Action, PlannedStatement? Statement)
{
    public RowCount? Count { get; init; }
}

/// <summary>What to count in the live database: the rows of a table, or the non-null values of one of its columns.</summary>
internal sealed record RowCount(WrittenName Table, WrittenName? Column = null)
{
    public string Unit => Column is null ? "rows" : "non-null values";
}

/// <summary>
/// A check only the live schema can settle: a type change (does it narrow the column?) or a
/// table rebuild (which of the table's columns does it not copy?).
/// </summary>
internal abstract record LiveCheck(WrittenName Table, PlannedStatement Statement);

internal sealed record TypeChangeCheck(WrittenName Table, WrittenName Column, string NewType, PlannedStatement Statement) : LiveCheck(Table, Statement);

internal sealed record RebuildCheck(WrittenName Table, IReadOnlyList<string>? Copied, PlannedStatement Statement) : LiveCheck(Table, Statement);

/// <summary>What the rules found in one step: hazards, and checks for the live schema.</summary>
internal sealed record StepFindings(IReadOnlyList<HazardFinding> Hazards, IReadOnlyList<LiveCheck> Checks);
