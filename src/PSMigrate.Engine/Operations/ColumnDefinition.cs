using System.Collections;
using System.Globalization;

namespace PSMigrate.Engine.Operations;

/// <summary>
/// A column as an operation describes it: @{ Name = 'id'; Type = 'Integer'; PrimaryKey = $true;
/// Nullable = $false; Length = 80; Precision; Scale; Default; DefaultSql; Identity; Unique }.
/// </summary>
public sealed record ColumnDefinition(
    string Name,
    PortableType Type,
    bool Nullable = true,
    bool PrimaryKey = false,
    int? Length = null,
    int? Precision = null,
    int? Scale = null,
    object? Default = null,
    string? DefaultSql = null,
    bool Identity = false,
    bool Unique = false)
{
    private static readonly string[] Keys =
        ["Name", "Type", "Nullable", "PrimaryKey", "Length", "Precision", "Scale", "Default", "DefaultSql", "Identity", "Unique"];

    public bool HasDefault => Default is not null || DefaultSql is not null;

    /// <summary>Reads a column hashtable; every problem names the key and the column.</summary>
    public static ColumnDefinition FromDictionary(IDictionary values)
    {
        foreach (var key in values.Keys.Cast<object>().Select(k => k.ToString() ?? string.Empty))
        {
            if (!Keys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw Invalid($"'{key}' is not a column setting; use {string.Join(", ", Keys)}.");
            }
        }

        object? Get(string key) =>
            values.Keys.Cast<object>().FirstOrDefault(k => string.Equals(k.ToString(), key, StringComparison.OrdinalIgnoreCase)) is { } found
                ? values[found]
                : null;

        var name = Get("Name")?.ToString();
        if (string.IsNullOrWhiteSpace(name))
        {
            throw Invalid("a column needs a Name.");
        }

        var typeText = Get("Type")?.ToString() ?? throw Invalid($"column '{name}' needs a Type ({string.Join(", ", Enum.GetNames<PortableType>())}).");
        if (!Enum.TryParse<PortableType>(typeText, ignoreCase: true, out var type) || int.TryParse(typeText, out _))
        {
            throw Invalid($"column '{name}': '{typeText}' is not a type; use {string.Join(", ", Enum.GetNames<PortableType>())}.");
        }

        var primaryKey = Flag(Get("PrimaryKey"));
        return new ColumnDefinition(
            name,
            type,
            Nullable: Get("Nullable") is { } nullable ? Flag(nullable) : !primaryKey,
            PrimaryKey: primaryKey,
            Length: Number(Get("Length"), name, "Length"),
            Precision: Number(Get("Precision"), name, "Precision"),
            Scale: Number(Get("Scale"), name, "Scale"),
            Default: Unwrap(Get("Default")),
            DefaultSql: Get("DefaultSql")?.ToString(),
            Identity: Flag(Get("Identity")),
            Unique: Flag(Get("Unique")));
    }

    private static object? Unwrap(object? value) =>
        value?.GetType().FullName == "System.Management.Automation.PSObject"
            ? value.GetType().GetProperty("BaseObject")!.GetValue(value)
            : value;

    private static bool Flag(object? value) => Unwrap(value) switch
    {
        null => false,
        bool b => b,
        string s => bool.Parse(s),
        var other => Convert.ToBoolean(other, CultureInfo.InvariantCulture),
    };

    private static int? Number(object? value, string column, string key)
    {
        var raw = Unwrap(value);
        if (raw is null)
        {
            return null;
        }

        return int.TryParse(Convert.ToString(raw, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw Invalid($"column '{column}': {key} must be a whole number, not '{raw}'.");
    }

    private static MigrationException Invalid(string message) =>
        new(MigrationErrors.InvalidColumn, "Invalid column: " + message, message);
}
