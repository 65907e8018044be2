using PSMigrate.Commands;

namespace PSMigrate;

/// <summary>What Initialize-Migration created.</summary>
public sealed record MigrationFolder(string Path, string ConfigPath, string VersionsPath, DatabaseProvider Provider);
