namespace PSMigrate.Engine.Sql;

/// <summary>Where the engine keeps the current heads and the log of every step.</summary>
internal sealed record VersionTables(string VersionTable, string HistoryTable, string? Schema)
{
    public const string DefaultVersionTable = "psmigrate_version";
    public const string DefaultHistoryTable = "psmigrate_history";

    public static VersionTables Default { get; } = new(DefaultVersionTable, DefaultHistoryTable, null);
}
