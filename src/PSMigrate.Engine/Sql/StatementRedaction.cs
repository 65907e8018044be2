using System.Text.RegularExpressions;

namespace PSMigrate.Engine.Sql;

/// <summary>
/// Hides password literals in statements before they are logged (CREATE ROLE ... PASSWORD '...',
/// CREATE LOGIN ... WITH PASSWORD = N'...', ... IDENTIFIED BY '...'), also when the statement
/// itself sits inside a quoted string with doubled quotes.
/// </summary>
public static partial class StatementRedaction
{
    [GeneratedRegex(@"(?<lead>\b(?:PASSWORD|IDENTIFIED\s+BY)\s*=?\s*)(?:N|E)?(?:''(?:[^']|'(?!'))*''|'(?:[^']|'')*')", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordLiteral();

    public static string Redact(string statement) => PasswordLiteral().Replace(statement, "${lead}'*****'");

    /// <summary>The statement redacted, on one line and cut to <paramref name="maxLength"/> characters, for a message.</summary>
    internal static string OneLine(string statement, int maxLength)
    {
        var line = string.Join(' ', Redact(statement).Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= maxLength ? line : line[..(maxLength - 3)] + "...";
    }
}
