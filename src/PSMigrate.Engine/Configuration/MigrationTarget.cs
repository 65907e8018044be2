using PSMigrate.Engine.Providers;

namespace PSMigrate.Engine.Configuration;

/// <summary>The database a run works on: provider, full connection string and engine tables.</summary>
public sealed record MigrationTarget(
    IMigrationProvider Provider,
    string ConnectionString,
    ConnectionSource Source,
    VersionTables Tables,
    int CommandTimeout)
{
    /// <summary>The connection string with secrets hidden, for any message.</summary>
    public string Display => Provider.Redact(ConnectionString);

    public override string ToString() => $"{Provider.Kind} {Display}";
}
