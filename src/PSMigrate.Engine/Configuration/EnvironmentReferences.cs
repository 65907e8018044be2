using System.Data.Common;
using System.Text.RegularExpressions;

namespace PSMigrate.Engine.Configuration;

/// <summary>
/// Expands '$env:NAME' and '${env:NAME}' inside config values, so a config file can name a
/// secret kept in the environment instead of holding it.
/// </summary>
internal static partial class EnvironmentReferences
{
    [GeneratedRegex(@"\$(?:\{env:(?<braced>[A-Za-z_][A-Za-z0-9_]*)\}|env:(?<name>[A-Za-z_][A-Za-z0-9_]*))", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();

    public static string Expand(string value, string path, string key, Func<string, string?>? lookup = null)
    {
        lookup ??= Environment.GetEnvironmentVariable;
        return Reference().Replace(value, match =>
        {
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["name"].Value;
            return lookup(name) ?? throw new MigrationException(MigrationErrors.EnvironmentVariableNotSet,
                $"{path}: '{key}' refers to $env:{name}, which is not set in this process.", path) { FilePath = path };
        });
    }

    /// <summary>
    /// Expands references in a connection string value by value: the references hold no ';' or
    /// '=', so the string parses with them in place, and the builder then quotes each expanded
    /// value as the driver reads it ('Password=$env:PW' with PW 'a;b=c' stays one password).
    /// </summary>
    public static string ExpandConnectionString(string value, string path, string key, Func<string, string?>? lookup = null)
    {
        if (!Reference().IsMatch(value))
        {
            return value;
        }

        // In a URL, an expanded value is percent-encoded, so a ':', '@' or '/' in a password stays in the password.
        if (ConnectionUrl.IsUrl(value))
        {
            lookup ??= Environment.GetEnvironmentVariable;
            return Expand(value, path, key, name => lookup(name) is { } found ? Uri.EscapeDataString(found) : null);
        }

        var parsed = new DbConnectionStringBuilder();
        try
        {
            parsed.ConnectionString = value;
        }
        catch (ArgumentException)
        {
            throw new MigrationException(MigrationErrors.InvalidSetting,
                $"{path}: '{key}' is not a connection string of 'Keyword=value' pairs separated by ';' (the values are not shown).", path) { FilePath = path };
        }

        var expanded = new DbConnectionStringBuilder();
        foreach (string name in parsed.Keys)
        {
            expanded[name] = Expand(Convert.ToString(parsed[name], System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, path, key, lookup);
        }

        return expanded.ConnectionString;
    }
}
