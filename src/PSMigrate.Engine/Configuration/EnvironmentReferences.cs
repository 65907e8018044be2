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
}
