namespace PSMigrate.Engine.Providers;

/// <summary>What every provider says about a connection string it cannot use, secrets hidden.</summary>
internal static class ConnectionStrings
{
    public const string Redacted = "*****";

    public static MigrationException Invalid(ProviderKind kind, ArgumentException error, string connectionString, string redacted)
    {
        var (message, passwordHasSemicolon) = WithoutSecrets(error.Message, connectionString);
        return new MigrationException(MigrationErrors.InvalidConnectionString,
            $"The {kind} connection string is not valid: {message}" +
            (passwordHasSemicolon ? " The password seems to hold a ';': put the value in double quotes (Password=\"...\"), or keep it in an environment variable and write Password=$env:NAME in psmigrate.psd1." : string.Empty) +
            $" Connections can be given as {Configuration.ConnectionUrl.Forms}.", redacted);
    }

    /// <summary>
    /// A driver's parse error can quote a piece of the password (a ';' inside it starts what the
    /// driver takes for a new keyword): every piece of text after a password keyword is hidden.
    /// </summary>
    private static (string Message, bool PasswordHasSemicolon) WithoutSecrets(string message, string connectionString)
    {
        var match = System.Text.RegularExpressions.Regex.Match(connectionString, @"(?i)\b(password|pwd)\s*=");
        if (!match.Success)
        {
            return (message, false);
        }

        var tail = connectionString[(match.Index + match.Length)..];
        var pieces = tail.Split([';', '=', '"', '\'', ' '], StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length >= 2).OrderByDescending(p => p.Length);
        foreach (var piece in pieces)
        {
            message = message.Replace(piece, Redacted, StringComparison.Ordinal);
        }

        var value = tail.TrimStart();
        var quoted = value.StartsWith('"') || value.StartsWith('\'');
        return (message, !quoted && value.Contains(';') && value.IndexOf(';') < value.Length - 1);
    }
}
