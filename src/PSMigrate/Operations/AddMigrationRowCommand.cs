using System.Collections;
using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// Seeds rows from the pipeline or an array of hashtables or objects (Import-Csv's output
/// works) through the provider's bulk path: SQLite prepared inserts, PostgreSQL binary COPY,
/// SQL Server SqlBulkCopy; INSERT statements in -Script.
/// </summary>
[Cmdlet(VerbsCommon.Add, "MigrationRow")]
[OutputType(typeof(void))]
public sealed class AddMigrationRowCommand : MigrationOperationCommandBase
{
    private const int Batch = 50_000;
    private readonly List<object?[]> pending = [];
    private string[]? columns;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Table { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    public object[] InputObject { get; set; } = [];

    /// <summary>The columns to fill; default: the first row's keys or properties.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Column { get; set; }

    protected override void Process()
    {
        foreach (var item in InputObject)
        {
            Add(item is PSObject wrapped && wrapped.BaseObject is IDictionary ? wrapped.BaseObject : item);
        }

        if (pending.Count >= Batch)
        {
            Flush();
        }
    }

    protected override void EndProcessing() => Guarded(Flush);

    private void Add(object? item)
    {
        if (item is null)
        {
            return;
        }

        if (item is IDictionary dictionary)
        {
            columns ??= Column ?? dictionary.Keys.Cast<object>().Select(k => k.ToString()!).ToArray();
            var row = new object?[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                // A missing key reads as null from every IDictionary, which is what a missing column gets.
                row[i] = Unwrap(dictionary[columns[i]]);
            }

            pending.Add(row);
            return;
        }

        var properties = PSObject.AsPSObject(item).Properties;
        columns ??= Column ?? properties.Where(p => p.IsGettable).Select(p => p.Name).ToArray();
        var values = new object?[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            values[i] = Unwrap(properties[columns[i]]?.Value);
        }

        pending.Add(values);
    }

    private void Flush()
    {
        if (pending.Count == 0 || columns is null)
        {
            return;
        }

        Operations.InsertRows(Table, columns, pending, Line);
        pending.Clear();
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
