namespace PSMigrate;

public enum SchemaDifferenceKind
{
    TableAdded,
    TableRemoved,
    TableRenamed,
    ColumnAdded,
    ColumnRemoved,
    ColumnRenamed,
    ColumnTypeChanged,
    NullabilityChanged,
    DefaultChanged,
    IdentityChanged,
    PrimaryKeyChanged,
    UniqueAdded,
    UniqueRemoved,
    CheckAdded,
    CheckRemoved,
    ForeignKeyAdded,
    ForeignKeyRemoved,
    IndexAdded,
    IndexRemoved,
    IndexChanged,
    ViewAdded,
    ViewRemoved,
    ViewChanged,

    /// <summary>A removed and an added table (or column) of the same shape: perhaps a rename, which -Rename would keep the data of.</summary>
    PossibleRename,
}

/// <summary>
/// One way two schemas differ, said as the change from the first (Before) to the second
/// (After). Table is the table (or view) it is on, Name the column, constraint or index.
/// </summary>
public sealed record SchemaDifference(SchemaDifferenceKind Kind, string Table, string? Name, string? Before, string? After, bool IsDataLoss)
{
    /// <summary>For Test-Migration -RoundTrip: the revision whose downgrade (or upgrade again) left this difference.</summary>
    public string? Revision { get; init; }

    public string? Database { get; init; }

    /// <summary>A sentence for reports and errors.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The schema object before (SchemaTable, SchemaColumn, SchemaKey, ...), for the revision writer.</summary>
    internal object? OldObject { get; init; }

    /// <summary>The schema object after.</summary>
    internal object? NewObject { get; init; }

    public override string ToString() => Description;
}
