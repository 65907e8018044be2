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
        // A large array (-InputObject $rows) streams straight into the bulk path: its rows never
        // wait in a batch, so they die young instead of being promoted by the collector.
        if (InputObject.Length >= Batch)
        {
            Flush();
            if (Array.Find(InputObject, item => item is not null) is { } first)
            {
                Operations.InsertRows(Table, ColumnsFrom(first), Rows(InputObject), Line);
            }

            return;
        }

        foreach (var item in InputObject)
        {
            if (Row(item) is { } row)
            {
                pending.Add(row);
            }
        }

        if (pending.Count >= Batch)
        {
            Flush();
        }
    }

    protected override void EndProcessing() => Guarded(Flush);

    private IEnumerable<object?[]> Rows(object[] items)
    {
        foreach (var item in items)
        {
            if (Row(item) is { } row)
            {
                yield return row;
            }
        }
    }

    private object?[]? Row(object? item)
    {
        if (item is null)
        {
            return null;
        }

        item = DictionaryOrItem(item);
        var names = ColumnsFrom(item);
        var values = new object?[names.Length];
        if (item is IDictionary dictionary)
        {
            for (var i = 0; i < names.Length; i++)
            {
                // A missing key reads as null from every IDictionary, which is what a missing column gets.
                values[i] = Unwrap(dictionary[names[i]]);
            }

            return values;
        }

        var properties = PSObject.AsPSObject(item).Properties;
        for (var i = 0; i < names.Length; i++)
        {
            values[i] = Unwrap(properties[names[i]]?.Value);
        }

        return values;
    }

    /// <summary>The columns to fill, decided once: -Column, else the first row's keys or readable properties.</summary>
    private string[] ColumnsFrom(object item) => columns ??= Column ?? (DictionaryOrItem(item) is IDictionary dictionary
        ? dictionary.Keys.Cast<object>().Select(k => k.ToString()!).ToArray()
        : PSObject.AsPSObject(item).Properties.Where(p => p.IsGettable).Select(p => p.Name).ToArray());

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

    // A wrapped hashtable is read as the dictionary; any other object keeps its PSObject, which
    // holds the note properties of a PSCustomObject or an Import-Csv row.
    private static object DictionaryOrItem(object item) => item is PSObject { BaseObject: IDictionary dictionary } ? dictionary : item;
}
