using System.Management.Automation;
using PSMigrate.Engine.Operations;

namespace PSMigrate.Commands;

/// <summary>Changes a column's type, nullability or default (on SQLite by rebuilding the table).</summary>
[Cmdlet(VerbsCommon.Set, "MigrationColumn")]
[OutputType(typeof(void))]
public sealed class SetMigrationColumnCommand : TableObjectCommandBase
{
    [Parameter]
    [ValidateSet("Integer", "BigInteger", "String", "Text", "Boolean", "Decimal", "DateTime", "DateTimeOffset", "Date", "Guid", "Binary", "Json")]
    public string? Type { get; set; }

    /// <summary>A type as this database spells it (e.g. 'inet'), where no portable -Type says the same.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SqlType { get; set; }

    [Parameter]
    public int? Length { get; set; }

    [Parameter]
    public int? Precision { get; set; }

    [Parameter]
    public int? Scale { get; set; }

    /// <summary>$true allows NULL, $false forbids it.</summary>
    [Parameter]
    public bool? Nullable { get; set; }

    [Parameter]
    public object? Default { get; set; }

    /// <summary>A default written as SQL, e.g. 'CURRENT_TIMESTAMP'.</summary>
    [Parameter]
    public string? DefaultSql { get; set; }

    /// <summary>Removes the column's default.</summary>
    [Parameter]
    public SwitchParameter NoDefault { get; set; }

    protected override void Process() =>
        Operations.AlterColumn(Table, new ColumnChange(
            Name,
            Type is null ? null : Enum.Parse<PortableType>(Type, ignoreCase: true),
            Length,
            Precision,
            Scale,
            Nullable,
            Default is PSObject wrapped ? wrapped.BaseObject : Default,
            DefaultSql,
            NoDefault,
            SqlType), Line);
}
