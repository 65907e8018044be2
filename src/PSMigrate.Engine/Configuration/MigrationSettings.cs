using System.Collections;
using System.Globalization;
using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Configuration;

/// <summary>The settings of one migrations folder, as read from its psmigrate.psd1.</summary>
public sealed record MigrationSettings
{
    public const string FileName = "psmigrate.psd1";
    public const string ConnectionStringVariable = "PSMIGRATE_CONNECTION_STRING";

    private static readonly string[] Keys = ["Provider", "ConnectionString", "VersionTable", "HistoryTable", "Schema", "CommandTimeout", "LockWaitTimeout", "Databases", "DevConnectionString"];

    public ProviderKind? Provider { get; init; }
    public string? ConnectionString { get; init; }
    public string VersionTable { get; init; } = VersionTables.DefaultVersionTable;
    public string HistoryTable { get; init; } = VersionTables.DefaultHistoryTable;
    public string? Schema { get; init; }

    /// <summary>
    /// A database PSMigrate may fill and empty for schema comparisons, for a role that may not
    /// create databases: scratch work happens in a schema of its own there, dropped afterwards.
    /// </summary>
    public string? DevConnectionString { get; init; }

    /// <summary>Named databases (a fleet: tenants, environments), chosen with -Database; in name order.</summary>
    public IReadOnlyList<ConfiguredDatabase> Databases { get; init; } = [];

    /// <summary>Seconds a single statement may run; 0 waits for ever, as long migrations need.</summary>
    public int CommandTimeout { get; init; }

    /// <summary>Seconds a statement may wait for a lock another session holds before its revision gives up; 0 waits for ever.</summary>
    public int LockWaitTimeout { get; init; } = DefaultLockWaitTimeout;

    public const int DefaultLockWaitTimeout = 10;

    internal Sql.SessionOptions Session => new(LockWaitTimeout, CommandTimeout);

    internal VersionTables Tables => new(VersionTable, HistoryTable, Schema);

    /// <summary>Reads the settings out of the hashtable a host parsed from the config file.</summary>
    public static MigrationSettings FromDictionary(IDictionary values, string path)
    {
        var settings = new MigrationSettings();
        foreach (DictionaryEntry entry in values)
        {
            var key = entry.Key?.ToString() ?? string.Empty;
            var known = Keys.FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase))
                ?? throw Invalid(path, key, $"'{key}' is not a setting; the settings are {string.Join(", ", Keys)}.");
            if (known == "Databases")
            {
                settings = settings with { Databases = ReadDatabases(entry.Value, path) };
                continue;
            }

            var text = entry.Value switch
            {
                null => null,
                string s when known is not ("ConnectionString" or "DevConnectionString") => EnvironmentReferences.Expand(s, path, known),
                string s => s,
                int or long => Convert.ToString(entry.Value, CultureInfo.InvariantCulture),
                _ => throw Invalid(path, key, $"'{key}' must be a string, not {entry.Value.GetType().Name}."),
            };

            settings = known switch
            {
                "Provider" => settings with { Provider = text is null ? null : ParseProvider(text, path) },
                "ConnectionString" => settings with { ConnectionString = entry.Value is string raw ? EnvironmentReferences.ExpandConnectionString(raw, path, known) : text },
                "DevConnectionString" => settings with { DevConnectionString = entry.Value is string dev ? EnvironmentReferences.ExpandConnectionString(dev, path, known) : text },
                "VersionTable" => settings with { VersionTable = Name(text, key, path) },
                "HistoryTable" => settings with { HistoryTable = Name(text, key, path) },
                "Schema" => settings with { Schema = string.IsNullOrWhiteSpace(text) ? null : text },
                "LockWaitTimeout" => settings with { LockWaitTimeout = Timeout(text, path, known) },
                _ => settings with { CommandTimeout = Timeout(text, path, known) },
            };
        }

        return settings;
    }

    // Databases = @{ tenant1 = 'Data Source=t1.db'; eu = @{ ConnectionString = '...'; Provider = 'PostgreSql' } }
    private static List<ConfiguredDatabase> ReadDatabases(object? value, string path)
    {
        if (value is not IDictionary table)
        {
            throw Invalid(path, "Databases", "'Databases' must be a hashtable of names and connection strings: Databases = @{ tenant1 = 'Data Source=tenant1.db' }.");
        }

        var databases = new List<ConfiguredDatabase>();
        foreach (DictionaryEntry entry in table)
        {
            var name = entry.Key?.ToString() ?? string.Empty;
            var key = $"Databases.{name}";
            var (connection, provider) = entry.Value switch
            {
                string text => (text, (string?)null),
                IDictionary details => (Field(details, "ConnectionString", key, path), Field(details, "Provider", key, path)),
                _ => throw Invalid(path, key, $"'{key}' must be a connection string or @{{ ConnectionString = '...'; Provider = '...' }}."),
            };
            if (string.IsNullOrWhiteSpace(name) || string.IsNullOrWhiteSpace(connection))
            {
                throw Invalid(path, key, $"'{key}' needs a name and a connection string.");
            }

            databases.Add(new ConfiguredDatabase(name, EnvironmentReferences.ExpandConnectionString(connection, path, key),
                provider is null ? null : ParseProvider(EnvironmentReferences.Expand(provider, path, key), path)));
        }

        return databases.OrderBy(d => d.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static readonly string[] DatabaseKeys = ["ConnectionString", "Provider"];

    // One setting of a Databases entry written as a table; any other key is a mistake worth naming.
    private static string? Field(IDictionary details, string field, string key, string path)
    {
        string? value = null;
        foreach (DictionaryEntry detail in details)
        {
            var name = detail.Key?.ToString();
            if (!DatabaseKeys.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                throw Invalid(path, key, $"'{key}.{name}' is not a setting of a database; use {string.Join(" and ", DatabaseKeys)}.");
            }

            if (field.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                value = detail.Value as string ?? throw Invalid(path, key, $"'{key}.{field}' must be a string.");
            }
        }

        return value;
    }

    public static ProviderKind ParseProvider(string text, string source)
    {
        if (Enum.TryParse<ProviderKind>(text, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _))
        {
            return kind;
        }

        throw Invalid(source, "Provider", $"'{text}' is not a provider; use Sqlite, PostgreSql or SqlServer.");
    }

    private static string Name(string? text, string key, string path) =>
        string.IsNullOrWhiteSpace(text) ? throw Invalid(path, key, $"'{key}' cannot be empty.") : text.Trim();

    private static int Timeout(string? text, string path, string key) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw Invalid(path, key, $"'{key}' must be a whole number of seconds, not '{text}'.");

    private static MigrationException Invalid(string path, string key, string problem) =>
        new(MigrationErrors.InvalidSetting, $"{path}: {problem}", path) { FilePath = path };
}
