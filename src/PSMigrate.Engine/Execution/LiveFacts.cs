using System.Globalization;
using PSMigrate.Engine.Hazards;
using PSMigrate.Engine.Schema;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// What a plan's hazards need from the live database: exact row and value counts, and the
/// columns' current types. Read lazily, each once; a table that is not there yet counts as
/// unknown, not as empty.
/// </summary>
internal sealed class LiveFacts(DatabaseSession? live)
{
    private readonly Dictionary<string, long?> counts = new(StringComparer.Ordinal);
    private DatabaseSchema? schema;

    public bool HasDatabase => live is not null;

    /// <summary>The rows of the table (or non-null values of the column), or null when the database cannot count them.</summary>
    public long? Count(RowCount what)
    {
        if (live is null)
        {
            return null;
        }

        var sql = what.Column is { } column ? $"SELECT count({column.Sql}) FROM {what.Table.Sql}" : $"SELECT count(*) FROM {what.Table.Sql}";
        if (!counts.TryGetValue(sql, out var count))
        {
            try
            {
                count = Convert.ToInt64(live.Scalar(sql), CultureInfo.InvariantCulture);
            }
            catch (Exception error) when (DatabaseSession.IsDriverError(error))
            {
                count = null;
            }

            counts[sql] = count;
        }

        return count;
    }

    /// <summary>The live table of that name (its last part: the schema is the session's), or null.</summary>
    public SchemaTable? Table(WrittenName name)
    {
        if (live is null)
        {
            return null;
        }

        schema ??= live.Guarded("reading the schema", () => live.Provider.ReadSchema(new LiveSink(live), live.Tables));
        return schema.Table(name.Last);
    }

    public static string Rows(long rows) => rows.ToString("N0", CultureInfo.InvariantCulture);
}
