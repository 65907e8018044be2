using PSMigrate.Engine.Providers;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Configuration;

/// <summary>The database a run works on: provider, full connection string, engine tables and settings.</summary>
public sealed class DatabaseTarget
{
    internal DatabaseTarget(IMigrationProvider provider, string connectionString, ConnectionSource source, MigrationSettings settings)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Source = source;
        Settings = settings;
        Name = source == ConnectionSource.None ? "(offline script)" : provider.DisplayName(connectionString);
    }

    public ProviderKind Kind => Provider.Kind;

    public ConnectionSource Source { get; }

    /// <summary>
    /// What the database is called in every object and message: the name given (a Databases
    /// entry, an inventory's Name column), else a short form of the connection string without secrets.
    /// </summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The connection string with secrets hidden, for any message.</summary>
    public string Display => Source == ConnectionSource.None ? "(no connection: offline script)" : Provider.Redact(ConnectionString);

    internal IMigrationProvider Provider { get; }

    /// <summary>The configured dev database for scratch work (DevConnectionString), if any.</summary>
    public string? DevConnectionString => Settings.DevConnectionString;

    internal string ConnectionString { get; }

    internal MigrationSettings Settings { get; }

    internal VersionTables Tables => Settings.Tables;

    internal int CommandTimeout => Settings.CommandTimeout;

    /// <summary>The same database under the name its owner gave it.</summary>
    public DatabaseTarget Named(string? name) =>
        string.IsNullOrWhiteSpace(name) ? this : new DatabaseTarget(Provider, ConnectionString, Source, Settings) { Name = name.Trim() };

    public override string ToString() => $"{Provider.Kind} {Display}";
}
