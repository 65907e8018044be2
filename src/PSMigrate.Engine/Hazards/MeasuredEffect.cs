namespace PSMigrate.Engine.Hazards;

/// <summary>A lock or rewrite the database itself reported for a step run in a scratch database.</summary>
/// <param name="Table">The table's name as the catalog gives it (unquoted).</param>
internal sealed record MeasuredEffect(HazardKind Kind, string Table, string Detail);
