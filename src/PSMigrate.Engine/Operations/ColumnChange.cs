namespace PSMigrate.Engine.Operations;

/// <summary>What Set-MigrationColumn changes; null means leave as it is.</summary>
public sealed record ColumnChange(
    string Column,
    PortableType? Type = null,
    int? Length = null,
    int? Precision = null,
    int? Scale = null,
    bool? Nullable = null,
    object? Default = null,
    string? DefaultSql = null,
    bool DropDefault = false,
    string? SqlType = null)
{
    public bool ChangesType => Type is not null || SqlType is not null;

    public bool ChangesDefault => Default is not null || DefaultSql is not null || DropDefault;
}
