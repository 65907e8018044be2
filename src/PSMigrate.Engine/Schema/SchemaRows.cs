using System.Globalization;

namespace PSMigrate.Engine.Schema;

/// <summary>Reading catalog rows the way every provider's schema reader needs them.</summary>
internal static class SchemaRows
{
    public static string Text(this IReadOnlyDictionary<string, object?> row, string column) =>
        row[column] is { } value and not DBNull ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty : string.Empty;

    public static string? TextOrNull(this IReadOnlyDictionary<string, object?> row, string column) =>
        row[column] is null or DBNull ? null : Convert.ToString(row[column], CultureInfo.InvariantCulture);

    public static long Number(this IReadOnlyDictionary<string, object?> row, string column) =>
        row[column] is null or DBNull ? 0 : Convert.ToInt64(row[column], CultureInfo.InvariantCulture);

    public static bool Flag(this IReadOnlyDictionary<string, object?> row, string column) => row[column] switch
    {
        null or DBNull => false,
        bool b => b,
        string s => s is "1" or "t" or "true" or "YES",
        var other => Convert.ToInt64(other, CultureInfo.InvariantCulture) != 0,
    };

    /// <summary>A text array column (PostgreSQL arrays arrive as arrays; others as comma-separated text).</summary>
    public static IReadOnlyList<string> Names(this IReadOnlyDictionary<string, object?> row, string column) => row[column] switch
    {
        null or DBNull => [],
        string[] names => names,
        string text => text.Length == 0 ? [] : text.Split(',').Select(n => n.Trim()).ToArray(),
        System.Collections.IEnumerable items => items.Cast<object>().Select(o => Convert.ToString(o, CultureInfo.InvariantCulture)!).ToArray(),
        var other => [Convert.ToString(other, CultureInfo.InvariantCulture)!],
    };

    /// <summary>Whether a table is one of PSMigrate's own, which no schema includes.</summary>
    public static bool IsEngineTable(string name, Sql.VersionTables tables, StringComparer names) =>
        names.Equals(name, tables.VersionTable) || names.Equals(name, tables.HistoryTable);
}
