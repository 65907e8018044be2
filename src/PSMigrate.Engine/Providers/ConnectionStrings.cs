namespace PSMigrate.Engine.Providers;

/// <summary>What every provider says about a connection string it cannot use, secrets hidden.</summary>
internal static class ConnectionStrings
{
    public const string Redacted = "*****";

    public static MigrationException Invalid(ProviderKind kind, ArgumentException error, string redacted) =>
        new(MigrationErrors.InvalidConnectionString, $"The {kind} connection string is not valid: {error.Message}", redacted);
}
