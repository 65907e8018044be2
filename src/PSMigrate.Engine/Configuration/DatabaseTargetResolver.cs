using PSMigrate.Engine.Providers;

namespace PSMigrate.Engine.Configuration;

/// <summary>
/// Picks the connection: a parameter wins, then PSMIGRATE_CONNECTION_STRING, then the config
/// file. A relative SQLite path from the config file is taken from the config file's folder;
/// one from a parameter or the variable, from the caller's current location.
/// </summary>
public static class DatabaseTargetResolver
{
    public static DatabaseTarget Resolve(
        MigrationSettings settings,
        string configDirectory,
        string currentDirectory,
        string? parameterConnectionString,
        string? environmentConnectionString,
        ProviderKind? parameterProvider,
        (string UserName, string Password)? credential = null,
        bool connectionOptional = false)
    {
        var none = string.IsNullOrWhiteSpace(parameterConnectionString) && string.IsNullOrWhiteSpace(environmentConnectionString) &&
                   string.IsNullOrWhiteSpace(settings.ConnectionString);
        if (connectionOptional && none)
        {
            var offline = parameterProvider ?? settings.Provider ?? throw new MigrationException(MigrationErrors.UnknownProvider,
                "An offline script needs no connection string, but it needs to know the database's kind: pass -Provider Sqlite, PostgreSql or SqlServer, or set Provider in the config file.",
                configDirectory);
            return new DatabaseTarget(ProviderRegistry.Get(offline), string.Empty, ConnectionSource.None, settings);
        }

        var (connectionString, source) =
            !string.IsNullOrWhiteSpace(parameterConnectionString) ? (parameterConnectionString, ConnectionSource.Parameter)
            : !string.IsNullOrWhiteSpace(environmentConnectionString) ? (environmentConnectionString, ConnectionSource.EnvironmentVariable)
            : !string.IsNullOrWhiteSpace(settings.ConnectionString) ? (settings.ConnectionString, ConnectionSource.ConfigFile)
            : throw new MigrationException(MigrationErrors.NoConnectionString,
                $"No connection string: pass -ConnectionString, set $env:{MigrationSettings.ConnectionStringVariable}, or set ConnectionString in {Path.Combine(configDirectory, MigrationSettings.FileName)}.",
                configDirectory);

        ProviderKind? urlKind = null;
        if (ConnectionUrl.IsUrl(connectionString))
        {
            (var fromUrl, connectionString) = ConnectionUrl.Convert(connectionString);
            urlKind = fromUrl;
            if (parameterProvider is { } named && named != fromUrl)
            {
                throw new MigrationException(MigrationErrors.InvalidConnectionString,
                    $"-Provider {named} was given, but the connection is a {fromUrl} URL; leave -Provider out or give a {named} connection.", source.ToString());
            }
        }

        var kind = parameterProvider
            ?? urlKind
            ?? (source == ConnectionSource.ConfigFile ? settings.Provider : null)
            ?? ProviderRegistry.Infer(connectionString)
            ?? settings.Provider
            ?? throw new MigrationException(MigrationErrors.UnknownProvider,
                "Cannot tell the database provider from the connection string; pass -Provider Sqlite, PostgreSql or SqlServer, or set Provider in the config file.",
                source.ToString());

        var provider = ProviderRegistry.Get(kind);
        var baseDirectory = source == ConnectionSource.ConfigFile ? configDirectory : currentDirectory;
        var normalised = provider.NormaliseConnectionString(connectionString, baseDirectory);
        if (credential is { } given)
        {
            normalised = provider.WithCredential(normalised, given.UserName, given.Password);
        }

        return new DatabaseTarget(provider, normalised, source, settings);
    }

    /// <summary>
    /// A database the config file names under Databases: its connection string is read as the
    /// config file's own (a relative SQLite path from the config file's folder), its provider
    /// from the entry, else from the connection string, else the file's Provider.
    /// </summary>
    public static DatabaseTarget ResolveConfigured(
        MigrationSettings settings,
        string configDirectory,
        ConfiguredDatabase database,
        ProviderKind? parameterProvider,
        (string UserName, string Password)? credential = null) =>
        Resolve(settings with { ConnectionString = database.ConnectionString, Provider = database.Provider ?? FileProviderFor(settings, database.ConnectionString) },
                configDirectory, configDirectory, null, null, parameterProvider, credential)
            .Named(database.Name);

    // The file's Provider is the fallback for entries that do not say theirs: a fleet may mix
    // engines, so a connection string that names its own engine keeps it.
    private static ProviderKind? FileProviderFor(MigrationSettings settings, string connectionString) =>
        ConnectionUrl.IsUrl(connectionString) || ProviderRegistry.Infer(connectionString) is not null ? null : settings.Provider;
}
