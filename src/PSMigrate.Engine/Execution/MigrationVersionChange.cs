namespace PSMigrate;

/// <summary>What Set-MigrationVersion changed in the version table.</summary>
public sealed record MigrationVersionChange(string[] HeadsBefore, string[] HeadsAfter);
