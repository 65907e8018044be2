using System.Collections;
using System.Management.Automation.Language;
using PSMigrate.Engine.Configuration;

namespace PSMigrate.Commands;

/// <summary>
/// Reads psmigrate.psd1 the way Import-PowerShellDataFile does: parsed, never run, literals only.
/// </summary>
internal static class ConfigurationFile
{
    public static MigrationSettings Read(string path)
    {
        if (!File.Exists(path))
        {
            return new MigrationSettings();
        }

        var ast = Parser.ParseFile(path, out _, out var errors);
        if (errors.Length > 0)
        {
            var first = errors[0];
            throw Invalid(path, first.Extent.StartLineNumber, MigrationErrors.ConfigParseError,
                $"{path}:{first.Extent.StartLineNumber}: the config file does not parse: {first.Message}");
        }

        if (ast.Find(node => node is HashtableAst, searchNestedScriptBlocks: false) is not HashtableAst table)
        {
            throw Invalid(path, null, MigrationErrors.ConfigNotHashtable, $"{path}: the config file must hold one hashtable, @{{ Provider = 'Sqlite'; ... }}.");
        }

        object? value;
        try
        {
            value = table.SafeGetValue();
        }
        catch (InvalidOperationException error)
        {
            throw Invalid(path, table.Extent.StartLineNumber, MigrationErrors.ConfigNotLiteral,
                $"{path}: the config file may hold only literal values (no commands or variables): {error.Message}");
        }

        return MigrationSettings.FromDictionary((IDictionary)value!, path);
    }

    private static MigrationException Invalid(string path, int? line, MigrationError error, string message) =>
        new(error, message, path) { FilePath = path, Line = line };
}
