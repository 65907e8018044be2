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
    }

    public ProviderKind Kind => Provider.Kind;

    public ConnectionSource Source { get; }

    /// <summary>The connection string with secrets hidden, for any message.</summary>
    public string Display => Source == ConnectionSource.None ? "(no connection: offline script)" : Provider.Redact(ConnectionString);

    internal IMigrationProvider Provider { get; }

    internal string ConnectionString { get; }

    internal MigrationSettings Settings { get; }

    internal VersionTables Tables => Settings.Tables;

    internal int CommandTimeout => Settings.CommandTimeout;

    public override string ToString() => $"{Provider.Kind} {Display}";
}
